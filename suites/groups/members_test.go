package groups_test

import (
	"context"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

type addResult struct {
	MemberList []struct {
		Member_Account string
		Result         int
	}
}

func (a addResult) of(acc string) (int, bool) {
	for _, m := range a.MemberList {
		if m.Member_Account == acc {
			return m.Result, true
		}
	}
	return 0, false
}

var _ = it("GROUPS-MEMBER-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	owner, a, b := ids[0], ids[1], ids[2]
	id := newGroup(ctx, "Public", owner)
	x := do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(a, b, owner)})
	framework.Verify(x, framework.BeOK())
	var res addResult
	x.Decode(&res)
	for acc, want := range map[string]int{a: groups.ResultAdded, b: groups.ResultAdded, owner: groups.ResultAlready} {
		if got, ok := res.of(acc); !ok || got != want {
			framework.Failf("add_group_member gave %s Result %d (listed: %t); want %d", acc, got, ok, want)
		}
	}
	list, num := memberList(ctx, id, nil)
	if num != 3 || !sameSet(accountsOf(list), ids) {
		framework.Failf("get_group_member_info answered MemberNum %d and members %s; want 3: %s", num, names(accountsOf(list)), names(ids))
	}
	for _, acc := range []string{a, b} {
		if m, _ := find(list, acc); m.Role != "Member" {
			framework.Failf("get_group_member_info gave the added %s Role %q; want Member", acc, m.Role)
		}
		expectRole(ctx, id, acc, "Member", "after add_group_member")
	}
})

var _ = it("GROUPS-MEMBER-002", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner, a := ids[0], ids[1]
	ghost := env.Pool.Unknown()
	id := newGroup(ctx, "Public", owner)
	x := do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(a, ghost)})
	switch {
	case x.OK():
		var res addResult
		x.Decode(&res)
		if got, ok := res.of(ghost); !ok || got != groups.ResultFailed {
			framework.Failf("add_group_member answered OK with Result %d (listed: %t) for the never-imported %s; want Result 0", got, ok, ghost)
		}
		expectRole(ctx, id, a, "Member", "the imported account of the same call")
		framework.Variant("OK with Result 0 for the never-imported account")
	default:
		framework.Verifyf(x, framework.FailWith(10019, 10004), "add_group_member with a never-imported account")
		expectRole(ctx, id, a, "NotMember", "the call was refused as a whole")
		framework.Variant("FAIL with %d", x.Envelope.ErrorCode)
	}
	expectRole(ctx, id, ghost, "NotMember", "a never-imported account")
})

var _ = it("GROUPS-MEMBER-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	owner, a, b, outsider := ids[0], ids[1], ids[2], ids[3]
	id := newGroup(ctx, "Public", owner, a, b)
	framework.Verify(do(ctx, groups.DeleteMember, map[string]any{"GroupId": id, "MemberToDel_Account": []string{a, outsider}}), framework.BeOK())
	expectRole(ctx, id, a, "NotMember", "after delete_group_member removed it")
	expectRole(ctx, id, b, "Member", "a member the call did not name")
	list, num := memberList(ctx, id, nil)
	if num != 2 || has(accountsOf(list), a) || !has(accountsOf(list), b) {
		framework.Failf("get_group_member_info answered MemberNum %d and members %s after removing %s; want 2: %s", num, names(accountsOf(list)), a, names([]string{owner, b}))
	}
})

var _ = it("GROUPS-MEMBER-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner, a := ids[0], ids[1]
	id := newGroup(ctx, "Public", owner, a)
	x := do(ctx, groups.DeleteMember, map[string]any{"GroupId": id, "MemberToDel_Account": []string{owner}})
	if !x.OK() {
		framework.Verifyf(x, framework.FailWith(groups.OwnerProtectedCodes...), "delete_group_member naming the owner")
	}
	framework.Variant("delete_group_member of the owner answered ErrorCode %d", x.Envelope.ErrorCode)
	expectRole(ctx, id, owner, "Owner", "the owner cannot be removed")
	if g := found(ctx, id, "the group"); g.Owner_Account != owner {
		framework.Failf("get_group_info reported Owner_Account %q after delete_group_member named the owner; want %s, still the owner", g.Owner_Account, owner)
	}
})

