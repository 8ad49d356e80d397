package emulator

import "encoding/json"

// Limits and codes of the group message APIs (their catalogue entries).
const (
	maxHistoryPage      = 20 // group_msg_get_simple messages per call
	maxRecallSeqs       = 10
	maxImportGroupMsgs  = 7
	maxGroupTargets     = 50 // send_group_msg To_Account
	maxNotifyMembers    = 500
	codeGrpMsgTooLong   = 80002
	codeGrpImportTooBig = 10020
	codeGrpNoSuchMsg    = 10030 // group_msg_recall: no message with that MsgSeq
	codeGrpNotRecalled  = 10032 // group_msg_recall: the message cannot be recalled (again)
	systemSender        = "@TIM#SYSTEM"
)

// Message priorities, as history reports them.
var msgPriorities = map[string]int{"High": 1, "Normal": 2, "Low": 3, "Lowest": 4}

// groupMsg is one stored message of a group. Stored messages have MsgSeq
// 1, 2, 3... in the order the group got them: msgs[i] has MsgSeq i+1.
type groupMsg struct {
	Seq             uint32
	From            string
	Random          uint32
	Time            int64
	Body            json.RawMessage
	CloudCustomData *string
	Priority        int
	Recalled        bool
	System          bool     // a system message (IsSystemMsg 1); REST sends none
	NeedReceipt     bool     // sent with NeedReadReceipt 1
	receipt         *receipt // its read receipt (group_receipts.go); nil without one

	ext *extensions // its extensions (group_msg_changes.go); nil unless sent with SupportMessageExtension 1
}

// msg returns the stored message with seq, nil when there is none.
func (g *group) msg(seq uint32) *groupMsg {
	if seq == 0 || int(seq) > len(g.msgs) {
		return nil
	}
	return g.msgs[seq-1]
}

// store appends m with the next MsgSeq; s.mu is held.
func (g *group) store(m *groupMsg) {
	g.seq++
	m.Seq = g.seq
	g.msgs = append(g.msgs, m)
	if m.Time > g.LastMsgTime {
		g.LastMsgTime = m.Time
	}
}

// readGroupMsgBody checks MsgBody as the send pages describe it, with the
// group service's codes.
func readGroupMsgBody(f fields, tooLong int) (json.RawMessage, *apiError) {
	body, err := readMsgBody(f)
	if err == nil {
		return body, nil
	}
	if err.Code == codeMsgTooLong {
		return nil, fail(tooLong, "MsgBody is over 12 KB")
	}
	return nil, fail(codeGrpParam, err.Info)
}

// groupSend is a send_group_msg request, read and checked.
type groupSend struct {
	m          *groupMsg
	from       string // "" for the App admin
	onlineOnly bool
	forbid     map[string]bool // ForbidCallbackControl
}

