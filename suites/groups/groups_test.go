package groups_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// typeNames are the names each type may be reported by.
var typeNames = map[string][]string{
	"Public": {"Public"}, "Private": {"Private", "Work"}, "ChatRoom": {"ChatRoom", "Meeting"},
	"AVChatRoom": {"AVChatRoom"}, "Community": {"Community"},
}

var _ = it("GROUPS-TYPE-001", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	for _, typ := range []string{"Public", "Private", "ChatRoom", "AVChatRoom", "Community"} {
		x := do(ctx, groups.Create, map[string]any{"Owner_Account": owner, "Type": typ, "Name": "chatconform " + typ})
		framework.Verifyf(x, framework.BeOK(), "create_group of Type %s", typ)
		var out struct{ GroupId string }
		x.Decode(&out)
		if out.GroupId == "" {
			framework.Failf("%s without a GroupId for Type %s; want the new group's ID", framework.Answered(x), typ)
		}
		disband(out.GroupId)
		g := found(ctx, out.GroupId, "a group create_group just made")
		if !has(typeNames[typ], g.Type) {
			framework.Failf("get_group_info reported Type %q for a group created as %s; want %s", g.Type, typ, strings.Join(typeNames[typ], " or "))
		}
		if g.Owner_Account != owner {
			framework.Failf("get_group_info reported Owner_Account %q for the %s group; want %s", g.Owner_Account, typ, owner)
		}
		if typ != "AVChatRoom" && (g.MemberNum == nil || *g.MemberNum != 1) {
			framework.Failf("get_group_info reported MemberNum %s for a new %s group with an owner; want 1", intOrNone(g.MemberNum), typ)
		}
		framework.Variant("%s reported as %s", typ, g.Type)
	}
})

func intOrNone(p *int) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

var _ = it("GROUPS-TYPE-002", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 1)
	owner, m := ids[0], fresh(ctx)
	id := newGroup(ctx, "AVChatRoom", owner)
	framework.Verifyf(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(m)}), framework.FailWith(10007), "add_group_member on an AVChatRoom")
	list, _ := joined(ctx, m, map[string]any{"WithHugeGroups": 1})
	if has(joinedIDs(list), id) {
		framework.Failf("get_joined_group_list listed the AVChatRoom %s for %s after add_group_member was refused; want it not joined", id, m)
	}
})

var _ = it("GROUPS-TYPE-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	gid := customID()
	x := do(ctx, groups.Create, map[string]any{"Owner_Account": ids[0], "Type": "AVChatRoom", "Name": "chatconform", "GroupId": gid, "MemberList": members(ids[1])})
	if x.OK() {
		disband(gid)
	}
	framework.Verifyf(x, framework.FailWith(10007), "create_group of an AVChatRoom with a MemberList")
	gone(ctx, gid, "create_group of the AVChatRoom was refused")
})

var _ = it("GROUPS-TYPE-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Private", ids[0], ids[1])
	x := do(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 3600})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "forbid_send_msg on a Private (Work) group")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	if m := muted(ctx, id); len(m) > 0 {
		framework.Failf("get_group_muted_account listed %s in the Private group after the refused mute; want nobody", mutedNames(m))
	}
	list, _ := memberList(ctx, id, nil)
	if mi, ok := find(list, ids[1]); !ok || mi.MuteUntil != 0 {
		framework.Failf("get_group_member_info gave %s MuteUntil %d in the Private group after the refused mute; want it listed with 0", ids[1], mi.MuteUntil)
	}
})

var _ = it("GROUPS-TYPE-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	av := newGroup(ctx, "AVChatRoom", ids[0])
	framework.Verifyf(do(ctx, groups.DeleteMember, map[string]any{"GroupId": av, "MemberToDel_Account": []string{ids[1]}}), framework.FailWith(10004), "delete_group_member on an AVChatRoom")
	pub := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verifyf(do(ctx, groups.DeleteMember, map[string]any{"GroupId": pub, "MemberToDel_Account": []string{ids[1]}}), framework.BeOK(), "the same delete_group_member on a Public group")
})