var _ = it("GROUPS-MEMBER-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 5)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	var all []string
	for offset := 0; offset < 6; offset += 2 {
		list, num := memberList(ctx, id, map[string]any{"Limit": 2, "Offset": offset})
		if len(list) > 2 || num != 5 {
			framework.Failf("get_group_member_info with Limit 2 and Offset %d answered %d members and MemberNum %d; want at most 2 and MemberNum 5", offset, len(list), num)
		}
		all = append(all, accountsOf(list)...)
	}
	if !sameSet(all, ids) {
		framework.Failf("pages of get_group_member_info with Limit 2 listed %s; want each of %s exactly once", names(all), names(ids))
	}
})

var _ = it("GROUPS-MEMBER-006", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	owner, admin, plain := ids[0], ids[1], ids[2]
	id := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform",
		"MemberList": []map[string]any{{"Member_Account": admin, "Role": "Admin"}, {"Member_Account": plain}}})
	if list, _ := memberList(ctx, id, map[string]any{"MemberRoleFilter": []string{"Admin"}}); !sameSet(accountsOf(list), []string{admin}) {
		framework.Failf("get_group_member_info with MemberRoleFilter [Admin] listed %s; want only the admin %s", names(accountsOf(list)), admin)
	}
	if list, _ := memberList(ctx, id, map[string]any{"MemberRoleFilter": []string{"Owner", "Member"}}); !sameSet(accountsOf(list), []string{owner, plain}) {
		framework.Failf("get_group_member_info with MemberRoleFilter [Owner, Member] listed %s; want %s", names(accountsOf(list)), names([]string{owner, plain}))
	}
})

var _ = it("GROUPS-MEMBER-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "Role": "Admin"}), framework.BeOK())
	expectRole(ctx, id, ids[1], "Admin", "after modify_group_member_info with Role Admin")
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "Role": "Member"}), framework.BeOK())
	expectRole(ctx, id, ids[1], "Member", "after modify_group_member_info with Role Member")
})

var _ = it("GROUPS-MEMBER-008", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner := ids[0]
	id := newGroup(ctx, "Public", owner, ids[1])
	for _, role := range []string{"Member", "Admin"} {
		x := do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": owner, "Role": role})
		if !x.OK() {
			framework.Verifyf(x, framework.FailWith(groups.OwnerProtectedCodes...), "modify_group_member_info with Role %s for the owner", role)
		}
		framework.Variant("Role %s for the owner answered ErrorCode %d", role, x.Envelope.ErrorCode)
		expectRole(ctx, id, owner, "Owner", "the owner's role cannot be changed")
	}
})

var _ = it("GROUPS-MEMBER-009", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0], ids[1], ids[2])
	before, _ := memberList(ctx, id, nil)
	other, _ := find(before, ids[2])
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "NameCard": "chatconform card", "MsgFlag": "Discard"}), framework.BeOK())
	list, _ := memberList(ctx, id, nil)
	m, _ := find(list, ids[1])
	if m.NameCard != "chatconform card" || m.MsgFlag != "Discard" {
		framework.Failf("get_group_member_info gave %s NameCard %q and MsgFlag %q after modify_group_member_info; want %q and Discard", ids[1], m.NameCard, m.MsgFlag, "chatconform card")
	}
	if o, _ := find(list, ids[2]); o.NameCard != other.NameCard || o.MsgFlag != other.MsgFlag {
		framework.Failf("get_group_member_info gave the other member NameCard %q and MsgFlag %q; want %q and %q, unchanged", o.NameCard, o.MsgFlag, other.NameCard, other.MsgFlag)
	}
})

// near reports whether t is the call's time plus d, within MuteSlack.
func near(t, from, to, d int64) bool {
	return t >= from+d-groups.MuteSlack && t <= to+d+groups.MuteSlack
}

