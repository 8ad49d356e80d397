package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSetMsgRead(t *testing.T) {
	const path = "openim/admin_set_msg_read"
	t.Run("marks the conversation read and nothing else", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("report", "peer", "other")
		for i := 0; i < 3; i++ {
			hs.send("peer", "report", "p")
		}
		hs.send("other", "report", "o")
		hs.send("report", "peer", "r")
		if got := hs.unread("report", "peer"); got != 3 {
			t.Fatalf("before: unread %d, want 3", got)
		}
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer"}`)
		for _, c := range []struct {
			to, peer string
			want     int
		}{{"report", "peer", 0}, {"report", "other", 1}, {"peer", "report", 1}} {
			if got := hs.unread(c.to, c.peer); got != c.want {
				t.Errorf("unread(%s, %s) = %d, want %d", c.to, c.peer, got, c.want)
			}
		}
		if got := hs.totalUnread("report"); got != 1 {
			t.Errorf("total unread of report = %d, want 1", got)
		}
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer"}`) // repeating is harmless
		if got := hs.unread("report", "peer"); got != 0 {
			t.Errorf("after repeat: unread %d, want 0", got)
		}
	})
	t.Run("MsgReadTime", func(t *testing.T) {
		base := epoch.Unix() - 1000
		for _, tc := range []struct {
			name, readTime string
			want           int
		}{
			{"older than every message", jsonf(`"%d"`, base-1), 3},
			{"between messages", jsonf(`"%d"`, base+150), 1},
			{"boundary second is included", jsonf(`"%d"`, base+100), 1},
			{"one second before the boundary", jsonf(`"%d"`, base+99), 2},
			{"JSON number accepted", jsonf(`%d`, base+150), 1},
			{"zero", `"0"`, 3},
			{"future", jsonf(`"%d"`, base+1e6), 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hs := newHarness(t, Options{})
				hs.importAccounts("report", "peer")
				for i, ts := range []int64{base, base + 100, base + 200} {
					hs.importMsg(5, "peer", "report", i+1, ts)
				}
				hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer","MsgReadTime":`+tc.readTime+`}`)
				if got := hs.unread("report", "peer"); got != tc.want {
					t.Errorf("unread = %d, want %d", got, tc.want)
				}
			})
		}
	})
	t.Run("default MsgReadTime is the emulator's clock", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("report", "peer")
		hs.importMsg(5, "peer", "report", 1, epoch.Unix()+60) // a minute ahead
		hs.send("peer", "report", "now")
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer"}`)
		if got := hs.unread("report", "peer"); got != 1 {
			t.Errorf("unread = %d, want 1 (the future message)", got)
		}
		hs.advance(2 * time.Minute)
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer"}`)
		if got := hs.unread("report", "peer"); got != 0 {
			t.Errorf("later: unread = %d, want 0", got)
		}
	})
	t.Run("a read position never moves back", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("report", "peer")
		hs.importMsg(5, "peer", "report", 1, 1000)
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer","MsgReadTime":"2000"}`)
		hs.ok(path, `{"Report_Account":"report","Peer_Account":"peer","MsgReadTime":"500"}`)
		if got := hs.unread("report", "peer"); got != 0 {
			t.Errorf("unread = %d, want 0", got)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name, body string
			swap       bool
			want       int
		}{
			{"malformed JSON", `{"Report_Account":`, false, codeParse},
			{"empty body", ``, false, codeParse},
			{"JSON array", `[]`, false, codeParse},
			{"invalid UTF-8", "{\"Report_Account\":\"a\xff\",\"Peer_Account\":\"peer\"}", false, codeParse},
			{"missing Report_Account", `{"Peer_Account":"peer"}`, false, codeFromAccount},
			{"missing Peer_Account", `{"Report_Account":"report"}`, false, codeToAccount},
			{"unknown Report_Account", `{"Report_Account":"ghost","Peer_Account":"peer"}`, false, codeFromAccount},
			{"unknown Peer_Account", `{"Report_Account":"report","Peer_Account":"ghost"}`, false, codeToAccount},
			{"Report_Account a number", `{"Report_Account":12,"Peer_Account":"peer"}`, false, codeFromAccount},
			{"Peer_Account null", `{"Report_Account":"report","Peer_Account":null}`, false, codeToAccount},
			{"MsgReadTime not numeric", `{"Report_Account":"report","Peer_Account":"peer","MsgReadTime":"soon"}`, false, codeParse},
			{"MsgReadTime negative", `{"Report_Account":"report","Peer_Account":"peer","MsgReadTime":-5}`, false, codeParse},
			{"swapped: unknown Report_Account", `{"Report_Account":"ghost","Peer_Account":"peer"}`, true, codeToAccount},
			{"swapped: unknown Peer_Account", `{"Report_Account":"report","Peer_Account":"ghost"}`, true, codeFromAccount},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hs := newHarness(t, Options{SwapAccountCodes: tc.swap})
				hs.importAccounts("report", "peer")
				if got := hs.call(path, tc.body).Code; got != tc.want {
					t.Errorf("ErrorCode = %d, want %d", got, tc.want)
				}
			})
		}
	})
}

