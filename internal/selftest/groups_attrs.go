package selftest

import (
	"time"

	"github.com/chatconform/chatconform/emulator"
)

const (
	attrModify = gsvc + "modify_group_attr"
	attrSet    = gsvc + "set_group_attr"
	attrClear  = gsvc + "clear_group_attr"
	attrDelete = gsvc + "delete_group_attr"
	attrUpdate = gsvc + "update_group_counter"
	attrCount  = gsvc + "get_group_counter"
	attrUncnt  = gsvc + "delete_group_counter"
)

// attrOn runs the attribute and counter checks of the endpoints given
// (paths after group_open_http_svc/), rate checks left out.
func attrOn(cmds ...string) string {
	return groupsOn(cmds...) + " && family:group-attributes"
}

func attrIDs(prefix string, nums ...string) []string { return gids(prefix, nums...) }

// attrRedirect sends calls of from to the endpoint to instead.
func attrRedirect(from, to string) func() middleware {
	return func() middleware {
		return only(from, func(c *call, next func(*call) answer) answer {
			c.Endpoint = to
			return next(c)
		})
	}
}

// attrCounterMode rewrites update_group_counter's Mode from one to another.
func attrCounterMode(from, to string) func() middleware {
	return func() middleware {
		return only(attrUpdate, func(c *call, next func(*call) answer) answer {
			if m, ok := requestFields(c.Body); ok && m["Mode"] == from {
				m["Mode"] = to
				c.Body = encode(m)
			}
			return next(c)
		})
	}
}

