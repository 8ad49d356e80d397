package emulator

import (
	"strings"
	"testing"
	"time"
)

// groupSend sends a text from from ("" for the admin) and returns the
// answer.
func (hs *harness) groupSend(id, from, text, extra string) reply {
	hs.t.Helper()
	body := `{"GroupId":"` + id + `","Random":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + text + `"}}]` + extra
	if from != "" {
		body += `,"From_Account":"` + from + `"`
	}
	return hs.call(gsvc+"send_group_msg", body+"}")
}

// history returns the texts (or "<recalled>") and MsgSeqs of a history page.
func (hs *harness) groupHistory(body string) ([]string, []float64, reply) {
	hs.t.Helper()
	r := hs.ok(gsvc+"group_msg_get_simple", body)
	var texts []string
	var seqs []float64
	for _, it := range r.Body["RspMsgList"].([]any) {
		m := it.(map[string]any)
		seqs = append(seqs, m["MsgSeq"].(float64))
		if m["IsPlaceMsg"] == 2.0 {
			texts = append(texts, "<recalled>")
			continue
		}
		body := m["MsgBody"].([]any)
		texts = append(texts, body[0].(map[string]any)["MsgContent"].(map[string]any)["Text"].(string))
	}
	return texts, seqs, r
}

func TestGroupSendAndHistory(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a", "b")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MemberList":[{"Member_Account":"a"},{"Member_Account":"b"}]}`)
	for i, from := range []string{"", "a", "b", "a"} {
		r := hs.groupSend(id, from, "m"+string(rune('1'+i)), "")
		if r.Code != 0 || r.Body["MsgSeq"] != float64(i+1) || r.Body["MsgTime"] != float64(epoch.Unix()) {
			t.Fatalf("send %d: %s", i, r.Raw)
		}
	}
	if info := hs.groupInfo(id, ""); info["NextMsgSeq"] != 5.0 || info["LastMsgTime"] != float64(epoch.Unix()) {
		t.Errorf("info after 4 messages: %v", info)
	}
	texts, seqs, r := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":3}`)
	if strings.Join(texts, ",") != "m4,m3,m2" || seqs[0] != 4 || r.Body["IsFinished"] != 1.0 {
		t.Errorf("newest 3: %v %v %s", texts, seqs, r.Raw)
	}
	if texts, _, _ := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":3,"ReqMsgSeq":1}`); strings.Join(texts, ",") != "m1" {
		t.Errorf("page at seq 1: %v", texts)
	}
	if _, _, r := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":1}`); r.Body["RspMsgList"].([]any)[0].(map[string]any)["From_Account"] != "a" {
		t.Errorf("newest sender: %s", r.Raw)
	}
	// Recall: gone by default, a placeholder with WithRecalledMsg 1.
	r = hs.ok(gsvc+"group_msg_recall", `{"GroupId":"`+id+`","MsgSeqList":[{"MsgSeq":3},{"MsgSeq":9}]}`)
	codes := r.Body["RecallRetList"].([]any)
	if codes[0].(map[string]any)["RetCode"] != 0.0 || codes[1].(map[string]any)["RetCode"] != float64(codeGrpNoSuchMsg) {
		t.Errorf("recall results %s", r.Raw)
	}
	if texts, _, _ := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":20}`); strings.Join(texts, ",") != "m4,m2,m1" {
		t.Errorf("history after recall %v", texts)
	}
	if texts, _, _ := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":20,"WithRecalledMsg":1}`); strings.Join(texts, ",") != "m4,<recalled>,m2,m1" {
		t.Errorf("history with recalled %v", texts)
	}
	r = hs.ok(gsvc+"group_msg_recall", `{"GroupId":"`+id+`","MsgSeqList":[{"MsgSeq":3}]}`)
	if r.Body["RecallRetList"].([]any)[0].(map[string]any)["RetCode"] != float64(codeGrpNotRecalled) {
		t.Errorf("second recall %s", r.Raw)
	}
	// A new message after a recall takes a new MsgSeq.
	if r := hs.groupSend(id, "", "m5", ""); r.Body["MsgSeq"] != 5.0 {
		t.Errorf("seq after recall %s", r.Raw)
	}
	// Online-only messages are not stored.
	if r := hs.groupSend(id, "", "online", `,"OnlineOnlyFlag":1`); r.Code != 0 || r.Body["MsgSeq"] != 0.0 {
		t.Errorf("online only %s", r.Raw)
	}
	if info := hs.groupInfo(id, ""); info["NextMsgSeq"] != 6.0 {
		t.Errorf("NextMsgSeq after an online-only message %v", info["NextMsgSeq"])
	}
}

