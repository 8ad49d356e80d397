package emulator

import (
	"fmt"
	"slices"
	"testing"
)

func (hs *harness) robots() []string {
	hs.t.Helper()
	r := hs.ok("openim_robot_http_svc/get_all_robots", `{}`)
	var out []string
	for _, id := range r.Body["Robot_Account"].([]any) {
		out = append(out, id.(string))
	}
	return out
}

func TestChatbots(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.ok("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#one","Nick":"Jarvis","SelfSignature":"hello"}`)
	hs.ok("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#one"}`) // the same bot again
	hs.ok("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#two"}`)
	if got := hs.robots(); !slices.Equal(got, []string{"@RBT#one", "@RBT#two"}) {
		t.Fatalf("robots %v", got)
	}
	r := hs.ok("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"@RBT#one"}]}`)
	if st := r.Body["ResultItem"].([]any)[0].(map[string]any)["AccountStatus"]; st != "Imported" {
		t.Errorf("account_check of a chatbot: %v, want Imported", st)
	}
	for _, c := range []struct {
		path, body string
		code       int
	}{
		{"create_robot", `{"UserID":"bot1"}`, codeBotParam},
		{"create_robot", `{"UserID":"@RBT#"}`, codeBotParam},
		{"create_robot", `{"UserID":"@RBT#aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}`, codeBotParam}, // 34 bytes
		{"create_robot", `{"UserID":"@RBT#x","Nick":7}`, codeBotParam},
		{"create_robot", `{}`, codeBotParam},
		{"delete_robot", `{"Robot_Account":"@RBT#never"}`, codeBotParam},
		{"delete_robot", `{"Robot_Account":7}`, codeBotParam},
		{"get_all_robots", `[`, codeBodyNotJSON},
	} {
		if got := hs.call("openim_robot_http_svc/"+c.path, c.body); got.Code != c.code {
			t.Errorf("%s %s: %d, want %d", c.path, c.body, got.Code, c.code)
		}
	}
	hs.ok("openim_robot_http_svc/delete_robot", `{"Robot_Account":"@RBT#one"}`)
	hs.ok("openim_robot_http_svc/delete_robot", `{"Robot_Account":"@RBT#one"}`) // twice: OK
	if got := hs.robots(); !slices.Equal(got, []string{"@RBT#two"}) {
		t.Errorf("after deleting one: %v", got)
	}
	r = hs.ok("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"@RBT#one"}]}`)
	if st := r.Body["ResultItem"].([]any)[0].(map[string]any)["AccountStatus"]; st != "Imported" {
		t.Errorf("account_check of a deleted chatbot: %v, want its UserID kept", st)
	}
	// 20 valid chatbots at most; deleted ones do not count.
	for i := 0; i < maxBots-1; i++ {
		hs.ok("openim_robot_http_svc/create_robot", fmt.Sprintf(`{"UserID":"@RBT#n%d"}`, i))
	}
	if got := hs.call("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#extra"}`); got.Code != codeBotRefused {
		t.Errorf("the 21st chatbot: %d, want %d", got.Code, codeBotRefused)
	}
	if got := hs.call("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#one"}`); got.Code != codeBotRefused {
		t.Errorf("bringing back a deleted chatbot over the limit: %d, want %d", got.Code, codeBotRefused)
	}
	if n := len(hs.robots()); n != maxBots {
		t.Errorf("%d chatbots listed, want %d", n, maxBots)
	}
}

func TestBotCallback(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("a", "b")
	hs.ok("openim_robot_http_svc/create_robot", `{"UserID":"@RBT#helper"}`)
	hs.send("a", "b", "not to a bot")
	key := hs.send("a", "@RBT#helper", "hello bot")
	g := rc.wait(t, "Bot.OnC2CMessage", 1)
	validCallback(t, g[0])
	if len(g) != 1 || g[0].Body["MsgKey"] != key || g[0].Body["From_Account"] != "a" || g[0].Body["To_Account"] != "@RBT#helper" || g[0].Body["UnreadMsgNum"].(float64) != 1 {
		t.Errorf("Bot.OnC2CMessage %s", g[0].Raw)
	}
	hs.ok("openim_robot_http_svc/delete_robot", `{"Robot_Account":"@RBT#helper"}`)
	hs.send("a", "@RBT#helper", "after delete")
	hs.send("a", "b", "marker")
	rc.wait(t, "C2C.CallbackAfterSendMsg", 4)
	if n := len(rc.wait(t, "Bot.OnC2CMessage", 1)); n != 1 {
		t.Errorf("%d Bot.OnC2CMessage callbacks, want 1: none for an ordinary account or a deleted chatbot", n)
	}
}
