package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/xeipuuv/gojsonschema"
)

// TestCatalogueLoads compiles every schema of every entry and webhook.
func TestCatalogueLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	got := Endpoints()
	if !sort.StringsAreSorted(got) || len(got) != len(c.Entries) {
		t.Errorf("Endpoints() = %v", got)
	}
	for _, e := range c.Entries {
		t.Run(e.Path, func(t *testing.T) {
			if s, err := Request(e.Path); err != nil || s == nil {
				t.Errorf("Request: %v", err)
			}
			if s, err := Response(e.Path); err != nil || s == nil {
				t.Errorf("Response: %v", err)
			}
			for _, a := range e.Aliases {
				if got, _ := c.Entry(a); got != e {
					t.Errorf("alias %s does not lead to the entry", a)
				}
			}
			for _, doc := range []json.RawMessage{e.Request, e.Response} {
				if strings.Contains(string(doc), `"additionalProperties": false`) || strings.Contains(string(doc), `"additionalProperties":false`) {
					t.Error("schemas must tolerate unknown fields")
				}
			}
			for f := range e.FieldCodes {
				if !strings.Contains(string(e.Request), `"`+f+`"`) {
					t.Errorf("field_codes names %s, which the request schema does not have", f)
				}
			}
		})
	}
	for _, w := range c.Webhooks {
		t.Run(w.Command, func(t *testing.T) {
			if _, err := WebhookRequest(w.Command); err != nil {
				t.Errorf("callback schema: %v", err)
			}
			if _, err := WebhookResponse(w.Command); err != nil {
				t.Errorf("answer schema: %v", err)
			}
		})
	}
	if s, err := Envelope(); err != nil || s == nil {
		t.Errorf("Envelope() = %v, %v", s, err)
	}
}

// TestCatalogueRejectsBadEntries proves the loader's checks.
func TestCatalogueRejectsBadEntries(t *testing.T) {
	base := map[string]string{
		"families.json": `[{"key":"c2c","title":"One-to-one"}]`,
		"errors.json":   `[{"code":60002,"meaning":"x"}]`,
	}
	good := `{"path":"openim/x","family":"c2c","title":"t","doc":"https://www.tencentcloud.com/document/product/1047/1","rate_limit":null,"errors":[],"parse_codes":[90001],"param_codes":[90001],"field_codes":{},"ambiguities":[],"request":{},"response":{}}`
	for name, tc := range map[string]struct{ file, body, want string }{
		"good":            {"rest/openim.x.json", good, ""},
		"unknown field":   {"rest/openim.x.json", strings.Replace(good, `"title"`, `"tilte":"","title"`, 1), "unknown field"},
		"file name":       {"rest/openim.y.json", good, "does not match the file name"},
		"family":          {"rest/openim.x.json", strings.Replace(good, `"c2c"`, `"nope"`, 1), "not in families.json"},
		"doc":             {"rest/openim.x.json", strings.Replace(good, "https://www.tencentcloud.com/document/product/1047/1", "http://example.com", 1), "not a Tencent doc page"},
		"no parse codes":  {"rest/openim.x.json", strings.Replace(good, `"parse_codes":[90001]`, `"parse_codes":[]`, 1), "parse_codes is empty"},
		"no schema":       {"rest/openim.x.json", strings.Replace(good, `"request":{},`, ``, 1), "schema missing"},
		"webhook kind":    {"webhooks/C2C.X.json", `{"command":"C2C.X","family":"c2c","title":"t","doc":"https://www.tencentcloud.com/document/product/1047/1","kind":"during","fired_by":[],"ambiguities":[],"request":{},"response":{}}`, "neither before nor after"},
		"fired by nobody": {"webhooks/C2C.X.json", `{"command":"C2C.X","family":"c2c","title":"t","doc":"https://www.tencentcloud.com/document/product/1047/1","kind":"after","fired_by":["openim/zz"],"ambiguities":[],"request":{},"response":{}}`, "has no entry"},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.body)}
			_, err := parseCatalogue(fsys)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestUnknownEndpoint(t *testing.T) {
	for _, ep := range []string{"", "openim/nope", "openim.sendmsg", "sendmsg"} {
		if _, err := Request(ep); err == nil {
			t.Errorf("Request(%q): want error", ep)
		}
		if _, err := Response(ep); err == nil {
			t.Errorf("Response(%q): want error", ep)
		}
		if _, err := ValidateRequest(ep, []byte(`{}`)); err == nil {
			t.Errorf("ValidateRequest(%q): want error", ep)
		}
	}
}

