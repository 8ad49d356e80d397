package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

func (hs *harness) allow(id, how string) {
	hs.t.Helper()
	hs.ok("profile/portrait_set", jsonf(`{"From_Account":%q,"ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":%q}]}`, id, how))
}

// addCodes sends friend_add and returns each account's ResultCode.
func (hs *harness) addCodes(body string) map[string]int {
	hs.t.Helper()
	r := hs.ok("sns/friend_add", body)
	assertSchema(hs.t.(*testing.T), "sns/friend_add", r.Raw)
	return resultCodes(hs.t, r)
}

func resultCodes(t testing.TB, r reply) map[string]int {
	t.Helper()
	var out struct {
		ResultItem []struct {
			To_Account string
			ResultCode int
		}
		Fail_Account []string
	}
	json.Unmarshal([]byte(r.Raw), &out)
	codes := map[string]int{}
	failed := 0
	for _, it := range out.ResultItem {
		codes[it.To_Account] = it.ResultCode
		if it.ResultCode != 0 {
			failed++
		}
	}
	if len(out.Fail_Account) != failed {
		t.Errorf("Fail_Account %v for %d failed items: %s", out.Fail_Account, failed, r.Raw)
	}
	return codes
}

// relation is what friend_check (CheckResult_Type_Both) says of a and b.
func (hs *harness) relation(a, b string) string {
	hs.t.Helper()
	r := hs.ok("sns/friend_check", jsonf(`{"From_Account":%q,"To_Account":[%q],"CheckType":"CheckResult_Type_Both"}`, a, b))
	var out struct{ InfoItem []struct{ Relation string } }
	json.Unmarshal([]byte(r.Raw), &out)
	if len(out.InfoItem) != 1 {
		hs.t.Fatalf("friend_check: %s", r.Raw)
	}
	return out.InfoItem[0].Relation
}

type friendPage struct {
	UserDataItem []struct {
		To_Account string
		ValueItem  []struct {
			Tag   string
			Value json.RawMessage
		}
	}
	StandardSequence, CustomSequence int64
	FriendNum, CompleteFlag          int
	NextStartIndex                   int
}

func (hs *harness) friendPage(owner string, start int, std, custom int64) friendPage {
	hs.t.Helper()
	r := hs.ok("sns/friend_get", jsonf(`{"From_Account":%q,"StartIndex":%d,"StandardSequence":%d,"CustomSequence":%d}`, owner, start, std, custom))
	assertSchema(hs.t.(*testing.T), "sns/friend_get", r.Raw)
	var p friendPage
	json.Unmarshal([]byte(r.Raw), &p)
	return p
}

// fields returns the friend's fields as friend_get_list gives them, raw.
func (hs *harness) fields(owner, friend string, tags ...string) (map[string]string, int) {
	hs.t.Helper()
	tl, _ := json.Marshal(tags)
	r := hs.ok("sns/friend_get_list", jsonf(`{"From_Account":%q,"To_Account":[%q],"TagList":%s}`, owner, friend, tl))
	assertSchema(hs.t.(*testing.T), "sns/friend_get_list", r.Raw)
	var out struct {
		InfoItem []struct {
			SnsProfileItem []struct {
				Tag   string
				Value json.RawMessage
			}
			ResultCode int
		}
	}
	json.Unmarshal([]byte(r.Raw), &out)
	if len(out.InfoItem) != 1 {
		hs.t.Fatalf("friend_get_list: %s", r.Raw)
	}
	got := map[string]string{}
	for _, it := range out.InfoItem[0].SnsProfileItem {
		got[it.Tag] = string(it.Value)
	}
	return got, out.InfoItem[0].ResultCode
}

