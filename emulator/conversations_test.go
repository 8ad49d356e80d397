package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// convItem is one get_list item as the tests read it.
type convItem struct {
	Type           int
	To_Account     string
	MsgTime        int64
	TopFlag        int
	StandardMark   string
	CustomMark     string
	ContactGroupId []int
}

type convPage struct {
	SessionItem                                        []convItem
	CompleteFlag                                       int
	TimeStamp, StartIndex, TopTimeStamp, TopStartIndex int64
}

func convDecode[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return v
}

// convPages walks user's conversation list with the cursors and returns
// its pages.
func convPages(t *testing.T, hs *harness, user string, flags int) []convPage {
	t.Helper()
	var pages []convPage
	var ts, si, tts, tsi int64
	for len(pages) < 1000 {
		r := hs.ok("recentcontact/get_list", jsonf(`{"From_Account":%q,"TimeStamp":%d,"StartIndex":%d,"TopTimeStamp":%d,"TopStartIndex":%d,"AssistFlags":%d}`, user, ts, si, tts, tsi, flags))
		assertSchema(t, "recentcontact/get_list", r.Raw)
		p := convDecode[convPage](t, r)
		pages = append(pages, p)
		if p.CompleteFlag == 1 {
			return pages
		}
		ts, si, tts, tsi = p.TimeStamp, p.StartIndex, p.TopTimeStamp, p.TopStartIndex
	}
	t.Fatalf("get_list of %s never completes", user)
	return nil
}

// convPeers lists user's conversations, every page, as peers in order.
func convPeers(t *testing.T, hs *harness, user string, flags int) []string {
	t.Helper()
	var out []string
	for _, p := range convPages(t, hs, user, flags) {
		for _, it := range p.SessionItem {
			out = append(out, it.To_Account)
		}
	}
	return out
}

func convRoamCount(t *testing.T, hs *harness, op, peer string) int {
	t.Helper()
	r := hs.ok("openim/admin_getroammsg", jsonf(`{"Operator_Account":%q,"Peer_Account":%q,"MaxCnt":100,"MinTime":0,"MaxTime":%d}`, op, peer, hs.clock().Unix()+10))
	return int(r.Body["MsgCnt"].(float64))
}

