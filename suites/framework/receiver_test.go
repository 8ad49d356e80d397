package framework

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

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
	primary, err := StartReceiver("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	var others []*Receiver
	for range 2 {
		r, err := StartReceiver("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if err := r.Join(context.Background(), primary.URL); err != nil {
			t.Fatal(err)
		}
		others = append(others, r)
	}
	refuse := others[1].Answer(CallbackOf("C2C.CallbackBeforeSendMsg", "From_Account", "x"), map[string]any{"ActionStatus": "OK", "ErrorCode": 1})
	mine := primary.Answer(CallbackOf("C2C.CallbackBeforeSendMsg", "From_Account", "y"), map[string]any{"ActionStatus": "OK", "ErrorCode": 2})

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
	for i, r := range append([]*Receiver{primary}, others...) {
		got := r.Matching(func(c Callback) bool { return c.Command == "C2C.CallbackBeforeSendMsg" })
		if len(got) != 4 || got[0].Str("From_Account") != "x" || got[0].Query.Get("SdkAppid") != "1" {
			t.Errorf("receiver %d saw %d callbacks, want all 4, in order, with their query", i, len(got))
		}
	}

	// A process that has ended is dropped; the rest still see callbacks.
	others[0].Close()
	post(t, primary.URL, "Group.CallbackAfterCreateGroup", `{"GroupId":"g"}`)
	if _, err := others[1].Wait(context.Background(), CallbackOf("Group.CallbackAfterCreateGroup", "GroupId", "g")); err != nil {
		t.Errorf("after a joined receiver closed: %v", err)
	}
	primary.mu.Lock()
	n := len(primary.joined)
	primary.mu.Unlock()
	if n != 1 {
		t.Errorf("%d receivers still joined, want 1", n)
	}
}

// Callbacks arriving at once from many calls are all seen, in every
// process (run under -race).
func TestReceiverJoinConcurrent(t *testing.T) {
	primary, err := StartReceiver("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	other, err := StartReceiver("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Join(context.Background(), primary.URL); err != nil {
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
