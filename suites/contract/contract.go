// Package contract generates the contract checks of every endpoint a run
// holds from the catalogue (schemas) and the documented samples (fixtures):
// each sample answers OK with a schema-valid response; a body that is not
// JSON, each required field missing and each required field of the wrong
// JSON type are refused with a documented code; a UserSig failure is
// refused with a 70xxx code; the documented call-rate limit holds. Nothing
// here names an endpoint: adding one to the catalogue, the fixtures and the
// emulator gives it its checks.
package contract

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// Kinds of generated check, as the middle part of their IDs and as labels.
const (
	KindSample  = "SAMPLE"
	KindParse   = "PARSE"
	KindMissing = "MISSING"
	KindType    = "TYPE"
	KindAuth    = "AUTH"
	KindRate    = "RATE"
)

// Labels the generated checks carry besides their endpoint and family.
const (
	LabelContract   = "contract"
	LabelSchema     = "schema"
	LabelErrors     = "errors"
	LabelAuth       = "auth"
	LabelRateLimit  = "rate-limit"
	LabelDisruptive = "disruptive"
)

// EnvRateParallel, when set, lets the rate checks of different endpoints
// run at the same time, one endpoint's pair per ginkgo process: for the
// runner's first pass (the rate checks and, in other suites, the app-wide
// ones), since the pages give every API a limit of its own. Without it they run Serial,
// after every other check.
const EnvRateParallel = "CHATCONFORM_RATE_PARALLEL"

// FirstPass is the label filter of the runner's first pass: every suite's
// rate checks (the contract suite's, several endpoints at a time; the
// others' Serial) and app-wide checks (Serial), each suite with nothing
// else of its own calling the target meanwhile.
const FirstPass = LabelRateLimit + " || " + framework.LabelAppWide

// Plan is what one generated check does.
type Plan struct {
	Check framework.Check
	Kind  string
	Entry *schemas.Entry
	// Sample is the request sample the check sends (the base sample for
	// negative and rate checks).
	Sample fixtures.Sample
	// Field is the required field a MISSING or TYPE check changes.
	Field string
	// Codes are the codes the refusal may carry.
	Codes []int
	// Over is, for a RATE check, whether it sends over the limit.
	Over bool
}

// EndpointLabel is the label of an endpoint: "openim.sendmsg" (ginkgo labels
// cannot hold a slash).
func EndpointLabel(path string) string { return strings.Replace(path, "/", ".", 1) }

// FamilyLabel is the label of a family: "family:c2c".
func FamilyLabel(key string) string { return "family:" + key }

// Held returns the endpoints a default run holds: those the catalogue
// describes and the reference emulator serves.
func Held() []string {
	cat := schemas.MustLoad()
	seen := map[string]bool{}
	var out []string
	for _, p := range emulator.Endpoints() {
		// An older path the emulator also serves leads to the same entry.
		if e, ok := cat.Entry(p); ok && !seen[e.Path] {
			seen[e.Path] = true
			out = append(out, e.Path)
		}
	}
	sort.Strings(out)
	return out
}

// Plans generates the checks of the held endpoints, in a stable order.
func Plans() ([]Plan, error) {
	cat, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	var out []Plan
	for _, p := range Held() {
		e, _ := cat.Entry(p)
		fx, err := fixtures.For(p)
		if err != nil {
			return nil, err
		}
		plans, err := plansFor(e, fx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, plans...)
	}
	return out, nil
}

// requestSchema is the part of a request schema the generator reads.
type requestSchema struct {
	Required   []string                   `json:"required"`
	Properties map[string]json.RawMessage `json:"properties"`
}

