package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// itemCodes maps each To_Account of a ResultItem-style list to its code.
func itemCodes(r reply, field string) map[string]int {
	out := map[string]int{}
	items, _ := r.Body[field].([]any)
	for _, it := range items {
		m := it.(map[string]any)
		out[m["To_Account"].(string)] = int(m["ResultCode"].(float64))
	}
	return out
}

func (hs *harness) blocked(owner string) []string {
	hs.t.Helper()
	r := hs.ok("sns/black_list_get", jsonf(`{"From_Account":%q,"StartIndex":0,"MaxLimited":1000,"LastSequence":0}`, owner))
	var out []string
	for _, it := range r.Body["BlackListItem"].([]any) {
		out = append(out, it.(map[string]any)["To_Account"].(string))
	}
	return out
}

func TestBlockListAddDelete(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	r := hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b","b","nx","a"]}`)
	var codes []int
	for _, it := range r.Body["ResultItem"].([]any) {
		codes = append(codes, int(it.(map[string]any)["ResultCode"].(float64)))
	}
	// b is blocked by its first item; its second is "already blocked".
	if want := []int{0, codeSNSParam, codeSNSNoAccount, codeSNSParam}; !slices.Equal(codes, want) {
		t.Errorf("black_list_add item codes %v, want %v", codes, want)
	}
	if fails := r.Body["Fail_Account"].([]any); len(fails) != 3 {
		t.Errorf("Fail_Account %v, want the second b, nx and a", fails)
	}
	if l := hs.blocked("a"); !slices.Equal(l, []string{"b"}) {
		t.Errorf("a's blocklist %v, want [b]", l)
	}
	d := hs.ok("sns/black_list_delete", `{"From_Account":"a","To_Account":["b","c"]}`)
	if got := itemCodes(d, "ResultItem"); got["b"] != 0 || got["c"] != codeSNSParam {
		t.Errorf("black_list_delete items %s, want b 0 and c %d", d.Raw, codeSNSParam)
	}
	if l := hs.blocked("a"); len(l) != 0 {
		t.Errorf("a's blocklist %v after the delete, want none", l)
	}
	for _, tc := range []struct{ path, body string }{
		{"sns/black_list_add", `{"From_Account":"a"}`},
		{"sns/black_list_add", `{"From_Account":"a","To_Account":"b"}`},
		{"sns/black_list_add", `{"From_Account":"a","To_Account":[]}`},
		{"sns/black_list_add", `{"To_Account":["b"]}`},
		{"sns/black_list_delete", `{"From_Account":"a","To_Account":[1]}`},
		{"sns/black_list_check", `{"From_Account":"a","To_Account":["b"],"CheckType":"CheckResult_Type_Both"}`},
		{"sns/black_list_check", `{"From_Account":"a","To_Account":["b"]}`},
		{"sns/black_list_get", `{"From_Account":"a","StartIndex":"0","MaxLimited":1,"LastSequence":0}`},
		{"sns/black_list_get", `{"From_Account":"a","StartIndex":0,"MaxLimited":0,"LastSequence":0}`},
		{"sns/black_list_get", `{"From_Account":"a","StartIndex":0,"MaxLimited":1}`},
	} {
		if got := hs.call(tc.path, tc.body).Code; got != codeSNSParam {
			t.Errorf("%s %s: %d, want %d", tc.path, tc.body, got, codeSNSParam)
		}
	}
	if got := hs.call("sns/black_list_add", `{"From_Account":"nx","To_Account":["b"]}`).Code; got != codeSNSNoAccount {
		t.Errorf("an unknown From_Account: %d, want %d", got, codeSNSNoAccount)
	}
	many := make([]string, maxRelationItems+1)
	for i := range many {
		many[i] = `"b"`
	}
	if got := hs.call("sns/black_list_add", `{"From_Account":"a","To_Account":[`+strings.Join(many, ",")+`]}`).Code; got != codeSNSParam {
		t.Errorf("1001 accounts in one call: %d, want %d", got, codeSNSParam)
	}
}

