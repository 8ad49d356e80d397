// Package load is the suites' load generator: it sends calls at a paced
// rate, open loop, from many goroutines, and counts what came back, for
// the rate-limit checks. It knows no endpoint and no test framework (the
// suites' framework wraps it), so that it is tested under -race without
// compiling ginkgo for the race detector.
package load

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chatconform/chatconform/internal/target"
)

// maxInFlight bounds the calls a load run has open at once.
const maxInFlight = 256

// Result is what a paced load run sent and what came back.
type Result struct {
	Asked    float64       // calls per second asked for
	Duration time.Duration // how long the load was asked to last
	Sent     int
	// Span is the time from the first send to the last one.
	Span time.Duration
	// Achieved is the rate actually sent: (Sent-1) / Span.
	Achieved  float64
	OK        int
	Throttled int
	// Codes counts the throttling codes seen.
	Codes map[int]int
	// Other counts answers that were neither OK nor a documented throttling
	// answer (HTTP 200, FAIL, a code of target.Throttled); Samples keeps the
	// first few of them, Errors the first few transport errors.
	Other   int
	Samples []*target.Exchange
	Errors  []error
	// LastSend is when the last call was sent, LastOK when the last OK
	// answer came back.
	LastSend, LastOK time.Time
}

// Window is the time in which the target can have taken the calls it
// accepted: from the first send to the last OK answer (each call it
// accepted arrived before its own answer). It is longer than Span when
// answers queue (a target, or a machine, busy elsewhere), and a limit
// then lets more calls through; throttled answers, however late, do not
// lengthen it.
func (r Result) Window() time.Duration {
	if r.LastOK.IsZero() {
		return r.Span
	}
	return max(r.Span, r.LastOK.Sub(r.LastSend.Add(-r.Span)))
}

// Accuracy is Achieved divided by Asked.
func (r Result) Accuracy() float64 { return r.Achieved / r.Asked }

func (r Result) String() string {
	return fmt.Sprintf("asked %.0f calls/s for %s: sent %d at %.1f/s (%.2f%% of asked), %d OK, %d throttled (%s), %d other",
		r.Asked, r.Duration, r.Sent, r.Achieved, 100*r.Accuracy(), r.OK, r.Throttled, CodeCounts(r.Codes), r.Other)
}

// Run calls call at rate calls per second for d, open loop: each call is
// sent at its scheduled time whether or not earlier ones have answered
// (at most maxInFlight at once), and waits for the answers. The clock
// paces the sends; nothing sleeps for a guessed time.
func Run(ctx context.Context, rate float64, d time.Duration, call func(context.Context) (*target.Exchange, error)) Result {
	n := int(math.Round(rate * d.Seconds()))
	res := Result{Asked: rate, Duration: d, Codes: map[int]int{}}
	if n < 2 {
		n = 2
	}
	interval := time.Duration(float64(time.Second) / rate)
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, maxInFlight)
	)
	record := func(x *target.Exchange, err error) {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			res.Other++
			if len(res.Errors) < 5 {
				res.Errors = append(res.Errors, err)
			}
		case x.OK():
			res.OK++
			if now.After(res.LastOK) {
				res.LastOK = now
			}
		case x.Status == http.StatusOK && x.DecodeErr == nil && x.Envelope.ActionStatus == "FAIL" && target.IsThrottled(x.Envelope.ErrorCode):
			res.Throttled++
			res.Codes[x.Envelope.ErrorCode]++
		default:
			res.Other++
			if len(res.Samples) < 5 {
				res.Samples = append(res.Samples, x)
			}
		}
	}
	timer := time.NewTimer(0)
	<-timer.C
	start := time.Now()
	var first, last time.Time
	for i := 0; i < n && ctx.Err() == nil; i++ {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				timer.Stop()
			}
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		now := time.Now()
		if i == 0 {
			first = now
		}
		last = now
		res.Sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			record(call(ctx))
		}()
	}
	wg.Wait()
	res.LastSend = last
	res.Span = last.Sub(first)
	if res.Span > 0 {
		res.Achieved = float64(res.Sent-1) / res.Span.Seconds()
	}
	return res
}

// CodeCounts renders counts of error codes as "60007 ×352, 60011 ×3", by code.
func CodeCounts(codes map[int]int) string {
	keys := make([]int, 0, len(codes))
	for c := range codes {
		keys = append(keys, c)
	}
	sort.Ints(keys)
	parts := make([]string, len(keys))
	for i, c := range keys {
		parts[i] = fmt.Sprintf("%d ×%d", c, codes[c])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