func readGroupSend(c *call) (groupSend, *apiError) {
	var gs groupSend
	m := &groupMsg{Priority: msgPriorities["Normal"]}
	gs.m = m
	var st state
	if m.Random, st = c.f.uint32("Random"); st != valid {
		return gs, fail(codeGrpParam, "Random is missing or not a 32-bit unsigned integer")
	}
	body, err := readGroupMsgBody(c.f, codeGrpMsgTooLong)
	if err != nil {
		return gs, err
	}
	m.Body = body
	if from, st := c.f.str("From_Account"); st == wrongType || st == valid && from == "" {
		return gs, fail(codeGrpParam, "From_Account is not a UserID")
	} else {
		gs.from = from
	}
	if p, st := c.f.str("MsgPriority"); st == wrongType || st == valid && msgPriorities[p] == 0 {
		return gs, fail(codeGrpParam, "MsgPriority must be High, Normal, Low or Lowest")
	} else if st == valid {
		m.Priority = msgPriorities[p]
	}
	if raw, ok := c.f["CloudCustomData"]; ok {
		s, st := rawString(raw)
		if st != valid {
			return gs, fail(codeGrpParam, "CloudCustomData is not a string")
		}
		m.CloudCustomData = &s
	}
	if n, st := c.f.int64("OnlineOnlyFlag"); st == wrongType || n < 0 {
		return gs, fail(codeGrpParam, "OnlineOnlyFlag is not a non-negative integer")
	} else {
		gs.onlineOnly = n > 0
	}
	for _, name := range []string{"SupportMessageExtension", "NeedReadReceipt"} {
		if n, st := c.f.int64(name); st == wrongType || st == valid && n != 0 && n != 1 {
			return gs, fail(codeGrpParam, name+" must be 0 or 1")
		} else if name == "NeedReadReceipt" {
			m.NeedReceipt = n == 1
		} else if n == 1 {
			m.ext = newExtensions()
		}
	}
	ctl, st := c.f.stringArray("SendMsgControl")
	if st == wrongType {
		return gs, fail(codeGrpParam, "SendMsgControl is not an array of strings")
	}
	if len(ctl) > 0 && gs.onlineOnly {
		return gs, fail(codeGrpParam, "SendMsgControl cannot be used with OnlineOnlyFlag")
	}
	forbid, st := c.f.stringArray("ForbidCallbackControl")
	if st == wrongType {
		return gs, fail(codeGrpParam, "ForbidCallbackControl is not an array of strings")
	}
	gs.forbid = map[string]bool{}
	for _, f := range forbid {
		gs.forbid[f] = true
	}
	if to, st := c.f.stringArray("To_Account"); st == wrongType || len(to) > maxGroupTargets {
		return gs, fail(codeGrpParam, "To_Account is not an array of at most 50 UserIDs")
	}
	if _, st := c.f.array("GroupAtInfo"); st == wrongType {
		return gs, fail(codeGrpParam, "GroupAtInfo is not an array")
	}
	if _, st := c.f.str("TopicId"); st == wrongType {
		return gs, fail(codeGrpParam, "TopicId is not a string") // sendGroupMsg finds the topic
	}
	return gs, nil
}

// mayPost checks that from may post in g now: it exists, is a member
// (any imported account in an AVChatRoom, which keeps no member list), is
// not muted, and speaks when everyone is muted only as owner or admin. The
// App admin ("") always may; s.mu is held.
func (s *store) mayPost(g *group, from string, now int64) *apiError {
	if from == "" || s.admins[from] {
		return nil
	}
	if !s.exists(from) {
		return fail(codeGrpParam, "From_Account "+from+" is not an imported account")
	}
	m := g.members[from]
	if m == nil && g.Type != typeAVChatRoom {
		return fail(codeGrpNoPermission, from+" is not a member of the group")
	}
	if g.muteUntil(from, now) > 0 {
		return fail(codeGrpMuted, from+" is muted in the group")
	}
	if g.MuteAll && (m == nil || m.Role == roleMember) {
		return fail(codeGrpMuted, "every member is muted in the group")
	}
	return nil
}

type sentGroupMsg struct {
	MsgTime int64
	MsgSeq  uint32
}

