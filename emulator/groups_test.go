package emulator

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

const gsvc = "group_open_http_svc/"

// newGroup creates a group with body and returns its GroupId.
func (hs *harness) newGroup(body string) string {
	hs.t.Helper()
	r := hs.ok(gsvc+"create_group", body)
	id, _ := r.Body["GroupId"].(string)
	if id == "" {
		hs.t.Fatalf("create_group %s: no GroupId in %s", body, r.Raw)
	}
	return id
}

// groupInfo returns the one GroupInfo item of id.
func (hs *harness) groupInfo(id, filter string) map[string]any {
	hs.t.Helper()
	body := `{"GroupIdList":["` + id + `"]` + filter + `}`
	r := hs.ok(gsvc+"get_group_info", body)
	list, _ := r.Body["GroupInfo"].([]any)
	if len(list) != 1 {
		hs.t.Fatalf("get_group_info %s: %s", body, r.Raw)
	}
	return list[0].(map[string]any)
}

func (hs *harness) roles(id string, accs ...string) map[string]string {
	hs.t.Helper()
	b, _ := json.Marshal(map[string]any{"GroupId": id, "User_Account": accs})
	r := hs.ok(gsvc+"get_role_in_group", string(b))
	out := map[string]string{}
	for _, it := range r.Body["UserIdList"].([]any) {
		m := it.(map[string]any)
		out[m["Member_Account"].(string)] = m["Role"].(string)
	}
	return out
}

func memberAccounts(info map[string]any) []string {
	var out []string
	list, _ := info["MemberList"].([]any)
	for _, it := range list {
		out = append(out, it.(map[string]any)["Member_Account"].(string))
	}
	return out
}

func TestCreateGroupIDs(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("owner")
	cases := []struct {
		typ  string
		want string
	}{
		{"Public", `^@TGS#2[A-Z0-9]{8}$`},
		{"Private", `^@TGS#1[A-Z0-9]{8}$`},
		{"Work", `^@TGS#1[A-Z0-9]{8}$`},
		{"ChatRoom", `^@TGS#3[A-Z0-9]{8}$`},
		{"Meeting", `^@TGS#3[A-Z0-9]{8}$`},
		{"AVChatRoom", `^@TGS#a[A-Z0-9]{8}$`},
		{"Community", `^@TGS#_@TGS#c[A-Z0-9]{10}$`},
	}
	for _, tc := range cases {
		id := hs.newGroup(`{"Owner_Account":"owner","Type":"` + tc.typ + `","Name":"g"}`)
		if !regexp.MustCompile(tc.want).MatchString(id) {
			t.Errorf("%s: GroupId %q, want %s", tc.typ, id, tc.want)
		}
		info := hs.groupInfo(id, "")
		canonical := map[string]string{"Work": "Private", "Meeting": "ChatRoom"}[tc.typ]
		if canonical == "" {
			canonical = tc.typ
		}
		if info["Type"] != canonical || info["Owner_Account"] != "owner" {
			t.Errorf("%s: info %v", tc.typ, info)
		}
	}
	if id := hs.newGroup(`{"Type":"Public","Name":"g","GroupId":"mine_1"}`); id != "mine_1" {
		t.Errorf("custom GroupId answered %q", id)
	}
	for _, tc := range []struct {
		body string
		code int
	}{
		{`{"Type":"Public","Name":"g","GroupId":"mine_1"}`, codeGrpIDTaken},
		{`{"Type":"Public","Name":"g","GroupId":"@TGS#mine"}`, codeGrpParam},
		{`{"Type":"Community","Name":"g","GroupId":"mine_2"}`, codeGrpParam},
		{`{"Type":"Public","Name":"g","GroupId":"` + strings.Repeat("x", 49) + `"}`, codeGrpParam},
		{`{"Type":"Group","Name":"g"}`, codeGrpParam},
		{`{"Type":"Public"}`, codeGrpParam},
		{`{"Type":"Public","Name":"` + strings.Repeat("n", 31) + `"}`, codeGrpParam},
		{`{"Type":"Public","Name":"g","Owner_Account":"nobody"}`, codeGrpParam},
		{`{"Type":"AVChatRoom","Name":"g","MemberList":[{"Member_Account":"owner"}]}`, codeGrpNoPermission},
		{`{"Type":"Private","Name":"g","MemberList":[{"Member_Account":"owner","Role":"Admin"}]}`, codeGrpNoPermission},
		{`{"Type":"Public","Name":"g","MemberList":[` + strings.Repeat(`{"Member_Account":"owner"},`, 100) + `{"Member_Account":"owner"}]}`, codeGrpTooMany},
		{`{"Type":"Public","Name":"g","MaxMemberCount":1,"Owner_Account":"owner","MemberList":[{"Member_Account":"administrator"}]}`, codeGrpMembersLimit},
		{`{"Type":"Public","Name":"g"`, codeGrpParse},
	} {
		if r := hs.call(gsvc+"create_group", tc.body); r.Code != tc.code {
			t.Errorf("create_group %s: %d %s, want %d", tc.body, r.Code, r.Raw, tc.code)
		}
	}
	if id := hs.newGroup(`{"Type":"Community","Name":"g","GroupId":"@TGS#_mine"}`); id != "@TGS#_mine" {
		t.Errorf("custom Community GroupId answered %q", id)
	}
}

