package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestHostileBodies(t *testing.T) {
	hs := newHarness(t, Options{MaxBodyBytes: 64 << 10})
	hs.importAccounts("a", "b")
	deep := `{"x":` + strings.Repeat(`[`, 20000) + strings.Repeat(`]`, 20000) + `}`
	for _, tc := range []struct {
		name, path, body string
		want             int
	}{
		{"over the body cap, openim", "openim/admin_set_msg_read", `{"Report_Account":"` + strings.Repeat("a", 70<<10) + `"}`, codeMsgTooLong},
		{"over the body cap, login", "im_open_login_svc/account_check", `{"x":"` + strings.Repeat("a", 70<<10) + `"}`, codeLoginParam},
		{"deep nesting", "openim/admin_set_msg_read", deep, codeParse},
		{"invalid UTF-8 in a key", "openim/admin_set_msg_read", "{\"\xc3\x28\":1}", codeParse},
		{"NUL bytes", "openim/admin_set_msg_read", "\x00\x00", codeParse},
		{"trailing garbage", "openim/admin_set_msg_read", `{"Report_Account":"a","Peer_Account":"b"} x`, codeParse},
		{"two objects", "openim/admin_set_msg_read", `{}{}`, codeParse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hs.call(tc.path, tc.body).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
	// Any Content-Type is accepted; the answer is always JSON.
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8"} {
		req := httptest.NewRequest(http.MethodPost, "/v4/openim/admin_set_msg_read?"+hs.query().Encode(), strings.NewReader(`{"Report_Account":"a","Peer_Account":"b"}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		rec := httptest.NewRecorder()
		hs.h.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), `"ErrorCode":0`) || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("Content-Type %q: %s %v", ct, rec.Body, rec.Header())
		}
	}
}

// Concurrent calls lose nothing: every message sent is counted once.
func TestConcurrentCalls(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true})
	const senders, each = 8, 50
	ids := []string{"to"}
	for i := 0; i < senders; i++ {
		ids = append(ids, jsonf("from%d", i))
	}
	hs.importAccounts(ids...)
	var wg sync.WaitGroup
	for i := 0; i < senders; i++ {
		wg.Add(1)
		go func(from string) {
			defer wg.Done()
			for j := 0; j < each; j++ {
				hs.send(from, "to", "m")
				hs.call("openim/get_c2c_unread_msg_num", `{"To_Account":"to"}`)
			}
		}(ids[i+1])
	}
	wg.Wait()
	if got := hs.totalUnread("to"); got != senders*each {
		t.Errorf("total unread %d, want %d", got, senders*each)
	}
}

func TestServerLifecycle(t *testing.T) {
	s, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL() = %q", s.URL())
	}
	hs := &harness{t: t, h: s.Handler(), now: time.Now()}
	hs.sig = hs.sigFor(TestAdmin)
	resp, err := s.Client().Post(s.URL()+"/v4/im_open_login_svc/account_import?"+hs.query().Encode(), "application/json", strings.NewReader(`{"UserID":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct{ ActionStatus string }
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || resp.StatusCode != 200 || env.ActionStatus != "OK" {
		t.Errorf("over the network: HTTP %d, %+v, %v", resp.StatusCode, env, err)
	}
	if _, err := NewServer(Options{Addr: strings.TrimPrefix(s.URL(), "http://")}); err == nil {
		t.Error("a second server on the same address started")
	}
}

// seedBodies are bodies the endpoints must answer in an envelope: a few
// of their documented fields, and malformed JSON.
var seedBodies = []string{
	`{"Report_Account":"a","Peer_Account":"b"}`,
	`{"Report_Account":"a","Peer_Account":"b","MsgReadTime":"123"}`,
	`{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`,
	`{"SyncFromOldSystem":5,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":5,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{}}]}`,
	`{"Operator_Account":"a","Peer_Account":"b","MaxCnt":1,"MinTime":0,"MaxTime":9,"LastMsgKey":"1_1_5"}`,
	`{"AccountList":[{"UserID":"c"}],"Accounts":["d"]}`,
	`{"DeleteItem":[{"UserID":"c"}]}`,
	`{"From_Account":"a","To_Account":"b","MsgKey":"1_1_5"}`,
	`{"To_Account":"a","Peer_Account":["b"]}`,
	``, `[`, `{"a":`, "\xff",
}

// answersInEnvelope sends body to endpoint p and fails t unless the answer
// is HTTP 200 with a consistent JSON envelope and no internal error.
func answersInEnvelope(t *testing.T, h http.Handler, q, p, body string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v4/"+p+"?"+q, strings.NewReader(body)))
	var env struct {
		ActionStatus string
		ErrorCode    *int
		ErrorInfo    *string
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	if rec.Code != 200 || dec.Decode(&env) != nil || env.ErrorCode == nil || env.ErrorInfo == nil ||
		(env.ActionStatus == "OK") != (*env.ErrorCode == 0) {
		t.Fatalf("%s with %q: HTTP %d %s", p, body, rec.Code, rec.Body)
	}
	if *env.ErrorCode == codeOpenInternal || *env.ErrorCode == codeLoginInternal {
		t.Fatalf("%s with %q: internal error %s", p, body, rec.Body)
	}
}

// Every endpoint answers every seed body in an envelope.
func TestEndpointsAnswerSeedBodies(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true})
	hs.importAccounts("a", "b")
	q := hs.query().Encode()
	for _, p := range Endpoints() {
		for _, body := range seedBodies {
			answersInEnvelope(t, hs.h, q, p, body)
		}
	}
}

// FuzzEndpoint sends arbitrary bodies to the endpoints, one endpoint an
// input (ep picks it): the answer is always HTTP 200 with a consistent
// JSON envelope, and nothing panics. Each input is one call, so that the
// fuzzer runs (and minimises what it finds) about a hundred times faster
// than when each input went to every endpoint; it mutates the endpoint as
// well as the body. Each seed body starts at an endpoint of its own
// (TestEndpointsAnswerSeedBodies sends each to every endpoint).
func FuzzEndpoint(f *testing.F) {
	paths := Endpoints()
	for i, body := range seedBodies {
		f.Add(uint16(i*len(paths)/len(seedBodies)), body)
	}
	hs := newHarness(f, Options{NoLimits: true})
	hs.importAccounts("a", "b")
	q := hs.query().Encode()
	f.Fuzz(func(t *testing.T, ep uint16, body string) {
		answersInEnvelope(t, hs.h, q, paths[int(ep)%len(paths)], body)
	})
}
