package emulator

import "encoding/json"

// Group message changes: modification (openim/modify_group_msg), silent
// recall of one sender's messages (delete_group_msg_by_sender), message
// extensions (group_set_key_values, group_get_key_values) and the
// callbacks Group.CallbackSendMsgException and
// Group.CallbackAfterReadReceipt.

// gmsgRecallWindow is how many of a group's newest messages
// delete_group_msg_by_sender looks at.
const gmsgRecallWindow = 1000

// gmsgModifyParam is modify_group_msg's "invalid request": its page names
// no code for an unknown group or MsgSeq, a recalled message or a group
// type it refuses.
const gmsgModifyParam = codeInvalidRequest

// gmsgTarget returns the stored message with the MsgSeq of f in g, nil when
// there is none.
func gmsgTarget(g *group, f fields) (*groupMsg, state) {
	seq, st := f.int64("MsgSeq")
	if st != valid {
		return nil, st
	}
	if seq <= 0 || seq > int64(^uint32(0)) {
		return nil, valid
	}
	return g.msg(uint32(seq)), valid
}

// modifyGroupMsg implements v4/openim/modify_group_msg: MsgBody and/or
// CloudCustomData overwrite the stored message's; it keeps its MsgSeq,
// Random, sender and time. AVChatRoom messages, recalled messages and
// unknown MsgSeqs are refused.
func modifyGroupMsg(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("GroupId")
	if st != valid || id == "" {
		return nil, fail(gmsgModifyParam, "GroupId is missing or not a string")
	}
	if _, st := c.f.int64("MsgSeq"); st != valid {
		return nil, fail(gmsgModifyParam, "MsgSeq is missing or not an integer")
	}
	var body json.RawMessage
	if _, ok := c.f["MsgBody"]; ok {
		var err *apiError
		if body, err = readMsgBody(c.f); err != nil {
			return nil, err
		}
	}
	var custom *string
	if raw, ok := c.f["CloudCustomData"]; ok {
		v, st := rawString(raw)
		if st != valid {
			return nil, fail(gmsgModifyParam, "CloudCustomData is not a string")
		}
		custom = &v
	}
	if body == nil && custom == nil {
		return nil, fail(gmsgModifyParam, "neither MsgBody nor CloudCustomData is given: nothing to modify")
	}
	if _, st := c.f.str("TopicId"); st != absent {
		return nil, fail(gmsgModifyParam, "TopicId names no topic of the group")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups.byID[id]
	if g == nil {
		return nil, fail(gmsgModifyParam, "group "+id+" does not exist or was disbanded")
	}
	if g.Type == typeAVChatRoom {
		return nil, fail(gmsgModifyParam, "AVChatRoom messages cannot be modified")
	}
	m, _ := gmsgTarget(g, c.f)
	switch {
	case m == nil:
		return nil, fail(gmsgModifyParam, "the group has no message with that MsgSeq")
	case m.Recalled:
		return nil, fail(gmsgModifyParam, "the message was recalled")
	}
	if body != nil {
		m.Body = body
	}
	if custom != nil {
		m.CloudCustomData = custom
	}
	return nil, nil
}

// deleteGroupMsgBySender implements
// v4/group_open_http_svc/delete_group_msg_by_sender: the sender's messages
// among the group's newest 1,000 are recalled silently (no callback); the
// history then treats them as any recalled message. An AVChatRoom keeps no
// history: the call answers OK and changes nothing.
func deleteGroupMsgBySender(h *Handler, c *call) (any, *apiError) {
	sender, st := c.f.str("Sender_Account")
	if st != valid || sender == "" {
		return nil, fail(codeGrpParam, "Sender_Account is missing or not a UserID")
	}
	if _, st := c.f.str("TopicId"); st != absent {
		return nil, fail(codeGrpParam, "TopicId names no topic of the group")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	if g.Type == typeAVChatRoom {
		return nil, nil
	}
	for i := max(0, len(g.msgs)-gmsgRecallWindow); i < len(g.msgs); i++ {
		if m := g.msgs[i]; m.From == sender && !m.System {
			m.Recalled = true
		}
	}
	return nil, nil
}

// gmsgExtTypes are the group types whose messages take extensions.
var gmsgExtTypes = map[string]bool{typePrivate: true, typePublic: true, typeChatRoom: true}

// gmsgExtensions reads GroupId and MsgSeq and returns the message's
// extensions; s.mu is held.
func (s *store) gmsgExtensions(c *call) (*extensions, *apiError) {
	id, st := c.f.str("GroupId")
	if st != valid || id == "" {
		return nil, fail(codeExtParam, "GroupId is missing or not a string")
	}
	if _, st := c.f.int64("MsgSeq"); st != valid {
		return nil, fail(codeExtParam, "MsgSeq is missing or not an integer")
	}
	g := s.groups.byID[id]
	if g == nil {
		return nil, fail(codeExtNoMessage, "group "+id+" does not exist, nor its messages")
	}
	if !gmsgExtTypes[g.Type] {
		return nil, fail(codeExtParam, g.Type+" groups do not support message extensions")
	}
	m, _ := gmsgTarget(g, c.f)
	switch {
	case m == nil:
		return nil, fail(codeExtNoMessage, "the group has no message with that MsgSeq")
	case m.ext == nil:
		return nil, fail(codeExtNotSupported, "the message was not sent with SupportMessageExtension 1")
	}
	return m.ext, nil
}

// groupSetKeyValues implements
// v4/openim_msg_ext_http_svc/group_set_key_values, with the rules of the
// one-to-one set_key_values (c2c_more.go): every REST caller is an App
// admin, whose Seq is not checked.
func groupSetKeyValues(h *Handler, c *call) (any, *apiError) {
	return setExtensions(h, c, func(s *store) (*extensions, *apiError) { return s.gmsgExtensions(c) })
}

// groupGetKeyValues implements
// v4/openim_msg_ext_http_svc/group_get_key_values.
func groupGetKeyValues(h *Handler, c *call) (any, *apiError) {
	return getExtensions(h, c, func(s *store) (*extensions, *apiError) { return s.gmsgExtensions(c) })
}

// gmsgSendException sends Group.CallbackSendMsgException for a
// send_group_msg that failed because the sender is muted (10017), one of
// the failures its page lists. It sends nothing for the others: a GroupId
// no group has (an incorrect parameter, g is nil) leaves the body's
// required Type without a value, and the emulator has no per-group message
// rate (10023) nor content filter; its other refusals (a malformed body,
// an unknown sender or topic, a sender not a member) send nothing either.
func (h *Handler) gmsgSendException(g *group, gs groupSend, c *call, err *apiError) {
	if h.hooks == nil || g == nil || err == nil || err.Code != codeGrpMuted {
		return
	}
	m := *gs.m
	m.From = gs.from
	if m.From == "" {
		m.From = c.identifier
	}
	body := groupMsgBody(g, groupSend{m: &m, from: gs.from, onlineOnly: gs.onlineOnly}, c)
	body["ErrorCode"], body["ErrorInfo"] = err.Code, err.Info
	h.after("Group.CallbackSendMsgException", body)
}

// gmsgAfterReadReceipt sends Group.CallbackAfterReadReceipt when reader's
// client read m, a message with a read receipt, for the first time; the
// body names the new reader only. s.mu is held.
func (h *Handler) gmsgAfterReadReceipt(g *group, m *groupMsg, reader string) {
	if h.hooks == nil || m.receipt == nil {
		return
	}
	r := m.receipt
	h.after("Group.CallbackAfterReadReceipt", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "EventTime": h.opts.Now().UnixMilli(),
		"GroupMsgReceiptList": []map[string]any{{
			"MsgSeq": m.Seq, "ReadNum": len(r.to) - len(r.pending), "UnreadNum": len(r.pending),
			"ReadReceiptMembers": memberAccountList([]string{reader}),
		}},
	})
}