func TestFriendAddSettings(t *testing.T) {
	for _, c := range []struct {
		name, allowB, body string
		code               int
		rel                string // a's relation with b afterwards
	}{
		{"one-way to anyone", allowAny, `"AddType":"Add_Type_Single"`, 0, relAB},
		{"one-way to a confirmer", allowNeedConfirm, `"AddType":"Add_Type_Single"`, 0, relAB},
		{"two-way to anyone", allowAny, `"AddType":"Add_Type_Both"`, 0, relBoth},
		{"two-way by default", allowAny, `"AddType":"Add_Type_Both"`, 0, relBoth},
		{"two-way to a confirmer: pending", allowNeedConfirm, `"AddType":"Add_Type_Both"`, codeFriendPending, relNone},
		{"two-way to a confirmer, forced", allowNeedConfirm, `"AddType":"Add_Type_Both","ForceAddFlags":1`, 0, relBoth},
		{"to a refuser", denyAny, `"AddType":"Add_Type_Both"`, codeFriendDenyAny, relNone},
		{"one-way to a refuser", denyAny, `"AddType":"Add_Type_Single"`, codeFriendDenyAny, relNone},
		{"to a refuser, forced", denyAny, `"AddType":"Add_Type_Single","ForceAddFlags":1`, 0, relAB},
	} {
		t.Run(c.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b")
			hs.allow("b", c.allowB)
			codes := hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_Web"}],` + c.body + `}`)
			if codes["b"] != c.code {
				t.Errorf("ResultCode %d, want %d", codes["b"], c.code)
			}
			if got := hs.relation("a", "b"); got != c.rel {
				t.Errorf("relation %s, want %s", got, c.rel)
			}
		})
	}
}

func TestFriendAddDefaultIsTwoWayAndNeedsConfirmation(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.allow("c", allowAny)
	codes := hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"},{"To_Account":"c"}]}`)
	if codes["b"] != codeFriendPending || codes["c"] != 0 {
		t.Errorf("codes %v: b never set AllowType (NeedConfirm), c allows anyone", codes)
	}
	if hs.relation("a", "c") != relBoth || hs.relation("c", "a") != relBoth || hs.relation("a", "b") != relNone {
		t.Error("relations after the default (two-way) add")
	}
}

func TestFriendAddItemCodes(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "forbidden")
	hs.allow("b", allowAny)
	hs.ok("profile/portrait_set", `{"From_Account":"forbidden","ProfileItem":[{"Tag":"Tag_Profile_IM_AdminForbidType","Value":"AdminForbid_Type_SendOut"}]}`)
	codes := hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"a"},{"To_Account":"nx"},{"To_Account":"b"}]}`)
	if codes["a"] != codeSNSParam || codes["nx"] != codeSNSNoAccount || codes["b"] != 0 {
		t.Errorf("codes %v", codes)
	}
	if c := hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}]}`); c["b"] != 0 {
		t.Errorf("adding a friend again: %v", c)
	}
	if c := hs.addCodes(`{"From_Account":"forbidden","AddFriendItem":[{"To_Account":"b"}]}`); c["b"] != codeFriendForbidden {
		t.Errorf("AdminForbid_Type_SendOut: %v", c)
	}
	if c := hs.addCodes(`{"From_Account":"forbidden","AddFriendItem":[{"To_Account":"b"}],"ForceAddFlags":1}`); c["b"] != 0 {
		t.Errorf("AdminForbid_Type_SendOut, forced: %v", c)
	}
}

