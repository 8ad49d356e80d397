package selftest

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/chatconform/chatconform/emulator"
)

const gsvc = "group_open_http_svc/"

// groupsOn is the label filter of a group deviant: the checks of the
// endpoints given (paths after group_open_http_svc/), rate checks left
// out, so a deviant runs only what it can break.
func groupsOn(cmds ...string) string {
	parts := make([]string, len(cmds))
	for i, c := range cmds {
		parts[i] = "group_open_http_svc." + c
	}
	return withoutRate + " && (" + strings.Join(parts, " || ") + ")"
}

// groupDeviant is a deviant of the groups suite, without rate limits (a
// narrow label filter keeps the limited calls few, but the deviant's own
// calls must not be throttled).
func groupDeviant(name, breaks string, kills []string, labels string, mw func() middleware) Variant {
	return Variant{Name: name, Breaks: breaks, Kills: kills, Labels: labels, Suite: "groups",
		Options: func(o *emulator.Options) { o.NoLimits = true }, Middleware: mw}
}

func gids(prefix string, nums ...string) []string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = "GROUPS-" + prefix + "-" + n
	}
	return out
}

// sub sends a call of the deviant's own to the emulator, with the
// credentials of the call it rides on, and returns the decoded answer.
func sub(next func(*call) answer, c *call, cmd string, body map[string]any) map[string]any {
	a := next(&call{Method: "POST", Endpoint: gsvc + cmd, Query: c.Query, Header: c.Header, Body: encode(body)})
	return envelope(a.Body)
}

// groupOf returns the GroupId of a request and the group's type, "" when
// it has none.
func groupOf(next func(*call) answer, c *call) (string, string) {
	m, ok := requestFields(c.Body)
	id, _ := m["GroupId"].(string)
	if !ok || id == "" {
		return "", ""
	}
	info := sub(next, c, "get_group_info", map[string]any{"GroupIdList": []string{id}})
	list, _ := info["GroupInfo"].([]any)
	if len(list) != 1 {
		return id, ""
	}
	typ, _ := list[0].(map[string]any)["Type"].(string)
	return id, typ
}

// ownerOf returns the group's owner and another member, by the emulator.
func ownerOf(next func(*call) answer, c *call, id string) (owner, other string) {
	info := sub(next, c, "get_group_member_info", map[string]any{"GroupId": id})
	list, _ := info["MemberList"].([]any)
	for _, it := range list {
		m, _ := it.(map[string]any)
		acc, _ := m["Member_Account"].(string)
		if m["Role"] == "Owner" {
			owner = acc
		} else if other == "" {
			other = acc
		}
	}
	return owner, other
}

// dropFields forwards calls of cmd without the request fields named.
func dropFields(cmd string, names ...string) func() middleware {
	return func() middleware {
		return only(gsvc+cmd, func(c *call, next func(*call) answer) answer {
			if m, ok := requestFields(c.Body); ok {
				for _, n := range names {
					delete(m, n)
				}
				c.Body = encode(m)
			}
			return next(c)
		})
	}
}

// noop answers calls of cmd OK without doing anything.
func noop(cmd string) func() middleware {
	return func() middleware {
		return only(gsvc+cmd, func(c *call, next func(*call) answer) answer {
			if _, ok := requestFields(c.Body); ok {
				return okAnswer()
			}
			return next(c)
		})
	}
}

// avRefused are the member calls an AVChatRoom refuses.
var avRefused = map[string]bool{
	gsvc + "add_group_member": true, gsvc + "delete_group_member": true, gsvc + "get_group_member_info": true,
	gsvc + "modify_group_member_info": true, gsvc + "get_role_in_group": true, gsvc + "change_group_owner": true,
	gsvc + "import_group_member": true,
}

