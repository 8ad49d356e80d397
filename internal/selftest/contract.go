package selftest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/contract"
)

// contractKills returns the IDs of the generated checks a deviant of the
// contract suite must kill: those of the kinds given (for RATE, over says
// which of the two), of every held endpoint.
func contractKills(keep func(p contract.Plan) bool) []string {
	plans, err := contractPlans()
	if err != nil {
		panic(err)
	}
	var out []string
	for _, p := range plans {
		if keep(p) {
			out = append(out, p.Check.ID)
		}
	}
	return out
}

// contractPlans generates the contract suite's plans once: every
// deviant's kill list reads them, and generating them per deviant made
// this package's initialisation (which every runner command pays) take
// seconds.
var contractPlans = sync.OnceValues(contract.Plans)

func ofKind(kinds ...string) func(contract.Plan) bool {
	return func(p contract.Plan) bool { return slices.Contains(kinds, p.Kind) }
}

// requestSchema is what the generic deviants read of a request schema.
type requestSchema struct {
	Required    []string              `json:"required"`
	Properties  map[string]propSchema `json:"properties"`
	Definitions map[string]propSchema `json:"definitions"`
}

type propSchema struct {
	Type any    `json:"type"`
	Ref  string `json:"$ref"`
}

func requestSchemaOf(endpoint string) (requestSchema, bool) {
	var rs requestSchema
	e, ok := schemas.MustLoad().Entry(endpoint)
	if !ok || json.Unmarshal(e.Request, &rs) != nil {
		return rs, false
	}
	for name, p := range rs.Properties {
		if def, ok := rs.Definitions[strings.TrimPrefix(p.Ref, "#/definitions/")]; ok && p.Type == nil {
			rs.Properties[name] = def
		}
	}
	return rs, true
}