func TestSendMsg(t *testing.T) {
	const path = "openim/sendmsg"
	text := `"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	t.Run("answers MsgTime and MsgKey", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("a", "b")
		r := hs.ok(path, `{"From_Account":"a","To_Account":"b","MsgSeq":11,"MsgRandom":22,`+text+`}`)
		if got, want := r.Body["MsgKey"], jsonf("11_22_%d", epoch.Unix()); got != want {
			t.Errorf("MsgKey = %v, want %s", got, want)
		}
		if got := int64(r.Body["MsgTime"].(float64)); got != epoch.Unix() {
			t.Errorf("MsgTime = %d, want %d", got, epoch.Unix())
		}
		// Without From_Account the admin sends.
		hs.ok(path, `{"To_Account":"b","MsgRandom":1,`+text+`}`)
		if got := hs.unread("b", TestAdmin); got != 1 {
			t.Errorf("unread from admin = %d, want 1", got)
		}
	})
	t.Run("unread rules", func(t *testing.T) {
		for _, tc := range []struct {
			name, extra string
			want        int
		}{
			{"plain", ``, 1},
			{"NoUnread", `"SendMsgControl":["NoUnread"],`, 0},
			{"NoLastMsg still counts", `"SendMsgControl":["NoLastMsg"],`, 1},
			{"MsgLifeTime 0 is online only", `"MsgLifeTime":0,`, 0},
			{"SyncOtherMachine 2 still counts for the recipient", `"SyncOtherMachine":2,`, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hs := newHarness(t, Options{})
				hs.importAccounts("a", "b")
				hs.ok(path, `{"From_Account":"a","To_Account":"b","MsgRandom":1,`+tc.extra+text+`}`)
				if got := hs.unread("b", "a"); got != tc.want {
					t.Errorf("unread = %d, want %d", got, tc.want)
				}
			})
		}
	})
	t.Run("errors", func(t *testing.T) {
		big := strings.Repeat("x", 13<<10)
		for _, tc := range []struct {
			name, body string
			want       int
		}{
			{"missing To_Account", `{"MsgRandom":1,` + text + `}`, codeToAccount},
			{"unknown To_Account", `{"To_Account":"ghost","MsgRandom":1,` + text + `}`, codeToNotRegistered},
			{"unknown From_Account", `{"From_Account":"ghost","To_Account":"b","MsgRandom":1,` + text + `}`, codeFromAccount},
			{"both unknown: the sender is checked first", `{"From_Account":"ghost","To_Account":"ghost2","MsgRandom":1,` + text + `}`, codeFromAccount},
			{"missing MsgRandom", `{"To_Account":"b",` + text + `}`, codeMsgRandom},
			{"MsgRandom a string", `{"To_Account":"b","MsgRandom":"1",` + text + `}`, codeMsgRandom},
			{"MsgRandom over 32 bits", `{"To_Account":"b","MsgRandom":4294967296,` + text + `}`, codeMsgRandom},
			{"MsgBody missing", `{"To_Account":"b","MsgRandom":1}`, codeMsgBodyNotArray},
			{"MsgBody an object", `{"To_Account":"b","MsgRandom":1,"MsgBody":{}}`, codeMsgBodyNotArray},
			{"MsgBody empty", `{"To_Account":"b","MsgRandom":1,"MsgBody":[]}`, codeMsgBodyFormat},
			{"unknown MsgType", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMNope","MsgContent":{}}]}`, codeMsgBodyFormat},
			{"MsgBody over 12 KB", `{"To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + big + `"}}]}`, codeMsgTooLong},
			{"MsgLifeTime a string", `{"To_Account":"b","MsgRandom":1,"MsgLifeTime":"1",` + text + `}`, codeMsgLifeTime},
			{"SyncOtherMachine 3", `{"To_Account":"b","MsgRandom":1,"SyncOtherMachine":3,` + text + `}`, codeSyncOther},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hs := newHarness(t, Options{})
				hs.importAccounts("a", "b")
				if got := hs.call(path, tc.body); got.Code != tc.want {
					t.Errorf("ErrorCode = %d, want %d (%s)", got.Code, tc.want, got.Raw)
				}
			})
		}
	})
}

