package groups_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

func avControl() emulator.Control {
	return emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
}

// avRoom creates an AVChatRoom owned by owner, destroyed when the check ends.
func avRoom(ctx ginkgo.SpecContext, owner string) string {
	ginkgo.GinkgoHelper()
	return newGroup(ctx, "AVChatRoom", owner)
}

// avJoin logs each user's client in and makes it join the room.
func avJoin(ctx ginkgo.SpecContext, id string, users ...string) {
	ginkgo.GinkgoHelper()
	ctl := avControl()
	for _, u := range users {
		framework.Require(ctl.Login(ctx, u, "Android"), "log a client in")
		ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { ctl.Logout(ctx, u, "") })
		framework.Require(ctl.JoinAVChatRoom(ctx, id, u), "a client joins the AVChatRoom")
	}
}

type avListed struct {
	Member_Account string
	JoinTime       int64
}

// avMembers returns get_members' list of the room, with Mark when mark is
// not 0; every page is read.
func avMembers(ctx ginkgo.SpecContext, id string, mark int) []avListed {
	ginkgo.GinkgoHelper()
	var all []avListed
	ts := int64(0)
	for page := 0; page < 10; page++ {
		body := map[string]any{"GroupId": id, "Timestamp": ts}
		if mark != 0 {
			body["Mark"] = mark
		}
		var out struct {
			MemberList    []avListed
			NextTimestamp int64
		}
		must(ctx, groups.AVMembers, body, &out, "list the online members with get_members")
		all = append(all, out.MemberList...)
		if out.NextTimestamp == 0 {
			break
		}
		ts = out.NextTimestamp
	}
	return all
}

func avNames(list []avListed) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = m.Member_Account
	}
	return out
}

func avOnline(ctx ginkgo.SpecContext, id string) int {
	ginkgo.GinkgoHelper()
	var out struct{ OnlineMemberNum int }
	must(ctx, groups.OnlineNum, map[string]any{"GroupId": id}, &out, "count the online members with get_online_member_num")
	return out.OnlineMemberNum
}

// avExpectOnline waits for the count and the list to become want.
func avExpectOnline(ctx ginkgo.SpecContext, id string, want []string, why string) {
	ginkgo.GinkgoHelper()
	var n int
	var got []string
	// The pages say the list refreshes every 10 s, 10 to 20 s after a
	// change with web users: SettleWait.
	err := eventually(ctx, framework.SettleWait, func(context.Context) bool {
		n, got = avOnline(ctx, id), avNames(avMembers(ctx, id, 0))
		return n == len(want) && sameSet(got, want)
	})
	if err != nil {
		framework.Failf("get_online_member_num answered %d and get_members listed %s (%s); want %d and exactly %s", n, names(got), why, len(want), names(want))
	}
}

// avListedWith requires get_members with mark (0: none) to list exactly want.
func avListedWith(ctx ginkgo.SpecContext, id string, mark int, want []string, why string) {
	ginkgo.GinkgoHelper()
	if got := avNames(avMembers(ctx, id, mark)); !sameSet(got, want) {
		what := "without Mark"
		if mark != 0 {
			what = fmt.Sprintf("with Mark %d", mark)
		}
		framework.Failf("get_members %s listed %s (%s); want exactly %s", what, names(got), why, names(want))
	}
}

func avMarks(id string, cmd int, marks map[string][]int) map[string]any {
	list := []map[string]any{}
	for acc, m := range marks {
		list = append(list, map[string]any{"Member_Account": acc, "Marks": m})
	}
	return map[string]any{"GroupId": id, "CommandType": cmd, "MemberList": list}
}

// avMarked returns the accounts a modify_user_info answer lists.
func avMarked(x interface{ Decode(any) error }) []string {
	var out struct {
		MemberList []struct{ Member_Account string }
	}
	x.Decode(&out)
	list := make([]string, len(out.MemberList))
	for i, m := range out.MemberList {
		list[i] = m.Member_Account
	}
	return list
}

