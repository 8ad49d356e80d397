package emulator

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestGetAppInfo(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.send("a", "b", "one")
	hs.send("a", "c", "two")
	hs.send("b", "a", "three")
	hs.importMsg(2, "c", "a", 5, epoch.Add(-48*time.Hour).Unix())
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"c","Platform":"Web"}`)
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"c","Platform":"iPad"}`)
	r := hs.ok("openconfigsvr/getappinfo", `{}`)
	rows := r.Body["Result"].([]any)
	if len(rows) != appInfoDays {
		t.Fatalf("%d rows, want %d", len(rows), appInfoDays)
	}
	today := rows[0].(map[string]any)
	for field, want := range map[string]string{
		"AppId": "1400000000", "Date": epoch.In(beijing).Format("20060102"), "C2CUpMsgNum": "3",
		"C2CSendMsgUserNum": "2", "RegistUserNumTotal": "3", "LoginTimes": "2", "LoginUserNum": "1",
		"ActiveUserNum": "3", "MaxOnlineNum": "1", "GroupAllGroupNum": "0",
	} {
		if got := today[field]; got != want {
			t.Errorf("today's %s = %v, want %s", field, got, want)
		}
	}
	if len(today) != len(appInfoFields) {
		t.Errorf("today's row has %d fields, want %d", len(today), len(appInfoFields))
	}
	if past := rows[2].(map[string]any); past["C2CUpMsgNum"] != "1" || past["RegistUserNumTotal"] != "0" {
		t.Errorf("two days ago: %v, want the imported message counted", past)
	}
	r = hs.ok("openconfigsvr/getappinfo", `{"RequestField":["ChainIncrease","C2CUpMsgNum"]}`)
	if row := r.Body["Result"].([]any)[0].(map[string]any); len(row) != 3 || row["C2CUpMsgNum"] != "3" || row["Date"] == nil {
		t.Errorf("with RequestField: %v, want ChainIncrease, C2CUpMsgNum and Date", row)
	}
	for _, body := range []string{`{"RequestField":"Date"}`, `{"RequestField":["Nope"]}`, `[]`} {
		if got := hs.call("openconfigsvr/getappinfo", body); got.Code != codeAppInfoParse {
			t.Errorf("getappinfo %s: %d, want %d", body, got.Code, codeAppInfoParse)
		}
	}
}

