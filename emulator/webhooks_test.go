package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/schemas"
)

// receiver is an app's callback URL that records what arrives.
type receiver struct {
	mu     sync.Mutex
	got    []received
	answer func(cmd string, body map[string]any) string
	srv    *httptest.Server
	cond   chan struct{}
}

type received struct {
	Query url.Values
	Body  map[string]any
	Raw   []byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{cond: make(chan struct{}, 64)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		var body map[string]any
		json.Unmarshal(raw, &body)
		r.mu.Lock()
		r.got = append(r.got, received{req.URL.Query(), body, raw})
		answer := r.answer
		r.mu.Unlock()
		out := `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
		if answer != nil {
			out = answer(req.URL.Query().Get("CallbackCommand"), body)
		}
		w.Write([]byte(out))
		r.cond <- struct{}{}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// wait returns the callbacks of cmd once n have arrived.
func (r *receiver) wait(t *testing.T, cmd string, n int) []received {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		var out []received
		for _, g := range r.got {
			if g.Query.Get("CallbackCommand") == cmd {
				out = append(out, g)
			}
		}
		r.mu.Unlock()
		if len(out) >= n {
			return out
		}
		select {
		case <-r.cond:
		case <-deadline:
			t.Fatalf("%d %s callbacks after 5 s, want %d", len(out), cmd, n)
		}
	}
}

func validCallback(t *testing.T, g received) {
	t.Helper()
	cmd := g.Query.Get("CallbackCommand")
	v, err := schemas.ValidateWebhook(cmd, g.Raw)
	if err != nil || len(v) > 0 {
		t.Errorf("%s body %s: %v %v", cmd, g.Raw, err, v)
	}
	for k, want := range map[string]string{"SdkAppid": "1400000000", "contenttype": "json", "OptPlatform": "RESTAPI"} {
		if got := g.Query.Get(k); got != want {
			t.Errorf("%s query %s=%q, want %q", cmd, k, got, want)
		}
	}
}

func TestAfterCallbacks(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL, CallbackToken: "tok"})
	defer hs.h.Close()
	hs.importAccounts("a", "b")
	key := hs.send("a", "b", "one")
	hs.send("a", "b", "two")
	hs.ok("openim/admin_set_msg_read", `{"Report_Account":"b","Peer_Account":"a"}`)
	report := rc.wait(t, "C2C.CallbackAfterMsgReport", 1)[0]
	validCallback(t, report)
	if report.Body["Report_Account"] != "b" || report.Body["Peer_Account"] != "a" || report.Body["UnreadMsgNum"].(float64) != 0 {
		t.Errorf("AfterMsgReport body %s", report.Raw)
	}
	if sign, at := report.Query.Get("Sign"), report.Query.Get("RequestTime"); sign == "" || sign != CallbackSign("tok", at) {
		t.Errorf("Sign %q for RequestTime %q", sign, at)
	}
	hs.ok("openim/admin_msgwithdraw", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q}`, key))
	w := rc.wait(t, "C2C.CallbackAfterMsgWithDraw", 1)[0]
	validCallback(t, w)
	if w.Body["MsgKey"] != key || w.Body["From_Account"] != "a" {
		t.Errorf("AfterMsgWithDraw body %s", w.Raw)
	}
}

func TestNoCallbackURLSendsNothing(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.send("a", "b", "x")
	if hs.h.hooks != nil {
		t.Error("hooks without a callback URL")
	}
	hs.h.Close() // harmless without hooks
}

// A receiver that never answers does not slow the API: "after" callbacks
// are sent off the request path.
func TestSlowReceiverDoesNotBlock(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	hs := newHarness(t, Options{CallbackURL: srv.URL, CallbackTimeout: time.Minute})
	hs.importAccounts("a", "b")
	start := time.Now()
	for i := 0; i < 20; i++ {
		hs.ok("openim/admin_set_msg_read", `{"Report_Account":"b","Peer_Account":"a"}`)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("20 calls took %s with a stalled receiver", d)
	}
}

func TestBeforeSendGates(t *testing.T) {
	rc := newReceiver(t)
	answers := map[string]string{
		"deliver": `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`,
		"refuse":  `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"no"}`,
		"drop":    `{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}`,
		"custom":  `{"ActionStatus":"OK","ErrorCode":120005,"ErrorInfo":"app says no"}`,
		"replace": `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"replaced"}}]}`,
		"garbage": `not json`,
	}
	rc.answer = func(cmd string, body map[string]any) string {
		if cmd != "C2C.CallbackBeforeSendMsg" {
			return answers["deliver"]
		}
		text := body["MsgBody"].([]any)[0].(map[string]any)["MsgContent"].(map[string]any)["Text"].(string)
		return answers[text]
	}
	for _, c := range []struct {
		text, refuseOnTimeout string
		code                  int
		stored                string // the text the history holds, "" for none
	}{
		{"deliver", "", 0, "deliver"},
		{"refuse", "", codeCallbackRefused, ""},
		{"drop", "", 0, ""},
		{"custom", "", 120005, ""},
		{"replace", "", 0, "replaced"},
		{"garbage", "", 0, "garbage"},
		{"garbage", "refuse", codeCallbackFailed, ""},
	} {
		t.Run(c.text+c.refuseOnTimeout, func(t *testing.T) {
			hs := newHarness(t, Options{CallbackURL: rc.srv.URL, RefuseOnCallbackTimeout: c.refuseOnTimeout != ""})
			defer hs.h.Close()
			hs.importAccounts("a", "b")
			r := hs.call("openim/sendmsg", `{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"`+c.text+`"}}]}`)
			if r.Code != c.code {
				t.Fatalf("sendmsg: ErrorCode %d, want %d (%s)", r.Code, c.code, r.Raw)
			}
			h := hs.ok("openim/admin_getroammsg", jsonf(`{"Operator_Account":"b","Peer_Account":"a","MaxCnt":10,"MinTime":0,"MaxTime":%d}`, epoch.Unix()+10))
			list, _ := h.Body["MsgList"].([]any)
			got := ""
			if len(list) == 1 {
				got = list[0].(map[string]any)["MsgBody"].([]any)[0].(map[string]any)["MsgContent"].(map[string]any)["Text"].(string)
			}
			if got != c.stored || len(list) > 1 {
				t.Errorf("history holds %q (%d messages), want %q", got, len(list), c.stored)
			}
		})
	}
}