// sendGroupMsg implements v4/group_open_http_svc/send_group_msg. A stored
// message takes the group's next MsgSeq; an online-only one is stored
// nowhere and answers MsgSeq 0.
func sendGroupMsg(h *Handler, c *call) (any, *apiError) {
	gs, err := readGroupSend(c)
	if err != nil {
		return nil, err
	}
	s := h.store
	now := c.now.Unix()
	s.mu.Lock()
	g, err := s.lookupGroup(c)
	var t *topic // the message's topic, nil for the group's own messages (group_topics.go)
	if err == nil {
		t, err = topicTarget(g, c)
	}
	if err == nil {
		err = s.mayPost(g, gs.from, now)
	}
	if err == nil {
		err = s.mayPostInTopic(g, t, gs.from)
	}
	s.mu.Unlock()
	if err != nil {
		h.gmsgSendException(g, gs, c, err) // Group.CallbackSendMsgException (group_msg_changes.go)
		return nil, err
	}
	gs.m.From, gs.m.Time = gs.from, now
	if gs.from == "" {
		gs.m.From = c.identifier
	}
	// Group.CallbackBeforeSendMsg gates the message, outside the lock.
	deliver, refusal := h.beforeGroupSend(g, gs, c)
	if refusal != nil {
		return nil, refusal
	}
	out := sentGroupMsg{MsgTime: now}
	if !deliver {
		return out, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups.byID[g.ID] != g { // disbanded while the app decided
		return nil, fail(codeGrpNotFound, "group "+g.ID+" was disbanded")
	}
	if t != nil && !gs.onlineOnly { // a topic's message (group_topics.go)
		if out.MsgSeq, err = postInTopic(g, t, gs.m); err != nil {
			return nil, err
		}
		h.afterGroupSend(g, gs, c)
		return out, nil
	}
	if !gs.onlineOnly {
		if gs.m.NeedReceipt && g.Type != typeAVChatRoom && g.Type != typeCommunity {
			gs.m.receipt = newReceipt(g, gs.m.From)
		}
		g.store(gs.m)
		out.MsgSeq = gs.m.Seq
		if sender := g.members[gs.m.From]; sender != nil {
			sender.LastSendMsgTime, sender.ReadSeq = now, gs.m.Seq
		}
	}
	h.afterGroupSend(g, gs, c)
	return out, nil
}

type groupHistoryItem struct {
	From_Account    string
	IsPlaceMsg      int
	IsSystemMsg     int
	MsgBody         json.RawMessage
	MsgPriority     int
	MsgRandom       uint32
	MsgSeq          uint32
	MsgTimeStamp    int64
	CloudCustomData *string `json:",omitempty"`
}

// Placeholder kinds of history items (IsPlaceMsg).
const placeRecalled = 2

// groupMsgGetSimple implements v4/group_open_http_svc/group_msg_get_simple:
// the newest messages with MsgSeq at most ReqMsgSeq (the newest of all
// without it), newest first, at most 20; recalled ones only with
// WithRecalledMsg 1, as placeholders without a body.
func groupMsgGetSimple(h *Handler, c *call) (any, *apiError) {
	n, st := c.f.int64("ReqMsgNumber")
	if st != valid || n < 1 {
		return nil, fail(codeGrpParam, "ReqMsgNumber is missing or not a positive integer")
	}
	top, tst := c.f.int64("ReqMsgSeq")
	if tst == wrongType || top < 0 {
		return nil, fail(codeGrpParam, "ReqMsgSeq is not a non-negative integer")
	}
	recalled, rst := c.f.int64("WithRecalledMsg")
	if rst == wrongType {
		return nil, fail(codeGrpParam, "WithRecalledMsg is not an integer")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	msgs, err := topicHistory(g, c) // a topic's messages with TopicId (group_topics.go)
	if err != nil {
		return nil, err
	}
	want := min(n, maxHistoryPage)
	start := int64(len(msgs))
	if tst == valid && top < start {
		start = top
	}
	out := struct {
		GroupId    string
		IsFinished int
		RspMsgList []groupHistoryItem
	}{GroupId: g.ID, IsFinished: 1, RspMsgList: []groupHistoryItem{}}
	i := start
	for ; i >= 1 && int64(len(out.RspMsgList)) < want; i-- {
		m := msgs[i-1]
		if m.Recalled && recalled != 1 {
			continue
		}
		item := groupHistoryItem{From_Account: m.From, MsgBody: m.Body, MsgPriority: m.Priority, MsgRandom: m.Random,
			MsgSeq: m.Seq, MsgTimeStamp: m.Time, CloudCustomData: m.CloudCustomData}
		if m.System {
			item.IsSystemMsg = 1
		}
		if m.Recalled {
			item.IsPlaceMsg, item.MsgBody, item.CloudCustomData = placeRecalled, json.RawMessage("[]"), nil
		}
		out.RspMsgList = append(out.RspMsgList, item)
	}
	if n > maxHistoryPage && i >= 1 {
		out.IsFinished = 0 // more were asked for than one call returns
	}
	return out, nil
}

type recallResult struct {
	MsgSeq  int64
	RetCode int
}

// groupMsgRecall implements v4/group_open_http_svc/group_msg_recall. Each
// MsgSeq gets its RetCode: 0 recalled, 10030 no such message, 10032
// already recalled.
func groupMsgRecall(h *Handler, c *call) (any, *apiError) {
	items, st := c.f.array("MsgSeqList")
	if st != valid || len(items) == 0 {
		return nil, fail(codeGrpParam, "MsgSeqList is missing or not a non-empty array")
	}
	if len(items) > maxRecallSeqs {
		return nil, fail(codeGrpParam, "MsgSeqList holds more than 10 messages")
	}
	seqs := make([]int64, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "MsgSeqList items must be objects")
		}
		seq, st := o.int64("MsgSeq")
		if st != valid || seq < 0 {
			return nil, fail(codeGrpParam, "a MsgSeqList item has no MsgSeq integer")
		}
		seqs[i] = seq
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
	out := struct{ RecallRetList []recallResult }{RecallRetList: make([]recallResult, len(seqs))}
	var done []*groupMsg
	for i, seq := range seqs {
		r := recallResult{MsgSeq: seq}
		var m *groupMsg
		if seq <= int64(^uint32(0)) {
			m = g.msg(uint32(seq))
		}
		switch {
		case m == nil:
			r.RetCode = codeGrpNoSuchMsg
		case m.Recalled:
			r.RetCode = codeGrpNotRecalled
		default:
			m.Recalled = true
			done = append(done, m)
		}
		out.RecallRetList[i] = r
	}
	if len(done) > 0 {
		h.afterGroupRecall(g, done, c)
	}
	return out, nil
}

// setUnreadMsgNum implements v4/group_open_http_svc/set_unread_msg_num:
// the member's last read MsgSeq moves back so that UnreadMsgNum messages
// (at most the group's) are unread. ChatRoom and AVChatRoom groups keep no
// unread counts: the call answers OK and does nothing there.
func setUnreadMsgNum(h *Handler, c *call) (any, *apiError) {
	acc, st := c.f.str("Member_Account")
	if st != valid || acc == "" {
		return nil, fail(codeGrpParam, "Member_Account is missing or not a UserID")
	}
	n, st := c.f.int64("UnreadMsgNum")
	if st != valid || n < 0 {
		return nil, fail(codeGrpParam, "UnreadMsgNum is missing or not a non-negative integer")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	if g.Type == typeChatRoom || g.Type == typeAVChatRoom {
		return nil, nil
	}
	m := g.members[acc]
	if m == nil {
		return nil, fail(codeGrpNoPermission, acc+" is not a member of the group")
	}
	m.ReadSeq = g.seq - uint32(min(n, int64(g.seq)))
	return nil, nil
}

type importResult struct {
	MsgSeq  uint32
	MsgTime int64
	Result  int
}

// importGroupMsg implements v4/group_open_http_svc/import_group_msg: each
// message takes the next MsgSeq if its SendTime is after the group's
// creation and newest message and before now (else Result 10004), and its
// sender is an imported account; afterwards no member has unread messages.
func importGroupMsg(h *Handler, c *call) (any, *apiError) {
	raw, ok := c.f["MsgList"]
	if !ok {
		return nil, fail(codeGrpParam, "MsgList is missing")
	}
	var items []json.RawMessage
	if o, isObj := object(raw); isObj {
		items = []json.RawMessage{encodeFields(o)}
	} else if list, st := c.f.array("MsgList"); st == valid {
		items = list
	} else {
		return nil, fail(codeGrpParam, "MsgList is not an array of messages")
	}
	if len(items) == 0 || len(items) > maxImportGroupMsgs {
		return nil, fail(codeGrpParam, "MsgList must hold 1 to 7 messages")
	}
	if n, st := c.f.int64("RecentContactFlag"); st == wrongType || n < 0 {
		return nil, fail(codeGrpParam, "RecentContactFlag is not a non-negative integer")
	}
	if _, st := c.f.str("TopicId"); st != absent {
		return nil, fail(codeGrpParam, "TopicId names no topic of the group")
	}
	type imported struct {
		m       *groupMsg
		result  int
		checked bool
	}
	list := make([]imported, len(items))
	size := 0
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "MsgList items must be objects")
		}
		from, st := o.str("From_Account")
		if st != valid || from == "" {
			return nil, fail(codeGrpParam, "a MsgList item has no From_Account")
		}
		at, st := o.int64("SendTime")
		if st != valid {
			return nil, fail(codeGrpParam, "a MsgList item has no SendTime integer")
		}
		random, rst := o.uint32("Random")
		if rst == wrongType {
			return nil, fail(codeGrpParam, "Random is not a 32-bit unsigned integer")
		}
		body, err := readMsgBody(o)
		m := &groupMsg{From: from, Time: at, Random: random, Priority: msgPriorities["Normal"]}
		switch {
		case err != nil && err.Code == codeMsgTooLong:
			list[i] = imported{m: m, result: codeGrpMsgTooLong}
			continue
		case err != nil:
			return nil, fail(codeGrpParam, err.Info)
		}
		size += len(body)
		m.Body = body
		list[i] = imported{m: m}
	}
	if size > maxMsgBodyBytes*maxImportGroupMsgs {
		return nil, fail(codeGrpImportTooBig, "the messages are over the call's size limit")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	now := c.now.Unix()
	out := struct{ ImportMsgResult []importResult }{ImportMsgResult: make([]importResult, len(list))}
	for i, im := range list {
		m := im.m
		r := importResult{MsgTime: m.Time, Result: im.result}
		if r.Result == 0 {
			newest := g.CreateTime
			if len(g.msgs) > 0 {
				newest = max(newest, g.msgs[len(g.msgs)-1].Time)
			}
			if m.Time <= newest || m.Time >= now || !s.exists(m.From) {
				r.Result = codeGrpParam
			} else {
				g.store(m)
				r.MsgSeq = m.Seq
			}
		}
		out.ImportMsgResult[i] = r
	}
	for _, m := range g.roster {
		m.ReadSeq = g.seq
	}
	return out, nil
}

func encodeFields(f fields) json.RawMessage {
	b, _ := json.Marshal(f)
	return b
}

// sendGroupSystemNotification implements
// v4/group_open_http_svc/send_group_system_notification. Notifications
// reach members' clients (onReceiveRESTCustomData), which the emulator does
// not model: it checks the group, the recipients (members only; an
// AVChatRoom takes no recipient list) and counts the notification.
func sendGroupSystemNotification(h *Handler, c *call) (any, *apiError) {
	content, st := c.f.str("Content")
	if st != valid || content == "" {
		return nil, fail(codeGrpParam, "Content is missing or empty")
	}
	to, tst := c.f.stringArray("ToMembers_Account")
	if tst == wrongType || len(to) > maxNotifyMembers {
		return nil, fail(codeGrpParam, "ToMembers_Account is not an array of at most 500 UserIDs")
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
	if len(to) > 0 && g.Type == typeAVChatRoom {
		return nil, fail(codeGrpParam, "an AVChatRoom takes system notifications to all members only")
	}
	for _, acc := range to {
		if g.members[acc] == nil {
			return nil, fail(codeGrpParam, acc+" is not a member of the group")
		}
	}
	g.notices++
	return nil, nil
}
