package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/internal/usersig"
)

// harness drives a Handler directly, with a clock the test moves.
type harness struct {
	t   testing.TB
	h   *Handler
	mu  sync.Mutex
	now time.Time
	sig string
}

var epoch = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	hs := &harness{t: t, now: epoch}
	opts.Now = hs.clock
	h, err := NewHandler(opts)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	hs.h = h
	hs.sig = hs.sigFor(TestAdmin)
	return hs
}

func (hs *harness) clock() time.Time {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	return hs.now
}

func (hs *harness) advance(d time.Duration) {
	hs.mu.Lock()
	hs.now = hs.now.Add(d)
	hs.mu.Unlock()
}

func (hs *harness) sigFor(id string) string {
	hs.t.Helper()
	sig, err := usersig.GenAt(TestSDKAppID, TestKey, id, hs.clock(), 24*time.Hour)
	if err != nil {
		hs.t.Fatal(err)
	}
	return sig
}

func (hs *harness) query() url.Values {
	return url.Values{
		"sdkappid": {"1400000000"}, "identifier": {TestAdmin}, "usersig": {hs.sig},
		"random": {"99999999"}, "contenttype": {"json"},
	}
}

type reply struct {
	Status int
	Code   int
	Action string
	Body   map[string]any
	Raw    string
}

// do sends one request and checks the invariants every answer keeps: HTTP
// 200, a JSON object, ActionStatus OK exactly when ErrorCode is 0.
func (hs *harness) do(method, path string, q url.Values, body string) reply {
	hs.t.Helper()
	req := httptest.NewRequest(method, "/v4/"+path+"?"+q.Encode(), strings.NewReader(body))
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	r := reply{Status: rec.Code, Raw: rec.Body.String()}
	if rec.Code != http.StatusOK {
		hs.t.Fatalf("%s %s: HTTP %d, want 200", method, path, rec.Code)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r.Body); err != nil {
		hs.t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, r.Raw, err)
	}
	code, ok := r.Body["ErrorCode"].(float64)
	status, _ := r.Body["ActionStatus"].(string)
	if _, info := r.Body["ErrorInfo"].(string); !ok || !info {
		hs.t.Fatalf("%s %s: envelope fields missing in %s", method, path, r.Raw)
	}
	if (status == "OK") != (code == 0) || status != "OK" && status != "FAIL" {
		hs.t.Fatalf("%s %s: ActionStatus %q with ErrorCode %v", method, path, status, code)
	}
	r.Code, r.Action = int(code), status
	return r
}

func (hs *harness) call(path, body string) reply {
	hs.t.Helper()
	return hs.do(http.MethodPost, path, hs.query(), body)
}

// ok calls path and fails the test unless the answer is OK.
func (hs *harness) ok(path, body string) reply {
	hs.t.Helper()
	r := hs.call(path, body)
	if r.Code != 0 {
		hs.t.Fatalf("%s %s: got %d %s, want OK", path, body, r.Code, r.Raw)
	}
	return r
}

func (hs *harness) importAccounts(ids ...string) {
	hs.t.Helper()
	for _, id := range ids {
		hs.ok("im_open_login_svc/account_import", `{"UserID":"`+id+`"}`)
	}
}

func (hs *harness) unread(to, peer string) int {
	hs.t.Helper()
	r := hs.ok("openim/get_c2c_unread_msg_num", `{"To_Account":"`+to+`","Peer_Account":["`+peer+`"]}`)
	list, _ := r.Body["C2CUnreadMsgNumList"].([]any)
	if len(list) != 1 {
		hs.t.Fatalf("unread %s/%s: list %v", to, peer, r.Raw)
	}
	return int(list[0].(map[string]any)["C2CUnreadMsgNum"].(float64))
}

func (hs *harness) totalUnread(to string) int {
	hs.t.Helper()
	r := hs.ok("openim/get_c2c_unread_msg_num", `{"To_Account":"`+to+`"}`)
	return int(r.Body["AllC2CUnreadMsgNum"].(float64))
}

func (hs *harness) send(from, to, text string) string {
	hs.t.Helper()
	r := hs.ok("openim/sendmsg", `{"From_Account":"`+from+`","To_Account":"`+to+`","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"`+text+`"}}]}`)
	return r.Body["MsgKey"].(string)
}

func (hs *harness) importMsg(mode int, from, to string, seq int, ts int64) {
	hs.t.Helper()
	hs.ok("openim/importmsg", jsonf(`{"SyncFromOldSystem":%d,"From_Account":%q,"To_Account":%q,"MsgSeq":%d,"MsgRandom":7,"MsgTimeStamp":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, mode, from, to, seq, ts))
}

func jsonf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