func TestConversationsFollowMessages(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c", "d")
	if got := convPeers(t, hs, "a", 7); len(got) != 0 {
		t.Fatalf("a's list before any message: %v, want none", got)
	}
	r := hs.ok("openim/sendmsg", `{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	sent := int64(r.Body["MsgTime"].(float64))
	for user, peer := range map[string]string{"a": "b", "b": "a"} {
		pages := convPages(t, hs, user, 7)
		if len(pages) != 1 || len(pages[0].SessionItem) != 1 {
			t.Fatalf("%s's list after a send: %+v, want one conversation", user, pages)
		}
		if it := pages[0].SessionItem[0]; it.Type != 1 || it.To_Account != peer || it.MsgTime != sent || it.TopFlag != 0 {
			t.Errorf("%s's conversation: %+v, want Type 1 with %s at %d", user, it, peer, sent)
		}
	}
	// importmsg, live and history alike, touches the conversation; an
	// import older than the newest message does not move its time back.
	hs.advance(10 * time.Second)
	hs.importMsg(5, "c", "a", 1, epoch.Unix()-100)
	hs.importMsg(2, "a", "d", 2, epoch.Unix()-50)
	hs.importMsg(2, "b", "a", 3, epoch.Unix()-500)
	if got, want := convPeers(t, hs, "a", 7), []string{"b", "d", "c"}; !slices.Equal(got, want) {
		t.Errorf("a's list: %v, want %v (newest first)", got, want)
	}
	if got := convPeers(t, hs, "d", 7); !slices.Equal(got, []string{"a"}) {
		t.Errorf("d's list: %v, want [a]", got)
	}
	// A new message moves the oldest conversation to the top.
	hs.send("c", "a", "y")
	if got, want := convPeers(t, hs, "a", 7), []string{"c", "b", "d"}; !slices.Equal(got, want) {
		t.Errorf("a's list after c wrote: %v, want %v", got, want)
	}
	// batchsendmsg goes through the same store path.
	hs.advance(time.Second)
	hs.ok("openim/batchsendmsg", `{"From_Account":"d","To_Account":["a","b"],"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	if got, want := convPeers(t, hs, "a", 7), []string{"d", "c", "b"}; !slices.Equal(got, want) {
		t.Errorf("a's list after d's batch: %v, want %v", got, want)
	}
	if got, want := convPeers(t, hs, "b", 7), []string{"d", "a"}; !slices.Equal(got, want) {
		t.Errorf("b's list after d's batch: %v, want %v", got, want)
	}
	// An online-only message (MsgLifeTime 0) stores nothing and touches nothing.
	hs.ok("openim/sendmsg", `{"From_Account":"b","To_Account":"c","MsgLifeTime":0,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	if got := convPeers(t, hs, "c", 7); !slices.Equal(got, []string{"a"}) {
		t.Errorf("c's list after an online-only message: %v, want [a]", got)
	}
}

func TestConversationPaging(t *testing.T) {
	hs := newHarness(t, Options{})
	const n = 2*recentPageSize + 17
	var want []string
	hs.importAccounts("owner")
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("p%03d", i)
		hs.importAccounts(id)
		// Every third conversation shares its second with the previous one.
		if i%3 != 0 {
			hs.advance(time.Second)
		}
		hs.send(id, "owner", "x")
		want = append([]string{id}, want...)
	}
	pages := convPages(t, hs, "owner", 7)
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3", len(pages))
	}
	var got []string
	for i, p := range pages {
		if i < len(pages)-1 && (p.CompleteFlag != 0 || len(p.SessionItem) != recentPageSize) {
			t.Errorf("page %d: CompleteFlag %d with %d items, want 0 with %d", i, p.CompleteFlag, len(p.SessionItem), recentPageSize)
		}
		for j, it := range p.SessionItem {
			if j > 0 && it.MsgTime > p.SessionItem[j-1].MsgTime {
				t.Errorf("page %d: item %d is newer than the one before it", i, j)
			}
			got = append(got, it.To_Account)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("walked %d conversations %v, want %d newest first", len(got), got, len(want))
	}
	// Continuing from the last page's cursors lists nothing more.
	last := pages[len(pages)-1]
	r := hs.ok("recentcontact/get_list", jsonf(`{"From_Account":"owner","TimeStamp":%d,"StartIndex":%d,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, last.TimeStamp, last.StartIndex))
	if p := convDecode[convPage](t, r); len(p.SessionItem) != 0 || p.CompleteFlag != 1 {
		t.Errorf("past the end: %s, want no item and CompleteFlag 1", r.Raw)
	}
}

func TestPinnedConversations(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a", "b", "c", "d")
	for _, p := range []string{"a", "b", "c", "d"} {
		hs.advance(time.Second)
		hs.send(p, "u", "x")
	}
	hs.h.store.mu.Lock()
	hs.h.store.pinConversation("u", "a", true)
	hs.h.store.pinConversation("u", "c", true)
	hs.h.store.mu.Unlock()
	cases := []struct {
		flags int
		peers []string
		tops  []int
	}{
		{7, []string{"c", "a", "d", "b"}, []int{1, 1, 0, 0}},
		{1, []string{"c", "a", "d", "b"}, []int{1, 1, 0, 0}},
		{0, []string{"d", "c", "b", "a"}, []int{0, 0, 0, 0}},
		{2, []string{"d", "c", "b", "a"}, []int{0, 0, 0, 0}},
	}
	for _, c := range cases {
		var peers []string
		var tops []int
		for _, p := range convPages(t, hs, "u", c.flags) {
			for _, it := range p.SessionItem {
				peers, tops = append(peers, it.To_Account), append(tops, it.TopFlag)
			}
		}
		if !slices.Equal(peers, c.peers) || !slices.Equal(tops, c.tops) {
			t.Errorf("AssistFlags %d: %v with TopFlag %v, want %v with %v", c.flags, peers, tops, c.peers, c.tops)
		}
	}
	// A new message keeps a pinned conversation pinned.
	hs.send("a", "u", "y")
	if got := convPeers(t, hs, "u", 7); !slices.Equal(got, []string{"a", "c", "d", "b"}) {
		t.Errorf("after a wrote: %v, want [a c d b]", got)
	}
	hs.h.store.mu.Lock()
	hs.h.store.pinConversation("u", "a", false)
	hs.h.store.mu.Unlock()
	if got := convPeers(t, hs, "u", 7); !slices.Equal(got, []string{"c", "a", "d", "b"}) {
		t.Errorf("after unpinning a: %v, want [c a d b]", got)
	}
}

func TestEmptyConversations(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	// Sent with SyncOtherMachine 2: not in the sender's history, so the
	// sender's conversation is empty.
	hs.ok("openim/sendmsg", `{"From_Account":"a","To_Account":"b","SyncOtherMachine":2,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`)
	if got := convPeers(t, hs, "a", 5); len(got) != 0 {
		t.Errorf("a's list without bit 1: %v, want the empty conversation left out", got)
	}
	if got := convPeers(t, hs, "a", 7); !slices.Equal(got, []string{"b"}) {
		t.Errorf("a's list with bit 1: %v, want [b]", got)
	}
	if got := convPeers(t, hs, "b", 5); !slices.Equal(got, []string{"a"}) {
		t.Errorf("b's list: %v, want [a]", got)
	}
}

func TestDeleteConversation(t *testing.T) {
	cases := []struct {
		name        string
		body        string
		code        int
		inList      bool // a's list still has b
		opHistory   int  // messages a's history keeps
		peerHistory int
		unread      int // a's unread from b
	}{
		{"keep history", `{"From_Account":"a","Type":1,"To_Account":"b"}`, 0, false, 3, 3, 2},
		{"ClearRamble 0", `{"From_Account":"a","Type":1,"To_Account":"b","ClearRamble":0}`, 0, false, 3, 3, 2},
		{"ClearRamble 1", `{"From_Account":"a","Type":1,"To_Account":"b","ClearRamble":1}`, 0, false, 0, 3, 0},
		{"lower-case type", `{"From_Account":"a","type":1,"To_Account":"b"}`, 0, false, 3, 3, 2},
		{"group", `{"From_Account":"a","Type":2,"ToGroupid":"@TGS#nope","ClearRamble":1}`, 50002, true, 3, 3, 2},
		{"unknown From_Account", `{"From_Account":"nx","Type":1,"To_Account":"b"}`, 50001, true, 3, 3, 2},
		{"unknown To_Account", `{"From_Account":"a","Type":1,"To_Account":"nx"}`, 50001, true, 3, 3, 2},
		{"no To_Account", `{"From_Account":"a","Type":1}`, 50002, true, 3, 3, 2},
		{"no ToGroupid", `{"From_Account":"a","Type":2}`, 50002, true, 3, 3, 2},
		{"Type 3", `{"From_Account":"a","Type":3,"To_Account":"b"}`, 50002, true, 3, 3, 2},
		{"no Type", `{"From_Account":"a","To_Account":"b"}`, 50002, true, 3, 3, 2},
		{"ClearRamble 2", `{"From_Account":"a","Type":1,"To_Account":"b","ClearRamble":2}`, 50002, true, 3, 3, 2},
		{"From_Account a number", `{"From_Account":1,"Type":1,"To_Account":"b"}`, 50002, true, 3, 3, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hs := newHarness(t, Options{})
			hs.importAccounts("a", "b", "c")
			hs.send("b", "a", "1")
			hs.send("a", "b", "2")
			hs.send("b", "a", "3")
			hs.send("c", "a", "4")
			r := hs.call("recentcontact/delete", c.body)
			if r.Code != c.code {
				t.Fatalf("ErrorCode %d (%s), want %d", r.Code, r.Raw, c.code)
			}
			assertSchema(t, "recentcontact/delete", r.Raw)
			if got := slices.Contains(convPeers(t, hs, "a", 7), "b"); got != c.inList {
				t.Errorf("b in a's list: %v, want %v", got, c.inList)
			}
			if !slices.Contains(convPeers(t, hs, "b", 7), "a") || !slices.Contains(convPeers(t, hs, "a", 7), "c") {
				t.Errorf("the peer's conversation or a's other one went too")
			}
			if got := convRoamCount(t, hs, "a", "b"); got != c.opHistory {
				t.Errorf("a's history with b: %d messages, want %d", got, c.opHistory)
			}
			if got := convRoamCount(t, hs, "b", "a"); got != c.peerHistory {
				t.Errorf("b's history with a: %d messages, want %d", got, c.peerHistory)
			}
			if got := hs.unread("a", "b"); got != c.unread {
				t.Errorf("a's unread from b: %d, want %d", got, c.unread)
			}
			if got := hs.unread("b", "a"); got != 1 {
				t.Errorf("b's unread from a: %d, want 1", got)
			}
			// A new message brings the conversation back, with only what
			// came after a cleared history.
			hs.advance(time.Second)
			hs.send("b", "a", "5")
			if got := convPeers(t, hs, "a", 7); len(got) == 0 || got[0] != "b" {
				t.Errorf("a's list after b wrote again: %v, want b first", got)
			}
			if got := convRoamCount(t, hs, "a", "b"); got != c.opHistory+1 {
				t.Errorf("a's history with b after b wrote again: %d, want %d", got, c.opHistory+1)
			}
		})
	}
}