// download fetches a URL the emulator returned, through its handler.
func (hs *harness) download(raw string) (int, []byte) {
	hs.t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		hs.t.Fatalf("URL %q: %v", raw, err)
	}
	req := httptest.NewRequest(http.MethodGet, u.RequestURI(), nil)
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func TestGetHistory(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true})
	hs.importAccounts("a", "b")
	hs.send("a", "b", "first")
	hs.send("b", "a", "second")
	key := hs.send("a", "b", "recalled")
	hs.ok("openim/admin_msgwithdraw", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q}`, key))
	hour := epoch.In(beijing).Format("2006010215")
	r := hs.ok("open_msg_svc/get_history", `{"ChatType":"C2C","MsgTime":"`+hour+`"}`)
	f := r.Body["File"].([]any)[0].(map[string]any)
	status, gz := hs.download(f["URL"].(string))
	if status != http.StatusOK {
		t.Fatalf("download %s: HTTP %d", f["URL"], status)
	}
	sum := func(b []byte) string { d := md5.Sum(b); return hex.EncodeToString(d[:]) }
	if int(f["GzipSize"].(float64)) != len(gz) || f["GzipMD5"] != sum(gz) {
		t.Errorf("GzipSize/GzipMD5 %v/%v do not match the %d bytes served", f["GzipSize"], f["GzipMD5"], len(gz))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if int(f["FileSize"].(float64)) != len(plain) || f["FileMD5"] != sum(plain) {
		t.Errorf("FileSize/FileMD5 do not match the file")
	}
	var file struct {
		SdkAppId uint64
		ChatType string
		MsgTime  string
		MsgList  []historyMsg
	}
	if err := json.Unmarshal(plain, &file); err != nil {
		t.Fatalf("the file is not one JSON object: %v\n%s", err, plain)
	}
	if file.SdkAppId != TestSDKAppID || file.ChatType != "C2C" || file.MsgTime != hour || len(file.MsgList) != 2 {
		t.Errorf("file %s, want the two messages not recalled", plain)
	}
	// Line by line, as the page's second reader does.
	sc := bufio.NewScanner(bytes.NewReader(plain))
	lines := 0
	for sc.Scan() {
		line := strings.TrimSuffix(strings.TrimSpace(sc.Text()), ",")
		if line == "]}" {
			break
		}
		if lines == 0 {
			line += "]}"
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("line %d %q is not JSON", lines, line)
		}
		lines++
	}
	if lines != 3 {
		t.Errorf("%d lines before ]}, want a header and two messages", lines)
	}
	hs.advance(2 * time.Hour)
	if status, _ := hs.download(f["URL"].(string)); status != http.StatusNotFound {
		t.Errorf("download after the address expired: HTTP %d, want 404", status)
	}
	hs.sig = hs.sigFor(TestAdmin)
	for _, c := range []struct {
		body string
		code int
	}{
		{`{"ChatType":"C2C","MsgTime":"` + epoch.Add(-3*time.Hour).In(beijing).Format("2006010215") + `"}`, codeHistoryNoFile},
		{`{"ChatType":"C2C","MsgTime":"` + epoch.Add(-8*24*time.Hour).In(beijing).Format("2006010215") + `"}`, codeHistoryExpired},
		{`{"ChatType":"C2C","MsgTime":"` + epoch.Add(5*time.Hour).In(beijing).Format("2006010215") + `"}`, codeHistoryNoFile},
		{`{"ChatType":"Group","MsgTime":"` + hour + `"}`, codeHistoryNoFile},
		{`{"ChatType":"Both","MsgTime":"` + hour + `"}`, codeHistoryParam},
		{`{"ChatType":"C2C","MsgTime":"2026-11-01"}`, codeHistoryParam},
		{`{"ChatType":"C2C","MsgTime":2026110112}`, codeHistoryParam},
		{`{"ChatType":"C2C"`, codeHistoryParam},
	} {
		if got := hs.call("open_msg_svc/get_history", c.body); got.Code != c.code {
			t.Errorf("get_history %s: %d, want %d", c.body, got.Code, c.code)
		}
	}
}

func TestGetIPList(t *testing.T) {
	hs := newHarness(t, Options{})
	r := hs.ok("ConfigSvc/GetIPList", `{}`)
	// httptest's Host is example.com, a name: the loopback address stands in.
	if list := r.Body["IPList"].([]any); len(list) != 1 || list[0] != "127.0.0.1" {
		t.Errorf("IPList %v, want [127.0.0.1]", list)
	}
}

func TestStateChangeAndAlert(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL, Limits: map[string]float64{"openim/querystate": 4}})
	defer hs.h.Close()
	hs.importAccounts("a")
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"a","Platform":"Web"}`)
	hs.controlCall(http.MethodPost, "sessions/background", `{"UserID":"a","Platform":"Web"}`) // no event
	hs.controlCall(http.MethodPost, "sessions/logout", `{"UserID":"a","Platform":"Web"}`)
	hs.controlCall(http.MethodPost, "sessions/logout", `{"UserID":"a"}`) // nothing left to end
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"a","Platform":"iPhone"}`)
	hs.ok("im_open_login_svc/kick", `{"UserID":"a"}`)
	want := [][2]string{{"Login", "Register"}, {"Logout", "Unregister"}, {"Login", "Register"}, {"Disconnect", "LinkClose"}}
	got := rc.wait(t, "State.StateChange", len(want))
	for i, g := range got {
		validCallback(t, g)
		info := g.Body["Info"].(map[string]any)
		if i >= len(want) || info["Action"] != want[i][0] || info["Reason"] != want[i][1] || info["To_Account"] != "a" {
			t.Errorf("StateChange %d: %s, want %v", i, g.Raw, want)
		}
	}
	// A burst over the limit raises one alert.
	throttled := 0
	for i := 0; i < 20; i++ {
		if r := hs.call("openim/querystate", `{"To_Account":["a"]}`); r.Code == codeAPIRateLimit {
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("no call was throttled")
	}
	alert := rc.wait(t, "Alert.RequestOverLimit", 1)[0]
	validCallback(t, alert)
	if alert.Body["ServiceName"] != "openim" || alert.Body["Command"] != "querystate" || alert.Body["Limit"].(float64) != 4 || alert.Body["Request"].(float64) <= 4 {
		t.Errorf("alert %s", alert.Raw)
	}
	// Callbacks arrive in order: once a later one is in, a second alert
	// would be too.
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"a","Platform":"Mac"}`)
	rc.wait(t, "State.StateChange", len(want)+1)
	if n := len(rc.wait(t, "Alert.RequestOverLimit", 1)); n != 1 {
		t.Errorf("%d alerts for one burst, want 1", n)
	}
}
