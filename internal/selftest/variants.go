package selftest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/suites/contract"
)

const setRead = "openim/admin_set_msg_read"

// Label filters a variant runs the suite with.
const (
	withoutRate = "!rate-limit"
	onlyRate    = "rate-limit"
	everything  = ""
)

// Variant is the reference emulator with one change.
type Variant struct {
	Name string
	// Breaks names the documented clause a deviant breaks, or the freedom a
	// perturbation uses.
	Breaks string
	// Benign marks a perturbation: the suite must pass against it.
	Benign bool
	// Kills lists checks a deviant must make fail.
	Kills []string
	// Labels is the label filter the suite runs with.
	Labels string
	// Options changes the emulator's options; Middleware wraps it.
	Options    func(*emulator.Options)
	Middleware func() middleware
	// Suite names the suite a deviant runs (a folder of suites/):
	// "setmsgread" when empty. Perturbations run every suite.
	Suite string
	// Observed runs the suite with the shipped observed profile
	// (internal/parity/profiles/emulator.json), for deviants only a profile
	// catches.
	Observed bool
	// Callbacks, when set, sits between the emulator and the suite's
	// callback receiver, to break how callbacks are sent.
	Callbacks func() hookware
	// Verdict, when set, judges the run instead of Kills: for deviants
	// that must block checks rather than fail them.
	Verdict func(rs []results.Result) error
	// Parts lists the perturbations a combined perturbation applies at
	// once (see PerturbationRuns), the outermost first.
	Parts []Variant
}

func ids(prefix string, nums ...string) []string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = "SETREAD-" + prefix + "-" + n
	}
	return out
}

func concat(lists ...[]string) []string { return slices.Concat(lists...) }

// adminSig is a valid UserSig of the emulator's admin, for deviants that
// swap a bad credential for a good one.
func adminSig() string {
	s, err := usersig.Gen(emulator.TestSDKAppID, emulator.TestKey, emulator.TestAdmin, time.Hour)
	if err != nil {
		panic(err)
	}
	return s
}