func TestGroupInfoFilters(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "m")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","Introduction":"intro","MemberList":[{"Member_Account":"m","Role":"Admin"}]}`)
	full := hs.groupInfo(id, "")
	if full["Name"] != "g" || full["Introduction"] != "intro" || full["MemberNum"] != 2.0 || full["NextMsgSeq"] != 1.0 || full["ApplyJoinOption"] != "NeedPermission" {
		t.Errorf("full info %v", full)
	}
	if got := memberAccounts(full); strings.Join(got, ",") != "o,m" {
		t.Errorf("members %v, want o,m", got)
	}
	f := hs.groupInfo(id, `,"ResponseFilter":{"GroupBaseInfoFilter":["Name"],"MemberInfoFilter":["Role"]}`)
	if f["Name"] != "g" || f["Introduction"] != nil || f["Type"] != nil {
		t.Errorf("filtered base info %v", f)
	}
	m := f["MemberList"].([]any)[1].(map[string]any)
	if m["Role"] != "Admin" || m["JoinTime"] != nil {
		t.Errorf("filtered member %v", m)
	}
	if f := hs.groupInfo(id, `,"ResponseFilter":{"GroupBaseInfoFilter":["Type"]}`); f["MemberList"] != nil {
		t.Errorf("a base-only filter listed members: %v", f)
	}
	if f := hs.groupInfo("@TGS#2NOSUCH00", ""); f["ErrorCode"] != float64(codeGrpNotFound) {
		t.Errorf("unknown group item %v", f)
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	if f := hs.groupInfo(av, ""); f["MemberList"] != nil || f["MemberNum"] != nil || f["Owner_Account"] != "o" {
		t.Errorf("AVChatRoom info %v", f)
	}
	hs.ok(gsvc+"modify_group_base_info", `{"GroupId":"`+id+`","Name":"new","Notification":"n","MuteAllMember":"On","MaxMemberNum":10}`)
	f = hs.groupInfo(id, "")
	if f["Name"] != "new" || f["Notification"] != "n" || f["MuteAllMember"] != "On" || f["MaxMemberNum"] != 10.0 || f["Introduction"] != "intro" {
		t.Errorf("after modify %v", f)
	}
	for _, tc := range []struct {
		body string
		code int
	}{
		{`{"GroupId":"` + id + `","Name":""}`, codeGrpParam},
		{`{"GroupId":"` + id + `","MaxMemberNum":1}`, codeGrpParam},
		{`{"GroupId":"` + id + `","MuteAllMember":"Yes"}`, codeGrpParam},
		{`{"GroupId":"nosuch","Name":"x"}`, codeGrpNotFound},
		{`{"Name":"x"}`, codeGrpParam},
	} {
		if r := hs.call(gsvc+"modify_group_base_info", tc.body); r.Code != tc.code {
			t.Errorf("modify %s: %d, want %d", tc.body, r.Code, tc.code)
		}
	}
	hs.ok(gsvc+"destroy_group", `{"GroupId":"`+id+`"}`)
	if f := hs.groupInfo(id, ""); f["ErrorCode"] != float64(codeGrpNotFound) {
		t.Errorf("destroyed group item %v", f)
	}
	if r := hs.call(gsvc+"destroy_group", `{"GroupId":"`+id+`"}`); r.Code != codeGrpNotFound {
		t.Errorf("second destroy: %d", r.Code)
	}
}