// ContractDeviants each break one clause of every endpoint the contract
// suite holds; they run the contract suite only.
var ContractDeviants = []Variant{
	{
		Name: "ignores-required-fields", Breaks: "a body without a required field answers OK",
		Kills: contractKills(ofKind(contract.KindMissing)), Labels: withoutRate, Suite: "contract",
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				rs, ok := requestSchemaOf(c.Endpoint)
				m, isObject := requestFields(c.Body)
				if ok && isObject {
					for _, f := range rs.Required {
						if _, present := m[f]; !present {
							return okAnswer()
						}
					}
				}
				return next(c)
			}
		},
	},
	{
		Name: "parse-error-60008", Breaks: "a body that is not JSON answers 60008, a code no page gives for it",
		Kills: contractKills(ofKind(contract.KindParse)), Labels: withoutRate, Suite: "contract",
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				if !json.Valid(c.Body) {
					return failWith(60008, "bad request")
				}
				return next(c)
			}
		},
	},
	{
		Name: "errors-http-400", Breaks: "failures answer HTTP 400 instead of 200",
		Kills: contractKills(ofKind(contract.KindParse, contract.KindMissing, contract.KindType, contract.KindAuth)), Labels: withoutRate, Suite: "contract",
		Middleware: func() middleware { return failuresWithStatus(http.StatusBadRequest) },
	},
	{
		Name: "coerces-types", Breaks: "a field of the wrong JSON type is converted to the documented type (a numeric account ID to a string, say) and accepted",
		Kills: contractKills(ofKind(contract.KindType)), Labels: withoutRate, Suite: "contract",
		Middleware: coercing,
	},
	{
		Name: "usersig-unchecked", Breaks: "the UserSig is not verified: any signature is taken as the admin's",
		Kills: contractKills(ofKind(contract.KindAuth)), Labels: withoutRate, Suite: "contract",
		Middleware: func() middleware {
			sig := adminSig()
			return func(c *call, next func(*call) answer) answer {
				c.Query.Set("usersig", sig)
				return next(c)
			}
		},
	},
	{
		Name: "never-throttles", Breaks: "no endpoint has a call-rate limit",
		Kills:  contractKills(func(p contract.Plan) bool { return p.Kind == contract.KindRate && p.Over }),
		Labels: onlyRate, Suite: "contract",
		Options: func(o *emulator.Options) { o.NoLimits = true },
	},
	{
		// Over-limit checks against twice the limit: some calls are
		// throttled, so only their upper bound on the calls accepted can
		// kill them. The bound is the same code for every endpoint, so one
		// endpoint of each documented limit stands for the rest; three
		// calls in a second cannot tell a limit of one a second from two,
		// so those endpoints are left out.
		Name: "limits-doubled", Breaks: "every endpoint throttles at twice its documented limit",
		Kills:  overLimitSample,
		Labels: onlyRate, Suite: "contract",
		Options: func(o *emulator.Options) { o.Limits = scaledLimits(2) },
	},
	{
		// The same, with every throttled answer 1.5 s late: the bound counts
		// the calls accepted up to the last OK answer, so late refusals do
		// not stretch it.
		Name: "limits-doubled-slow-refusals", Breaks: "every endpoint throttles at twice its documented limit, and answers a throttled call 1.5 s late",
		Kills:  overLimitSample,
		Labels: onlyRate, Suite: "contract",
		Options: func(o *emulator.Options) { o.Limits = scaledLimits(2) },
		Middleware: func() middleware {
			return func(c *call, next func(*call) answer) answer {
				a := next(c)
				var env struct{ ErrorCode int }
				if json.Unmarshal(a.Body, &env) == nil && target.IsThrottled(env.ErrorCode) {
					<-time.After(1500 * time.Millisecond) // the deviant itself: a slow refusal
				}
				return a
			}
		},
	},
	{
		// Not half: a check's half second at 75 % of the limit is exactly
		// what half the limit and a quarter second's burst allow, and a
		// load generator a hair slow got through unthrottled. Not 40 %
		// either: on a busy machine the calls reach the limiter spread
		// over 0.7 s instead of 0.5 s, and 40 % with its burst then lets
		// the 0.375 limit's worth through (make test, twice in one run).
		Name: "limits-three-tenths", Breaks: "every endpoint throttles at 30 % of its documented limit",
		Kills:  contractKills(func(p contract.Plan) bool { return p.Kind == contract.KindRate && !p.Over }),
		Labels: onlyRate, Suite: "contract",
		Options: func(o *emulator.Options) { o.Limits = scaledLimits(0.3) },
	},
}

// heldLimits is the documented call-rate limit of each held endpoint
// that has one.
var heldLimits = func() map[string]float64 {
	limits := map[string]float64{}
	for _, ep := range contract.Held() {
		e, _ := schemas.MustLoad().Entry(ep)
		if l, ok := e.Limit(); ok {
			limits[ep] = l
		}
	}
	return limits
}()

// onePerLimit is the first held endpoint of each documented limit, in the
// catalogue's order.
var onePerLimit = func() []string {
	seen := map[float64]bool{}
	var eps []string
	for _, ep := range contract.Held() {
		if l, ok := heldLimits[ep]; ok && !seen[l] {
			seen[l] = true
			eps = append(eps, ep)
		}
	}
	return eps
}()

// overLimitSample is what the limits-doubled deviants must kill: the
// over-limit checks of onePerLimit, but for a limit of one call a second.
var overLimitSample = contractKills(func(p contract.Plan) bool {
	return p.Kind == contract.KindRate && p.Over && heldLimits[p.Entry.Path] > 1 && slices.Contains(onePerLimit, p.Entry.Path)
})

// scaledLimits is every endpoint's documented limit times f.
func scaledLimits(f float64) map[string]float64 {
	limits := map[string]float64{}
	for ep, l := range heldLimits {
		limits[ep] = l * f
	}
	return limits
}