// Deviants each break one documented clause.
var Deviants = []Variant{
	{
		Name: "error-status-500", Breaks: "failures answer HTTP 500 instead of 200",
		Kills: concat(ids("ENV", "001"), ids("ERR", "001", "002", "003", "004", "005", "006", "007", "008"), ids("AUTH", "001", "002", "003", "004", "005", "006", "007"),
			ids("PROBE", "005", "006", "007", "008", "009", "013", "014", "015", "016", "020", "021")),
		Labels:     withoutRate,
		Middleware: func() middleware { return failuresWithStatus(http.StatusInternalServerError) },
	},
	{
		Name: "errorcode-as-string", Breaks: "admin_set_msg_read's ErrorCode is a JSON string, not an integer",
		Kills: concat(ids("ENV", "001", "002"), ids("OK", "001")), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, editAnswer(func(c *call, m map[string]any, a *answer) { m["ErrorCode"] = string(m["ErrorCode"].(json.Number)) }))
		},
	},
	{
		Name: "ok-on-failure", Breaks: "ActionStatus is OK with a non-zero ErrorCode",
		Kills: concat(ids("ENV", "001", "002"), ids("ERR", "001")), Labels: withoutRate,
		Middleware: func() middleware {
			return editAnswer(func(c *call, m map[string]any, a *answer) { m["ActionStatus"] = "OK" })
		},
	},
	{
		Name: "fail-on-success", Breaks: "admin_set_msg_read answers ActionStatus FAIL with ErrorCode 0",
		Kills: concat(ids("ENV", "002"), ids("OK", "001")), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, editAnswer(func(c *call, m map[string]any, a *answer) { m["ActionStatus"] = "FAIL" }))
		},
	},
	{
		Name: "errorinfo-number", Breaks: "admin_set_msg_read's ErrorInfo is a number, not a string",
		Kills: ids("ENV", "001"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, editAnswer(func(c *call, m map[string]any, a *answer) { m["ErrorInfo"] = 0 }))
		},
	},
	{
		Name: "set-read-204-on-success", Breaks: "admin_set_msg_read answers a success with HTTP 204 and no body",
		Kills: concat(ids("OK", "001"), ids("BEH", "002"), ids("PROBE", "001", "002", "003", "004", "010", "011", "022")), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) == 0 {
					return answer{Status: http.StatusNoContent, Header: http.Header{}}
				}
				return a
			})
		},
	},
	{
		Name: "sendmsg-without-msgkey", Breaks: "sendmsg answers OK without the MsgKey a client needs to recall the message",
		Kills: ids("PROBE", "017", "018", "019", "023"), Labels: withoutRate,
		Middleware: func() middleware {
			return only("openim/sendmsg", editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					delete(m, "MsgKey")
				}
			}))
		},
	},
	{
		Name: "set-read-marks-nothing", Breaks: "admin_set_msg_read answers OK but marks no message read",
		Kills: ids("BEH", "002", "004", "006", "007"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					m["MsgReadTime"] = "0" // every message is newer
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "unknown-accounts-accepted", Breaks: "accounts that were never imported are accepted",
		Kills: ids("ERR", "004", "005"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				_, rs := m["Report_Account"].(string)
				_, ps := m["Peer_Account"].(string)
				if ok && rs && ps && (code(a) == 90003 || code(a) == 90008) {
					return okAnswer()
				}
				return a
			})
		},
	},
	{
		Name: "missing-accounts-accepted", Breaks: "a missing Report_Account or Peer_Account is accepted",
		Kills: ids("ERR", "002", "003"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				_, r := m["Report_Account"]
				_, p := m["Peer_Account"]
				if ok && (!r || !p) && c.Query.Get("sdkappid") != "" {
					return okAnswer()
				}
				return next(c)
			})
		},
	},
	{
		Name: "wrong-type-70402", Breaks: "accounts of the wrong JSON type answer 70402, a code of another service",
		Kills: ids("ERR", "006", "007"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					for _, f := range []string{"Report_Account", "Peer_Account"} {
						if v, present := m[f]; present {
							if _, isString := v.(string); !isString {
								return failWith(70402, "invalid parameter")
							}
						}
					}
				}
				return next(c)
			})
		},
	},
	{
		Name: "coerces-numeric-accounts", Breaks: "an account sent as a JSON number is turned into a string and looked up",
		Kills: ids("ERR", "006", "007"), Labels: withoutRate,
		Middleware: coercing,
	},
	{
		Name: "drops-errorinfo", Breaks: "ErrorInfo, which the recorded target returned, is left out of every answer (caught only with the observed profile)",
		Kills: concat(ids("PROBE", "001", "012"), ids("ERR", "002")), Labels: withoutRate, Observed: true,
		Middleware: func() middleware {
			return editAnswer(func(c *call, m map[string]any, a *answer) { delete(m, "ErrorInfo") })
		},
	},
	{
		Name: "account-import-problem-json", Breaks: "account_import answers HTTP 422 with application/problem+json: checks that need accounts are blocked by it, the others still judged",
		Labels: withoutRate,
		Middleware: func() middleware {
			return only("im_open_login_svc/account_import", func(c *call, next func(*call) answer) answer {
				return answer{Status: http.StatusUnprocessableEntity, Header: http.Header{"Content-Type": {"application/problem+json"}},
					Body: []byte(`{"type":"about:blank","title":"Unprocessable Entity","status":422}`)}
			})
		},
		Verdict: blockedByImport,
	},
	{
		Name: "empty-body-accepted", Breaks: "an empty body answers OK",
		Kills: ids("ERR", "008"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				if len(bytes.TrimSpace(c.Body)) == 0 {
					return okAnswer()
				}
				return next(c)
			})
		},
	},
	{
		Name: "parse-error-60003", Breaks: "malformed JSON answers the common 60003 instead of openim's 90001",
		Kills: ids("ERR", "001"), Labels: withoutRate,
		Middleware: func() middleware {
			return recode(60003, 90001)
		},
	},
	{
		Name: "reads-every-conversation", Breaks: "admin_set_msg_read marks Report_Account's other conversations read too",
		Kills: ids("BEH", "004"), Labels: withoutRate,
		Middleware: func() middleware {
			var mu sync.Mutex
			senders := map[string]map[string]bool{} // recipient -> senders
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				m, ok := requestFields(c.Body)
				if !ok || code(a) != 0 {
					return a
				}
				from, _ := m["From_Account"].(string)
				to, _ := m["To_Account"].(string)
				switch c.Endpoint {
				case "openim/sendmsg", "openim/importmsg":
					mu.Lock()
					if senders[to] == nil {
						senders[to] = map[string]bool{}
					}
					senders[to][from] = true
					mu.Unlock()
				case setRead:
					report, _ := m["Report_Account"].(string)
					mu.Lock()
					var peers []string
					for p := range senders[report] {
						peers = append(peers, p)
					}
					mu.Unlock()
					for _, p := range peers {
						extra := *c
						extra.Body = encode(map[string]any{"Report_Account": report, "Peer_Account": p})
						next(&extra)
					}
				}
				return a
			}
		},
	},
	{
		Name: "reads-both-sides", Breaks: "admin_set_msg_read also marks Peer_Account's side read",
		Kills: ids("BEH", "003", "007"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if m, ok := requestFields(c.Body); ok && code(a) == 0 {
					swapped := *c
					swapped.Body = encode(map[string]any{"Report_Account": m["Peer_Account"], "Peer_Account": m["Report_Account"]})
					next(&swapped)
				}
				return a
			})
		},
	},
	{
		Name: "ignores-msgreadtime", Breaks: "MsgReadTime is ignored: everything is marked read",
		Kills: ids("BEH", "005", "006"), Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					delete(m, "MsgReadTime")
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "sendmsg-not-counted", Breaks: "messages sent with sendmsg do not count as unread",
		Kills: ids("BEH", "001"), Labels: withoutRate,
		Middleware: func() middleware {
			return only("openim/sendmsg", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					m["SendMsgControl"] = []string{"NoUnread"}
					c.Body = encode(m)
				}
				return next(c)
			})
		},
	},
	{
		Name: "repeat-fails", Breaks: "repeating admin_set_msg_read answers FAIL",
		Kills: ids("BEH", "007"), Labels: withoutRate,
		Middleware: func() middleware {
			var mu sync.Mutex
			seen := map[string]bool{}
			return only(setRead, func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) != 0 {
					return a
				}
				mu.Lock()
				defer mu.Unlock()
				if seen[string(c.Body)] {
					return failWith(91000, "already read")
				}
				seen[string(c.Body)] = true
				return a
			})
		},
	},
	{
		Name: "clock-3-days-behind", Breaks: "the server's clock is three days slow, so expired UserSigs pass",
		Kills: ids("AUTH", "001"), Labels: withoutRate,
		Options: func(o *emulator.Options) { o.Now = func() time.Time { return time.Now().Add(-72 * time.Hour) } },
	},
	{
		Name: "one-code-for-every-sig-error", Breaks: "every UserSig failure answers 70003",
		Kills: ids("AUTH", "001", "002", "003", "004"), Labels: withoutRate,
		Middleware: func() middleware {
			return recode(70003, 70001, 70009, 70013, 70014)
		},
	},
	{
		Name: "garbage-sig-accepted", Breaks: "a UserSig that cannot be decoded is accepted",
		Kills: ids("AUTH", "005"), Labels: withoutRate,
		Middleware: func() middleware {
			good := adminSig()
			return func(c *call, next func(*call) answer) answer {
				if _, err := usersig.Decode(c.Query.Get("usersig")); err != nil {
					c.Query.Set("usersig", good)
				}
				return next(c)
			}
		},
	},
	{
		Name: "sdkappid-optional", Breaks: "a call without sdkappid is accepted",
		Kills: ids("AUTH", "006"), Labels: withoutRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if c.Query.Get("sdkappid") == "" {
					c.Query.Set("sdkappid", "1400000000")
				}
				return next(c)
			}
		},
	},
	{
		Name: "no-admin-check", Breaks: "any user with a valid UserSig may call admin APIs",
		Kills: ids("AUTH", "007"), Labels: withoutRate,
		Middleware: func() middleware {
			good := adminSig()
			return func(c *call, next func(*call) answer) answer {
				if id := c.Query.Get("identifier"); id != emulator.TestAdmin {
					if usersig.Verify(emulator.TestSDKAppID, emulator.TestKey, id, c.Query.Get("usersig"), time.Now()) == nil {
						c.Query.Set("identifier", emulator.TestAdmin)
						c.Query.Set("usersig", good)
					}
				}
				return next(c)
			}
		},
	},
	{
		Name: "no-rate-limit", Breaks: "admin_set_msg_read has no call-rate limit",
		Kills: ids("RATE", "002", "003"), Labels: onlyRate,
		Options: func(o *emulator.Options) { o.NoLimits = true },
	},
	{
		Name: "limit-100", Breaks: "the limit is 100 calls/s instead of 200",
		Kills: ids("RATE", "001", "002", "004"), Labels: onlyRate,
		Options: func(o *emulator.Options) { o.Limits = map[string]float64{setRead: 100} },
	},
	{
		Name: "limit-400", Breaks: "the limit is 400 calls/s instead of 200",
		Kills: ids("RATE", "002"), Labels: onlyRate,
		Options: func(o *emulator.Options) { o.Limits = map[string]float64{setRead: 400} },
	},
	{
		Name: "throttle-http-429", Breaks: "throttled calls answer HTTP 429",
		Kills: ids("RATE", "002"), Labels: onlyRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				if code(a) == 60007 {
					a.Status = http.StatusTooManyRequests
				}
				return a
			}
		},
	},
	{
		Name: "throttle-undocumented-code", Breaks: "throttled calls answer 60008 (a timeout code)",
		Kills: ids("RATE", "002"), Labels: onlyRate,
		Middleware: func() middleware {
			return recode(60008, 60007)
		},
	},
	{
		Name: "slow-recovery", Breaks: "calls keep failing for 1.5 s after the limiter last throttled one",
		Kills: ids("RATE", "003"), Labels: onlyRate,
		Middleware: func() middleware {
			var mu sync.Mutex
			var last time.Time
			return func(c *call, next func(*call) answer) answer {
				a := next(c) // the limiter sees every call
				mu.Lock()
				defer mu.Unlock()
				if code(a) == 60007 {
					last = time.Now()
				}
				if time.Since(last) < 1500*time.Millisecond {
					return failWith(60007, "still cooling down")
				}
				return a
			}
		},
	},
}

