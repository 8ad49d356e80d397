package emulator

import (
	"slices"
	"strings"
	"testing"
)

// groups returns owner's lists as group_get gives them with members:
// name -> members.
func (hs *harness) groups(owner string) map[string][]string {
	hs.t.Helper()
	r := hs.ok("sns/group_get", jsonf(`{"From_Account":%q,"NeedFriend":"Need_Friend_Type_Yes"}`, owner))
	out := map[string][]string{}
	items, _ := r.Body["ResultItem"].([]any)
	for _, it := range items {
		m := it.(map[string]any)
		var members []string
		for _, a := range m["To_Account"].([]any) {
			members = append(members, a.(string))
		}
		if n := int(m["FriendNumber"].(float64)); n != len(members) {
			hs.t.Fatalf("group_get: FriendNumber %d with %d members in %s", n, len(members), r.Raw)
		}
		out[m["GroupName"].(string)] = members
	}
	return out
}

func TestFriendListsLimitsAndCodes(t *testing.T) {
	names := func(n int) string {
		var q []string
		for i := range n {
			q = append(q, jsonf(`"l%d"`, i))
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"one list", `{"From_Account":"a","GroupName":["x"]}`, 0},
		{"32 lists", `{"From_Account":"a","GroupName":` + names(32) + `}`, 0},
		{"33 lists", `{"From_Account":"a","GroupName":` + names(33) + `}`, codeSNSListLimit},
		{"name of 30 bytes", `{"From_Account":"a","GroupName":["` + strings.Repeat("n", 30) + `"]}`, 0},
		{"name of 31 bytes", `{"From_Account":"a","GroupName":["` + strings.Repeat("n", 31) + `"]}`, codeSNSParam},
		{"empty name", `{"From_Account":"a","GroupName":[""]}`, codeSNSParam},
		{"no names", `{"From_Account":"a","GroupName":[]}`, codeSNSParam},
		{"GroupName a string", `{"From_Account":"a","GroupName":"x"}`, codeSNSParam},
		{"GroupName missing", `{"From_Account":"a"}`, codeSNSParam},
		{"a name twice", `{"From_Account":"a","GroupName":["x","x"]}`, codeSNSParam},
		{"From_Account missing", `{"GroupName":["x"]}`, codeSNSParam},
		{"From_Account a number", `{"From_Account":1,"GroupName":["x"]}`, codeSNSParam},
		{"From_Account unknown", `{"From_Account":"nx","GroupName":["x"]}`, codeSNSNoAccount},
		{"To_Account a string", `{"From_Account":"a","GroupName":["x"],"To_Account":"b"}`, codeSNSParam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b")
			if got := hs.call("sns/group_add", tc.body).Code; got != tc.want {
				t.Fatalf("group_add %s: %d, want %d", tc.body, got, tc.want)
			}
			lists := hs.groups("a")
			if tc.want != 0 && len(lists) != 0 {
				t.Errorf("a refused group_add left lists %v", lists)
			}
		})
	}
}

