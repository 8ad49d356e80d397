package framework

import (
	"context"
	"fmt"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/target"
)

// Timeouts in one place. Calls to a real region answer within the
// backend's 3 s timeout; everything else is built from that.
const (
	CallTimeout  = 10 * time.Second
	SpecTimeout  = 2 * time.Minute
	SetupTimeout = 5 * time.Minute
	// Recovery is how soon calls must succeed again after a burst is over.
	Recovery = time.Second
)

// Env is what a spec works with.
type Env struct {
	Target target.Target
	// Client retries throttled calls with backoff, for setup and for every
	// check that is not about the rate limit.
	Client *target.Client
	// Raw sends each call once, for checks that look at throttling.
	Raw  *target.Client
	Pool *Pool
	// Recorder sees every exchange of both clients.
	Recorder *Recorder
	// Record asks every check to put its observation in the report;
	// Observed, when set, holds the checks the docs leave open to it.
	Record   bool
	Observed *Observed
	// Receiver gets the target's callbacks (in every process: see
	// Receiver), and is nil when no receiver runs.
	Receiver *Receiver
	join     *lazyJoin // this process's receiver, until it joins process 1's
}

// lazyJoin is a receiver of a process other than the first, which joins
// the first's when a check first needs callbacks.
type lazyJoin struct {
	rcv            *Receiver
	primary, token string
	err            error
	done           bool
}

// NeedReceiver skips a check that needs the target's callbacks when no
// receiver gets them, and fails it when this process's receiver cannot
// join the first process's.
func (e *Env) NeedReceiver() {
	if j := e.join; e.Receiver == nil && j != nil {
		if !j.done { // the checks of a process run one at a time
			j.done = true
			if j.err = j.rcv.Join(context.Background(), j.primary, j.token); j.err == nil {
				e.Receiver = j.rcv
			}
		}
		if j.err != nil {
			Failf("this process's callback receiver could not join the first process's: %v", j.err)
		}
	}
	if e.Receiver == nil {
		ginkgo.Skip("needs callbacks: set " + EnvCallbackListen + " to an address this machine listens on and point the target's callback URL at it")
	}
}

// NeedSessions skips a check that needs client sessions on a target that
// cannot make them.
func (e *Env) NeedSessions() {
	if !e.Target.Has(CapSessions) {
		ginkgo.Skip("needs client sessions: only an emulator with the control API can make them without a client SDK")
	}
}

// NewEnv builds the clients and the account pool for t. The pool's
// prefix names the run and the parallel process; l, when not nil, records
// the accounts the pool creates.
func NewEnv(t target.Target, runPrefix string, process int, l *ledger.Ledger) (*Env, error) {
	rec := NewRecorder(runPrefix)
	c := target.NewClient(t)
	// Throttled calls are sent again for about 12 s (waits double from
	// 50 ms up to 1 s): long enough for the parallel processes' checks of
	// an endpoint documented at 1 call/s (send_broadcast_msg) to take
	// their turns.
	c.Retry = 16
	c.Observe = rec.Observe
	raw := target.NewClient(t)
	raw.Observe = rec.Observe
	pool, err := NewPool(c, fmt.Sprintf("%sp%d", runPrefix, process), l)
	if err != nil {
		return nil, err
	}
	pool.digitStem = fmt.Sprintf("%s%02d", DigitPrefix(runPrefix), process%100)
	return &Env{Target: t, Client: c, Raw: raw, Pool: pool, Recorder: rec}, nil
}

// Call sends body to endpoint with the retrying client and returns the
// exchange whatever the outcome; only a transport failure is an error.
func (e *Env) Call(ctx context.Context, endpoint string, body any) (*target.Exchange, error) {
	x, err := e.Client.Call(ctx, endpoint, body, nil)
	if x != nil && x.Status != 0 {
		return x, nil
	}
	return x, err
}
