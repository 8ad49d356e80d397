package emulator

import (
	"strings"
	"testing"
)

const msvc = "million_group_open_http_svc/"

// topicCommunity makes a topic-enabled community owned by o.
func (hs *harness) topicCommunity() string {
	hs.t.Helper()
	return hs.newGroup(`{"Owner_Account":"o","Type":"Community","Name":"c","SupportTopic":1}`)
}

// topicItems returns get_topic's items for the body.
func (hs *harness) topicItems(body string) []map[string]any {
	hs.t.Helper()
	r := hs.ok(msvc+"get_topic", body)
	var out []map[string]any
	for _, it := range r.Body["TopicAndSelfInfo"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestTopicLifecycle(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a")
	g := hs.topicCommunity()
	gen := hs.ok(msvc+"create_topic", `{"GroupId":"`+g+`","TopicName":"one","Introduction":"intro","CustomString":"x"}`).Body["TopicId"].(string)
	if !strings.HasPrefix(gen, g+"@TOPIC#_@TOPIC#c") || len(gen) != len(g)+len("@TOPIC#_@TOPIC#c")+11 {
		t.Errorf("generated TopicId %q", gen)
	}
	custom := g + "@TOPIC#_mine"
	if id := hs.ok(msvc+"create_topic", `{"GroupId":"`+g+`","TopicId":"`+custom+`","TopicName":"two"}`).Body["TopicId"]; id != custom {
		t.Errorf("custom TopicId answered %v", id)
	}
	imported := hs.ok(gsvc+"import_topic", `{"GroupId":"`+g+`","TopicName":"old","CreateTime":1448357837}`).Body["TopicId"].(string)

	items := hs.topicItems(`{"GroupId":"` + g + `","From_Account":"o"}`)
	if len(items) != 3 {
		t.Fatalf("get_topic listed %d topics, want 3", len(items))
	}
	first := items[0]["TopicInfo"].(map[string]any)
	if first["TopicId"] != gen || first["TopicName"] != "one" || first["Introduction"] != "intro" || first["CustomString"] != "x" ||
		first["MuteAllMember"] != "Off" || first["NextMsgSeq"] != 1.0 || first["GroupID"] != g {
		t.Errorf("first topic %v", first)
	}
	if ct := items[2]["TopicInfo"].(map[string]any)["CreateTime"]; ct != 1448357837.0 || items[2]["TopicInfo"].(map[string]any)["TopicId"] != imported {
		t.Errorf("imported topic %v", items[2])
	}

	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+custom+`","TopicName":"renamed","MuteAllMember":"On"}`)
	filtered := hs.topicItems(`{"GroupId":"` + g + `","From_Account":"o","TopicIdList":["` + custom + `","` + g + `@TOPIC#_none"],"ResponseFilter":["TopicName","MuteAllMember"]}`)
	info := filtered[0]["TopicInfo"].(map[string]any)
	if info["TopicName"] != "renamed" || info["MuteAllMember"] != "On" || info["Introduction"] != nil || len(info) != 4 {
		t.Errorf("filtered topic %v", info)
	}
	if filtered[1]["ErrorCode"] != float64(codeTopicGone) {
		t.Errorf("missing topic item %v", filtered[1])
	}

	r := hs.ok(msvc+"destroy_topic", `{"GroupId":"`+g+`","TopicIdList":["`+gen+`","`+gen+`"]}`)
	res := r.Body["DestroyResultItem"].([]any)
	if res[0].(map[string]any)["ErrorCode"] != 0.0 || res[1].(map[string]any)["ErrorCode"] != float64(codeTopicGone) {
		t.Errorf("destroy results %s", r.Raw)
	}
	if n := len(hs.topicItems(`{"GroupId":"` + g + `","From_Account":"o"}`)); n != 2 {
		t.Errorf("%d topics after destroy, want 2", n)
	}
}

func TestTopicRefusals(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o")
	g := hs.topicCommunity()
	plain := hs.newGroup(`{"Owner_Account":"o","Type":"Community","Name":"c"}`)
	public := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"p"}`)
	hs.ok(msvc+"create_topic", `{"GroupId":"`+g+`","TopicId":"`+g+`@TOPIC#_t","TopicName":"t"}`)
	long := strings.Repeat("n", 31)
	for _, c := range []struct {
		path, body string
		code       int
	}{
		{msvc + "create_topic", `{"GroupId":"` + plain + `","TopicName":"t"}`, codeTopicNotEnabled},
		{msvc + "create_topic", `{"GroupId":"` + public + `","TopicName":"t"}`, codeTopicNotEnabled},
		{msvc + "create_topic", `{"GroupId":"@TGS#_nope","TopicName":"t"}`, codeGrpNotFound},
		{msvc + "create_topic", `{"GroupId":"` + g + `","TopicName":"` + long + `"}`, codeGrpParam},
		{msvc + "create_topic", `{"GroupId":"` + g + `","TopicName":""}`, codeGrpParam},
		{msvc + "create_topic", `{"GroupId":"` + g + `","TopicId":"` + plain + `@TOPIC#_x","TopicName":"t"}`, codeGrpParam},
		{msvc + "create_topic", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_","TopicName":"t"}`, codeGrpParam},
		{msvc + "create_topic", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_t","TopicName":"t"}`, codeTopicIDUsed},
		{gsvc + "import_topic", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_t","TopicName":"t"}`, codeGrpIDTaken},
		{gsvc + "import_topic", `{"GroupId":"` + g + `","TopicName":"t","CreateTime":99999999999}`, codeGrpParam},
		{gsvc + "import_topic", `{"GroupId":"` + plain + `","TopicName":"t"}`, codeTopicNotEnabled},
		{msvc + "modify_topic", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_none","TopicName":"x"}`, codeGrpNotFound},
		{msvc + "modify_topic", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_t","MuteAllMember":"Yes"}`, codeGrpParam},
		{msvc + "get_topic", `{"GroupId":"` + public + `","From_Account":"o"}`, codeTopicNotEnabled},
		{msvc + "destroy_topic", `{"GroupId":"` + plain + `","TopicIdList":["x"]}`, codeTopicNotEnabled},
		{gsvc + "send_group_msg", `{"GroupId":"` + g + `","TopicId":"` + g + `@TOPIC#_none","Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeGrpNotFound},
		{gsvc + "send_group_msg", `{"GroupId":"` + public + `","TopicId":"x","Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`, codeGrpParam},
	} {
		if r := hs.call(c.path, c.body); r.Code != c.code {
			t.Errorf("%s %s: %d, want %d", c.path, c.body, r.Code, c.code)
		}
	}
	if n := len(hs.topicItems(`{"GroupId":"` + g + `","From_Account":"o"}`)); n != 1 {
		t.Errorf("%d topics after the refusals, want 1", n)
	}
}

func TestTopicMessages(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a")
	g := hs.topicCommunity()
	hs.ok(gsvc+"add_group_member", `{"GroupId":"`+g+`","MemberList":[{"Member_Account":"a"}]}`)
	tid := g + "@TOPIC#_chat"
	hs.ok(msvc+"create_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","TopicName":"chat"}`)
	hs.groupSend(g, "a", "group", "")
	if r := hs.groupSend(g, "a", "topic", `,"TopicId":"`+tid+`"`); r.Code != 0 || r.Body["MsgSeq"] != 1.0 {
		t.Fatalf("topic send %s", r.Raw)
	}
	texts, _, _ := hs.groupHistory(`{"GroupId":"` + g + `","ReqMsgNumber":10,"TopicId":"` + tid + `"}`)
	if strings.Join(texts, ",") != "topic" {
		t.Errorf("topic history %v", texts)
	}
	texts, _, _ = hs.groupHistory(`{"GroupId":"` + g + `","ReqMsgNumber":10}`)
	if strings.Join(texts, ",") != "group" {
		t.Errorf("group history %v", texts)
	}
	item := hs.topicItems(`{"GroupId":"` + g + `","From_Account":"a"}`)[0]
	if item["TopicInfo"].(map[string]any)["NextMsgSeq"] != 2.0 || item["SelfInfo"].(map[string]any)["MsgSeq"] != 1.0 {
		t.Errorf("topic after a message %v", item)
	}
	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","MuteAllMember":"On"}`)
	if r := hs.groupSend(g, "a", "muted", `,"TopicId":"`+tid+`"`); r.Code != codeGrpMuted {
		t.Errorf("member send with the topic muted: %d", r.Code)
	}
	if r := hs.groupSend(g, "o", "owner", `,"TopicId":"`+tid+`"`); r.Code != 0 {
		t.Errorf("owner send with the topic muted: %d", r.Code)
	}
}

func TestTopicCallbacks(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = func(cmd string, body map[string]any) string {
		if cmd == "Group.CallbackBeforeCreateTopic" && body["Name"] == "refused" {
			return `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}`
		}
		return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	}
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o")
	g := hs.topicCommunity()
	if r := hs.call(msvc+"create_topic", `{"GroupId":"`+g+`","TopicId":"`+g+`@TOPIC#_no","TopicName":"refused"}`); r.Code != codeGrpHookRefused {
		t.Errorf("refused create_topic: %d", r.Code)
	}
	tid := hs.ok(msvc+"create_topic", `{"GroupId":"`+g+`","TopicName":"t","From_Account":"o"}`).Body["TopicId"].(string)
	hs.ok(gsvc+"import_topic", `{"GroupId":"`+g+`","TopicName":"silent"}`)
	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","CustomString":"quiet"}`)                         // fires nothing
	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","TopicName":"t","Introduction":"","FaceUrl":""}`) // the values it has: nothing
	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","TopicName":"t","Notification":"new"}`)           // Notification only
	hs.ok(msvc+"modify_topic", `{"GroupId":"`+g+`","TopicId":"`+tid+`","Notification":"new"}`)                           // unchanged again
	hs.ok(msvc+"destroy_topic", `{"GroupId":"`+g+`","TopicIdList":["`+tid+`","`+g+`@TOPIC#_none"]}`)
	checks := []struct {
		cmd   string
		n     int
		check func(b map[string]any) bool
	}{
		{"Group.CallbackBeforeCreateTopic", 2, func(b map[string]any) bool { return b["Type"] == "Community" && b["Name"] == "refused" }},
		{"Group.CallbackAfterCreateTopic", 1, func(b map[string]any) bool {
			return b["GroupId"] == g && b["TopicId"] == tid && b["Operator_Account"] == "o" && b["Name"] == "t"
		}},
		{"Group.CallbackAfterTopicInfoChanged", 1, func(b map[string]any) bool {
			_, name := b["Name"]
			return b["Notification"] == "new" && b["TopicId"] == tid && !name
		}},
		{"Group.CallbackAfterTopicDestroyed", 1, func(b map[string]any) bool {
			list := b["TopicIdList"].([]any)
			return b["GroupId"] == g && len(list) == 1 && list[0] == tid
		}},
	}
	for _, c := range checks {
		got := rc.wait(t, c.cmd, c.n)
		validCallback(t, got[0])
		if !c.check(got[0].Body) {
			t.Errorf("%s body %s", c.cmd, got[0].Raw)
		}
	}
	hs.h.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	counts := map[string]int{}
	for _, r := range rc.got {
		counts[r.Query.Get("CallbackCommand")]++
	}
	for cmd, want := range map[string]int{"Group.CallbackBeforeCreateTopic": 2, "Group.CallbackAfterCreateTopic": 1, "Group.CallbackAfterTopicInfoChanged": 1} {
		if counts[cmd] != want {
			t.Errorf("%d %s, want %d", counts[cmd], cmd, want)
		}
	}
}