func plansFor(e *schemas.Entry, fx fixtures.Endpoint) ([]Plan, error) {
	var samples []fixtures.Sample
	var base *fixtures.Sample
	for _, s := range fx.Samples {
		if s.Kind != "request" || s.Skip != "" {
			continue
		}
		// A sample that needs what no target of the suite can make (an
		// app's console configuration, say) stays described, not checked:
		// a check no target can run could not be proven to fail.
		if s.Needs != "" && s.Needs != framework.CapSessions {
			continue
		}
		samples = append(samples, s)
	}
	if len(samples) == 0 {
		return nil, fmt.Errorf("no request sample to send")
	}
	base = &samples[0]
	for i := range samples {
		if samples[i].Base {
			base = &samples[i]
		}
	}
	id := e.ShortID()
	fam := FamilyLabel(e.Family)
	ep := EndpointLabel(e.Path)
	mk := func(kind string, suffix string, title, desc string, basis framework.Basis, open bool, labels ...string) framework.Check {
		return framework.Check{
			ID:          id + "-" + kind + suffix,
			Title:       title,
			Description: desc,
			Doc:         e.Doc,
			Basis:       basis,
			Labels:      append([]string{LabelContract, fam, ep}, labels...),
			Open:        open,
		}
	}
	var out []Plan
	for i, s := range samples {
		out = append(out, Plan{Kind: KindSample, Entry: e, Sample: s, Check: mk(KindSample, fmt.Sprintf("-%03d", i+1),
			fmt.Sprintf("%s answers the documented sample %s", e.Path, s.Name),
			fmt.Sprintf("%s MUST answer its documented request sample %q, sent after the preconditions it names are made, with HTTP 200, ActionStatus OK, ErrorCode 0 and a body valid against the response schema.", e.Path, s.Name),
			framework.Documented, false, LabelSchema)})
	}
	out = append(out, Plan{Kind: KindParse, Entry: e, Sample: *base, Codes: e.ParseCodes, Check: mk(KindParse, "-001",
		fmt.Sprintf("%s refuses a body that is not JSON", e.Path),
		fmt.Sprintf("%s MUST answer a body that is not JSON with HTTP 200, ActionStatus FAIL and a documented parse code (%s).", e.Path, codeList(e.ParseCodes)),
		framework.Documented, len(e.ParseCodes) > 1, LabelErrors)})

	var rs requestSchema
	if err := json.Unmarshal(e.Request, &rs); err != nil {
		return nil, fmt.Errorf("request schema: %w", err)
	}
	var baseBody map[string]json.RawMessage
	if err := json.Unmarshal(base.Body, &baseBody); err != nil {
		return nil, fmt.Errorf("base sample %s is not an object: %w", base.Name, err)
	}
	required := append([]string(nil), rs.Required...)
	sort.Strings(required)
	for _, f := range required {
		if _, ok := baseBody[f]; !ok {
			return nil, fmt.Errorf("base sample %s lacks required field %s", base.Name, f)
		}
		fid := strings.ToUpper(strings.NewReplacer("_", "", "-", "").Replace(f))
		codes := e.Codes(f, false)
		out = append(out, Plan{Kind: KindMissing, Entry: e, Sample: *base, Field: f, Codes: codes, Check: mk(KindMissing, "-"+fid+"-001",
			fmt.Sprintf("%s refuses a body without %s", e.Path, f),
			fmt.Sprintf("%s MUST answer its documented sample without the required field %s with HTTP 200, ActionStatus FAIL and a code documented for it (%s), while the complete sample answers OK.", e.Path, f, codeList(codes)),
			framework.Documented, len(codes) > 1, LabelErrors)})
		if reason := wrongTypeSkip(base, f, baseBody[f], rs.Properties[f]); reason != "" {
			continue
		}
		codes = e.Codes(f, true)
		out = append(out, Plan{Kind: KindType, Entry: e, Sample: *base, Field: f, Codes: codes, Check: mk(KindType, "-"+fid+"-001",
			fmt.Sprintf("%s refuses %s of the wrong JSON type", e.Path, f),
			fmt.Sprintf("%s MUST answer its documented sample with %s sent as another JSON type holding the same value (a digit string as a number, a number as a string, an array as its element, an object as its JSON text) with HTTP 200, ActionStatus FAIL and a documented code (%s), while the sample in the documented type answers OK.", e.Path, f, codeList(codes)),
			framework.Documented, len(codes) > 1, LabelErrors)})
	}
	authCodes := []int{70009, 60004, 60005}
	out = append(out, Plan{Kind: KindAuth, Entry: e, Sample: *base, Codes: authCodes, Check: mk(KindAuth, "-001",
		fmt.Sprintf("%s refuses a UserSig made with another key", e.Path),
		fmt.Sprintf("%s MUST answer a call whose UserSig was signed with another app's key with HTTP 200, ActionStatus FAIL and ErrorCode 70009 (or the generic 60004/60005 the REST layer may give).", e.Path),
		framework.Documented, true, LabelAuth)})
	if limit, ok := e.Limit(); ok {
		out = append(out, Plan{Kind: KindRate, Entry: e, Sample: *base, Check: mk(KindRate, "-001",
			fmt.Sprintf("%s accepts calls under its limit of %g/s", e.Path, limit),
			fmt.Sprintf("%s MUST NOT throttle calls sent at 75%% of its documented limit of %g calls per second.", e.Path, limit),
			framework.Documented, false, LabelRateLimit, LabelDisruptive)})
		out = append(out, Plan{Kind: KindRate, Over: true, Entry: e, Sample: *base, Codes: framework.ThrottleCodes(), Check: mk(KindRate, "-002",
			fmt.Sprintf("%s throttles calls over its limit of %g/s", e.Path, limit),
			fmt.Sprintf("%s MUST answer some calls sent at three times its documented limit of %g calls per second with HTTP 200, ActionStatus FAIL and a documented throttling code, and MUST NOT accept many more than the limit allows.", e.Path, limit),
			framework.Documented, true, LabelRateLimit, LabelDisruptive)})
	}
	return out, nil
}

// wrongTypeSkip says why no wrong-type check is generated for field f of
// the base sample, or "" when one is: a check must send a value that would
// succeed in the right type, so a string must hold digits (the sample's
// accounts do) and enum strings never qualify.
func wrongTypeSkip(base *fixtures.Sample, f string, value, schema json.RawMessage) string {
	if r := base.WrongTypeSkip[f]; r != "" {
		return r
	}
	var s struct {
		Enum  []any `json:"enum"`
		Const any   `json:"const"`
	}
	json.Unmarshal(schema, &s)
	if len(s.Enum) > 0 || s.Const != nil {
		return "enum"
	}
	var str string
	if json.Unmarshal(value, &str) != nil {
		return "" // a number, array, object or boolean: Coerce handles it
	}
	if id, ok := base.Replace[str]; ok {
		for _, st := range base.Setup {
			if st.ID == id && (st.Account || st.Fresh) {
				return ""
			}
		}
		return "placeholder that is not an account"
	}
	if str != "" && strings.Trim(str, "0123456789") == "" {
		return ""
	}
	return "string that does not hold digits"
}

func codeList(codes []int) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = fmt.Sprint(c)
	}
	return strings.Join(s, ", ")
}

var checks *framework.Checks

// Checks returns the generated checks, built once.
func Checks() *framework.Checks {
	if checks == nil {
		plans, err := Plans()
		if err != nil {
			panic(err)
		}
		list := make([]framework.Check, len(plans))
		for i, p := range plans {
			list[i] = p.Check
		}
		checks = framework.NewChecks(list...)
	}
	return checks
}
