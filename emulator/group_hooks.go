package emulator

import "encoding/json"

// The group callbacks (Group.*), sent through the machinery of
// webhooks.go. Each computes its body only when a callback URL is set, and
// the "after" ones are queued after the change they report, s.mu held
// where the caller holds it (queuing never blocks).

// memberAccountList renders accounts as [{"Member_Account": …}].
func memberAccountList(accs []string) []map[string]string {
	out := make([]map[string]string, len(accs))
	for i, a := range accs {
		out[i] = map[string]string{"Member_Account": a}
	}
	return out
}

// ownerOrOperator is the Owner_Account a callback carries: the group's
// owner, or the operator of the call for a group without one (the field
// may not be empty).
func ownerOrOperator(owner string, c *call) string {
	if owner == "" {
		return c.identifier
	}
	return owner
}

// verdictRefusal turns a before-callback's answer into the call's outcome,
// as the group before-callbacks document: ErrorCode 0 goes ahead, 1
// refuses with 10016, 10100 to 10200 refuse with the app's code and
// ErrorInfo, and 2 (where allowed) drops silently. No answer in time goes
// ahead, or refuses with 10016 under Options.RefuseOnCallbackTimeout; any
// other code refuses with 10016.
func (h *Handler) verdictRefusal(v verdict, dropAllowed bool) (goAhead bool, refusal *apiError) {
	switch {
	case !v.Sent:
		return true, nil
	case v.TimedOut && h.opts.RefuseOnCallbackTimeout:
		return false, fail(codeGrpHookRefused, "the app's callback did not answer in time")
	case v.TimedOut, v.Code == 0:
		return true, nil
	case v.Code == 2 && dropAllowed:
		return false, nil
	case v.Code >= 10100 && v.Code <= 10200:
		var info string
		json.Unmarshal(v.Answer["ErrorInfo"], &info)
		return false, fail(v.Code, info)
	}
	return false, fail(codeGrpHookRefused, "the app's callback refused the operation")
}

// beforeCreateGroup sends Group.CallbackBeforeCreateGroup; its answer
// gates create_group.
func (h *Handler) beforeCreateGroup(p groupProfile, initial []initialMember, c *call) *apiError {
	if h.hooks == nil {
		return nil
	}
	accs := make([]string, len(initial))
	for i, m := range initial {
		accs[i] = m.account
	}
	v := h.before("Group.CallbackBeforeCreateGroup", map[string]any{
		"Operator_Account": c.identifier, "Owner_Account": ownerOrOperator(p.owner, c), "Type": p.typ, "Name": p.name,
		"MemberList": memberAccountList(accs), "EventTime": c.now.UnixMilli(),
	})
	if ok, refusal := h.verdictRefusal(v, false); !ok {
		return refusal
	}
	return nil
}

func (h *Handler) afterCreateGroup(g *group, initial []initialMember, c *call) {
	if h.hooks == nil {
		return
	}
	accs := make([]string, len(initial))
	for i, m := range initial {
		accs[i] = m.account
	}
	body := map[string]any{
		"GroupId": g.ID, "Operator_Account": c.identifier, "Owner_Account": ownerOrOperator(g.Owner, c), "Type": g.Type,
		"Name": g.Name, "MemberList": memberAccountList(accs), "EventTime": c.now.UnixMilli(),
	}
	if len(g.data) > 0 {
		body["UserDefinedDataList"] = g.data
	}
	h.after("Group.CallbackAfterCreateGroup", body)
}

func (h *Handler) afterDestroyGroup(g *group, c *call) {
	if h.hooks == nil {
		return
	}
	body := map[string]any{"GroupId": g.ID, "Type": g.Type, "Owner_Account": ownerOrOperator(g.Owner, c), "Name": g.Name, "EventTime": c.now.UnixMilli()}
	if g.Type != typeCommunity {
		accs := make([]string, len(g.roster))
		for i, m := range g.roster {
			accs[i] = m.Account
		}
		body["MemberList"] = memberAccountList(accs)
	}
	h.after("Group.CallbackAfterGroupDestroyed", body)
}