// Perturbations change only what the documentation leaves free.
var Perturbations = withRateRuns(perturbations, "extra-fields", "latency-15ms")

// PerturbationRuns are the runs the self-test makes of Perturbations. The
// freedoms of the wire (encoding, headers, connections, latency, key
// order, wording, extra fields) go together as one server, and the other
// documented variants together as another: a server that takes every
// freedom of a group at once conforms as much as one that takes each, the
// suite must pass against it, and the group costs one pass of the suites
// instead of one per perturbation (thirteen whole passes were most of the
// self-test's time). The rate-limit perturbations are grouped the same
// way, two by two. When a group is rejected, the self-test runs its parts
// alone to name the one the suite rejects.
func PerturbationRuns() []Variant {
	grouped := map[string]bool{}
	var out []Variant
	for _, g := range perturbationGroups {
		var parts []Variant
		for _, name := range g.parts {
			i := slices.IndexFunc(Perturbations, func(v Variant) bool { return v.Name == name })
			if i < 0 {
				panic("selftest: perturbation group " + g.name + " names no perturbation " + name)
			}
			parts = append(parts, Perturbations[i])
			grouped[name] = true
		}
		out = append(out, combine(g.name, parts))
	}
	for _, v := range Perturbations {
		if !grouped[v.Name] {
			out = append(out, v)
		}
	}
	return out
}