func TestAccountDeleteDropsConversations(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c")
	hs.send("a", "b", "x")
	hs.send("c", "a", "x")
	hs.ok("recentcontact/mark_contact", `{"From_Account":"b","MarkItem":[{"OptType":2,"ContactItem":{"Type":1,"To_Account":"a"},"CustomMark":"m"}]}`)
	hs.ok("im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"b"}]}`)
	if got := convPeers(t, hs, "a", 7); !slices.Equal(got, []string{"c"}) {
		t.Errorf("a's list after b was deleted: %v, want [c]", got)
	}
	hs.importAccounts("b")
	if got := convPeers(t, hs, "a", 7); !slices.Equal(got, []string{"c"}) {
		t.Errorf("a's list after b was imported again: %v, want [c]", got)
	}
	if got := convPeers(t, hs, "b", 7); len(got) != 0 {
		t.Errorf("the new b's list: %v, want none", got)
	}
	r := hs.ok("recentcontact/get_contact_group", `{"From_Account":"b","StartIndex":0}`)
	if items := r.Body["ContactItem"].([]any); len(items) != 0 {
		t.Errorf("the new b's marks: %s, want none", r.Raw)
	}
	hs.send("b", "a", "y")
	if got := convPeers(t, hs, "a", 7); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("a's list after the new b wrote: %v, want [b c]", got)
	}
}

