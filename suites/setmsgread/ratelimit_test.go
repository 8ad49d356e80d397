package setmsgread_test

import (
	"context"
	"math"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

const (
	loadFor = 2 * time.Second
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
	body := mustJSON(setmsgread.SetReadBody(report, peer, nil))
	res := framework.LoadNear(ctx, setmsgread.SetMsgRead, rate, d, minAccuracy, func() { settled(ctx, report, peer) }, func(ctx context.Context) (*target.Exchange, error) {
		return env.Raw.Do(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: body})
	})
	ginkgo.GinkgoWriter.Println(res.String())
	return res
}

// settled waits until a call is accepted, so that a check starts with the
// limiter out of any earlier burst.
func settled(ctx ginkgo.SpecContext, report, peer string) {
	ginkgo.GinkgoHelper()
	body := mustJSON(setmsgread.SetReadBody(report, peer, nil))
	gomega.Eventually(ctx, func(g gomega.Gomega) {
		x, err := env.Raw.Do(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: body})
		g.Expect(err).NotTo(gomega.HaveOccurred())
		g.Expect(x).To(framework.BeOK())
	}).WithTimeout(10 * time.Second).WithPolling(100 * time.Millisecond).Should(gomega.Succeed())
}

// documentedLimit is admin_set_msg_read's, from the catalogue.
var documentedLimit = setmsgread.DocumentedLimit()

var _ = ginkgo.Describe("rate limit", ginkgo.Serial, func() {
	var report, peer string
	ginkgo.BeforeEach(func(ctx ginkgo.SpecContext) {
		disruptive()
		report, peer = conversation(ctx, 1)
		settled(ctx, report, peer)
		// A second without calls before the load: a token bucket is full
		// again, and a limit counted per wall-clock second starts the load
		// in a second that holds none of the previous check's calls.
		framework.Quiet(ctx, time.Second)
	}, ginkgo.NodeTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-001", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 0.75*documentedLimit, loadFor)
		for _, x := range res.Samples {
			framework.Verifyf(x, framework.BeOK(), "a call at 75%% of the documented limit")
		}
		if res.Throttled > 0 || res.OK != res.Sent {
			framework.Failf("admin_set_msg_read throttled %d and refused %d of %d calls sent at %.0f/s, 75%% of its documented limit; want every one OK", res.Throttled, res.Sent-res.OK-res.Throttled, res.Sent, res.Achieved)
		}
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-002", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 3*documentedLimit, loadFor)
		for _, x := range res.Samples {
			framework.Verifyf(x, framework.FailWith(target.Throttled...), "an answer to a call over the limit")
		}
		if res.Throttled == 0 {
			framework.Failf("admin_set_msg_read throttled none of %d calls sent at %.0f/s, three times its documented limit; want some answered FAIL with one of %v", res.Sent, res.Achieved, target.Throttled)
		}
		span, window := res.Span.Seconds(), res.Window().Seconds()
		// At least 90% of the limit over the span of the sends; at most one
		// second's burst beyond the limit over the time the target can have
		// taken them in (to the last OK answer: when answers queue, the
		// target took the burst over longer than it took to send), and a limit
		// counted per wall-clock second may grant a full second to every
		// second that time touches, so that reading allows one more.
		low, high := minAccuracy*documentedLimit*span, documentedLimit*(math.Ceil(window)+1)
		if ok := float64(res.OK); ok < low || ok > high {
			framework.Failf("admin_set_msg_read accepted %d calls sent over %.2f s at %.0f/s, the last answered OK after %.2f s; want between %.0f and %.0f for its documented limit", res.OK, span, res.Achieved, window, low, high)
		}
		for code := range res.Codes {
			framework.Variant("throttling code %d", code)
		}
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-004", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, documentedLimit, loadFor)
		for _, x := range res.Samples {
			framework.Verifyf(x, framework.FailWith(target.Throttled...), "an answer at the documented limit")
		}
		if float64(res.OK) < minAccepted*float64(res.Sent) {
			framework.Failf("admin_set_msg_read accepted only %d of %d calls sent at its documented limit (%.0f/s); want at least %.0f%%", res.OK, res.Sent, res.Achieved, 100*minAccepted)
		}
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	setmsgread.Checks.It("SETREAD-RATE-003", func(ctx ginkgo.SpecContext) {
		res := burst(ctx, report, peer, 3*documentedLimit, loadFor/2)
		if res.Throttled == 0 {
			framework.Failf("admin_set_msg_read throttled none of %d calls sent at %.0f/s, three times its documented limit, so recovery cannot be judged; want some throttled", res.Sent, res.Achieved)
		}
		body := mustJSON(setmsgread.SetReadBody(report, peer, nil))
		deadline := res.LastSend.Add(framework.Recovery)
		var last *target.Exchange
		gomega.Eventually(ctx, func(g gomega.Gomega) {
			x, err := env.Raw.Do(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: body})
			g.Expect(err).NotTo(gomega.HaveOccurred())
			last = x
			g.Expect(x).To(framework.BeOK())
		}).WithTimeout(max(time.Until(deadline), time.Millisecond)).WithPolling(50*time.Millisecond).Should(gomega.Succeed(),
			"admin_set_msg_read accepted no call within %s of the burst's end", framework.Recovery)
		// When the accepted call was sent, not when its answer arrived.
		sentAfter := time.Since(res.LastSend) - last.Elapsed
		if sentAfter > framework.Recovery {
			framework.Failf("admin_set_msg_read first accepted a call sent %s after the burst; want one accepted within %s", sentAfter.Round(time.Millisecond), framework.Recovery)
		}
		ginkgo.AddReportEntry("recovered", "after "+time.Since(res.LastSend).Round(time.Millisecond).String()+"\n"+framework.Describe(last))
	}, ginkgo.SpecTimeout(framework.SpecTimeout))
})
