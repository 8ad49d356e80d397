package selftest

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// Label filters the relationship and mute deviants run the users suite with.
const (
	relRun  = "(family:relationships || family:global-mute) && !rate-limit"
	muteRun = "family:global-mute && !rate-limit"
)

const (
	relGroupAdd    = "sns/group_add"
	relGroupDelete = "sns/group_delete"
	relGroupGet    = "sns/group_get"
	relBlockAdd    = "sns/black_list_add"
	relBlockDelete = "sns/black_list_delete"
	relBlockGet    = "sns/black_list_get"
	relBlockCheck  = "sns/black_list_check"
	relSetMute     = "openconfigsvr/setnospeaking"
	relGetMute     = "openconfigsvr/getnospeaking"
	relSend        = "openim/sendmsg"
)

func listIDs(prefix string, nums ...string) []string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = "USERS-" + prefix + "-" + n
	}
	return out
}

// relSide makes a call of its own to the emulator, with the admin
// credentials of c, and returns the answer's fields (nil when not JSON).
func relSide(c *call, next func(*call) answer, endpoint string, body any) map[string]any {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	a := next(&call{Method: http.MethodPost, Endpoint: endpoint, Query: c.Query, Header: c.Header, Body: b})
	return envelope(a.Body)
}

// relStrings reads a request field that is an array of strings.
func relStrings(m map[string]any, field string) []string {
	list, _ := m[field].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// relItemsOK answers a blocklist-style call OK with ResultCode 0 for every
// To_Account of the request, without making it.
func relItemsOK(c *call, next func(*call) answer) answer {
	m, ok := requestFields(c.Body)
	to := relStrings(m, "To_Account")
	if !ok || m["From_Account"] == nil || len(to) == 0 {
		return next(c)
	}
	items := make([]any, len(to))
	for i, id := range to {
		items[i] = map[string]any{"To_Account": id, "ResultCode": 0, "ResultInfo": ""}
	}
	return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "ResultItem": items})}
}

// relMuteTimes rewrites the mute times of setnospeaking requests with f;
// a request f leaves without any time is answered OK without being made.
func relMuteTimes(f func(v json.Number) (json.Number, bool)) middleware {
	return only(relSetMute, func(c *call, next func(*call) answer) answer {
		m, ok := requestFields(c.Body)
		if !ok || m["Set_Account"] == nil {
			return next(c)
		}
		var raw map[string]json.RawMessage
		json.Unmarshal(c.Body, &raw)
		given, kept := 0, 0
		for _, field := range []string{"C2CmsgNospeakingTime", "GroupmsgNospeakingTime"} {
			var n json.Number
			if json.Unmarshal(raw[field], &n) != nil {
				continue
			}
			given++
			if v, keep := f(n); keep {
				m[field] = v
				kept++
			} else {
				delete(m, field)
			}
		}
		if given > 0 && kept == 0 {
			return okAnswer()
		}
		c.Body = encode(m)
		return next(c)
	})
}

