package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
)

// loadFor is how long a rate check sends; minAccuracy how close to the
// asked rate the load generator must come for the check to judge. Over
// the limit 80 % of the asked three times is enough: 2.4 times the limit
// for a second gives more than the limit to one of the two wall-clock
// seconds it spans, however they split it, so that a limiter counting per
// wall-clock second must still throttle some (a target doing each call's
// whole work at 600 calls/s held a busy machine's generator to 86 %).
const (
	loadFor         = 500 * time.Millisecond
	minAccuracy     = 0.9
	minOverAccuracy = 0.8
)

// An endpoint whose limit is under slowLimit calls a second answers the
// calls of its checks a second or so apart, whatever runs them. Its checks
// run in order on one process (several would only take turns at its
// limit, each backing off), each call paced to the limit (pace), and they
// are scheduled first (slowPriority, over the webhook checks'), so that
// they do not run on alone at the end of a run.
const (
	slowLimit    = 5
	slowPriority = 2
)

var _ = bindAll()

func bindAll() bool {
	plans, err := contract.Plans()
	if err != nil {
		panic(err)
	}
	rate, slow := map[string][]contract.Plan{}, map[string][]contract.Plan{}
	var rateOrder, slowOrder []string
	for _, p := range plans {
		switch limit, ok := p.Entry.Limit(); {
		case p.Kind == contract.KindRate:
			if rate[p.Entry.Path] == nil {
				rateOrder = append(rateOrder, p.Entry.Path)
			}
			rate[p.Entry.Path] = append(rate[p.Entry.Path], p)
		case ok && limit < slowLimit:
			if slow[p.Entry.Path] == nil {
				slowOrder = append(slowOrder, p.Entry.Path)
			}
			slow[p.Entry.Path] = append(slow[p.Entry.Path], p)
		default:
			contract.Checks().It(p.Check.ID, spec(p), ginkgo.SpecTimeout(framework.SpecTimeout))
		}
	}
	for _, ep := range slowOrder {
		ginkgo.Describe(ep+" at its limit", ginkgo.Ordered, ginkgo.ContinueOnFailure, ginkgo.SpecPriority(slowPriority), func() {
			for _, p := range slow[ep] {
				contract.Checks().It(p.Check.ID, spec(p), ginkgo.SpecTimeout(framework.SpecTimeout))
			}
		})
	}
	// The rate checks run alone (Serial: after every other check, so no
	// other call of the endpoint counts against its limit), and an
	// endpoint's two in order: under the limit while its bucket is full,
	// then over it. The pages give each API its own limit, so one
	// endpoint's burst does not count against the next one's; a run that
	// selects only rate checks (the runner's first pass) sets
	// EnvRateParallel and runs several endpoints' pairs at once, one per
	// ginkgo process.
	decorators := []any{ginkgo.Ordered, ginkgo.ContinueOnFailure}
	if os.Getenv(contract.EnvRateParallel) == "" {
		decorators = append(decorators, ginkgo.Serial)
	}
	for _, ep := range rateOrder {
		ginkgo.Describe(ep+" rate limit", append(decorators, func() {
			for _, p := range rate[ep] {
				contract.Checks().It(p.Check.ID, spec(p), ginkgo.SpecTimeout(framework.SpecTimeout))
			}
		})...)
	}
	return true
}

