package emulator

import (
	"strings"
	"testing"
)

func TestGroupAfterCallbacks(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o", "a", "b")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MemberList":[{"Member_Account":"a"}]}`)
	hs.ok(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"b"},{"Member_Account":"a"}]}`)
	hs.ok(gsvc+"delete_group_member", `{"GroupId":"`+id+`","MemberToDel_Account":["a"]}`)
	hs.ok(gsvc+"modify_group_base_info", `{"GroupId":"`+id+`","Name":"new","MuteAllMember":"On"}`)
	hs.ok(gsvc+"modify_group_base_info", `{"GroupId":"`+id+`","MuteAllMember":"Off"}`) // fires nothing
	hs.ok(gsvc+"change_group_owner", `{"GroupId":"`+id+`","NewOwner_Account":"b"}`)
	r := hs.groupSend(id, "b", "hello", "")
	hs.groupSend(id, "b", "quiet", `,"ForbidCallbackControl":["ForbidBeforeSendMsgCallback","ForbidAfterSendMsgCallback"]`)
	hs.ok(gsvc+"group_msg_recall", `{"GroupId":"`+id+`","MsgSeqList":[{"MsgSeq":1},{"MsgSeq":7}]}`)
	hs.ok(gsvc+"destroy_group", `{"GroupId":"`+id+`"}`)
	hs.ok(gsvc+"import_group", `{"Type":"Public","Name":"silent"}`) // fires nothing

	checks := []struct {
		cmd   string
		check func(b map[string]any) bool
	}{
		{"Group.CallbackBeforeCreateGroup", func(b map[string]any) bool { return b["Owner_Account"] == "o" && b["Name"] == "g" }},
		{"Group.CallbackAfterCreateGroup", func(b map[string]any) bool {
			list := b["MemberList"].([]any)
			return b["GroupId"] == id && len(list) == 1 && list[0].(map[string]any)["Member_Account"] == "a"
		}},
		{"Group.CallbackAfterNewMemberJoin", func(b map[string]any) bool {
			list := b["NewMemberList"].([]any)
			return b["JoinType"] == "Invited" && len(list) == 1 && list[0].(map[string]any)["Member_Account"] == "b"
		}},
		{"Group.CallbackAfterMemberExit", func(b map[string]any) bool { return b["ExitType"] == "Kicked" }},
		{"Group.CallbackAfterGroupInfoChanged", func(b map[string]any) bool { return b["Name"] == "new" && b["MuteAllMember"] == nil }},
		{"Group.CallbackAfterChangeGroupOwner", func(b map[string]any) bool {
			return b["OldOwner_Account"] == "o" && b["NewOwner_Account"] == "b"
		}},
		{"Group.CallbackBeforeSendMsg", func(b map[string]any) bool { return b["From_Account"] == "b" }},
		{"Group.CallbackAfterSendMsg", func(b map[string]any) bool { return b["MsgSeq"] == r.Body["MsgSeq"] }},
		{"Group.CallbackAfterRecallMsg", func(b map[string]any) bool { return len(b["MsgSeqList"].([]any)) == 1 }},
		{"Group.CallbackAfterGroupDestroyed", func(b map[string]any) bool { return b["Owner_Account"] == "b" && len(b["MemberList"].([]any)) == 2 }},
	}
	for _, c := range checks {
		got := rc.wait(t, c.cmd, 1)
		validCallback(t, got[0])
		if !c.check(got[0].Body) {
			t.Errorf("%s body %s", c.cmd, got[0].Raw)
		}
	}
	hs.h.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	counts := map[string]int{}
	for _, g := range rc.got {
		counts[g.Query.Get("CallbackCommand")]++
	}
	for cmd, want := range map[string]int{"Group.CallbackAfterGroupInfoChanged": 1, "Group.CallbackAfterSendMsg": 1, "Group.CallbackBeforeSendMsg": 1, "Group.CallbackAfterCreateGroup": 1} {
		if counts[cmd] != want {
			t.Errorf("%d %s, want %d", counts[cmd], cmd, want)
		}
	}
}

func TestGroupBeforeCallbacks(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = func(cmd string, body map[string]any) string {
		name, _ := body["Name"].(string)
		text := ""
		if mb, ok := body["MsgBody"].([]any); ok {
			text, _ = mb[0].(map[string]any)["MsgContent"].(map[string]any)["Text"].(string)
		}
		switch {
		case name == "refused" || text == "refused":
			return `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}`
		case name == "custom":
			return `{"ActionStatus":"OK","ErrorCode":10123,"ErrorInfo":"not today"}`
		case text == "dropped":
			return `{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""}`
		case text == "replace":
			return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"replaced"}}]}`
		}
		return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	}
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o")
	if r := hs.call(gsvc+"create_group", `{"Owner_Account":"o","Type":"Public","Name":"refused","GroupId":"nope"}`); r.Code != codeGrpHookRefused {
		t.Errorf("refused create: %d", r.Code)
	}
	if r := hs.call(gsvc+"create_group", `{"Owner_Account":"o","Type":"Public","Name":"custom"}`); r.Code != 10123 || r.Body["ErrorInfo"] != "not today" {
		t.Errorf("custom refusal: %s", r.Raw)
	}
	if f := hs.groupInfo("nope", ""); f["ErrorCode"] != float64(codeGrpNotFound) {
		t.Errorf("the refused group exists: %v", f)
	}
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g"}`)
	if r := hs.groupSend(id, "o", "refused", ""); r.Code != codeGrpHookRefused {
		t.Errorf("refused send: %d", r.Code)
	}
	if r := hs.groupSend(id, "o", "dropped", ""); r.Code != 0 || r.Body["MsgSeq"] != 0.0 {
		t.Errorf("dropped send: %s", r.Raw)
	}
	hs.groupSend(id, "o", "replace", "")
	texts, _, _ := hs.groupHistory(`{"GroupId":"` + id + `","ReqMsgNumber":10}`)
	if strings.Join(texts, ",") != "replaced" {
		t.Errorf("history %v, want only the replaced message", texts)
	}
}
