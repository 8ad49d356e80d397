package selftest

import (
	"slices"
	"sort"
	"sync"
)

// Endpoints the conversation deviants change.
const (
	convListPath   = "recentcontact/get_list"
	convDeletePath = "recentcontact/delete"
	convCreatePath = "recentcontact/create_contact_group"
	convUpdatePath = "recentcontact/update_contact_group"
	convDelPath    = "recentcontact/del_contact_group"
	convMarkPath   = "recentcontact/mark_contact"
	convSearchPath = "recentcontact/search_contact_group"
	convGetPath    = "recentcontact/get_contact_group"
)

// convIDs names checks of the conversation topic: convIDs("CONV", "001").
func convIDs(prefix string, nums ...string) []string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = "C2C-" + prefix + "-" + n
	}
	return out
}

// convRewrite changes the JSON object body of every call of endpoint with
// f before the emulator sees it.
func convRewrite(endpoint string, f func(m map[string]any)) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		if m, ok := requestFields(c.Body); ok {
			f(m)
			c.Body = encode(m)
		}
		return next(c)
	})
}

// convItems rewrites the SessionItem list of every OK get_list answer
// with f, which sees the user whose list it is.
func convItems(f func(user string, items []any) []any) middleware {
	return only(convListPath, editAnswer(func(c *call, m map[string]any, a *answer) {
		req, _ := requestFields(c.Body)
		user, _ := req["From_Account"].(string)
		if items, ok := m["SessionItem"].([]any); ok && code(*a) == 0 {
			m["SessionItem"] = f(user, items)
		}
	}))
}

func convPeer(item any) string {
	o, _ := item.(map[string]any)
	p, _ := o["To_Account"].(string)
	return p
}

// convSenders remembers, from every successful one-to-one message call,
// who wrote to whom; via says which calls count.
type convSenders struct {
	mu   sync.Mutex
	seen map[[2]string]bool // from, to
}

func (s *convSenders) watch(via ...string) middleware {
	return func(c *call, next func(*call) answer) answer {
		a := next(c)
		if !slices.Contains(via, c.Endpoint) || code(a) != 0 {
			return a
		}
		m, _ := requestFields(c.Body)
		from, _ := m["From_Account"].(string)
		var to []string
		switch v := m["To_Account"].(type) {
		case string:
			to = []string{v}
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					to = append(to, s)
				}
			}
		}
		s.mu.Lock()
		for _, t := range to {
			s.seen[[2]string{from, t}] = true
		}
		s.mu.Unlock()
		return a
	}
}

func (s *convSenders) wrote(from, to string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[[2]string{from, to}]
}

// chain runs the middlewares in order, the first outermost.
func convChain(mws ...middleware) middleware {
	return func(c *call, next func(*call) answer) answer {
		run := next
		for i := len(mws) - 1; i >= 0; i-- {
			mw, inner := mws[i], run
			run = func(c *call) answer { return mw(c, inner) }
		}
		return run(c)
	}
}

func convFiltered(keep func(user, peer string) bool) middleware {
	return convItems(func(user string, items []any) []any {
		out := []any{}
		for _, it := range items {
			if keep(user, convPeer(it)) {
				out = append(out, it)
			}
		}
		return out
	})
}

// convOKWith answers OK with the given fields besides the envelope.
func convOKWith(fields map[string]any) answer {
	m := map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}
	for k, v := range fields {
		m[k] = v
	}
	a := okAnswer()
	a.Body = encode(m)
	return a
}

// convAnswerOK answers OK with fields where endpoint answered one of codes.
func convAnswerOK(endpoint string, fields map[string]any, codes ...int) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		a := next(c)
		if slices.Contains(codes, code(a)) {
			return convOKWith(fields)
		}
		return a
	})
}

// convAlso sends, after every OK call of endpoint, the extra call f makes of
// its request (nil for none), and answers the first call's answer.
func convAlso(endpoint string, f func(m map[string]any) (string, map[string]any)) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		a := next(c)
		m, ok := requestFields(c.Body)
		if !ok || code(a) != 0 {
			return a
		}
		if path, body := f(m); body != nil {
			extra := *c
			extra.Endpoint, extra.Body = path, encode(body)
			next(&extra)
		}
		return a
	})
}

