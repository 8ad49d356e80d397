package selftest

import (
	"encoding/json"
	"strings"

	"github.com/chatconform/chatconform/emulator"
)

const topicSvc = "million_group_open_http_svc/"

// topicRuns runs the checks of communities and topics, rate checks left
// out; topicHookRuns only their webhook checks.
const (
	topicRuns     = withoutRate + " && family:communities"
	topicHookRuns = topicRuns + " && webhook"
)

func topicIDs(nums ...string) []string { return gids("TOPIC", nums...) }

func topicHookIDs(nums ...string) []string { return gids("TOPIC-HOOK", nums...) }

// topicDeviant is a deviant of the topic calls, through middleware.
func topicDeviant(name, breaks string, kills []string, mw func() middleware) Variant {
	return groupDeviant(name, breaks, kills, topicRuns, mw)
}

// topicEdit rewrites the request of endpoint with f before it goes on.
func topicEdit(endpoint string, f func(m map[string]any)) func() middleware {
	return func() middleware {
		return only(endpoint, func(c *call, next func(*call) answer) answer {
			if m, ok := requestFields(c.Body); ok {
				f(m)
				c.Body = encode(m)
			}
			return next(c)
		})
	}
}

// topicSub sends a call of the deviant's own to endpoint, with the
// credentials of the call it rides on.
func topicSub(next func(*call) answer, c *call, endpoint string, body map[string]any) answer {
	return next(&call{Method: "POST", Endpoint: endpoint, Query: c.Query, Header: c.Header, Body: encode(body)})
}

