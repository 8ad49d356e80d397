package selftest

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/chatconform/chatconform/emulator"
)

const avsvc = "group_open_avchatroom_http_svc/"

// avOn is the label filter of an AVChatRoom deviant: the checks of the
// endpoints given (full paths), rate checks left out.
func avOn(paths ...string) string {
	parts := make([]string, len(paths))
	for i, p := range paths {
		parts[i] = strings.Replace(p, "/", ".", 1)
	}
	return withoutRate + " && (" + strings.Join(parts, " || ") + ")"
}

func avDeviant(name, breaks string, kills []string, paths []string, mw func() middleware) Variant {
	return groupDeviant(name, breaks, kills, avOn(paths...), mw)
}

// avSticky keeps listing every member get_members ever listed for a group.
func avSticky() middleware {
	var mu sync.Mutex
	seen := map[string]map[string]any{}
	return only(avsvc+"get_members", editAnswer(func(c *call, m map[string]any, a *answer) {
		req, _ := requestFields(c.Body)
		id, _ := req["GroupId"].(string)
		if _, marked := req["Mark"]; marked || m["ErrorCode"] != json.Number("0") {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if seen[id] == nil {
			seen[id] = map[string]any{}
		}
		list, _ := m["MemberList"].([]any)
		have := map[string]bool{}
		for _, it := range list {
			acc, _ := it.(map[string]any)["Member_Account"].(string)
			have[acc] = true
			seen[id][acc] = it
		}
		for acc, it := range seen[id] {
			if !have[acc] {
				list = append(list, it)
			}
		}
		m["MemberList"] = list
	}))
}

// AVDeviants break the AVChatRoom, ban and broadcast rules.
var AVDeviants = []Variant{
	avDeviant("av-online-count-off", "get_online_member_num answers one more than the online members",
		gids("AV", "001"), []string{gsvc + "get_online_member_num"},
		func() middleware {
			return only(gsvc+"get_online_member_num", editAnswer(func(c *call, m map[string]any, a *answer) {
				if n, ok := m["OnlineMemberNum"].(json.Number); ok {
					v, _ := n.Int64()
					m["OnlineMemberNum"] = v + 1
				}
			}))
		}),
	avDeviant("av-members-sticky", "get_members keeps listing members that quit, logged out or were banned",
		concat(gids("AV", "001", "002"), gids("BAN", "002")), []string{avsvc + "get_members"}, avSticky),
	avDeviant("av-any-type-listed", "get_members answers an empty list for a group that is not an AVChatRoom",
		gids("AV", "003"), []string{avsvc + "get_members"},
		func() middleware {
			return only(avsvc+"get_members", func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) == 10007 {
					return answer{Status: 200, Header: a.Header, Body: []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MemberList":[],"NextTimestamp":0}`)}
				}
				return a
			})
		}),
	avDeviant("av-members-type-code", "get_members refuses a group that is not an AVChatRoom with 10004 instead of 10007",
		gids("AV", "003"), []string{avsvc + "get_members"},
		func() middleware { return only(avsvc+"get_members", recode(10004, 10007)) }),
	avDeviant("av-marks-ignored", "modify_user_info answers OK, echoing the request, and sets no mark",
		gids("AV", "004"), []string{avsvc + "modify_user_info"},
		func() middleware {
			return only(avsvc+"modify_user_info", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["CommandType"] != float64(1) {
					return next(c)
				}
				a := okAnswer()
				a.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "CommandType": 1, "MemberList": m["MemberList"]})
				return a
			})
		}),
	avDeviant("av-mark-refusals-ok", "modify_user_info answers OK whenever it would refuse (no online member named, a mark below 1000)",
		gids("AV", "005", "007"), []string{avsvc + "modify_user_info"},
		func() middleware {
			return only(avsvc+"modify_user_info", func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) == 0 {
					return a
				}
				return okAnswer()
			})
		}),
	avDeviant("av-mark-refusal-code", "modify_user_info refuses with 10003 where it answers 10004 (a mark below 1000)",
		gids("AV", "007"), []string{avsvc + "modify_user_info"},
		func() middleware { return only(avsvc+"modify_user_info", recode(10003, 10004)) }),
	avDeviant("av-always-on-ordinary", "modify_user_info treats mark 500 as an ordinary mark (1500), so a member whose connection dropped cannot take it",
		gids("AV", "008"), []string{avsvc + "modify_user_info"},
		func() middleware {
			return only(avsvc+"modify_user_info", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					list, _ := m["MemberList"].([]any)
					for _, it := range list {
						if o, ok := it.(map[string]any); ok {
							marks, _ := o["Marks"].([]any)
							for i, k := range marks {
								if k == float64(500) {
									marks[i] = 1500
								}
							}
						}
					}
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	avDeviant("av-hidden-mark-dropped", "modify_user_info drops mark 600, so nobody is hidden",
		gids("AV", "006"), []string{avsvc + "modify_user_info"},
		func() middleware {
			return only(avsvc+"modify_user_info", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					list, _ := m["MemberList"].([]any)
					for _, it := range list {
						if o, ok := it.(map[string]any); ok {
							marks, _ := o["Marks"].([]any)
							kept := []any{}
							for _, k := range marks {
								if k != float64(600) {
									kept = append(kept, k)
								}
							}
							if len(kept) == 0 {
								kept = append(kept, 1999)
							}
							o["Marks"] = kept
						}
					}
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	avDeviant("av-ban-list-empty", "get_group_ban_member lists nobody",
		gids("BAN", "001", "003", "006", "007"), []string{gsvc + "get_group_ban_member"},
		func() middleware {
			return only(gsvc+"get_group_ban_member", editAnswer(func(c *call, m map[string]any, a *answer) {
				if _, ok := m["BannedAccountList"]; ok {
					m["BannedAccountList"], m["NextOffset"] = []any{}, 0
				}
			}))
		}),
	avDeviant("av-ban-duration-ignored", "ban_group_member bans for an hour whatever the Duration",
		gids("BAN", "001", "006"), []string{gsvc + "ban_group_member"},
		func() middleware {
			return only(gsvc+"ban_group_member", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["Duration"] != nil {
					m["Duration"] = 3600
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	avDeviant("av-unban-noop", "unban_group_member answers OK and lifts no ban",
		gids("BAN", "002", "003"), []string{gsvc + "unban_group_member"}, noop("unban_group_member")),
	avDeviant("av-ban-limit-lifted", "ban_group_member bans the first 20 of a longer list instead of refusing it",
		gids("BAN", "004"), []string{gsvc + "ban_group_member"},
		func() middleware {
			return only(gsvc+"ban_group_member", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if list, _ := m["Members_Account"].([]any); len(list) > 20 {
						m["Members_Account"] = list[:20]
						c.Body = encode(m)
					}
				}
				return next(c)
			})
		}),
	avDeviant("av-ban-any-type", "ban_group_member answers OK for a group that is not an AVChatRoom",
		gids("BAN", "005"), []string{gsvc + "ban_group_member"},
		func() middleware {
			return only(gsvc+"ban_group_member", func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 10007 {
					return a
				}
				return okAnswer()
			})
		}),
	avDeviant("av-ban-type-code", "ban_group_member refuses a group that is not an AVChatRoom with 10004 instead of 10007",
		gids("BAN", "005"), []string{gsvc + "ban_group_member"},
		func() middleware { return only(gsvc+"ban_group_member", recode(10004, 10007)) }),
	avDeviant("av-ban-other-type-removes", "ban_group_member refuses a group that is not an AVChatRoom but removes the named members from it",
		gids("BAN", "005"), []string{gsvc + "ban_group_member"},
		func() middleware {
			return only(gsvc+"ban_group_member", func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				if code(a) != 10007 || !ok {
					return a
				}
				del := *c
				del.Endpoint = gsvc + "delete_group_member"
				del.Body = encode(map[string]any{"GroupId": m["GroupId"], "MemberToDel_Account": m["Members_Account"], "Silence": 1})
				next(&del)
				return a
			})
		}),
	avDeviant("av-ban-offset-ignored", "get_group_ban_member ignores Offset and always lists from the start",
		gids("BAN", "007"), []string{gsvc + "get_group_ban_member"},
		func() middleware {
			return only(gsvc+"get_group_ban_member", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["Offset"] != nil {
					m["Offset"] = 0
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	avDeviant("av-broadcast-dropped", "send_broadcast_msg answers OK with a MsgSeq and reaches no group",
		gids("BROADCAST", "001"), []string{gsvc + "send_broadcast_msg"},
		func() middleware {
			return only(gsvc+"send_broadcast_msg", func(c *call, next func(*call) answer) answer {
				a := okAnswer()
				a.Body = []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgSeq":424242}`)
				return a
			})
		}),
	avDeviant("av-broadcast-as-admin", "send_broadcast_msg ignores From_Account and sends as the App admin",
		gids("BROADCAST", "001"), []string{gsvc + "send_broadcast_msg"},
		func() middleware {
			return only(gsvc+"send_broadcast_msg", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					delete(m, "From_Account")
					c.Body = encode(m)
				}
				return next(c)
			})
		}),
	avDeviant("av-broadcast-text-changed", "send_broadcast_msg delivers a text other than the one sent",
		gids("BROADCAST", "001"), []string{gsvc + "send_broadcast_msg"},
		func() middleware {
			return only(gsvc+"send_broadcast_msg", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if body, _ := m["MsgBody"].([]any); len(body) > 0 {
						if el, ok := body[0].(map[string]any); ok {
							if content, ok := el["MsgContent"].(map[string]any); ok && content["Text"] != nil {
								content["Text"] = "chatconform changed text"
								c.Body = encode(m)
							}
						}
					}
				}
				return next(c)
			})
		}),
	avDeviant("av-broadcast-any-sender", "send_broadcast_msg sends as the App admin when From_Account does not exist",
		gids("BROADCAST", "002"), []string{gsvc + "send_broadcast_msg"},
		func() middleware {
			return only(gsvc+"send_broadcast_msg", func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 10004 {
					return a
				}
				m, _ := requestFields(c.Body)
				delete(m, "From_Account")
				c.Body = encode(m)
				return next(c)
			})
		}),
	{
		Name: "av-state-callbacks-dropped", Breaks: "Group.CallbackOnMemberStateChange is never sent",
		Kills: []string{"GROUPS-AV-HOOK-001"}, Labels: avOn(avsvc + "get_members"), Suite: "groups",
		Options: func(o *emulator.Options) { o.NoLimits = true },
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if h.Command == "Group.CallbackOnMemberStateChange" {
					return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
				}
				return forward(h)
			}
		},
	},
}