func TestBlockListCap(t *testing.T) {
	hs := newHarness(t, Options{NoLimits: true})
	hs.importAccounts("a")
	ids := make([]string, 0, maxBlocked+1)
	for i := range maxBlocked + 1 {
		id := jsonf("u%d", i)
		ids = append(ids, `"`+id+`"`)
	}
	for i := 0; i < len(ids); i += 100 {
		hs.ok("im_open_login_svc/multiaccount_import", `{"Accounts":[`+strings.Join(ids[i:min(i+100, len(ids))], ",")+`]}`)
	}
	r := hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":[`+strings.Join(ids[:maxBlocked], ",")+`]}`)
	if _, ok := r.Body["Fail_Account"]; ok {
		t.Fatalf("1000 blocks: %s", r.Raw[:200])
	}
	last := hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":[`+ids[maxBlocked]+`]}`)
	if got := itemCodes(last, "ResultItem"); got["u1000"] != codeSNSBlockLimit {
		t.Errorf("the 1001st block: %s, want ResultCode %d", last.Raw, codeSNSBlockLimit)
	}
}

func TestBlockListPages(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c", "d", "e")
	for _, id := range []string{"b", "c", "d", "e"} {
		hs.ok("sns/black_list_add", jsonf(`{"From_Account":"a","To_Account":[%q]}`, id))
		hs.advance(time.Second)
	}
	var got []string
	var stamps []int64
	start, pages := 0, 0
	for {
		r := hs.ok("sns/black_list_get", jsonf(`{"From_Account":"a","StartIndex":%d,"MaxLimited":3,"LastSequence":0}`, start))
		if _, ok := r.Body["CurruentSequence"]; !ok {
			t.Errorf("no CurruentSequence in %s", r.Raw)
		}
		for _, it := range r.Body["BlackListItem"].([]any) {
			m := it.(map[string]any)
			got = append(got, m["To_Account"].(string))
			stamps = append(stamps, int64(m["AddBlackTimeStamp"].(float64)))
		}
		pages++
		start = int(r.Body["StartIndex"].(float64))
		if start == 0 || pages > 5 {
			break
		}
	}
	if !slices.Equal(got, []string{"b", "c", "d", "e"}) || pages != 2 {
		t.Errorf("pages of 3: %v in %d pages, want b c d e in 2", got, pages)
	}
	if stamps[0] != epoch.Unix() || stamps[3] != epoch.Unix()+3 {
		t.Errorf("AddBlackTimeStamp %v, want the emulator's clock at each add", stamps)
	}
	if r := hs.ok("sns/black_list_get", `{"From_Account":"b","StartIndex":0,"MaxLimited":3,"LastSequence":0}`); len(r.Body["BlackListItem"].([]any)) != 0 {
		t.Errorf("b blocked nobody: %s", r.Raw)
	}
}

func TestBlockListCheck(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c", "d", "e")
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b","c"]}`)
	hs.ok("sns/black_list_add", `{"From_Account":"b","To_Account":["a"]}`)
	hs.ok("sns/black_list_add", `{"From_Account":"d","To_Account":["a"]}`)
	relations := func(kind string) map[string]string {
		r := hs.ok("sns/black_list_check", jsonf(`{"From_Account":"a","To_Account":["b","c","d","e","nx"],"CheckType":%q}`, kind))
		out := map[string]string{}
		for _, it := range r.Body["BlackListCheckItem"].([]any) {
			m := it.(map[string]any)
			out[m["To_Account"].(string)] = m["Relation"].(string)
		}
		if f := r.Body["Fail_Account"].([]any); len(f) != 1 || f[0] != "nx" {
			t.Errorf("Fail_Account %v, want [nx]", f)
		}
		return out
	}
	both := relations(blockCheckBoth)
	want := map[string]string{"b": blockBothWay, "c": blockAWithB, "d": blockBWithA, "e": blockNone, "nx": blockNone}
	for id, rel := range want {
		if both[id] != rel {
			t.Errorf("Both: %s is %s, want %s", id, both[id], rel)
		}
	}
	single := relations(blockCheckSingle)
	want = map[string]string{"b": blockAWithB, "c": blockAWithB, "d": blockNone, "e": blockNone}
	for id, rel := range want {
		if single[id] != rel {
			t.Errorf("Single: %s is %s, want %s", id, single[id], rel)
		}
	}
}