func TestFriendCallErrors(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, c := range []struct {
		name, path, body string
		code             int
	}{
		{"add: no From_Account", "sns/friend_add", `{"AddFriendItem":[{"To_Account":"b"}]}`, codeSNSParam},
		{"add: unknown From_Account", "sns/friend_add", `{"From_Account":"nx","AddFriendItem":[{"To_Account":"b"}]}`, codeSNSNoAccount},
		{"add: no items", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[]}`, codeSNSParam},
		{"add: item without To_Account", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"Remark":"r"}]}`, codeSNSParam},
		{"add: bad AddType", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}],"AddType":"Both"}`, codeSNSParam},
		{"add: bad ForceAddFlags", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}],"ForceAddFlags":2}`, codeSNSParam},
		{"add: AddSource without prefix", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"Web"}]}`, codeSNSParam},
		{"add: AddSource keyword of 9 letters", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_Ninechars"}]}`, codeSNSParam},
		{"add: Remark of 97 bytes", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","Remark":"` + long(97) + `"}]}`, codeSNSParam},
		{"add: AddWording of 257 bytes", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddWording":"` + long(257) + `"}]}`, codeSNSParam},
		{"add: empty GroupName", "sns/friend_add", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","GroupName":""}]}`, codeSNSParam},
		{"import: no AddSource", "sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}]}`, codeSNSParam},
		{"import: 33 lists", "sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","GroupName":[` + lists(33) + `]}]}`, codeSNSParam},
		{"import: list name of 31 bytes", "sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","GroupName":["` + long(31) + `"]}]}`, codeSNSParam},
		{"import: undefined custom field", "sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","CustomItem":[{"Tag":"Tag_SNS_Custom_Other","Value":"v"}]}]}`, codeSNSParam},
		{"import: negative AddTime", "sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","AddTime":-1}]}`, codeSNSParam},
		{"update: AddSource is not updatable", "sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"b","SnsItem":[{"Tag":"Tag_SNS_IM_AddSource","Value":"AddSource_Type_X"}]}]}`, codeSNSParam},
		{"update: Remark a number", "sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"b","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":1}]}]}`, codeSNSParam},
		{"update: custom value too long", "sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"b","SnsItem":[{"Tag":"Tag_SNS_Custom_Mood","Value":"` + long(501) + `"}]}]}`, codeSNSParam},
		{"update: no SnsItem", "sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"b"}]}`, codeSNSParam},
		{"delete: To_Account a string", "sns/friend_delete", `{"From_Account":"a","To_Account":"b"}`, codeSNSParam},
		{"delete: 1001 accounts", "sns/friend_delete", `{"From_Account":"a","To_Account":[` + strings.TrimSuffix(strings.Repeat(`"b",`, 1001), ",") + `]}`, codeSNSParam},
		{"delete: bad DeleteType", "sns/friend_delete", `{"From_Account":"a","To_Account":["b"],"DeleteType":"Single"}`, codeSNSParam},
		{"delete_all: unknown From_Account", "sns/friend_delete_all", `{"From_Account":"nx"}`, codeSNSNoAccount},
		{"check: no CheckType", "sns/friend_check", `{"From_Account":"a","To_Account":["b"]}`, codeSNSParam},
		{"get: no StartIndex", "sns/friend_get", `{"From_Account":"a"}`, codeSNSParam},
		{"get: StartIndex a string", "sns/friend_get", `{"From_Account":"a","StartIndex":"0"}`, codeSNSParam},
		{"get_list: unknown tag", "sns/friend_get_list", `{"From_Account":"a","To_Account":["b"],"TagList":["Tag_SNS_IM_Shoe"]}`, codeSNSParam},
		{"get_list: undefined custom profile tag", "sns/friend_get_list", `{"From_Account":"a","To_Account":["b"],"TagList":["Tag_Profile_Custom_Other"]}`, codeSNSParam},
		{"get_list: body not JSON", "sns/friend_get_list", `[]`, codeSNSParam},
	} {
		t.Run(c.name, func(t *testing.T) {
			hs := newHarness(t, Options{ProfileCustomTags: []string{"Tag_SNS_Custom_Mood"}})
			hs.importAccounts("a", "b")
			hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","Remark":"before"}]}`)
			r := hs.call(c.path, c.body)
			if r.Code != c.code {
				t.Errorf("%s: got %d %s, want %d", c.body, r.Code, r.Raw, c.code)
			}
			assertSchema(t, c.path, r.Raw)
			if got, code := hs.fields("a", "b", tagRemark); code != 0 || got[tagRemark] != `"before"` {
				t.Errorf("a failed call changed the friendship: %v %d", got, code)
			}
		})
	}
}

func lists(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf(`"list%d"`, i)
	}
	return strings.Join(names, ",")
}

func TestFriendFieldsRoundTrip(t *testing.T) {
	hs := newHarness(t, Options{ProfileCustomTags: []string{"Tag_SNS_Custom_Mood", "Tag_SNS_Custom_Score", "Tag_Profile_Custom_Hobby"}})
	hs.importAccounts("a", "b", "c")
	hs.allow("b", allowAny)
	hs.ok("profile/portrait_set", `{"From_Account":"b","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"bee"},{"Tag":"Tag_Profile_IM_Level","Value":5}]}`)
	hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b","Remark":"rem","GroupName":"Classmates","AddSource":"AddSource_Type_Android","AddWording":"hi"}],"AddType":"Add_Type_Single"}`)
	got, code := hs.fields("a", "b", tagRemark, tagGroup, tagSource, tagWording, tagAddTime, tagNick, "Tag_Profile_IM_Level", "Tag_Profile_Custom_Hobby", "Tag_SNS_Custom_Mood")
	want := map[string]string{tagRemark: `"rem"`, tagGroup: `["Classmates"]`, tagSource: `"AddSource_Type_Android"`, tagWording: `"hi"`,
		tagAddTime: fmt.Sprint(epoch.Unix()), tagNick: `"bee"`, "Tag_Profile_IM_Level": `5`, "Tag_Profile_Custom_Hobby": `""`}
	if code != 0 || len(got) != len(want) {
		t.Errorf("friend_get_list gave %v (code %d), want %v (an unset custom friend field left out)", got, code, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %s, want %s", k, got[k], w)
		}
	}
	hs.ok("sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"b","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"new"},{"Tag":"Tag_SNS_IM_Group","Value":["g1","g2"]},{"Tag":"Tag_SNS_Custom_Mood","Value":"happy"},{"Tag":"Tag_SNS_Custom_Score","Value":7}]}]}`)
	got, _ = hs.fields("a", "b", tagRemark, tagGroup, "Tag_SNS_Custom_Mood", "Tag_SNS_Custom_Score")
	if got[tagRemark] != `"new"` || got[tagGroup] != `["g1","g2"]` || got["Tag_SNS_Custom_Mood"] != `"happy"` || got["Tag_SNS_Custom_Score"] != `7` {
		t.Errorf("after friend_update: %v", got)
	}
	// b's side holds a only for a two-way add; a is not b's friend here.
	if _, code := hs.fields("b", "a", tagRemark); code != codeSNSParam {
		t.Errorf("b's entry for a after a one-way add: code %d, want 30001", code)
	}
	r := hs.ok("sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"c","SnsItem":[{"Tag":"Tag_SNS_IM_Remark","Value":"x"}]}]}`)
	if codes := resultCodes(t, r); codes["c"] != codeSNSParam {
		t.Errorf("updating a non-friend: %v", codes)
	}
	hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"c","AddSource":"AddSource_Type_Old","GroupName":["old"],"AddTime":1420000001,"CustomItem":[{"Tag":"Tag_SNS_Custom_Score","Value":0}]}]}`)
	got, _ = hs.fields("a", "c", tagSource, tagGroup, tagAddTime, "Tag_SNS_Custom_Score", tagRemark)
	if got[tagSource] != `"AddSource_Type_Old"` || got[tagGroup] != `["old"]` || got[tagAddTime] != `1420000001` || got["Tag_SNS_Custom_Score"] != `0` || got[tagRemark] != "" {
		t.Errorf("imported friend: %v", got)
	}
	if hs.relation("a", "c") != relAB {
		t.Error("friend_import is one-way")
	}
}

func TestFriendListLimit(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X","GroupName":[`+lists(32)+`]},{"To_Account":"c","AddSource":"AddSource_Type_X"}]}`)
	r := hs.ok("sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"c","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":["list0","extra"]}]}]}`)
	if codes := resultCodes(t, r); codes["c"] != codeSNSListLimit {
		t.Errorf("a 33rd list: %v", codes)
	}
	r = hs.ok("sns/friend_update", `{"From_Account":"a","UpdateItem":[{"To_Account":"c","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":["list0","list31"]}]}]}`)
	if codes := resultCodes(t, r); codes["c"] != 0 {
		t.Errorf("existing lists: %v", codes)
	}
}

