package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// mhookApply makes user's client ask to join group id through the control
// API and returns the HTTP status and the answer.
func (hs *harness) mhookApply(id, user string) (int, GroupApplyResult) {
	hs.t.Helper()
	body := jsonf(`{"GroupId":%q,"UserID":%q,"ApplyMsg":"let me in"}`, id, user)
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, ControlPrefix+"groups/apply", strings.NewReader(body)))
	var out GroupApplyResult
	json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func (hs *harness) mhookMembers(id string) map[string]map[string]any {
	hs.t.Helper()
	r := hs.ok(gsvc+"get_group_member_info", jsonf(`{"GroupId":%q}`, id))
	out := map[string]map[string]any{}
	for _, it := range r.Body["MemberList"].([]any) {
		m := it.(map[string]any)
		out[m["Member_Account"].(string)] = m
	}
	return out
}

// mhookCount is how many callbacks of cmd rc got whose body has the
// field values given.
func mhookCount(rc *receiver, cmd string, kv ...string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	n := 0
next:
	for _, g := range rc.got {
		if g.Query.Get("CallbackCommand") != cmd {
			continue
		}
		for i := 0; i+1 < len(kv); i += 2 {
			if s, _ := g.Body[kv[i]].(string); s != kv[i+1] {
				continue next
			}
		}
		n++
	}
	return n
}

// mhookAnswers answers the member before-callbacks by who they name:
// "bad" is refused (1), "cust" refused with 10150, "x" refused alone.
func mhookAnswers(cmd string, body map[string]any) string {
	var names []string
	if s, ok := body["Requestor_Account"].(string); ok {
		names = append(names, s)
	}
	if list, ok := body["DestinationMembers"].([]any); ok {
		for _, it := range list {
			names = append(names, it.(map[string]any)["Member_Account"].(string))
		}
	}
	for _, n := range names {
		switch n {
		case "bad":
			return `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}`
		case "cust":
			return `{"ActionStatus":"OK","ErrorCode":10150,"ErrorInfo":"not you"}`
		case "x":
			return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","RefusedMembers_Account":["x"]}`
		}
	}
	return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
}

func TestMemberHooksInvite(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = mhookAnswers
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o", "a", "x", "bad", "cust")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g"}`)
	r := hs.ok(gsvc+"add_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":"a"},{"Member_Account":"x"},{"Member_Account":"o"}]}`, id))
	results := map[string]float64{}
	for _, it := range r.Body["MemberList"].([]any) {
		m := it.(map[string]any)
		results[m["Member_Account"].(string)] = m["Result"].(float64)
	}
	if results["a"] != 1 || results["x"] != 0 || results["o"] != 2 {
		t.Errorf("results %v, want a 1, x 0 (refused), o 2", results)
	}
	got := rc.wait(t, "Group.CallbackBeforeInviteJoinGroup", 1)
	validCallback(t, got[0])
	if list := got[0].Body["DestinationMembers"].([]any); len(list) != 2 || got[0].Body["GroupId"] != id || got[0].Body["Operator_Account"] != TestAdmin {
		t.Errorf("before-invite body %s, want a and x for %s", got[0].Raw, id)
	}
	for _, tc := range []struct {
		who  string
		code int
		info string
	}{{"bad", codeGrpHookRefused, ""}, {"cust", 10150, "not you"}} {
		r := hs.call(gsvc+"add_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":%q}]}`, id, tc.who))
		if r.Code != tc.code || tc.info != "" && r.Body["ErrorInfo"] != tc.info {
			t.Errorf("refused invitation of %s: %s, want %d", tc.who, r.Raw, tc.code)
		}
	}
	ms := hs.mhookMembers(id)
	for who, want := range map[string]bool{"a": true, "x": false, "bad": false, "cust": false} {
		if _, in := ms[who]; in != want {
			t.Errorf("%s a member: %t, want %t", who, in, want)
		}
	}
	joins := rc.wait(t, "Group.CallbackAfterNewMemberJoin", 1)
	hs.h.Close()
	if n := mhookCount(rc, "Group.CallbackAfterNewMemberJoin"); n != 1 || len(joins[0].Body["NewMemberList"].([]any)) != 1 {
		t.Errorf("%d join callbacks, first %s; want one, for a only", n, joins[0].Raw)
	}
	if n := mhookCount(rc, "Group.CallbackBeforeInviteJoinGroup"); n != 3 {
		t.Errorf("%d before-invite callbacks, want 3", n)
	}
}

func TestMemberHooksFullAndFields(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o", "a", "b", "c")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MaxMemberCount":3,"MemberList":[{"Member_Account":"a"}]}`)
	hs.ok(gsvc+"add_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":"b"}]}`, id))
	full := rc.wait(t, "Group.CallbackAfterGroupFull", 1)
	validCallback(t, full[0])
	if r := hs.call(gsvc+"add_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":"c"}]}`, id)); r.Code != codeGrpFull {
		t.Errorf("add to a full group: %s", r.Raw)
	}
	rc.wait(t, "Group.CallbackAfterGroupFull", 2)

	hs.ok(gsvc+"modify_group_member_info", jsonf(`{"GroupId":%q,"Member_Account":"a","NameCard":"card"}`, id))
	hs.ok(gsvc+"modify_group_member_info", jsonf(`{"GroupId":%q,"Member_Account":"a","NameCard":"card","MsgFlag":"Discard"}`, id)) // nothing changed that fires
	hs.ok(gsvc+"modify_group_member_info", jsonf(`{"GroupId":%q,"Member_Account":"b","Role":"Admin"}`, id))
	got := rc.wait(t, "Group.CallbackAfterMemberFieldChanged", 2)
	for _, g := range got {
		validCallback(t, g)
	}
	if b := got[0].Body; b["Member_Account"] != "a" || b["NameCard"] != "card" || b["Role"] != nil {
		t.Errorf("name card change: %s", got[0].Raw)
	}
	if b := got[1].Body; b["Member_Account"] != "b" || b["Role"] != "Admin" || b["NameCard"] != nil {
		t.Errorf("role change: %s", got[1].Raw)
	}
	hs.h.Close()
	if n := mhookCount(rc, "Group.CallbackAfterMemberFieldChanged"); n != 2 {
		t.Errorf("%d field callbacks, want 2", n)
	}
	if n := mhookCount(rc, "Group.CallbackAfterGroupFull", "GroupId", id); n != 2 {
		t.Errorf("%d full callbacks, want 2", n)
	}
}