// perturbationGroups are the perturbations combined into one run each,
// the outermost first: gzip encodes what the inner ones wrote, a change of
// headers comes before the encoding's header, and a change of the request
// (strict-before rewrites MsgReadTime as a string) comes after what would
// judge the request as sent (numeric-msgreadtime-refused).
var perturbationGroups = []struct {
	name  string
	parts []string
}{
	{"wire-freedoms", []string{"gzip", "connection-close", "header-variants", "latency-15ms", "reordered-pretty", "errorinfo-reworded", "extra-fields"}},
	{"documented-variants", []string{"no-errorinfo-on-success", "numeric-msgreadtime-refused", "strict-before", "never-messaged-pair-fails", "sig-errors-60004", "other-account-codes"}},
	// The rate-limit checks against a slow server with extra fields, and
	// against a limiter counted per wall-clock second that answers 60011.
	{"wire-freedoms-rate", []string{"latency-15ms-rate", "extra-fields-rate"}},
	{"limiter-variants", []string{"throttle-60011", "fixed-window-limit"}},
}

// combine is one perturbation that applies every part at once: their
// options in order, and their middleware nested, the first outermost.
func combine(name string, parts []Variant) Variant {
	v := Variant{Name: name, Benign: true, Labels: parts[0].Labels, Parts: parts}
	var breaks []string
	for _, p := range parts {
		if !p.Benign || p.Labels != v.Labels || p.Callbacks != nil || p.Suite != "" || p.Observed {
			panic("selftest: " + p.Name + " cannot be combined into " + name + ": combined parts are perturbations of every suite with the same labels and no callback proxy")
		}
		breaks = append(breaks, p.Name+" ("+p.Breaks+")")
	}
	v.Breaks = "all at once: " + strings.Join(breaks, "; ")
	v.Options = func(o *emulator.Options) {
		for _, p := range parts {
			if p.Options != nil {
				p.Options(o)
			}
		}
	}
	v.Middleware = func() middleware {
		var mws []middleware
		for _, p := range parts {
			if p.Middleware != nil {
				mws = append(mws, p.Middleware())
			}
		}
		return nest(mws)
	}
	return v
}

