package selftest

import (
	"net/url"
	"strings"
	"sync"

	"github.com/chatconform/chatconform/emulator"
)

// Endpoints of push to all users, operations and chatbots.
const (
	appSetAttrName = "all_member_push/im_set_attr_name"
	appSetAttr     = "all_member_push/im_set_attr"
	appGetAttr     = "all_member_push/im_get_attr"
	appAddTag      = "all_member_push/im_add_tag"
	appGetTag      = "all_member_push/im_get_tag"
	appPush        = "all_member_push/im_push"
	appInfo        = "openconfigsvr/getappinfo"
	appHistory     = "open_msg_svc/get_history"
	appIPList      = "ConfigSvc/GetIPList"
	appBotCreate   = "openim_robot_http_svc/create_robot"
	appBotDelete   = "openim_robot_http_svc/delete_robot"
	appBotList     = "openim_robot_http_svc/get_all_robots"
)

// appNoLimits runs a deviant on a family's checks without rate limits, as
// withoutRate runs do.
func appNoLimits(o *emulator.Options) { o.NoLimits = true }

// appFakePush is an OK answer of im_push with a TaskId the emulator never
// made.
func appFakePush() answer {
	a := okAnswer()
	a.Body = []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","TaskId":"chatconform-fake-task"}`)
	return a
}

// appPushCondition rewrites im_push's Condition with f; a Condition left
// empty is dropped.
func appPushCondition(f func(cond, body map[string]any)) middleware {
	return only(appPush, func(c *call, next func(*call) answer) answer {
		if m, ok := requestFields(c.Body); ok {
			cond, _ := m["Condition"].(map[string]any)
			f(cond, m)
			if cond != nil && len(cond) == 0 {
				delete(m, "Condition")
			}
			c.Body = encode(m)
		}
		return next(c)
	})
}

// appRows rewrites every getappinfo row with f.
func appRows(f func(row map[string]any)) middleware {
	return only(appInfo, editAnswer(func(c *call, m map[string]any, a *answer) {
		rows, _ := m["Result"].([]any)
		for _, r := range rows {
			if row, ok := r.(map[string]any); ok {
				f(row)
			}
		}
	}))
}

// appRecode answers OK, with body's fields, where endpoint answered code.
func appRecode(endpoint string, want int, fields map[string]any) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		a := next(c)
		if code(a) != want {
			return a
		}
		body := map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}
		for k, v := range fields {
			body[k] = v
		}
		a = okAnswer()
		a.Body = encode(body)
		return a
	})
}

// tagCapDropped answers OK when im_add_tag refuses tags past a limit, and
// reports them in im_get_tag as if they were stored.
func tagCapDropped() middleware {
	var mu sync.Mutex
	extra := map[string][]any{} // account → tags refused but reported
	return func(c *call, next func(*call) answer) answer {
		switch c.Endpoint {
		case appAddTag:
			a := next(c)
			m, ok := requestFields(c.Body)
			if !ok || code(a) != 90032 {
				return a
			}
			items, _ := m["UserTags"].([]any)
			mu.Lock()
			for _, it := range items {
				u, _ := it.(map[string]any)
				id, _ := u["To_Account"].(string)
				tags, _ := u["Tags"].([]any)
				extra[id] = append(extra[id], tags...)
			}
			mu.Unlock()
			return okAnswer()
		case appGetTag:
			return editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["UserTags"].([]any)
				mu.Lock()
				defer mu.Unlock()
				for _, it := range list {
					u, _ := it.(map[string]any)
					id, _ := u["To_Account"].(string)
					if tags, ok := u["Tags"].([]any); ok && len(extra[id]) > 0 {
						u["Tags"] = append(tags, extra[id]...)
					}
				}
			})(c, next)
		}
		return next(c)
	}
}

// dropHooks is a callback proxy that never passes on the callbacks f
// matches, answering them OK itself.
func dropHooks(f func(h *hook) bool) func() hookware {
	return func() hookware {
		return func(h *hook, forward func(*hook) []byte) []byte {
			if f(h) {
				return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
			}
			return forward(h)
		}
	}
}