func convReverse(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

// convEachContact calls f with every conversation object of the answers of
// get_contact_group and search_contact_group.
func convEachContact(f func(o map[string]any)) middleware {
	return editAnswer(func(c *call, m map[string]any, a *answer) {
		if c.Endpoint != convGetPath && c.Endpoint != convSearchPath {
			return
		}
		for _, list := range []string{"ContactItem", "ContactResultItem"} {
			items, _ := m[list].([]any)
			for _, it := range items {
				if o, ok := it.(map[string]any); ok {
					f(o)
				}
			}
		}
	})
}

// ConversationDeviants break the rules of the c2c suite's conversations checks; they run
// the c2c suite.
var ConversationDeviants = []Variant{
	{
		Name: "conv-sender-not-listed", Breaks: "get_list shows a conversation only to a user who has received a message in it, not to its sender",
		Kills: convIDs("CONV", "001", "002", "004"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			s := &convSenders{seen: map[[2]string]bool{}}
			return convChain(s.watch("openim/sendmsg", "openim/importmsg", "openim/batchsendmsg"), convFiltered(func(user, peer string) bool { return s.wrote(peer, user) }))
		},
	},
	{
		Name: "conv-import-not-listed", Breaks: "importmsg does not update the conversation list: only conversations with a sent message are listed",
		Kills: convIDs("CONV", "002", "003"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			s := &convSenders{seen: map[[2]string]bool{}}
			return convChain(s.watch("openim/sendmsg", "openim/batchsendmsg"), convFiltered(func(user, peer string) bool { return s.wrote(peer, user) || s.wrote(user, peer) }))
		},
	},
	{
		Name: "conv-ordered-by-peer", Breaks: "get_list orders conversations by the peer's UserID, not by the time of their last message",
		Kills: convIDs("CONV", "003"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convItems(func(user string, items []any) []any {
				sort.SliceStable(items, func(i, j int) bool { return convPeer(items[i]) < convPeer(items[j]) })
				return items
			})
		},
	},
	{
		Name: "conv-time-never-moves", Breaks: "a conversation keeps the MsgTime it was first listed with: later messages do not update it",
		Kills: convIDs("CONV", "003"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			first := map[[2]string]any{}
			return convItems(func(user string, items []any) []any {
				mu.Lock()
				defer mu.Unlock()
				for _, it := range items {
					o := it.(map[string]any)
					k := [2]string{user, convPeer(it)}
					if t, ok := first[k]; ok {
						o["MsgTime"] = t
					} else {
						first[k] = o["MsgTime"]
					}
				}
				return items
			})
		},
	},
	{
		Name: "conv-never-complete", Breaks: "get_list answers CompleteFlag 0 on every page, so a walk with the cursors never ends",
		Kills: convIDs("CONV", "004"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convListPath, editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					m["CompleteFlag"] = 0
				}
			}))
		},
	},
	{
		Name: "conv-second-page-repeats", Breaks: "get_list ignores the cursors: the page after the first is the first page again",
		Kills: convIDs("CONV", "004"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convListPath, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				firstPage := true
				for _, f := range []string{"TimeStamp", "StartIndex", "TopTimeStamp", "TopStartIndex"} {
					if n, _ := m[f].(float64); n != 0 {
						firstPage = false
						m[f] = 0
					}
				}
				c.Body = encode(m)
				a := next(c)
				if e := envelope(a.Body); firstPage && e != nil && code(a) == 0 {
					if items, _ := e["SessionItem"].([]any); len(items) > 0 {
						e["CompleteFlag"] = 0
						e["TimeStamp"], e["StartIndex"] = 1, 1
						a.Body = encode(e)
					}
				}
				return a
			})
		},
	},
	{
		Name: "conv-delete-changes-nothing", Breaks: "recentcontact/delete answers OK but leaves the conversation and its history",
		Kills: convIDs("CONV", "005", "006"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convDeletePath, func(m map[string]any) {
				if _, ok := m["To_Account"].(string); ok {
					m["To_Account"] = m["From_Account"] // the user's conversation with itself, which none of them has
				}
				delete(m, "ClearRamble")
			})
		},
	},
	{
		Name: "conv-delete-both-sides", Breaks: "recentcontact/delete also takes the conversation out of the peer's list",
		Kills: convIDs("CONV", "005"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convAlso(convDeletePath, func(m map[string]any) (string, map[string]any) {
				return convDeletePath, map[string]any{"From_Account": m["To_Account"], "Type": 1, "To_Account": m["From_Account"]}
			})
		},
	},
	{
		Name: "conv-clear-ramble-ignored", Breaks: "recentcontact/delete with ClearRamble 1 keeps the user's history",
		Kills: convIDs("CONV", "006"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convDeletePath, func(m map[string]any) { delete(m, "ClearRamble") })
		},
	},
	{
		Name: "conv-clear-ramble-both-sides", Breaks: "ClearRamble 1 also clears the peer's history",
		Kills: convIDs("CONV", "006"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convAlso(convDeletePath, func(m map[string]any) (string, map[string]any) {
				if n, _ := m["ClearRamble"].(float64); n != 1 {
					return "", nil
				}
				return convDeletePath, map[string]any{"From_Account": m["To_Account"], "Type": 1, "To_Account": m["From_Account"], "ClearRamble": 1}
			})
		},
	},
	{
		Name: "conv-delete-always-clears", Breaks: "recentcontact/delete without ClearRamble clears the user's history too",
		Kills: convIDs("CONV", "005"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convDeletePath, func(m map[string]any) { m["ClearRamble"] = 1 })
		},
	},
	{
		Name: "conv-deleted-for-good", Breaks: "a deleted conversation never comes back, whatever messages follow",
		Kills: convIDs("CONV", "007"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			gone := map[[2]string]bool{}
			return convChain(convAlso(convDeletePath, func(m map[string]any) (string, map[string]any) {
				from, _ := m["From_Account"].(string)
				to, _ := m["To_Account"].(string)
				mu.Lock()
				gone[[2]string{from, to}] = true
				mu.Unlock()
				return "", nil
			}), convFiltered(func(user, peer string) bool {
				mu.Lock()
				defer mu.Unlock()
				return !gone[[2]string{user, peer}]
			}))
		},
	},
	{
		Name: "conv-unknown-account-accepted", Breaks: "get_list and delete answer OK for a From_Account that was never imported",
		Kills: convIDs("CONV", "008", "009"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convChain(
				convAnswerOK(convListPath, map[string]any{"SessionItem": []any{}, "CompleteFlag": 1, "TimeStamp": 0, "StartIndex": 0, "TopTimeStamp": 0, "TopStartIndex": 0}, 50001),
				convAnswerOK(convDeletePath, nil, 50001))
		},
	},
	{
		Name: "conv-unknown-group-deleted", Breaks: "recentcontact/delete of a group conversation answers OK for a group that does not exist",
		Kills: convIDs("CONV", "010"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convDeletePath, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["Type"] == float64(2) {
					return convOKWith(nil)
				}
				return next(c)
			})
		},
	},
	{
		Name: "cgroup-create-keeps-nothing", Breaks: "create_contact_group answers OK with a GroupId but keeps no group",
		Kills: convIDs("CGROUP", "001"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convAlso(convCreatePath, func(m map[string]any) (string, map[string]any) {
				items, _ := m["GroupContactItem"].([]any)
				if len(items) != 1 {
					return "", nil
				}
				g, _ := items[0].(map[string]any)
				return convDelPath, map[string]any{"From_Account": m["From_Account"], "GroupName": []any{g["GroupName"]}}
			})
		},
	},
	{
		Name: "cgroup-rename-ignored", Breaks: "update_contact_group answers OK to a rename (UpdateGroupType 1) and keeps the old name",
		Kills: convIDs("CGROUP", "002"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convUpdatePath, func(c *call, next func(*call) answer) answer {
				m, _ := requestFields(c.Body)
				if g, ok := m["UpdateGroup"].(map[string]any); ok && g["UpdateGroupType"] == float64(1) {
					return convOKWith(map[string]any{"UpdateType": 1})
				}
				return next(c)
			})
		},
	},
	{
		Name: "cgroup-members-ignored", Breaks: "update_contact_group answers OK to UpdateGroupType 2 but adds and removes no conversation",
		Kills: convIDs("CGROUP", "003"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convUpdatePath, func(m map[string]any) {
				if g, ok := m["UpdateGroup"].(map[string]any); ok {
					delete(g, "ContactUpdateItem")
				}
			})
		},
	},
	{
		Name: "cgroup-delete-comes-back", Breaks: "del_contact_group answers OK, but a group of the same name is there afterwards",
		Kills: convIDs("CGROUP", "004"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convAlso(convDelPath, func(m map[string]any) (string, map[string]any) {
				names, _ := m["GroupName"].([]any)
				if len(names) != 1 {
					return "", nil
				}
				return convCreatePath, map[string]any{"From_Account": m["From_Account"], "GroupContactItem": []any{map[string]any{"GroupName": names[0], "ContactItem": []any{}}}}
			})
		},
	},
	{
		Name: "cgroup-delete-unknown-ok", Breaks: "del_contact_group answers OK for a group name the user does not have",
		Kills: convIDs("CGROUP", "005"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return convAnswerOK(convDelPath, map[string]any{"GroupItem": []any{}}, 51009) },
	},
	{
		Name: "cgroup-no-group-limit", Breaks: "create_contact_group answers OK for a 21st conversation group",
		Kills: convIDs("CGROUP", "006"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convAnswerOK(convCreatePath, map[string]any{"GroupResultItem": []any{map[string]any{"GroupItem": map[string]any{"GroupName": "x", "GroupId": 21}, "ResultItem": []any{}}}}, 51010)
		},
	},
	{
		Name: "cgroup-long-name-cut", Breaks: "create_contact_group cuts a GroupName over 32 bytes to 32 instead of answering 51011",
		Kills: convIDs("CGROUP", "007"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convCreatePath, func(m map[string]any) {
				items, _ := m["GroupContactItem"].([]any)
				for _, it := range items {
					if g, ok := it.(map[string]any); ok {
						if name, ok := g["GroupName"].(string); ok && len(name) > 32 {
							g["GroupName"] = name[:32]
						}
					}
				}
			})
		},
	},
	{
		Name: "cgroup-search-without-groups", Breaks: "search_contact_group returns conversations without their ContactGroupId and names no group",
		Kills: convIDs("CGROUP", "008"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convSearchPath, convChain(editAnswer(func(c *call, m map[string]any, a *answer) {
				delete(m, "GroupItem")
			}), convEachContact(func(o map[string]any) { delete(o, "ContactGroupId") })))
		},
	},
	{
		Name: "mark-standard-ignored", Breaks: "mark_contact answers OK but sets and clears no standard mark",
		Kills: convIDs("MARK", "001"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convMarkPath, func(m map[string]any) {
				items, _ := m["MarkItem"].([]any)
				for _, it := range items {
					if o, ok := it.(map[string]any); ok {
						delete(o, "SetMark")
						delete(o, "ClearMark")
					}
				}
			})
		},
	},
	{
		Name: "mark-standard-clears-custom", Breaks: "mark_contact with OptType 1 (standard marks) also clears the custom mark",
		Kills: convIDs("MARK", "002"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return convRewrite(convMarkPath, func(m map[string]any) {
				items, _ := m["MarkItem"].([]any)
				for _, it := range items {
					if o, ok := it.(map[string]any); ok && o["OptType"] == float64(1) {
						o["OptType"] = 3
						delete(o, "CustomMark")
					}
				}
			})
		},
	},
	{
		Name: "mark-count-unchecked", Breaks: "mark_contact takes an empty MarkItem and one of over 100 marks (the first 100 kept)",
		Kills: convIDs("MARK", "003"), Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(convMarkPath, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				items, isList := m["MarkItem"].([]any)
				switch {
				case !ok || !isList:
				case len(items) == 0:
					return convOKWith(map[string]any{"ResultItem": []any{}})
				case len(items) > 100:
					m["MarkItem"] = items[:100]
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},

	// Perturbations of what the conversation pages leave open.
	{
		Name: "conv-oldest-first", Breaks: "get_list lists conversations oldest first, as the page's sample does", Benign: true,
		Labels: "family:conversations", Suite: "c2c",
		Middleware: func() middleware {
			return convItems(func(user string, items []any) []any {
				slices.Reverse(items)
				return items
			})
		},
	},
	{
		Name: "mark-bits-left-first", Breaks: "StandardMark written with bit 0 first, at its left end (the page gives no order)", Benign: true,
		Labels: "family:conversations", Suite: "c2c",
		Middleware: func() middleware {
			return convEachContact(func(o map[string]any) {
				if s, ok := o["StandardMark"].(string); ok {
					o["StandardMark"] = convReverse(s)
				}
			})
		},
	},
	{
		Name: "search-results-as-contactitem", Breaks: "search_contact_group returns its results in ContactItem, the name its response table uses", Benign: true,
		Labels: "family:conversations", Suite: "c2c",
		Middleware: func() middleware {
			return only(convSearchPath, editAnswer(func(c *call, m map[string]any, a *answer) {
				if v, ok := m["ContactResultItem"]; ok {
					m["ContactItem"] = v
					delete(m, "ContactResultItem")
				}
			}))
		},
	},
	{
		Name: "unknown-group-10010", Breaks: "deleting the conversation of a group that does not exist answers the group family's 10010", Benign: true,
		Labels: "family:conversations", Suite: "c2c",
		Middleware: func() middleware {
			return only(convDeletePath, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["Type"] == float64(2) {
					return failWith(10010, "group does not exist")
				}
				return next(c)
			})
		},
	},
}
