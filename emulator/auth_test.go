package emulator

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chatconform/chatconform/internal/usersig"
)

func TestCallVerification(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("alice", "bob")
	body := `{"Report_Account":"alice","Peer_Account":"bob"}`
	sig := func(appID uint64, key, id string, issued time.Time, exp time.Duration) string {
		s, err := usersig.GenAt(appID, key, id, issued, exp)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	set := func(k, v string) func(url.Values) { return func(q url.Values) { q.Set(k, v) } }
	del := func(k string) func(url.Values) { return func(q url.Values) { q.Del(k) } }
	for _, tc := range []struct {
		name   string
		method string
		path   string
		change func(url.Values)
		want   int
	}{
		{"valid call", "POST", "openim/admin_set_msg_read", nil, 0},
		{"GET", "GET", "openim/admin_set_msg_read", nil, codeHTTPParse},
		{"PUT", "PUT", "openim/admin_set_msg_read", nil, codeHTTPParse},
		{"unknown command", "POST", "openim/no_such_command", nil, codeBadResource},
		{"unknown service", "POST", "nosvc/admin_set_msg_read", nil, codeBadResource},
		{"missing sdkappid", "POST", "openim/admin_set_msg_read", del("sdkappid"), codeNoSDKAppID},
		{"other sdkappid", "POST", "openim/admin_set_msg_read", set("sdkappid", "1400000001"), codeBadSDKAppID},
		{"non-numeric sdkappid", "POST", "openim/admin_set_msg_read", set("sdkappid", "abc"), codeBadSDKAppID},
		{"missing identifier", "POST", "openim/admin_set_msg_read", del("identifier"), codeAccountOrSig},
		{"missing usersig", "POST", "openim/admin_set_msg_read", del("usersig"), codeSigEmpty},
		{"missing random", "POST", "openim/admin_set_msg_read", del("random"), codeHTTPParse},
		{"random over 32 bits", "POST", "openim/admin_set_msg_read", set("random", "4294967296"), codeHTTPParse},
		{"random at 32-bit max", "POST", "openim/admin_set_msg_read", set("random", "4294967295"), 0},
		{"random zero", "POST", "openim/admin_set_msg_read", set("random", "0"), 0},
		{"contenttype xml", "POST", "openim/admin_set_msg_read", set("contenttype", "xml"), codeHTTPParse},
		{"contenttype missing", "POST", "openim/admin_set_msg_read", del("contenttype"), codeHTTPParse},
		{"expired usersig", "POST", "openim/admin_set_msg_read", set("usersig", sig(TestSDKAppID, TestKey, TestAdmin, epoch.Add(-48*time.Hour), 24*time.Hour)), codeSigExpired},
		{"usersig from another key", "POST", "openim/admin_set_msg_read", set("usersig", sig(TestSDKAppID, "other-key", TestAdmin, epoch, time.Hour)), codeSigMismatch},
		{"usersig of another identifier", "POST", "openim/admin_set_msg_read", set("usersig", sig(TestSDKAppID, TestKey, "alice", epoch, time.Hour)), codeSigIdentifier},
		{"usersig for another sdkappid", "POST", "openim/admin_set_msg_read", set("usersig", sig(TestSDKAppID+1, TestKey, TestAdmin, epoch, time.Hour)), codeSigSDKAppID},
		{"garbage usersig", "POST", "openim/admin_set_msg_read", set("usersig", "garbage!!"), codeSigInvalid},
		{"non-admin on openim", "POST", "openim/admin_set_msg_read", func(q url.Values) {
			q.Set("identifier", "alice")
			q.Set("usersig", sig(TestSDKAppID, TestKey, "alice", epoch, time.Hour))
		}, codeOpenNeedsAdmin},
		{"non-admin on im_open_login_svc", "POST", "im_open_login_svc/account_check", func(q url.Values) {
			q.Set("identifier", "alice")
			q.Set("usersig", sig(TestSDKAppID, TestKey, "alice", epoch, time.Hour))
		}, codeLoginNeedsAdmin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := hs.query()
			if tc.change != nil {
				tc.change(q)
			}
			b := body
			if tc.path == "im_open_login_svc/account_check" {
				b = `{"CheckItem":[{"UserID":"alice"}]}`
			}
			if got := hs.do(tc.method, tc.path, q, b).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
}

// A cached UserSig must still expire by the emulator's clock.
func TestCachedUserSigExpires(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.sig = hs.sigFor(TestAdmin) // valid for 24 h from epoch
	hs.importAccounts("alice")
	hs.advance(24*time.Hour + 2*time.Second)
	if got := hs.call("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"alice"}]}`).Code; got != codeSigExpired {
		t.Errorf("after expiry: ErrorCode %d, want %d", got, codeSigExpired)
	}
}

func TestAdminsOption(t *testing.T) {
	hs := newHarness(t, Options{Admins: []string{"ops"}})
	q := hs.query()
	q.Set("identifier", "ops")
	q.Set("usersig", hs.sigFor("ops"))
	if got := hs.do(http.MethodPost, "im_open_login_svc/account_check", q, `{"CheckItem":[{"UserID":"x"}]}`).Code; got != 0 {
		t.Errorf("configured admin: ErrorCode %d, want 0", got)
	}
	if got := hs.call("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"x"}]}`).Code; got != codeLoginNeedsAdmin {
		t.Errorf("administrator when not configured: ErrorCode %d, want %d", got, codeLoginNeedsAdmin)
	}
	if _, err := NewHandler(Options{Admins: []string{"bad name"}}); err == nil {
		t.Error("NewHandler accepted an invalid admin UserID")
	}
	if _, err := NewHandler(Options{Limits: map[string]float64{"openim/nope": 1}}); err == nil {
		t.Error("NewHandler accepted a limit for an unknown endpoint")
	}
}

func TestRateLimit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     Options
		perTick  int // calls per 10 ms of clock
		wantPass int // accepted over one second of clock
	}{
		// 200/s with a burst of 50: calls at 3x the limit over 0.99 s of
		// clock let the burst plus 198 refilled tokens through.
		{"documented 200/s at 3x", Options{}, 6, 50 + 198},
		{"at 75% nothing throttled", Options{}, 1, 100},
		{"configured 50/s", Options{Limits: map[string]float64{"openim/admin_set_msg_read": 50}}, 6, 12 + 49},
		{"limit removed for one endpoint", Options{Limits: map[string]float64{"openim/admin_set_msg_read": 0}}, 6, 600},
		{"NoLimits", Options{NoLimits: true}, 6, 600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, tc.opts)
			hs.importAccounts("alice", "bob")
			passed := 0
			for tick := 0; tick < 100; tick++ {
				for i := 0; i < tc.perTick; i++ {
					switch r := hs.call("openim/admin_set_msg_read", `{"Report_Account":"alice","Peer_Account":"bob"}`); r.Code {
					case 0:
						passed++
					case codeAPIRateLimit:
					default:
						t.Fatalf("unexpected answer %s", r.Raw)
					}
				}
				hs.advance(10 * time.Millisecond)
			}
			if d := passed - tc.wantPass; d < -1 || d > 1 { // a token may round either way
				t.Errorf("accepted %d calls, want %d", passed, tc.wantPass)
			}
			// Limits are per endpoint: another API is not throttled.
			if r := hs.call("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"alice"}]}`); r.Code != 0 {
				t.Errorf("account_check after load: %s", r.Raw)
			}
		})
	}
}