type cgState struct {
	ContactItem []struct {
		Type           int
		To_Account     string
		StandardMark   string
		CustomMark     string
		ContactGroupId []int
		Timestamp      int64
	}
	GroupItem []struct {
		GroupName string
		GroupId   int
	}
	CompleteFlag   int
	NextStartIndex int
}

// cgContacts renders user's group and mark data: "group=id;..." then
// "peer:mark/custom/ids" per conversation.
func cgContacts(t *testing.T, hs *harness, user string) string {
	t.Helper()
	r := hs.ok("recentcontact/get_contact_group", jsonf(`{"From_Account":%q,"StartIndex":0}`, user))
	assertSchema(t, "recentcontact/get_contact_group", r.Raw)
	st := convDecode[cgState](t, r)
	var parts []string
	for _, g := range st.GroupItem {
		parts = append(parts, fmt.Sprintf("%s=%d", g.GroupName, g.GroupId))
	}
	for _, c := range st.ContactItem {
		parts = append(parts, fmt.Sprintf("%s:%s/%s/%v", c.To_Account, c.StandardMark, c.CustomMark, c.ContactGroupId))
	}
	return strings.Join(parts, " ")
}

func cgCreateBody(name string, peers ...string) string {
	items := make([]string, len(peers))
	for i, p := range peers {
		items[i] = jsonf(`{"Type":1,"To_Account":%q}`, p)
	}
	return jsonf(`{"From_Account":"u","GroupContactItem":[{"GroupName":%q,"ContactItem":[%s]}]}`, name, strings.Join(items, ","))
}

