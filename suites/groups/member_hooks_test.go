package groups_test

import (
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// mhookApply makes user's client ask to join group id, through the
// emulator's control API; the caller has called env.NeedSessions.
func mhookApply(ctx ginkgo.SpecContext, id, user string) emulator.GroupApplyResult {
	ginkgo.GinkgoHelper()
	ctl := emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
	res, err := ctl.ApplyJoinGroup(ctx, emulator.GroupApply{GroupId: id, UserID: user, ApplyMsg: "chatconform"})
	framework.Require(err, "a client's request to join the group")
	return res
}

// mhookExpectMember requires get_group_member_info to list acc in group
// id (want) or not.
func mhookExpectMember(ctx ginkgo.SpecContext, id, acc string, want bool, why string) {
	ginkgo.GinkgoHelper()
	list, _ := memberList(ctx, id, nil)
	if _, in := find(list, acc); in != want {
		if want {
			framework.Failf("get_group_member_info did not list %s; want it a member (%s)", acc, why)
		}
		framework.Failf("get_group_member_info listed %s; want it not a member (%s)", acc, why)
	}
}

// mhookNoJoinOf requires that no CallbackAfterNewMemberJoin of group id
// names acc.
func mhookNoJoinOf(ctx ginkgo.SpecContext, id, acc, why string) {
	ginkgo.GinkgoHelper()
	expectNone(ctx, "naming "+acc+" "+why, func(c framework.Callback) bool {
		return framework.CallbackOf(groups.HookJoin, "GroupId", id)(c) && has(accountsIn(c, "NewMemberList"), acc)
	})
}

var _ = hookIt("GROUPS-MHOOK-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0])
	framework.Verify(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[1])}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookBeforeInvite, groups.AddMember, framework.CallbackOf(groups.HookBeforeInvite, "GroupId", id))
	expectField(c, "Type", "Public")
	if got := accountsIn(c, "DestinationMembers"); !has(got, ids[1]) {
		framework.Failf("%s carried DestinationMembers %s; want the invited %s in it", c.Command, names(got), ids[1])
	}
})

var _ = hookIt("GROUPS-MHOOK-002", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0])
	answerWith(framework.CallbackOf(groups.HookBeforeInvite, "GroupId", id), refuse)
	framework.Verifyf(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[1])}),
		framework.FailWith(groups.HookRefusedCode), "add_group_member the app refused with ErrorCode 1")
	mhookExpectMember(ctx, id, ids[1], false, "the app refused the invitation")
	mhookNoJoinOf(ctx, id, ids[1], "after the app refused the invitation")
})

var _ = hookIt("GROUPS-MHOOK-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0])
	answerWith(framework.CallbackOf(groups.HookBeforeInvite, "GroupId", id),
		map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "RefusedMembers_Account": []string{ids[2]}})
	framework.Verifyf(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[1], ids[2])}), framework.BeOK(), "add_group_member with one invitee refused")
	mhookExpectMember(ctx, id, ids[1], true, "the app let it in")
	mhookExpectMember(ctx, id, ids[2], false, "the app named it in RefusedMembers_Account")
	mhookNoJoinOf(ctx, id, ids[2], "after the app refused it")
})

var _ = hookIt("GROUPS-MHOOK-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0])
	answerWith(framework.CallbackOf(groups.HookBeforeInvite, "GroupId", id), map[string]any{"ActionStatus": "OK", "ErrorCode": 10150, "ErrorInfo": "refused by chatconform"})
	framework.Verifyf(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[1])}), framework.FailWith(10150), "add_group_member the app refused with its own code")
	mhookExpectMember(ctx, id, ids[1], false, "the app refused the invitation")
})

var _ = hookIt("GROUPS-MHOOK-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform full", "MaxMemberCount": 3, "MemberList": members(ids[1])})
	framework.Verify(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[2])}), framework.BeOK())
	env.Receiver.AwaitOnce(ctx, groups.HookGroupFull, groups.AddMember, framework.CallbackOf(groups.HookGroupFull, "GroupId", id))
})

var _ = hookIt("GROUPS-MHOOK-006", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform full", "MaxMemberCount": 3, "MemberList": members(ids[1])})
	addMembers(ctx, id, ids[2])
	_, err := env.Receiver.Wait(ctx, framework.CallbackOf(groups.HookGroupFull, "GroupId", id))
	framework.Require(err, "the group-full callback of the add that filled the group")
	since := time.Now()
	framework.Verifyf(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[3])}), framework.FailWith(groups.GroupFullCode), "add_group_member to a full group")
	mhookExpectMember(ctx, id, ids[3], false, "the group was full")
	env.Receiver.AwaitOnce(ctx, groups.HookGroupFull, groups.AddMember, func(c framework.Callback) bool {
		return framework.CallbackOf(groups.HookGroupFull, "GroupId", id)(c) && c.At.After(since)
	})
})

