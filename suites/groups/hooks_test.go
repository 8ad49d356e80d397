package groups_test

import (
	"encoding/json"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// expectNone requires that no callback matching arrives within framework.OnceWindow.
func expectNone(ctx ginkgo.SpecContext, what string, match func(framework.Callback) bool) {
	ginkgo.GinkgoHelper()
	if got := env.Receiver.Quiet(ctx, framework.OnceWindow, 1, match); len(got) > 0 {
		framework.Failf("the target sent %s %s; want none", got[0].Command, what)
	}
}

func expectField(c framework.Callback, field, want string) {
	ginkgo.GinkgoHelper()
	if got := c.Str(field); got != want {
		framework.Failf("%s carried %s %q; want %q, the triggering call's", c.Command, field, got, want)
	}
}

// accountsIn returns the Member_Accounts of a list field of a callback.
func accountsIn(c framework.Callback, field string) []string {
	var list []struct{ Member_Account string }
	json.Unmarshal(c.Fields[field], &list)
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = m.Member_Account
	}
	return out
}

func bodyText(c framework.Callback) string {
	var body []struct {
		MsgContent struct{ Text string }
	}
	json.Unmarshal(c.Fields["MsgBody"], &body)
	if len(body) == 0 {
		return ""
	}
	return body[0].MsgContent.Text
}

// answerWith makes the receiver answer the callbacks that match with
// answer, for the rest of the check.
func answerWith(match func(framework.Callback) bool, answer map[string]any) {
	ginkgo.DeferCleanup(env.Receiver.Answer(match, answer))
}

// hookIt declares a check that reads the target's callbacks. Every
// process sees every callback, and each check's rules and matchers name
// only the groups, accounts and texts it made, so these run in parallel.
func hookIt(id string, body func(ginkgo.SpecContext)) bool {
	return it(id, func(ctx ginkgo.SpecContext) {
		env.NeedReceiver()
		body(ctx)
	})
}

var refuse = map[string]any{"ActionStatus": "OK", "ErrorCode": 1, "ErrorInfo": "refused by chatconform"}

var _ = hookIt("GROUPS-HOOK-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	name := unique("chatconform hook")
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": name, "MemberList": members(ids[1])})
	got := env.Receiver.AwaitEachOnce(ctx,
		framework.Once{Cmd: groups.HookBeforeCreate, After: groups.Create, Match: framework.CallbackOf(groups.HookBeforeCreate, "Name", name)},
		framework.Once{Cmd: groups.HookAfterCreate, After: groups.Create, Match: framework.CallbackOf(groups.HookAfterCreate, "Name", name)})
	before, after := got[0], got[1]
	for _, c := range []framework.Callback{before, after} {
		expectField(c, "Owner_Account", ids[0])
		expectField(c, "Type", "Public")
	}
	if got := after.Str("GroupId"); got != id && after.Str("groupID") != id {
		framework.Failf("%s carried GroupId %q; want %s, the new group's", after.Command, got, id)
	}
	if got := accountsIn(after, "MemberList"); !has(got, ids[1]) {
		framework.Failf("%s carried MemberList %s; want the initial member %s in it", after.Command, names(got), ids[1])
	}
})

var _ = hookIt("GROUPS-HOOK-002", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	name := unique("chatconform refused")
	answerWith(framework.CallbackOf(groups.HookBeforeCreate, "Name", name), refuse)
	gid := customID()
	x := do(ctx, groups.Create, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": name, "GroupId": gid})
	if x.OK() {
		disband(gid)
	}
	framework.Verifyf(x, framework.FailWith(groups.HookRefusedCode), "create_group the app refused")
	gone(ctx, gid, "the app refused the group")
	expectNone(ctx, "for a group the app refused", framework.CallbackOf(groups.HookAfterCreate, "Name", name))
})

var _ = hookIt("GROUPS-HOOK-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(ids[2], ids[1])}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookJoin, groups.AddMember, framework.CallbackOf(groups.HookJoin, "GroupId", id))
	expectField(c, "JoinType", "Invited")
	if got := accountsIn(c, "NewMemberList"); !sameSet(got, []string{ids[2]}) {
		framework.Failf("%s carried NewMemberList %s; want only the added %s", c.Command, names(got), ids[2])
	}
})

var _ = hookIt("GROUPS-HOOK-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0], ids[1], ids[2])
	framework.Verify(do(ctx, groups.DeleteMember, map[string]any{"GroupId": id, "MemberToDel_Account": []string{ids[1]}}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookExit, groups.DeleteMember, framework.CallbackOf(groups.HookExit, "GroupId", id))
	expectField(c, "ExitType", "Kicked")
	if got := accountsIn(c, "ExitMemberList"); !sameSet(got, []string{ids[1]}) {
		framework.Failf("%s carried ExitMemberList %s; want only the removed %s", c.Command, names(got), ids[1])
	}
})

var _ = hookIt("GROUPS-HOOK-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	text := unique("chatconform hook message")
	x := sendText(ctx, id, ids[1], text, nil)
	framework.Verify(x, framework.BeOK())
	var sent sentMsg
	x.Decode(&sent)
	got := env.Receiver.AwaitEachOnce(ctx,
		framework.Once{Cmd: groups.HookBeforeSend, After: groups.Send, Match: framework.CallbackOf(groups.HookBeforeSend, "GroupId", id)},
		framework.Once{Cmd: groups.HookAfterSend, After: groups.Send, Match: framework.CallbackOf(groups.HookAfterSend, "GroupId", id)})
	for _, c := range got {
		cmd := c.Command
		expectField(c, "From_Account", ids[1])
		if bodyText(c) != text {
			framework.Failf("%s carried MsgBody %s; want the sent text %q", cmd, c.Fields["MsgBody"], text)
		}
		if cmd == groups.HookAfterSend {
			if seq, ok := c.Int("MsgSeq"); !ok || seq != sent.MsgSeq {
				framework.Failf("%s carried MsgSeq %s; want %d, the one send_group_msg answered", cmd, c.Fields["MsgSeq"], sent.MsgSeq)
			}
		}
	}
})

