package selftest

import (
	"bytes"
	"encoding/json"

	"github.com/chatconform/chatconform/emulator"
)

// setStates rewrites the login state of every account querystate (either
// path) reports with f.
func setStates(f func(state string) string) middleware {
	return func(c *call, next func(*call) answer) answer {
		a := next(c)
		if c.Endpoint != "openim/querystate" && c.Endpoint != "openim/query_online_status" {
			return a
		}
		m := envelope(a.Body)
		list, _ := m["QueryResult"].([]any)
		for _, it := range list {
			r, _ := it.(map[string]any)
			for _, field := range []string{"State", "Status"} {
				if st, ok := r[field].(string); ok {
					r[field] = f(st)
				}
			}
		}
		if m != nil {
			a.Body = encode(m)
		}
		return a
	}
}

// SessionDeviants break the client-session rules (online status, kicks);
// they run the c2c suite.
var SessionDeviants = []Variant{
	{
		Name: "querystate-always-offline", Breaks: "querystate reports every account Offline, logged in or not",
		Kills: []string{"C2C-STATE-002", "C2C-STATE-003", "C2C-STATE-005", "C2C-KICK-001"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return setStates(func(string) string { return emulator.StateOffline }) },
	},
	{
		Name: "querystate-always-online", Breaks: "querystate reports every account Online",
		Kills: []string{"C2C-STATE-001", "C2C-STATE-002", "C2C-KICK-001"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return setStates(func(string) string { return emulator.StateOnline }) },
	},
	{
		Name: "background-is-online", Breaks: "a session in the background is reported Online, not PushOnline",
		Kills: []string{"C2C-STATE-003"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return setStates(func(st string) string {
				if st == emulator.StatePushOnline {
					return emulator.StateOnline
				}
				return st
			})
		},
	},
	{
		Name: "kick-does-nothing", Breaks: "kick answers OK but every session goes on",
		Kills: []string{"C2C-KICK-001"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only("im_open_login_svc/kick", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["UserID"] != nil {
					return okAnswer()
				}
				return next(c)
			})
		},
	},
	{
		Name: "kick-unknown-accepted", Breaks: "kick of an account never imported answers OK",
		Kills: []string{"C2C-KICK-002"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only("im_open_login_svc/kick", func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 70107 {
					return a
				}
				return okAnswer()
			})
		},
	},
	{
		Name: "querystate-unknown-offline", Breaks: "querystate reports an account never imported as Offline instead of an error",
		Kills: []string{"C2C-STATE-004"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only("openim/querystate", editAnswer(func(c *call, m map[string]any, a *answer) {
				errs, _ := m["ErrorList"].([]any)
				list, _ := m["QueryResult"].([]any)
				for _, e := range errs {
					id := e.(map[string]any)["To_Account"]
					list = append(list, map[string]any{"To_Account": id, "State": emulator.StateOffline})
				}
				m["QueryResult"] = list
				delete(m, "ErrorList")
			}))
		},
	},
}

// hookBody decodes a callback body one level deep, keeping numbers exact.
func hookBody(h *hook) map[string]any { return envelope(h.Body) }

// afterCallback reports whether a callback reports an event (its answer is
// ignored).
func afterCallback(cmd string) bool { return !bytes.Contains([]byte(cmd), []byte("Before")) }

// WebhookDeviants break how the C2C callbacks are sent; they run the c2c
// suite, whose receiver gets the callbacks through the variant's proxy.
var WebhookDeviants = []Variant{
	{
		Name: "callbacks-never-sent", Breaks: "no callback is ever sent",
		Kills:  []string{"C2C-HOOK-001", "C2C-HOOK-002", "C2C-HOOK-003", "C2C-HOOK-004", "C2C-HOOK-005", "C2C-HOOK-006", "C2C-HOOK-007"},
		Labels: withoutRate, Suite: "c2c",
		Options: func(o *emulator.Options) { o.CallbackURL = "" },
	},
	{
		Name: "after-callbacks-twice", Breaks: "every after-callback is sent twice",
		Kills: []string{"C2C-HOOK-001", "C2C-HOOK-002", "C2C-HOOK-003"}, Labels: withoutRate, Suite: "c2c",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				out := forward(h)
				if afterCallback(h.Command) {
					forward(h)
				}
				return out
			}
		},
	},
	{
		Name: "callback-unread-off-by-one", Breaks: "after-callbacks carry an UnreadMsgNum one higher than the recipient's",
		Kills: []string{"C2C-HOOK-001", "C2C-HOOK-003"}, Labels: withoutRate, Suite: "c2c",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if m := hookBody(h); m != nil {
					if n, ok := m["UnreadMsgNum"].(json.Number); ok {
						v, _ := n.Int64()
						m["UnreadMsgNum"] = v + 1
						h.Body = encode(m)
					}
				}
				return forward(h)
			}
		},
	},
	{
		Name: "callback-msgbody-string", Breaks: "the send callbacks carry MsgBody as a JSON string, against their schema",
		Kills: []string{"C2C-HOOK-003"}, Labels: withoutRate, Suite: "c2c",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if m := hookBody(h); m != nil && m["MsgBody"] != nil && h.Command != "C2C.CallbackBeforeSendMsg" {
					m["MsgBody"] = string(encode(map[string]any{"MsgBody": m["MsgBody"]}))
					h.Body = encode(m)
				}
				return forward(h)
			}
		},
	},
	{
		Name: "before-send-answer-ignored", Breaks: "the before-send callback is sent but its answer is ignored: everything is delivered as sent",
		Kills: []string{"C2C-HOOK-004", "C2C-HOOK-005", "C2C-HOOK-006"}, Labels: withoutRate, Suite: "c2c",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				out := forward(h)
				if h.Command == "C2C.CallbackBeforeSendMsg" {
					return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
				}
				return out
			}
		},
	},
	{
		Name: "callback-query-web", Breaks: "callbacks of REST calls name OptPlatform Web and leave out SdkAppid",
		Kills: []string{"C2C-HOOK-007"}, Labels: withoutRate, Suite: "c2c",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				h.Query.Set("OptPlatform", "Web")
				h.Query.Del("SdkAppid")
				return forward(h)
			}
		},
	},
}
