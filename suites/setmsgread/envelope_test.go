package setmsgread_test

import (
	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

// envelopeCases are calls whose answers, OK and FAIL alike, the envelope
// checks inspect.
func envelopeCases(ctx ginkgo.SpecContext) []*target.Exchange {
	report, peer := conversation(ctx, 1)
	garbage := "garbage"
	var out []*target.Exchange
	for _, r := range []target.Request{
		{Endpoint: setmsgread.SetMsgRead, Body: mustJSON(setmsgread.SetReadBody(report, peer, nil))},
		{Endpoint: setmsgread.SetMsgRead, Body: mustJSON(setmsgread.SetReadBody(report, env.Pool.Unknown(), nil))},
		{Endpoint: setmsgread.SetMsgRead, Body: []byte(`{"Report_Account":`)},
		{Endpoint: setmsgread.SetMsgRead, Body: mustJSON(setmsgread.SetReadBody(report, peer, nil)), Query: map[string]*string{"usersig": &garbage}},
	} {
		x, err := env.Client.Do(ctx, r)
		framework.Require(err, "a precondition")
		out = append(out, x)
	}
	return out
}

var _ = setmsgread.Checks.It("SETREAD-ENV-001", func(ctx ginkgo.SpecContext) {
	for _, x := range envelopeCases(ctx) {
		framework.Verify(x, framework.MatchSchema())
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ENV-002", func(ctx ginkgo.SpecContext) {
	xs := envelopeCases(ctx)
	for i, x := range xs {
		if x.DecodeErr != nil {
			framework.Failf("%s; want the JSON envelope\n%s", framework.Answered(x), framework.Describe(x))
		}
		if st := x.Envelope.ActionStatus; st != "OK" && st != "FAIL" || (st == "OK") != (x.Envelope.ErrorCode == 0) {
			framework.Failf("%s; want OK exactly when ErrorCode is 0, FAIL otherwise\n%s", framework.Answered(x), framework.Describe(x))
		}
		// The first call is valid and the others are not: both directions of
		// the rule are exercised.
		if (x.Envelope.ErrorCode == 0) != (i == 0) {
			want := "a failure (the call is not valid)"
			if i == 0 {
				want = "success (the call is valid)"
			}
			framework.Failf("%s; want %s\n%s", framework.Answered(x), want, framework.Describe(x))
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))