// nest runs mws as one middleware, the first outermost.
func nest(mws []middleware) middleware {
	if len(mws) == 0 {
		return func(c *call, next func(*call) answer) answer { return next(c) }
	}
	inner := nest(mws[1:])
	return func(c *call, next func(*call) answer) answer {
		return mws[0](c, func(c *call) answer { return inner(c, next) })
	}
}

// withRateRuns gives each named perturbation that runs every check a
// sibling, "<name>-rate", that runs the rate-limit checks of rateSample,
// and keeps the rest of its checks in the perturbation itself: the rate
// checks need the machine to themselves, the rest do not, and every
// endpoint's rate windows would hold the whole self-test up.
func withRateRuns(vs []Variant, names ...string) []Variant {
	var out []Variant
	for _, v := range vs {
		if !slices.Contains(names, v.Name) {
			out = append(out, v)
			continue
		}
		if v.Labels != everything {
			panic("selftest: " + v.Name + " does not run every check")
		}
		rest, rate := v, v
		rest.Labels = withoutRate
		rate.Name, rate.Labels = v.Name+"-rate", rateSample
		out = append(out, rest, rate)
	}
	return out
}

var perturbations = []Variant{
	{Name: "extra-fields", Breaks: "answers carry fields the docs do not list", Benign: true, Labels: everything,
		Middleware: func() middleware {
			return editAnswer(func(c *call, m map[string]any, a *answer) {
				// Fields no page documents for any endpoint (ErrorDisplay, on
				// the profile pages, would be a documented one there).
				m["RequestId"] = "c0ffee"
				m["ChatconformTrace"] = ""
				m["ServerTime"] = time.Now().Unix()
			})
		}},
	{Name: "reordered-pretty", Breaks: "keys in another order, indented JSON", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				m := envelope(a.Body)
				if m == nil {
					return a
				}
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				sort.Sort(sort.Reverse(sort.StringSlice(keys)))
				var b strings.Builder
				b.WriteString("{\n")
				for i, k := range keys {
					v, _ := json.MarshalIndent(m[k], "  ", "    ")
					kb, _ := json.Marshal(k)
					b.WriteString("  " + string(kb) + " : " + string(v))
					if i < len(keys)-1 {
						b.WriteString(",")
					}
					b.WriteString("\n")
				}
				b.WriteString("}\n")
				a.Body = []byte(b.String())
				return a
			}
		}},
	{Name: "header-variants", Breaks: "other response headers (the overview's sample set, text/plain)", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				a.Header = http.Header{
					"Content-Type":                 {"text/plain; charset=utf-8"},
					"Server":                       {"nginx/1.7.10"},
					"Access-Control-Allow-Origin":  {"*"},
					"Access-Control-Allow-Headers": {"X-Requested-With"},
					"Access-Control-Allow-Methods": {"POST"},
				}
				return a
			}
		}},
	{Name: "errorinfo-reworded", Breaks: "ErrorInfo worded differently", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					m["ErrorInfo"] = "succeed"
				} else {
					m["ErrorInfo"] = "请求失败: reworded"
				}
			})
		}},
	{Name: "no-errorinfo-on-success", Breaks: "ErrorInfo left out of OK answers, as in the overview's own example", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return editAnswer(func(c *call, m map[string]any, a *answer) {
				if code(*a) == 0 {
					delete(m, "ErrorInfo")
				}
			})
		}},
	{Name: "latency-15ms", Breaks: "every answer takes 15 ms longer", Benign: true, Labels: everything,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				<-time.After(15 * time.Millisecond) // the perturbation itself: a slow server
				return a
			}
		}},
	{Name: "connection-close", Breaks: "no keep-alive: every answer closes its connection", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				a.Header.Set("Connection", "close")
				return a
			}
		}},
	{Name: "gzip", Breaks: "answers gzip-compressed when the client accepts it", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				if strings.Contains(c.Header.Get("Accept-Encoding"), "gzip") {
					var b bytes.Buffer
					zw := gzip.NewWriter(&b)
					zw.Write(a.Body)
					zw.Close()
					a.Body = b.Bytes()
					a.Header.Set("Content-Encoding", "gzip")
				}
				return a
			}
		}},
	{Name: "strict-before", Breaks: "MsgReadTime read as strictly before: a message at that very second stays unread (the docs say \"before\")", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				t := time.Now().Unix()
				switch v := m["MsgReadTime"].(type) {
				case nil:
				case string:
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						return next(c)
					}
					t = n
				case float64:
					t = int64(v)
				default:
					return next(c)
				}
				m["MsgReadTime"] = strconv.FormatInt(t-1, 10) // inclusive of t-1 is strictly before t
				c.Body = encode(m)
				return next(c)
			})
		}},
	{Name: "numeric-msgreadtime-refused", Breaks: "MsgReadTime as a JSON number refused with 90001 (it is documented as a String)", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return only(setRead, func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok {
					if _, isNum := m["MsgReadTime"].(float64); isNum {
						return failWith(90001, "MsgReadTime must be a string")
					}
				}
				return next(c)
			})
		}},
	{Name: "never-messaged-pair-fails", Breaks: "set-read for two accounts that never exchanged a message answers 90003", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			var mu sync.Mutex
			talked := map[[2]string]bool{}
			pair := func(a, b string) [2]string {
				if a > b {
					a, b = b, a
				}
				return [2]string{a, b}
			}
			return func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok {
					return next(c)
				}
				switch c.Endpoint {
				case "openim/sendmsg", "openim/importmsg":
					a := next(c)
					if code(a) == 0 {
						from, _ := m["From_Account"].(string)
						to, _ := m["To_Account"].(string)
						mu.Lock()
						talked[pair(from, to)] = true
						mu.Unlock()
					}
					return a
				case setRead:
					a := next(c)
					r, _ := m["Report_Account"].(string)
					p, _ := m["Peer_Account"].(string)
					mu.Lock()
					known := talked[pair(r, p)]
					mu.Unlock()
					if code(a) == 0 && !known {
						return failWith(90003, "no conversation between these accounts")
					}
					return a
				}
				return next(c)
			}
		}},
	{Name: "sig-errors-60004", Breaks: "every UserSig failure answered with the generic 60004", Benign: true, Labels: withoutRate,
		Middleware: func() middleware {
			return recode(60004, 70001, 70003, 70009, 70013, 70014)
		}},
	{Name: "other-account-codes", Breaks: "the other documented 90003/90008 mapping", Benign: true, Labels: withoutRate,
		Options: func(o *emulator.Options) { o.SwapAccountCodes = true }},
	{Name: "throttle-60011", Breaks: "throttling answered with the app-level code 60011", Benign: true, Labels: rateSample,
		Middleware: func() middleware {
			return recode(60011, 60007)
		}},
	{Name: "fixed-window-limit", Breaks: "the limits counted per wall-clock second instead of a token bucket", Benign: true, Labels: rateSample,
		Options:    func(o *emulator.Options) { o.NoLimits = true },
		Middleware: fixedWindow},
}

