package emulator

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	batchPath  = "openim/batchsendmsg"
	modifyPath = "openim/modify_c2c_msg"
	setKVPath  = "openim_msg_ext_http_svc/set_key_values"
	getKVPath  = "openim_msg_ext_http_svc/get_key_values"
	textHi     = `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
)

// history returns op's messages with peer, oldest first, as admin_getroammsg
// lists them.
func (hs *harness) history(op, peer string) []map[string]any {
	hs.t.Helper()
	r := hs.ok("openim/admin_getroammsg", jsonf(`{"Operator_Account":%q,"Peer_Account":%q,"MaxCnt":100,"MinTime":0,"MaxTime":%d}`, op, peer, hs.clock().Unix()+3600))
	var out []map[string]any
	for _, m := range r.Body["MsgList"].([]any) {
		out = append(out, m.(map[string]any))
	}
	return out
}

// text returns the Text of a history item's first element.
func text(m map[string]any) string {
	body := m["MsgBody"].([]any)
	return body[0].(map[string]any)["MsgContent"].(map[string]any)["Text"].(string)
}

func batchBody(from string, to ...string) string {
	list, _ := json.Marshal(append([]string{}, to...))
	f := ""
	if from != "" {
		f = jsonf(`"From_Account":%q,`, from)
	}
	return jsonf(`{%s"To_Account":%s,"MsgSeq":7,"MsgRandom":9,"MsgBody":%s}`, f, list, textHi)
}

func TestBatchSendMsg(t *testing.T) {
	t.Run("every recipient gets the message, under one key", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1", "r2", "r3")
		r := hs.ok(batchPath, batchBody("s", "r1", "r2", "r3"))
		key, _ := r.Body["MsgKey"].(string)
		if key != msgKey(7, 9, epoch.Unix()) {
			t.Fatalf("MsgKey %q, want %q", key, msgKey(7, 9, epoch.Unix()))
		}
		if _, ok := r.Body["ErrorList"]; ok {
			t.Errorf("ErrorList present when every recipient got the message: %s", r.Raw)
		}
		assertSchema(t, batchPath, r.Raw)
		for _, to := range []string{"r1", "r2", "r3"} {
			h := hs.history(to, "s")
			if len(h) != 1 || h[0]["MsgKey"] != key || h[0]["From_Account"] != "s" || h[0]["To_Account"] != to || text(h[0]) != "hi" {
				t.Errorf("history of %s with s: %v", to, h)
			}
			if got := hs.unread(to, "s"); got != 1 {
				t.Errorf("unread of %s with s = %d, want 1", to, got)
			}
		}
		if h := hs.history("r1", "r2"); len(h) != 0 {
			t.Errorf("recipients share a conversation: %v", h)
		}
	})
	t.Run("unknown recipients are listed, the others still get it", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1", "r2")
		r := hs.ok(batchPath, batchBody("s", "r1", "nx1", "r2", "nx2", "nx1"))
		list, _ := r.Body["ErrorList"].([]any)
		var failed []string
		for _, e := range list {
			e := e.(map[string]any)
			if e["ErrorCode"].(float64) != codeAccountMissing {
				t.Errorf("ErrorList item %v, want ErrorCode 70107", e)
			}
			failed = append(failed, e["To_Account"].(string))
		}
		if strings.Join(failed, ",") != "nx1,nx2" {
			t.Errorf("ErrorList names %v, want nx1 and nx2 once each", failed)
		}
		assertSchema(t, batchPath, r.Raw)
		for _, to := range []string{"r1", "r2"} {
			if got := hs.unread(to, "s"); got != 1 {
				t.Errorf("unread of %s = %d, want 1", to, got)
			}
		}
	})
	t.Run("a recipient listed twice gets it once", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1")
		hs.ok(batchPath, batchBody("s", "r1", "r1"))
		if got := hs.unread("r1", "s"); got != 1 {
			t.Errorf("unread = %d, want 1", got)
		}
	})
	t.Run("the admin sends without From_Account", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("r1")
		hs.ok(batchPath, batchBody("", "r1"))
		if h := hs.history("r1", TestAdmin); len(h) != 1 || h[0]["From_Account"] != TestAdmin {
			t.Errorf("history with the admin: %v", h)
		}
	})
	t.Run("500 recipients are accepted, 501 are not", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1")
		to := []string{"r1"}
		for i := 1; i < 500; i++ {
			to = append(to, fmt.Sprintf("nx%d", i))
		}
		r := hs.ok(batchPath, batchBody("s", to...))
		if n := len(r.Body["ErrorList"].([]any)); n != 499 {
			t.Errorf("ErrorList holds %d, want 499", n)
		}
		if r := hs.call(batchPath, batchBody("s", append(to, "nx500")...)); r.Code != codeTooManyTo {
			t.Errorf("501 recipients: %d, want 90011", r.Code)
		}
		if got := hs.unread("r1", "s"); got != 1 {
			t.Errorf("unread of r1 = %d, want 1 (the refused batch delivers nothing)", got)
		}
	})
	t.Run("online only stores nothing", func(t *testing.T) {
		for _, extra := range []string{`"MsgLifeTime":0`, `"OnlineOnlyFlag":1`} {
			hs := newHarness(t, Options{})
			hs.importAccounts("s", "r1")
			hs.ok(batchPath, jsonf(`{"From_Account":"s","To_Account":["r1"],"MsgRandom":1,"MsgBody":%s,%s}`, textHi, extra))
			if h := hs.history("r1", "s"); len(h) != 0 || hs.unread("r1", "s") != 0 {
				t.Errorf("%s: stored %v", extra, h)
			}
		}
	})
	t.Run("the key recalls one recipient's copy", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1", "r2")
		key := hs.ok(batchPath, batchBody("s", "r1", "r2")).Body["MsgKey"].(string)
		hs.ok("openim/admin_msgwithdraw", jsonf(`{"From_Account":"s","To_Account":"r1","MsgKey":%q}`, key))
		if f := hs.history("r1", "s")[0]["MsgFlagBits"]; f != float64(recalledFlag) {
			t.Errorf("r1's copy has MsgFlagBits %v, want 8", f)
		}
		if f := hs.history("r2", "s")[0]["MsgFlagBits"]; f != float64(0) {
			t.Errorf("r2's copy has MsgFlagBits %v, want 0", f)
		}
	})
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"no recipient exists", batchBody("s", "nx1", "nx2"), codeToNotRegistered},
		{"empty To_Account", batchBody("s"), codeToNotRegistered},
		{"To_Account missing", jsonf(`{"MsgRandom":1,"MsgBody":%s}`, textHi), codeToAccount},
		{"To_Account a string", jsonf(`{"To_Account":"r1","MsgRandom":1,"MsgBody":%s}`, textHi), codeToAccount},
		{"To_Account holds a number", jsonf(`{"To_Account":[1],"MsgRandom":1,"MsgBody":%s}`, textHi), codeToAccount},
		{"unknown From_Account", batchBody("nx", "r1"), codeFromAccount},
		{"From_Account a number", jsonf(`{"From_Account":1,"To_Account":["r1"],"MsgRandom":1,"MsgBody":%s}`, textHi), codeFromAccount},
		{"MsgSeq a string", jsonf(`{"To_Account":["r1"],"MsgSeq":"1","MsgRandom":1,"MsgBody":%s}`, textHi), codeBadMsgSeq},
		{"MsgRandom missing", jsonf(`{"To_Account":["r1"],"MsgBody":%s}`, textHi), codeMsgRandom},
		{"MsgBody an object", `{"To_Account":["r1"],"MsgRandom":1,"MsgBody":{}}`, codeMsgBodyNotArray},
		{"MsgLifeTime a string", jsonf(`{"To_Account":["r1"],"MsgRandom":1,"MsgBody":%s,"MsgLifeTime":"0"}`, textHi), codeMsgFormat},
		{"SyncOtherMachine 3", jsonf(`{"To_Account":["r1"],"MsgRandom":1,"MsgBody":%s,"SyncOtherMachine":3}`, textHi), codeMsgFormat},
		{"OnlineOnlyFlag 2", jsonf(`{"To_Account":["r1"],"MsgRandom":1,"MsgBody":%s,"OnlineOnlyFlag":2}`, textHi), codeMsgFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("s", "r1")
			r := hs.call(batchPath, tc.body)
			if r.Code != tc.want {
				t.Errorf("%s: %d, want %d", tc.body, r.Code, tc.want)
			}
			assertSchema(t, batchPath, r.Raw)
			if got := hs.totalUnread("r1"); got != 0 {
				t.Errorf("a refused batch delivered %d", got)
			}
		})
	}
}

func TestModifyMsg(t *testing.T) {
	const (
		newBody = `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"edited"}}]`
	)
	for _, tc := range []struct {
		name, fields     string
		text, custom     string
		customWasChanged bool
	}{
		{"MsgBody only", `"MsgBody":` + newBody, "edited", "old", false},
		{"CloudCustomData only", `"CloudCustomData":"new"`, "hi", "new", true},
		{"both", `"MsgBody":` + newBody + `,"CloudCustomData":"new"`, "edited", "new", true},
		{"neither", ``, "hi", "old", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b")
			key := hs.ok("openim/sendmsg", jsonf(`{"From_Account":"a","To_Account":"b","MsgSeq":3,"MsgRandom":4,"MsgBody":%s,"CloudCustomData":"old"}`, textHi)).Body["MsgKey"].(string)
			hs.advance(time.Second)
			other := hs.send("a", "b", "other")
			body := jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q`, key)
			if tc.fields != "" {
				body += "," + tc.fields
			}
			assertSchema(t, modifyPath, hs.ok(modifyPath, body+"}").Raw)
			for _, side := range [][2]string{{"a", "b"}, {"b", "a"}} {
				h := hs.history(side[0], side[1])
				if len(h) != 2 {
					t.Fatalf("history of %s: %v", side[0], h)
				}
				m := h[0]
				if m["MsgKey"] != key || m["MsgSeq"] != float64(3) || m["MsgTimeStamp"] != float64(epoch.Unix()) || m["MsgFlagBits"] != float64(0) {
					t.Errorf("%s sees the modified message moved or renamed: %v", side[0], m)
				}
				if text(m) != tc.text || m["CloudCustomData"] != tc.custom {
					t.Errorf("%s sees text %q custom %v, want %q %q", side[0], text(m), m["CloudCustomData"], tc.text, tc.custom)
				}
				if h[1]["MsgKey"] != other || text(h[1]) != "other" {
					t.Errorf("the other message changed: %v", h[1])
				}
			}
			if got := hs.unread("b", "a"); got != 2 {
				t.Errorf("unread = %d, want 2", got)
			}
		})
	}
	t.Run("a batch copy is modified alone", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("s", "r1", "r2")
		key := hs.ok(batchPath, batchBody("s", "r1", "r2")).Body["MsgKey"].(string)
		hs.ok(modifyPath, jsonf(`{"From_Account":"s","To_Account":"r1","MsgKey":%q,"MsgBody":%s}`, key, newBody))
		if got := text(hs.history("r1", "s")[0]); got != "edited" {
			t.Errorf("r1 sees %q", got)
		}
		if got := text(hs.history("r2", "s")[0]); got != "hi" {
			t.Errorf("r2 sees %q", got)
		}
	})
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"unknown MsgKey", `{"From_Account":"a","To_Account":"b","MsgKey":"1_2_3","MsgBody":` + newBody + `}`, codeMsgNotFound},
		{"the other direction", `{"From_Account":"b","To_Account":"a","MsgKey":"$key","MsgBody":` + newBody + `}`, codeMsgNotFound},
		{"recalled", `{"From_Account":"a","To_Account":"b","MsgKey":"$recalled","MsgBody":` + newBody + `}`, codeMsgRecalled},
		{"malformed MsgKey", `{"From_Account":"a","To_Account":"b","MsgKey":"abc","MsgBody":` + newBody + `}`, codeInvalidRequest},
		{"MsgKey missing", `{"From_Account":"a","To_Account":"b","MsgBody":` + newBody + `}`, codeInvalidRequest},
		{"From_Account missing", `{"To_Account":"b","MsgKey":"$key","MsgBody":` + newBody + `}`, codeSenderInvalid},
		{"From_Account unknown", `{"From_Account":"nx","To_Account":"b","MsgKey":"$key","MsgBody":` + newBody + `}`, codeSenderInvalid},
		{"To_Account a number", `{"From_Account":"a","To_Account":1,"MsgKey":"$key","MsgBody":` + newBody + `}`, codeToAccount},
		{"To_Account unknown", `{"From_Account":"a","To_Account":"nx","MsgKey":"$key","MsgBody":` + newBody + `}`, codeToNotRegistered},
		{"MsgBody an object", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","MsgBody":{}}`, codeMsgBodyNotArray},
		{"MsgBody with a bad element", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","MsgBody":[{"MsgType":"x"}]}`, codeMsgBodyFormat},
		{"CloudCustomData a number", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","CloudCustomData":1}`, codeMsgFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b")
			key := hs.send("a", "b", "hi")
			hs.advance(time.Second)
			recalled := hs.send("a", "b", "hi")
			hs.ok("openim/admin_msgwithdraw", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q}`, recalled))
			body := strings.NewReplacer("$key", key, "$recalled", recalled).Replace(tc.body)
			r := hs.call(modifyPath, body)
			if r.Code != tc.want {
				t.Errorf("%s: %d, want %d", body, r.Code, tc.want)
			}
			assertSchema(t, modifyPath, r.Raw)
			for _, m := range hs.history("b", "a") {
				if text(m) != "hi" {
					t.Errorf("a refused modification changed %v", m)
				}
			}
		})
	}
}

// ext is a harness with accounts a and b and a message from a to b sent
// with SupportMessageExtension 1.
func extHarness(t *testing.T) (*harness, string) {
	t.Helper()
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	r := hs.ok("openim/sendmsg", jsonf(`{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":%s,"SupportMessageExtension":1}`, textHi))
	return hs, r.Body["MsgKey"].(string)
}

type kv struct {
	Key, Value string
	Seq        int64
}

type setResult struct {
	ExtensionList []struct {
		ErrorCode int
		Extension kv
	}
}

type getResult struct {
	ExtensionList []kv
	CompleteFlag  int
	LatestSeq     int64
	ClearSeq      int64
}

func decode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func (hs *harness) setKV(key string, op int, items ...kv) setResult {
	hs.t.Helper()
	list, _ := json.Marshal(items)
	body := jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q,"OperateType":%d,"ExtensionList":%s}`, key, op, list)
	r := hs.ok(setKVPath, body)
	assertSchema(hs.t.(*testing.T), setKVPath, r.Raw)
	return decode[setResult](hs.t.(*testing.T), r)
}

func (hs *harness) getKV(key string, start int64) getResult {
	hs.t.Helper()
	r := hs.ok(getKVPath, jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q,"StartSeq":%d}`, key, start))
	assertSchema(hs.t.(*testing.T), getKVPath, r.Raw)
	return decode[getResult](hs.t.(*testing.T), r)
}