func TestEnvelope(t *testing.T) {
	s, err := Envelope()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		body  string
		valid bool
	}{
		{"ok-zero", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`, true},
		{"ok-nonzero", `{"ActionStatus":"OK","ErrorCode":90001,"ErrorInfo":""}`, false},
		{"fail-zero", `{"ActionStatus":"FAIL","ErrorCode":0,"ErrorInfo":"x"}`, false},
		{"fail-nonzero", `{"ActionStatus":"FAIL","ErrorCode":90001,"ErrorInfo":"Fail to Parse json data of body, Please check it"}`, true},
		{"errorcode-string", `{"ActionStatus":"OK","ErrorCode":"0","ErrorInfo":""}`, false},
		{"errorcode-float", `{"ActionStatus":"FAIL","ErrorCode":90001.5}`, false},
		{"missing-errorinfo", `{"ActionStatus":"OK","ErrorCode":0,"GroupIdList":[{"GroupId":"@TGS#1YTTZEAEG"}],"TotalCount":58530}`, true},
		{"errorinfo-number", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":1}`, false},
		{"extra-fields", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":"","Whatever":{"a":1}}`, true},
		{"missing-actionstatus", `{"ErrorCode":0}`, false},
		{"missing-errorcode", `{"ActionStatus":"OK"}`, false},
		{"someerror-status", `{"ActionStatus":"SomeError","ErrorCode":0}`, false},
		{"lowercase-ok", `{"ActionStatus":"ok","ErrorCode":0}`, false},
		{"not-object", `["OK",0]`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Validate(gojsonschema.NewStringLoader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if res.Valid() != c.valid {
				t.Errorf("valid = %v, want %v; errors: %v", res.Valid(), c.valid, res.Errors())
			}
		})
	}
}

