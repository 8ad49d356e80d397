package emulator

import (
	"strings"
	"testing"
)

const extsvc = "openim_msg_ext_http_svc/"

func gmsgGroup(t *testing.T, hs *harness, typ string) string {
	t.Helper()
	hs.importAccounts("o", "a", "b")
	members := `,"MemberList":[{"Member_Account":"a"},{"Member_Account":"b"}]`
	if typ == typeAVChatRoom {
		members = ""
	}
	return hs.newGroup(`{"Owner_Account":"o","Type":"` + typ + `","Name":"g"` + members + `}`)
}

func TestModifyGroupMsg(t *testing.T) {
	hs := newHarness(t, Options{})
	id := gmsgGroup(t, hs, typePublic)
	hs.groupSend(id, "a", "one", `,"CloudCustomData":"before"`)
	hs.groupSend(id, "b", "two", "")
	hs.groupSend(id, "a", "three", "")
	hs.ok(gsvc+"group_msg_recall", jsonf(`{"GroupId":%q,"MsgSeqList":[{"MsgSeq":3}]}`, id))
	body := func(seq int, fields string) string { return jsonf(`{"GroupId":%q,"MsgSeq":%d%s}`, id, seq, fields) }
	newText := `,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"new"}}]`
	for _, c := range []struct {
		name, body string
		code       int
	}{
		{"unknown MsgSeq", body(9, newText), codeInvalidRequest},
		{"MsgSeq 0", body(0, newText), codeInvalidRequest},
		{"recalled", body(3, newText), codeInvalidRequest},
		{"nothing to modify", body(1, ""), codeInvalidRequest},
		{"MsgBody not an array", body(1, `,"MsgBody":{}`), codeMsgBodyNotArray},
		{"unknown group", jsonf(`{"GroupId":"@TGS#none","MsgSeq":1%s}`, newText), codeInvalidRequest},
		{"MsgSeq a string", jsonf(`{"GroupId":%q,"MsgSeq":"1"%s}`, id, newText), codeInvalidRequest},
		{"CloudCustomData only", body(2, `,"CloudCustomData":"custom"`), 0},
		{"MsgBody only", body(1, newText), 0},
	} {
		if r := hs.call("openim/modify_group_msg", c.body); r.Code != c.code {
			t.Errorf("%s: code %d, want %d (%s)", c.name, r.Code, c.code, r.Raw)
		}
	}
	texts, seqs, r := hs.groupHistory(jsonf(`{"GroupId":%q,"ReqMsgNumber":20,"WithRecalledMsg":1}`, id))
	if strings.Join(texts, ",") != "<recalled>,two,new" || len(seqs) != 3 || seqs[2] != 1 {
		t.Fatalf("history after modification: %v %v", texts, seqs)
	}
	list := r.Body["RspMsgList"].([]any)
	first, second := list[2].(map[string]any), list[1].(map[string]any)
	if first["CloudCustomData"] != "before" || first["From_Account"] != "a" || first["MsgRandom"] != 7.0 {
		t.Errorf("the modified message lost its other fields: %v", first)
	}
	if second["CloudCustomData"] != "custom" {
		t.Errorf("CloudCustomData not modified: %v", second)
	}

	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	hs.groupSend(av, "", "live", "")
	if r := hs.call("openim/modify_group_msg", jsonf(`{"GroupId":%q,"MsgSeq":1%s}`, av, newText)); r.Code != codeInvalidRequest {
		t.Errorf("AVChatRoom: code %d", r.Code)
	}
}