func TestFriendGetPagesAndSequences(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true, ProfileCustomTags: []string{"Tag_SNS_Custom_Mood"}})
	ids := []string{"owner"}
	var items []string
	for i := 0; i < 150; i++ {
		id := fmt.Sprintf("f%03d", i)
		ids = append(ids, id)
		items = append(items, jsonf(`{"To_Account":%q,"AddSource":"AddSource_Type_X"}`, id))
	}
	hs.importAccounts(ids...)
	hs.ok("sns/friend_import", `{"From_Account":"owner","AddFriendItem":[`+strings.Join(items[:100], ",")+`]}`)
	hs.ok("sns/friend_import", `{"From_Account":"owner","AddFriendItem":[`+strings.Join(items[100:], ",")+`]}`)
	p1 := hs.friendPage("owner", 0, 0, 0)
	if len(p1.UserDataItem) != friendPageSize || p1.CompleteFlag != 0 || p1.NextStartIndex != friendPageSize || p1.FriendNum != 150 {
		t.Fatalf("page 1: %d friends, CompleteFlag %d, NextStartIndex %d, FriendNum %d", len(p1.UserDataItem), p1.CompleteFlag, p1.NextStartIndex, p1.FriendNum)
	}
	p2 := hs.friendPage("owner", p1.NextStartIndex, 0, 0)
	if len(p2.UserDataItem) != 50 || p2.CompleteFlag == 0 || p2.NextStartIndex != 0 {
		t.Fatalf("page 2: %d friends, CompleteFlag %d, NextStartIndex %d", len(p2.UserDataItem), p2.CompleteFlag, p2.NextStartIndex)
	}
	seen := map[string]bool{}
	for _, p := range []friendPage{p1, p2} {
		for _, d := range p.UserDataItem {
			seen[d.To_Account] = true
			if len(d.ValueItem) != 2 || d.ValueItem[0].Tag != tagSource || d.ValueItem[1].Tag != tagAddTime {
				t.Errorf("%s: ValueItem %v", d.To_Account, d.ValueItem)
			}
		}
	}
	if len(seen) != 150 || p1.UserDataItem[0].To_Account != "f000" {
		t.Errorf("pages hold %d distinct friends, first %s", len(seen), p1.UserDataItem[0].To_Account)
	}
	// The same sequences again: the standard fields are left out.
	same := hs.friendPage("owner", 0, p1.StandardSequence, p1.CustomSequence)
	if len(same.UserDataItem) != friendPageSize || len(same.UserDataItem[0].ValueItem) != 0 {
		t.Errorf("unchanged sequences: %v", same.UserDataItem[0])
	}
	hs.ok("sns/friend_update", `{"From_Account":"owner","UpdateItem":[{"To_Account":"f000","SnsItem":[{"Tag":"Tag_SNS_Custom_Mood","Value":"m"}]}]}`)
	after := hs.friendPage("owner", 0, p1.StandardSequence, p1.CustomSequence)
	if after.StandardSequence != p1.StandardSequence || after.CustomSequence == p1.CustomSequence {
		t.Errorf("a custom update moved the sequences from %d/%d to %d/%d", p1.StandardSequence, p1.CustomSequence, after.StandardSequence, after.CustomSequence)
	}
	if v := after.UserDataItem[0].ValueItem; len(v) != 1 || v[0].Tag != "Tag_SNS_Custom_Mood" {
		t.Errorf("after a custom update, with the old sequences: %v", v)
	}
	hs.ok("sns/friend_delete", `{"From_Account":"owner","To_Account":["f000"],"DeleteType":"Delete_Type_Single"}`)
	if p := hs.friendPage("owner", 0, 0, 0); p.FriendNum != 149 || p.UserDataItem[0].To_Account != "f001" || p.StandardSequence == after.StandardSequence {
		t.Errorf("after a deletion: FriendNum %d, first %s, StandardSequence %d", p.FriendNum, p.UserDataItem[0].To_Account, p.StandardSequence)
	}
	if p := hs.friendPage("owner", 500, 0, 0); len(p.UserDataItem) != 0 || p.CompleteFlag == 0 {
		t.Errorf("past the end: %d friends, CompleteFlag %d", len(p.UserDataItem), p.CompleteFlag)
	}
	if p := hs.friendPage("f001", 0, 0, 0); len(p.UserDataItem) != 0 || p.FriendNum != 0 || p.CompleteFlag == 0 {
		t.Errorf("a user without friends: %+v", p)
	}
}