var _ = it("GROUPS-MEMBER-010", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	from := time.Now().Unix()
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "MuteTime": 3600}), framework.BeOK())
	to := time.Now().Unix()
	list, _ := memberList(ctx, id, nil)
	if m, _ := find(list, ids[1]); !near(m.MuteUntil, from, to, 3600) {
		framework.Failf("get_group_member_info gave %s MuteUntil %d after MuteTime 3600 at %d; want about %d", ids[1], m.MuteUntil, from, from+3600)
	}
	if _, ok := muted(ctx, id)[ids[1]]; !ok {
		framework.Failf("get_group_muted_account did not list %s after modify_group_member_info muted it; want it listed", ids[1])
	}
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "MuteTime": 0}), framework.BeOK())
	list, _ = memberList(ctx, id, nil)
	if m, _ := find(list, ids[1]); m.MuteUntil != 0 {
		framework.Failf("get_group_member_info gave %s MuteUntil %d after MuteTime 0; want 0", ids[1], m.MuteUntil)
	}
	if got := muted(ctx, id); len(got) > 0 {
		framework.Failf("get_group_muted_account listed %s after MuteTime 0; want nobody", mutedNames(got))
	}
})

var _ = it("GROUPS-MEMBER-011", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	from := time.Now().Unix()
	framework.Verify(do(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": ids[1:3], "MuteTime": 600}), framework.BeOK())
	to := time.Now().Unix()
	framework.Verify(do(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": ids[3:], "MuteTime": groups.PermanentMute}), framework.BeOK())
	got := muted(ctx, id)
	for _, acc := range ids[1:3] {
		if !near(got[acc], from, to, 600) {
			framework.Failf("get_group_muted_account gave %s MutedUntil %d after MuteTime 600 at %d; want about %d", acc, got[acc], from, from+600)
		}
	}
	if got[ids[3]] < to+10*365*24*3600 {
		framework.Failf("get_group_muted_account gave %s MutedUntil %d after the permanent MuteTime 4294967295; want at least ten years ahead", ids[3], got[ids[3]])
	}
	if _, ok := got[ids[0]]; ok || len(got) != 3 {
		framework.Failf("get_group_muted_account listed %s; want exactly the three muted members", mutedNames(got))
	}
	framework.Verify(do(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": ids[1:], "MuteTime": 0}), framework.BeOK())
	if got := muted(ctx, id); len(got) > 0 {
		framework.Failf("get_group_muted_account listed %s after MuteTime 0; want nobody", mutedNames(got))
	}
})

var _ = it("GROUPS-MEMBER-012", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 1}), framework.BeOK())
	still := func(ctx context.Context) bool {
		var out struct {
			MutedAccountList []struct{ Member_Account string }
		}
		if _, err := env.Client.Call(ctx, groups.Muted, map[string]any{"GroupId": id}, &out); err != nil {
			return true
		}
		for _, m := range out.MutedAccountList {
			if m.Member_Account == ids[1] {
				return true
			}
		}
		return false
	}
	if eventually(ctx, 6*time.Second, func(ctx context.Context) bool { return !still(ctx) }) != nil {
		framework.Failf("get_group_muted_account still listed %s 6 s after a mute of MuteTime 1; want the mute over", ids[1])
	}
})

var _ = it("GROUPS-MEMBER-013", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	must(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 3600}, nil, "mute the member")
	until, ok := muted(ctx, id)[ids[1]]
	if !ok {
		framework.Failf("get_group_muted_account did not list %s after forbid_send_msg muted it; want it listed", ids[1])
	}
	must(ctx, groups.DeleteMember, map[string]any{"GroupId": id, "MemberToDel_Account": []string{ids[1]}}, nil, "remove the muted member")
	addMembers(ctx, id, ids[1])
	if got, ok := muted(ctx, id)[ids[1]]; !ok || got != until {
		framework.Failf("get_group_muted_account gave %s MutedUntil %d (listed: %t) after it left and rejoined; want %d, still muted", ids[1], got, ok, until)
	}
})

