package selftest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Paths of the group message change calls.
const (
	gmsgModify  = "openim/modify_group_msg"
	gmsgDelete  = gsvc + "delete_group_msg_by_sender"
	gmsgSetKV   = "openim_msg_ext_http_svc/group_set_key_values"
	gmsgGetKV   = "openim_msg_ext_http_svc/group_get_key_values"
	gmsgHistory = gsvc + "group_msg_get_simple"
)

// gmsgOn is the label filter of a deviant of these calls: the checks of the
// endpoints given (full paths), rate checks left out.
func gmsgOn(paths ...string) string {
	parts := make([]string, len(paths))
	for i, p := range paths {
		parts[i] = strings.Replace(p, "/", ".", 1)
	}
	return withoutRate + " && family:group-messages && (" + strings.Join(parts, " || ") + ")"
}

// gmsgHooksOn runs the webhook checks of the callback given.
func gmsgHooksOn(cmd string) string { return withoutRate + " && webhook:" + cmd }

// gmsgKey names a message: its GroupId and MsgSeq.
func gmsgKey(group any, seq any) string { return fmt.Sprint(group) + "\x00" + fmt.Sprint(seq) }

// gmsgEditHistory rewrites each item of group_msg_get_simple's answers with
// f, which gets the request's GroupId.
func gmsgEditHistory(f func(group string, item map[string]any)) middleware {
	return only(gmsgHistory, editAnswer(func(c *call, m map[string]any, a *answer) {
		req, _ := requestFields(c.Body)
		group, _ := req["GroupId"].(string)
		list, _ := m["RspMsgList"].([]any)
		for _, it := range list {
			if item, ok := it.(map[string]any); ok {
				f(group, item)
			}
		}
	}))
}

// gmsgEditKV rewrites every answer of path that carries an ExtensionList,
// item by item.
func gmsgEditKV(path string, f func(m map[string]any, item map[string]any)) func() middleware {
	return func() middleware {
		return only(path, editAnswer(func(c *call, m map[string]any, a *answer) {
			list, _ := m["ExtensionList"].([]any)
			for _, it := range list {
				if item, ok := it.(map[string]any); ok {
					f(m, item)
				}
			}
		}))
	}
}

// gmsgTrim forwards group_set_key_values with each Key and Value cut to
// the limits and the ExtensionList cut to 20 items, as trim asks.
func gmsgTrim(list, strs bool) func() middleware {
	return func() middleware {
		return only(gmsgSetKV, func(c *call, next func(*call) answer) answer {
			m, ok := requestFields(c.Body)
			items, _ := m["ExtensionList"].([]any)
			if !ok || items == nil {
				return next(c)
			}
			if list && len(items) > 20 {
				items = items[:20]
			}
			for _, it := range items {
				item, _ := it.(map[string]any)
				if k, _ := item["Key"].(string); strs && len(k) > 100 {
					item["Key"] = k[:100]
				}
				if v, _ := item["Value"].(string); strs && len(v) > 1000 {
					item["Value"] = v[:1000]
				}
			}
			m["ExtensionList"] = items
			c.Body = encode(m)
			return next(c)
		})
	}
}