func TestFriendListsLifecycle(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	r := hs.ok("sns/group_add", `{"From_Account":"a","GroupName":["x","y"]}`)
	seq := r.Body["CurrentSequence"].(float64)
	if _, ok := r.Body["ResultItem"]; ok {
		t.Errorf("group_add without To_Account answered a ResultItem: %s", r.Raw)
	}
	if got := hs.call("sns/group_add", `{"From_Account":"a","GroupName":["y"]}`).Code; got != codeSNSParam {
		t.Errorf("adding an existing list: %d, want %d", got, codeSNSParam)
	}
	// A list cap counts the lists already there.
	var more []string
	for i := range 30 {
		more = append(more, jsonf(`"m%d"`, i))
	}
	hs.ok("sns/group_add", `{"From_Account":"a","GroupName":[`+strings.Join(more, ",")+`]}`)
	if got := hs.call("sns/group_add", `{"From_Account":"a","GroupName":["z"]}`).Code; got != codeSNSListLimit {
		t.Errorf("the 33rd list: %d, want %d", got, codeSNSListLimit)
	}
	d := hs.ok("sns/group_delete", `{"From_Account":"a","GroupName":["x"]}`)
	if d.Body["CurrentSequence"].(float64) <= seq {
		t.Errorf("CurrentSequence %v after a delete, want more than %v", d.Body["CurrentSequence"], seq)
	}
	if got := hs.call("sns/group_delete", `{"From_Account":"a","GroupName":["x"]}`).Code; got != codeSNSParam {
		t.Errorf("deleting a list that is gone: %d, want %d", got, codeSNSParam)
	}
	lists := hs.groups("a")
	if _, ok := lists["x"]; ok || len(lists) != 31 {
		t.Errorf("after deleting x: %d lists %v, want 31 without x", len(lists), lists)
	}
	hs.ok("sns/group_add", `{"From_Account":"a","GroupName":["z"]}`) // room again
	// Only the lists named, in the order named; unknown names are left out.
	g := hs.ok("sns/group_get", `{"From_Account":"a","GroupName":["z","nope","y"]}`)
	items := g.Body["ResultItem"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["GroupName"] != "z" || items[1].(map[string]any)["GroupName"] != "y" {
		t.Errorf("group_get of z, nope, y: %s", g.Raw)
	}
	if _, ok := items[0].(map[string]any)["To_Account"]; ok {
		t.Errorf("group_get without NeedFriend listed members: %s", g.Raw)
	}
	// b's lists are its own.
	if got := hs.groups("b"); len(got) != 0 {
		t.Errorf("b's lists: %v, want none", got)
	}
}

func TestFriendListMembers(t *testing.T) {
	if !slices.Contains(Endpoints(), "sns/friend_import") {
		t.Skip("sns/friend_import is not served yet")
	}
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c", "d")
	hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_T"},{"To_Account":"c","AddSource":"AddSource_Type_T"}]}`)
	r := hs.ok("sns/group_add", `{"From_Account":"a","GroupName":["x","y"],"To_Account":["b","d","c"]}`)
	fails, _ := r.Body["Fail_Account"].([]any)
	if len(fails) != 1 || fails[0] != "d" {
		t.Errorf("Fail_Account %v, want [d] (not a friend)", fails)
	}
	for _, it := range r.Body["ResultItem"].([]any) {
		m := it.(map[string]any)
		want := 0.0
		if m["To_Account"] == "d" {
			want = codeSNSListNotFrien
		}
		if m["ResultCode"] != want {
			t.Errorf("ResultItem %v, want ResultCode %v", m, want)
		}
	}
	lists := hs.groups("a")
	for _, n := range []string{"x", "y"} {
		if !slices.Equal(lists[n], []string{"b", "c"}) {
			t.Errorf("list %s holds %v, want [b c]", n, lists[n])
		}
	}
	// Deleting a list leaves the friendship.
	hs.ok("sns/group_delete", `{"From_Account":"a","GroupName":["x"]}`)
	if got := hs.groups("a"); !slices.Equal(got["y"], []string{"b", "c"}) || got["x"] != nil {
		t.Errorf("after deleting x: %v", got)
	}
	chk := hs.ok("sns/friend_check", `{"From_Account":"a","To_Account":["b"],"CheckType":"CheckResult_Type_Single"}`)
	if !strings.Contains(chk.Raw, "CheckResult_Type_AWithB") {
		t.Errorf("a and b after deleting a list: %s, want still friends", chk.Raw)
	}
	// Blocking ends the friendship, and takes the friend out of the lists.
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b"]}`)
	if got := hs.groups("a"); !slices.Equal(got["y"], []string{"c"}) {
		t.Errorf("after blocking b: list y holds %v, want [c]", got["y"])
	}
}