// AttrDeviants break the attribute and counter rules.
var AttrDeviants = []Variant{
	groupDeviant("attr-modify-replaces", "modify_group_attr replaces every attribute instead of adding and updating",
		attrIDs("ATTR", "001"), attrOn("modify_group_attr"), attrRedirect(attrModify, attrSet)),
	groupDeviant("attr-set-merges", "set_group_attr adds and updates like modify_group_attr, keeping the keys it leaves out",
		attrIDs("ATTR", "002"), attrOn("set_group_attr"), attrRedirect(attrSet, attrModify)),
	groupDeviant("attr-clear-noop", "clear_group_attr answers OK and removes nothing",
		attrIDs("ATTR", "003"), attrOn("clear_group_attr"), noop("clear_group_attr")),
	groupDeviant("attr-delete-clears", "delete_group_attr removes every attribute, not only the keys it names",
		attrIDs("ATTR", "004"), attrOn("delete_group_attr"), attrRedirect(attrDelete, attrClear)),
	groupDeviant("attr-delete-missing-ok", "delete_group_attr of a key that does not exist answers OK",
		attrIDs("ATTR", "005"), attrOn("delete_group_attr"), func() middleware { return only(attrDelete, recode(0, 10050)) }),
	groupDeviant("attr-long-key-ok", "a key over 32 bytes answers OK (and is not stored)",
		attrIDs("ATTR", "006"), attrOn("modify_group_attr"), func() middleware { return only(attrModify, recode(0, 10045)) }),
	groupDeviant("attr-32-byte-key-refused", "a key of 32 bytes, the limit, is refused with 10045",
		attrIDs("ATTR", "006"), attrOn("modify_group_attr"), attrRefuseItems(attrModify, 10045, func(k, v string) bool { return len(k) == 32 })),
	groupDeviant("attr-long-value-ok", "a value over 4,000 bytes answers OK (and is not stored)",
		attrIDs("ATTR", "007"), attrOn("modify_group_attr"), func() middleware { return only(attrModify, recode(0, 10046)) }),
	groupDeviant("attr-4000-byte-value-refused", "a value of 4,000 bytes, the limit, is refused with 10046",
		attrIDs("ATTR", "007"), attrOn("modify_group_attr"), attrRefuseItems(attrModify, 10046, func(k, v string) bool { return len(v) == 4000 })),
	groupDeviant("attr-key-count-10004", "17 keys are refused with the generic 10004, not 10047",
		attrIDs("ATTR", "008"), attrOn("set_group_attr"), func() middleware { return only(attrSet, recode(10004, 10047)) }),
	groupDeviant("attr-15-keys", "the key limit is 15: a 16th key is refused with 10047",
		attrIDs("ATTR", "008"), attrOn("set_group_attr"), attrRefuseCount(attrSet, 16, 10047)),
	groupDeviant("attr-total-size-ok", "values over 16,000 bytes in all answer OK (and are not stored)",
		attrIDs("ATTR", "009"), attrOn("set_group_attr"), func() middleware { return only(attrSet, recode(0, 10048)) }),
	groupDeviant("attr-avchatroom-only", "custom attributes work in AVChatRoom groups only: other types get 10007",
		attrIDs("ATTR", "010"), attrOn("modify_group_attr"),
		func() middleware {
			return only(attrModify, func(c *call, next func(*call) answer) answer {
				if _, typ := groupOf(next, c); typ != "" && typ != "AVChatRoom" {
					return failWith(10007, "this group type has no custom attributes")
				}
				return next(c)
			})
		}),
	groupDeviant("attr-community-clear", "clear_group_attr clears a Community group's attributes",
		attrIDs("ATTR", "011"), attrOn("clear_group_attr"),
		func() middleware {
			return only(attrClear, func(c *call, next func(*call) answer) answer {
				if id, typ := groupOf(next, c); typ == "Community" {
					c.Endpoint, c.Body = attrSet, encode(map[string]any{"GroupId": id, "GroupAttr": []any{}})
				}
				return next(c)
			})
		}),
	groupDeviant("attr-writes-unthrottled", "modify_group_attr takes any number of writes a second: a throttled write is held back and done later",
		attrIDs("ATTR", "012"), attrOn("modify_group_attr"),
		func() middleware {
			return only(attrModify, func(c *call, next func(*call) answer) answer {
				for {
					if a := next(c); code(a) != 10049 {
						return a
					}
					time.Sleep(200 * time.Millisecond)
				}
			})
		}),
	groupDeviant("attr-10049-applied", "a write refused with 10049 is applied anyway",
		attrIDs("ATTR", "012"), attrOn("modify_group_attr"),
		func() middleware {
			return only(attrModify, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) == 10049 {
					time.Sleep(1100 * time.Millisecond) // out of the window: the late write wins
					next(c)
					return failWith(10049, "over 5 attribute writes a second for this group")
				}
				return a
			})
		}),

	// Counters.
	groupDeviant("attr-counter-set-ignored", "update_group_counter Set answers the values given but stores nothing",
		attrIDs("COUNTER", "001"), attrOn("update_group_counter"),
		func() middleware {
			return only(attrUpdate, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["Mode"] != "Set" {
					return next(c)
				}
				a := okAnswer()
				a.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "GroupCounter": m["GroupCounter"]})
				return a
			})
		}),
	groupDeviant("attr-increase-sets", "Mode Increase sets the value instead of adding it",
		attrIDs("COUNTER", "002"), attrOn("update_group_counter"), attrCounterMode("Increase", "Set")),
	groupDeviant("attr-decrease-adds", "Mode Decrease adds the value instead of subtracting it",
		attrIDs("COUNTER", "003"), attrOn("update_group_counter"), attrCounterMode("Decrease", "Increase")),
	groupDeviant("attr-counter-keys-ignored", "get_group_counter ignores GroupCounterKeys and lists every counter",
		attrIDs("COUNTER", "004"), attrOn("get_group_counter"), dropFields("get_group_counter", "GroupCounterKeys")),
	groupDeviant("attr-counter-delete-keys-ignored", "delete_group_counter ignores GroupCounterKeys and deletes every counter",
		attrIDs("COUNTER", "005"), attrOn("delete_group_counter"), dropFields("delete_group_counter", "GroupCounterKeys")),
	groupDeviant("attr-counter-delete-noop", "delete_group_counter answers OK and deletes nothing",
		attrIDs("COUNTER", "005"), attrOn("delete_group_counter"), noop("delete_group_counter")),
	groupDeviant("attr-counter-21-keys", "update_group_counter with 21 keys answers 10063 but stores its first key",
		attrIDs("COUNTER", "006"), attrOn("update_group_counter"),
		func() middleware {
			return only(attrUpdate, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 10063 {
					if list, _ := m["GroupCounter"].([]any); len(list) > 20 {
						m["GroupCounter"] = list[:1]
						next(&call{Method: c.Method, Endpoint: c.Endpoint, Query: c.Query, Header: c.Header, Body: encode(m)})
					}
				}
				return a
			})
		}),
	groupDeviant("attr-community-counters", "a Community's counter calls answer OK",
		attrIDs("COUNTER", "007"), attrOn("update_group_counter", "get_group_counter", "delete_group_counter"),
		func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != attrUpdate && c.Endpoint != attrCount && c.Endpoint != attrUncnt {
					return next(c)
				}
				if _, typ := groupOf(next, c); typ == "Community" {
					return okAnswer()
				}
				return next(c)
			}
		}),

	// The callback.
	// With every callback dropped ATTR-HOOK-002 is blocked (its setup's
	// modify_group_attr sends none); attr-hook-missing-but-modify kills it.
	hookDeviant("attr-hook-missing", hooksOn("modify_group_attr", "set_group_attr"), "the attribute writes send no CallbackAfterGroupAttrChanged",
		attrIDs("ATTR-HOOK", "001"), dropAttrHooks(func(h *hook) bool { return true })),
	hookDeviant("attr-hook-missing-but-modify", hooksOn("set_group_attr"), "set_group_attr, delete_group_attr and clear_group_attr send no CallbackAfterGroupAttrChanged (modify_group_attr still does)",
		attrIDs("ATTR-HOOK", "002"), dropAttrHooks(func(h *hook) bool {
			m := hookBody(h)
			return m != nil && m["OptionType"] != "modify"
		})),
	hookDeviant("attr-hook-twice", hooksOn("modify_group_attr", "set_group_attr"), "CallbackAfterGroupAttrChanged is sent twice per write",
		attrIDs("ATTR-HOOK", "001", "002"), func(h *hook, forward func(*hook) []byte) []byte {
			if h.Command == "Group.CallbackAfterGroupAttrChanged" {
				forward(h)
			}
			return forward(h)
		}),
	hookDeviant("attr-hook-keys-dropped", hooksOn("modify_group_attr"), "CallbackAfterGroupAttrChanged carries an empty GroupAttr",
		attrIDs("ATTR-HOOK", "001"), editHook("Group.CallbackAfterGroupAttrChanged", func(m map[string]any) { m["GroupAttr"] = []any{} })),
	{Name: "attr-hook-on-refusal", Breaks: "a refused attribute write fires CallbackAfterGroupAttrChanged",
		Kills: attrIDs("ATTR-HOOK", "003"), Suite: "groups", Labels: hooksOn("modify_group_attr"),
		Options: func(o *emulator.Options) { o.NoLimits = true },
		Middleware: func() middleware {
			return only(attrModify, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 10045 {
					id, _ := m["GroupId"].(string)
					// The refused write is followed by one that fires the callback, answered as refused.
					next(&call{Method: c.Method, Endpoint: attrModify, Query: c.Query, Header: c.Header,
						Body: encode(map[string]any{"GroupId": id, "GroupAttr": []any{map[string]any{"key": "x", "value": "y"}}})})
				}
				return a
			})
		}},
}

