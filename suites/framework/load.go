package framework

import (
	"context"
	"fmt"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/load"
	"github.com/chatconform/chatconform/internal/target"
)

// LoadResult is what a paced load run sent and what came back (see
// internal/load).
type LoadResult = load.Result

// Load calls call at rate calls per second for d, open loop, and waits for
// the answers (see load.Run).
func Load(ctx context.Context, rate float64, d time.Duration, call func(context.Context) (*target.Exchange, error)) LoadResult {
	return load.Run(ctx, rate, d, call)
}

// LoadNear runs Load for a rate-limit check of endpoint, with the figures
// in the spec's report (entry "load"), and returns a load that came to at
// least min of the asked rate. A call without an answer ends the check
// (Unreachable). When the generator fell short (a machine busy with other
// work), ready settles the target's limiter out of that burst, a quiet
// second passes and the load runs once more; if that falls short too, the
// check is blocked: it cannot judge the target.
func LoadNear(ctx context.Context, endpoint string, rate float64, d time.Duration, min float64, ready func(), call func(context.Context) (*target.Exchange, error)) LoadResult {
	ginkgo.GinkgoHelper()
	run := func() LoadResult {
		res := Load(ctx, rate, d, call)
		ginkgo.AddReportEntry("load", res.String())
		if len(res.Errors) > 0 {
			Unreachable(endpoint, res.Errors[0])
		}
		return res
	}
	res := run()
	if res.Accuracy() < min {
		ready()
		Quiet(ctx, time.Second)
		res = run()
	}
	if res.Accuracy() < min {
		Blocked("the load generator", fmt.Errorf("reached only %.1f of the asked %.0f calls/s; the check cannot judge the target", res.Achieved, rate))
	}
	return res
}

// ThrottleCodes returns the documented codes that mean "call rate over a
// limit".
func ThrottleCodes() []int { return append([]int(nil), target.Throttled...) }

// CodeCounts renders counts of error codes as "60007 ×352, 60011 ×3", by code.
func CodeCounts(codes map[int]int) string { return load.CodeCounts(codes) }

// Quiet sends nothing for d, the length of a documented rate window, so
// that calls made before it no longer count against a limit. It is a wait
// for a documented window, not for a guessed delay; it ends early when ctx
// does.
func Quiet(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