func TestImportMsg(t *testing.T) {
	const path = "openim/importmsg"
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.importMsg(2, "a", "b", 1, 1000) // history: not unread
	hs.importMsg(5, "a", "b", 2, 1001) // live: unread
	hs.importMsg(5, "a", "b", 2, 1001) // duplicate: ignored
	hs.importMsg(5, "b", "a", 2, 1001) // duplicate in the other direction: ignored
	if got := hs.unread("b", "a"); got != 1 {
		t.Errorf("unread(b, a) = %d, want 1", got)
	}
	if got := hs.unread("a", "b"); got != 0 {
		t.Errorf("unread(a, b) = %d, want 0", got)
	}
	r := hs.ok("openim/admin_getroammsg", `{"Operator_Account":"a","Peer_Account":"b","MaxCnt":100,"MinTime":0,"MaxTime":5000}`)
	if got := r.Body["MsgCnt"].(float64); got != 2 {
		t.Errorf("history holds %v messages, want 2", got)
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"SyncFromOldSystem 0", `{"SyncFromOldSystem":0,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeSyncFromOld},
		{"SyncFromOldSystem 3", `{"SyncFromOldSystem":3,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeSyncFromOld},
		{"SyncFromOldSystem a string", `{"SyncFromOldSystem":"5","From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeSyncFromOld},
		{"SyncFromOldSystem missing", `{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeSyncFromOld},
		{"missing From_Account", `{"SyncFromOldSystem":2,"To_Account":"b","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeFromAccount},
		{"missing To_Account", `{"SyncFromOldSystem":2,"From_Account":"a","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeToAccount},
		{"missing MsgTimeStamp", `{"SyncFromOldSystem":2,"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeMsgTimeStamp},
		{"unknown To_Account", `{"SyncFromOldSystem":2,"From_Account":"a","To_Account":"ghost","MsgRandom":1,"MsgTimeStamp":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeToNotRegistered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hs.call(path, tc.body).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestImportMsgModes holds each accepted SyncFromOldSystem value to its
// documented effect: 1 (the older pages' live mode) behaves exactly like 5.
func TestImportMsgModes(t *testing.T) {
	for _, tc := range []struct {
		mode    int
		unread  int
		history float64
	}{
		{mode: 1, unread: 1, history: 1},
		{mode: 2, unread: 0, history: 1},
		{mode: 5, unread: 1, history: 1},
	} {
		t.Run(fmt.Sprintf("SyncFromOldSystem %d", tc.mode), func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b")
			hs.importMsg(tc.mode, "a", "b", 1, 1000)
			hs.importMsg(tc.mode, "a", "b", 1, 1000) // a duplicate: ignored
			if got := hs.unread("b", "a"); got != tc.unread {
				t.Errorf("unread(b, a) = %d, want %d", got, tc.unread)
			}
			if got := hs.totalUnread("b"); got != tc.unread {
				t.Errorf("totalUnread(b) = %d, want %d", got, tc.unread)
			}
			if got := hs.unread("a", "b"); got != 0 {
				t.Errorf("unread(a, b) = %d, want 0", got)
			}
			r := hs.ok("openim/admin_getroammsg", `{"Operator_Account":"b","Peer_Account":"a","MaxCnt":100,"MinTime":0,"MaxTime":5000}`)
			if got := r.Body["MsgCnt"].(float64); got != tc.history {
				t.Errorf("history holds %v messages, want %v", got, tc.history)
			}
			hs.ok("openim/admin_set_msg_read", `{"Report_Account":"b","Peer_Account":"a","MsgReadTime":"1000"}`)
			if got := hs.unread("b", "a"); got != 0 {
				t.Errorf("unread(b, a) after set read = %d, want 0", got)
			}
		})
	}
}

func TestUnreadNum(t *testing.T) {
	const path = "openim/get_c2c_unread_msg_num"
	hs := newHarness(t, Options{})
	hs.importAccounts("me", "p1", "p2")
	hs.send("p1", "me", "a")
	hs.send("p2", "me", "b")
	hs.send("p2", "me", "c")
	if got := hs.totalUnread("me"); got != 3 {
		t.Errorf("total = %d, want 3", got)
	}
	r := hs.ok(path, `{"To_Account":"me","Peer_Account":["p1","p2","ghost"]}`)
	if _, ok := r.Body["AllC2CUnreadMsgNum"]; ok {
		t.Errorf("per-peer answer carries AllC2CUnreadMsgNum: %s", r.Raw)
	}
	want := `"C2CUnreadMsgNumList":[{"Peer_Account":"p1","C2CUnreadMsgNum":1},{"Peer_Account":"p2","C2CUnreadMsgNum":2}],"ErrorList":[{"Peer_Account":"ghost","ErrorCode":70107}]`
	if !strings.Contains(r.Raw, want) {
		t.Errorf("answer %s, want it to contain %s", r.Raw, want)
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"missing To_Account", `{}`, codeToAccount},
		{"unknown To_Account", `{"To_Account":"ghost"}`, codeToAccount},
		{"Peer_Account a string", `{"To_Account":"me","Peer_Account":"p1"}`, codeParse},
		{"11 peers", `{"To_Account":"me","Peer_Account":["1","2","3","4","5","6","7","8","9","10","11"]}`, codeParse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hs.call(path, tc.body).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
}

type roamPage struct {
	complete int
	lastTime int64
	lastKey  string
	times    []int64
}

func (hs *harness) roam(body string) roamPage {
	hs.t.Helper()
	r := hs.ok("openim/admin_getroammsg", body)
	p := roamPage{complete: int(r.Body["Complete"].(float64)), lastTime: int64(r.Body["LastMsgTime"].(float64)), lastKey: r.Body["LastMsgKey"].(string)}
	for _, m := range r.Body["MsgList"].([]any) {
		p.times = append(p.times, int64(m.(map[string]any)["MsgTimeStamp"].(float64)))
	}
	if got := int(r.Body["MsgCnt"].(float64)); got != len(p.times) {
		hs.t.Errorf("MsgCnt %d with %d items", got, len(p.times))
	}
	return p
}

func TestGetRoamMsgPaging(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	// Seven messages, two of them in the same second, in both directions.
	times := []int64{100, 200, 300, 300, 400, 500, 600}
	for i, ts := range times {
		from, to := "a", "b"
		if i%2 == 1 {
			from, to = to, from
		}
		hs.importMsg(2, from, to, i+1, ts)
	}
	var got []int64
	body := `{"Operator_Account":"a","Peer_Account":"b","MaxCnt":2,"MinTime":150,"MaxTime":600}`
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		p := hs.roam(body)
		for i := 1; i < len(p.times); i++ {
			if p.times[i] < p.times[i-1] {
				t.Errorf("page items not oldest first: %v", p.times)
			}
		}
		if len(p.times) > 0 && p.lastTime != p.times[0] {
			t.Errorf("LastMsgTime %d, want the oldest of the page %d", p.lastTime, p.times[0])
		}
		got = append(append([]int64{}, p.times...), got...)
		if p.complete == 1 {
			break
		}
		body = jsonf(`{"Operator_Account":"a","Peer_Account":"b","MaxCnt":2,"MinTime":150,"MaxTime":%d,"LastMsgKey":%q}`, p.lastTime, p.lastKey)
	}
	if want := times[1:]; !equalInts(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
	// The older form of the request names the accounts From/To_Account.
	if p := hs.roam(`{"From_Account":"b","To_Account":"a","MaxCnt":100,"MinTime":0,"MaxTime":1000}`); len(p.times) != 7 || p.complete != 1 {
		t.Errorf("old form: %d messages, Complete %d", len(p.times), p.complete)
	}
	if p := hs.roam(`{"Operator_Account":"a","Peer_Account":"b","MaxCnt":10,"MinTime":700,"MaxTime":900}`); len(p.times) != 0 || p.complete != 1 {
		t.Errorf("empty window: %v, Complete %d", p.times, p.complete)
	}
}

func TestGetRoamMsgHidesSyncOtherMachine2FromSender(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.ok("openim/sendmsg", `{"From_Account":"a","To_Account":"b","SyncOtherMachine":2,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	q := jsonf(`{"Operator_Account":%%q,"Peer_Account":%%q,"MaxCnt":10,"MinTime":0,"MaxTime":%d}`, epoch.Unix())
	if p := hs.roam(jsonf(q, "a", "b")); len(p.times) != 0 {
		t.Errorf("sender sees %d messages, want 0", len(p.times))
	}
	if p := hs.roam(jsonf(q, "b", "a")); len(p.times) != 1 {
		t.Errorf("recipient sees %d messages, want 1", len(p.times))
	}
}

func TestGetRoamMsgPageSizeCap(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	text := strings.Repeat("y", 4000)
	for i := 0; i < 6; i++ {
		hs.ok("openim/importmsg", jsonf(`{"SyncFromOldSystem":2,"From_Account":"a","To_Account":"b","MsgSeq":%d,"MsgRandom":1,"MsgTimeStamp":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":%q}}]}`, i, 100+i, text))
	}
	p := hs.roam(`{"Operator_Account":"a","Peer_Account":"b","MaxCnt":100,"MinTime":0,"MaxTime":1000}`)
	if p.complete != 0 || len(p.times) == 0 || len(p.times) >= 6 {
		t.Errorf("a 13 KB page: %d items, Complete %d; want fewer than 6 and Complete 0", len(p.times), p.complete)
	}
}

func TestWithdraw(t *testing.T) {
	const path = "openim/admin_msgwithdraw"
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	key := hs.send("a", "b", "oops")
	if got := hs.unread("b", "a"); got != 1 {
		t.Fatalf("unread before recall = %d", got)
	}
	body := jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q}`, key)
	hs.ok(path, body)
	if got := hs.call(path, body).Code; got != codeMsgRecalled {
		t.Errorf("second recall: ErrorCode %d, want %d", got, codeMsgRecalled)
	}
	r := hs.ok("openim/admin_getroammsg", jsonf(`{"Operator_Account":"b","Peer_Account":"a","MaxCnt":10,"MinTime":0,"MaxTime":%d}`, epoch.Unix()))
	list := r.Body["MsgList"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["MsgFlagBits"].(float64) != 8 {
		t.Errorf("recalled message in history: %s", r.Raw)
	}
	if got := hs.unread("b", "a"); got != 0 {
		t.Errorf("unread after recall = %d, want 0", got)
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"unknown key", `{"From_Account":"a","To_Account":"b","MsgKey":"1_2_3"}`, codeMsgNotFound},
		{"malformed key", `{"From_Account":"a","To_Account":"b","MsgKey":"nope"}`, codeMsgKeyInvalid},
		{"wrong direction", jsonf(`{"From_Account":"b","To_Account":"a","MsgKey":%q}`, key), codeMsgNotFound},
		{"missing From_Account", `{"To_Account":"b","MsgKey":"1_2_3"}`, codeFromAccount},
		{"unknown To_Account", `{"From_Account":"a","To_Account":"ghost","MsgKey":"1_2_3"}`, codeToAccount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hs.call(path, tc.body).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