var _ = it("GROUPS-TYPE-006", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	av := newGroup(ctx, "AVChatRoom", ids[0])
	framework.Verifyf(do(ctx, groups.ChangeOwner, map[string]any{"GroupId": av, "NewOwner_Account": ids[1]}), framework.FailWith(10007), "change_group_owner on an AVChatRoom")
	framework.Verifyf(do(ctx, groups.Role, map[string]any{"GroupId": av, "User_Account": ids}), framework.FailWith(10007), "get_role_in_group on an AVChatRoom")
	if g := found(ctx, av, "the AVChatRoom"); g.Owner_Account != ids[0] {
		framework.Failf("get_group_info reported Owner_Account %q for the AVChatRoom after the refused transfer; want %s", g.Owner_Account, ids[0])
	}
})

var _ = it("GROUPS-TYPE-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	av := newGroup(ctx, "AVChatRoom", ids[0])
	x := do(ctx, groups.MemberInfo, map[string]any{"GroupId": av})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "get_group_member_info on an AVChatRoom")
	framework.Variant("get_group_member_info refused with %d", x.Envelope.ErrorCode)
	x = do(ctx, groups.ModifyMember, map[string]any{"GroupId": av, "Member_Account": ids[1], "NameCard": "chatconform"})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "modify_group_member_info on an AVChatRoom")
	framework.Verifyf(do(ctx, groups.ImportMembers, map[string]any{"GroupId": av, "MemberList": members(ids[1])}), framework.FailWith(10007), "import_group_member on an AVChatRoom")
	framework.Verifyf(do(ctx, groups.Forbid, map[string]any{"GroupId": av, "Members_Account": []string{ids[1]}, "MuteTime": 3600}), framework.BeOK(), "forbid_send_msg on an AVChatRoom, which supports it")
	if _, ok := muted(ctx, av)[ids[1]]; !ok {
		framework.Failf("get_group_muted_account did not list %s in the AVChatRoom after forbid_send_msg; want it listed", ids[1])
	}
})

var _ = it("GROUPS-TYPE-008", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	gid := customID()
	x := do(ctx, groups.ImportGroup, map[string]any{"Owner_Account": owner, "Type": "AVChatRoom", "Name": "chatconform", "GroupId": gid})
	if x.OK() {
		disband(gid)
	}
	framework.Verifyf(x, framework.FailWith(10007), "import_group of an AVChatRoom")
	gone(ctx, gid, "import_group of the AVChatRoom was refused")
})

var _ = it("GROUPS-INFO-001", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	before := time.Now().Unix()
	want := map[string]any{
		"Owner_Account": owner, "Type": "Public", "Name": "chatconform info", "Introduction": "intro of the group",
		"Notification": "notice of the group", "FaceUrl": "http://example.com/face.png", "MaxMemberCount": 50, "ApplyJoinOption": "FreeAccess",
	}
	id := createWith(ctx, want)
	g := found(ctx, id, "a group create_group just made")
	got := map[string]any{"Name": g.Name, "Introduction": g.Introduction, "Notification": g.Notification, "FaceUrl": g.FaceUrl, "MaxMemberCount": g.MaxMemberNum, "ApplyJoinOption": g.ApplyJoinOption, "Owner_Account": g.Owner_Account}
	for k, v := range got {
		if fmt.Sprint(v) != fmt.Sprint(want[k]) {
			framework.Failf("get_group_info reported %s %v for the new group; want %v, as create_group set it", k, v, want[k])
		}
	}
	if g.MemberNum == nil || *g.MemberNum != 1 || len(g.MemberList) != 1 || g.MemberList[0].Member_Account != owner || g.MemberList[0].Role != "Owner" {
		framework.Failf("get_group_info reported MemberNum %s and members %s; want 1, the owner %s with Role Owner", intOrNone(g.MemberNum), names(accountsOf(g.MemberList)), owner)
	}
	if g.CreateTime < before-60 || g.CreateTime > time.Now().Unix()+60 {
		framework.Failf("get_group_info reported CreateTime %d; want within a minute of %d, the call's time", g.CreateTime, before)
	}
})