func TestContactGroups(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a", "b", "c")
	steps := []struct {
		path, body string
		code       int
		want       string // get_contact_group afterwards, when code is 0
	}{
		{"recentcontact/create_contact_group", cgCreateBody("work", "a", "b"), 0, "work=1 a://[1] b://[1]"},
		{"recentcontact/create_contact_group", cgCreateBody("home", "b"), 0, "work=1 home=2 a://[1] b://[1 2]"},
		{"recentcontact/create_contact_group", cgCreateBody("home", "c"), 50002, ""},
		{"recentcontact/create_contact_group", cgCreateBody(strings.Repeat("x", 33), "c"), 51011, ""},
		{"recentcontact/create_contact_group", cgCreateBody(strings.Repeat("x", 32)), 0, "work=1 home=2 " + strings.Repeat("x", 32) + "=3 a://[1] b://[1 2]"},
		{"recentcontact/del_contact_group", `{"From_Account":"u","GroupName":["` + strings.Repeat("x", 32) + `"]}`, 0, "work=1 home=2 a://[1] b://[1 2]"},
		{"recentcontact/update_contact_group", `{"From_Account":"u","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"work","NewGroupName":"office"}}`, 0, "office=1 home=2 a://[1] b://[1 2]"},
		{"recentcontact/update_contact_group", `{"From_Account":"u","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"work","NewGroupName":"x"}}`, 51009, ""},
		{"recentcontact/update_contact_group", `{"From_Account":"u","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"office","NewGroupName":"home"}}`, 50002, ""},
		{"recentcontact/update_contact_group", `{"From_Account":"u","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,"OldGroupName":"home","ContactUpdateItem":[{"ContactOptType":1,"ContactItem":{"Type":1,"To_Account":"c"}},{"ContactOptType":2,"ContactItem":{"Type":1,"To_Account":"b"}},{"ContactOptType":2,"ContactItem":{"Type":1,"To_Account":"a"}}]}}`, 0, "office=1 home=2 a://[1] b://[1] c://[2]"},
		{"recentcontact/del_contact_group", `{"From_Account":"u","GroupName":["office"]}`, 0, "home=2 c://[2]"},
		{"recentcontact/del_contact_group", `{"From_Account":"u","GroupName":["office"]}`, 51009, ""},
		{"recentcontact/del_contact_group", `{"From_Account":"u","GroupName":["home","x"]}`, 50002, ""},
		{"recentcontact/create_contact_group", cgCreateBody("again", "a"), 0, "home=2 again=4 c://[2] a://[4]"},
		{"recentcontact/create_contact_group", `{"From_Account":"nx","GroupContactItem":[{"GroupName":"g","ContactItem":[]}]}`, 50001, ""},
		{"recentcontact/create_contact_group", `{"From_Account":"u","GroupContactItem":[]}`, 50002, ""},
		{"recentcontact/create_contact_group", `{"From_Account":"u","GroupContactItem":[{"GroupName":"g"}]}`, 50002, ""},
		{"recentcontact/update_contact_group", `{"From_Account":"u","UpdateType":2,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"home","NewGroupName":"y"}}`, 50002, ""},
		{"recentcontact/get_contact_group", `{"From_Account":"u","StartIndex":"0"}`, 50002, ""},
		{"recentcontact/get_contact_group", `{"From_Account":"nx","StartIndex":0}`, 50001, ""},
	}
	for i, st := range steps {
		r := hs.call(st.path, st.body)
		if r.Code != st.code {
			t.Fatalf("step %d %s %s: ErrorCode %d (%s), want %d", i, st.path, st.body, r.Code, r.Raw, st.code)
		}
		assertSchema(t, st.path, r.Raw)
		if st.code == 0 {
			if got := cgContacts(t, hs, "u"); got != st.want {
				t.Errorf("step %d: contact groups %q, want %q", i, got, st.want)
			}
		}
	}
	// Per conversation: an unknown account and any group get their own code.
	r := hs.ok("recentcontact/create_contact_group", `{"From_Account":"u","GroupContactItem":[{"GroupName":"mixed","ContactItem":[{"Type":1,"To_Account":"b"},{"Type":1,"To_Account":"nx"},{"Type":2,"ToGroupId":"@TGS#1"}]}]}`)
	var codes []int
	for _, it := range r.Body["GroupResultItem"].([]any)[0].(map[string]any)["ResultItem"].([]any) {
		codes = append(codes, int(it.(map[string]any)["ResultCode"].(float64)))
	}
	if !slices.Equal(codes, []int{0, 50001, 51007}) {
		t.Errorf("per-conversation codes %v, want [0 50001 51007]", codes)
	}
}