// AppDeviants break the rules of the users suite's push, operations,
// chatbot and online-status checks; they run the users suite, each on the
// family it breaks.
var AppDeviants = []Variant{
	// Push to all users.
	{
		Name: "attr-names-not-stored", Breaks: "im_set_attr_name answers OK but stores no attribute name",
		Kills: []string{"USERS-PUSH-001", "USERS-PUSH-002"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appSetAttrName, func(c *call, next func(*call) answer) answer { return okAnswer() })
		},
	},
	{
		Name: "unnamed-attr-accepted", Breaks: "im_set_attr answers OK for an attribute the app has not named",
		Kills: []string{"USERS-PUSH-004"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware { return appRecode(appSetAttr, 90033, nil) },
	},
	{
		Name: "get-attr-empty", Breaks: "im_get_attr reports every user without attributes",
		Kills: []string{"USERS-PUSH-003", "USERS-PUSH-005"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appGetAttr, editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["UserAttrs"].([]any)
				for _, it := range list {
					if u, ok := it.(map[string]any); ok {
						u["Attrs"] = map[string]any{}
					}
				}
			}))
		},
	},
	{
		Name: "add-tag-stores-nothing", Breaks: "im_add_tag answers OK but tags no one",
		Kills:  []string{"USERS-PUSH-006", "USERS-PUSH-007", "USERS-PUSH-008", "USERS-PUSH-011", "USERS-PUSH-012", "USERS-PUSH-015", "USERS-PUSH-018"},
		Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appAddTag, func(c *call, next func(*call) answer) answer { return okAnswer() })
		},
	},
	{
		Name: "tag-limits-dropped", Breaks: "im_add_tag takes tags past its limits (10 a request, 100 a user): it answers OK and im_get_tag reports them",
		Kills: []string{"USERS-PUSH-008", "USERS-PUSH-009"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: tagCapDropped,
	},
	{
		Name: "get-tag-101-accepted", Breaks: "im_get_tag of 101 accounts answers OK (for the first 100)",
		Kills: []string{"USERS-PUSH-010"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appGetTag, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 90018 {
					if ids, ok := m["To_Account"].([]any); ok && len(ids) > 100 {
						m["To_Account"] = ids[:100]
						c.Body = encode(m)
						return next(c)
					}
				}
				return a
			})
		},
	},
	{
		Name: "push-reaches-untagged", Breaks: "im_push ignores its tag conditions: a push by tag reaches untagged users",
		Kills: []string{"USERS-PUSH-011", "USERS-PUSH-012", "USERS-PUSH-016", "USERS-PUSH-018"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return appPushCondition(func(cond, body map[string]any) {
				delete(cond, "TagsAnd")
				delete(cond, "TagsOr")
			})
		},
	},
	{
		Name: "push-attrs-ignored", Breaks: "im_push ignores its attribute conditions",
		Kills: []string{"USERS-PUSH-013", "USERS-PUSH-016"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return appPushCondition(func(cond, body map[string]any) {
				delete(cond, "AttrsAnd")
				delete(cond, "AttrsOr")
			})
		},
	},
	{
		Name: "push-to-all-online-only", Breaks: "a push without a condition reaches online users only",
		Kills: []string{"USERS-PUSH-014"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return appPushCondition(func(cond, body map[string]any) {
				if cond == nil {
					body["MsgLifeTime"] = 0
				}
			})
		},
	},
	{
		Name: "online-only-push-stored", Breaks: "a push with MsgLifeTime 0 also reaches offline users",
		Kills: []string{"USERS-PUSH-015"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return appPushCondition(func(cond, body map[string]any) {
				if lt, ok := body["MsgLifeTime"].(float64); ok && lt == 0 {
					body["MsgLifeTime"] = 60
				}
			})
		},
	},
	{
		Name: "no-push-interval", Breaks: "pushes less than a second apart are accepted",
		Kills: []string{"USERS-PUSH-017"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appPush, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 90024 {
					return a
				}
				return appFakePush()
			})
		},
	},
	{
		Name: "no-daily-push-quota", Breaks: "pushes past the day's 100 are accepted",
		Kills: []string{"USERS-PUSH-019"}, Labels: "family:push", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appPush, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 90047 {
					return a
				}
				return appFakePush()
			})
		},
	},
	// Operations.
	{
		Name: "appinfo-other-appid", Breaks: "getappinfo reports another app's SDKAppID",
		Kills: []string{"USERS-OPS-001"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware { return appRows(func(row map[string]any) { row["AppId"] = "1400000001" }) },
	},
	{
		Name: "appinfo-requestfield-ignored", Breaks: "getappinfo returns every field whatever RequestField asks for",
		Kills: []string{"USERS-OPS-002"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appInfo, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					delete(m, "RequestField")
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "appinfo-counts-nothing", Breaks: "getappinfo counts no one-to-one message",
		Kills: []string{"USERS-OPS-003"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return appRows(func(row map[string]any) {
				if _, ok := row["C2CUpMsgNum"]; ok {
					row["C2CUpMsgNum"] = "0"
				}
			})
		},
	},
	{
		Name: "history-gzipmd5-wrong", Breaks: "get_history's GzipMD5 does not describe the file served",
		Kills: []string{"USERS-OPS-004"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appHistory, editAnswer(func(c *call, m map[string]any, a *answer) {
				files, _ := m["File"].([]any)
				for _, f := range files {
					if file, ok := f.(map[string]any); ok {
						file["GzipMD5"] = strings.Repeat("0", 32)
					}
				}
			}))
		},
	},
	{
		Name: "history-expired-hours-served", Breaks: "get_history answers OK for an hour older than 7 days",
		Kills: []string{"USERS-OPS-005"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware { return appRecode(appHistory, 1005, map[string]any{"File": []any{}}) },
	},
	{
		Name: "history-chattype-unchecked", Breaks: "get_history takes any ChatType as C2C",
		Kills: []string{"USERS-OPS-006"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appHistory, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if t, _ := m["ChatType"].(string); t != "C2C" && t != "Group" {
						m["ChatType"] = "C2C"
						c.Body = encode(m)
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "iplist-hostnames", Breaks: "GetIPList lists a host name, not an address",
		Kills: []string{"USERS-OPS-007"}, Labels: "family:operations", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appIPList, editAnswer(func(c *call, m map[string]any, a *answer) {
				m["IPList"] = []string{"im.chatconform.example"}
			}))
		},
	},
	{
		Name: "over-limit-alert-never-sent", Breaks: "no Alert.RequestOverLimit is sent when an API is throttled",
		Kills: []string{"USERS-OPS-008"}, Labels: "webhook:Alert.RequestOverLimit", Suite: "users",
		Callbacks: dropHooks(func(h *hook) bool { return h.Command == "Alert.RequestOverLimit" }),
	},
	{
		Name: "state-change-never-sent", Breaks: "no State.StateChange is sent when a client logs in or out or is kicked",
		Kills:  []string{"USERS-STATE-001", "USERS-STATE-002", "USERS-STATE-003"},
		Labels: "family:online-status", Suite: "users", Options: appNoLimits,
		Callbacks: dropHooks(func(h *hook) bool { return h.Command == "State.StateChange" }),
	},
	// Chatbots.
	{
		Name: "robots-never-listed", Breaks: "get_all_robots lists no chatbot",
		Kills: []string{"USERS-BOT-001", "USERS-BOT-002"}, Labels: "family:chatbots", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appBotList, editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					m["Robot_Account"] = []string{}
				}
			}))
		},
	},
	{
		Name: "robot-prefix-unchecked", Breaks: "create_robot takes a UserID without @RBT# (and makes it a chatbot with the prefix)",
		Kills: []string{"USERS-BOT-003"}, Labels: "family:chatbots", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			return only(appBotCreate, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if id, ok := m["UserID"].(string); ok && !strings.HasPrefix(id, "@RBT#") {
						m["UserID"] = "@RBT#" + id
						c.Body = encode(m)
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "deleted-robots-still-listed", Breaks: "get_all_robots goes on listing the chatbots delete_robot deleted",
		Kills: []string{"USERS-BOT-004"}, Labels: "family:chatbots", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware {
			var mu sync.Mutex
			var deleted []any
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				switch c.Endpoint {
				case appBotDelete:
					if m, ok := requestFields(c.Body); ok && code(a) == 0 {
						mu.Lock()
						deleted = append(deleted, m["Robot_Account"])
						mu.Unlock()
					}
				case appBotList:
					if m := envelope(a.Body); m != nil && code(a) == 0 {
						list, _ := m["Robot_Account"].([]any)
						mu.Lock()
						m["Robot_Account"] = append(list, deleted...)
						mu.Unlock()
						a.Body = encode(m)
					}
				}
				return a
			}
		},
	},
	{
		Name: "no-chatbot-limit", Breaks: "create_robot answers OK past the app's 20 chatbots",
		Kills: []string{"USERS-BOT-005"}, Labels: "family:chatbots", Suite: "users", Options: appNoLimits,
		Middleware: func() middleware { return appRecode(appBotCreate, 10008, nil) },
	},
	{
		Name: "bot-callback-for-everyone", Breaks: "Bot.OnC2CMessage is sent for every one-to-one message sendmsg delivers, chatbot or not",
		Kills: []string{"USERS-BOT-006", "USERS-BOT-007"}, Labels: "family:chatbots", Suite: "users", Options: appNoLimits,
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				out := forward(h)
				if h.Command == "C2C.CallbackAfterSendMsg" {
					if m := hookBody(h); m != nil {
						m["CallbackCommand"] = "Bot.OnC2CMessage"
						q := url.Values{}
						for k, v := range h.Query {
							q[k] = v
						}
						q.Set("CallbackCommand", "Bot.OnC2CMessage")
						forward(&hook{Command: "Bot.OnC2CMessage", Query: q, Body: encode(m)})
					}
				}
				return out
			}
		},
	},
}
