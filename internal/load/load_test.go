package load

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
)

// Run sends every call it schedules, from many goroutines, and counts
// each answer once (run under -race).
func TestLoadCounts(t *testing.T) {
	// account_check limited to 10 calls/s: 100 calls throttle some and
	// pass some at whatever rate a busy machine sends them.
	srv, err := emulator.NewServer(emulator.Options{Limits: map[string]float64{"im_open_login_svc/account_check": 10}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := target.NewClient(target.Target{BaseURL: srv.URL(), SDKAppID: emulator.TestSDKAppID, Key: emulator.TestKey, Admin: emulator.TestAdmin})
	ctx := context.Background()
	body := []byte(`{"CheckItem":[{"UserID":"nobody"}]}`)
	call := func(ctx context.Context) (*target.Exchange, error) {
		return c.Do(ctx, target.Request{Endpoint: "im_open_login_svc/account_check", Body: body})
	}
	// 100 calls at 1,000/s, a hundred times the limit: some answer OK and
	// the rest are throttled (even if a busy machine sends them at a tenth
	// of that).
	res := Run(ctx, 1000, 100*time.Millisecond, call)
	if res.Sent != 100 || res.OK+res.Throttled+res.Other != res.Sent {
		t.Fatalf("%s; want 100 sent, each counted once", res)
	}
	if res.OK == 0 || res.Throttled == 0 || res.Other != 0 {
		t.Errorf("%s; want some OK and some throttled, nothing else", res)
	}
}

// Window runs from the first send to the last OK answer: OK answers that
// queue lengthen it beyond the sends' span, throttled ones do not.
func TestLoadWindow(t *testing.T) {
	const delay = 300 * time.Millisecond
	answer := func(code int) func(context.Context) (*target.Exchange, error) {
		// Every answer is held back until delay after the first call: the
		// first send comes before it, however late a busy machine starts
		// the load.
		var once sync.Once
		var release time.Time
		return func(ctx context.Context) (*target.Exchange, error) {
			once.Do(func() { release = time.Now().Add(delay) })
			time.Sleep(time.Until(release))
			x := &target.Exchange{Status: 200}
			x.Envelope.ActionStatus, x.Envelope.ErrorCode = "OK", code
			if code != 0 {
				x.Envelope.ActionStatus = "FAIL"
			}
			return x, nil
		}
	}
	res := Run(context.Background(), 100, 100*time.Millisecond, answer(0))
	if res.OK != res.Sent || res.Window() < delay {
		t.Errorf("%s: window %s for sends over %s answered OK after %s; want at least %s", res, res.Window(), res.Span, delay, delay)
	}
	res = Run(context.Background(), 100, 100*time.Millisecond, answer(target.Throttled[0]))
	if res.Throttled != res.Sent || res.Window() != res.Span {
		t.Errorf("%s: window %s for sends over %s, every answer throttled late; want the span", res, res.Window(), res.Span)
	}
}

// BenchmarkLoadAccuracy measures how closely the load generator hits the
// rates the rate-limit checks ask for (150, 200 and 600 calls/s, 2 s each)
// against the emulator on loopback, as achieved ÷ asked ("acc-N" metrics;
// the goal is 0.98 to 1.02). Run it with -benchtime 1x -count 5.
func BenchmarkLoadAccuracy(b *testing.B) {
	srv, err := emulator.NewServer(emulator.Options{NoLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := target.NewClient(target.Target{BaseURL: srv.URL(), SDKAppID: emulator.TestSDKAppID, Key: emulator.TestKey, Admin: emulator.TestAdmin})
	ctx := context.Background()
	for _, id := range []string{"a", "b"} {
		if _, err := c.Call(ctx, "im_open_login_svc/account_import", map[string]string{"UserID": id}, nil); err != nil {
			b.Fatal(err)
		}
	}
	body := []byte(`{"Report_Account":"a","Peer_Account":"b"}`)
	call := func(ctx context.Context) (*target.Exchange, error) {
		return c.Do(ctx, target.Request{Endpoint: "openim/admin_set_msg_read", Body: body})
	}
	for i := 0; i < b.N; i++ {
		for _, rate := range []float64{150, 200, 600} {
			res := Run(ctx, rate, 2*time.Second, call)
			if res.OK != res.Sent {
				b.Fatalf("%s", res)
			}
			b.ReportMetric(res.Accuracy(), fmt.Sprintf("acc-%.0f", rate))
		}
	}
}