func TestFriendDelete(t *testing.T) {
	for _, c := range []struct {
		name, path, extra string
		ab, ba            string // relations of a with b and of a with c afterwards
		pairs             int
	}{
		{"one-way", "sns/friend_delete", `"To_Account":["b","c"],"DeleteType":"Delete_Type_Single"`, relBA, relBA, 2},
		{"two-way", "sns/friend_delete", `"To_Account":["b","c"],"DeleteType":"Delete_Type_Both"`, relNone, relNone, 4},
		{"two-way by default", "sns/friend_delete", `"To_Account":["b","c"]`, relNone, relNone, 4},
		{"all, one-way by default", "sns/friend_delete_all", ``, relBA, relBA, 2},
		{"all, two-way", "sns/friend_delete_all", `"DeleteType":"Delete_Type_Both"`, relNone, relNone, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			rc := newReceiver(t)
			hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
			defer hs.h.Close()
			hs.importAccounts("a", "b", "c")
			hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"},{"To_Account":"c"}],"ForceAddFlags":1}`)
			body := `{"From_Account":"a"`
			if c.extra != "" {
				body += "," + c.extra
			}
			r := hs.ok(c.path, body+"}")
			assertSchema(t, c.path, r.Raw)
			if got := hs.relation("a", "b"); got != c.ab {
				t.Errorf("a with b: %s, want %s", got, c.ab)
			}
			if got := hs.relation("a", "c"); got != c.ba {
				t.Errorf("a with c: %s, want %s", got, c.ba)
			}
			g := rc.wait(t, "Sns.CallbackFriendDelete", 1)[0]
			validCallback(t, g)
			if pl, _ := g.Body["PairList"].([]any); len(pl) != c.pairs {
				t.Errorf("PairList %s, want %d pairs", g.Raw, c.pairs)
			}
		})
	}
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.addCodes(`{"From_Account":"b","AddFriendItem":[{"To_Account":"a"}],"AddType":"Add_Type_Single","ForceAddFlags":1}`)
	r := hs.ok("sns/friend_delete", `{"From_Account":"a","To_Account":["b","c","nx"],"DeleteType":"Delete_Type_Single"}`)
	if codes := resultCodes(t, r); codes["b"] != codeFriendNotFriend || codes["c"] != codeFriendNotFriend || codes["nx"] != codeFriendNotFriend {
		t.Errorf("deleting non-friends one-way: %v", codes)
	}
	r = hs.ok("sns/friend_delete", `{"From_Account":"a","To_Account":["b"],"DeleteType":"Delete_Type_Both"}`)
	if codes := resultCodes(t, r); codes["b"] != 0 || hs.relation("a", "b") != relNone {
		t.Errorf("two-way deletion of b, who listed a: %v", codes)
	}
}