var _ = it("GROUPS-INFO-002", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	a := newGroup(ctx, "Public", owner)
	b := newGroup(ctx, "Public", owner)
	if !strings.HasPrefix(a, "@TGS#") || !strings.HasPrefix(b, "@TGS#") || a == b {
		framework.Failf("create_group answered GroupIds %q and %q for two groups; want two different IDs starting with @TGS#", a, b)
	}
	c := newGroup(ctx, "Community", owner)
	if !strings.HasPrefix(c, "@TGS#_") {
		framework.Failf("create_group answered GroupId %q for a Community; want it to start with @TGS#_", c)
	}
	gid := customID()
	if got := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform", "GroupId": gid}); got != gid {
		framework.Failf("create_group answered GroupId %q for the custom GroupId %q; want the custom one", got, gid)
	}
	found(ctx, gid, "the group created under a custom GroupId")
})

var _ = it("GROUPS-INFO-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	gid := customID()
	createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform first", "GroupId": gid})
	x := do(ctx, groups.Create, map[string]any{"Owner_Account": ids[1], "Type": "Public", "Name": "chatconform second", "GroupId": gid})
	framework.Verifyf(x, framework.FailWith(groups.GroupIDTakenCodes...), "create_group with a GroupId in use")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	if g := found(ctx, gid, "the first group"); g.Name != "chatconform first" || g.Owner_Account != ids[0] {
		framework.Failf("get_group_info reported Name %q and Owner_Account %q under the reused GroupId; want the first group's %q and %s", g.Name, g.Owner_Account, "chatconform first", ids[0])
	}
})

var _ = it("GROUPS-INFO-004", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform filter", "Introduction": "intro", "Notification": "notice"})
	g := info(ctx, id, map[string]any{"GroupBaseInfoFilter": []string{"Name", "Type"}})
	if g.Name != "chatconform filter" || g.Type != "Public" {
		framework.Failf("get_group_info with GroupBaseInfoFilter [Name, Type] gave Name %q and Type %q; want %q and Public", g.Name, g.Type, "chatconform filter")
	}
	for _, f := range []string{"Introduction", "Notification", "CreateTime", "MemberList"} {
		if _, ok := g.raw[f]; ok {
			framework.Failf("get_group_info with GroupBaseInfoFilter [Name, Type] returned %s; want only the fields the filter names", f)
		}
	}
})

var _ = it("GROUPS-INFO-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	g := info(ctx, id, map[string]any{"MemberInfoFilter": []string{"Role"}})
	want := map[string]string{ids[0]: "Owner", ids[1]: "Member"}
	if len(g.MemberList) != 2 {
		framework.Failf("get_group_info with MemberInfoFilter [Role] listed members %s; want %s", names(accountsOf(g.MemberList)), names(ids))
	}
	for i, m := range g.MemberList {
		if want[m.Member_Account] != m.Role {
			framework.Failf("get_group_info with MemberInfoFilter [Role] gave %s Role %q; want %s", m.Member_Account, m.Role, want[m.Member_Account])
		}
		for _, f := range []string{"JoinTime", "MsgSeq"} {
			if _, ok := g.members[i][f]; ok {
				framework.Failf("get_group_info with MemberInfoFilter [Role] gave member %s its %s; want only the fields the filter names", m.Member_Account, f)
			}
		}
	}
})

var _ = it("GROUPS-INFO-006", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform old", "Introduction": "kept", "Notification": "old notice"})
	framework.Verify(do(ctx, groups.ModifyInfo, map[string]any{"GroupId": id, "Name": "chatconform new", "Notification": "new notice", "MuteAllMember": "On"}), framework.BeOK())
	g := found(ctx, id, "the modified group")
	if g.Name != "chatconform new" || g.Notification != "new notice" || g.MuteAllMember != "On" {
		framework.Failf("get_group_info reported Name %q, Notification %q, MuteAllMember %q after modify_group_base_info; want %q, %q, On", g.Name, g.Notification, g.MuteAllMember, "chatconform new", "new notice")
	}
	if g.Introduction != "kept" {
		framework.Failf("get_group_info reported Introduction %q after a modify_group_base_info that left it out; want %q, unchanged", g.Introduction, "kept")
	}
})