// ListDeviants break the rules of the users suite's friend-list,
// blocklist and global-mute checks; they run the users suite.
var ListDeviants = []Variant{
	{
		Name: "group-add-stores-nothing", Breaks: "group_add answers OK but creates no friend list",
		Kills: listIDs("LIST", "001", "002", "003", "005", "006", "007"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupAdd, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["From_Account"] != nil && len(relStrings(m, "GroupName")) > 0 {
					return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
						Body: []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","CurrentSequence":1}`)}
				}
				return next(c)
			})
		},
	},
	{
		Name: "group-add-ignores-friends", Breaks: "group_add answers ResultCode 0 for each To_Account but puts no friend in the lists",
		Kills: listIDs("LIST", "002"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupAdd, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				to := relStrings(m, "To_Account")
				if !ok || len(to) == 0 {
					return next(c)
				}
				delete(m, "To_Account")
				c.Body = encode(m)
				a := next(c)
				if out := envelope(a.Body); out != nil && code(a) == 0 {
					items := make([]any, len(to))
					for i, id := range to {
						items[i] = map[string]any{"To_Account": id, "ResultCode": 0, "ResultInfo": ""}
					}
					out["ResultItem"] = items
					a.Body = encode(out)
				}
				return a
			})
		},
	},
	{
		Name: "group-add-accepts-non-friends", Breaks: "group_add puts accounts that are not friends in the lists",
		Kills: listIDs("LIST", "002"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupAdd, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				to := relStrings(m, "To_Account")
				if from, isStr := m["From_Account"].(string); ok && isStr && len(to) > 0 {
					items := make([]any, len(to))
					for i, id := range to {
						items[i] = map[string]any{"To_Account": id, "AddSource": "AddSource_Type_dv"}
					}
					relSide(c, next, "sns/friend_import", map[string]any{"From_Account": from, "AddFriendItem": items})
				}
				return next(c)
			})
		},
	},
	{
		Name: "group-delete-keeps-list", Breaks: "group_delete answers OK but deletes nothing",
		Kills: listIDs("LIST", "003"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupDelete, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["From_Account"] != nil && len(relStrings(m, "GroupName")) > 0 {
					return okAnswer()
				}
				return next(c)
			})
		},
	},
	{
		Name: "group-delete-unfriends", Breaks: "group_delete also ends the friendships of the lists' members",
		Kills: listIDs("LIST", "004"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupDelete, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				from, isStr := m["From_Account"].(string)
				names := relStrings(m, "GroupName")
				if !ok || !isStr || len(names) == 0 {
					return next(c)
				}
				lists := relSide(c, next, relGroupGet, map[string]any{"From_Account": from, "NeedFriend": "Need_Friend_Type_Yes", "GroupName": names})
				items, _ := lists["ResultItem"].([]any)
				for _, it := range items {
					if members := relStrings(it.(map[string]any), "To_Account"); len(members) > 0 {
						relSide(c, next, "sns/friend_delete", map[string]any{"From_Account": from, "To_Account": members, "DeleteType": "Delete_Type_Both"})
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "friend-list-cap-ignored", Breaks: "group_add of a 33rd friend list answers OK",
		Kills: listIDs("LIST", "005"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupAdd, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 30011 {
					return a
				}
				return okAnswer()
			})
		},
	},
	{
		Name: "list-name-over-30-bytes", Breaks: "group_add accepts a friend list name of 31 bytes (stored cut to 30)",
		Kills: listIDs("LIST", "006"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupAdd, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				names := relStrings(m, "GroupName")
				if !ok || len(names) == 0 {
					return next(c)
				}
				for i, n := range names {
					if len(n) > 30 {
						names[i] = n[:29] + "x"
					}
				}
				m["GroupName"] = names
				c.Body = encode(m)
				return next(c)
			})
		},
	},
	{
		Name: "group-get-ignores-groupname", Breaks: "group_get lists every list whatever GroupName names",
		Kills: listIDs("LIST", "007"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relGroupGet, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					delete(m, "GroupName")
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},

	{
		Name: "black-list-add-stores-nothing", Breaks: "black_list_add answers ResultCode 0 for every account but blocks nobody",
		Kills: concat(listIDs("BLOCK", "001", "002", "005"), listIDs("HOOK", "050")), Labels: relRun, Suite: "users",
		Middleware: func() middleware { return only(relBlockAdd, relItemsOK) },
	},
	{
		Name: "black-list-check-one-way", Breaks: "black_list_check with BlackCheckResult_Type_Both reads From_Account's blocklist only",
		Kills: listIDs("BLOCK", "002"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relBlockCheck, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["CheckType"] == "BlackCheckResult_Type_Both" {
					m["CheckType"] = "BlackCheckResult_Type_Single"
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "black-list-relations-swapped", Breaks: "black_list_check answers AWithB for BWithA and the reverse",
		Kills: listIDs("BLOCK", "001", "002"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relBlockCheck, editAnswer(func(c *call, m map[string]any, a *answer) {
				items, _ := m["BlackListCheckItem"].([]any)
				for _, it := range items {
					o := it.(map[string]any)
					switch o["Relation"] {
					case "BlackCheckResult_Type_AWithB":
						o["Relation"] = "BlackCheckResult_Type_BWithA"
					case "BlackCheckResult_Type_BWithA":
						o["Relation"] = "BlackCheckResult_Type_AWithB"
					}
				}
			}))
		},
	},
	{
		Name: "block-twice-accepted", Breaks: "black_list_add of an account already blocked answers ResultCode 0",
		Kills: listIDs("BLOCK", "003"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relBlockAdd, editAnswer(func(c *call, m map[string]any, a *answer) {
				items, _ := m["ResultItem"].([]any)
				for _, it := range items {
					if o := it.(map[string]any); o["ResultCode"] == json.Number("30001") {
						o["ResultCode"], o["ResultInfo"] = 0, ""
					}
				}
				delete(m, "Fail_Account")
			}))
		},
	},
	{
		Name: "black-list-delete-keeps", Breaks: "black_list_delete answers ResultCode 0 for every account but unblocks nobody",
		Kills: concat(listIDs("BLOCK", "004"), listIDs("HOOK", "051")), Labels: relRun, Suite: "users",
		Middleware: func() middleware { return only(relBlockDelete, relItemsOK) },
	},
	{
		Name: "black-list-get-ignores-start", Breaks: "black_list_get always answers the first page, whatever StartIndex",
		Kills: listIDs("BLOCK", "005"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relBlockGet, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					m["StartIndex"] = 0
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "block-keeps-friendship", Breaks: "blocking a friend leaves the friendship in place (friend_check still reports it)",
		Kills: listIDs("BLOCK", "006"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			var mu sync.Mutex
			kept := map[[2]string]string{} // blocker, blocked -> relation before the block
			return func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				from, isStr := m["From_Account"].(string)
				if !ok || !isStr {
					return next(c)
				}
				switch c.Endpoint {
				case relBlockAdd:
					to := relStrings(m, "To_Account")
					before := relSide(c, next, "sns/friend_check", map[string]any{"From_Account": from, "To_Account": to, "CheckType": "CheckResult_Type_Both"})
					items, _ := before["InfoItem"].([]any)
					mu.Lock()
					for _, it := range items {
						o := it.(map[string]any)
						if rel, _ := o["Relation"].(string); rel != "" && rel != "CheckResult_Type_NoRelation" {
							kept[[2]string{from, o["To_Account"].(string)}] = rel
						}
					}
					mu.Unlock()
				case "sns/friend_check":
					a := next(c)
					out := envelope(a.Body)
					items, _ := out["InfoItem"].([]any)
					mu.Lock()
					for _, it := range items {
						o := it.(map[string]any)
						if rel, ok := kept[[2]string{from, o["To_Account"].(string)}]; ok {
							o["Relation"] = rel
						}
					}
					mu.Unlock()
					if out != nil {
						a.Body = encode(out)
					}
					return a
				}
				return next(c)
			}
		},
	},
	{
		Name: "blocked-user-can-add", Breaks: "friend_add succeeds despite a block: the block between the two is lifted and the add goes ahead",
		Kills: listIDs("BLOCK", "007"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only("sns/friend_add", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				from, isStr := m["From_Account"].(string)
				items, _ := m["AddFriendItem"].([]any)
				if ok && isStr {
					for _, it := range items {
						if to, _ := it.(map[string]any)["To_Account"].(string); to != "" {
							relSide(c, next, relBlockDelete, map[string]any{"From_Account": from, "To_Account": []string{to}})
							relSide(c, next, relBlockDelete, map[string]any{"From_Account": to, "To_Account": []string{from}})
						}
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "blocker-cannot-message", Breaks: "sendmsg is refused with 20007 whichever of the two blocked the other",
		Kills: listIDs("BLOCK", "008"), Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relSend, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				from, f := m["From_Account"].(string)
				to, t := m["To_Account"].(string)
				if ok && f && t {
					rel := relSide(c, next, relBlockCheck, map[string]any{"From_Account": from, "To_Account": []string{to}, "CheckType": "BlackCheckResult_Type_Both"})
					items, _ := rel["BlackListCheckItem"].([]any)
					if len(items) == 1 && items[0].(map[string]any)["Relation"] != "BlackCheckResult_Type_NO" {
						return failWith(20007, "blocked")
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "blocked-send-wrong-code", Breaks: "sendmsg from a blocked account is refused with 20006, not the blocklist's 20007",
		Kills: listIDs("BLOCK", "008"), Labels: relRun, Suite: "users",
		Middleware: func() middleware { return only(relSend, recode(20006, 20007)) },
	},
	{
		Name: "rest-sends-skip-blocks-and-mutes", Breaks: "sendmsg delivers whatever blocklists and mutes say, as sendmsg's page describes the REST API", Benign: true,
		Labels: relRun, Suite: "users",
		Middleware: func() middleware {
			return only(relSend, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				from, f := m["From_Account"].(string)
				to, t := m["To_Account"].(string)
				if !ok || !f || !t {
					return a
				}
				switch code(a) {
				case 20007: // to blocked from: lift the block for this one message
					relSide(c, next, relBlockDelete, map[string]any{"From_Account": to, "To_Account": []string{from}})
					a = next(c)
					relSide(c, next, relBlockAdd, map[string]any{"From_Account": to, "To_Account": []string{from}})
				case 20012: // from is muted: lift the mute for this one message
					left := relSide(c, next, relGetMute, map[string]any{"Get_Account": from})
					relSide(c, next, relSetMute, map[string]any{"Set_Account": from, "C2CmsgNospeakingTime": 0})
					a = next(c)
					relSide(c, next, relSetMute, map[string]any{"Set_Account": from, "C2CmsgNospeakingTime": left["C2CmsgNospeakingTime"]})
				}
				return a
			})
		},
	},

	{
		Name: "mute-does-not-hold", Breaks: "setnospeaking answers OK but mutes nobody: getnospeaking reports 0 and the account's sendmsg goes through",
		Kills: listIDs("MUTE", "001", "002", "004", "005"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware {
			return relMuteTimes(func(json.Number) (json.Number, bool) { return "", false })
		},
	},
	{
		Name: "unmute-ignored", Breaks: "setnospeaking with a mute time of 0 answers OK but lifts nothing",
		Kills: listIDs("MUTE", "002", "003"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware {
			return relMuteTimes(func(v json.Number) (json.Number, bool) { return v, v != "0" })
		},
	},
	{
		Name: "mute-never-runs-out", Breaks: "a mute for some seconds is stored as a mute for ever",
		Kills: listIDs("MUTE", "001", "004"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware {
			return relMuteTimes(func(v json.Number) (json.Number, bool) {
				if v != "0" {
					return "4294967295", true
				}
				return v, true
			})
		},
	},
	{
		Name: "mute-wrong-code", Breaks: "sendmsg of a muted account is refused with 20006, not the mute's 20012",
		Kills: listIDs("MUTE", "003"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware { return only(relSend, recode(20006, 20012)) },
	},
	{
		Name: "muted-account-cannot-receive", Breaks: "sendmsg to a muted account is refused with 20012",
		Kills: listIDs("MUTE", "003"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware {
			return only(relSend, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if to, isStr := m["To_Account"].(string); isStr {
						left := relSide(c, next, relGetMute, map[string]any{"Get_Account": to})
						if n, _ := left["C2CmsgNospeakingTime"].(json.Number); n != "" && n != "0" {
							return failWith(20012, "muted")
						}
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "mute-without-time-accepted", Breaks: "setnospeaking with neither mute time answers OK",
		Kills: listIDs("MUTE", "005"), Labels: muteRun, Suite: "users",
		Middleware: func() middleware {
			return only(relSetMute, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 130008 {
					return a
				}
				return okAnswer()
			})
		},
	},

	{
		Name: "blocklist-callbacks-never-sent", Breaks: "no blocklist callback is sent",
		Kills: listIDs("HOOK", "050", "051"), Labels: relRun, Suite: "users",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if strings.HasPrefix(h.Command, "Sns.CallbackBlackList") {
					return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
				}
				return forward(h)
			}
		},
	},
	{
		Name: "blocklist-callbacks-twice", Breaks: "every blocklist callback is sent twice",
		Kills: listIDs("HOOK", "050", "051"), Labels: relRun, Suite: "users",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				out := forward(h)
				if strings.HasPrefix(h.Command, "Sns.CallbackBlackList") {
					forward(h)
				}
				return out
			}
		},
	},
	{
		Name: "blocklist-callback-pairs-reversed", Breaks: "the blocklist callbacks' PairList swaps From_Account and To_Account",
		Kills: listIDs("HOOK", "050", "051"), Labels: relRun, Suite: "users",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if m := hookBody(h); m != nil && strings.HasPrefix(h.Command, "Sns.CallbackBlackList") {
					pairs, _ := m["PairList"].([]any)
					for _, p := range pairs {
						o := p.(map[string]any)
						o["From_Account"], o["To_Account"] = o["To_Account"], o["From_Account"]
					}
					h.Body = encode(m)
				}
				return forward(h)
			}
		},
	},
}