// SampleDeviants refuse the successful answers of one endpoint each, which
// must kill that endpoint's sample checks (and only those are asked of it;
// the label filter keeps the run to the endpoint).
var SampleDeviants = sampleDeviants()

func sampleDeviants() []Variant {
	var out []Variant
	for _, ep := range contract.Held() {
		out = append(out, Variant{
			Name:   "refuses-" + strings.Replace(ep, "/", ".", 1),
			Breaks: ep + " answers its documented samples FAIL 91000",
			Kills:  contractKills(func(p contract.Plan) bool { return p.Kind == contract.KindSample && p.Entry.Path == ep }),
			Labels: contract.EndpointLabel(ep) + " && " + contract.LabelSchema, Suite: "contract",
			Middleware: func() middleware {
				return only(ep, func(c *call, next func(*call) answer) answer {
					a := next(c)
					if code(a) == 0 {
						return failWith(91000, "internal error")
					}
					return a
				})
			},
		})
	}
	return out
}

// coercing converts every top-level request field of another JSON type
// than its schema's to that type, as a lenient server would.
func coercing() middleware {
	return func(c *call, next func(*call) answer) answer {
		if rs, ok := requestSchemaOf(c.Endpoint); ok {
			if m, isObject := requestFieldsExact(c.Body); isObject {
				for f, p := range rs.Properties {
					if v, present := m[f]; present {
						m[f] = coerceTo(p.Type, v)
					}
				}
				c.Body = encode(m)
			}
		}
		return next(c)
	}
}

// requestFieldsExact decodes a request body keeping numbers exact.
func requestFieldsExact(body []byte) (map[string]any, bool) {
	m := envelope(body)
	return m, m != nil
}

// coerceTo converts v to the JSON type a schema names, where a lenient
// server could.
func coerceTo(typ any, v any) any {
	t, _ := typ.(string)
	switch t {
	case "string":
		if n, ok := v.(json.Number); ok {
			return n.String()
		}
	case "integer", "number":
		if s, ok := v.(string); ok && s != "" && strings.Trim(s, "0123456789") == "" {
			return json.Number(s)
		}
	case "array":
		if _, ok := v.([]any); !ok {
			return []any{v}
		}
	case "object":
		if s, ok := v.(string); ok {
			var o map[string]any
			dec := json.NewDecoder(bytes.NewReader([]byte(s)))
			dec.UseNumber()
			if dec.Decode(&o) == nil {
				return o
			}
		}
	}
	return v
}

// fixedWindow throttles every held endpoint per wall-clock second at its
// documented limit, instead of the emulator's token bucket.
func fixedWindow() middleware {
	var mu sync.Mutex
	windows := map[string]int64{}
	counts := map[string]int{}
	return func(c *call, next func(*call) answer) answer {
		e, ok := schemas.MustLoad().Entry(c.Endpoint)
		limit, limited := 0.0, false
		if ok {
			limit, limited = e.Limit()
		}
		if !limited {
			return next(c)
		}
		mu.Lock()
		if s := time.Now().Unix(); s != windows[c.Endpoint] {
			windows[c.Endpoint], counts[c.Endpoint] = s, 0
		}
		counts[c.Endpoint]++
		over := float64(counts[c.Endpoint]) > limit
		mu.Unlock()
		if over {
			return failWith(60007, "over the limit")
		}
		return next(c)
	}
}

// AllDeviants returns every deviant: those of the admin_set_msg_read suite,
// the generic ones of the contract suite and the per-endpoint sample ones.
func AllDeviants() []Variant {
	return slices.Concat(Deviants, ContractDeviants, SampleDeviants, MessageDeviants, ConversationDeviants, SessionDeviants, WebhookDeviants, RelationDeviants, ListDeviants, AccountDeviants, AppDeviants, GroupDeviants, AttrDeviants, AVDeviants, TopicDeviants, GroupMsgDeviants, MemberHookDeviants)
}
