package setmsgread_test

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

// expectCode asserts a FAIL among codes and, where more than one code is
// allowed, records in the report which one the target gave.
func expectCode(body any, what string, codes ...int) func(ginkgo.SpecContext) {
	return func(ctx ginkgo.SpecContext) {
		x := setRead(ctx, resolveBody(ctx, body))
		framework.Verifyf(x, framework.FailWith(codes...), "%s", what)
		if len(codes) > 1 {
			framework.Variant("%s: ErrorCode %d (accepted: %v)", what, x.Envelope.ErrorCode, codes)
		}
	}
}

// A body may need accounts, made when the spec runs.
type bodyFunc func(report, peer, unknown string) any

func resolveBody(ctx ginkgo.SpecContext, body any) any {
	f, ok := body.(bodyFunc)
	if !ok {
		return body
	}
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	return f(report, peer, env.Pool.Unknown())
}

var _ = setmsgread.Checks.It("SETREAD-ERR-001",
	expectCode([]byte(`{"Report_Account":"a","Peer_Account":`), "malformed JSON", 90001),
	ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-002",
	expectCode(bodyFunc(func(r, p, u string) any { return map[string]any{"Peer_Account": p} }), "missing Report_Account", setmsgread.AccountCodes...),
	ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-003",
	expectCode(bodyFunc(func(r, p, u string) any { return map[string]any{"Report_Account": r} }), "missing Peer_Account", setmsgread.AccountCodes...),
	ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-004",
	expectCode(bodyFunc(func(r, p, u string) any { return setmsgread.SetReadBody(u, p, nil) }), "unknown Report_Account", setmsgread.AccountCodes...),
	ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-005",
	expectCode(bodyFunc(func(r, p, u string) any { return setmsgread.SetReadBody(r, u, nil) }), "unknown Peer_Account", setmsgread.AccountCodes...),
	ginkgo.SpecTimeout(framework.SpecTimeout))

// expectWrongTypes sends field as other JSON types. The pair's UserIDs are
// all digits and their conversation has a message, so the account sent as
// a JSON number would succeed if the target took it for the string: only
// the type can make it fail (a target that coerces numbers to strings and
// then finds the account is caught).
func expectWrongTypes(field string) func(ginkgo.SpecContext) {
	return func(ctx ginkgo.SpecContext) {
		report, err := env.Pool.Digits(ctx, true)
		framework.Require(err, "an account with a numeric UserID")
		peer, err := env.Pool.Digits(ctx, true)
		framework.Require(err, "an account with a numeric UserID")
		framework.Require(c2c.ImportPast(ctx, env.Client, peer, report, 1), "a message between the two")
		own := map[string]string{"Report_Account": report, "Peer_Account": peer}[field]
		for _, wt := range []struct {
			name  string
			value any
		}{{"a number holding the UserID", json.Number(own)}, {"an array", []string{own}}, {"null", nil}, {"an object", map[string]string{}}} {
			body := setmsgread.SetReadBody(report, peer, nil)
			body[field] = wt.value
			x := setRead(ctx, body)
			framework.Verifyf(x, framework.FailWith(setmsgread.WrongTypeCodes...), "%s as %s", field, wt.name)
			framework.Variant("%s as %s: ErrorCode %d (accepted: %v)", field, wt.name, x.Envelope.ErrorCode, setmsgread.WrongTypeCodes)
		}
	}
}

var _ = setmsgread.Checks.It("SETREAD-ERR-006", expectWrongTypes("Report_Account"), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-007", expectWrongTypes("Peer_Account"), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ERR-008",
	expectCode([]byte{}, "empty body", setmsgread.EmptyBodyCodes...),
	ginkgo.SpecTimeout(framework.SpecTimeout))