var _ = it("GROUPS-INFO-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 1)
	m := fresh(ctx)
	var out struct{ GroupId string }
	must(ctx, groups.Create, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform", "MemberList": members(m)}, &out, "create a group")
	disband(out.GroupId)
	framework.Verify(do(ctx, groups.Destroy, map[string]any{"GroupId": out.GroupId}), framework.BeOK())
	gone(ctx, out.GroupId, "after destroy_group")
	if list, _ := joined(ctx, m, map[string]any{"WithNoActiveGroups": 1}); has(joinedIDs(list), out.GroupId) {
		framework.Failf("get_joined_group_list still listed the disbanded group %s for its former member %s; want it gone", out.GroupId, m)
	}
	framework.Verifyf(do(ctx, groups.Destroy, map[string]any{"GroupId": out.GroupId}), framework.FailWith(groups.NoGroupCodes...), "a second destroy_group")
})

// appList pages get_appid_group_list with limit, from Next 0 to Next 0,
// and returns the IDs listed and the TotalCounts seen.
func appList(ctx ginkgo.SpecContext, limit int, extra map[string]any) ([]string, []int) {
	ginkgo.GinkgoHelper()
	var all []string
	var totals []int
	next := int64(0)
	for page := 0; page < 200; page++ {
		body := map[string]any{"Next": next}
		if limit > 0 {
			body["Limit"] = limit
		}
		for k, v := range extra {
			body[k] = v
		}
		var out struct {
			TotalCount  int
			GroupIdList []struct{ GroupId string }
			Next        int64
		}
		must(ctx, groups.AppList, body, &out, "list the app's groups")
		if limit > 0 && len(out.GroupIdList) > limit {
			framework.Failf("get_appid_group_list answered %d groups for Limit %d; want at most %d", len(out.GroupIdList), limit, limit)
		}
		for _, g := range out.GroupIdList {
			all = append(all, g.GroupId)
		}
		totals = append(totals, out.TotalCount)
		if out.Next == 0 {
			return all, totals
		}
		if out.Next == next {
			framework.Failf("get_appid_group_list answered the Next %d it was sent; want a cursor that moves on", next)
		}
		next = out.Next
	}
	framework.Failf("get_appid_group_list gave no Next 0 within 200 pages; want the last page to end with Next 0")
	return nil, nil
}

var _ = it("GROUPS-INFO-008", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	mine := []string{newGroup(ctx, "Public", owner), newGroup(ctx, "Public", owner), newGroup(ctx, "Public", owner)}
	var first struct{ TotalCount int }
	must(ctx, groups.AppList, map[string]any{}, &first, "count the app's groups")
	// Two or three pages: the API answers one call a second.
	limit := max(2, first.TotalCount/2+1)
	all, totals := appList(ctx, limit, nil)
	for _, id := range mine {
		n := 0
		for _, x := range all {
			if x == id {
				n++
			}
		}
		if n != 1 {
			framework.Failf("pages of get_appid_group_list with Limit %d listed the new group %s %d times; want exactly once", limit, id, n)
		}
	}
	for _, t := range totals[1:] {
		if t != totals[0] {
			framework.Variant("TotalCount moved from %d to %d while paging (other groups came or went)", totals[0], t)
		}
	}
}, ginkgo.Serial)

var _ = it("GROUPS-INFO-009", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	chat := newGroup(ctx, "ChatRoom", owner)
	pub := newGroup(ctx, "Public", owner)
	var all struct{ TotalCount int }
	must(ctx, groups.AppList, map[string]any{}, &all, "count the app's groups")
	list, totals := appList(ctx, 0, map[string]any{"GroupType": "ChatRoom"})
	if !has(list, chat) || has(list, pub) {
		framework.Failf("get_appid_group_list with GroupType ChatRoom listed the ChatRoom group: %t, the Public group: %t; want the ChatRoom group only", has(list, chat), has(list, pub))
	}
	if totals[0] > all.TotalCount {
		framework.Failf("get_appid_group_list with GroupType ChatRoom answered TotalCount %d, over the unfiltered %d; want the count of ChatRoom groups only", totals[0], all.TotalCount)
	}
}, ginkgo.Serial)