var _ = hookIt("GROUPS-MHOOK-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	card := unique("card")
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "NameCard": card}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookMemberField, groups.ModifyMember, framework.CallbackOf(groups.HookMemberField, "GroupId", id))
	expectField(c, "Member_Account", ids[1])
	expectField(c, "NameCard", card)
})

var _ = hookIt("GROUPS-MHOOK-008", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "Role": "Admin"}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookMemberField, groups.ModifyMember, framework.CallbackOf(groups.HookMemberField, "GroupId", id))
	expectField(c, "Member_Account", ids[1])
	expectField(c, "Role", "Admin")
})

var _ = hookIt("GROUPS-MHOOK-009", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.ModifyMember, map[string]any{"GroupId": id, "Member_Account": ids[1], "MsgFlag": "Discard"}), framework.BeOK())
	list, _ := memberList(ctx, id, nil)
	if m, _ := find(list, ids[1]); m.MsgFlag != "Discard" {
		framework.Failf("get_group_member_info gave %s MsgFlag %q after the change; want Discard", ids[1], m.MsgFlag)
	}
	expectNone(ctx, "for a change of MsgFlag alone", framework.CallbackOf(groups.HookMemberField, "GroupId", id))
})

// mhookFreeGroup creates a Public FreeAccess group owned by owner, with
// MaxMemberCount max when it is not 0.
func mhookFreeGroup(ctx ginkgo.SpecContext, owner string, max int) string {
	ginkgo.GinkgoHelper()
	body := map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform apply", "ApplyJoinOption": "FreeAccess"}
	if max > 0 {
		body["MaxMemberCount"] = max
	}
	return createWith(ctx, body)
}

var _ = hookIt("GROUPS-MHOOK-010", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := mhookFreeGroup(ctx, ids[0], 0)
	if res := mhookApply(ctx, id, ids[1]); res.ErrorCode != 0 {
		framework.Failf("the client's request to join a FreeAccess group failed with %d; want it to join", res.ErrorCode)
	}
	got := env.Receiver.AwaitEachOnce(ctx,
		framework.Once{Cmd: groups.HookBeforeApply, After: "the join request", Match: framework.CallbackOf(groups.HookBeforeApply, "GroupId", id)},
		framework.Once{Cmd: groups.HookJoin, After: "the join request", Match: framework.CallbackOf(groups.HookJoin, "GroupId", id)})
	c, j := got[0], got[1]
	expectField(c, "Requestor_Account", ids[1])
	expectField(c, "Type", "Public")
	mhookExpectMember(ctx, id, ids[1], true, "it asked to join a FreeAccess group")
	if got := accountsIn(j, "NewMemberList"); !sameSet(got, []string{ids[1]}) {
		framework.Failf("%s carried NewMemberList %s; want only the applicant %s", j.Command, names(got), ids[1])
	}
	switch jt := j.Str("JoinType"); jt {
	case "Apply", "Invited":
		framework.Variant("free join: JoinType %s", jt)
	default:
		framework.Failf("%s carried JoinType %q for the applicant's free join; want Apply or Invited", j.Command, jt)
	}
})

var _ = hookIt("GROUPS-MHOOK-011", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := mhookFreeGroup(ctx, ids[0], 0)
	answerWith(framework.CallbackOf(groups.HookBeforeApply, "GroupId", id), refuse)
	if res := mhookApply(ctx, id, ids[1]); res.ErrorCode != groups.HookRefusedCode {
		framework.Failf("the client's join request the app refused ended with %d; want 10016", res.ErrorCode)
	}
	mhookExpectMember(ctx, id, ids[1], false, "the app refused its request")
	mhookNoJoinOf(ctx, id, ids[1], "after the app refused its request")
})

var _ = hookIt("GROUPS-MHOOK-012", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform apply", "ApplyJoinOption": "NeedPermission"})
	res := mhookApply(ctx, id, ids[1])
	env.Receiver.AwaitOnce(ctx, groups.HookBeforeApply, "the join request", framework.CallbackOf(groups.HookBeforeApply, "GroupId", id))
	if res.ErrorCode != 0 {
		framework.Failf("the client's request to join a NeedPermission group ended with %d after the app let it go on; want it waiting (0)", res.ErrorCode)
	}
	mhookExpectMember(ctx, id, ids[1], false, "its request waits for the owner or an admin")
	mhookNoJoinOf(ctx, id, ids[1], "while its request waits for approval")
})

var _ = hookIt("GROUPS-MHOOK-013", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 2)
	id := mhookFreeGroup(ctx, ids[0], 2)
	if res := mhookApply(ctx, id, ids[1]); res.ErrorCode != 0 {
		framework.Failf("the client's request to join a FreeAccess group with room failed with %d; want it to join", res.ErrorCode)
	}
	env.Receiver.AwaitOnce(ctx, groups.HookGroupFull, "the join request", framework.CallbackOf(groups.HookGroupFull, "GroupId", id))
})