func TestFriendCheckRelations(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "both", "mine", "theirs", "none")
	hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"both"}],"ForceAddFlags":1}`)
	hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"mine"}],"AddType":"Add_Type_Single","ForceAddFlags":1}`)
	hs.addCodes(`{"From_Account":"theirs","AddFriendItem":[{"To_Account":"a"}],"AddType":"Add_Type_Single","ForceAddFlags":1}`)
	for _, kind := range []string{"CheckResult_Type_Both", "CheckResult_Type_Single"} {
		r := hs.ok("sns/friend_check", jsonf(`{"From_Account":"a","To_Account":["both","mine","theirs","none","nx"],"CheckType":%q}`, kind))
		assertSchema(t, "sns/friend_check", r.Raw)
		var out struct {
			InfoItem []struct {
				To_Account, Relation string
				ResultCode           int
			}
		}
		json.Unmarshal([]byte(r.Raw), &out)
		got := map[string]string{}
		for _, it := range out.InfoItem {
			got[it.To_Account] = it.Relation
		}
		want := map[string]string{"both": relBoth, "mine": relAB, "theirs": relBA, "none": relNone, "nx": relNone}
		if kind == "CheckResult_Type_Single" {
			want = map[string]string{"both": relAB, "mine": relAB, "theirs": relNone, "none": relNone, "nx": relNone}
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %s is %s, want %s", kind, k, got[k], w)
			}
		}
	}
}

func TestFriendGetListNotFriend(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_X"}]}`)
	r := hs.ok("sns/friend_get_list", `{"From_Account":"a","To_Account":["b","c","nx"],"TagList":["Tag_SNS_IM_AddSource","Tag_Profile_IM_Nick"]}`)
	assertSchema(t, "sns/friend_get_list", r.Raw)
	codes := resultCodes(t, reply{Raw: strings.Replace(r.Raw, "InfoItem", "ResultItem", 1)})
	if codes["b"] != 0 || codes["c"] != codeSNSParam || codes["nx"] != codeSNSParam {
		t.Errorf("codes %v", codes)
	}
}

// Deleting an account ends its friendships: re-imported, it starts with none.
func TestFriendshipsEndWithTheAccount(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}],"ForceAddFlags":1}`)
	hs.ok("im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"b"}]}`)
	if p := hs.friendPage("a", 0, 0, 0); p.FriendNum != 0 {
		t.Errorf("a still lists the deleted b: %+v", p)
	}
	hs.importAccounts("b")
	if got := hs.relation("a", "b"); got != relNone {
		t.Errorf("re-imported b: %s", got)
	}
	if p := hs.friendPage("b", 0, 0, 0); p.FriendNum != 0 {
		t.Errorf("re-imported b inherits friends: %+v", p)
	}
}