func pairs(n int, prefix string) []kv {
	out := make([]kv, n)
	for i := range out {
		out[i] = kv{Key: fmt.Sprintf("%s%03d", prefix, i), Value: "v"}
	}
	return out
}

func TestExtensions(t *testing.T) {
	t.Run("set, update, delete and clear, seen by get", func(t *testing.T) {
		hs, key := extHarness(t)
		res := hs.setKV(key, 1, kv{"k1", "v1", 0}, kv{"k2", "v2", 0}, kv{"k3", "v3", 0})
		for _, it := range res.ExtensionList {
			if it.ErrorCode != 0 || it.Extension.Seq != 1 {
				t.Errorf("first set: %+v", it)
			}
		}
		hs.setKV(key, 1, kv{"k3", "v3b", 0}) // a stale Seq: admins are not checked
		got := hs.getKV(key, 0)
		want := []kv{{"k1", "v1", 1}, {"k2", "v2", 1}, {"k3", "v3b", 2}}
		if fmt.Sprint(got.ExtensionList) != fmt.Sprint(want) || got.LatestSeq != 2 || got.CompleteFlag != 1 || got.ClearSeq != 0 {
			t.Errorf("get: %+v, want pairs %v, LatestSeq 2", got, want)
		}
		if got := hs.getKV(key, 2).ExtensionList; fmt.Sprint(got) != fmt.Sprint(want[2:]) {
			t.Errorf("StartSeq 2: %v", got)
		}
		hs.setKV(key, 2, kv{Key: "k1"}, kv{Key: "never-set"})
		if got := hs.getKV(key, 0).ExtensionList; fmt.Sprint(got) != fmt.Sprint(want[1:]) {
			t.Errorf("after delete: %v", got)
		}
		hs.ok(setKVPath, jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q,"OperateType":3}`, key))
		got = hs.getKV(key, 0)
		if len(got.ExtensionList) != 0 || got.ClearSeq != 4 || got.LatestSeq != 4 {
			t.Errorf("after clear: %+v", got)
		}
		if res := hs.setKV(key, 1, kv{"k1", "again", 0}); res.ExtensionList[0].Extension.Seq != 5 {
			t.Errorf("set after clear: %+v", res)
		}
	})
	t.Run("From_Account absent names the admin's messages", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("b")
		key := hs.ok("openim/sendmsg", jsonf(`{"To_Account":"b","MsgRandom":1,"MsgBody":%s,"SupportMessageExtension":1}`, textHi)).Body["MsgKey"].(string)
		hs.ok(setKVPath, jsonf(`{"To_Account":"b","MsgKey":%q,"OperateType":1,"ExtensionList":[{"Key":"k","Value":"v"}]}`, key))
		r := hs.ok(getKVPath, jsonf(`{"To_Account":"b","MsgKey":%q}`, key))
		if list := r.Body["ExtensionList"].([]any); len(list) != 1 {
			t.Errorf("get: %s", r.Raw)
		}
	})
	t.Run("pages of at most 200 that keep one Seq together", func(t *testing.T) {
		hs, key := extHarness(t)
		hs.setKV(key, 1, pairs(10, "a")...)
		for i := 0; i < 14; i++ {
			hs.setKV(key, 1, pairs(20, fmt.Sprintf("b%02d", i))...)
		}
		first := hs.getKV(key, 0)
		if len(first.ExtensionList) != 190 || first.CompleteFlag != 0 || first.LatestSeq != 15 {
			t.Fatalf("first page: %d pairs, CompleteFlag %d, LatestSeq %d", len(first.ExtensionList), first.CompleteFlag, first.LatestSeq)
		}
		last := first.ExtensionList[len(first.ExtensionList)-1].Seq
		second := hs.getKV(key, last+1)
		if len(second.ExtensionList) != 100 || second.CompleteFlag != 1 || second.ExtensionList[0].Seq != last+1 {
			t.Errorf("second page: %d pairs, CompleteFlag %d", len(second.ExtensionList), second.CompleteFlag)
		}
		// 290 pairs: 10 more fit, 11 do not.
		if r := hs.call(setKVPath, jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q,"OperateType":1,"ExtensionList":%s}`, key, mustMarshal(pairs(11, "c")))); r.Code != codeExtParam {
			t.Errorf("301 pairs: %d, want 10004", r.Code)
		}
		hs.setKV(key, 1, pairs(10, "c")...)
		hs.setKV(key, 1, kv{"c000", "updated", 0}) // an update adds no pair
	})
	t.Run("200 writes a minute on one message", func(t *testing.T) {
		hs, key := extHarness(t)
		for i := 0; i < maxExtWritesPerMin; i++ {
			hs.setKV(key, 1, kv{"k", fmt.Sprint(i), 0})
			hs.advance(100 * time.Millisecond)
		}
		body := jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":%q,"OperateType":1,"ExtensionList":[{"Key":"k","Value":"late"}]}`, key)
		if r := hs.call(setKVPath, body); r.Code != codeExtTooManyWrites {
			t.Errorf("201st write: %d, want 23003", r.Code)
		}
		if got := hs.getKV(key, 0).ExtensionList; got[0].Value != "199" {
			t.Errorf("the refused write was stored: %v", got)
		}
		hs.advance(41 * time.Second) // the first write is now over a minute old
		hs.ok(setKVPath, body)
	})
	t.Run("conversation members must pass the stored Seq", func(t *testing.T) {
		e := &extensions{pairs: map[string]*extPair{}}
		if res, _ := e.apply(1, []extItem{{key: "k", value: "v", hasSeq: true}}, true); res[0].ErrorCode != 0 {
			t.Fatalf("first set with Seq 0: %+v", res)
		}
		res, _ := e.apply(1, []extItem{{key: "k", value: "w", hasSeq: true, seq: 0}, {key: "n", value: "x", hasSeq: true}}, true)
		if res[0].ErrorCode != codeExtSeqConflict || res[0].Extension.Value != "v" || res[1].ErrorCode != 0 {
			t.Errorf("stale Seq: %+v", res)
		}
		if res, _ := e.apply(1, []extItem{{key: "k", value: "w", hasSeq: true, seq: 1}}, true); res[0].ErrorCode != 0 || e.pairs["k"].Value != "w" {
			t.Errorf("current Seq: %+v", res)
		}
	})
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"20 pairs", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":%s}`, mustMarshal(pairs(20, "k"))), 0},
		{"21 pairs", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":%s}`, mustMarshal(pairs(21, "k"))), codeExtParam},
		{"Key of 100 bytes", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":%q,"Value":"v"}]}`, long(100)), 0},
		{"Key of 101 bytes", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":%q,"Value":"v"}]}`, long(101)), codeExtParam},
		{"Value of 1000 bytes", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":"k","Value":%q}]}`, long(1000)), 0},
		{"Value of 1001 bytes", jsonf(`{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":"k","Value":%q}]}`, long(1001)), codeExtParam},
		{"empty Key", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":"","Value":"v"}]}`, codeExtParam},
		{"Value missing to set", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":"k"}]}`, codeExtParam},
		{"Seq negative", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[{"Key":"k","Value":"v","Seq":-1}]}`, codeExtParam},
		{"no ExtensionList", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":2}`, codeExtParam},
		{"empty ExtensionList", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":1,"ExtensionList":[]}`, codeExtParam},
		{"OperateType 4", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","OperateType":4}`, codeExtParam},
		{"OperateType missing", `{"From_Account":"a","To_Account":"b","MsgKey":"$key"}`, codeExtParam},
		{"To_Account missing", `{"From_Account":"a","MsgKey":"$key","OperateType":3}`, codeExtParam},
		{"From_Account a number", `{"From_Account":1,"To_Account":"b","MsgKey":"$key","OperateType":3}`, codeExtParam},
		{"MsgKey malformed", `{"From_Account":"a","To_Account":"b","MsgKey":"k","OperateType":3}`, codeExtParam},
		{"unknown message", `{"From_Account":"a","To_Account":"b","MsgKey":"1_2_3","OperateType":3}`, codeExtNoMessage},
		{"unknown accounts", `{"From_Account":"nx","To_Account":"ny","MsgKey":"$key","OperateType":3}`, codeExtNoMessage},
		{"the other direction", `{"From_Account":"b","To_Account":"a","MsgKey":"$key","OperateType":3}`, codeExtNoMessage},
		{"sent without extensions", `{"From_Account":"a","To_Account":"b","MsgKey":"$plain","OperateType":1,"ExtensionList":[{"Key":"k","Value":"v"}]}`, codeExtNotSupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs, key := extHarness(t)
			plain := hs.send("a", "b", "plain")
			body := strings.NewReplacer("$key", key, "$plain", plain).Replace(tc.body)
			r := hs.call(setKVPath, body)
			if r.Code != tc.want {
				t.Errorf("%.200s: %d, want %d", body, r.Code, tc.want)
			}
			assertSchema(t, setKVPath, r.Raw)
			if n := len(hs.getKV(key, 0).ExtensionList); tc.want != 0 && n != 0 {
				t.Errorf("a refused set stored %d pairs", n)
			}
		})
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"StartSeq a string", `{"From_Account":"a","To_Account":"b","MsgKey":"$key","StartSeq":"1"}`, codeExtParam},
		{"MsgKey missing", `{"From_Account":"a","To_Account":"b"}`, codeExtParam},
		{"unknown message", `{"From_Account":"a","To_Account":"b","MsgKey":"1_2_3"}`, codeExtNoMessage},
		{"sent without extensions", `{"From_Account":"a","To_Account":"b","MsgKey":"$plain"}`, codeExtNotSupported},
	} {
		t.Run("get "+tc.name, func(t *testing.T) {
			hs, key := extHarness(t)
			plain := hs.send("a", "b", "plain")
			r := hs.call(getKVPath, strings.NewReplacer("$key", key, "$plain", plain).Replace(tc.body))
			if r.Code != tc.want {
				t.Errorf("%s: %d, want %d", tc.body, r.Code, tc.want)
			}
			assertSchema(t, getKVPath, r.Raw)
		})
	}
	t.Run("SupportMessageExtension must be 0 or 1", func(t *testing.T) {
		hs := newHarness(t, Options{})
		hs.importAccounts("a", "b")
		for _, v := range []string{`"1"`, `2`} {
			r := hs.call("openim/sendmsg", jsonf(`{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":%s,"SupportMessageExtension":%s}`, textHi, v))
			if r.Code != codeMsgFormat {
				t.Errorf("SupportMessageExtension %s: %d, want 90010", v, r.Code)
			}
		}
	})
	t.Run("the service's envelope codes", func(t *testing.T) {
		hs := newHarness(t, Options{})
		if r := hs.call(getKVPath, `{"To_Account":`); r.Code != codeBodyNotJSON {
			t.Errorf("malformed JSON: %d, want 60003", r.Code)
		}
	})
}

func mustMarshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