// rateSample selects the hand-written rate-limit checks and the generated
// ones of one endpoint per documented limit. The generated rate checks of
// two endpoints differ only in the limit they read from the catalogue, so
// a limiter perturbation is judged once per limit, in a fraction of the
// minutes that every endpoint's windows take; the deviants that must kill
// every endpoint's rate checks still run them all.
var rateSample = func() string {
	var eps []string
	for _, ep := range onePerLimit {
		eps = append(eps, contract.EndpointLabel(ep))
	}
	return onlyRate + " && (!" + contract.LabelContract + " || " + strings.Join(eps, " || ") + ")"
}()

// blockedByImport judges the problem+json variant: every check that needs
// accounts is blocked under account_import's answer, and the checks that
// need none still pass (the rest of the target conforms).
func blockedByImport(rs []results.Result) error {
	const cause = "im_open_login_svc/account_import: HTTP 422 application/problem+json, not the JSON envelope"
	blocked := 0
	for _, r := range rs {
		switch {
		case r.BlockedBy != "":
			blocked++
			if r.BlockedBy != cause {
				return fmt.Errorf("%s blocked by %q, want %q", r.ID, r.BlockedBy, cause)
			}
		case r.Failed() && r.ID != "SUITE":
			return fmt.Errorf("%s failed instead of being blocked or passing: %s", r.ID, r.Message)
		}
	}
	if blocked == 0 {
		return fmt.Errorf("no check was blocked")
	}
	for _, id := range []string{"SETREAD-ERR-001", "SETREAD-AUTH-001", "SETREAD-AUTH-006"} {
		found := false
		for _, r := range rs {
			if r.ID == id {
				found = true
				if r.State != "passed" {
					return fmt.Errorf("%s needs no precondition but did not pass (%s)", id, r.State)
				}
			}
		}
		if !found {
			return fmt.Errorf("%s did not run", id)
		}
	}
	return nil
}
