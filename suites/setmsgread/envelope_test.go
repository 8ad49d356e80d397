package setmsgread_test

import (
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

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
		{Endpoint: framework.SetMsgRead, Body: mustJSON(framework.SetReadBody(report, peer, nil))},
		{Endpoint: framework.SetMsgRead, Body: mustJSON(framework.SetReadBody(report, env.Pool.Unknown(), nil))},
		{Endpoint: framework.SetMsgRead, Body: []byte(`{"Report_Account":`)},
		{Endpoint: framework.SetMsgRead, Body: mustJSON(framework.SetReadBody(report, peer, nil)), Query: map[string]*string{"usersig": &garbage}},
	} {
		x, err := env.Client.Do(ctx, r)
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		out = append(out, x)
	}
	return out
}

var _ = setmsgread.Checks.It("SETREAD-ENV-001", func(ctx ginkgo.SpecContext) {
	for _, x := range envelopeCases(ctx) {
		gomega.Expect(x).To(framework.MatchSchema())
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-ENV-002", func(ctx ginkgo.SpecContext) {
	xs := envelopeCases(ctx)
	for i, x := range xs {
		gomega.Expect(x.DecodeErr).NotTo(gomega.HaveOccurred(), framework.Describe(x))
		gomega.Expect(x.Envelope.ActionStatus == "OK").To(gomega.Equal(x.Envelope.ErrorCode == 0),
			"ActionStatus %q with ErrorCode %d\n%s", x.Envelope.ActionStatus, x.Envelope.ErrorCode, framework.Describe(x))
		gomega.Expect(x.Envelope.ActionStatus).To(gomega.BeElementOf("OK", "FAIL"), framework.Describe(x))
		// The first call is valid and the others are not: both directions of
		// the rule are exercised.
		gomega.Expect(x.Envelope.ErrorCode == 0).To(gomega.Equal(i == 0), framework.Describe(x))
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))
