package selftest

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// Endpoints the message deviants change.
const (
	msgSendPath   = "openim/sendmsg"
	msgBatchPath  = "openim/batchsendmsg"
	msgModifyPath = "openim/modify_c2c_msg"
	msgRoamPath   = "openim/admin_getroammsg"
	msgSetKVPath  = "openim_msg_ext_http_svc/set_key_values"
	msgGetKVPath  = "openim_msg_ext_http_svc/get_key_values"
)

// msgRewrite changes the JSON object body of every call of endpoint with f
// before the emulator sees it.
func msgRewrite(endpoint string, f func(m map[string]any)) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		if m, ok := requestFields(c.Body); ok {
			f(m)
			c.Body = encode(m)
		}
		return next(c)
	})
}

// msgAcceptCodes answers OK, with nothing else, where endpoint answered
// one of codes.
func msgAcceptCodes(endpoint string, codes ...int) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		a := next(c)
		for _, cd := range codes {
			if code(a) == cd {
				return okAnswer()
			}
		}
		return a
	})
}

// msgShiftKey moves a MsgKey Seq_Random_Time by d in the part at index i.
func msgShiftKey(key string, i int, d int64) string {
	parts := strings.Split(key, "_")
	if len(parts) != 3 {
		return key
	}
	n, err := strconv.ParseInt(parts[i], 10, 64)
	if err != nil {
		return key
	}
	parts[i] = strconv.FormatInt(n+d, 10)
	return strings.Join(parts, "_")
}

// msgEachList calls f with every object of the answer's list field.
func msgEachList(m map[string]any, field string, f func(item map[string]any)) {
	list, _ := m[field].([]any)
	for _, it := range list {
		if item, ok := it.(map[string]any); ok {
			f(item)
		}
	}
}