func TestContactGroupLimits(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a")
	for i := 3; i <= maxContactGroups; i++ { // "work" and "home" make 2
		hs.ok("recentcontact/create_contact_group", cgCreateBody(fmt.Sprintf("g%d", i)))
	}
	hs.ok("recentcontact/create_contact_group", cgCreateBody("work", "a"))
	hs.ok("recentcontact/create_contact_group", cgCreateBody("home"))
	if r := hs.call("recentcontact/create_contact_group", cgCreateBody("one-too-many")); r.Code != codeCGroupsTooMany {
		t.Errorf("the 21st group: %s, want 51010", r.Raw)
	}
	hs.ok("recentcontact/del_contact_group", `{"From_Account":"u","GroupName":["g3"]}`)
	hs.ok("recentcontact/create_contact_group", cgCreateBody("room-again"))

	// Over 1,000 conversations with data: 51008, and nothing changes.
	var ids []string
	for i := 0; i < maxGroupedContact; i++ {
		ids = append(ids, fmt.Sprintf("m%04d", i))
	}
	for i := 0; i < len(ids); i += 100 {
		hs.ok("im_open_login_svc/multiaccount_import", jsonf(`{"Accounts":["%s"]}`, strings.Join(ids[i:i+100], `","`)))
	}
	for i := 0; i < len(ids)-1; i += 100 { // a is one already
		end := min(i+100, len(ids)-1)
		items := make([]string, 0, 100)
		for _, id := range ids[i:end] {
			items = append(items, jsonf(`{"OptType":2,"ContactItem":{"Type":1,"To_Account":%q},"CustomMark":"x"}`, id))
		}
		hs.ok("recentcontact/mark_contact", `{"From_Account":"u","MarkItem":[`+strings.Join(items, ",")+`]}`)
	}
	last := ids[len(ids)-1]
	for _, body := range []string{
		jsonf(`{"From_Account":"u","MarkItem":[{"OptType":2,"ContactItem":{"Type":1,"To_Account":%q},"CustomMark":"x"}]}`, last),
	} {
		if r := hs.call("recentcontact/mark_contact", body); r.Code != codeCGroupedTooMany {
			t.Errorf("the 1,001st conversation: %s, want 51008", r.Raw)
		}
	}
	if r := hs.call("recentcontact/update_contact_group", jsonf(`{"From_Account":"u","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,"OldGroupName":"home","ContactUpdateItem":[{"ContactOptType":1,"ContactItem":{"Type":1,"To_Account":%q}}]}}`, last)); r.Code != codeCGroupedTooMany {
		t.Errorf("adding the 1,001st conversation to a group: %s, want 51008", r.Raw)
	}
	// One already counted may still change.
	hs.ok("recentcontact/mark_contact", `{"From_Account":"u","MarkItem":[{"OptType":1,"ContactItem":{"Type":1,"To_Account":"a"},"SetMark":[5]}]}`)
	// Paging get_contact_group walks all 1,000.
	seen, start := 0, 0
	for pages := 0; ; pages++ {
		r := hs.ok("recentcontact/get_contact_group", jsonf(`{"From_Account":"u","StartIndex":%d}`, start))
		st := convDecode[cgState](t, r)
		seen += len(st.ContactItem)
		if st.CompleteFlag == 1 {
			break
		}
		if pages > 20 || st.NextStartIndex <= start {
			t.Fatalf("get_contact_group does not advance: %d", st.NextStartIndex)
		}
		start = st.NextStartIndex
	}
	if seen != maxGroupedContact {
		t.Errorf("get_contact_group pages list %d conversations, want %d", seen, maxGroupedContact)
	}
}