func TestAppGroupListPaging(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true})
	var pub []string
	for i := 0; i < 5; i++ {
		pub = append(pub, hs.newGroup(`{"Type":"Public","Name":"g"}`))
		hs.newGroup(`{"Type":"ChatRoom","Name":"c"}`)
	}
	hs.ok(gsvc+"destroy_group", `{"GroupId":"`+pub[2]+`"}`)
	want := []string{pub[0], pub[1], pub[3], pub[4]}
	var got []string
	next := 0.0
	for pages := 0; pages < 10; pages++ {
		r := hs.ok(gsvc+"get_appid_group_list", jsonf(`{"Limit":3,"Next":%d,"GroupType":"Public"}`, int64(next)))
		if r.Body["TotalCount"] != 4.0 {
			t.Fatalf("TotalCount %v, want 4", r.Body["TotalCount"])
		}
		for _, it := range r.Body["GroupIdList"].([]any) {
			got = append(got, it.(map[string]any)["GroupId"].(string))
		}
		if next = r.Body["Next"].(float64); next == 0 {
			break
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("pages listed %v, want %v", got, want)
	}
	if r := hs.ok(gsvc+"get_appid_group_list", `{}`); r.Body["TotalCount"] != 9.0 || r.Body["Next"] != 0.0 {
		t.Errorf("whole list %s", r.Raw)
	}
	for _, body := range []string{`{"Limit":10001}`, `{"GroupType":"Nope"}`, `{"Next":"0"}`} {
		if r := hs.call(gsvc+"get_appid_group_list", body); r.Code != codeGrpParam {
			t.Errorf("%s: %d, want 10004", body, r.Code)
		}
	}
}

