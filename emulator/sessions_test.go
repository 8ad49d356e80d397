package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// controlCall sends one control API call and decodes its JSON answer.
func (hs *harness) controlCall(method, path, body string) (int, map[string]any) {
	hs.t.Helper()
	req := httptest.NewRequest(method, ControlPrefix+path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		hs.t.Fatalf("control %s: %q is not JSON", path, rec.Body.String())
	}
	return rec.Code, out
}

func (hs *harness) states(path, body string) map[string]map[string]any {
	hs.t.Helper()
	r := hs.ok(path, body)
	out := map[string]map[string]any{}
	list, _ := r.Body["QueryResult"].([]any)
	for _, it := range list {
		m := it.(map[string]any)
		out[m["To_Account"].(string)] = m
	}
	return out
}

func TestSessionsAndQueryState(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	if st := hs.states("openim/querystate", `{"To_Account":["a","b"]}`); st["a"]["State"] != StateOffline || st["b"]["State"] != StateOffline {
		t.Fatalf("before any login: %v", st)
	}
	for _, c := range []struct {
		path, body string
		status     int
	}{
		{"sessions/login", `{"UserID":"a","Platform":"iPhone"}`, http.StatusOK},
		{"sessions/login", `{"UserID":"a","Platform":"Web"}`, http.StatusOK},
		{"sessions/background", `{"UserID":"b","Platform":"Android"}`, http.StatusOK},
		{"sessions/login", `{"UserID":"nobody","Platform":"Web"}`, http.StatusNotFound},
		{"sessions/login", `{"UserID":"a","Platform":"Toaster"}`, http.StatusBadRequest},
		{"sessions/login", `{"UserID":"a"}`, http.StatusBadRequest},
		{"sessions/fly", `{"UserID":"a","Platform":"Web"}`, http.StatusNotFound},
	} {
		if got, out := hs.controlCall(http.MethodPost, c.path, c.body); got != c.status {
			t.Errorf("%s %s: HTTP %d %v, want %d", c.path, c.body, got, out, c.status)
		}
	}
	st := hs.states("openim/querystate", `{"To_Account":["a","b"],"IsNeedDetail":1}`)
	if st["a"]["State"] != StateOnline || st["b"]["State"] != StatePushOnline {
		t.Errorf("after logins: %v", st)
	}
	if d, _ := st["a"]["Detail"].([]any); len(d) != 2 {
		t.Errorf("a's detail %v, want two platforms", st["a"]["Detail"])
	}
	// The older path answers with the older field name.
	if old := hs.states("openim/query_online_status", `{"To_Account":["a"]}`); old["a"]["Status"] != StateOnline {
		t.Errorf("query_online_status: %v", old)
	}
	_, out := hs.controlCall(http.MethodGet, "sessions?UserID=a", "")
	if out["State"] != StateOnline {
		t.Errorf("control sessions: %v", out)
	}
	hs.ok("im_open_login_svc/kick", `{"UserID":"a"}`)
	if st := hs.states("openim/querystate", `{"To_Account":["a","b"]}`); st["a"]["State"] != StateOffline || st["b"]["State"] != StatePushOnline {
		t.Errorf("after kicking a: %v", st)
	}
	hs.controlCall(http.MethodPost, "sessions/logout", `{"UserID":"b"}`)
	if st := hs.states("openim/querystate", `{"To_Account":["b"]}`); st["b"]["State"] != StateOffline {
		t.Errorf("after b logged out: %v", st)
	}
}

func TestQueryStateErrors(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a")
	r := hs.ok("openim/querystate", `{"To_Account":["a","ghost"]}`)
	errs, _ := r.Body["ErrorList"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["ErrorCode"].(float64) != codeAccountMissing {
		t.Errorf("unknown account: %s", r.Raw)
	}
	many := `["a"` + strings.Repeat(`,"a"`, maxStateQuery) + `]`
	for _, c := range []struct {
		body string
		code int
	}{
		{`{}`, codeParse},
		{`{"To_Account":"a"}`, codeParse},
		{`{"To_Account":[]}`, codeParse},
		{`{"To_Account":[1]}`, codeToAccount},
		{`{"To_Account":` + many + `}`, codeStateTooMany},
	} {
		if got := hs.call("openim/querystate", c.body).Code; got != c.code {
			t.Errorf("%.40s: ErrorCode %d, want %d", c.body, got, c.code)
		}
	}
	for _, c := range []struct {
		body string
		code int
	}{{`{"UserID":"ghost"}`, codeAccountMissing}, {`{}`, codeLoginParam}, {`{"Identifier":"a"}`, 0}} {
		if got := hs.call("im_open_login_svc/kick", c.body).Code; got != c.code {
			t.Errorf("kick %s: ErrorCode %d, want %d", c.body, got, c.code)
		}
	}
}

func TestControlAPIDoesNotCollideWithREST(t *testing.T) {
	if strings.HasPrefix(ControlPrefix, "/v4/") {
		t.Fatal("the control API lives under /v4/")
	}
	hs := newHarness(t, Options{})
	code, out := hs.controlCall(http.MethodGet, "", "")
	if code != http.StatusOK || out["sessions"] != true {
		t.Errorf("GET %s: %d %v", ControlPrefix, code, out)
	}
}

func TestControlClient(t *testing.T) {
	srv, err := NewServer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := t.Context()
	ctl := Control{BaseURL: srv.URL(), Client: srv.Client()}
	if !ctl.Available(ctx) {
		t.Fatal("the control API is not available")
	}
	if err := ctl.Login(ctx, "nobody", "Web"); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("login of an unknown account: %v", err)
	}
	srv.Handler().store.mu.Lock()
	srv.Handler().store.importAccount("alice", "", "")
	srv.Handler().store.mu.Unlock()
	if err := ctl.Login(ctx, "alice", "Web"); err != nil {
		t.Fatal(err)
	}
	ss, err := ctl.Sessions(ctx, "alice")
	if err != nil || len(ss) != 1 || ss[0] != (Session{"Web", StateOnline}) {
		t.Errorf("sessions %v, %v", ss, err)
	}
	if err := ctl.Logout(ctx, "alice", ""); err != nil {
		t.Fatal(err)
	}
	if (Control{BaseURL: "http://127.0.0.1:1"}).Available(ctx) {
		t.Error("a dead port has a control API")
	}
}