// items returns a JSON array of n elements produced by f.
func items(n int, f func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestRequestSchemas(t *testing.T) {
	long := strings.Repeat("a", 33)
	max := strings.Repeat("a", 32)
	text := `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	userObj := func(i int) string { return fmt.Sprintf(`{"UserID":"cc_user_%d"}`, i) }
	userStr := func(i int) string { return fmt.Sprintf(`"cc_user_%d"`, i) }
	cases := []struct {
		endpoint string
		name     string
		body     string
		valid    bool
	}{
		// admin_set_msg_read
		{"openim/admin_set_msg_read", "minimal", `{"Report_Account":"a","Peer_Account":"b"}`, true},
		{"openim/admin_set_msg_read", "msgreadtime-string", `{"Report_Account":"a","Peer_Account":"b","MsgReadTime":"1700000000"}`, true},
		{"openim/admin_set_msg_read", "msgreadtime-number", `{"Report_Account":"a","Peer_Account":"b","MsgReadTime":1700000000}`, false},
		{"openim/admin_set_msg_read", "msgreadtime-not-digits", `{"Report_Account":"a","Peer_Account":"b","MsgReadTime":"17e8"}`, false},
		{"openim/admin_set_msg_read", "userid-32", `{"Report_Account":"` + max + `","Peer_Account":"b"}`, true},
		{"openim/admin_set_msg_read", "userid-33", `{"Report_Account":"` + long + `","Peer_Account":"b"}`, false},
		{"openim/admin_set_msg_read", "userid-empty", `{"Report_Account":"","Peer_Account":"b"}`, false},
		{"openim/admin_set_msg_read", "missing-peer", `{"Report_Account":"a"}`, false},
		{"openim/admin_set_msg_read", "extra-field", `{"Report_Account":"a","Peer_Account":"b","Extra":1}`, true},
		// account_import
		{"im_open_login_svc/account_import", "userid", `{"UserID":"test","Nick":"test","FaceUrl":"http://www.qq.com"}`, true},
		{"im_open_login_svc/account_import", "identifier", `{"Identifier":"test","Nick":"test"}`, true},
		{"im_open_login_svc/account_import", "both", `{"UserID":"test","Identifier":"test"}`, false},
		{"im_open_login_svc/account_import", "neither", `{"Nick":"test"}`, false},
		{"im_open_login_svc/account_import", "userid-33", `{"UserID":"` + long + `"}`, false},
		{"im_open_login_svc/account_import", "userid-number", `{"UserID":42}`, false},
		// multiaccount_import
		{"im_open_login_svc/multiaccount_import", "accounts", `{"Accounts":["test1","test2"]}`, true},
		{"im_open_login_svc/multiaccount_import", "accountlist", `{"AccountList":[{"UserID":"u1","Nick":"n","FaceUrl":"http://x"},{"UserID":"u2"}]}`, true},
		{"im_open_login_svc/multiaccount_import", "neither", `{}`, false},
		{"im_open_login_svc/multiaccount_import", "accounts-100", `{"Accounts":` + items(100, userStr) + `}`, true},
		{"im_open_login_svc/multiaccount_import", "accounts-101", `{"Accounts":` + items(101, userStr) + `}`, false},
		{"im_open_login_svc/multiaccount_import", "accountlist-101", `{"AccountList":` + items(101, userObj) + `}`, false},
		{"im_open_login_svc/multiaccount_import", "accountlist-no-userid", `{"AccountList":[{"Nick":"n"}]}`, false},
		{"im_open_login_svc/multiaccount_import", "accounts-33", `{"Accounts":["` + long + `"]}`, false},
		// account_delete
		{"im_open_login_svc/account_delete", "doc", `{"DeleteItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}`, true},
		{"im_open_login_svc/account_delete", "deleteitem-100", `{"DeleteItem":` + items(100, userObj) + `}`, true},
		{"im_open_login_svc/account_delete", "deleteitem-101", `{"DeleteItem":` + items(101, userObj) + `}`, false},
		{"im_open_login_svc/account_delete", "userid-33", `{"DeleteItem":[{"UserID":"` + long + `"}]}`, false},
		{"im_open_login_svc/account_delete", "missing", `{}`, false},
		// account_check
		{"im_open_login_svc/account_check", "doc", `{"CheckItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}`, true},
		{"im_open_login_svc/account_check", "checkitem-101", `{"CheckItem":` + items(101, userObj) + `}`, false},
		{"im_open_login_svc/account_check", "userid-number", `{"CheckItem":[{"UserID":1}]}`, false},
		// sendmsg
		{"openim/sendmsg", "minimal", `{"To_Account":"b","MsgRandom":1,"MsgBody":` + text + `}`, true},
		{"openim/sendmsg", "full", `{"SyncOtherMachine":1,"From_Account":"a","To_Account":"b","MsgLifeTime":604800,"MsgSeq":4294967295,"MsgRandom":0,` +
			`"ForbidCallbackControl":["ForbidBeforeSendMsgCallback","ForbidAfterSendMsgCallback"],"SendMsgControl":["NoUnread","NoLastMsg","WithMuteNotifications"],` +
			`"MsgBody":` + text + `,"CloudCustomData":"x","SupportMessageExtension":1,"IsNeedReadReceipt":1,"OfflinePushInfo":{"PushFlag":0,"Desc":"d"}}`, true},
		{"openim/sendmsg", "syncothermachine-3", `{"SyncOtherMachine":3,"To_Account":"b","MsgRandom":1,"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "msgrandom-2^32", `{"To_Account":"b","MsgRandom":4294967296,"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "msgrandom-negative", `{"To_Account":"b","MsgRandom":-1,"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "msgseq-float", `{"To_Account":"b","MsgRandom":1,"MsgSeq":1.5,"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "msglifetime-604801", `{"To_Account":"b","MsgRandom":1,"MsgLifeTime":604801,"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "sendmsgcontrol-unknown", `{"To_Account":"b","MsgRandom":1,"SendMsgControl":["NoPush"],"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "forbidcallback-unknown", `{"To_Account":"b","MsgRandom":1,"ForbidCallbackControl":["ForbidAll"],"MsgBody":` + text + `}`, false},
		{"openim/sendmsg", "msgbody-empty", `{"To_Account":"b","MsgRandom":1,"MsgBody":[]}`, false},
		{"openim/sendmsg", "msgbody-object", `{"To_Account":"b","MsgRandom":1,"MsgBody":{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}}`, false},
		{"openim/sendmsg", "msgtype-relay", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMRelayElem","MsgContent":{}}]}`, false},
		{"openim/sendmsg", "msgcontent-missing", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem"}]}`, false},
		{"openim/sendmsg", "text-not-string", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":1}}]}`, false},
		{"openim/sendmsg", "all-element-types", `{"To_Account":"b","MsgRandom":1,"MsgBody":[` +
			`{"MsgType":"TIMLocationElem","MsgContent":{"Desc":"d","Latitude":22.5,"Longitude":113.9}},` +
			`{"MsgType":"TIMFaceElem","MsgContent":{"Index":1,"Data":"x"}},` +
			`{"MsgType":"TIMCustomElem","MsgContent":{"Data":"x","Desc":"d","Ext":"e","Sound":"s"}},` +
			`{"MsgType":"TIMSoundElem","MsgContent":{"Url":"u","UUID":"id","Size":1,"Second":2,"Download_Flag":2}},` +
			`{"MsgType":"TIMImageElem","MsgContent":{"UUID":"id","ImageFormat":1,"ImageInfoArray":[{"Type":1,"Size":1,"Width":1,"Height":1,"URL":"u"}]}},` +
			`{"MsgType":"TIMFileElem","MsgContent":{"Url":"u","UUID":"id","FileSize":1,"FileName":"f","Download_Flag":2}},` +
			`{"MsgType":"TIMVideoFileElem","MsgContent":{"VideoUrl":"u","VideoUUID":"id","VideoSize":1,"VideoSecond":1,"VideoFormat":"mp4","VideoDownloadFlag":2,` +
			`"ThumbUrl":"u","ThumbUUID":"id","ThumbSize":1,"ThumbWidth":1,"ThumbHeight":1,"ThumbFormat":"JPG","ThumbDownloadFlag":2}}]}`, true},
		{"openim/sendmsg", "latitude-string", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMLocationElem","MsgContent":{"Latitude":"22.5"}}]}`, false},
		{"openim/sendmsg", "to-account-33", `{"To_Account":"` + long + `","MsgRandom":1,"MsgBody":` + text + `}`, false},
		// importmsg
		{"openim/importmsg", "sync-5", `{"SyncFromOldSystem":5,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1556178721,"MsgBody":` + text + `}`, true},
		{"openim/importmsg", "sync-2", `{"SyncFromOldSystem":2,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1556178721,"MsgBody":` + text + `}`, true},
		{"openim/importmsg", "sync-1", `{"SyncFromOldSystem":1,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1556178721,"MsgBody":` + text + `}`, false},
		{"openim/importmsg", "missing-timestamp", `{"SyncFromOldSystem":5,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":` + text + `}`, false},
		{"openim/importmsg", "timestamp-string", `{"SyncFromOldSystem":5,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":"1556178721","MsgBody":` + text + `}`, false},
		// get_c2c_unread_msg_num
		{"openim/get_c2c_unread_msg_num", "total", `{"To_Account":"dramon1"}`, true},
		{"openim/get_c2c_unread_msg_num", "peers-10", `{"To_Account":"a","Peer_Account":` + items(10, userStr) + `}`, true},
		{"openim/get_c2c_unread_msg_num", "peers-11", `{"To_Account":"a","Peer_Account":` + items(11, userStr) + `}`, false},
		{"openim/get_c2c_unread_msg_num", "peers-string", `{"To_Account":"a","Peer_Account":"b"}`, false},
		{"openim/get_c2c_unread_msg_num", "missing-to", `{"Peer_Account":["b"]}`, false},
		// admin_getroammsg
		{"openim/admin_getroammsg", "new-form", `{"Operator_Account":"user2","Peer_Account":"user1","MaxCnt":100,"MinTime":1584669600,"MaxTime":1584673200}`, true},
		{"openim/admin_getroammsg", "old-form", `{"From_Account":"user2","To_Account":"user1","MaxCnt":100,"MinTime":1584669600,"MaxTime":1584673200}`, true},
		{"openim/admin_getroammsg", "continuation", `{"Operator_Account":"user2","Peer_Account":"user1","MaxCnt":100,"MinTime":1584669600,"MaxTime":1584669680,"LastMsgKey":"549396494_2578554_1584669680"}`, true},
		{"openim/admin_getroammsg", "mixed-pair", `{"Operator_Account":"user2","To_Account":"user1","MaxCnt":100,"MinTime":1,"MaxTime":2}`, false},
		{"openim/admin_getroammsg", "no-accounts", `{"MaxCnt":100,"MinTime":1,"MaxTime":2}`, false},
		{"openim/admin_getroammsg", "missing-maxcnt", `{"Operator_Account":"user2","Peer_Account":"user1","MinTime":1,"MaxTime":2}`, false},
		{"openim/admin_getroammsg", "maxtime-string", `{"Operator_Account":"user2","Peer_Account":"user1","MaxCnt":1,"MinTime":1,"MaxTime":"2"}`, false},
		// admin_msgwithdraw
		{"openim/admin_msgwithdraw", "doc", `{"From_Account":"vinson","To_Account":"dramon","MsgKey":"31906_833502_1572869830"}`, true},
		{"openim/admin_msgwithdraw", "msgkey-51", `{"From_Account":"a","To_Account":"b","MsgKey":"` + strings.Repeat("1", 51) + `"}`, false},
		{"openim/admin_msgwithdraw", "msgkey-empty", `{"From_Account":"a","To_Account":"b","MsgKey":""}`, false},
		{"openim/admin_msgwithdraw", "missing-msgkey", `{"From_Account":"a","To_Account":"b"}`, false},
	}
	for _, c := range cases {
		t.Run(c.endpoint+"/"+c.name, func(t *testing.T) {
			v, err := ValidateRequest(c.endpoint, []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if (len(v) == 0) != c.valid {
				t.Errorf("valid = %v, want %v; violations: %v", len(v) == 0, c.valid, v)
			}
		})
	}
}

func TestResponseSchemas(t *testing.T) {
	fail := `{"ActionStatus":"FAIL","ErrorInfo":"Fail to Parse json data of body, Please check it","ErrorCode":90001}`
	cases := []struct {
		endpoint string
		name     string
		body     string
		valid    bool
	}{
		{"openim/sendmsg", "ok", `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1572870301,"MsgKey":"89541_2574206_1572870301"}`, true},
		{"openim/sendmsg", "ok-missing-msgkey", `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1572870301}`, false},
		{"openim/sendmsg", "ok-msgkey-51", `{"ActionStatus":"OK","ErrorCode":0,"MsgTime":1,"MsgKey":"` + strings.Repeat("1", 51) + `"}`, false},
		{"openim/sendmsg", "ok-msgtime-string", `{"ActionStatus":"OK","ErrorCode":0,"MsgTime":"1","MsgKey":"1_1_1"}`, false},
		{"openim/sendmsg", "fail", fail, true},
		{"openim/sendmsg", "ok-nonzero-code", `{"ActionStatus":"OK","ErrorCode":90001,"MsgTime":1,"MsgKey":"1_1_1"}`, false},
		{"openim/sendmsg", "extra-fields", `{"ActionStatus":"OK","ErrorCode":0,"MsgTime":1,"MsgKey":"1_1_1","MsgId":"x"}`, true},
		{"openim/admin_set_msg_read", "ok", `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`, true},
		{"openim/admin_set_msg_read", "fail", fail, true},
		{"openim/admin_set_msg_read", "fail-zero", `{"ActionStatus":"FAIL","ErrorCode":0}`, false},
		{"im_open_login_svc/account_check", "ok", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"UserID":"UserID_1","ResultCode":0,"ResultInfo":"","AccountStatus":"Imported"}]}`, true},
		{"im_open_login_svc/account_check", "ok-no-resultitem", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`, false},
		{"im_open_login_svc/account_check", "bad-accountstatus", `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":"u","ResultCode":0,"AccountStatus":"Maybe"}]}`, false},
		{"im_open_login_svc/account_check", "fail", `{"ActionStatus":"FAIL","ErrorCode":70402,"ErrorInfo":"x"}`, true},
		{"im_open_login_svc/account_delete", "item-without-userid", `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"ResultCode":0}]}`, false},
		{"im_open_login_svc/multiaccount_import", "ok-no-failaccounts", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`, true},
		{"im_open_login_svc/multiaccount_import", "failaccounts-not-array", `{"ActionStatus":"OK","ErrorCode":0,"FailAccounts":"test3"}`, false},
		{"openim/admin_getroammsg", "ok-missing-msglist", `{"ActionStatus":"OK","ErrorCode":0,"Complete":1,"MsgCnt":0}`, false},
		{"openim/admin_getroammsg", "ok-empty", `{"ActionStatus":"OK","ErrorCode":0,"Complete":1,"MsgCnt":0,"MsgList":[]}`, true},
		{"openim/admin_getroammsg", "fail", fail, true},
		{"openim/get_c2c_unread_msg_num", "total", `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"AllC2CUnreadMsgNum":12}`, true},
		{"openim/get_c2c_unread_msg_num", "count-string", `{"ActionStatus":"OK","ErrorCode":0,"AllC2CUnreadMsgNum":"12"}`, false},
	}
	for _, c := range cases {
		t.Run(c.endpoint+"/"+c.name, func(t *testing.T) {
			v, err := ValidateResponse(c.endpoint, []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if (len(v) == 0) != c.valid {
				t.Errorf("valid = %v, want %v; violations: %v", len(v) == 0, c.valid, v)
			}
		})
	}
}

func TestNotJSON(t *testing.T) {
	for _, body := range []string{"", " ", `{"Report_Account":`, "{'a':1}", "OK"} {
		v, err := ValidateRequest("openim/admin_set_msg_read", []byte(body))
		if !errors.Is(err, ErrNotJSON) || v != nil {
			t.Errorf("ValidateRequest(%q) = %v, %v; want ErrNotJSON", body, v, err)
		}
		v, err = ValidateResponse("openim/admin_set_msg_read", []byte(body))
		if !errors.Is(err, ErrNotJSON) || v != nil {
			t.Errorf("ValidateResponse(%q) = %v, %v; want ErrNotJSON", body, v, err)
		}
	}
}

func TestViolationFields(t *testing.T) {
	v, err := ValidateResponse("im_open_login_svc/account_check",
		[]byte(`{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"UserID":5,"ResultCode":0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range v {
		if x.Field == "ResultItem.0.UserID" {
			found = true
		}
	}
	if !found {
		t.Errorf("no violation on ResultItem.0.UserID: %v", v)
	}
	if got := (Violation{Field: "(root)", Description: "x is required"}).String(); got != "(root): x is required" {
		t.Errorf("String() = %q", got)
	}
}

func TestConcurrentCompile(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ep := range Endpoints() {
				if _, err := ValidateRequest(ep, []byte(`{}`)); err != nil {
					t.Error(err)
				}
				if _, err := ValidateResponse(ep, []byte(`{"ActionStatus":"OK","ErrorCode":0}`)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	a, _ := Request("openim/sendmsg")
	b, _ := Request("openim/sendmsg")
	if a != b {
		t.Error("Request does not cache the compiled schema")
	}
}

// The catalogue describes the whole server API (scope.md): 107 endpoints
// and 36 webhooks, every family with at least one of them.
func TestCatalogueIsComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != 107 {
		t.Errorf("%d endpoints, want 107", len(c.Entries))
	}
	if len(c.Webhooks) != 36 {
		t.Errorf("%d webhooks, want 36", len(c.Webhooks))
	}
	used := map[string]bool{}
	for _, e := range c.Entries {
		used[e.Family] = true
	}
	for _, w := range c.Webhooks {
		used[w.Family] = true
	}
	for _, f := range c.Families {
		if !used[f.Key] {
			t.Errorf("family %s has no endpoint or webhook", f.Key)
		}
	}
}