func TestConversationMarks(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a", "b")
	hs.send("a", "u", "x")
	mark := func(items ...string) string {
		return `{"From_Account":"u","MarkItem":[` + strings.Join(items, ",") + `]}`
	}
	steps := []struct {
		body string
		code int
		want string
	}{
		{mark(`{"OptType":3,"ContactItem":{"Type":1,"To_Account":"a"},"SetMark":[1,2,3],"CustomMark":"abcd"}`), 0, "a:1110/abcd/[]"},
		{mark(`{"OptType":1,"ContactItem":{"Type":1,"To_Account":"a"},"ClearMark":[2],"SetMark":[63],"CustomMark":"ignored"}`), 0, "a:" + "1" + strings.Repeat("0", 59) + "1010/abcd/[]"},
		{mark(`{"OptType":2,"ContactItem":{"Type":1,"To_Account":"a"},"SetMark":[0],"CustomMark":"z"}`), 0, "a:" + "1" + strings.Repeat("0", 59) + "1010/z/[]"},
		{mark(`{"OptType":3,"ContactItem":{"Type":1,"To_Account":"a"},"ClearMark":[1,3,63]}`), 0, ""},
		{mark(`{"OptType":2,"ContactItem":{"Type":1,"To_Account":"b"},"CustomMark":"` + strings.Repeat("m", 256) + `"}`), 0, "b:/" + strings.Repeat("m", 256) + "/[]"},
		{mark(`{"OptType":2,"ContactItem":{"Type":1,"To_Account":"b"},"CustomMark":"` + strings.Repeat("m", 257) + `"}`), 50002, ""},
		{mark(`{"OptType":1,"ContactItem":{"Type":1,"To_Account":"b"},"SetMark":[64]}`), 50002, ""},
		{mark(`{"OptType":1,"ContactItem":{"Type":1,"To_Account":"b"},"SetMark":[-1]}`), 50002, ""},
		{mark(`{"OptType":4,"ContactItem":{"Type":1,"To_Account":"b"}}`), 50002, ""},
		{mark(`{"OptType":1,"ContactItem":{"Type":1}}`), 50002, ""},
		{mark(), 51006, ""},
		{mark(slices.Repeat([]string{`{"OptType":2,"ContactItem":{"Type":1,"To_Account":"b"}}`}, 101)...), 51006, ""},
		{`{"From_Account":"u","MarkItem":{}}`, 50002, ""},
	}
	for i, st := range steps {
		r := hs.call("recentcontact/mark_contact", st.body)
		if r.Code != st.code {
			t.Fatalf("step %d: ErrorCode %d (%s), want %d", i, r.Code, r.Raw, st.code)
		}
		assertSchema(t, "recentcontact/mark_contact", r.Raw)
		if st.code == 0 && i < 4 {
			if got := cgContacts(t, hs, "u"); got != st.want {
				t.Errorf("step %d: %q, want %q", i, got, st.want)
			}
		}
	}
	if got := cgContacts(t, hs, "u"); got != "b:/"+strings.Repeat("m", 256)+"/[]" {
		t.Errorf("after the errors: %q, want only b's custom mark", got)
	}
	// 100 marks in one call are allowed.
	hs.ok("recentcontact/mark_contact", mark(slices.Repeat([]string{`{"OptType":2,"ContactItem":{"Type":1,"To_Account":"b"},"CustomMark":"c"}`}, 100)...))
}

func TestSearchContactGroup(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a", "b", "c")
	hs.ok("recentcontact/create_contact_group", cgCreateBody("one", "a"))
	hs.ok("recentcontact/create_contact_group", cgCreateBody("two", "a", "b"))
	hs.ok("recentcontact/create_contact_group", cgCreateBody("three", "c"))
	hs.ok("recentcontact/mark_contact", `{"From_Account":"u","MarkItem":[{"OptType":1,"ContactItem":{"Type":1,"To_Account":"b"},"SetMark":[0]}]}`)
	type result struct {
		ContactResultItem []struct {
			To_Account     string
			StandardMark   string
			ContactGroupId []int
			Timestamp      int64
		}
		GroupItem []struct {
			GroupName string
			GroupId   int
		}
	}
	cases := []struct {
		body   string
		code   int
		peers  string
		groups string
	}{
		{`{"From_Account":"u","ContactItem":[{"Type":1,"To_Account":"b"},{"Type":"1","To_Account":"a"},{"Type":1,"To_Account":"nx"},{"Type":2,"ToGroupId":"@TGS#1"}]}`, 0, "b:1:[2] a::[1 2]", "one=1 two=2"},
		{`{"From_Account":"u","ContactItem":[{"Type":1,"To_Account":"c"}]}`, 0, "c::[3]", "three=3"},
		{`{"From_Account":"u","ContactItem":[]}`, 0, "", ""},
		{`{"From_Account":"u"}`, 0, "a::[1 2] b:1:[2] c::[3]", "one=1 two=2 three=3"},
		{`{"From_Account":"u","ContactItem":[{"Type":1}]}`, 50002, "", ""},
		{`{"From_Account":"u","ContactItem":{"Type":1,"To_Account":"a"}}`, 50002, "", ""},
		{`{"From_Account":"u","ContactItem":[` + strings.Repeat(`{"Type":1,"To_Account":"a"},`, 300) + `{"Type":1,"To_Account":"a"}]}`, 50002, "", ""},
		{`{"From_Account":"nx"}`, 50001, "", ""},
	}
	for _, c := range cases {
		r := hs.call("recentcontact/search_contact_group", c.body)
		if r.Code != c.code {
			t.Fatalf("%s: ErrorCode %d (%s), want %d", c.body, r.Code, r.Raw, c.code)
		}
		assertSchema(t, "recentcontact/search_contact_group", r.Raw)
		if c.code != 0 {
			continue
		}
		res := convDecode[result](t, r)
		var peers, groups []string
		for _, it := range res.ContactResultItem {
			peers = append(peers, fmt.Sprintf("%s:%s:%v", it.To_Account, it.StandardMark, it.ContactGroupId))
			if it.Timestamp != epoch.Unix() {
				t.Errorf("%s: Timestamp %d, want the time of the last change %d", it.To_Account, it.Timestamp, epoch.Unix())
			}
		}
		for _, g := range res.GroupItem {
			groups = append(groups, fmt.Sprintf("%s=%d", g.GroupName, g.GroupId))
		}
		if strings.Join(peers, " ") != c.peers || strings.Join(groups, " ") != c.groups {
			t.Errorf("%s: %v and %v, want %q and %q", c.body, peers, groups, c.peers, c.groups)
		}
	}
}

