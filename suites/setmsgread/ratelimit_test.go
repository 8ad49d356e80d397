package setmsgread_test

import (
	"context"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

const (
	documentedLimit = 200.0 // calls/s, admin_set_msg_read
	loadFor         = 2 * time.Second
	// minAccuracy is how close to the asked rate the load generator must
	// come for a rate check to mean anything.
	minAccuracy = 0.9
	// minAccepted is the share of calls at the documented limit that must
	// pass, as in RATE-002's lower bound: a per-second window may throttle
	// some where the load meets the end of earlier traffic.
	minAccepted = 0.9
)

// disruptive skips, with the reason in the report, a check that would
// throttle a real app unless the user opted in.
func disruptive() {
	if env.Target.Region && !env.Target.AllowDisruptive {
		ginkgo.Skip("disruptive: it throttles the app on " + env.Target.String() + "; set ALLOW_DISRUPTIVE=1 to run it")
	}
}

// burst sends admin_set_msg_read for one pair at rate calls/s for d with
// the non-retrying client, and prints what it achieved.
func burst(ctx ginkgo.SpecContext, report, peer string, rate float64, d time.Duration) framework.LoadResult {
	ginkgo.GinkgoHelper()
	body := mustJSON(framework.SetReadBody(report, peer, nil))
	res := framework.Load(ctx, rate, d, func(ctx context.Context) (*target.Exchange, error) {
		return env.Raw.Do(ctx, target.Request{Endpoint: framework.SetMsgRead, Body: body})
	})
	ginkgo.GinkgoWriter.Println(res.String())
	ginkgo.AddReportEntry("load", res.String())
	gomega.Expect(res.Errors).To(gomega.BeEmpty(), "transport errors during the load")
	gomega.Expect(res.Accuracy()).To(gomega.BeNumerically(">=", minAccuracy),
		"the load generator reached only %.1f of the asked %.0f calls/s; the check cannot judge the target", res.Achieved, rate)
	return res
}

// settled waits until a call is accepted, so that a check starts with the
// limiter out of any earlier burst.
func settled(ctx ginkgo.SpecContext, report, peer string) {
	ginkgo.GinkgoHelper()
	body := mustJSON(framework.SetReadBody(report, peer, nil))
	gomega.Eventually(ctx, func(g gomega.Gomega) {
		x, err := env.Raw.Do(ctx, target.Request{Endpoint: framework.SetMsgRead, Body: body})
		g.Expect(err).NotTo(gomega.HaveOccurred())
		g.Expect(x).To(framework.BeOK())
	}).WithTimeout(10 * time.Second).WithPolling(100 * time.Millisecond).Should(gomega.Succeed())
}

var _ = ginkgo.Describe("rate limit", ginkgo.Serial, func() {
	var report, peer string
	ginkgo.BeforeEach(func(ctx ginkgo.SpecContext) {
		disruptive()
		report, peer = conversation(ctx, 1)
		settled(ctx, report, peer)
	}, ginkgo.NodeTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-001", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 0.75*documentedLimit, loadFor)
		gomega.Expect(res.Samples).To(gomega.BeEmpty(), "answers that were neither OK nor throttled")
		gomega.Expect(res.Throttled).To(gomega.BeZero(), "calls throttled at 75%% of the documented limit: %s", res)
		gomega.Expect(res.OK).To(gomega.Equal(res.Sent), res.String())
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-002", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 3*documentedLimit, loadFor)
		for _, x := range res.Samples {
			gomega.Expect(x).To(framework.FailWith(target.Throttled...), "an answer to a call over the limit")
		}
		gomega.Expect(res.Throttled).To(gomega.BeNumerically(">", 0), "nothing throttled at 3x the limit: %s", res)
		span := res.Span.Seconds()
		low, high := minAccuracy*documentedLimit*span, documentedLimit*(span+1)
		gomega.Expect(float64(res.OK)).To(gomega.And(gomega.BeNumerically(">=", low), gomega.BeNumerically("<=", high)),
			"accepted %d calls over %.2fs; want between %.0f and %.0f (%s)", res.OK, span, low, high, res)
		for code := range res.Codes {
			framework.Variant("throttling code %d", code)
		}
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-004", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, documentedLimit, loadFor)
		for _, x := range res.Samples {
			gomega.Expect(x).To(framework.FailWith(target.Throttled...), "an answer at the documented limit")
		}
		gomega.Expect(float64(res.OK)).To(gomega.BeNumerically(">=", minAccepted*float64(res.Sent)),
			"at the documented limit only %d of %d calls were accepted (%s)", res.OK, res.Sent, res)
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-003", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 3*documentedLimit, loadFor/2)
		gomega.Expect(res.Throttled).To(gomega.BeNumerically(">", 0), "the burst was not throttled, so recovery cannot be judged: %s", res)
		body := mustJSON(framework.SetReadBody(report, peer, nil))
		deadline := res.LastSend.Add(framework.Recovery)
		var last *target.Exchange
		gomega.Eventually(ctx, func(g gomega.Gomega) {
			x, err := env.Raw.Do(ctx, target.Request{Endpoint: framework.SetMsgRead, Body: body})
			g.Expect(err).NotTo(gomega.HaveOccurred())
			last = x
			g.Expect(x).To(framework.BeOK())
		}).WithTimeout(max(time.Until(deadline), time.Millisecond)).WithPolling(50*time.Millisecond).Should(gomega.Succeed(),
			"no call accepted within %s of the burst's end", framework.Recovery)
		// When the accepted call was sent, not when its answer arrived.
		sentAfter := time.Since(res.LastSend) - last.Elapsed
		gomega.Expect(sentAfter).To(gomega.BeNumerically("<=", framework.Recovery),
			"the first accepted call was sent %s after the burst, later than the %s allowed", sentAfter, framework.Recovery)
		ginkgo.AddReportEntry("recovered", "after "+time.Since(res.LastSend).Round(time.Millisecond).String()+"\n"+framework.Describe(last))
	}, ginkgo.SpecTimeout(framework.SpecTimeout))
})
