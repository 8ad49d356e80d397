package emulator

import (
	"slices"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/schemas"
)

// Every documented negative case gets one of the codes its fixture allows,
// and every answer, OK or FAIL, matches the endpoint's response schema.
func TestFixturesAgainstEmulator(t *testing.T) {
	eps, err := fixtures.Load()
	if err != nil {
		t.Fatal(err)
	}
	served := Endpoints()
	for _, ep := range eps {
		if !slices.Contains(served, ep.Endpoint) {
			continue // described in the catalogue, not served yet
		}
		for _, neg := range ep.Negatives {
			t.Run(ep.Endpoint+"/"+neg.Name, func(t *testing.T) {
				hs := newHarness(t, Options{})
				hs.importAccounts("cc_user_a", "cc_user_b")
				r := hs.call(ep.Endpoint, string(neg.Body))
				if !slices.Contains(neg.Codes, r.Code) {
					t.Errorf("body %s: ErrorCode %d, want one of %v (%s)", neg.Body, r.Code, neg.Codes, neg.Why)
				}
				// Every code the emulator answers is in the catalogue: the
				// endpoint's own table or the common one.
				if e, _ := schemas.MustLoad().Entry(ep.Endpoint); r.Code != 0 && !e.Documented(r.Code) {
					t.Errorf("body %s: ErrorCode %d is in neither %s's error table nor the common one", neg.Body, r.Code, ep.Endpoint)
				}
				assertSchema(t, ep.Endpoint, r.Raw)
			})
		}
		for _, s := range ep.Samples {
			if s.Kind != "request" {
				continue
			}
			t.Run(ep.Endpoint+"/"+s.Name, func(t *testing.T) {
				hs := newHarness(t, Options{})
				assertSchema(t, ep.Endpoint, hs.call(ep.Endpoint, string(s.Body)).Raw)
			})
		}
	}
}

// Successful answers of every endpoint match their response schemas.
func TestSuccessAnswersMatchSchemas(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	key := hs.send("a", "b", "x")
	for _, c := range []struct{ path, body string }{
		{"im_open_login_svc/account_import", `{"UserID":"c"}`},
		{"im_open_login_svc/multiaccount_import", `{"Accounts":["d","bad id"]}`},
		{"im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"a"},{"UserID":"nx"}]}`},
		{"im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"d"},{"UserID":"nx"}]}`},
		{"openim/sendmsg", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"y"}}]}`},
		{"openim/importmsg", `{"SyncFromOldSystem":5,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":5,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"y"}}],"CloudCustomData":"c"}`},
		{"openim/get_c2c_unread_msg_num", `{"To_Account":"b"}`},
		{"openim/get_c2c_unread_msg_num", `{"To_Account":"b","Peer_Account":["a","nx"]}`},
		{"openim/admin_getroammsg", jsonf(`{"Operator_Account":"a","Peer_Account":"b","MaxCnt":1,"MinTime":0,"MaxTime":%d}`, epoch.Unix())},
		{"openim/admin_msgwithdraw", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q}`, key)},
		{"openim/admin_set_msg_read", `{"Report_Account":"b","Peer_Account":"a"}`},
	} {
		r := hs.ok(c.path, c.body)
		assertSchema(t, c.path, r.Raw)
	}
}

func assertSchema(t *testing.T, endpoint, body string) {
	t.Helper()
	v, err := schemas.ValidateResponse(endpoint, []byte(body))
	if err != nil {
		t.Fatalf("%s: %v", endpoint, err)
	}
	if len(v) > 0 {
		t.Errorf("%s answer %s breaks its schema: %v", endpoint, body, v)
	}
}
