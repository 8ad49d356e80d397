package emulator

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// avCtl sends a control call to hs's emulator and returns the HTTP status.
func avCtl(hs *harness, method, cmd, body string) int {
	req := httptest.NewRequest(method, ControlPrefix+cmd, strings.NewReader(body))
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return rec.Code
}

func avSetup(t *testing.T) (*harness, string) {
	hs := newHarness(t, Options{NoLimits: true})
	hs.importAccounts("own", "u1", "u2")
	r := hs.ok("group_open_http_svc/create_group", `{"Owner_Account":"own","Type":"AVChatRoom","Name":"av"}`)
	id := r.Body["GroupId"].(string)
	for _, u := range []string{"u1", "u2"} {
		if st := avCtl(hs, "POST", "sessions/login", `{"UserID":"`+u+`","Platform":"Android"}`); st != 200 {
			t.Fatalf("login %s: %d", u, st)
		}
		if st := avCtl(hs, "POST", "groups/join", `{"GroupId":"`+id+`","UserID":"`+u+`"}`); st != 200 {
			t.Fatalf("join %s: %d", u, st)
		}
	}
	return hs, id
}

func avCount(hs *harness, id string) int {
	return int(hs.ok("group_open_http_svc/get_online_member_num", `{"GroupId":"`+id+`"}`).Body["OnlineMemberNum"].(float64))
}

func avListed(hs *harness, id, extra string) []string {
	r := hs.ok("group_open_avchatroom_http_svc/get_members", `{"GroupId":"`+id+`","Timestamp":0`+extra+`}`)
	var out []string
	for _, it := range r.Body["MemberList"].([]any) {
		out = append(out, it.(map[string]any)["Member_Account"].(string))
	}
	return out
}

func TestAVMembersAndMarks(t *testing.T) {
	hs, id := avSetup(t)
	if n := avCount(hs, id); n != 2 {
		t.Fatalf("online %d, want 2", n)
	}
	hs.ok("group_open_avchatroom_http_svc/modify_user_info", `{"GroupId":"`+id+`","CommandType":1,"MemberList":[{"Member_Account":"u1","Marks":[1001,600]},{"Member_Account":"own","Marks":[1001]}]}`)
	for _, c := range []struct {
		extra string
		want  string
	}{{"", "u2"}, {`,"Mark":1001`, "u1"}, {`,"Mark":600`, "u1"}, {`,"Mark":1002`, ""}} {
		if got := strings.Join(avListed(hs, id, c.extra), ","); got != c.want {
			t.Errorf("get_members%s: %q, want %q", c.extra, got, c.want)
		}
	}
	for _, body := range []string{
		`{"GroupId":"` + id + `","CommandType":1,"MemberList":[{"Member_Account":"own","Marks":[1001]}]}`,
		`{"GroupId":"` + id + `","CommandType":1,"MemberList":[{"Member_Account":"u2","Marks":[999]}]}`,
		`{"GroupId":"` + id + `","CommandType":3,"MemberList":[{"Member_Account":"u2","Marks":[1001]}]}`,
	} {
		if r := hs.call("group_open_avchatroom_http_svc/modify_user_info", body); r.Code != codeGrpParam {
			t.Errorf("%s: %d, want 10004", body, r.Code)
		}
	}
	// A drop clears the marks; a logout leaves the room.
	avCtl(hs, "POST", "groups/connection", `{"GroupId":"`+id+`","UserID":"u1","State":"Offline"}`)
	if n := avCount(hs, id); n != 1 {
		t.Errorf("online after a drop %d, want 1", n)
	}
	avCtl(hs, "POST", "groups/connection", `{"GroupId":"`+id+`","UserID":"u1","State":"Online"}`)
	if got := avListed(hs, id, `,"Mark":1001`); len(got) != 0 {
		t.Errorf("marks after a drop: %v, want none", got)
	}
	avCtl(hs, "POST", "sessions/logout", `{"UserID":"u2"}`)
	if got := strings.Join(avListed(hs, id, ""), ","); got != "u1" {
		t.Errorf("after u2's logout: %q, want u1", got)
	}
}