func spec(p contract.Plan) func(ginkgo.SpecContext) {
	switch p.Kind {
	case contract.KindSample:
		return func(ctx ginkgo.SpecContext) {
			needs(p)
			body := resolve(ctx, p)
			framework.Verify(send(ctx, p, body), framework.BeOK())
		}
	case contract.KindParse:
		return func(ctx ginkgo.SpecContext) {
			// The documented sample without its closing brace: nothing but
			// the syntax is wrong, and no precondition is needed.
			body := bytes.TrimSuffix(bytes.TrimSpace(p.Sample.Body), []byte("}"))
			x := send(ctx, p, body)
			framework.Verify(x, framework.FailWith(p.Codes...))
			variant(p, x)
		}
	case contract.KindMissing, contract.KindType:
		return func(ctx ginkgo.SpecContext) {
			needs(p)
			body := resolve(ctx, p)
			mutated, err := mutate(body, p.Field, p.Kind == contract.KindType)
			if err != nil {
				framework.Blocked("the documented sample", err)
			}
			x := send(ctx, p, mutated)
			framework.Verify(x, framework.FailWith(p.Codes...))
			variant(p, x)
			// The control: the same sample, right, must succeed, or the
			// refusal may have had another cause.
			if c := send(ctx, p, body); !c.OK() {
				framework.BlockedBy(c, "the complete sample, sent as the control, was refused too")
			}
		}
	case contract.KindAuth:
		return func(ctx ginkgo.SpecContext) {
			t := env.Client.Target()
			sig, err := usersig.Gen(t.SDKAppID, "chatconform-another-apps-key", t.Admin, 24*time.Hour)
			if err != nil {
				framework.Blocked("making a UserSig", err)
			}
			x := sendQuery(ctx, p, p.Sample.Body, map[string]*string{"usersig": &sig})
			framework.Verify(x, framework.FailWith(p.Codes...))
			variant(p, x)
		}
	case contract.KindRate:
		return func(ctx ginkgo.SpecContext) {
			if env.Target.Region && !env.Target.AllowDisruptive {
				ginkgo.Skip("disruptive: it throttles the app on " + env.Target.String() + "; set ALLOW_DISRUPTIVE=1 to run it")
			}
			needs(p)
			body := resolve(ctx, p)
			limit, _ := p.Entry.Limit()
			settle(ctx, p, body)
			// The settling call took its share of the limit: one call's
			// interval passes before the load starts.
			framework.Quiet(ctx, time.Duration(float64(time.Second)/limit))
			// Under the limit half a second is enough; over it, a whole
			// second, so that a limit counted per wall-clock second must
			// throttle some of the burst wherever the second boundary falls.
			rate, d, least := 0.75*limit, loadFor, minAccuracy
			if p.Over {
				rate, d, least = 3*limit, 2*loadFor, minOverAccuracy
			}
			res := framework.LoadNear(ctx, p.Entry.Path, rate, d, least, func() { settle(ctx, p, body) }, func(ctx context.Context) (*target.Exchange, error) {
				return env.Raw.Do(ctx, target.Request{Endpoint: p.Entry.Path, Body: body})
			})
			if !p.Over {
				if res.Throttled > 0 {
					framework.Failf("%s throttled %d of %d calls sent at %.0f/s, 75%% of its documented limit of %g/s; want none throttled", p.Entry.Path, res.Throttled, res.Sent, res.Achieved, limit)
				}
				return
			}
			if res.Throttled == 0 {
				framework.Failf("%s throttled none of %d calls sent at %.0f/s, three times its documented limit of %g/s; want some answered FAIL with one of %v", p.Entry.Path, res.Sent, res.Achieved, limit, p.Codes)
			}
			for _, x := range res.Samples {
				if x.Status != 200 {
					framework.Failf("%s answered a call of the burst with HTTP %d; want every answer HTTP 200, throttling inside the body", p.Entry.Path, x.Status)
				}
			}
			// The calls count against the limit from the first send to the
			// last OK answer: when answers queue, the target took the burst
			// over longer than it took to send.
			accepted, window := float64(res.Sent-res.Throttled), max(d, res.Window())
			if most := limit*window.Seconds() + limit; accepted > most {
				framework.Failf("%s accepted %.0f of %d calls sent in %s at %.0f/s, the last answered OK after %s; its documented limit of %g/s allows at most %.0f in that time (one second's burst included)", p.Entry.Path, accepted, res.Sent, d, res.Achieved, window.Round(time.Millisecond), limit, most)
			}
			framework.Variant("throttled with %s", framework.CodeCounts(res.Codes))
		}
	}
	panic("unknown kind " + p.Kind)
}

// needs skips a check whose sample needs state only client SDKs make, on
// targets that cannot make it.
func needs(p contract.Plan) {
	if p.Sample.Needs != "" && !env.Target.Has(p.Sample.Needs) {
		ginkgo.Skip("needs " + p.Sample.Needs + ", which " + env.Target.String() + " cannot make")
	}
}

// send calls the plan's endpoint with body through the retrying client.
func send(ctx context.Context, p contract.Plan, body []byte) *target.Exchange {
	return sendQuery(ctx, p, body, nil)
}

// sendQuery is send with query parameters set or removed (see
// target.Request), paced to a slow endpoint's limit.
func sendQuery(ctx context.Context, p contract.Plan, body []byte, query map[string]*string) *target.Exchange {
	pace(ctx, p)
	x, err := env.Client.Do(ctx, target.Request{Endpoint: p.Entry.Path, Body: body, Query: query})
	if err != nil {
		framework.Unreachable(p.Entry.Path, err)
	}
	return x
}

// paced is when this process may next call each slow endpoint.
var paced = struct {
	sync.Mutex
	next map[string]time.Time
}{next: map[string]time.Time{}}

// pace waits, before a call of an endpoint whose limit is under slowLimit,
// until a call's interval at that limit (and a twentieth more) has passed
// since this process's last call of it: the call then finds its limiter
// ready instead of backing off. Other endpoints' calls go at once.
func pace(ctx context.Context, p contract.Plan) {
	limit, ok := p.Entry.Limit()
	if !ok || limit >= slowLimit {
		return
	}
	paced.Lock()
	now := time.Now()
	at := paced.next[p.Entry.Path]
	if at.Before(now) {
		at = now
	}
	paced.next[p.Entry.Path] = at.Add(time.Duration(1.05 * float64(time.Second) / limit))
	paced.Unlock()
	framework.Quiet(ctx, at.Sub(now))
}

func variant(p contract.Plan, x *target.Exchange) {
	if len(p.Codes) > 1 {
		framework.Variant("ErrorCode %d (accepted: %v)", x.Envelope.ErrorCode, p.Codes)
	}
}

// settle waits until the endpoint accepts a call again, so a rate check
// starts with its limiter out of any earlier burst.
func settle(ctx ginkgo.SpecContext, p contract.Plan, body []byte) {
	ginkgo.GinkgoHelper()
	gomega.Eventually(ctx, func(g gomega.Gomega) {
		x, err := env.Raw.Do(ctx, target.Request{Endpoint: p.Entry.Path, Body: body})
		g.Expect(err).NotTo(gomega.HaveOccurred())
		g.Expect(target.IsThrottled(x.Envelope.ErrorCode)).To(gomega.BeFalse())
	}).WithTimeout(10 * time.Second).WithPolling(100 * time.Millisecond).Should(gomega.Succeed())
}

// mutate returns body without field, or with field of another JSON type
// holding the same value.
func mutate(body []byte, field string, wrongType bool) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	v, ok := m[field]
	if !ok {
		return nil, fmt.Errorf("the sample has no %s", field)
	}
	if !wrongType {
		delete(m, field)
		return json.Marshal(m)
	}
	c, err := contract.Coerce(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	m[field] = c
	return json.Marshal(m)
}