// afterGroupInfoChanged reports a change of the group's name,
// introduction, notice or picture; other fields fire nothing.
func (h *Handler) afterGroupInfoChanged(g *group, changed map[string]string, c *call) {
	if h.hooks == nil || len(changed) == 0 {
		return
	}
	body := map[string]any{"GroupId": g.ID, "Type": g.Type, "Operator_Account": c.identifier, "EventTime": c.now.UnixMilli()}
	for k, v := range changed {
		body[k] = v
	}
	h.after("Group.CallbackAfterGroupInfoChanged", body)
}

func (h *Handler) afterChangeOwner(g *group, old, owner string, c *call) {
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackAfterChangeGroupOwner", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "Operator_Account": c.identifier,
		"OldOwner_Account": ownerOrOperator(old, c), "NewOwner_Account": owner, "EventTime": c.now.UnixMilli(),
	})
}

func (h *Handler) afterJoin(g *group, accounts []string, how string, c *call) {
	if h.hooks == nil || len(accounts) == 0 {
		return
	}
	h.after("Group.CallbackAfterNewMemberJoin", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "JoinType": how, "Operator_Account": c.identifier,
		"NewMemberList": memberAccountList(accounts), "EventTime": c.now.UnixMilli(),
	})
}

func (h *Handler) afterExit(g *group, accounts []string, how string, c *call) {
	if h.hooks == nil || len(accounts) == 0 {
		return
	}
	h.after("Group.CallbackAfterMemberExit", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "ExitType": how, "Operator_Account": c.identifier,
		"ExitMemberList": memberAccountList(accounts), "EventTime": c.now.UnixMilli(),
	})
}

// groupMsgBody is the part of the send callbacks that describes the
// message.
func groupMsgBody(g *group, gs groupSend, c *call) map[string]any {
	body := map[string]any{
		"GroupId": g.ID, "Type": g.Type, "From_Account": gs.m.From, "Operator_Account": c.identifier,
		"Random": gs.m.Random, "OnlineOnlyFlag": 0, "MsgBody": gs.m.Body, "EventTime": c.now.UnixMilli(),
	}
	if gs.onlineOnly {
		body["OnlineOnlyFlag"] = 1
	}
	if gs.m.CloudCustomData != nil {
		body["CloudCustomData"] = *gs.m.CloudCustomData
	}
	return body
}

// beforeGroupSend sends Group.CallbackBeforeSendMsg (unless the message
// forbids it) and applies its answer: a MsgBody or CloudCustomData in an
// ErrorCode 0 answer replaces the message's.
func (h *Handler) beforeGroupSend(g *group, gs groupSend, c *call) (bool, *apiError) {
	if h.hooks == nil || gs.forbid["ForbidBeforeSendMsgCallback"] {
		return true, nil
	}
	v := h.before("Group.CallbackBeforeSendMsg", groupMsgBody(g, gs, c))
	ok, refusal := h.verdictRefusal(v, true)
	if ok && v.Sent && !v.TimedOut {
		if body, has := v.Answer["MsgBody"]; has && len(body) > 0 && body[0] == '[' {
			gs.m.Body = body
		}
		if raw, has := v.Answer["CloudCustomData"]; has {
			if cd, st := rawString(raw); st == valid {
				gs.m.CloudCustomData = &cd
			}
		}
	}
	return ok, refusal
}

func (h *Handler) afterGroupSend(g *group, gs groupSend, c *call) {
	if h.hooks == nil || gs.forbid["ForbidAfterSendMsgCallback"] {
		return
	}
	body := groupMsgBody(g, gs, c)
	body["MsgSeq"], body["MsgTime"] = gs.m.Seq, gs.m.Time
	h.after("Group.CallbackAfterSendMsg", body)
}

func (h *Handler) afterGroupRecall(g *group, msgs []*groupMsg, c *call) {
	if h.hooks == nil {
		return
	}
	seqs := make([]map[string]uint32, len(msgs))
	for i, m := range msgs {
		seqs[i] = map[string]uint32{"MsgSeq": m.Seq}
	}
	h.after("Group.CallbackAfterRecallMsg", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "Operator_Account": c.identifier, "MsgSeqList": seqs, "EventTime": c.now.UnixMilli(),
	})
}