func TestAVBans(t *testing.T) {
	hs, id := avSetup(t)
	hs.ok("group_open_http_svc/ban_group_member", `{"GroupId":"`+id+`","Members_Account":["u1","own"],"Duration":10}`)
	if got := strings.Join(avListed(hs, id, ""), ","); got != "u2" {
		t.Errorf("after banning u1: %q, want u2", got)
	}
	if st := avCtl(hs, "POST", "groups/join", `{"GroupId":"`+id+`","UserID":"u1"}`); st != http.StatusForbidden {
		t.Errorf("banned join: %d, want 403", st)
	}
	r := hs.ok("group_open_http_svc/get_group_ban_member", `{"GroupId":"`+id+`","Limit":1,"Offset":0}`)
	if r.Body["NextOffset"].(float64) != 1 || len(r.Body["BannedAccountList"].([]any)) != 1 {
		t.Errorf("first page %s", r.Raw)
	}
	hs.advance(11 * time.Second)
	r = hs.ok("group_open_http_svc/get_group_ban_member", `{"GroupId":"`+id+`","Offset":0}`)
	if n := len(r.Body["BannedAccountList"].([]any)); n != 0 {
		t.Errorf("bans after they ended: %s", r.Raw)
	}
	for _, c := range []struct {
		path, body string
		code       int
	}{
		{"ban_group_member", `{"GroupId":"` + id + `","Members_Account":["nobody"],"Duration":10}`, codeGrpParam},
		{"ban_group_member", `{"GroupId":"` + id + `","Members_Account":["u1"],"Duration":0}`, codeGrpParam},
		{"ban_group_member", `{"GroupId":"` + id + `","Members_Account":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"],"Duration":10}`, codeGrpTooMany},
		{"get_group_ban_member", `{"GroupId":"` + id + `","Offset":0,"Limit":101}`, codeGrpParam},
	} {
		if r := hs.call("group_open_http_svc/"+c.path, c.body); r.Code != c.code {
			t.Errorf("%s %s: %d, want %d", c.path, c.body, r.Code, c.code)
		}
	}
	pub := hs.ok("group_open_http_svc/create_group", `{"Owner_Account":"own","Type":"Public","Name":"p"}`).Body["GroupId"].(string)
	if r := hs.call("group_open_http_svc/ban_group_member", `{"GroupId":"`+pub+`","Members_Account":["u1"],"Duration":10}`); r.Code != codeGrpNoPermission {
		t.Errorf("ban in a Public group: %d, want 10007", r.Code)
	}
}