// TopicDeviants break the topic rules.
var TopicDeviants = []Variant{
	topicDeviant("topic-fields-dropped", "create_topic keeps only the TopicName: Introduction, Notification, FaceUrl and CustomString are lost",
		topicIDs("001"), topicEdit(topicSvc+"create_topic", func(m map[string]any) {
			for _, f := range []string{"Introduction", "Notification", "FaceUrl", "CustomString"} {
				delete(m, f)
			}
		})),
	topicDeviant("topic-custom-id-ignored", "create_topic ignores a custom TopicId and makes one of its own",
		topicIDs("002"), topicEdit(topicSvc+"create_topic", func(m map[string]any) { delete(m, "TopicId") })),
	topicDeviant("topic-id-any-prefix", "create_topic takes a custom TopicId of another GroupId, putting the topic under its own GroupId",
		topicIDs("014"), topicEdit(topicSvc+"create_topic", func(m map[string]any) {
			id, _ := m["TopicId"].(string)
			gid, _ := m["GroupId"].(string)
			if i := strings.Index(id, "@TOPIC#_"); i > 0 && id[:i] != gid {
				m["TopicId"] = gid + id[i:]
			}
		})),
	topicDeviant("topic-any-group", "create_topic answers OK in a group that is not a topic-enabled community, creating nothing",
		topicIDs("003"), func() middleware {
			return only(topicSvc+"create_topic", func(c *call, next func(*call) answer) answer {
				a := next(c)
				if n := code(a); n == 11000 || n == 10007 {
					return okAnswer()
				}
				return a
			})
		}),
	topicDeviant("topic-list-ignored", "get_topic ignores TopicIdList and lists every topic",
		topicIDs("004", "007"), topicEdit(topicSvc+"get_topic", func(m map[string]any) { delete(m, "TopicIdList") })),
	topicDeviant("topic-filter-ignored", "get_topic ignores ResponseFilter and gives every field",
		topicIDs("005"), topicEdit(topicSvc+"get_topic", func(m map[string]any) { delete(m, "ResponseFilter") })),
	topicDeviant("topic-destroy-noop", "destroy_topic answers every topic deleted and deletes none",
		concat(topicIDs("006", "007"), topicHookIDs("003")), func() middleware {
			return only(topicSvc+"destroy_topic", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				list, _ := m["TopicIdList"].([]any)
				if !ok || len(list) == 0 {
					return next(c)
				}
				items := make([]any, len(list))
				for i, id := range list {
					items[i] = map[string]any{"ErrorCode": 0, "ErrorInfo": "ok", "TopicId": id}
				}
				a := okAnswer()
				a.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "DestroyResultItem": items})
				return a
			})
		}),
	topicDeviant("topic-destroy-deleted-ok", "destroy_topic answers a topic that was already deleted with ErrorCode 0",
		topicIDs("007"), func() middleware {
			return only(topicSvc+"destroy_topic", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["DestroyResultItem"].([]any)
				for _, it := range list {
					if item, ok := it.(map[string]any); ok {
						item["ErrorCode"], item["ErrorInfo"] = 0, "ok"
					}
				}
			}))
		}),
	topicDeviant("topic-destroy-failed-items-dropped", "destroy_topic leaves out the DestroyResultItem of a topic it could not delete",
		topicIDs("007"), func() middleware {
			return only(topicSvc+"destroy_topic", editAnswer(func(c *call, m map[string]any, a *answer) {
				list, _ := m["DestroyResultItem"].([]any)
				kept := []any{}
				for _, it := range list {
					if item, _ := it.(map[string]any); item != nil && item["ErrorCode"] == json.Number("0") {
						kept = append(kept, it)
					}
				}
				m["DestroyResultItem"] = kept
			}))
		}),
	topicDeviant("topic-modify-noop", "modify_topic answers OK and changes nothing",
		concat(topicIDs("008", "010"), topicHookIDs("004", "005")), func() middleware {
			return only(topicSvc+"modify_topic", func(c *call, next func(*call) answer) answer {
				if _, ok := requestFields(c.Body); ok {
					return okAnswer()
				}
				return next(c)
			})
		}),
	topicDeviant("topic-modify-missing-ok", "modify_topic of a topic that does not exist answers OK",
		topicIDs("009"), func() middleware {
			return only(topicSvc+"modify_topic", func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 10010 {
					return a
				}
				return okAnswer()
			})
		}),
	topicDeviant("topic-name-truncated", "create_topic and modify_topic cut a TopicName over 30 bytes to 30 instead of refusing it",
		topicIDs("010"), func() middleware {
			cut := func(m map[string]any) {
				if n, _ := m["TopicName"].(string); len(n) > 30 {
					m["TopicName"] = n[:30]
				}
			}
			create, modify := topicEdit(topicSvc+"create_topic", cut)(), topicEdit(topicSvc+"modify_topic", cut)()
			return func(c *call, next func(*call) answer) answer {
				return create(c, func(c *call) answer { return modify(c, next) })
			}
		}),
	topicDeviant("topic-import-time-ignored", "import_topic ignores CreateTime: the topic is created now",
		topicIDs("011"), topicEdit(emulatorImportTopic, func(m map[string]any) { delete(m, "CreateTime") })),
	topicDeviant("topic-import-id-reuse", "import_topic with a TopicId in use makes a topic of another ID instead of refusing",
		topicIDs("012"), func() middleware {
			return only(emulatorImportTopic, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) != 10021 {
					return a
				}
				m, _ := requestFields(c.Body)
				delete(m, "TopicId")
				c.Body = encode(m)
				return next(c)
			})
		}),
	topicDeviant("topic-create-id-reuse", "create_topic with a TopicId in use takes over the topic, renaming it, and answers OK",
		topicIDs("013"), func() middleware {
			return only(topicSvc+"create_topic", func(c *call, next func(*call) answer) answer {
				a := next(c)
				if n := code(a); n != 10025 && n != 10021 {
					return a
				}
				m, _ := requestFields(c.Body)
				topicSub(next, c, topicSvc+"modify_topic", map[string]any{"GroupId": m["GroupId"], "TopicId": m["TopicId"], "TopicName": m["TopicName"]})
				ok := okAnswer()
				ok.Body = encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "TopicId": m["TopicId"]})
				return ok
			})
		}),
	topicDeviant("topic-create-id-used-code", "create_topic answers a TopicId in use with import_topic's 10021 instead of its own table's 10025",
		topicIDs("013"), func() middleware { return only(topicSvc+"create_topic", recode(10021, 10025)) }),
	topicDeviant("topic-messages-in-group", "send_group_msg ignores TopicId: the message goes to the community's own history",
		topicIDs("015"), dropFields("send_group_msg", "TopicId")),
	// Callbacks.
	hookDeviant("topic-after-callbacks-twice", topicHookRuns, "every topic after-callback is sent twice",
		topicHookIDs("001", "003", "004"), func(h *hook, forward func(*hook) []byte) []byte {
			out := forward(h)
			if strings.Contains(h.Command, "Topic") && afterCallback(h.Command) {
				forward(h)
			}
			return out
		}),
	hookDeviant("topic-before-refusal-ignored", topicHookRuns, "Group.CallbackBeforeCreateTopic is sent but its answer ignored: the topic is created",
		topicHookIDs("002"), func(h *hook, forward func(*hook) []byte) []byte {
			out := forward(h)
			if h.Command == "Group.CallbackBeforeCreateTopic" {
				return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
			}
			return out
		}),
	hookDeviant("topic-created-id-wrong", topicHookRuns, "CallbackAfterCreateTopic names a TopicId other than the new topic's",
		topicHookIDs("001"), editHook("Group.CallbackAfterCreateTopic", func(m map[string]any) { m["TopicId"] = "chatconform-wrong" })),
	hookDeviant("topic-destroyed-list-empty", topicHookRuns, "CallbackAfterTopicDestroyed carries an empty TopicIdList",
		topicHookIDs("003"), editHook("Group.CallbackAfterTopicDestroyed", func(m map[string]any) { m["TopicIdList"] = []any{} })),
	hookDeviant("topic-changed-notice-dropped", topicHookRuns, "CallbackAfterTopicInfoChanged leaves out the changed Notification",
		topicHookIDs("004"), editHook("Group.CallbackAfterTopicInfoChanged", func(m map[string]any) { delete(m, "Notification") })),
	{Name: "topic-changed-on-any-field", Breaks: "modify_topic fires CallbackAfterTopicInfoChanged when it changes none of the name, introduction, notice and picture (it renames the topic and back)",
		Kills: topicHookIDs("005", "007"), Suite: "groups", Labels: topicHookRuns,
		Options: func(o *emulator.Options) { o.NoLimits = true }, Middleware: topicUnchangedFires},
	{Name: "topic-import-fires-callbacks", Breaks: "import_topic acts as create_topic, callbacks and all",
		Kills: topicHookIDs("006"), Suite: "groups", Labels: topicHookRuns,
		Options: func(o *emulator.Options) { o.NoLimits = true },
		Middleware: func() middleware {
			return only(emulatorImportTopic, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				delete(m, "CreateTime")
				delete(m, "Type")
				c.Endpoint, c.Body = topicSvc+"create_topic", encode(m)
				return next(c)
			})
		}},
}