var _ = it("GROUPS-MEMBER-014", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	owner, admin, plain, outsider := ids[0], ids[1], ids[2], ids[3]
	id := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform",
		"MemberList": []map[string]any{{"Member_Account": admin, "Role": "Admin"}, {"Member_Account": plain}}})
	got := roles(ctx, id, owner, admin, plain, outsider)
	want := map[string]string{owner: "Owner", admin: "Admin", plain: "Member", outsider: "NotMember"}
	for acc, w := range want {
		if got[acc] != w {
			framework.Failf("get_role_in_group answered %s for %s; want %s", orNone(got[acc]), acc, w)
		}
	}
	if len(got) != 4 {
		framework.Failf("get_role_in_group answered %d items for 4 accounts; want one each", len(got))
	}
})

var _ = it("GROUPS-MEMBER-015", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner, next := ids[0], ids[1]
	id := newGroup(ctx, "Public", owner, next)
	framework.Verify(do(ctx, groups.ChangeOwner, map[string]any{"GroupId": id, "NewOwner_Account": next}), framework.BeOK())
	if g := found(ctx, id, "the group"); g.Owner_Account != next {
		framework.Failf("get_group_info reported Owner_Account %q after change_group_owner; want %s", g.Owner_Account, next)
	}
	got := roles(ctx, id, owner, next)
	if got[next] != "Owner" || got[owner] == "Owner" || got[owner] == "NotMember" {
		framework.Failf("get_role_in_group answered %s for the new owner and %s for the old one; want Owner, and a member's role for the old owner", orNone(got[next]), orNone(got[owner]))
	}
	framework.Variant("the old owner became %s", got[owner])
})

var _ = it("GROUPS-MEMBER-016", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner, outsider := ids[0], ids[1]
	id := newGroup(ctx, "Public", owner)
	x := do(ctx, groups.ChangeOwner, map[string]any{"GroupId": id, "NewOwner_Account": outsider})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "change_group_owner to a non-member")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	if g := found(ctx, id, "the group"); g.Owner_Account != owner {
		framework.Failf("get_group_info reported Owner_Account %q after the refused transfer; want %s", g.Owner_Account, owner)
	}
	expectRole(ctx, id, owner, "Owner", "the transfer was refused")
})

var _ = it("GROUPS-MEMBER-017", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	owner, m := ids[0], ids[1]
	created := time.Now().Add(-72 * time.Hour).Unix()
	var out struct{ GroupId string }
	must(ctx, groups.ImportGroup, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform imported", "CreateTime": created}, &out, "import a group")
	disband(out.GroupId)
	joinAt := created + 3600
	x := do(ctx, groups.ImportMembers, map[string]any{"GroupId": out.GroupId, "MemberList": []map[string]any{
		{"Member_Account": m, "Role": "Admin", "JoinTime": joinAt}, {"Member_Account": owner},
	}})
	framework.Verify(x, framework.BeOK())
	var res addResult
	x.Decode(&res)
	for acc, want := range map[string]int{m: groups.ResultAdded, owner: groups.ResultAlready} {
		if got, ok := res.of(acc); !ok || got != want {
			framework.Failf("import_group_member gave %s Result %d (listed: %t); want %d", acc, got, ok, want)
		}
	}
	list, _ := memberList(ctx, out.GroupId, nil)
	if mi, ok := find(list, m); !ok || mi.Role != "Admin" || mi.JoinTime != joinAt {
		framework.Failf("get_group_member_info gave the imported %s Role %q and JoinTime %d (listed: %t); want Admin and %d", m, mi.Role, mi.JoinTime, ok, joinAt)
	}
})

var _ = it("GROUPS-MEMBER-018", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform", "MaxMemberCount": 3, "MemberList": members(ids[1])})
	x := do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[2], ids[3])})
	framework.Verifyf(x, framework.FailWith(10014), "add_group_member of two accounts into the one place left")
	got := roles(ctx, id, ids[2], ids[3])
	for _, acc := range ids[2:] {
		if got[acc] != "NotMember" {
			framework.Failf("get_role_in_group answered %s for %s after the group refused it as full; want NotMember", orNone(got[acc]), acc)
		}
	}
})