func TestAVBroadcast(t *testing.T) {
	hs, id := avSetup(t)
	body := `"Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	for i := 1; i <= 2; i++ {
		if seq := hs.ok("group_open_http_svc/send_broadcast_msg", `{"From_Account":"u1",`+body+`}`).Body["MsgSeq"].(float64); int(seq) != i {
			t.Errorf("broadcast %d: MsgSeq %v", i, seq)
		}
	}
	if r := hs.call("group_open_http_svc/send_broadcast_msg", `{"From_Account":"ghost",`+body+`}`); r.Code != codeGrpParam {
		t.Errorf("unknown sender: %d, want 10004", r.Code)
	}
	req := httptest.NewRequest("GET", ControlPrefix+"groups/broadcasts?GroupId="+id, nil)
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	if rec.Code != 200 || strings.Count(rec.Body.String(), `"MsgSeq"`) != 2 {
		t.Errorf("broadcasts received: %d %s", rec.Code, rec.Body.String())
	}
}

func TestAVAlwaysOnMark(t *testing.T) {
	hs, id := avSetup(t)
	mark := func(cmd int, who, marks string) int {
		return hs.call("group_open_avchatroom_http_svc/modify_user_info", `{"GroupId":"`+id+`","CommandType":`+strconv.Itoa(cmd)+`,"MemberList":[{"Member_Account":"`+who+`","Marks":[`+marks+`]}]}`).Code
	}
	avCtl(hs, "POST", "groups/connection", `{"GroupId":"`+id+`","UserID":"u1","State":"Offline"}`)
	for _, c := range []struct {
		cmd         int
		marks       string
		code, count int
	}{
		{1, "1001", codeGrpParam, 1}, // an ordinary mark needs an online member
		{2, "500", codeGrpParam, 1},
		{1, "500,1001", 0, 2}, // mark 500 does not: the member counts again
	} {
		if got := mark(c.cmd, "u1", c.marks); got != c.code {
			t.Errorf("CommandType %d marks %s on an offline member: %d, want %d", c.cmd, c.marks, got, c.code)
		}
		if n := avCount(hs, id); n != c.count {
			t.Errorf("after marks %s: online %d, want %d", c.marks, n, c.count)
		}
	}
	if got := strings.Join(avListed(hs, id, `,"Mark":1001`), ","); got != "u1" {
		t.Errorf("get_members Mark 1001: %q, want u1", got)
	}
	// u2 takes mark 500 and logs out: it stays until the mark ends.
	if got := mark(1, "u2", "500"); got != 0 {
		t.Fatalf("mark 500 on u2: %d", got)
	}
	avCtl(hs, "POST", "sessions/logout", `{"UserID":"u2"}`)
	if got := strings.Join(avListed(hs, id, ""), ","); got != "u1,u2" {
		t.Errorf("with mark 500: %q, want u1,u2", got)
	}
	hs.advance(avAlwaysOnSeconds*time.Second + time.Second)
	hs.sig = hs.sigFor(TestAdmin)
	if n := avCount(hs, id); n != 0 {
		t.Errorf("online after mark 500 ended: %d, want 0 (u1 offline, u2 logged out)", n)
	}
	if got := mark(1, "u1", "500"); got != 0 || avCount(hs, id) != 1 {
		t.Errorf("mark 500 again on offline u1: %d, online %d; want OK and 1", got, avCount(hs, id))
	}
	if st := avCtl(hs, "POST", "groups/connection", `{"GroupId":"`+id+`","UserID":"u2","State":"Online"}`); st != http.StatusNotFound {
		t.Errorf("u2 after its mark ended and it had logged out: %d, want 404 (not in the room)", st)
	}
}

func TestAVMarkLimits(t *testing.T) {
	hs, id := avSetup(t)
	set := func(cmd int, marks string) int {
		return hs.call("group_open_avchatroom_http_svc/modify_user_info", `{"GroupId":"`+id+`","CommandType":`+strconv.Itoa(cmd)+`,"MemberList":[{"Member_Account":"u1","Marks":[`+marks+`]},{"Member_Account":"u2","Marks":[1000]}]}`).Code
	}
	ten := "1000,1001,1002,1003,1004,1005,1006,1007,1008,1009"
	for _, c := range []struct {
		cmd   int
		marks string
		code  int
	}{
		{1, ten, 0},
		{1, "1010", codeGrpParam}, // an 11th mark
		{2, "1009", 0},
		{1, "1010", 0}, // room again for one
		{1, "1011", codeGrpParam},
	} {
		if got := set(c.cmd, c.marks); got != c.code {
			t.Errorf("CommandType %d marks %s: %d, want %d", c.cmd, c.marks, got, c.code)
		}
	}
	for mark, want := range map[string]string{"1000": "u1,u2", "1009": "", "1010": "u1", "1011": ""} {
		if got := strings.Join(avListed(hs, id, `,"Mark":`+mark), ","); got != want {
			t.Errorf("get_members Mark %s: %q, want %q", mark, got, want)
		}
	}
	// A member who leaves takes its marks out of the counts.
	avCtl(hs, "POST", "groups/quit", `{"GroupId":"`+id+`","UserID":"u1"}`)
	if got := hs.call("group_open_avchatroom_http_svc/modify_user_info", `{"GroupId":"`+id+`","CommandType":1,"MemberList":[{"Member_Account":"u2","Marks":[2001,2002,2003,2004,2005,2006,2007,2008,2009]}]}`).Code; got != 0 {
		t.Errorf("nine new marks after u1 left: %d, want OK", got)
	}
}

func TestAVBanEnds(t *testing.T) {
	hs, id := avSetup(t)
	ban := func(d int, accs ...string) {
		hs.ok("group_open_http_svc/ban_group_member", `{"GroupId":"`+id+`","Members_Account":["`+strings.Join(accs, `","`)+`"],"Duration":`+strconv.Itoa(d)+`}`)
	}
	listed := func() string {
		var out []string
		for _, b := range hs.ok("group_open_http_svc/get_group_ban_member", `{"GroupId":"`+id+`","Offset":0}`).Body["BannedAccountList"].([]any) {
			out = append(out, b.(map[string]any)["Member_Account"].(string))
		}
		return strings.Join(out, ",")
	}
	ban(10, "u1", "u2", "own")
	ban(100, "u1") // a new end for a live ban keeps its place
	hs.ok("group_open_http_svc/unban_group_member", `{"GroupId":"`+id+`","Members_Account":["u2"]}`)
	ban(5, "u2") // banned anew: last
	if got := listed(); got != "u1,own,u2" {
		t.Errorf("bans: %q, want u1,own,u2", got)
	}
	hs.advance(11 * time.Second)
	if got := listed(); got != "u1" {
		t.Errorf("bans after 11 s: %q, want u1", got)
	}
	if st := avCtl(hs, "POST", "groups/join", `{"GroupId":"`+id+`","UserID":"u2"}`); st != 200 {
		t.Errorf("join after the ban ended: %d, want 200", st)
	}
	hs.advance(90 * time.Second)
	if got := listed(); got != "" {
		t.Errorf("bans after 101 s: %q, want none", got)
	}
}
