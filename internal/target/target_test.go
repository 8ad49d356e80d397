package target

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name, wantURL string
		region, err   bool
	}{
		{"", "", false, false},
		{"emulator", "", false, false},
		{"seoul", "https://adminapikr.im.qcloud.com", true, false},
		{"china", "https://console.tim.qq.com", true, false},
		{"silicon-valley", "https://adminapiusa.im.qcloud.com", true, false},
		{"http://127.0.0.1:9000", "http://127.0.0.1:9000", false, false},
		{"http://127.0.0.1:9000/", "http://127.0.0.1:9000", false, false},
		{"https://mock.example/prefix", "https://mock.example/prefix", false, false},
		{"atlantis", "", false, true},
		{"ftp://host", "", false, true},
		{"http://", "", false, true},
		{"http://host/?usersig=abc", "", false, true},
	} {
		got, region, err := Resolve(tc.name)
		if (err != nil) != tc.err || got != tc.wantURL || region != tc.region {
			t.Errorf("Resolve(%q) = %q, %v, %v; want %q, %v, error %v", tc.name, got, region, err, tc.wantURL, tc.region, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "abc") {
			t.Errorf("Resolve(%q) error leaks the usersig: %v", tc.name, err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/v4/a/b?sdkappid=1&usersig=eJw*-_x&random=2": "https://h/v4/a/b?sdkappid=1&usersig=REDACTED&random=2",
		"usersig=abc": "usersig=REDACTED",
		`Post "http://h/?usersig=abc": dial tcp: refused`: `Post "http://h/?usersig=REDACTED": dial tcp: refused`,
		"a?usersig=&b=1":                     "a?usersig=&b=1",
		"two: ?usersig=x&y=1 and ?usersig=z": "two: ?usersig=REDACTED&y=1 and ?usersig=REDACTED",
		"no credential here":                 "no credential here",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientSignsRedactsAndRetries(t *testing.T) {
	var calls atomic.Int32
	var lastQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lastQuery = r.URL.RawQuery
		if calls.Add(1) <= 2 {
			w.Write([]byte(`{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"slow down"}`))
			return
		}
		w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Extra":1}`))
	}))
	defer srv.Close()
	c := NewClient(Target{BaseURL: srv.URL, SDKAppID: 1400000000, Key: "k", Admin: "administrator"})
	c.Retry = 3
	var observed []int
	c.Observe = func(x *Exchange) { observed = append(observed, x.Envelope.ErrorCode) }
	x, err := c.Call(context.Background(), "openim/admin_set_msg_read", map[string]string{"Report_Account": "a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x.Attempts != 3 || !x.OK() {
		t.Errorf("attempts %d, ok %v; want 3 attempts ending OK", x.Attempts, x.OK())
	}
	// The hook sees the answer the call ended with, not the attempts sent
	// again (a recording would otherwise hold a busy moment's throttling).
	if len(observed) != 1 || observed[0] != 0 {
		t.Errorf("Observe saw codes %v, want only the final 0", observed)
	}
	sig, _ := c.AdminSig()
	if !strings.Contains(lastQuery, "usersig=") || strings.Contains(x.URL, sig) || !strings.Contains(x.URL, "usersig=REDACTED") {
		t.Errorf("URL %q: usersig not redacted", x.URL)
	}
	curl := x.Curl()
	if strings.Contains(curl, sig) || !strings.Contains(curl, "usersig=${USERSIG}") || !strings.Contains(curl, "sdkappid=${TIM_SDKAPPID}") {
		t.Errorf("curl line %q", curl)
	}
	if !strings.Contains(curl, `--data-binary '{"Report_Account":"a"}'`) {
		t.Errorf("curl line %q lacks the body", curl)
	}

	// Without retries the throttled answer comes back as it is.
	calls.Store(0)
	c.Retry = 0
	x, err = c.Do(context.Background(), Request{Endpoint: "openim/admin_set_msg_read", Body: []byte(`{}`)})
	if err != nil || x.Envelope.ErrorCode != 60007 || x.Attempts != 1 {
		t.Errorf("no retry: %+v, %v", x.Envelope, err)
	}
}

func TestClientQueryOverrides(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`))
	}))
	defer srv.Close()
	c := NewClient(Target{BaseURL: srv.URL, SDKAppID: 1, Key: "k", Admin: "administrator"})
	bad := "garbage"
	x, err := c.Do(context.Background(), Request{Endpoint: "openim/x", Body: []byte(`{}`), Query: map[string]*string{"sdkappid": nil, "usersig": &bad}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "sdkappid") || !strings.Contains(got, "usersig=garbage") {
		t.Errorf("server saw query %q", got)
	}
	if strings.Contains(x.URL, "garbage") || strings.Contains(x.Curl(), "garbage") || strings.Contains(x.Curl(), "sdkappid") {
		t.Errorf("URL %q / curl %q", x.URL, x.Curl())
	}
}

func TestDecodeEnvelopeIsStrict(t *testing.T) {
	for body, wantErr := range map[string]bool{
		`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`:   false,
		`{"ActionStatus":"OK","ErrorCode":0}`:                  false,
		`{"ActionStatus":"OK","ErrorCode":"0","ErrorInfo":""}`: true,
		`{"ErrorCode":0}`: true,
		`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":5}`: true,
		`not json`: true,
	} {
		var env Envelope
		if err := decodeEnvelope([]byte(body), &env); (err != nil) != wantErr {
			t.Errorf("decodeEnvelope(%s) error %v, want error %v", body, err, wantErr)
		}
	}
}

func TestNetworkErrorIsRedacted(t *testing.T) {
	c := NewClient(Target{BaseURL: "http://127.0.0.1:1", SDKAppID: 1, Key: "k", Admin: "administrator"})
	sig, _ := c.AdminSig()
	_, err := c.Do(context.Background(), Request{Endpoint: "openim/x", Body: []byte(`{}`)})
	if err == nil {
		t.Fatal("call to a closed port succeeded")
	}
	if strings.Contains(err.Error(), sig) {
		t.Errorf("error leaks the usersig: %v", err)
	}
}