func TestFriendAddCallbacks(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("a", "b", "c", "d")
	hs.allow("b", allowAny)
	hs.ok("sns/friend_import", `{"From_Account":"d","AddFriendItem":[{"To_Account":"a","AddSource":"AddSource_Type_X"}]}`)
	hs.addCodes(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"},{"To_Account":"c"}],"AddType":"Add_Type_Both"}`) // c needs confirmation
	g := rc.wait(t, "Sns.CallbackFriendAdd", 1)[0]
	validCallback(t, g)
	var body struct {
		PairList                 []struct{ From_Account, To_Account, Initiator_Account string }
		ClientCmd, Admin_Account string
		ForceFlag                int
	}
	json.Unmarshal(g.Raw, &body)
	var pairs []string
	for _, p := range body.PairList {
		pairs = append(pairs, p.From_Account+">"+p.To_Account+"/"+p.Initiator_Account)
	}
	sort.Strings(pairs)
	if strings.Join(pairs, " ") != "a>b/a b>a/a" || body.ClientCmd != "friend_add" || body.Admin_Account != TestAdmin || body.ForceFlag != 0 {
		t.Errorf("callback %s", g.Raw)
	}
	hs.h.Close()
	rc.mu.Lock()
	for _, got := range rc.got {
		if cmd := got.Query.Get("CallbackCommand"); cmd == "Sns.CallbackPrevFriendAdd" {
			t.Errorf("REST friend_add sent %s", cmd)
		}
	}
	rc.mu.Unlock()
	if n := len(rc.wait(t, "Sns.CallbackFriendAdd", 1)); n != 1 {
		t.Errorf("%d CallbackFriendAdd, want 1: friend_import and a pending request fire none", n)
	}
}

// A friend request from a client goes through Sns.CallbackPrevFriendAdd,
// whose ResultItem gates each account; no answer lets it through.
func TestPrevFriendAddGatesClientRequests(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = func(cmd string, body map[string]any) string {
		if cmd == "Sns.CallbackPrevFriendAdd" {
			return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"To_Account":"b","ResultCode":0},{"To_Account":"c","ResultCode":38001,"ResultInfo":"no"}]}`
		}
		return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	}
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("a", "b", "c")
	body := `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_Web"},{"To_Account":"c"}],"ForceAddFlags":1}`
	f, _ := decodeBody([]byte(body))
	res, aerr := addFriends(hs.h, &call{f: f, now: hs.clock(), identifier: "a"}, true)
	if aerr != nil {
		t.Fatal(aerr)
	}
	raw, _ := json.Marshal(res)
	if codes := resultCodes(t, reply{Raw: string(raw)}); codes["b"] != 0 || codes["c"] != 38001 {
		t.Errorf("codes %v", codes)
	}
	prev := rc.wait(t, "Sns.CallbackPrevFriendAdd", 1)[0]
	validCallback(t, prev)
	if prev.Body["From_Account"] != "a" || prev.Body["Requester_Account"] != "a" || len(prev.Body["FriendItem"].([]any)) != 2 {
		t.Errorf("callback %s", prev.Raw)
	}
	if hs.relation("a", "b") != relBoth || hs.relation("a", "c") != relNone {
		t.Error("relations after the gated request")
	}
}

func TestPrevFriendAddTimeout(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		hs := newHarness(t, Options{CallbackURL: "http://127.0.0.1:1/", CallbackTimeout: 50 * time.Millisecond, RefuseOnCallbackTimeout: refuse})
		hs.importAccounts("a", "b")
		f, _ := decodeBody([]byte(`{"From_Account":"a","AddFriendItem":[{"To_Account":"b"}],"ForceAddFlags":1}`))
		addFriends(hs.h, &call{f: f, now: hs.clock(), identifier: "a"}, true)
		want := relBoth
		if refuse {
			want = relNone
		}
		if got := hs.relation("a", "b"); got != want {
			t.Errorf("RefuseOnCallbackTimeout %v: %s, want %s", refuse, got, want)
		}
		hs.h.Close()
	}
}