var _ = it("GROUPS-AV-001", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	start := time.Now().Unix()
	avJoin(ctx, id, ids[1], ids[2])
	avExpectOnline(ctx, id, ids[1:], "after two clients joined")
	for _, m := range avMembers(ctx, id, 0) {
		if m.JoinTime < start-60 || m.JoinTime > time.Now().Unix()+60 {
			framework.Failf("get_members gave %s JoinTime %d; want the time it joined, about %d", m.Member_Account, m.JoinTime, start)
		}
	}
	framework.Require(avControl().QuitAVChatRoom(ctx, id, ids[1]), "a client quits the AVChatRoom")
	avExpectOnline(ctx, id, ids[2:], "after one of them quit")
})

var _ = it("GROUPS-AV-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1])
	avExpectOnline(ctx, id, ids[1:], "after a client joined")
	framework.Require(avControl().Logout(ctx, ids[1], ""), "the member's client logs out")
	avExpectOnline(ctx, id, nil, "after the member's client logged out")
})

var _ = it("GROUPS-AV-003", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	pub := newGroup(ctx, "Public", owner)
	av := avRoom(ctx, owner)
	framework.Verifyf(do(ctx, groups.AVMembers, map[string]any{"GroupId": av, "Timestamp": 0}), framework.BeOK(), "get_members on an AVChatRoom")
	framework.Verifyf(do(ctx, groups.AVMembers, map[string]any{"GroupId": pub, "Timestamp": 0}), framework.FailWith(groups.AVOnlyCode), "get_members on a Public group")
	x := do(ctx, groups.OnlineNum, map[string]any{"GroupId": pub})
	if x.OK() {
		var out struct{ OnlineMemberNum *int }
		x.Decode(&out)
		if out.OnlineMemberNum == nil {
			framework.Failf("get_online_member_num answered OK for a Public group without OnlineMemberNum; want FAIL with 10007, or a count")
		}
		framework.Variant("get_online_member_num counts a Public group (2024 page)")
		return
	}
	framework.Verifyf(x, framework.FailWith(10007), "get_online_member_num on a Public group")
	framework.Variant("get_online_member_num refuses a Public group (2023 page)")
})

var _ = it("GROUPS-AV-004", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1], ids[2])
	avExpectOnline(ctx, id, ids[1:], "after two clients joined")
	x := do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {1001}}))
	framework.Verifyf(x, framework.BeOK(), "modify_user_info setting mark 1001")
	if got := avMarked(x); !sameSet(got, ids[1:2]) {
		framework.Failf("modify_user_info listed %s as marked; want %s, the online member it named", names(got), ids[1])
	}
	avListedWith(ctx, id, 1001, ids[1:2], "after mark 1001 was set on one member")
	framework.Verifyf(do(ctx, groups.AVMarks, avMarks(id, 2, map[string][]int{ids[1]: {1001}})), framework.BeOK(), "modify_user_info removing mark 1001")
	avListedWith(ctx, id, 1001, nil, "after mark 1001 was removed")
	avListedWith(ctx, id, 0, ids[1:], "removing a mark keeps the member")
})

var _ = it("GROUPS-AV-005", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1])
	avExpectOnline(ctx, id, ids[1:2], "after a client joined")
	x := do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {1002}, ids[2]: {1002}}))
	framework.Verifyf(x, framework.BeOK(), "modify_user_info naming an online member and an account outside the room")
	if got := avMarked(x); !sameSet(got, ids[1:2]) {
		framework.Failf("modify_user_info listed %s as marked; want only the online member %s", names(got), ids[1])
	}
	x = do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[2]: {1003}}))
	if x.OK() {
		framework.Failf("modify_user_info answered OK naming only an account that is not in the room; want FAIL")
	}
	framework.Variant("marking only absent accounts: ErrorCode %d", x.Envelope.ErrorCode)
	avListedWith(ctx, id, 1002, ids[1:2], "only the online member took mark 1002")
	avListedWith(ctx, id, 1003, nil, "no online member took mark 1003")
})

var _ = it("GROUPS-AV-006", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1], ids[2])
	avExpectOnline(ctx, id, ids[1:], "after two clients joined")
	must(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {groups.MarkHidden}}), nil, "give a member mark 600")
	avListedWith(ctx, id, 0, ids[2:], "a member with mark 600 is hidden")
	avListedWith(ctx, id, groups.MarkHidden, ids[1:2], "asked for by mark 600")
})