func TestMemberHooksApply(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = mhookAnswers
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o", "u", "v", "w", "bad", "cust")
	free := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"free","ApplyJoinOption":"FreeAccess","MaxMemberCount":3}`)
	need := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"need"}`)
	work := hs.newGroup(`{"Owner_Account":"o","Type":"Private","Name":"work"}`)
	cases := []struct {
		group, user string
		status      int
		code        int
		result      string
	}{
		{free, "u", 200, 0, ApplyJoined},
		{free, "u", 200, mhookAlreadyMember, ""},
		{free, "bad", 200, codeGrpHookRefused, ""},
		{free, "cust", 200, 10150, ""},
		{need, "v", 200, 0, ApplyPending},
		{need, "v", 200, 0, ApplyPending}, // no request is kept: a new one
		{work, "v", 200, codeGrpNoPermission, ""},
		{free, "v", 200, 0, ApplyJoined}, // fills the group
		{free, "w", 200, codeGrpFull, ""},
		{"@TGS#nope", "v", 404, 0, ""},
		{free, "nobody", 404, 0, ""},
	}
	for _, tc := range cases {
		status, out := hs.mhookApply(tc.group, tc.user)
		if status != tc.status || status == 200 && (out.ErrorCode != tc.code || out.Result != tc.result) {
			t.Errorf("apply %s to %s: %d %+v, want %d %d %q", tc.user, tc.group, status, out, tc.status, tc.code, tc.result)
		}
	}
	ms := hs.mhookMembers(free)
	for who, want := range map[string]bool{"u": true, "v": true, "bad": false, "cust": false, "w": false} {
		if _, in := ms[who]; in != want {
			t.Errorf("%s in the free group: %t, want %t", who, in, want)
		}
	}
	if _, in := hs.mhookMembers(need)["v"]; in {
		t.Error("a pending applicant is a member")
	}
	joins := rc.wait(t, "Group.CallbackAfterNewMemberJoin", 2)
	for _, g := range joins {
		validCallback(t, g)
		if g.Body["JoinType"] != "Apply" || g.Body["GroupId"] != free {
			t.Errorf("join by request: %s", g.Raw)
		}
	}
	before := rc.wait(t, "Group.CallbackBeforeApplyJoinGroup", 1)
	validCallback(t, before[0])
	if before[0].Body["Requestor_Account"] != "u" || before[0].Body["GroupId"] != free {
		t.Errorf("before-apply body %s", before[0].Raw)
	}
	hs.h.Close()
	// u, bad, cust, v and v again (need), v (work), v, w: a member asking
	// again and unknown groups or accounts send none.
	if n := mhookCount(rc, "Group.CallbackBeforeApplyJoinGroup"); n != 8 {
		t.Errorf("%d before-apply callbacks, want 8", n)
	}
	if n := mhookCount(rc, "Group.CallbackBeforeApplyJoinGroup", "GroupId", need); n != 2 {
		t.Errorf("%d before-apply callbacks for the NeedPermission group, want 2 (each request its own)", n)
	}
	if n := mhookCount(rc, "Group.CallbackAfterGroupFull", "GroupId", free); n != 2 {
		t.Errorf("%d full callbacks, want 2 (filled, then refused w)", n)
	}
}

func TestMemberHooksApplyWithoutCallbacks(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "u")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Community","Name":"c"}`)
	if status, out := hs.mhookApply(id, "u"); status != 200 || out.Result != ApplyJoined {
		t.Errorf("apply to a Community: %d %+v", status, out)
	}
	if _, in := hs.mhookMembers(id)["u"]; !in {
		t.Error("u did not join the Community")
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"av"}`)
	if status, _ := hs.mhookApply(av, "u"); status != http.StatusBadRequest {
		t.Errorf("apply to an AVChatRoom: %d, want 400", status)
	}
}
