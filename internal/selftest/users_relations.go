package selftest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// frRun is the label filter the profile and friend deviants run the users
// suite with.
const frRun = "(family:relationships || family:accounts) && !rate-limit"

const (
	frPortraitSet = "profile/portrait_set"
	frPortraitGet = "profile/portrait_get"
	frAdd         = "sns/friend_add"
	frImport      = "sns/friend_import"
	frUpdate      = "sns/friend_update"
	frDelete      = "sns/friend_delete"
	frDeleteAll   = "sns/friend_delete_all"
	frCheck       = "sns/friend_check"
	frGet         = "sns/friend_get"
	frGetList     = "sns/friend_get_list"
)

func profIDs(nums ...string) []string { return listIDs("PROFILE", nums...) }
func frIDs(nums ...string) []string   { return listIDs("FRIEND", nums...) }
func hookIDs(nums ...string) []string { return listIDs("HOOK", nums...) }

// frItemsOf reads the objects of a request's array field.
func frItemsOf(m map[string]any, field string) []map[string]any {
	list, _ := m[field].([]any)
	var out []map[string]any
	for _, v := range list {
		if o, ok := v.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// frItemStrings reads the string key of each object of an array field.
func frItemStrings(m map[string]any, field, key string) []string {
	var out []string
	for _, it := range frItemsOf(m, field) {
		if s, ok := it[key].(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// frRewrite edits the request bodies of endpoint with f before the
// emulator gets them.
func frRewrite(endpoint string, f func(m map[string]any)) middleware {
	return only(endpoint, func(c *call, next func(*call) answer) answer {
		if m, ok := requestFields(c.Body); ok {
			f(m)
			c.Body = encode(m)
		}
		return next(c)
	})
}

// frOKItems answers the entries of field in endpoint's answers whose
// ResultCode is one of codes with 0 instead (and no fields), and leaves
// them out of Fail_Account.
func frOKItems(endpoint, field string, codes ...string) middleware {
	return only(endpoint, editAnswer(func(c *call, m map[string]any, a *answer) {
		var failed []any
		for _, it := range frItemsOf(m, field) {
			n, _ := it["ResultCode"].(json.Number)
			if slices.Contains(codes, n.String()) {
				it["ResultCode"], it["ResultInfo"] = 0, ""
				delete(it, "SnsProfileItem")
			} else if n.String() != "0" {
				failed = append(failed, it["To_Account"])
			}
		}
		if len(failed) == 0 {
			delete(m, "Fail_Account")
		} else {
			m["Fail_Account"] = failed
		}
	}))
}

// frHookPairs rewrites the PairList of callbacks of cmd with f.
func frHookPairs(cmd string, f func(pairs []any) []any) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		if m := hookBody(h); m != nil && h.Command == cmd {
			pairs, _ := m["PairList"].([]any)
			m["PairList"] = f(pairs)
			h.Body = encode(m)
		}
		return forward(h)
	}
}

// RelationDeviants break the rules of the users suite's profile and
// friend checks; they run the users suite.
var RelationDeviants = []Variant{
	{
		Name: "profile-number-as-string", Breaks: "portrait_get answers the integer profile fields (Level, BirthDay, ...) as JSON strings",
		Kills: profIDs("001", "003", "009"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frPortraitGet, editAnswer(func(c *call, m map[string]any, a *answer) {
				for _, u := range frItemsOf(m, "UserProfileItem") {
					for _, it := range frItemsOf(u, "ProfileItem") {
						if n, ok := it["Value"].(json.Number); ok {
							it["Value"] = n.String()
						}
					}
				}
			}))
		},
	},
	{
		Name: "portrait-set-replaces-profile", Breaks: "portrait_set clears the fields it does not name",
		Kills: profIDs("003"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frPortraitSet, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				from, isStr := m["From_Account"].(string)
				if !ok || !isStr {
					return next(c)
				}
				named := map[string]bool{}
				for _, it := range frItemsOf(m, "ProfileItem") {
					named[it["Tag"].(string)] = true
				}
				var reset []any
				for tag, zero := range map[string]any{"Tag_Profile_IM_Nick": "", "Tag_Profile_IM_Level": 0, "Tag_Profile_IM_SelfSignature": ""} {
					if !named[tag] {
						reset = append(reset, map[string]any{"Tag": tag, "Value": zero})
					}
				}
				relSide(c, next, frPortraitSet, map[string]any{"From_Account": from, "ProfileItem": reset})
				return next(c)
			})
		},
	},
	{
		Name: "import-drops-nick", Breaks: "account_import ignores Nick and FaceUrl: the profile keeps none",
		Kills: profIDs("002"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite("im_open_login_svc/account_import", func(m map[string]any) {
				delete(m, "Nick")
				delete(m, "FaceUrl")
			})
		},
	},
	{
		Name: "profile-types-coerced", Breaks: "portrait_set turns a value of the wrong JSON type into the field's type and stores it",
		Kills: profIDs("004"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frPortraitSet, func(m map[string]any) {
				for _, it := range frItemsOf(m, "ProfileItem") {
					switch v := it["Value"].(type) {
					case string:
						if n, err := strconv.Atoi(v); err == nil && strings.Contains("Tag_Profile_IM_Level Tag_Profile_IM_Role Tag_Profile_IM_BirthDay Tag_Profile_IM_Language", it["Tag"].(string)) {
							it["Value"] = n
						}
					case float64:
						if it["Tag"] == "Tag_Profile_IM_Nick" {
							it["Value"] = strconv.FormatFloat(v, 'f', -1, 64)
						}
					}
				}
			})
		},
	},
	{
		Name: "profile-enum-unchecked", Breaks: "portrait_set answers OK to a value outside a field's documented values (and stores nothing)",
		Kills: profIDs("005"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frPortraitSet, func(c *call, next func(*call) answer) answer {
				if a := next(c); code(a) != 40605 {
					return a
				}
				return okAnswer()
			})
		},
	},
	{
		Name: "profile-limit-400", Breaks: "string profile fields hold 400 bytes, not 500",
		Kills: profIDs("006"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frPortraitSet, func(c *call, next func(*call) answer) answer {
				m, _ := requestFields(c.Body)
				for _, it := range frItemsOf(m, "ProfileItem") {
					if s, ok := it["Value"].(string); ok && len(s) > 400 {
						return failWith(40601, "Err_Profile_Value_Too_Long")
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "profile-unknown-tags-ignored", Breaks: "tags that are no profile field the app has are ignored instead of refused with 40009",
		Kills: profIDs("007", "008"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Endpoint != frPortraitSet && c.Endpoint != frPortraitGet {
					return next(c)
				}
				a := next(c)
				m, ok := requestFields(c.Body)
				if code(a) != 40009 || !ok {
					return a
				}
				known := func(tag string) bool {
					return strings.HasPrefix(tag, "Tag_Profile_IM_") && !strings.HasSuffix(tag, "Shoesize")
				}
				if c.Endpoint == frPortraitSet {
					var keep []any
					for _, it := range frItemsOf(m, "ProfileItem") {
						if t, _ := it["Tag"].(string); known(t) {
							keep = append(keep, it)
						}
					}
					if len(keep) == 0 {
						return okAnswer()
					}
					m["ProfileItem"] = keep
				} else {
					var keep []string
					for _, t := range relStrings(m, "TagList") {
						if known(t) {
							keep = append(keep, t)
						}
					}
					if len(keep) == 0 {
						keep = []string{"Tag_Profile_IM_Nick"}
					}
					m["TagList"] = keep
				}
				c.Body = encode(m)
				return next(c)
			}
		},
	},
	{
		Name: "one-way-add-both-sides", Breaks: "a one-way friend_add (Add_Type_Single) also puts the adder in the added account's list",
		Kills: frIDs("001", "015"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frAdd, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				from, isStr := m["From_Account"].(string)
				if !ok || !isStr || m["AddType"] != "Add_Type_Single" || code(a) != 0 {
					return a
				}
				for _, it := range frItemsOf(envelope(a.Body), "ResultItem") {
					if n, _ := it["ResultCode"].(json.Number); n.String() == "0" {
						relSide(c, next, frAdd, map[string]any{"From_Account": it["To_Account"], "AddType": "Add_Type_Single", "ForceAddFlags": 1,
							"AddFriendItem": []any{map[string]any{"To_Account": from, "AddSource": "AddSource_Type_dv"}}})
					}
				}
				return a
			})
		},
	},
	{
		Name: "two-way-add-one-side", Breaks: "a two-way friend_add (Add_Type_Both, the default) puts the friend in the adder's list only",
		Kills: frIDs("002", "003", "004", "005"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frAdd, func(m map[string]any) { m["AddType"] = "Add_Type_Single" })
		},
	},
	{
		Name: "add-settings-ignored", Breaks: "friend_add ignores the receiver's Tag_Profile_IM_AllowType: every add is made as if forced",
		Kills: frIDs("004", "006"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frAdd, func(m map[string]any) { m["ForceAddFlags"] = 1 })
		},
	},
	{
		Name: "force-ignored", Breaks: "friend_add ignores ForceAddFlags: a forced add to an account that must confirm stays pending",
		Kills: frIDs("005"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frAdd, func(m map[string]any) { delete(m, "ForceAddFlags") })
		},
	},
	{
		Name: "pending-request-befriends", Breaks: "a request left pending (30539) still puts the friend in the adder's list and fires CallbackFriendAdd",
		Kills: concat(frIDs("004"), hookIDs("004")), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frAdd, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, _ := requestFields(c.Body)
				for _, it := range frItemsOf(envelope(a.Body), "ResultItem") {
					if n, _ := it["ResultCode"].(json.Number); n.String() == "30539" {
						relSide(c, next, frAdd, map[string]any{"From_Account": m["From_Account"], "AddType": "Add_Type_Single", "ForceAddFlags": 1,
							"AddFriendItem": []any{map[string]any{"To_Account": it["To_Account"], "AddSource": "AddSource_Type_dv"}}})
					}
				}
				return a
			})
		},
	},
	{
		Name: "admin-forbid-ignored", Breaks: "portrait_set stores AdminForbid_Type_SendOut as AdminForbid_Type_None: a forbidden user can still add",
		Kills: frIDs("019"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frPortraitSet, func(m map[string]any) {
				for _, it := range frItemsOf(m, "ProfileItem") {
					if it["Value"] == "AdminForbid_Type_SendOut" {
						it["Value"] = "AdminForbid_Type_None"
					}
				}
			})
		},
	},
	{
		Name: "add-fields-dropped", Breaks: "friend_add forgets Remark, GroupName and AddWording",
		Kills: frIDs("007"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frAdd, func(m map[string]any) {
				for _, it := range frItemsOf(m, "AddFriendItem") {
					delete(it, "Remark")
					delete(it, "GroupName")
					delete(it, "AddWording")
				}
			})
		},
	},
	{
		Name: "import-two-way", Breaks: "friend_import also puts the importer in each friend's list",
		Kills: frIDs("008"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frImport, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				if !ok || code(a) != 0 {
					return a
				}
				for _, it := range frItemsOf(m, "AddFriendItem") {
					relSide(c, next, frImport, map[string]any{"From_Account": it["To_Account"],
						"AddFriendItem": []any{map[string]any{"To_Account": m["From_Account"], "AddSource": "AddSource_Type_dv"}}})
				}
				return a
			})
		},
	},
	{
		Name: "update-changes-nothing", Breaks: "friend_update answers ResultCode 0 for each friend but changes nothing",
		Kills: frIDs("009", "017"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frUpdate, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				ups := frItemsOf(m, "UpdateItem")
				if !ok || m["From_Account"] == nil || len(ups) == 0 {
					return next(c)
				}
				items := make([]any, len(ups))
				for i, u := range ups {
					items[i] = map[string]any{"To_Account": u["To_Account"], "ResultCode": 0, "ResultInfo": ""}
				}
				return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "ResultItem": items})}
			})
		},
	},
	{
		Name: "delete-type-swapped", Breaks: "friend_delete and friend_delete_all read DeleteType the wrong way round (and the other default)",
		Kills: frIDs("010", "011", "013", "014"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			swap := func(def string) func(m map[string]any) {
				return func(m map[string]any) {
					switch m["DeleteType"] {
					case "Delete_Type_Single":
						m["DeleteType"] = "Delete_Type_Both"
					case "Delete_Type_Both":
						m["DeleteType"] = "Delete_Type_Single"
					case nil:
						m["DeleteType"] = def
					}
				}
			}
			del, all := frRewrite(frDelete, swap("Delete_Type_Single")), frRewrite(frDeleteAll, swap("Delete_Type_Both"))
			return func(c *call, next func(*call) answer) answer {
				return del(c, func(c *call) answer { return all(c, next) })
			}
		},
	},
	{
		Name: "delete-non-friend-ok", Breaks: "friend_delete answers ResultCode 0 for an account that is no friend",
		Kills: frIDs("012"), Labels: frRun, Suite: "users",
		Middleware: func() middleware { return frOKItems(frDelete, "ResultItem", "31704") },
	},
	{
		Name: "check-single-reads-both", Breaks: "friend_check with CheckResult_Type_Single also reads To_Account's list",
		Kills: frIDs("015"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frCheck, func(m map[string]any) {
				if m["CheckType"] == "CheckResult_Type_Single" {
					m["CheckType"] = "CheckResult_Type_Both"
				}
			})
		},
	},
	{
		Name: "friend-get-drops-last", Breaks: "each friend_get page leaves its last friend out (FriendNum still counts it)",
		Kills: frIDs("016"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frGet, editAnswer(func(c *call, m map[string]any, a *answer) {
				if list, ok := m["UserDataItem"].([]any); ok && len(list) > 0 {
					m["UserDataItem"] = list[:len(list)-1]
				}
			}))
		},
	},
	{
		Name: "sequences-ignored", Breaks: "friend_get ignores StandardSequence and CustomSequence: unchanged data is sent again",
		Kills: frIDs("017"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return frRewrite(frGet, func(m map[string]any) {
				delete(m, "StandardSequence")
				delete(m, "CustomSequence")
			})
		},
	},
	{
		Name: "get-list-non-friend-ok", Breaks: "friend_get_list answers ResultCode 0 for an account that is no friend",
		Kills: frIDs("018"), Labels: frRun, Suite: "users",
		Middleware: func() middleware { return frOKItems(frGetList, "InfoItem", "30001", "30003") },
	},
	{
		Name: "portrait-hook-strings", Breaks: "Profile.CallbackPortraitSet carries integer fields as JSON strings, against its schema",
		Kills: hookIDs("001"), Labels: frRun, Suite: "users",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				if m := hookBody(h); m != nil && h.Command == "Profile.CallbackPortraitSet" {
					for _, it := range frItemsOf(m, "ProfileItem") {
						if n, ok := it["Value"].(json.Number); ok {
							it["Value"] = n.String()
						}
					}
					h.Body = encode(m)
				}
				return forward(h)
			}
		},
	},
	{
		Name: "friend-add-hook-drops-adder", Breaks: "Sns.CallbackFriendAdd leaves out the pair of the adder's own list",
		Kills: hookIDs("002"), Labels: frRun, Suite: "users",
		Callbacks: func() hookware {
			return frHookPairs("Sns.CallbackFriendAdd", func(pairs []any) []any {
				var out []any
				for _, p := range pairs {
					if o, _ := p.(map[string]any); o["From_Account"] != o["Initiator_Account"] {
						out = append(out, p)
					}
				}
				return out
			})
		},
	},
	{
		Name: "import-fires-friend-add", Breaks: "friend_import fires Sns.CallbackFriendAdd for the friendships it makes",
		Kills: hookIDs("003"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(frImport, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				if !ok || code(a) != 0 {
					return a
				}
				for _, it := range frItemsOf(m, "AddFriendItem") {
					relSide(c, next, frDelete, map[string]any{"From_Account": m["From_Account"], "To_Account": []any{it["To_Account"]}, "DeleteType": "Delete_Type_Single"})
					relSide(c, next, frAdd, map[string]any{"From_Account": m["From_Account"], "AddType": "Add_Type_Single", "ForceAddFlags": 1, "AddFriendItem": []any{it}})
				}
				return a
			})
		},
	},
	{
		Name: "friend-delete-hook-swapped", Breaks: "Sns.CallbackFriendDelete names each pair the wrong way round",
		Kills: hookIDs("005"), Labels: frRun, Suite: "users",
		Callbacks: func() hookware {
			return frHookPairs("Sns.CallbackFriendDelete", func(pairs []any) []any {
				for _, p := range pairs {
					if o, ok := p.(map[string]any); ok {
						o["From_Account"], o["To_Account"] = o["To_Account"], o["From_Account"]
					}
				}
				return pairs
			})
		},
	},
	{
		Name: "delete-all-hook-short", Breaks: "Sns.CallbackFriendDelete of a deletion of several friends leaves the last one out",
		Kills: hookIDs("006"), Labels: frRun, Suite: "users",
		Callbacks: func() hookware {
			return frHookPairs("Sns.CallbackFriendDelete", func(pairs []any) []any {
				if len(pairs) > 1 {
					return pairs[:len(pairs)-1]
				}
				return pairs
			})
		},
	},
	{
		Name: "prev-friend-add-from-rest", Breaks: "REST friend_add sends Sns.CallbackPrevFriendAdd, documented for client requests only",
		Kills: hookIDs("007"), Labels: frRun, Suite: "users",
		Callbacks: func() hookware {
			return func(h *hook, forward func(*hook) []byte) []byte {
				out := forward(h)
				m := hookBody(h)
				if h.Command != "Sns.CallbackFriendAdd" || m == nil {
					return out
				}
				pairs := frItemsOf(m, "PairList")
				if len(pairs) == 0 {
					return out
				}
				q := url.Values{}
				for k, v := range h.Query {
					q[k] = slices.Clone(v)
				}
				q.Set("CallbackCommand", "Sns.CallbackPrevFriendAdd")
				from := pairs[0]["From_Account"]
				forward(&hook{Command: "Sns.CallbackPrevFriendAdd", Query: q, Body: encode(map[string]any{
					"CallbackCommand": "Sns.CallbackPrevFriendAdd", "Requester_Account": from, "From_Account": from,
					"FriendItem": []any{map[string]any{"To_Account": pairs[0]["To_Account"]}}, "AddType": "Add_Type_Both", "ForceAddFlags": 0,
				})})
				return out
			}
		},
	},
	{
		Name: "prev-friend-add-never-sent", Breaks: "a client's friend request sends no Sns.CallbackPrevFriendAdd (the request goes ahead)",
		Kills: hookIDs("008"), Labels: frClientRun, Suite: "users",
		Callbacks: func() hookware { return frDropHook("Sns.CallbackPrevFriendAdd") },
	},
	{
		Name: "prev-friend-add-refusal-ignored", Breaks: "the app's refusal in its Sns.CallbackPrevFriendAdd answer is ignored: the request goes ahead",
		Kills: hookIDs("009"), Labels: frClientRun, Suite: "users",
		Callbacks: func() hookware { return frIgnoreAnswer("Sns.CallbackPrevFriendAdd") },
	},
	{
		Name: "prev-friend-response-never-sent", Breaks: "a client's response to a friend request sends no Sns.CallbackPrevFriendResponse (the response goes ahead)",
		Kills: hookIDs("010"), Labels: frClientRun, Suite: "users",
		Callbacks: func() hookware { return frDropHook("Sns.CallbackPrevFriendResponse") },
	},
	{
		Name: "prev-friend-response-refusal-ignored", Breaks: "the app's refusal in its Sns.CallbackPrevFriendResponse answer is ignored: accepting makes the friendship",
		Kills: hookIDs("011"), Labels: frClientRun, Suite: "users",
		Callbacks: func() hookware { return frIgnoreAnswer("Sns.CallbackPrevFriendResponse") },
	},
}

// frClientRun selects the checks of clients' friend requests and responses.
const frClientRun = "family:relationships && sessions && !rate-limit"

// frDropHook keeps cmd from the receiver and answers the emulator as an
// app that lets the action go ahead.
func frDropHook(cmd string) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		if h.Command == cmd {
			return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
		}
		return forward(h)
	}
}

// frIgnoreAnswer sends cmd on but answers the emulator as an app that lets
// every account through, whatever the receiver said.
func frIgnoreAnswer(cmd string) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		out := forward(h)
		if h.Command == cmd {
			return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
		}
		return out
	}
}