// A blocked sender's one-to-one messages are refused with 20007; the
// blocker may still write, and lifting the block lets them through.
func TestBlockListRefusesMessages(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b"]}`)
	body := `{"From_Account":"b","To_Account":"a","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`
	if got := hs.call("openim/sendmsg", body).Code; got != codeSenderBlocked {
		t.Errorf("sendmsg from a blocked sender: %d, want %d", got, codeSenderBlocked)
	}
	hs.send("a", "b", "the blocker may write")
	b := hs.ok("openim/batchsendmsg", `{"From_Account":"b","To_Account":["a","c"],"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	if errs := b.Body["ErrorList"].([]any); len(errs) != 1 || errs[0].(map[string]any)["ErrorCode"].(float64) != codeSenderBlocked {
		t.Errorf("batchsendmsg from b to a and c: %s, want a listed with %d", b.Raw, codeSenderBlocked)
	}
	if hs.unread("a", "b") != 0 || hs.unread("c", "b") != 1 {
		t.Errorf("unread a/b %d, c/b %d; want 0 and 1", hs.unread("a", "b"), hs.unread("c", "b"))
	}
	hs.ok("sns/black_list_delete", `{"From_Account":"a","To_Account":["b"]}`)
	hs.send("b", "a", "unblocked")
}

func TestBlockListCallbacks(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("a", "b", "c")
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b","nx","c"]}`)
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["b"]}`) // nothing added: no callback
	hs.ok("sns/black_list_delete", `{"From_Account":"a","To_Account":["c","b"]}`)
	add := rc.wait(t, "Sns.CallbackBlackListAdd", 1)
	del := rc.wait(t, "Sns.CallbackBlackListDelete", 1)
	validCallback(t, add[0])
	validCallback(t, del[0])
	pairs := func(g received) []string {
		var out []string
		for _, p := range g.Body["PairList"].([]any) {
			m := p.(map[string]any)
			out = append(out, m["From_Account"].(string)+">"+m["To_Account"].(string))
		}
		return out
	}
	if got := pairs(add[0]); !slices.Equal(got, []string{"a>b", "a>c"}) {
		t.Errorf("add PairList %v, want a>b a>c", got)
	}
	if got := pairs(del[0]); !slices.Equal(got, []string{"a>c", "a>b"}) {
		t.Errorf("delete PairList %v, want a>c a>b", got)
	}
	hs.h.Close()
	if n := len(rc.wait(t, "Sns.CallbackBlackListAdd", 1)); n != 1 {
		t.Errorf("%d add callbacks, want 1", n)
	}
}

// account_delete takes the account's relationship chain with it: a
// re-imported account has no friends, friend lists or blocklist of its
// own; another's blocklist still names it.
func TestAccountDeleteClearsRelationshipChain(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.ok("sns/friend_import", `{"From_Account":"a","AddFriendItem":[{"To_Account":"b","AddSource":"AddSource_Type_x"}]}`)
	hs.ok("sns/group_add", `{"From_Account":"a","GroupName":["g"],"To_Account":["b"]}`)
	hs.ok("sns/black_list_add", `{"From_Account":"a","To_Account":["c"]}`)
	hs.ok("sns/black_list_add", `{"From_Account":"c","To_Account":["a"]}`)
	hs.ok("sns/friend_import", `{"From_Account":"b","AddFriendItem":[{"To_Account":"a","AddSource":"AddSource_Type_x"}]}`)
	hs.ok("sns/group_add", `{"From_Account":"b","GroupName":["h"],"To_Account":["a"]}`)
	hs.ok("im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"a"}]}`)
	hs.importAccounts("a")
	// b befriends the new a: b's old list does not hold it.
	hs.ok("sns/friend_import", `{"From_Account":"b","AddFriendItem":[{"To_Account":"a","AddSource":"AddSource_Type_x"}]}`)
	r := hs.ok("sns/group_get", `{"From_Account":"b","NeedFriend":"Need_Friend_Type_Yes"}`)
	if items := r.Body["ResultItem"].([]any); len(items) != 1 || items[0].(map[string]any)["FriendNumber"].(float64) != 0 {
		t.Errorf("b's friend lists after a was deleted, imported and befriended again: %s, want h without a", r.Raw)
	}
	if got := hs.blocked("a"); len(got) != 0 {
		t.Errorf("the new a's blocklist: %v, want none", got)
	}
	if got := hs.blocked("c"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("c's blocklist after a was deleted and imported again: %v, want [a]", got)
	}
	if r := hs.ok("sns/group_get", `{"From_Account":"a"}`); len(r.Body["ResultItem"].([]any)) != 0 {
		t.Errorf("the new a's friend lists: %s, want none", r.Raw)
	}
	if r := hs.ok("sns/friend_get", `{"From_Account":"a","StartIndex":0}`); r.Body["FriendNum"].(float64) != 0 {
		t.Errorf("the new a's friends: %s, want none", r.Raw)
	}
}