var _ = it("GROUPS-AV-007", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1])
	avExpectOnline(ctx, id, ids[1:], "after a client joined")
	framework.Verifyf(do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {999}})), framework.FailWith(10004), "modify_user_info with mark 999")
	avListedWith(ctx, id, 999, nil, "mark 999 was refused")
	framework.Verifyf(do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {1000}})), framework.BeOK(), "modify_user_info with mark 1000")
	avListedWith(ctx, id, 1000, ids[1:], "mark 1000 was set")
})

var _ = it("GROUPS-AV-008", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1])
	avExpectOnline(ctx, id, ids[1:], "after a client joined")
	framework.Require(avControl().AVConnection(ctx, id, ids[1], false), "the member's connection drops")
	avExpectOnline(ctx, id, nil, "after the member's connection dropped")
	x := do(ctx, groups.AVMarks, avMarks(id, 1, map[string][]int{ids[1]: {groups.MarkAlwaysOn}}))
	framework.Verifyf(x, framework.BeOK(), "modify_user_info giving mark 500 to a member whose connection dropped")
	if got := avMarked(x); !sameSet(got, ids[1:]) {
		framework.Failf("modify_user_info listed %s as marked with 500; want %s, the member whose connection dropped", names(got), ids[1])
	}
	avListedWith(ctx, id, groups.MarkAlwaysOn, ids[1:], "mark 500 was set on the member whose connection dropped")
})

type avBanned struct {
	Member_Account string
	BannedUntil    int64
}

// avBans returns every banned account of the room, by get_group_ban_member.
func avBans(ctx ginkgo.SpecContext, id string) map[string]int64 {
	ginkgo.GinkgoHelper()
	got := map[string]int64{}
	offset := int64(0)
	for page := 0; page < 20; page++ {
		var out struct {
			BannedAccountList []avBanned
			NextOffset        int64
		}
		must(ctx, groups.BanList, map[string]any{"GroupId": id, "Limit": 100, "Offset": offset}, &out, "list the bans with get_group_ban_member")
		for _, b := range out.BannedAccountList {
			got[b.Member_Account] = b.BannedUntil
		}
		if out.NextOffset == 0 || len(out.BannedAccountList) < 100 {
			break
		}
		offset = out.NextOffset
	}
	return got
}

func avBan(id string, d int, accs ...string) map[string]any {
	return map[string]any{"GroupId": id, "Members_Account": accs, "Duration": d, "Description": "chatconform"}
}

var _ = it("GROUPS-BAN-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	at := time.Now().Unix()
	framework.Verify(do(ctx, groups.Ban, avBan(id, 600, ids[1], ids[2])), framework.BeOK())
	got := avBans(ctx, id)
	for _, acc := range ids[1:] {
		until, ok := got[acc]
		if !ok {
			framework.Failf("get_group_ban_member listed %s after two accounts were banned; want %s among them", mutedNames(got), acc)
		}
		if until < at+600-60 || until > time.Now().Unix()+600+60 {
			framework.Failf("get_group_ban_member gave %s BannedUntil %d; want about %d, the call's time plus Duration 600", acc, until, at+600)
		}
	}
})

var _ = it("GROUPS-BAN-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1], ids[2])
	avExpectOnline(ctx, id, ids[1:], "after two clients joined")
	framework.Verify(do(ctx, groups.Ban, avBan(id, 600, ids[1])), framework.BeOK())
	avExpectOnline(ctx, id, ids[2:], "after one member was banned")
	if err := avControl().JoinAVChatRoom(ctx, id, ids[1]); err == nil {
		framework.Failf("the banned account's client joined the AVChatRoom again; want it refused until the ban ends")
	}
	avExpectOnline(ctx, id, ids[2:], "the banned account tried to join again")
	framework.Verify(do(ctx, groups.Unban, map[string]any{"GroupId": id, "Members_Account": ids[1:2]}), framework.BeOK())
	if err := avControl().JoinAVChatRoom(ctx, id, ids[1]); err != nil {
		framework.Failf("the unbanned account's client could not join again after unban_group_member answered OK (%s); want it to join", framework.Diagnose(err))
	}
	avExpectOnline(ctx, id, ids[1:], "after the unbanned account joined again")
})