func TestGroupSendRefusals(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a", "b", "out")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MemberList":[{"Member_Account":"a"},{"Member_Account":"b","Role":"Admin"}]}`)
	hs.ok(gsvc+"forbid_send_msg", `{"GroupId":"`+id+`","Members_Account":["a"],"MuteTime":60}`)
	for _, tc := range []struct {
		from, extra string
		code        int
	}{
		{"a", "", codeGrpMuted},
		{"out", "", codeGrpNoPermission},
		{"ghost", "", codeGrpParam},
		{"", `,"MsgPriority":"Urgent"`, codeGrpParam},
		{"", `,"TopicId":"t"`, codeGrpParam},
		{"", `,"NeedReadReceipt":2`, codeGrpParam},
	} {
		if r := hs.groupSend(id, tc.from, "x", tc.extra); r.Code != tc.code {
			t.Errorf("send from %q %s: %d, want %d", tc.from, tc.extra, r.Code, tc.code)
		}
	}
	hs.advance(61 * time.Second)
	if r := hs.groupSend(id, "a", "x", ""); r.Code != 0 {
		t.Errorf("send after the mute ended: %d", r.Code)
	}
	hs.ok(gsvc+"modify_group_base_info", `{"GroupId":"`+id+`","MuteAllMember":"On"}`)
	if r := hs.groupSend(id, "a", "x", ""); r.Code != codeGrpMuted {
		t.Errorf("a member with MuteAllMember On: %d", r.Code)
	}
	for _, from := range []string{"o", "b", ""} {
		if r := hs.groupSend(id, from, "x", ""); r.Code != 0 {
			t.Errorf("%q with MuteAllMember On: %d", from, r.Code)
		}
	}
	if r := hs.call(gsvc+"send_group_msg", `{"GroupId":"`+id+`","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`); r.Code != codeGrpParam {
		t.Errorf("send without Random: %d", r.Code)
	}
	big := strings.Repeat("x", 13000)
	if r := hs.groupSend(id, "", big, ""); r.Code != codeGrpMsgTooLong {
		t.Errorf("send over 12 KB: %d", r.Code)
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	if r := hs.groupSend(av, "out", "x", ""); r.Code != 0 || r.Body["MsgSeq"] != 1.0 {
		t.Errorf("AVChatRoom send from any account: %s", r.Raw)
	}
	if r := hs.call(gsvc+"group_msg_get_simple", `{"GroupId":"`+av+`","ReqMsgNumber":1}`); r.Code != codeGrpNoPermission {
		t.Errorf("AVChatRoom history: %d", r.Code)
	}
	if r := hs.call(gsvc+"send_group_system_notification", `{"GroupId":"`+av+`","Content":"c","ToMembers_Account":["o"]}`); r.Code != codeGrpParam {
		t.Errorf("AVChatRoom notification to members: %d", r.Code)
	}
	hs.ok(gsvc+"send_group_system_notification", `{"GroupId":"`+av+`","Content":"c"}`)
	hs.ok(gsvc+"send_group_system_notification", `{"GroupId":"`+id+`","Content":"c","ToMembers_Account":["a"]}`)
}

func TestGroupUnreadAndImport(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a")
	created := epoch.Unix() - 100
	r := hs.ok(gsvc+"import_group", jsonf(`{"Owner_Account":"o","Type":"Public","Name":"g","CreateTime":%d}`, created))
	id := r.Body["GroupId"].(string)
	hs.ok(gsvc+"import_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":"a","JoinTime":%d}]}`, id, created+1))
	r = hs.ok(gsvc+"import_group_msg", jsonf(`{"GroupId":%q,"MsgList":[
		{"From_Account":"o","SendTime":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"i1"}}]},
		{"From_Account":"a","SendTime":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"i2"}}]},
		{"From_Account":"a","SendTime":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"late"}}]},
		{"From_Account":"o","SendTime":%d,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"i3"}}]}]}`,
		id, created+10, created+20, created+5, created+30))
	results := r.Body["ImportMsgResult"].([]any)
	want := []float64{0, 0, codeGrpParam, 0}
	for i, it := range results {
		if it.(map[string]any)["Result"] != want[i] {
			t.Errorf("import result %d: %v, want %v", i, it, want[i])
		}
	}
	if texts, _, _ := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":10}`); strings.Join(texts, ",") != "i3,i2,i1" {
		t.Errorf("imported history %v", texts)
	}
	readSeq := func(acc string) float64 {
		r := hs.ok(gsvc+"get_group_member_info", `{"GroupId":"`+id+`"}`)
		for _, it := range r.Body["MemberList"].([]any) {
			if m := it.(map[string]any); m["Member_Account"] == acc {
				return m["MsgSeq"].(float64)
			}
		}
		t.Fatalf("%s not listed", acc)
		return 0
	}
	if readSeq("a") != 3 {
		t.Errorf("after import every member has read everything: MsgSeq %v", readSeq("a"))
	}
	hs.ok(gsvc+"set_unread_msg_num", `{"GroupId":"`+id+`","Member_Account":"a","UnreadMsgNum":2}`)
	if readSeq("a") != 1 {
		t.Errorf("after 2 unread: MsgSeq %v", readSeq("a"))
	}
	hs.ok(gsvc+"set_unread_msg_num", `{"GroupId":"`+id+`","Member_Account":"a","UnreadMsgNum":50}`)
	if readSeq("a") != 0 {
		t.Errorf("after 50 unread (3 messages): MsgSeq %v", readSeq("a"))
	}
	if r := hs.call(gsvc+"set_unread_msg_num", `{"GroupId":"`+id+`","Member_Account":"ghost","UnreadMsgNum":1}`); r.Code != codeGrpNoPermission {
		t.Errorf("a non-member: %d", r.Code)
	}
	chat := hs.newGroup(`{"Owner_Account":"o","Type":"ChatRoom","Name":"c"}`)
	hs.ok(gsvc+"set_unread_msg_num", `{"GroupId":"`+chat+`","Member_Account":"o","UnreadMsgNum":1}`)
	hs.groupSend(id, "a", "live", "")
	if readSeq("a") != 4 {
		t.Errorf("a sender has read its own message: MsgSeq %v", readSeq("a"))
	}
}