// get_list items carry the group and mark data when AssistFlags asks for
// more than bits 0 to 2.
func TestListCarriesMarks(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("u", "a")
	hs.send("a", "u", "x")
	hs.ok("recentcontact/create_contact_group", cgCreateBody("g", "a"))
	hs.ok("recentcontact/mark_contact", `{"From_Account":"u","MarkItem":[{"OptType":3,"ContactItem":{"Type":1,"To_Account":"a"},"SetMark":[1],"CustomMark":"c"}]}`)
	for flags, want := range map[int]string{7: "//[]", 15: "10/c/[1]", 63: "10/c/[1]"} {
		it := convPages(t, hs, "u", flags)[0].SessionItem[0]
		if got := fmt.Sprintf("%s/%s/%v", it.StandardMark, it.CustomMark, it.ContactGroupId); got != want {
			t.Errorf("AssistFlags %d: %s, want %s", flags, got, want)
		}
	}
}

func TestConversationBadRequests(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a")
	cases := []struct {
		path, body string
		code       int
	}{
		{"recentcontact/get_list", `{"From_Account":"a","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7`, 50002},
		{"recentcontact/get_list", `[]`, 50002},
		{"recentcontact/get_list", `{"TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, 50002},
		{"recentcontact/get_list", `{"From_Account":"a","StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, 50002},
		{"recentcontact/get_list", `{"From_Account":"a","TimeStamp":"0","StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, 50002},
		{"recentcontact/get_list", `{"From_Account":"a","TimeStamp":0,"StartIndex":-1,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, 50002},
		{"recentcontact/get_list", `{"From_Account":"a","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0}`, 50002},
		{"recentcontact/get_list", `{"From_Account":"nx","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":7}`, 50001},
		{"recentcontact/delete", `{"From_Account":"a","Type":"1","To_Account":"a"}`, 50002},
		{"recentcontact/del_contact_group", `{"From_Account":"a","GroupName":"x"}`, 50002},
		{"recentcontact/del_contact_group", `{"From_Account":"a","GroupName":[]}`, 50002},
		{"recentcontact/update_contact_group", `{"From_Account":"a","UpdateType":1,"UpdateGroup":"{}"}`, 50002},
		{"recentcontact/update_contact_group", `{"From_Account":"a","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"x"}}`, 50002},
		{"recentcontact/update_contact_group", `{"From_Account":"a","UpdateType":1,"UpdateGroup":{"UpdateGroupType":1,"OldGroupName":"x","NewGroupName":"` + strings.Repeat("y", 33) + `"}}`, 51011},
		{"recentcontact/update_contact_group", `{"From_Account":"a","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,"OldGroupName":"x","ContactUpdateItem":[{"ContactOptType":3,"ContactItem":{"Type":1,"To_Account":"a"}}]}}`, 50002},
	}
	for _, c := range cases {
		r := hs.call(c.path, c.body)
		if r.Code != c.code {
			t.Errorf("%s %s: ErrorCode %d (%s), want %d", c.path, c.body, r.Code, r.Raw, c.code)
		}
		assertSchema(t, c.path, r.Raw)
	}
	// A caller who is not an App admin gets the service's own code.
	q := hs.query()
	q.Set("identifier", "a")
	q.Set("usersig", hs.sigFor("a"))
	if r := hs.do("POST", "recentcontact/get_list", q, `{}`); r.Code != codeRecentNeedsAdmin {
		t.Errorf("a non-admin caller: %s, want 50003", r.Raw)
	}
}