var _ = it("GROUPS-BAN-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	must(ctx, groups.Ban, avBan(id, 600, ids[1], ids[2]), nil, "ban two accounts")
	framework.Verify(do(ctx, groups.Unban, map[string]any{"GroupId": id, "Members_Account": ids[1:2]}), framework.BeOK())
	got := avBans(ctx, id)
	if _, still := got[ids[1]]; still || len(got) != 1 {
		framework.Failf("get_group_ban_member listed %s after %s was unbanned; want only %s", mutedNames(got), ids[1], ids[2])
	}
	if _, ok := got[ids[2]]; !ok {
		framework.Failf("get_group_ban_member listed %s; want %s, whose ban was not lifted", mutedNames(got), ids[2])
	}
})

var _ = it("GROUPS-BAN-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, groups.MaxBanAccounts+2)
	id := avRoom(ctx, ids[0])
	framework.Verifyf(do(ctx, groups.Ban, avBan(id, 600, ids[1:]...)), framework.FailWith(groups.BanTooMany), "ban_group_member naming 21 accounts")
	if got := avBans(ctx, id); len(got) != 0 {
		framework.Failf("get_group_ban_member listed %s after a refused ban of 21 accounts; want nobody", mutedNames(got))
	}
	framework.Verifyf(do(ctx, groups.Ban, avBan(id, 600, ids[1:groups.MaxBanAccounts+1]...)), framework.BeOK(), "ban_group_member naming 20 accounts")
})

var _ = it("GROUPS-BAN-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	pub := newGroup(ctx, "Public", ids[0], ids[1])
	av := avRoom(ctx, ids[0])
	framework.Verifyf(do(ctx, groups.Ban, avBan(pub, 600, ids[1])), framework.FailWith(groups.AVOnlyCode), "ban_group_member on a Public group")
	if list, _ := memberList(ctx, pub, nil); !has(accountsOf(list), ids[1]) {
		framework.Failf("get_group_member_info listed %s after a refused ban_group_member on the Public group; want %s still a member", names(accountsOf(list)), ids[1])
	}
	framework.Verifyf(do(ctx, groups.Ban, avBan(av, 600, ids[1])), framework.BeOK(), "ban_group_member on an AVChatRoom")
})

var _ = it("GROUPS-BAN-006", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := avRoom(ctx, ids[0])
	must(ctx, groups.Ban, avBan(id, 1, ids[1]), nil, "ban an account for one second")
	must(ctx, groups.Ban, avBan(id, 600, ids[2]), nil, "ban an account for ten minutes")
	var got map[string]int64
	err := eventually(ctx, 10*time.Second, func(context.Context) bool {
		got = avBans(ctx, id)
		_, short := got[ids[1]]
		return !short
	})
	if err != nil {
		framework.Failf("get_group_ban_member still listed %s ten seconds after its one-second ban; want it gone", ids[1])
	}
	if _, ok := got[ids[2]]; !ok {
		framework.Failf("get_group_ban_member listed %s; want %s, banned for ten minutes, still there", mutedNames(got), ids[2])
	}
})

var _ = it("GROUPS-BAN-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	id := avRoom(ctx, ids[0])
	must(ctx, groups.Ban, avBan(id, 600, ids[1:]...), nil, "ban three accounts")
	var seen []string
	offset := int64(0)
	for page := 0; ; page++ {
		if page == 5 {
			framework.Failf("get_group_ban_member with Limit 2 had not ended after five pages for three banned accounts; want two pages")
		}
		var out struct {
			BannedAccountList []avBanned
			NextOffset        int64
		}
		must(ctx, groups.BanList, map[string]any{"GroupId": id, "Limit": 2, "Offset": offset}, &out, "read a page of get_group_ban_member")
		if len(out.BannedAccountList) > 2 {
			framework.Failf("get_group_ban_member with Limit 2 listed %d accounts; want at most 2", len(out.BannedAccountList))
		}
		for _, b := range out.BannedAccountList {
			seen = append(seen, b.Member_Account)
		}
		if out.NextOffset == 0 || len(out.BannedAccountList) < 2 {
			break
		}
		offset = out.NextOffset
	}
	if !sameSet(seen, ids[1:]) {
		framework.Failf("get_group_ban_member's pages listed %s; want each of %s exactly once", names(seen), names(ids[1:]))
	}
})