// GroupDeviants break the rules of the groups suite's checks; they run the
// groups suite.
var GroupDeviants = []Variant{
	// Group types.
	groupDeviant("group-types-reported-public", "get_group_info reports every group as Public, whatever its type",
		gids("TYPE", "001"), groupsOn("get_group_info"),
		func() middleware {
			return only(gsvc+"get_group_info", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["GroupInfo"].([]any)
				for _, it := range list {
					if g, ok := it.(map[string]any); ok && g["Type"] != nil {
						g["Type"] = "Public"
					}
				}
			}))
		}),
	groupDeviant("avchatroom-accepts-member-calls", "an AVChatRoom answers OK to the member calls it must refuse, doing nothing",
		gids("TYPE", "002", "005", "006", "007"), groupsOn("add_group_member", "delete_group_member", "change_group_owner", "get_group_member_info"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if !avRefused[c.Endpoint] {
					return next(c)
				}
				if _, typ := groupOf(next, c); typ == "AVChatRoom" {
					return okAnswer()
				}
				return next(c)
			}
		}),
	groupDeviant("avchatroom-created-anyway", "create_group of an AVChatRoom with a MemberList, and import_group of one, make a group instead of refusing",
		gids("TYPE", "003", "008"), groupsOn("create_group", "import_group"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["Type"] != "AVChatRoom" {
					return next(c)
				}
				switch c.Endpoint {
				case gsvc + "create_group":
					delete(m, "MemberList")
				case gsvc + "import_group":
					m["Type"] = "ChatRoom"
				default:
					return next(c)
				}
				c.Body = encode(m)
				return next(c)
			}
		}),
	groupDeviant("work-group-mutes", "forbid_send_msg on a Private (Work) group answers OK",
		gids("TYPE", "004"), groupsOn("forbid_send_msg"),
		func() middleware {
			return only(gsvc+"forbid_send_msg", func(c *call, next func(*call) answer) answer {
				if _, typ := groupOf(next, c); typ == "Private" {
					return okAnswer()
				}
				return next(c)
			})
		}),

	// Groups, their profile and lists.
	groupDeviant("create-profile-dropped", "create_group ignores Introduction, Notification and FaceUrl",
		gids("INFO", "001"), groupsOn("create_group"), dropFields("create_group", "Introduction", "Notification", "FaceUrl")),
	groupDeviant("group-ids-without-tgs", "generated group IDs do not start with @TGS#",
		gids("INFO", "002"), groupsOn("create_group"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				c.Body = bytes.ReplaceAll(c.Body, []byte("grp~"), []byte("@TGS#"))
				a := next(c)
				a.Body = bytes.ReplaceAll(a.Body, []byte("@TGS#"), []byte("grp~"))
				return a
			}
		}),
	groupDeviant("custom-id-taken-over", "create_group with a GroupId in use disbands the old group and creates the new one",
		gids("INFO", "003"), groupsOn("create_group"),
		func() middleware {
			return only(gsvc+"create_group", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["GroupId"] != nil {
					sub(next, c, "destroy_group", map[string]any{"GroupId": m["GroupId"]})
				}
				return next(c)
			})
		}),
	groupDeviant("info-filter-ignored", "get_group_info ignores ResponseFilter and returns every field",
		gids("INFO", "004", "005"), groupsOn("get_group_info"), dropFields("get_group_info", "ResponseFilter")),
	groupDeviant("modify-info-ignored", "modify_group_base_info answers OK and changes nothing",
		gids("INFO", "006"), groupsOn("modify_group_base_info"), noop("modify_group_base_info")),
	groupDeviant("destroy-keeps-group", "destroy_group answers OK and the group lives on",
		gids("INFO", "007"), groupsOn("destroy_group"), noop("destroy_group")),
	groupDeviant("app-list-next-ignored", "get_appid_group_list ignores Next and always answers the first page",
		gids("INFO", "008"), groupsOn("get_appid_group_list"), dropFields("get_appid_group_list", "Next")),
	groupDeviant("app-list-type-ignored", "get_appid_group_list ignores GroupType",
		gids("INFO", "009"), groupsOn("get_appid_group_list"), dropFields("get_appid_group_list", "GroupType")),
	groupDeviant("joined-list-offset-ignored", "get_joined_group_list ignores Offset",
		gids("INFO", "010"), groupsOn("get_joined_group_list"), dropFields("get_joined_group_list", "Offset")),
	groupDeviant("joined-self-role-member", "get_joined_group_list reports every SelfInfo Role as Member",
		gids("INFO", "011"), groupsOn("get_joined_group_list"),
		func() middleware {
			return only(gsvc+"get_joined_group_list", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["GroupIdList"].([]any)
				for _, it := range list {
					g, _ := it.(map[string]any)
					if self, ok := g["SelfInfo"].(map[string]any); ok && self["Role"] != nil {
						self["Role"] = "Member"
					}
				}
			}))
		}),
	groupDeviant("import-createtime-ignored", "import_group ignores CreateTime: the group is created now",
		concat(gids("INFO", "012"), gids("MEMBER", "017")), groupsOn("import_group", "import_group_member"), dropFields("import_group", "CreateTime")),
	groupDeviant("joined-no-active-flag-ignored", "get_joined_group_list ignores WithNoActiveGroups",
		gids("INFO", "013"), groupsOn("get_joined_group_list"), dropFields("get_joined_group_list", "WithNoActiveGroups")),

	// Members, roles and mutes.
	groupDeviant("add-results-all-added", "add_group_member reports Result 1 for every account, members and unknown ones alike",
		gids("MEMBER", "001", "002"), groupsOn("add_group_member"),
		func() middleware {
			return only(gsvc+"add_group_member", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["MemberList"].([]any)
				for _, it := range list {
					if r, ok := it.(map[string]any); ok {
						r["Result"] = 1
					}
				}
			}))
		}),
	groupDeviant("delete-member-noop", "delete_group_member answers OK and removes nobody",
		concat(gids("MEMBER", "003"), gids("INFO", "010"), gids("TYPE", "005")), groupsOn("delete_group_member", "get_joined_group_list"), noop("delete_group_member")),
	groupDeviant("owner-removable", "delete_group_member removes the owner (handing the group to another member first)",
		gids("MEMBER", "004"), groupsOn("delete_group_member"),
		func() middleware {
			return only(gsvc+"delete_group_member", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				id, _ := m["GroupId"].(string)
				if !ok || id == "" {
					return next(c)
				}
				owner, other := ownerOf(next, c, id)
				list, _ := m["MemberToDel_Account"].([]any)
				for _, x := range list {
					if x == owner && owner != "" && other != "" {
						sub(next, c, "change_group_owner", map[string]any{"GroupId": id, "NewOwner_Account": other})
					}
				}
				return next(c)
			})
		}),
	groupDeviant("owner-role-changeable", "modify_group_member_info changes the owner's role (handing the group to another member first)",
		gids("MEMBER", "008"), groupsOn("modify_group_member_info"),
		func() middleware {
			return only(gsvc+"modify_group_member_info", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				id, _ := m["GroupId"].(string)
				if !ok || id == "" || m["Role"] == nil {
					return next(c)
				}
				if owner, other := ownerOf(next, c, id); owner != "" && owner == m["Member_Account"] && other != "" {
					sub(next, c, "change_group_owner", map[string]any{"GroupId": id, "NewOwner_Account": other})
				}
				return next(c)
			})
		}),
	groupDeviant("member-offset-ignored", "get_group_member_info ignores Offset",
		gids("MEMBER", "005"), groupsOn("get_group_member_info"), dropFields("get_group_member_info", "Offset")),
	groupDeviant("member-role-filter-ignored", "get_group_member_info ignores MemberRoleFilter",
		gids("MEMBER", "006"), groupsOn("get_group_member_info"), dropFields("get_group_member_info", "MemberRoleFilter")),
	groupDeviant("member-role-change-ignored", "modify_group_member_info ignores Role",
		gids("MEMBER", "007"), groupsOn("modify_group_member_info"), dropFields("modify_group_member_info", "Role")),
	groupDeviant("member-profile-ignored", "modify_group_member_info ignores NameCard and MsgFlag",
		gids("MEMBER", "009"), groupsOn("modify_group_member_info"), dropFields("modify_group_member_info", "NameCard", "MsgFlag")),
	groupDeviant("mutes-never-end", "every mute is permanent, whatever MuteTime says",
		gids("MEMBER", "010", "011", "012"), groupsOn("forbid_send_msg", "modify_group_member_info"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != gsvc+"forbid_send_msg" && c.Endpoint != gsvc+"modify_group_member_info" {
					return next(c)
				}
				if m, ok := requestFields(c.Body); ok {
					if t, _ := m["MuteTime"].(float64); t > 0 {
						m["MuteTime"] = 4294967295
						c.Body = encode(m)
					}
				}
				return next(c)
			}
		}),
	groupDeviant("rejoin-unmutes", "an account added to a group is unmuted",
		gids("MEMBER", "013"), groupsOn("forbid_send_msg"),
		func() middleware {
			return only(gsvc+"add_group_member", func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				list, _ := m["MemberList"].([]any)
				var accs []any
				for _, it := range list {
					if item, ok := it.(map[string]any); ok {
						accs = append(accs, item["Member_Account"])
					}
				}
				if ok && code(a) == 0 && len(accs) > 0 {
					sub(next, c, "forbid_send_msg", map[string]any{"GroupId": m["GroupId"], "Members_Account": accs, "MuteTime": 0})
				}
				return a
			})
		}),
	groupDeviant("roles-owner-as-admin", "get_role_in_group reports the owner as Admin",
		gids("MEMBER", "014"), groupsOn("get_role_in_group"),
		func() middleware {
			return only(gsvc+"get_role_in_group", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["UserIdList"].([]any)
				for _, it := range list {
					if r, ok := it.(map[string]any); ok && r["Role"] == "Owner" {
						r["Role"] = "Admin"
					}
				}
			}))
		}),
	groupDeviant("owner-change-ignored", "change_group_owner answers OK and the owner stays",
		gids("MEMBER", "015"), groupsOn("change_group_owner"), noop("change_group_owner")),
	groupDeviant("owner-change-to-outsider", "change_group_owner to a non-member adds it and hands it the group",
		gids("MEMBER", "016"), groupsOn("change_group_owner"),
		func() middleware {
			return only(gsvc+"change_group_owner", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["NewOwner_Account"] != nil {
					sub(next, c, "add_group_member", map[string]any{"GroupId": m["GroupId"], "MemberList": []any{map[string]any{"Member_Account": m["NewOwner_Account"]}}})
				}
				return next(c)
			})
		}),
	groupDeviant("import-member-role-dropped", "import_group_member ignores Role: every member is imported as Member",
		gids("MEMBER", "017"), groupsOn("import_group_member"),
		func() middleware {
			return only(gsvc+"import_group_member", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					list, _ := m["MemberList"].([]any)
					for _, it := range list {
						if item, ok := it.(map[string]any); ok {
							delete(item, "Role")
						}
					}
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	groupDeviant("group-never-full", "add_group_member raises the group's member limit to fit whoever is added",
		gids("MEMBER", "018"), groupsOn("add_group_member"),
		func() middleware {
			return only(gsvc+"add_group_member", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["GroupId"] != nil {
					sub(next, c, "modify_group_base_info", map[string]any{"GroupId": m["GroupId"], "MaxMemberNum": 2000})
				}
				return next(c)
			})
		}),

	// Group messages.
	groupDeviant("group-seq-repeats", "send_group_msg answers the same MsgSeq for every message",
		gids("MSG", "001", "002"), groupsOn("send_group_msg"),
		func() middleware {
			return only(gsvc+"send_group_msg", editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					m["MsgSeq"] = 1
				}
			}))
		}),
	groupDeviant("history-reqmsgseq-ignored", "group_msg_get_simple ignores ReqMsgSeq and always answers the newest messages",
		gids("MSG", "003"), groupsOn("group_msg_get_simple"), dropFields("group_msg_get_simple", "ReqMsgSeq")),
	groupDeviant("history-sender-admin", "group_msg_get_simple names the App admin as every message's sender",
		gids("MSG", "004"), groupsOn("group_msg_get_simple"),
		func() middleware {
			return only(gsvc+"group_msg_get_simple", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["RspMsgList"].([]any)
				for _, it := range list {
					if msg, ok := it.(map[string]any); ok {
						msg["From_Account"] = c.Query.Get("identifier")
					}
				}
			}))
		}),
	groupDeviant("muted-members-speak", "a message refused because its sender is muted goes out anyway, from the App admin",
		gids("MSG", "005", "006"), groupsOn("send_group_msg"),
		func() middleware {
			return only(gsvc+"send_group_msg", func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 10017 {
					delete(m, "From_Account")
					c.Body = encode(m)
					return next(c)
				}
				return a
			})
		}),
	groupDeviant("recall-leaves-message", "group_msg_recall answers RetCode 0 for every MsgSeq and the messages stay readable",
		gids("MSG", "007", "008"), groupsOn("group_msg_recall"),
		func() middleware {
			return only(gsvc+"group_msg_recall", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				list, _ := m["MsgSeqList"].([]any)
				if !ok || len(list) == 0 {
					return next(c)
				}
				var rets []any
				for _, it := range list {
					if item, ok := it.(map[string]any); ok {
						rets = append(rets, map[string]any{"MsgSeq": item["MsgSeq"], "RetCode": 0})
					}
				}
				a := okAnswer()
				a.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "RecallRetList": rets})
				return a
			})
		}),
	groupDeviant("unread-ignored", "set_unread_msg_num answers OK and changes nothing",
		gids("MSG", "009"), groupsOn("set_unread_msg_num"), noop("set_unread_msg_num")),
	groupDeviant("chatroom-unread-refused", "set_unread_msg_num on a ChatRoom answers 10007 instead of OK",
		gids("MSG", "010"), groupsOn("set_unread_msg_num"),
		func() middleware {
			return only(gsvc+"set_unread_msg_num", func(c *call, next func(*call) answer) answer {
				if _, typ := groupOf(next, c); typ == "ChatRoom" {
					return failWith(10007, "no unread counts in a ChatRoom")
				}
				return next(c)
			})
		}),
	groupDeviant("import-msg-sendtime-ignored", "import_group_msg ignores SendTime: every message is imported as sent a second ago",
		gids("MSG", "011"), groupsOn("import_group_msg"),
		func() middleware {
			return only(gsvc+"import_group_msg", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					list, _ := m["MsgList"].([]any)
					for _, it := range list {
						if item, ok := it.(map[string]any); ok {
							item["SendTime"] = time.Now().Unix() - 1
						}
					}
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	groupDeviant("import-msg-late-accepted", "import_group_msg reports Result 0 for a message it refused as older than the group's newest",
		gids("MSG", "012"), groupsOn("import_group_msg"),
		func() middleware {
			return only(gsvc+"import_group_msg", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["ImportMsgResult"].([]any)
				for _, it := range list {
					if r, ok := it.(map[string]any); ok {
						r["Result"] = 0
					}
				}
			}))
		}),
	groupDeviant("online-only-stored", "send_group_msg ignores OnlineOnlyFlag and keeps the message in the history",
		gids("MSG", "013"), groupsOn("send_group_msg"), dropFields("send_group_msg", "OnlineOnlyFlag")),
	groupDeviant("avchatroom-keeps-history", "an AVChatRoom answers OK to group_msg_get_simple and import_group_msg",
		gids("TYPE", "009"), groupsOn("group_msg_get_simple"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != gsvc+"group_msg_get_simple" && c.Endpoint != gsvc+"import_group_msg" {
					return next(c)
				}
				if _, typ := groupOf(next, c); typ == "AVChatRoom" {
					return okAnswer()
				}
				return next(c)
			}
		}),
	groupDeviant("avchatroom-notifies-members", "send_group_system_notification on an AVChatRoom ignores ToMembers_Account instead of refusing it",
		gids("TYPE", "010"), groupsOn("send_group_system_notification"),
		func() middleware {
			return only(gsvc+"send_group_system_notification", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if _, typ := groupOf(next, c); typ == "AVChatRoom" {
						delete(m, "ToMembers_Account")
						c.Body = encode(m)
					}
				}
				return next(c)
			})
		}),

	// Read receipts.
	groupDeviant("receipts-never-count", "get_group_msg_receipt never counts a read: every recipient stays unread",
		gids("RECEIPT", "002"), groupsOn("get_group_msg_receipt"),
		editReceipts(func(r map[string]any) {
			read, _ := r["ReadNum"].(json.Number).Int64()
			unread, _ := r["UnreadNum"].(json.Number).Int64()
			r["ReadNum"], r["UnreadNum"] = 0, read+unread
		})),
	groupDeviant("receipt-unread-zero", "get_group_msg_receipt reports UnreadNum 0 for every message",
		gids("RECEIPT", "001"), groupsOn("get_group_msg_receipt"),
		editReceipts(func(r map[string]any) { r["UnreadNum"] = 0 })),
	groupDeviant("receipt-limit-ignored", "messages without a receipt (sent without NeedReadReceipt, or in a group of over 200) report one",
		gids("RECEIPT", "003", "005"), groupsOn("get_group_msg_receipt", "get_group_msg_receipt_detail"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				switch c.Endpoint {
				case gsvc + "get_group_msg_receipt":
					return editReceipts(func(r map[string]any) {
						if n, _ := r["Code"].(json.Number).Int64(); n == 10062 {
							r["Code"] = 0
						}
					})()(c, next)
				case gsvc + "get_group_msg_receipt_detail":
					if a := next(c); code(a) != 10062 {
						return a
					}
					a := okAnswer()
					a.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "IsFinished": 1, "IsFinish": 1, "Cursor": "0", "UnreadList": []any{}})
					return a
				}
				return next(c)
			}
		}),
	groupDeviant("receipt-detail-cursor-ignored", "get_group_msg_receipt_detail ignores Cursor and always answers the first page",
		gids("RECEIPT", "004"), groupsOn("get_group_msg_receipt_detail"),
		func() middleware {
			return only(gsvc+"get_group_msg_receipt_detail", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["Cursor"] != nil {
					m["Cursor"] = ""
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	groupDeviant("receipts-on-avchatroom", "AVChatRoom and Community groups answer OK to the read-receipt pulls",
		gids("RECEIPT", "006"), groupsOn("get_group_msg_receipt"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != gsvc+"get_group_msg_receipt" && c.Endpoint != gsvc+"get_group_msg_receipt_detail" {
					return next(c)
				}
				if _, typ := groupOf(next, c); typ == "AVChatRoom" || typ == "Community" {
					return okAnswer()
				}
				return next(c)
			}
		}),
	// Group callbacks.
	{Name: "group-callbacks-never-sent", Breaks: "no group callback is ever sent", Suite: "groups", Labels: hooksOn("destroy_group", "change_group_owner"),
		Kills:   gids("HOOK", "009", "012"),
		Options: func(o *emulator.Options) { o.CallbackURL, o.NoLimits = "", true }},
	hookDeviant("group-after-callbacks-twice", groupHooks, "every group after-callback is sent twice",
		gids("HOOK", "001", "003", "004", "005", "009", "010", "011", "012"),
		func(h *hook, forward func(*hook) []byte) []byte {
			out := forward(h)
			if strings.HasPrefix(h.Command, "Group.") && afterCallback(h.Command) {
				forward(h)
			}
			return out
		}),
	// A second copy of the first of two awaited callbacks, sent after the
	// second has arrived: the checks that await both share one window,
	// which must still catch it.
	hookDeviant("group-before-send-again-late", groupHooks, "Group.CallbackBeforeSendMsg is sent a second time, 300 ms after the first",
		gids("HOOK", "005"),
		func(h *hook, forward func(*hook) []byte) []byte {
			if h.Command == "Group.CallbackBeforeSendMsg" {
				again := *h
				time.AfterFunc(300*time.Millisecond, func() { forward(&again) })
			}
			return forward(h)
		}),
	hookDeviant("group-before-refusal-ignored", groupHooks, "the group before-callbacks are sent but their answers ignored: everything goes ahead as sent",
		gids("HOOK", "002", "006", "007", "008"),
		func(h *hook, forward func(*hook) []byte) []byte {
			out := forward(h)
			if strings.HasPrefix(h.Command, "Group.CallbackBefore") {
				return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
			}
			return out
		}),
	hookDeviant("group-create-members-left-out", hooksOn("create_group"), "CallbackAfterCreateGroup carries an empty MemberList",
		gids("HOOK", "001"), editHook("Group.CallbackAfterCreateGroup", func(m map[string]any) { m["MemberList"] = []any{} })),
	hookDeviant("group-join-type-apply", hooksOn("add_group_member"), "CallbackAfterNewMemberJoin says JoinType Apply for members add_group_member invited",
		gids("HOOK", "003"), editHook("Group.CallbackAfterNewMemberJoin", func(m map[string]any) { m["JoinType"] = "Apply" })),
	hookDeviant("group-exit-type-quit", hooksOn("delete_group_member"), "CallbackAfterMemberExit says ExitType Quit for members delete_group_member removed",
		gids("HOOK", "004"), editHook("Group.CallbackAfterMemberExit", func(m map[string]any) { m["ExitType"] = "Quit" })),
	hookDeviant("group-send-seq-off-by-one", hooksOn("send_group_msg"), "CallbackAfterSendMsg carries a MsgSeq one above the message's",
		gids("HOOK", "005"), editHook("Group.CallbackAfterSendMsg", func(m map[string]any) {
			n, _ := m["MsgSeq"].(json.Number).Int64()
			m["MsgSeq"] = n + 1
		})),
	hookDeviant("group-destroyed-owner-wrong", hooksOn("destroy_group"), "CallbackAfterGroupDestroyed names the App admin as the owner",
		gids("HOOK", "009"), editHook("Group.CallbackAfterGroupDestroyed", func(m map[string]any) { m["Owner_Account"] = emulator.TestAdmin })),
	hookDeviant("group-info-name-left-out", hooksOn("modify_group_base_info"), "CallbackAfterGroupInfoChanged leaves out the changed Name",
		gids("HOOK", "010"), editHook("Group.CallbackAfterGroupInfoChanged", func(m map[string]any) { delete(m, "Name") })),
	hookDeviant("group-recall-seq-wrong", hooksOn("group_msg_recall"), "CallbackAfterRecallMsg lists MsgSeqs one above the recalled ones",
		gids("HOOK", "011"), editHook("Group.CallbackAfterRecallMsg", func(m map[string]any) {
			list, _ := m["MsgSeqList"].([]any)
			for _, it := range list {
				if item, ok := it.(map[string]any); ok {
					n, _ := item["MsgSeq"].(json.Number).Int64()
					item["MsgSeq"] = n + 1
				}
			}
		})),
	hookDeviant("group-owners-swapped", hooksOn("change_group_owner"), "CallbackAfterChangeGroupOwner swaps the old and the new owner",
		gids("HOOK", "012"), editHook("Group.CallbackAfterChangeGroupOwner", func(m map[string]any) {
			m["OldOwner_Account"], m["NewOwner_Account"] = m["NewOwner_Account"], m["OldOwner_Account"]
		})),
	{Name: "imports-fire-callbacks", Breaks: "import_group and import_group_member act as create_group and add_group_member, callbacks and all",
		Kills: gids("HOOK", "013"), Suite: "groups", Labels: hooksOn("import_group"),
		Options: func(o *emulator.Options) { o.NoLimits = true },
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				switch c.Endpoint {
				case gsvc + "import_group":
					delete(m, "CreateTime")
					c.Endpoint = gsvc + "create_group"
				case gsvc + "import_group_member":
					list, _ := m["MemberList"].([]any)
					for _, it := range list {
						if item, ok := it.(map[string]any); ok {
							delete(item, "JoinTime")
							delete(item, "UnreadMsgNum")
							delete(item, "Role")
						}
					}
					c.Endpoint = gsvc + "add_group_member"
				default:
					return next(c)
				}
				c.Body = encode(m)
				return next(c)
			}
		}},
	{Name: "forbid-callback-control-ignored", Breaks: "send_group_msg ignores ForbidCallbackControl: the send callbacks go out anyway",
		Kills: gids("HOOK", "014"), Suite: "groups", Labels: hooksOn("send_group_msg"),
		Options:    func(o *emulator.Options) { o.NoLimits = true },
		Middleware: dropFields("send_group_msg", "ForbidCallbackControl")},
}