// The control API's friends/request and friends/respond: a client's request
// goes through Sns.CallbackPrevFriendAdd and the receiver's AllowType; its
// response through Sns.CallbackPrevFriendResponse.
func TestClientFriendRequests(t *testing.T) {
	rc := newReceiver(t)
	rc.answer = func(cmd string, body map[string]any) string {
		switch cmd {
		case "Sns.CallbackPrevFriendAdd":
			if it, _ := body["FriendItem"].([]any); len(it) == 1 && it[0].(map[string]any)["To_Account"] == "d" {
				return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"To_Account":"d","ResultCode":38002}]}`
			}
		case "Sns.CallbackPrevFriendResponse":
			if body["From_Account"] == "e" {
				return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"To_Account":"a","ResultCode":38003}]}`
			}
		}
		return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	}
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL, NoLimits: true})
	defer hs.h.Close()
	hs.importAccounts("a", "b", "c", "d", "e", "f")
	hs.allow("b", allowAny)
	code := func(status int, out map[string]any) int {
		t.Helper()
		if status != http.StatusOK {
			t.Fatalf("control call: HTTP %d %v", status, out)
		}
		return int(out["ResultCode"].(float64))
	}
	steps := []struct {
		path, body string
		want       int
	}{
		{"friends/request", `{"From_Account":"a","To_Account":"b","AddSource":"AddSource_Type_Web","AddWording":"hi"}`, 0},
		{"friends/request", `{"From_Account":"a","To_Account":"c"}`, codeFriendPending},
		{"friends/request", `{"From_Account":"a","To_Account":"d"}`, 38002},
		{"friends/request", `{"From_Account":"a","To_Account":"e"}`, codeFriendPending},
		{"friends/request", `{"From_Account":"a","To_Account":"f"}`, codeFriendPending},
		{"friends/respond", `{"From_Account":"c","To_Account":"a","Accept":true,"Remark":"r","GroupName":"g"}`, 0},
		{"friends/respond", `{"From_Account":"e","To_Account":"a","Accept":true}`, 38003},
		{"friends/respond", `{"From_Account":"f","To_Account":"a","Accept":false}`, 0},
	}
	for _, st := range steps {
		if got := code(hs.controlCall(http.MethodPost, st.path, st.body)); got != st.want {
			t.Errorf("%s %s: ResultCode %d, want %d", st.path, st.body, got, st.want)
		}
	}
	for _, w := range []struct{ a, b, rel string }{{"a", "b", relBoth}, {"a", "c", relBoth}, {"a", "d", relNone}, {"a", "e", relNone}, {"a", "f", relNone}} {
		if got := hs.relation(w.a, w.b); got != w.rel {
			t.Errorf("%s-%s: %s, want %s", w.a, w.b, got, w.rel)
		}
	}
	// e's refused response leaves the request pending; f's refusal drops it.
	if status, _ := hs.controlCall(http.MethodPost, "friends/respond", `{"From_Account":"f","To_Account":"a","Accept":true}`); status != http.StatusNotFound {
		t.Errorf("respond to a dropped request: HTTP %d, want 404", status)
	}
	if status, _ := hs.controlCall(http.MethodPost, "friends/respond", `{"From_Account":"d","To_Account":"a","Accept":true}`); status != http.StatusNotFound {
		t.Errorf("respond to a refused request: HTTP %d, want 404", status)
	}
	prev := rc.wait(t, "Sns.CallbackPrevFriendAdd", 5)
	for _, g := range prev {
		validCallback(t, g)
	}
	if it := prev[0].Body["FriendItem"].([]any)[0].(map[string]any); prev[0].Body["From_Account"] != "a" || it["To_Account"] != "b" || it["AddWording"] != "hi" {
		t.Errorf("PrevFriendAdd %s", prev[0].Raw)
	}
	resp := rc.wait(t, "Sns.CallbackPrevFriendResponse", 3)
	for _, g := range resp {
		validCallback(t, g)
	}
	if it := resp[0].Body["ResponseFriendItem"].([]any)[0].(map[string]any); resp[0].Body["From_Account"] != "c" || it["To_Account"] != "a" || it["ResponseAction"] != "Response_Action_AgreeAndAdd" || it["TagName"] != "g" {
		t.Errorf("PrevFriendResponse %s", resp[0].Raw)
	}
	if f, _ := hs.fields("c", "a", "Tag_SNS_IM_Remark"); f["Tag_SNS_IM_Remark"] != `"r"` {
		t.Errorf("c's remark of a: %q, want r", f["Tag_SNS_IM_Remark"])
	}
	for _, g := range rc.wait(t, "Sns.CallbackFriendAdd", 2) {
		validCallback(t, g)
		if g.Body["ClientCmd"] == "FriendResponse" && len(g.Body["PairList"].([]any)) != 2 {
			t.Errorf("CallbackFriendAdd of the response %s", g.Raw)
		}
	}
	if status, _ := hs.controlCall(http.MethodPost, "friends/request", `{"From_Account":"nobody","To_Account":"b"}`); status != http.StatusNotFound {
		t.Errorf("request from an unknown account: HTTP %d, want 404", status)
	}
}