func TestMembers(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a", "b", "c")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MaxMemberCount":4}`)
	r := hs.ok(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"a"},{"Member_Account":"o"},{"Member_Account":"ghost"}]}`)
	results := map[string]float64{}
	for _, it := range r.Body["MemberList"].([]any) {
		m := it.(map[string]any)
		results[m["Member_Account"].(string)] = m["Result"].(float64)
	}
	if results["a"] != 1 || results["o"] != 2 || results["ghost"] != 0 {
		t.Errorf("add results %v", results)
	}
	if r := hs.call(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"ghost"}]}`); r.Code != codeGrpNoAccount {
		t.Errorf("add of nobody known: %d", r.Code)
	}
	hs.ok(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"b"}]}`)
	hs.importAccounts("d")
	if r := hs.call(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"c"},{"Member_Account":"d"}]}`); r.Code != codeGrpFull {
		t.Errorf("add past MaxMemberCount: %d", r.Code)
	}
	if got := hs.roles(id, "o", "a", "c"); got["o"] != "Owner" || got["a"] != "Member" || got["c"] != "NotMember" {
		t.Errorf("roles %v", got)
	}
	// The owner cannot be removed, and a list naming it removes nobody.
	if r := hs.call(gsvc+"delete_group_member", `{"GroupId":"`+id+`","MemberToDel_Account":["a","o"]}`); r.Code != codeGrpNoPermission {
		t.Errorf("removing the owner: %d", r.Code)
	}
	if got := hs.roles(id, "o", "a"); got["o"] != "Owner" || got["a"] != "Member" {
		t.Errorf("roles after the refused removal %v", got)
	}
	hs.ok(gsvc+"delete_group_member", `{"GroupId":"`+id+`","MemberToDel_Account":["a","c"]}`)
	if got := hs.roles(id, "a"); got["a"] != "NotMember" {
		t.Errorf("a after removal: %v", got)
	}
	// Roles and owner transfer.
	hs.ok(gsvc+"modify_group_member_info", `{"GroupId":"`+id+`","Member_Account":"b","Role":"Admin","NameCard":"bee","MsgFlag":"Discard"}`)
	if r := hs.call(gsvc+"modify_group_member_info", `{"GroupId":"`+id+`","Member_Account":"o","Role":"Member"}`); r.Code != codeGrpNoPermission {
		t.Errorf("changing the owner's role: %d", r.Code)
	}
	if r := hs.call(gsvc+"modify_group_member_info", `{"GroupId":"`+id+`","Member_Account":"a","NameCard":"x"}`); r.Code != codeGrpNoPermission {
		t.Errorf("modifying a non-member: %d", r.Code)
	}
	r = hs.ok(gsvc+"get_group_member_info", `{"GroupId":"`+id+`","MemberRoleFilter":["Admin"]}`)
	list := r.Body["MemberList"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["NameCard"] != "bee" || list[0].(map[string]any)["MsgFlag"] != "Discard" || r.Body["MemberNum"] != 2.0 {
		t.Errorf("admins %s", r.Raw)
	}
	if r := hs.call(gsvc+"change_group_owner", `{"GroupId":"`+id+`","NewOwner_Account":"a"}`); r.Code != codeGrpNoPermission {
		t.Errorf("transfer to a non-member: %d", r.Code)
	}
	hs.ok(gsvc+"change_group_owner", `{"GroupId":"`+id+`","NewOwner_Account":"b"}`)
	if got := hs.roles(id, "o", "b"); got["o"] != "Member" || got["b"] != "Owner" {
		t.Errorf("roles after transfer %v", got)
	}
	if hs.groupInfo(id, "")["Owner_Account"] != "b" {
		t.Errorf("Owner_Account after transfer")
	}
	hs.ok(gsvc+"delete_group_member", `{"GroupId":"`+id+`","MemberToDel_Account":["o"]}`)
}

func TestMemberPaging(t *testing.T) {
	hs := newHarness(t, Options{})
	ids := []string{"m0", "m1", "m2", "m3", "m4"}
	hs.importAccounts(ids...)
	for _, typ := range []string{"Public", "Community"} {
		id := hs.newGroup(`{"Type":"` + typ + `","Name":"g","MemberList":[{"Member_Account":"m0"},{"Member_Account":"m1"},{"Member_Account":"m2"},{"Member_Account":"m3"},{"Member_Account":"m4"}]}`)
		var got []string
		offset, next := 0, ""
		for pages := 0; pages < 10; pages++ {
			body := jsonf(`{"GroupId":%q,"Limit":2,"Offset":%d,"Next":%q}`, id, offset, next)
			r := hs.ok(gsvc+"get_group_member_info", body)
			list := r.Body["MemberList"].([]any)
			for _, it := range list {
				got = append(got, it.(map[string]any)["Member_Account"].(string))
			}
			if typ == "Community" {
				next, _ = r.Body["Next"].(string)
				if next == "" {
					break
				}
			} else {
				offset += 2
				if len(list) < 2 {
					break
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Errorf("%s pages %v, want %v", typ, got, ids)
		}
	}
}

func TestTypeRefusals(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "m")
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"live"}`)
	work := hs.newGroup(`{"Owner_Account":"o","Type":"Private","Name":"w","MemberList":[{"Member_Account":"m"}]}`)
	for _, tc := range []struct {
		path, body string
		code       int
	}{
		{"add_group_member", `{"GroupId":"` + av + `","MemberList":[{"Member_Account":"m"}]}`, codeGrpNoPermission},
		{"delete_group_member", `{"GroupId":"` + av + `","MemberToDel_Account":["m"]}`, codeGrpParam},
		{"get_group_member_info", `{"GroupId":"` + av + `"}`, codeGrpNoPermission},
		{"modify_group_member_info", `{"GroupId":"` + av + `","Member_Account":"m","NameCard":"x"}`, codeGrpNoPermission},
		{"get_role_in_group", `{"GroupId":"` + av + `","User_Account":["m"]}`, codeGrpNoPermission},
		{"change_group_owner", `{"GroupId":"` + av + `","NewOwner_Account":"m"}`, codeGrpNoPermission},
		{"import_group_member", `{"GroupId":"` + av + `","MemberList":[{"Member_Account":"m"}]}`, codeGrpNoPermission},
		{"import_group", `{"Type":"AVChatRoom","Name":"live"}`, codeGrpNoPermission},
		{"forbid_send_msg", `{"GroupId":"` + work + `","Members_Account":["m"],"MuteTime":60}`, codeGrpNoPermission},
		{"modify_group_member_info", `{"GroupId":"` + work + `","Member_Account":"m","MuteTime":60}`, codeGrpNoPermission},
		{"modify_group_member_info", `{"GroupId":"` + work + `","Member_Account":"m","Role":"Admin"}`, codeGrpNoPermission},
	} {
		if r := hs.call(gsvc+tc.path, tc.body); r.Code != tc.code {
			t.Errorf("%s %s: %d %s, want %d", tc.path, tc.body, r.Code, r.Raw, tc.code)
		}
	}
	// What each accepts.
	hs.ok(gsvc+"forbid_send_msg", `{"GroupId":"`+av+`","Members_Account":["m"],"MuteTime":60}`)
	hs.ok(gsvc+"modify_group_base_info", `{"GroupId":"`+av+`","Name":"renamed"}`)
	hs.ok(gsvc+"destroy_group", `{"GroupId":"`+av+`"}`)
}