var _ = it("GROUPS-INFO-010", func(ctx ginkgo.SpecContext) {
	other := accounts(ctx, 1)[0]
	m := fresh(ctx)
	own := newGroup(ctx, "Public", m)
	pub := newGroup(ctx, "Public", other, m)
	chat := newGroup(ctx, "ChatRoom", other, m)
	want := []string{own, pub, chat}
	list, total := joined(ctx, m, nil)
	if total != 3 || !sameSet(joinedIDs(list), want) {
		framework.Failf("get_joined_group_list answered TotalCount %d and groups %s for %s; want 3: %s", total, names(joinedIDs(list)), m, names(want))
	}
	if list, _ := joined(ctx, m, map[string]any{"GroupType": "ChatRoom"}); !sameSet(joinedIDs(list), []string{chat}) {
		framework.Failf("get_joined_group_list with GroupType ChatRoom listed %s; want only the ChatRoom group %s", names(joinedIDs(list)), chat)
	}
	p1, _ := joined(ctx, m, map[string]any{"Limit": 2, "Offset": 0})
	p2, _ := joined(ctx, m, map[string]any{"Limit": 2, "Offset": 2})
	if len(p1) > 2 || !sameSet(append(joinedIDs(p1), joinedIDs(p2)...), want) {
		framework.Failf("get_joined_group_list pages of Limit 2 at Offset 0 and 2 listed %s and %s; want the three groups once each", names(joinedIDs(p1)), names(joinedIDs(p2)))
	}
	must(ctx, groups.DeleteMember, map[string]any{"GroupId": pub, "MemberToDel_Account": []string{m}}, nil, "remove the member")
	if list, _ := joined(ctx, m, nil); has(joinedIDs(list), pub) {
		framework.Failf("get_joined_group_list still listed %s for %s after delete_group_member removed it; want it gone", pub, m)
	}
})

var _ = it("GROUPS-INFO-011", func(ctx ginkgo.SpecContext) {
	other := accounts(ctx, 1)[0]
	m := fresh(ctx)
	own := createWith(ctx, map[string]any{"Owner_Account": m, "Type": "Public", "Name": "chatconform own"})
	in := createWith(ctx, map[string]any{"Owner_Account": other, "Type": "Public", "Name": "chatconform in", "MemberList": members(m)})
	list, _ := joined(ctx, m, map[string]any{"ResponseFilter": map[string]any{"GroupBaseInfoFilter": []string{"Name"}, "SelfInfoFilter": []string{"Role"}}})
	want := map[string][2]string{own: {"chatconform own", "Owner"}, in: {"chatconform in", "Member"}}
	seen := 0
	for _, g := range list {
		w, ok := want[g.GroupId]
		if !ok {
			continue
		}
		seen++
		role := ""
		if g.SelfInfo != nil {
			role = g.SelfInfo.Role
		}
		if g.Name != w[0] || role != w[1] {
			framework.Failf("get_joined_group_list gave group %s Name %q and SelfInfo.Role %s for %s; want %q and %s", g.GroupId, g.Name, orNone(role), m, w[0], w[1])
		}
	}
	if seen != 2 {
		framework.Failf("get_joined_group_list listed %d of the account's two groups; want both", seen)
	}
})

var _ = it("GROUPS-INFO-012", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	created := time.Now().Add(-48 * time.Hour).Unix()
	var out struct{ GroupId string }
	must(ctx, groups.ImportGroup, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform imported", "CreateTime": created}, &out, "import a group")
	disband(out.GroupId)
	if out.GroupId == "" {
		framework.Failf("import_group answered OK without a GroupId; want the imported group's ID")
	}
	g := found(ctx, out.GroupId, "the imported group")
	if g.CreateTime != created || g.Owner_Account != owner {
		framework.Failf("get_group_info reported CreateTime %d and Owner_Account %q for the imported group; want %d and %s, as imported", g.CreateTime, g.Owner_Account, created, owner)
	}
	if m, ok := find(g.MemberList, owner); !ok || m.Role != "Owner" {
		framework.Failf("get_group_info listed members %s for the imported group; want its owner %s with Role Owner", names(accountsOf(g.MemberList)), owner)
	}
})

var _ = it("GROUPS-INFO-013", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	m := fresh(ctx)
	id := newGroup(ctx, "Private", owner, m)
	if list, _ := joined(ctx, m, map[string]any{"WithNoActiveGroups": 1}); !has(joinedIDs(list), id) {
		framework.Failf("get_joined_group_list with WithNoActiveGroups 1 did not list the new Private group %s for its member %s (it listed %s); want it listed", id, m, names(joinedIDs(list)))
	}
	list, _ := joined(ctx, m, nil)
	framework.Variant("without WithNoActiveGroups the new Private group is listed: %t", has(joinedIDs(list), id))
})