func TestDeleteGroupMsgBySender(t *testing.T) {
	hs := newHarness(t, Options{})
	id := gmsgGroup(t, hs, typePublic)
	for i, from := range []string{"a", "b", "a", ""} {
		hs.groupSend(id, from, "m"+string(rune('1'+i)), "")
	}
	del := func(id, sender string) reply {
		return hs.call(gsvc+"delete_group_msg_by_sender", jsonf(`{"GroupId":%q,"Sender_Account":%q}`, id, sender))
	}
	if r := del(id, "a"); r.Code != 0 {
		t.Fatalf("delete: %s", r.Raw)
	}
	if texts, _, _ := hs.groupHistory(jsonf(`{"GroupId":%q,"ReqMsgNumber":20}`, id)); strings.Join(texts, ",") != "m4,m2" {
		t.Errorf("history: %v", texts)
	}
	if texts, _, _ := hs.groupHistory(jsonf(`{"GroupId":%q,"ReqMsgNumber":20,"WithRecalledMsg":1}`, id)); strings.Join(texts, ",") != "m4,<recalled>,m2,<recalled>" {
		t.Errorf("history with recalled: %v", texts)
	}
	hs.groupSend(id, "a", "later", "")
	if texts, _, _ := hs.groupHistory(jsonf(`{"GroupId":%q,"ReqMsgNumber":1}`, id)); strings.Join(texts, ",") != "later" {
		t.Errorf("a message after the deletion: %v", texts)
	}
	if r := del("@TGS#none", "a"); r.Code != codeGrpNotFound {
		t.Errorf("unknown group: %s", r.Raw)
	}
	if r := hs.call(gsvc+"delete_group_msg_by_sender", jsonf(`{"GroupId":%q}`, id)); r.Code != codeGrpParam {
		t.Errorf("no Sender_Account: %s", r.Raw)
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	if r := del(av, "o"); r.Code != 0 {
		t.Errorf("AVChatRoom: %s", r.Raw)
	}
}

func TestGroupKeyValues(t *testing.T) {
	hs := newHarness(t, Options{})
	id := gmsgGroup(t, hs, typePublic)
	hs.groupSend(id, "a", "ext", `,"SupportMessageExtension":1`)
	hs.groupSend(id, "a", "plain", "")
	set := func(seq int, op int, list string) reply {
		return hs.call(extsvc+"group_set_key_values", jsonf(`{"GroupId":%q,"MsgSeq":%d,"OperateType":%d%s}`, id, seq, op, list))
	}
	get := func(seq, start int) reply {
		return hs.call(extsvc+"group_get_key_values", jsonf(`{"GroupId":%q,"MsgSeq":%d,"StartSeq":%d}`, id, seq, start))
	}
	if r := set(1, 1, `,"ExtensionList":[{"Key":"k1","Value":"v1","Seq":0},{"Key":"k2","Value":"v2","Seq":0}]`); r.Code != 0 {
		t.Fatalf("set: %s", r.Raw)
	}
	if r := set(1, 1, `,"ExtensionList":[{"Key":"k1","Value":"v1b","Seq":0}]`); r.Code != 0 { // the admin's stale Seq is not checked
		t.Fatalf("set again: %s", r.Raw)
	}
	r := get(1, 2)
	list := r.Body["ExtensionList"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["Value"] != "v1b" || r.Body["LatestSeq"] != 2.0 || r.Body["CompleteFlag"] != 1.0 {
		t.Errorf("get from Seq 2: %s", r.Raw)
	}
	set(1, 2, `,"ExtensionList":[{"Key":"k2","Value":""}]`)
	if r := get(1, 0); len(r.Body["ExtensionList"].([]any)) != 1 {
		t.Errorf("after delete: %s", r.Raw)
	}
	set(1, 3, "")
	if r := get(1, 0); len(r.Body["ExtensionList"].([]any)) != 0 || r.Body["ClearSeq"] != 4.0 {
		t.Errorf("after clear: %s", r.Raw)
	}
	for _, c := range []struct {
		name string
		r    reply
		code int
	}{
		{"not extensible", set(2, 1, `,"ExtensionList":[{"Key":"k","Value":"v"}]`), codeExtNotSupported},
		{"get not extensible", get(2, 0), codeExtNotSupported},
		{"no such message", set(9, 1, `,"ExtensionList":[{"Key":"k","Value":"v"}]`), codeExtNoMessage},
		{"get no such message", get(9, 0), codeExtNoMessage},
		{"no ExtensionList", set(1, 1, ""), codeExtParam},
		{"Key too long", set(1, 1, `,"ExtensionList":[{"Key":"`+strings.Repeat("k", 101)+`","Value":"v"}]`), codeExtParam},
		{"unknown group", hs.call(extsvc+"group_get_key_values", `{"GroupId":"@TGS#none","MsgSeq":1}`), codeExtNoMessage},
	} {
		if c.r.Code != c.code {
			t.Errorf("%s: code %d, want %d (%s)", c.name, c.r.Code, c.code, c.r.Raw)
		}
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	hs.groupSend(av, "", "live", `,"SupportMessageExtension":1`)
	if r := hs.call(extsvc+"group_get_key_values", jsonf(`{"GroupId":%q,"MsgSeq":1}`, av)); r.Code != codeExtParam {
		t.Errorf("AVChatRoom: %s", r.Raw)
	}
}

func TestGroupMsgChangeCallbacks(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	id := gmsgGroup(t, hs, typePublic)
	hs.ok(gsvc+"forbid_send_msg", jsonf(`{"GroupId":%q,"Members_Account":["a"],"MuteTime":600}`, id))
	if r := hs.groupSend(id, "a", "muted", `,"CloudCustomData":"cd"`); r.Code != codeGrpMuted {
		t.Fatalf("muted send: %s", r.Raw)
	}
	// An unknown group and a sender not a member fire nothing (doc.go):
	// the counts at the end hold the muted send's callback only.
	if r := hs.groupSend("@TGS#none", "a", "nowhere", ""); r.Code == 0 {
		t.Fatalf("send to an unknown group: %s", r.Raw)
	}
	hs.importAccounts("stranger")
	if r := hs.groupSend(id, "stranger", "outside", ""); r.Code != codeGrpNoPermission {
		t.Fatalf("send by a non-member: %s", r.Raw)
	}
	ex := rc.wait(t, "Group.CallbackSendMsgException", 1)[0]
	validCallback(t, ex)
	if ex.Body["GroupId"] != id || ex.Body["From_Account"] != "a" || ex.Body["ErrorCode"] != float64(codeGrpMuted) || ex.Body["Random"] != 7.0 {
		t.Errorf("SendMsgException body %s", ex.Raw)
	}
	hs.groupSend(id, "o", "receipt", `,"NeedReadReceipt":1`)
	hs.groupRead(id, "a", 1)
	hs.groupRead(id, "a", 1) // read again: no new reader, no callback
	rr := rc.wait(t, "Group.CallbackAfterReadReceipt", 1)[0]
	validCallback(t, rr)
	item := rr.Body["GroupMsgReceiptList"].([]any)[0].(map[string]any)
	readers := item["ReadReceiptMembers"].([]any)
	if rr.Body["GroupId"] != id || item["MsgSeq"] != 1.0 || item["ReadNum"] != 1.0 || item["UnreadNum"] != 1.0 ||
		len(readers) != 1 || readers[0].(map[string]any)["Member_Account"] != "a" {
		t.Errorf("AfterReadReceipt body %s", rr.Raw)
	}
	hs.h.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	counts := map[string]int{}
	for _, g := range rc.got {
		counts[g.Query.Get("CallbackCommand")]++
	}
	if counts["Group.CallbackSendMsgException"] != 1 || counts["Group.CallbackAfterReadReceipt"] != 1 {
		t.Errorf("callback counts %v", counts)
	}
}