// dropAttrHooks drops the attribute callbacks f matches.
func dropAttrHooks(f func(h *hook) bool) hookware {
	return dropHooks(func(h *hook) bool { return h.Command == "Group.CallbackAfterGroupAttrChanged" && f(h) })()
}

// attrRefuseItems refuses calls of endpoint with code when an item of
// GroupAttr matches f.
func attrRefuseItems(endpoint string, code int, f func(k, v string) bool) func() middleware {
	return func() middleware {
		return only(endpoint, func(c *call, next func(*call) answer) answer {
			if m, ok := requestFields(c.Body); ok {
				list, _ := m["GroupAttr"].([]any)
				for _, it := range list {
					item, _ := it.(map[string]any)
					k, _ := item["key"].(string)
					v, _ := item["value"].(string)
					if f(k, v) {
						return failWith(code, "refused by the deviant")
					}
				}
			}
			return next(c)
		})
	}
}

// attrRefuseCount refuses calls of endpoint with code when GroupAttr holds
// at least n items.
func attrRefuseCount(endpoint string, n, code int) func() middleware {
	return func() middleware {
		return only(endpoint, func(c *call, next func(*call) answer) answer {
			if m, ok := requestFields(c.Body); ok {
				if list, _ := m["GroupAttr"].([]any); len(list) >= n {
					return failWith(code, "refused by the deviant")
				}
			}
			return next(c)
		})
	}
}