// GroupMsgDeviants break the group message modification, deletion and extension rules.
var GroupMsgDeviants = []Variant{
	// Modification.
	groupDeviant("gmsg-modify-noop", "modify_group_msg answers OK and changes nothing",
		gids("MSGMOD", "001", "002"), gmsgOn(gmsgModify), noopPath(gmsgModify)),
	groupDeviant("gmsg-modify-new-random", "a modified group message is listed with another MsgRandom",
		gids("MSGMOD", "003"), gmsgOn(gmsgModify), func() middleware {
			var mu sync.Mutex
			modified := map[string]bool{}
			history := gmsgEditHistory(func(group string, item map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				if modified[gmsgKey(group, item["MsgSeq"])] {
					item["MsgRandom"] = 1
				}
			})
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != gmsgModify {
					return history(c, next)
				}
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 0 {
					mu.Lock()
					modified[gmsgKey(m["GroupId"], m["MsgSeq"])] = true
					mu.Unlock()
				}
				return a
			}
		}),
	groupDeviant("gmsg-modify-refusals-ok", "modify_group_msg answers OK where it refuses (no such MsgSeq, an AVChatRoom)",
		gids("MSGMOD", "004", "006"), gmsgOn(gmsgModify), func() middleware {
			return only(gmsgModify, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 20001 {
					return a
				}
				return okAnswer()
			})
		}),
	groupDeviant("gmsg-modify-refusals-parse-code", "modify_group_msg refuses a well-formed body that names no message it may change with 90001, the JSON parse failure, instead of 20001",
		gids("MSGMOD", "004", "005", "006"), gmsgOn(gmsgModify), func() middleware { return only(gmsgModify, recode(90001, 20001)) }),
	groupDeviant("gmsg-modify-unrecalls", "modifying a recalled group message brings it back in the history with the new body",
		gids("MSGMOD", "005"), gmsgOn(gmsgModify), func() middleware {
			var mu sync.Mutex
			bodies := map[string]any{}
			history := gmsgEditHistory(func(group string, item map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				if b, ok := bodies[gmsgKey(group, item["MsgSeq"])]; ok && fmt.Sprint(item["IsPlaceMsg"]) != "0" {
					item["IsPlaceMsg"], item["MsgBody"] = 0, b
				}
			})
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != gmsgModify {
					return history(c, next)
				}
				if m, ok := requestFields(c.Body); ok && m["MsgBody"] != nil {
					mu.Lock()
					bodies[gmsgKey(m["GroupId"], m["MsgSeq"])] = m["MsgBody"]
					mu.Unlock()
				}
				return next(c)
			}
		}),

	// Deletion by sender.
	groupDeviant("gmsg-delete-noop", "delete_group_msg_by_sender answers OK and recalls nothing",
		gids("MSGDEL", "001"), gmsgOn(gmsgDelete), noopPath(gmsgDelete)),
	groupDeviant("gmsg-delete-everyone", "delete_group_msg_by_sender recalls every member's messages, not only the sender's",
		gids("MSGDEL", "001"), gmsgOn(gmsgDelete), func() middleware {
			return only(gmsgDelete, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				info := sub(next, c, "get_group_member_info", map[string]any{"GroupId": m["GroupId"]})
				list, _ := info["MemberList"].([]any)
				for _, it := range list {
					mem, _ := it.(map[string]any)
					sub(next, c, "delete_group_msg_by_sender", map[string]any{"GroupId": m["GroupId"], "Sender_Account": mem["Member_Account"]})
				}
				return next(c)
			})
		}),
	groupDeviant("gmsg-delete-silences", "after delete_group_msg_by_sender the sender's new messages are recalled too",
		gids("MSGDEL", "002"), gmsgOn(gmsgDelete), func() middleware {
			var mu sync.Mutex
			silenced := map[string]bool{}
			return func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || c.Endpoint != gmsgDelete && c.Endpoint != gsvc+"send_group_msg" {
					return next(c)
				}
				a := next(c)
				mu.Lock()
				defer mu.Unlock()
				if c.Endpoint == gmsgDelete && code(a) == 0 {
					silenced[gmsgKey(m["GroupId"], m["Sender_Account"])] = true
				} else if code(a) == 0 && silenced[gmsgKey(m["GroupId"], m["From_Account"])] {
					sub(next, c, "group_msg_recall", map[string]any{"GroupId": m["GroupId"], "MsgSeqList": []any{map[string]any{"MsgSeq": envelope(a.Body)["MsgSeq"]}}})
				}
				return a
			}
		}),
	groupDeviant("gmsg-delete-refuses-avchatroom", "delete_group_msg_by_sender refuses an AVChatRoom with 10007",
		gids("MSGDEL", "003"), gmsgOn(gmsgDelete), func() middleware {
			return only(gmsgDelete, func(c *call, next func(*call) answer) answer {
				if _, typ := groupOf(next, c); typ == "AVChatRoom" {
					return failWith(10007, "AVChatRoom groups are not supported")
				}
				return next(c)
			})
		}),
	groupDeviant("gmsg-delete-no-group-10004", "delete_group_msg_by_sender answers 10004 for a group that does not exist",
		gids("MSGDEL", "004"), gmsgOn(gmsgDelete), func() middleware { return only(gmsgDelete, recode(10004, 10010, 10015)) }),

	// Extensions.
	groupDeviant("gmsg-ext-set-reports-wrong-seq", "group_set_key_values reports each pair with a Seq one above the one stored",
		gids("EXT", "001"), gmsgOn(gmsgSetKV), gmsgEditKV(gmsgSetKV, func(m, item map[string]any) {
			if ext, ok := item["Extension"].(map[string]any); ok {
				ext["Seq"] = json.Number(fmt.Sprint(ext["Seq"]) + "1")
			}
		})),
	groupDeviant("gmsg-ext-seq-never-rises", "group_get_key_values reports every pair with Seq 1, whatever its writes",
		gids("EXT", "002"), gmsgOn(gmsgSetKV), gmsgEditKV(gmsgGetKV, func(m, item map[string]any) { item["Seq"] = 1 })),
	groupDeviant("gmsg-ext-admin-seq-checked", "group_set_key_values checks the App admin's Seq and answers 23001 for a stale one",
		gids("EXT", "003"), gmsgOn(gmsgSetKV), func() middleware {
			return only(gmsgSetKV, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["OperateType"] != float64(1) {
					return next(c)
				}
				stored := envelope(next(&call{Method: "POST", Endpoint: gmsgGetKV, Query: c.Query, Header: c.Header,
					Body: encode(map[string]any{"GroupId": m["GroupId"], "MsgSeq": m["MsgSeq"]})}).Body)
				have := map[string]bool{}
				list, _ := stored["ExtensionList"].([]any)
				for _, it := range list {
					p, _ := it.(map[string]any)
					have[fmt.Sprint(p["Key"])] = true
				}
				items, _ := m["ExtensionList"].([]any)
				for _, it := range items {
					item, _ := it.(map[string]any)
					if seq, _ := item["Seq"].(float64); seq == 0 && have[fmt.Sprint(item["Key"])] {
						return answer{Status: 200, Header: okAnswer().Header, Body: encode(map[string]any{
							"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
							"ExtensionList": []any{map[string]any{"ErrorCode": 23001, "Extension": map[string]any{"Key": item["Key"], "Value": "", "Seq": 1}}},
						})}
					}
				}
				return next(c)
			})
		}),
	groupDeviant("gmsg-ext-delete-clears", "group_set_key_values with OperateType 2 clears every pair, not only the listed ones",
		gids("EXT", "004"), gmsgOn(gmsgSetKV), func() middleware {
			return only(gmsgSetKV, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["OperateType"] == float64(2) {
					m["OperateType"] = 3
					delete(m, "ExtensionList")
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	groupDeviant("gmsg-ext-no-clearseq", "group_get_key_values answers ClearSeq 0 after a clear",
		gids("EXT", "005"), gmsgOn(gmsgSetKV), func() middleware {
			return only(gmsgGetKV, editAnswer(func(c *call, m map[string]any, a *answer) {
				if _, ok := m["ClearSeq"]; ok {
					m["ClearSeq"] = 0
				}
			}))
		}),
	groupDeviant("gmsg-ext-unsupported-10004", "group_set_key_values answers 10004 instead of 23002 for a message sent without extension support",
		gids("EXT", "006"), gmsgOn(gmsgSetKV), func() middleware { return only(gmsgSetKV, recode(10004, 23002)) }),
	groupDeviant("gmsg-ext-no-message-23002", "the extension calls answer 23002 instead of 23004 for a MsgSeq that names no message",
		gids("EXT", "007"), gmsgOn(gmsgSetKV), func() middleware { return recode(23002, 23004) }),
	groupDeviant("gmsg-ext-21-pairs-cut", "group_set_key_values stores the first 20 of 21 pairs instead of refusing the call",
		gids("EXT", "008"), gmsgOn(gmsgSetKV), gmsgTrim(true, false)),
	groupDeviant("gmsg-ext-long-strings-cut", "group_set_key_values cuts a Key over 100 bytes and a Value over 1,000 bytes instead of refusing them",
		gids("EXT", "009"), gmsgOn(gmsgSetKV), gmsgTrim(false, true)),

	// Callbacks.
	hookDeviant("gmsg-hook-exception-wrong-code", gmsgHooksOn("Group.CallbackSendMsgException"),
		"CallbackSendMsgException carries ErrorCode 10004 for a muted sender's message", gids("MSGHOOK", "001"),
		editHook("Group.CallbackSendMsgException", func(m map[string]any) { m["ErrorCode"] = 10004 })),
	hookDeviant("gmsg-hook-receipt-all-members", gmsgHooksOn("Group.CallbackAfterReadReceipt"),
		"CallbackAfterReadReceipt counts every recipient as a reader", gids("MSGHOOK", "002"),
		editHook("Group.CallbackAfterReadReceipt", func(m map[string]any) {
			list, _ := m["GroupMsgReceiptList"].([]any)
			for _, it := range list {
				if item, ok := it.(map[string]any); ok {
					item["ReadNum"], item["UnreadNum"] = 2, 0
				}
			}
		})),
}

// noopPath answers calls of path OK without doing anything.
func noopPath(path string) func() middleware {
	return func() middleware {
		return only(path, func(c *call, next func(*call) answer) answer {
			if _, ok := requestFields(c.Body); ok {
				return okAnswer()
			}
			return next(c)
		})
	}
}