// avReceived returns the text of each broadcast the room received, by
// MsgSeq.
func avReceived(ctx ginkgo.SpecContext, id string) map[int64]emulator.AVBroadcast {
	ginkgo.GinkgoHelper()
	list, err := avControl().AVBroadcasts(ctx, id)
	framework.Require(err, "read the broadcasts a room received (control API)")
	out := map[int64]emulator.AVBroadcast{}
	for _, b := range list {
		out[int64(b.Seq)] = b
	}
	return out
}

func avBroadcastText(b emulator.AVBroadcast) string {
	var body []struct{ MsgContent struct{ Text string } }
	json.Unmarshal(b.Body, &body)
	if len(body) == 0 {
		return ""
	}
	return body[0].MsgContent.Text
}

var _ = it("GROUPS-BROADCAST-001", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	rooms := []string{avRoom(ctx, ids[0]), avRoom(ctx, ids[0])}
	text := unique("chatconform broadcast")
	x := do(ctx, groups.Broadcast, map[string]any{"From_Account": ids[1], "Random": 7, "MsgBody": textBody(text)})
	framework.Verify(x, framework.BeOK())
	var out struct{ MsgSeq int64 }
	x.Decode(&out)
	for _, r := range rooms {
		got := avReceived(ctx, r)
		b, ok := got[out.MsgSeq]
		if !ok {
			seqs := make([]string, 0, len(got))
			for seq := range got {
				seqs = append(seqs, fmt.Sprint(seq))
			}
			framework.Failf("AVChatRoom %s received broadcasts with MsgSeq %s; want among them MsgSeq %d, which send_broadcast_msg answered", r, names(seqs), out.MsgSeq)
		}
		if got := avBroadcastText(b); got != text {
			framework.Failf("AVChatRoom %s received broadcast MsgSeq %d with text %q; want %q, the text sent", r, out.MsgSeq, got, text)
		}
		if b.From != ids[1] {
			framework.Failf("AVChatRoom %s received broadcast MsgSeq %d from %q; want From_Account %s, the sender named", r, out.MsgSeq, b.From, ids[1])
		}
	}
})

var _ = it("GROUPS-BROADCAST-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	owner := accounts(ctx, 1)[0]
	room := avRoom(ctx, owner)
	text := unique("chatconform refused broadcast")
	ghost := fmt.Sprintf("%s_ghost", env.Pool.Prefix())
	framework.Verifyf(do(ctx, groups.Broadcast, map[string]any{"From_Account": ghost, "Random": 8, "MsgBody": textBody(text)}),
		framework.FailWith(10004), "send_broadcast_msg from an account never imported")
	for _, b := range avReceived(ctx, room) {
		if avBroadcastText(b) == text {
			framework.Failf("AVChatRoom %s received the broadcast from an account that does not exist (MsgSeq %d); want it refused", room, b.Seq)
		}
	}
})

var _ = hookIt("GROUPS-AV-HOOK-001", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := avRoom(ctx, ids[0])
	avJoin(ctx, id, ids[1])
	for _, ev := range []struct {
		online bool
		want   string
	}{{false, "Offline"}, {true, "Online"}} {
		framework.Require(avControl().AVConnection(ctx, id, ids[1], ev.online), "the member's connection changes")
		c := env.Receiver.AwaitOnce(ctx, groups.HookAVConn, groups.AVMembers, framework.CallbackOf(groups.HookAVConn, "GroupId", id, "EventType", ev.want))
		if got := accountsIn(c, "MemberList"); !sameSet(got, ids[1:]) {
			framework.Failf("%s %s carried MemberList %s; want the member %s", c.Command, ev.want, names(got), ids[1])
		}
	}
})