// emulatorImportTopic is import_topic's path.
const emulatorImportTopic = gsvc + "import_topic"

// topicUnchangedFires makes a modify_topic that changes none of the
// callback's fields fire it all the same: it renames the topic first and
// has the call give the old name back, so the topic ends as the call
// leaves it and two callbacks go out for a change of nothing.
func topicUnchangedFires() middleware {
	return only(topicSvc+"modify_topic", func(c *call, next func(*call) answer) answer {
		m, ok := requestFields(c.Body)
		gid, _ := m["GroupId"].(string)
		tid, _ := m["TopicId"].(string)
		if !ok || gid == "" || tid == "" {
			return next(c)
		}
		got := envelope(topicSub(next, c, topicSvc+"get_topic", map[string]any{"GroupId": gid, "From_Account": c.Query.Get("identifier"), "TopicIdList": []string{tid}}).Body)
		items, _ := got["TopicAndSelfInfo"].([]any)
		if len(items) != 1 {
			return next(c)
		}
		item, _ := items[0].(map[string]any)
		info, _ := item["TopicInfo"].(map[string]any)
		name, _ := info["TopicName"].(string)
		if name == "" {
			return next(c)
		}
		for _, f := range []string{"TopicName", "Introduction", "Notification", "FaceUrl"} {
			if v, given := m[f]; given && v != info[f] {
				return next(c) // a real change: the emulator reports it
			}
		}
		temp := name + "~"
		if len(temp) > 30 {
			temp = name[:29] + "~"
		}
		if temp == name {
			temp = name[:29] + "-"
		}
		topicSub(next, c, topicSvc+"modify_topic", map[string]any{"GroupId": gid, "TopicId": tid, "TopicName": temp})
		m["TopicName"] = name
		c.Body = encode(m)
		return next(c)
	})
}