// answerSend makes the app answer the before-send callback of messages
// carrying text with answer, for the rest of the check.
func answerSend(text string, answer map[string]any) {
	answerWith(func(c framework.Callback) bool { return c.Command == groups.HookBeforeSend && bodyText(c) == text }, answer)
}

var _ = hookIt("GROUPS-HOOK-006", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	text := unique("chatconform refused message")
	answerSend(text, refuse)
	framework.Verifyf(sendText(ctx, id, owner, text, nil), framework.FailWith(groups.HookRefusedCode), "send_group_msg the app refused")
	if hasText(history(ctx, id, nil), text) {
		framework.Failf("group_msg_get_simple listed the message the app refused; want it not stored")
	}
	expectNone(ctx, "for a message the app refused", func(c framework.Callback) bool { return c.Command == groups.HookAfterSend && bodyText(c) == text })
})

var _ = hookIt("GROUPS-HOOK-007", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	text := unique("chatconform dropped message")
	answerSend(text, map[string]any{"ActionStatus": "OK", "ErrorCode": 2, "ErrorInfo": ""})
	framework.Verifyf(sendText(ctx, id, owner, text, nil), framework.BeOK(), "send_group_msg the app dropped silently")
	if hasText(history(ctx, id, nil), text) {
		framework.Failf("group_msg_get_simple listed the message the app dropped; want it not stored")
	}
})

var _ = hookIt("GROUPS-HOOK-008", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	text := unique("chatconform original")
	replaced := unique("chatconform replaced")
	answerSend(text, map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "MsgBody": textBody(replaced)})
	framework.Verify(sendText(ctx, id, owner, text, nil), framework.BeOK())
	list := history(ctx, id, nil)
	if !hasText(list, replaced) || hasText(list, text) {
		framework.Failf("group_msg_get_simple listed the replacement: %t, the sent text: %t; want the app's replacement instead of the sent text", hasText(list, replaced), hasText(list, text))
	}
})

var _ = hookIt("GROUPS-HOOK-009", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.Destroy, map[string]any{"GroupId": id}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookDestroyed, groups.Destroy, framework.CallbackOf(groups.HookDestroyed, "GroupId", id))
	expectField(c, "Owner_Account", ids[0])
	expectField(c, "Type", "Public")
})

var _ = hookIt("GROUPS-HOOK-010", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	name := unique("chatconform renamed")
	framework.Verify(do(ctx, groups.ModifyInfo, map[string]any{"GroupId": id, "Name": name}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookInfoChanged, groups.ModifyInfo, framework.CallbackOf(groups.HookInfoChanged, "GroupId", id))
	expectField(c, "Name", name)
})

var _ = hookIt("GROUPS-HOOK-011", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	m := post(ctx, id, owner, "chatconform recall hook")
	framework.Verify(do(ctx, groups.Recall, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": m.MsgSeq}}}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookRecall, groups.Recall, framework.CallbackOf(groups.HookRecall, "GroupId", id))
	var seqs []struct{ MsgSeq int64 }
	json.Unmarshal(c.Fields["MsgSeqList"], &seqs)
	if len(seqs) != 1 || seqs[0].MsgSeq != m.MsgSeq {
		framework.Failf("%s carried MsgSeqList %s; want the recalled MsgSeq %d", c.Command, c.Fields["MsgSeqList"], m.MsgSeq)
	}
})

var _ = hookIt("GROUPS-HOOK-012", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verify(do(ctx, groups.ChangeOwner, map[string]any{"GroupId": id, "NewOwner_Account": ids[1]}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookOwnerChanged, groups.ChangeOwner, framework.CallbackOf(groups.HookOwnerChanged, "GroupId", id))
	expectField(c, "OldOwner_Account", ids[0])
	expectField(c, "NewOwner_Account", ids[1])
})

var _ = hookIt("GROUPS-HOOK-013", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	name := unique("chatconform imported")
	var out struct{ GroupId string }
	must(ctx, groups.ImportGroup, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": name, "CreateTime": time.Now().Add(-time.Hour).Unix()}, &out, "import a group")
	disband(out.GroupId)
	framework.Verify(do(ctx, groups.ImportMembers, map[string]any{"GroupId": out.GroupId, "MemberList": members(ids[1])}), framework.BeOK())
	expectNone(ctx, "for an imported group", func(c framework.Callback) bool {
		return c.Str("Name") == name || out.GroupId != "" && (c.Str("GroupId") == out.GroupId || c.Str("groupID") == out.GroupId)
	})
})

var _ = hookIt("GROUPS-HOOK-014", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	text := unique("chatconform no callbacks")
	framework.Verify(sendText(ctx, id, owner, text, map[string]any{"ForbidCallbackControl": []string{groups.ForbidBeforeHook, groups.ForbidAfterHook}}), framework.BeOK())
	expectNone(ctx, "for a message sent with ForbidCallbackControl", func(c framework.Callback) bool {
		return (c.Command == groups.HookBeforeSend || c.Command == groups.HookAfterSend) && bodyText(c) == text
	})
})
