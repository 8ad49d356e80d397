package framework

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega/types"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
)

// BeOK matches an exchange that is HTTP 200 with a body valid against the
// endpoint's response schema, ActionStatus OK and ErrorCode 0.
func BeOK() types.GomegaMatcher { return &exchangeMatcher{want: "OK"} }

// FailWith matches an exchange that is HTTP 200 with a body valid against
// the endpoint's response schema, ActionStatus FAIL and an ErrorCode among
// codes. ErrorInfo wording is never compared.
func FailWith(codes ...int) types.GomegaMatcher {
	return &exchangeMatcher{want: "FAIL", codes: codes}
}

// MatchSchema matches an exchange that is HTTP 200 with a body valid
// against the endpoint's response schema, whatever its outcome.
func MatchSchema() types.GomegaMatcher { return &exchangeMatcher{} }

type exchangeMatcher struct {
	want  string // "", "OK" or "FAIL"
	codes []int
	why   []string
	x     *target.Exchange
}

func (m *exchangeMatcher) Match(actual any) (bool, error) {
	x, ok := actual.(*target.Exchange)
	if !ok || x == nil {
		return false, fmt.Errorf("expected a *target.Exchange, got %T", actual)
	}
	m.x, m.why = x, nil
	if x.Status != http.StatusOK {
		m.why = append(m.why, fmt.Sprintf("HTTP status %d, want 200 (the API answers every outcome with 200)", x.Status))
	}
	validate := schemas.ValidateResponse
	if !schemas.Known(x.Endpoint) {
		// A path the docs do not define (a probe's unknown command): the
		// envelope is all that applies.
		validate = func(_ string, body []byte) ([]schemas.Violation, error) { return schemas.ValidateEnvelope(body) }
	}
	violations, err := validate(x.Endpoint, x.Body)
	switch {
	case err != nil:
		m.why = append(m.why, fmt.Sprintf("body does not validate: %v", err))
	case len(violations) > 0:
		for _, v := range violations {
			m.why = append(m.why, "schema: "+v.String())
		}
	}
	if x.DecodeErr == nil {
		env := x.Envelope
		switch m.want {
		case "OK":
			if env.ActionStatus != "OK" || env.ErrorCode != 0 {
				m.why = append(m.why, fmt.Sprintf("ActionStatus %q ErrorCode %d, want OK 0", env.ActionStatus, env.ErrorCode))
			}
		case "FAIL":
			if env.ActionStatus != "FAIL" || !slices.Contains(m.codes, env.ErrorCode) {
				m.why = append(m.why, fmt.Sprintf("ActionStatus %q ErrorCode %d, want FAIL with one of %v", env.ActionStatus, env.ErrorCode, m.codes))
			}
		}
	} else if len(violations) == 0 && err == nil {
		m.why = append(m.why, fmt.Sprintf("envelope: %v", x.DecodeErr))
	}
	return len(m.why) == 0, nil
}

func (m *exchangeMatcher) FailureMessage(any) string {
	return m.headline() + "\n  - " + strings.Join(m.why, "\n  - ") + "\n" + Describe(m.x)
}

// headline is the one-line diagnosis: what the target answered and what the
// check requires.
func (m *exchangeMatcher) headline() string {
	var want string
	switch m.want {
	case "OK":
		want = "want OK with ErrorCode 0"
	case "FAIL":
		want = "want FAIL with ErrorCode " + orList(m.codes)
	default:
		want = "want HTTP 200 with a schema-valid body"
	}
	got := Answered(m.x)
	outcomeOK := m.x.Status == http.StatusOK && m.x.DecodeErr == nil &&
		(m.want == "" || m.want == "OK" && m.x.OK() || m.want == "FAIL" && m.x.Envelope.ActionStatus == "FAIL" && slices.Contains(m.codes, m.x.Envelope.ErrorCode))
	if outcomeOK {
		for _, w := range m.why {
			if strings.HasPrefix(w, "schema: ") {
				return got + ", but the body breaks the response schema (" + strings.TrimPrefix(w, "schema: ") + "); want a body valid against the schema"
			}
		}
	}
	return got + "; " + want
}

// orList renders codes as "70001 (or 60004, 60005)".
func orList(codes []int) string {
	if len(codes) == 0 {
		return "(none documented)"
	}
	s := fmt.Sprint(codes[0])
	if len(codes) > 1 {
		rest := make([]string, len(codes)-1)
		for i, c := range codes[1:] {
			rest[i] = fmt.Sprint(c)
		}
		s += " (or " + strings.Join(rest, ", ") + ")"
	}
	return s
}

func (m *exchangeMatcher) NegatedFailureMessage(any) string {
	return Answered(m.x) + ", which the check forbids\n" + Describe(m.x)
}

// Describe renders an exchange for a failure message: the request with its
// usersig redacted, the response, and a curl line that reproduces it.
func Describe(x *target.Exchange) string {
	if x == nil {
		return "(no exchange)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "request:   %s %s\n", x.Method, x.URL)
	fmt.Fprintf(&b, "  body:    %s\n", clip(string(x.RequestBody)))
	fmt.Fprintf(&b, "response:  HTTP %d after %s", x.Status, x.Elapsed.Round(100_000))
	if x.Attempts > 1 {
		fmt.Fprintf(&b, " (attempt %d; earlier ones were throttled)", x.Attempts)
	}
	fmt.Fprintf(&b, "\n  body:    %s\n", clip(string(x.Body)))
	fmt.Fprintf(&b, "reproduce: %s\n", x.Curl())
	return target.Redact(b.String())
}

func clip(s string) string {
	const max = 2000
	if s == "" {
		return "(empty)"
	}
	if len(s) > max {
		return s[:max] + fmt.Sprintf("… (%d bytes in all)", len(s))
	}
	return s
}

// Verify asserts that x meets m (BeOK, FailWith, MatchSchema) and fails the
// check otherwise, with the matcher's one-line diagnosis first.
func Verify(x *target.Exchange, m types.GomegaMatcher) {
	ginkgo.GinkgoHelper()
	Verifyf(x, m, "")
}

// Verifyf is Verify with a note, a format and its arguments, that says
// which call of the check it was; it is appended to the diagnosis.
func Verifyf(x *target.Exchange, m types.GomegaMatcher, format string, args ...any) {
	ginkgo.GinkgoHelper()
	ok, err := m.Match(x)
	if err != nil {
		Failf("%v", err)
	}
	if ok {
		return
	}
	msg := m.FailureMessage(x)
	if format != "" {
		head, rest, _ := strings.Cut(msg, "\n")
		msg = head + " (" + fmt.Sprintf(format, args...) + ")\n" + rest
	}
	ginkgo.Fail(target.Redact(msg))
}