// msgExtKeys are the keys a set_key_values call names, as sent.
func msgExtKeys(m map[string]any) []string {
	var keys []string
	list, _ := m["ExtensionList"].([]any)
	for _, it := range list {
		if item, ok := it.(map[string]any); ok {
			if k, ok := item["Key"].(string); ok {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// msgTruncate shortens field of every ExtensionList item to n bytes.
func msgTruncate(field string, n int) middleware {
	return msgRewrite(msgSetKVPath, func(m map[string]any) {
		list, _ := m["ExtensionList"].([]any)
		for _, it := range list {
			if item, ok := it.(map[string]any); ok {
				if s, ok := item[field].(string); ok && len(s) > n {
					item[field] = s[:n]
				}
			}
		}
	})
}

// MessageDeviants break the rules of the c2c suite's messages checks; they run
// the c2c suite. The benign ones at the end answer as another documented
// variant does, which the checks must accept.
var MessageDeviants = []Variant{
	{
		Name: "batch-first-recipient-only", Breaks: "batchsendmsg delivers to its first recipient only",
		Kills: []string{"C2C-BATCH-001", "C2C-BATCH-002", "C2C-BATCH-004"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgBatchPath, func(m map[string]any) {
				if to, ok := m["To_Account"].([]any); ok && len(to) > 1 {
					m["To_Account"] = to[:1]
				}
			})
		},
	},
	{
		Name: "batch-not-unread", Breaks: "messages sent with batchsendmsg do not count as unread",
		Kills: []string{"C2C-BATCH-001"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgBatchPath, func(m map[string]any) { m["SendMsgControl"] = []string{"NoUnread"} })
		},
	},
	{
		Name: "batch-no-errorlist", Breaks: "batchsendmsg leaves the recipients it could not reach out of its answer",
		Kills: []string{"C2C-BATCH-002"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgBatchPath, editAnswer(func(c *call, m map[string]any, a *answer) { delete(m, "ErrorList") }))
		},
	},
	{
		Name: "batch-to-nobody-ok", Breaks: "a batch that reaches no recipient answers OK",
		Kills: []string{"C2C-BATCH-003"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgAcceptCodes(msgBatchPath, 90012) },
	},
	{
		Name: "batch-cap-100", Breaks: "batchsendmsg refuses more than 100 recipients, not more than 500",
		Kills: []string{"C2C-BATCH-004"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgBatchPath, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if to, ok := m["To_Account"].([]any); ok && len(to) > 100 {
						return failWith(90011, "too many recipients")
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "batch-no-cap", Breaks: "batchsendmsg sends to the first 500 of more recipients instead of refusing",
		Kills: []string{"C2C-BATCH-005"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgBatchPath, func(m map[string]any) {
				if to, ok := m["To_Account"].([]any); ok && len(to) > 500 {
					m["To_Account"] = to[:500]
				}
			})
		},
	},
	{
		Name: "batch-unknown-sender-is-admin", Breaks: "batchsendmsg from a never-imported From_Account sends as the admin",
		Kills: []string{"C2C-BATCH-006"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgBatchPath, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 90008 {
					delete(m, "From_Account")
					c.Body = encode(m)
					return next(c)
				}
				return a
			})
		},
	},
	{
		Name: "batch-msgkey-mismatch", Breaks: "batchsendmsg answers a MsgKey other than the stored message's",
		Kills: []string{"C2C-BATCH-001", "C2C-BATCH-007"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgBatchPath, editAnswer(func(c *call, m map[string]any, a *answer) {
				if k, ok := m["MsgKey"].(string); ok {
					m["MsgKey"] = msgShiftKey(k, 0, 1)
				}
			}))
		},
	},
	{
		Name: "batch-stores-online-only", Breaks: "batchsendmsg stores and counts a message sent with MsgLifeTime 0",
		Kills: []string{"C2C-BATCH-008"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgBatchPath, func(m map[string]any) { delete(m, "MsgLifeTime") })
		},
	},

	{
		Name: "modify-changes-nothing", Breaks: "modify_c2c_msg answers OK and changes nothing",
		Kills: []string{"C2C-MODIFY-001", "C2C-MODIFY-002", "C2C-MODIFY-003"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgModifyPath, func(c *call, next func(*call) answer) answer { return okAnswer() })
		},
	},
	{
		Name: "modify-body-clears-custom", Breaks: "modify_c2c_msg with MsgBody only also clears CloudCustomData",
		Kills: []string{"C2C-MODIFY-001"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgModifyPath, func(m map[string]any) {
				if _, body := m["MsgBody"]; body {
					if _, custom := m["CloudCustomData"]; !custom {
						m["CloudCustomData"] = ""
					}
				}
			})
		},
	},
	{
		Name: "modify-custom-resets-body", Breaks: "modify_c2c_msg with CloudCustomData only also replaces MsgBody",
		Kills: []string{"C2C-MODIFY-002"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgModifyPath, func(m map[string]any) {
				if _, custom := m["CloudCustomData"]; custom {
					if _, body := m["MsgBody"]; !body {
						m["MsgBody"] = []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": ""}}}
					}
				}
			})
		},
	},
	{
		Name: "modify-both-keeps-custom", Breaks: "modify_c2c_msg with MsgBody and CloudCustomData changes the MsgBody only",
		Kills: []string{"C2C-MODIFY-003"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgModifyPath, func(m map[string]any) {
				if _, body := m["MsgBody"]; body {
					delete(m, "CloudCustomData")
				}
			})
		},
	},
	{
		Name: "modify-moves-message", Breaks: "a modified message moves to a new second and MsgKey in the history",
		Kills: []string{"C2C-MODIFY-004"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			modified := map[string]bool{}
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				switch c.Endpoint {
				case msgModifyPath:
					if m, ok := requestFields(c.Body); ok && code(a) == 0 {
						key, _ := m["MsgKey"].(string)
						mu.Lock()
						modified[key] = true
						mu.Unlock()
					}
				case msgRoamPath:
					m := envelope(a.Body)
					mu.Lock()
					msgEachList(m, "MsgList", func(it map[string]any) {
						key, _ := it["MsgKey"].(string)
						if !modified[key] {
							return
						}
						it["MsgKey"] = msgShiftKey(key, 2, 1)
						if n, ok := it["MsgTimeStamp"].(json.Number); ok {
							if t, err := n.Int64(); err == nil {
								it["MsgTimeStamp"] = t + 1
							}
						}
					})
					mu.Unlock()
					if m != nil {
						a.Body = encode(m)
					}
				}
				return a
			}
		},
	},
	{
		Name: "modify-unknown-key-ok", Breaks: "modify_c2c_msg answers OK for a MsgKey that names no message",
		Kills: []string{"C2C-MODIFY-005"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgAcceptCodes(msgModifyPath, 20022) },
	},
	{
		Name: "modify-recalled-ok-unchanged", Breaks: "modify_c2c_msg answers OK for a recalled message but changes nothing",
		Kills: []string{"C2C-MODIFY-006"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgAcceptCodes(msgModifyPath, 20023) },
	},
	{
		Name: "modify-unknown-accounts-ok", Breaks: "modify_c2c_msg answers OK for a never-imported From_Account or To_Account",
		Kills: []string{"C2C-MODIFY-007", "C2C-MODIFY-008"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgAcceptCodes(msgModifyPath, 20003, 90012) },
	},

	{
		Name: "sendmsg-drops-extension-flag", Breaks: "sendmsg does not record SupportMessageExtension 1",
		Kills: []string{"C2C-EXT-001", "C2C-EXT-009"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgSendPath, func(m map[string]any) { delete(m, "SupportMessageExtension") })
		},
	},
	{
		Name: "every-message-extensible", Breaks: "a message sent without SupportMessageExtension takes extensions",
		Kills: []string{"C2C-EXT-007"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgSendPath, func(m map[string]any) { m["SupportMessageExtension"] = 1 })
		},
	},
	{
		Name: "ext-seq-frozen", Breaks: "every extension pair reports Seq 1, however often it is written",
		Kills: []string{"C2C-EXT-002"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				if c.Endpoint != msgSetKVPath && c.Endpoint != msgGetKVPath {
					return a
				}
				m := envelope(a.Body)
				msgEachList(m, "ExtensionList", func(it map[string]any) {
					if ext, ok := it["Extension"].(map[string]any); ok {
						ext["Seq"] = 1
					} else {
						it["Seq"] = 1
					}
				})
				if _, ok := m["LatestSeq"]; ok {
					m["LatestSeq"] = 1
				}
				if m != nil {
					a.Body = encode(m)
				}
				return a
			}
		},
	},
	{
		Name: "ext-admin-seq-checked", Breaks: "set_key_values checks the App admin's Seq and answers 23001 for a stale one",
		Kills: []string{"C2C-EXT-003"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			set := map[string]bool{} // MsgKey + "\x00" + Key
			return only(msgSetKVPath, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["OperateType"] != float64(1) {
					return next(c)
				}
				msgKey, _ := m["MsgKey"].(string)
				list, _ := m["ExtensionList"].([]any)
				mu.Lock()
				for _, it := range list {
					item, _ := it.(map[string]any)
					k, _ := item["Key"].(string)
					if seq, _ := item["Seq"].(float64); seq == 0 && set[msgKey+"\x00"+k] {
						mu.Unlock()
						return answer{Status: 200, Header: okAnswer().Header, Body: encode(map[string]any{
							"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
							"ExtensionList": []any{map[string]any{"ErrorCode": 23001, "Extension": map[string]any{"Key": k, "Value": "", "Seq": 1}}},
						})}
					}
				}
				mu.Unlock()
				a := next(c)
				if code(a) == 0 {
					mu.Lock()
					for _, k := range msgExtKeys(m) {
						set[msgKey+"\x00"+k] = true
					}
					mu.Unlock()
				}
				return a
			})
		},
	},
	{
		Name: "ext-delete-clears-all", Breaks: "set_key_values with OperateType 2 clears every pair, not the listed ones",
		Kills: []string{"C2C-EXT-004"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgSetKVPath, func(m map[string]any) {
				if m["OperateType"] == float64(2) {
					m["OperateType"] = 3
					delete(m, "ExtensionList")
				}
			})
		},
	},
	{
		Name: "ext-clear-ignored", Breaks: "set_key_values with OperateType 3 answers OK and clears nothing",
		Kills: []string{"C2C-EXT-005"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgSetKVPath, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["OperateType"] == float64(3) {
					return okAnswer()
				}
				return next(c)
			})
		},
	},
	{
		Name: "ext-startseq-ignored", Breaks: "get_key_values ignores StartSeq and returns every pair",
		Kills: []string{"C2C-EXT-006"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgGetKVPath, func(m map[string]any) { delete(m, "StartSeq") })
		},
	},
	{
		Name: "ext-unknown-message-ok", Breaks: "the extension endpoints answer OK for a MsgKey that names no message",
		Kills: []string{"C2C-EXT-008"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				if (c.Endpoint == msgSetKVPath || c.Endpoint == msgGetKVPath) && code(a) == 23004 {
					return answer{Status: 200, Header: okAnswer().Header,
						Body: []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ExtensionList":[],"CompleteFlag":1,"LatestSeq":0,"ClearSeq":0}`)}
				}
				return a
			}
		},
	},
	{
		Name: "ext-list-truncated-to-20", Breaks: "set_key_values stores the first 20 of more pairs instead of refusing the call",
		Kills: []string{"C2C-EXT-009"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return msgRewrite(msgSetKVPath, func(m map[string]any) {
				if list, ok := m["ExtensionList"].([]any); ok && len(list) > 20 {
					m["ExtensionList"] = list[:20]
				}
			})
		},
	},
	{
		Name: "ext-long-key-shortened", Breaks: "set_key_values cuts a Key over 100 bytes to 100 instead of refusing it",
		Kills: []string{"C2C-EXT-010"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgTruncate("Key", 100) },
	},
	{
		Name: "ext-long-value-shortened", Breaks: "set_key_values cuts a Value over 1,000 bytes to 1,000 instead of refusing it",
		Kills: []string{"C2C-EXT-011"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgTruncate("Value", 1000) },
	},
	{
		Name: "ext-cap-200-pairs", Breaks: "a message holds at most 200 extension pairs, not 300",
		Kills: []string{"C2C-EXT-012"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			keys := map[string]map[string]bool{} // MsgKey -> keys set
			return only(msgSetKVPath, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["OperateType"] != float64(1) {
					return next(c)
				}
				msgKey, _ := m["MsgKey"].(string)
				mu.Lock()
				if keys[msgKey] == nil {
					keys[msgKey] = map[string]bool{}
				}
				have := keys[msgKey]
				n := len(have)
				for _, k := range msgExtKeys(m) {
					if !have[k] {
						n++
					}
				}
				mu.Unlock()
				if n > 200 {
					return failWith(10004, "too many pairs")
				}
				a := next(c)
				if code(a) == 0 {
					mu.Lock()
					for _, k := range msgExtKeys(m) {
						have[k] = true
					}
					mu.Unlock()
				}
				return a
			})
		},
	},
	{
		Name: "ext-no-write-limit", Breaks: "set_key_values accepts any number of writes a minute on one message",
		Kills: []string{"C2C-EXT-013"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return msgAcceptCodes(msgSetKVPath, 23003) },
	},
	{
		Name: "ext-write-limit-100", Breaks: "set_key_values answers 23003 after 100 writes on one message, not 200",
		Kills: []string{"C2C-EXT-013"}, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			var mu sync.Mutex
			writes := map[string]int{}
			return only(msgSetKVPath, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				msgKey, _ := m["MsgKey"].(string)
				if !ok {
					return next(c)
				}
				mu.Lock()
				writes[msgKey]++
				over := writes[msgKey] > 100
				mu.Unlock()
				if over {
					return failWith(23003, "too many writes")
				}
				return next(c)
			})
		},
	},

	{
		Name: "batch-someerror", Breaks: "a partly delivered batch answers ActionStatus SomeError, as the page's sample does",
		Benign: true, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgBatchPath, editAnswer(func(c *call, m map[string]any, a *answer) {
				if list, ok := m["ErrorList"].([]any); ok && len(list) > 0 && code(*a) == 0 {
					m["ActionStatus"] = "SomeError"
				}
			}))
		},
	},
	{
		Name: "modify-no-message-20001", Breaks: "modify_c2c_msg answers its own 20001 for a MsgKey that names no message",
		Benign: true, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware { return only(msgModifyPath, recode(20001, 20022)) },
	},
	{
		Name: "ext-get-unsupported-ok", Breaks: "get_key_values answers OK with no pair for a message sent without extensions",
		Benign: true, Labels: withoutRate, Suite: "c2c",
		Middleware: func() middleware {
			return only(msgGetKVPath, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) == 23002 {
					return answer{Status: 200, Header: okAnswer().Header,
						Body: []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ExtensionList":[],"CompleteFlag":1,"LatestSeq":0,"ClearSeq":0}`)}
				}
				return a
			})
		},
	},
}