func TestMutes(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a", "b")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MemberList":[{"Member_Account":"a"},{"Member_Account":"b"}]}`)
	muted := func() map[string]float64 {
		r := hs.ok(gsvc+"get_group_muted_account", `{"GroupId":"`+id+`"}`)
		out := map[string]float64{}
		for _, it := range r.Body["MutedAccountList"].([]any) {
			m := it.(map[string]any)
			out[m["Member_Account"].(string)] = m["MutedUntil"].(float64)
		}
		return out
	}
	now := float64(epoch.Unix())
	hs.ok(gsvc+"forbid_send_msg", `{"GroupId":"`+id+`","Members_Account":["a","b"],"MuteTime":60}`)
	hs.ok(gsvc+"modify_group_member_info", `{"GroupId":"`+id+`","Member_Account":"b","MuteTime":4294967295}`)
	if got := muted(); got["a"] != now+60 || got["b"] != 4294967295 || len(got) != 2 {
		t.Errorf("muted %v", got)
	}
	hs.advance(61 * time.Second)
	if got := muted(); got["a"] != 0 || len(got) != 1 {
		t.Errorf("after 61 s: %v", got)
	}
	// A mute outlives leaving the group.
	hs.ok(gsvc+"delete_group_member", `{"GroupId":"`+id+`","MemberToDel_Account":["b"]}`)
	if got := muted(); len(got) != 0 {
		t.Errorf("muted after b left: %v", got)
	}
	hs.ok(gsvc+"add_group_member", `{"GroupId":"`+id+`","MemberList":[{"Member_Account":"b"}]}`)
	if got := muted(); got["b"] != 4294967295 {
		t.Errorf("b after rejoining: %v", got)
	}
	hs.ok(gsvc+"forbid_send_msg", `{"GroupId":"`+id+`","Members_Account":["b"],"MuteTime":0}`)
	if got := muted(); len(got) != 0 {
		t.Errorf("after unmuting: %v", got)
	}
}

func TestJoinedAndImport(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "m", "n")
	pub := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"p","MemberList":[{"Member_Account":"m"}]}`)
	work := hs.newGroup(`{"Owner_Account":"o","Type":"Private","Name":"w","MemberList":[{"Member_Account":"m"}]}`)
	joined := func(body string) []string {
		r := hs.ok(gsvc+"get_joined_group_list", body)
		var out []string
		for _, it := range r.Body["GroupIdList"].([]any) {
			out = append(out, it.(map[string]any)["GroupId"].(string))
		}
		if int(r.Body["TotalCount"].(float64)) < len(out) {
			t.Errorf("TotalCount below the list: %s", r.Raw)
		}
		return out
	}
	if got := joined(`{"Member_Account":"m"}`); strings.Join(got, ",") != pub {
		t.Errorf("joined %v, want only the Public group (the Work group is not active)", got)
	}
	if got := joined(`{"Member_Account":"m","WithNoActiveGroups":1}`); strings.Join(got, ",") != pub+","+work {
		t.Errorf("joined with inactive %v", got)
	}
	if got := joined(`{"Member_Account":"m","WithNoActiveGroups":1,"GroupType":"Private"}`); strings.Join(got, ",") != work {
		t.Errorf("joined Private %v", got)
	}
	if got := joined(`{"Member_Account":"m","WithNoActiveGroups":1,"Limit":1,"Offset":1}`); strings.Join(got, ",") != work {
		t.Errorf("joined page 2 %v", got)
	}
	r := hs.ok(gsvc+"get_joined_group_list", `{"Member_Account":"m","ResponseFilter":{"GroupBaseInfoFilter":["Name"],"SelfInfoFilter":["Role"]}}`)
	it := r.Body["GroupIdList"].([]any)[0].(map[string]any)
	if it["Name"] != "p" || it["SelfInfo"].(map[string]any)["Role"] != "Member" || it["Type"] != nil {
		t.Errorf("filtered joined item %v", it)
	}
	// import_group keeps its CreateTime; import_group_member checks JoinTime against it.
	created := epoch.Unix() - 3600
	r = hs.ok(gsvc+"import_group", jsonf(`{"Owner_Account":"o","Type":"Public","Name":"imp","CreateTime":%d}`, created))
	imp := r.Body["GroupId"].(string)
	if info := hs.groupInfo(imp, ""); info["CreateTime"] != float64(created) {
		t.Errorf("imported CreateTime %v", info["CreateTime"])
	}
	r = hs.ok(gsvc+"import_group_member", jsonf(`{"GroupId":%q,"MemberList":[{"Member_Account":"m","Role":"Admin","JoinTime":%d},{"Member_Account":"n","JoinTime":%d},{"Member_Account":"o"}]}`, imp, created+10, created-10))
	results := map[string]float64{}
	for _, it := range r.Body["MemberList"].([]any) {
		m := it.(map[string]any)
		results[m["Member_Account"].(string)] = m["Result"].(float64)
	}
	if results["m"] != 1 || results["n"] != 0 || results["o"] != 2 {
		t.Errorf("import results %v", results)
	}
	if got := hs.roles(imp, "m", "n"); got["m"] != "Admin" || got["n"] != "NotMember" {
		t.Errorf("imported roles %v", got)
	}
}