// editReceipts rewrites each item of get_group_msg_receipt's answer with f.
func editReceipts(f func(item map[string]any)) func() middleware {
	return func() middleware {
		return only(gsvc+"get_group_msg_receipt", editAnswer(func(c *call, m map[string]any, a *answer) {
			list, _ := m["GroupMsgReceiptList"].([]any)
			for _, it := range list {
				if r, ok := it.(map[string]any); ok {
					f(r)
				}
			}
		}))
	}
}

// groupHooks runs the webhook checks of the groups suite.
const groupHooks = withoutRate + " && webhook"

// hooksOn runs the webhook checks of the endpoints given.
func hooksOn(cmds ...string) string { return groupsOn(cmds...) + " && webhook" }

// hookDeviant is a deviant of how the group callbacks are sent: it sits
// between the emulator and the suite's receiver.
func hookDeviant(name, labels, breaks string, kills []string, hw hookware) Variant {
	return Variant{Name: name, Breaks: breaks, Kills: kills, Labels: labels, Suite: "groups",
		Options: func(o *emulator.Options) { o.NoLimits = true }, Callbacks: func() hookware { return hw }}
}

// editHook rewrites the body of every callback of cmd with f.
func editHook(cmd string, f func(m map[string]any)) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		if m := hookBody(h); m != nil && h.Command == cmd {
			f(m)
			h.Body = encode(m)
		}
		return forward(h)
	}
}
