package framework

import (
	"context"
	"fmt"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/callbacks"
	"github.com/chatconform/chatconform/schemas"
)

// CallbackWait bounds how long a webhook check waits for a callback to
// arrive after the call that fires it (CALLBACK_WAIT sets it: a remote
// target may need longer, a local one much less).
var CallbackWait = 10 * time.Second

// Callback is one callback the receiver got.
type Callback = callbacks.Callback

// Receiver plays the app's callback URL (see internal/callbacks): it
// records every callback, answers each by the rules the checks set, and
// sees every callback in every process of a suite.
type Receiver struct{ *callbacks.Receiver }

// StartReceiver listens on addr (127.0.0.1:0 for a free loopback port).
func StartReceiver(addr string) (*Receiver, error) {
	r, err := callbacks.Start(addr)
	if err != nil {
		return nil, err
	}
	return &Receiver{r}, nil
}

// Wait returns the first callback that matches, waiting for it until ctx
// ends or CallbackWait passes.
func (r *Receiver) Wait(ctx context.Context, match func(Callback) bool) (Callback, error) {
	ctx, cancel := context.WithTimeout(ctx, CallbackWait)
	defer cancel()
	c, ok := r.First(ctx, match)
	if !ok {
		return Callback{}, fmt.Errorf("no such callback within %s", durationWords(CallbackWait))
	}
	return c, nil
}

// OnceWindow is how long a webhook check watches for a second copy of a
// callback that must arrive once.
const OnceWindow = time.Second

// CallbackOf matches the callbacks of cmd whose body fields hold the values
// given, as field, value pairs (see callbacks.Of).
func CallbackOf(cmd string, fieldValues ...string) func(Callback) bool {
	return callbacks.Of(cmd, fieldValues...)
}

// AwaitOnce waits for the one callback of cmd that matches, after the call
// named after answered, and fails the check unless it arrives, is valid
// against the catalogue's schema of cmd, and no second copy follows within
// OnceWindow.
func (r *Receiver) AwaitOnce(ctx context.Context, cmd, after string, match func(Callback) bool) Callback {
	ginkgo.GinkgoHelper()
	return r.AwaitEachOnce(ctx, Once{Cmd: cmd, After: after, Match: match})[0]
}

// Once is a callback a check awaits: it must arrive once, and only once.
type Once struct {
	Cmd   string // its command
	After string // the call that triggers it, for the failure's headline
	Match func(Callback) bool
}

// AwaitEachOnce is AwaitOnce for several callbacks, which share one
// window: it waits for each to arrive, checks each against its schema,
// and then fails the check if a second copy of any arrives within
// OnceWindow of the last one's arrival. It returns them in order.
func (r *Receiver) AwaitEachOnce(ctx context.Context, each ...Once) []Callback {
	ginkgo.GinkgoHelper()
	out := make([]Callback, len(each))
	for i, o := range each {
		c, err := r.Wait(ctx, o.Match)
		if err != nil {
			Failf("%s sent no %s within %s after the call answered OK; want one", o.After, o.Cmd, durationWords(CallbackWait))
		}
		if v, err := schemas.ValidateWebhook(o.Cmd, c.Body); err != nil || len(v) > 0 {
			what := "not JSON"
			if len(v) > 0 {
				what = v[0].String()
			}
			Failf("%s's %s breaks its schema (%s); want a body valid against it\nbody: %s", o.After, o.Cmd, what, c.Body)
		}
		out[i] = c
	}
	window, cancel := context.WithTimeout(ctx, OnceWindow)
	defer cancel()
	twice := func() (Once, int) {
		for _, o := range each {
			if n := len(r.Matching(o.Match)); n > 1 {
				return o, n
			}
		}
		return Once{}, 0
	}
	r.Until(window, func() bool { _, n := twice(); return n > 0 })
	if o, n := twice(); n > 0 {
		Failf("%s sent %s %d times for one call; want once", o.After, o.Cmd, n)
	}
	return out
}
