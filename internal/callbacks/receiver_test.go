package callbacks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// startReceiver starts a receiver on loopback, closed when the test ends.
func startReceiver(t *testing.T) *Receiver {
	t.Helper()
	r, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// post sends a callback to the receiver at url as a target would and
// returns the answer.
func post(t *testing.T, url, cmd, body string) string {
	t.Helper()
	resp, err := http.Post(url+"?CallbackCommand="+cmd+"&SdkAppid=1", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return string(data)
}

// Every joined receiver sees every callback, and the rule of whichever
// process registered it answers.
func TestReceiverJoin(t *testing.T) {
	primary := startReceiver(t)
	var others []*Receiver
	for range 2 {
		r := startReceiver(t)
		if err := r.Join(context.Background(), primary.URL, primary.Token()); err != nil {
			t.Fatal(err)
		}
		others = append(others, r)
	}
	refuse := others[1].Answer(Of("C2C.CallbackBeforeSendMsg", "From_Account", "x"), map[string]any{"ActionStatus": "OK", "ErrorCode": 1})
	mine := primary.Answer(Of("C2C.CallbackBeforeSendMsg", "From_Account", "y"), map[string]any{"ActionStatus": "OK", "ErrorCode": 2})

	if got := post(t, primary.URL, "C2C.CallbackBeforeSendMsg", `{"From_Account":"x"}`); !strings.Contains(got, `"ErrorCode":1`) {
		t.Errorf("a rule of a joined process: answered %s, want its ErrorCode 1", got)
	}
	if got := post(t, primary.URL, "C2C.CallbackBeforeSendMsg", `{"From_Account":"y"}`); !strings.Contains(got, `"ErrorCode":2`) {
		t.Errorf("a rule of the first process: answered %s, want its ErrorCode 2", got)
	}
	if got := post(t, primary.URL, "C2C.CallbackBeforeSendMsg", `{"From_Account":"z"}`); !strings.Contains(got, `"ErrorCode":0`) {
		t.Errorf("no rule: answered %s, want ErrorCode 0", got)
	}
	refuse()
	mine()
	if got := post(t, primary.URL, "C2C.CallbackBeforeSendMsg", `{"From_Account":"x"}`); !strings.Contains(got, `"ErrorCode":0`) {
		t.Errorf("a removed rule still answers: %s", got)
	}
	// The first receiver passes callbacks on as they come, answering as
	// soon as a rule matched: a joined one may see them late, and in
	// another order.
	for i, r := range append([]*Receiver{primary}, others...) {
		var got []Callback
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) { // a poll
			if got = r.Matching(func(c Callback) bool { return c.Command == "C2C.CallbackBeforeSendMsg" }); len(got) >= 4 {
				break
			}
		}
		var from []string
		for _, c := range got {
			if c.Query.Get("SdkAppid") == "1" {
				from = append(from, c.Str("From_Account"))
			}
		}
		slices.Sort(from)
		if !slices.Equal(from, []string{"x", "x", "y", "z"}) {
			t.Errorf("receiver %d saw callbacks from %v with their query, want x, x, y and z", i, from)
		}
	}

	// A process that has ended is dropped; the rest still see callbacks.
	others[0].Close()
	post(t, primary.URL, "Group.CallbackAfterCreateGroup", `{"GroupId":"g"}`)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, ok := others[1].First(ctx, Of("Group.CallbackAfterCreateGroup", "GroupId", "g")); !ok {
		t.Errorf("after a joined receiver closed: no callback within 10 s")
	}
	// An after-callback is passed on without waiting for the answers, so
	// the closed one is dropped when its refused connection comes back.
	n := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) { // a poll
		primary.mu.Lock()
		n = len(primary.joined)
		primary.mu.Unlock()
		if n == 1 {
			break
		}
	}
	if n != 1 {
		t.Errorf("%d receivers still joined, want 1", n)
	}
}

// Only the run's own processes join or pass callbacks on: a join without
// the run's token, or a callback passed on without it, is refused.
func TestReceiverJoinNeedsToken(t *testing.T) {
	primary := startReceiver(t)
	stranger := startReceiver(t)
	if err := stranger.Join(context.Background(), primary.URL, "not-the-token"); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a join with another token: %v, want HTTP 403", err)
	}
	post(t, primary.URL, "C2C.CallbackAfterSendMsg", `{"MsgKey":"k"}`)
	if got := stranger.Matching(func(Callback) bool { return true }); len(got) != 0 {
		t.Errorf("a receiver that failed to join got %d callbacks", len(got))
	}
	req, _ := http.NewRequest(http.MethodPost, primary.URL+"?CallbackCommand=C2C.CallbackBeforeSendMsg", strings.NewReader(`{}`))
	req.Header.Set(forwardedHeader, "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a callback passed on without the token: HTTP %d, want 403", resp.StatusCode)
	}
}

// A joined process that is slow to answer holds the first receiver's
// answer up by passOnWait at most.
func TestReceiverSlowJoined(t *testing.T) {
	primary := startReceiver(t)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * passOnWait):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	primary.mu.Lock()
	primary.joined = append(primary.joined, slow.URL+"/")
	primary.mu.Unlock()
	start := time.Now()
	if got := post(t, primary.URL, "C2C.CallbackBeforeSendMsg", `{}`); !strings.Contains(got, `"ErrorCode":0`) {
		t.Errorf("answered %s, want the default OK", got)
	}
	if took := time.Since(start); took > passOnWait+time.Second {
		t.Errorf("the answer took %s with a slow joined process; want about %s at most", took, passOnWait)
	}
}

// Callbacks arriving at once from many calls are all seen, in every
// process (run under -race).
func TestReceiverJoinConcurrent(t *testing.T) {
	primary := startReceiver(t)
	other := startReceiver(t)
	if err := other.Join(context.Background(), primary.URL, primary.Token()); err != nil {
		t.Fatal(err)
	}
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			post(t, primary.URL, "C2C.CallbackAfterSendMsg", fmt.Sprintf(`{"MsgKey":"k%d"}`, i))
		}()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := other.Quiet(ctx, 5*time.Second, n, func(c Callback) bool { return c.Command == "C2C.CallbackAfterSendMsg" })
	if len(got) != n || len(primary.Matching(func(Callback) bool { return true })) != n {
		t.Errorf("the joined receiver saw %d of %d callbacks", len(got), n)
	}
}
