package emulator

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Limits of the message APIs (c2c.md §3).
const (
	maxMsgLifeTime   = 604800 // seconds: 7 days
	maxMsgBodyBytes  = 12 << 10
	maxPeersPerQuery = 10
	maxRoamPageBytes = 13 << 10
	recalledFlag     = 8
)

var msgTypes = map[string]bool{
	"TIMTextElem": true, "TIMLocationElem": true, "TIMFaceElem": true, "TIMCustomElem": true,
	"TIMSoundElem": true, "TIMImageElem": true, "TIMFileElem": true, "TIMVideoFileElem": true,
}

// accountField is a request field that names an account, with the code for
// a field that is missing or not a string and the code for an account that
// does not exist. Older names accepted in its place follow the first.
type accountField struct {
	names        []string
	bad, unknown int
}

func accountOf(bad, unknown int, names ...string) accountField {
	return accountField{names: names, bad: bad, unknown: unknown}
}

// readAccounts reads account fields in order; the first bad one answers.
func readAccounts(f fields, specs ...accountField) ([]string, *apiError) {
	out := make([]string, len(specs))
	for i, sp := range specs {
		var v string
		st := absent
		for _, n := range sp.names {
			if v, st = f.str(n); st != absent {
				break
			}
		}
		if st != valid {
			return nil, fail(sp.bad, sp.names[0]+" is missing or not a string")
		}
		out[i] = v
	}
	return out, nil
}

// existing checks that every account exists; s.mu is held.
func (s *store) existing(ids []string, specs []accountField) *apiError {
	for i, id := range ids {
		if !s.exists(id) {
			return fail(specs[i].unknown, specs[i].names[0]+" does not exist")
		}
	}
	return nil
}

// setMsgRead implements v4/openim/admin_set_msg_read.
func setMsgRead(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{accountOf(h.codes.report, h.codes.report, "Report_Account"), accountOf(h.codes.peer, h.codes.peer, "Peer_Account")}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	report, peer := ids[0], ids[1]
	until := c.now.Unix()
	if raw, ok := c.f["MsgReadTime"]; ok {
		t, ok := readTime(raw)
		if !ok {
			return nil, fail(codeParse, "MsgReadTime must hold UNIX seconds")
		}
		until = t
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	if conv := s.conversation(report, peer); conv != nil {
		s.markRead(conv, report, until, false)
	}
	if h.hooks != nil {
		h.after("C2C.CallbackAfterMsgReport", map[string]any{
			"Report_Account": report, "Peer_Account": peer, "LastReadTime": until,
			"UnreadMsgNum": s.totalUnread(report), "EventTime": c.now.UnixMilli(),
		})
	}
	return nil, nil
}

// readTime accepts MsgReadTime as documented (a string of decimal seconds)
// and as a JSON integer, which clients in the wild send.
func readTime(raw json.RawMessage) (int64, bool) {
	text := string(raw)
	if s, st := rawString(raw); st == valid {
		text = s
	}
	n, err := strconv.ParseUint(text, 10, 63)
	if err != nil {
		return 0, false
	}
	return int64(n), true
}

// message fields shared by sendmsg and importmsg.
func readMessage(f fields) (*message, *apiError) {
	m := &message{}
	var st state
	if m.Random, st = f.uint32("MsgRandom"); st != valid {
		return nil, fail(codeMsgRandom, "MsgRandom is missing or not a 32-bit unsigned integer")
	}
	switch seq, st := f.uint32("MsgSeq"); st {
	case valid:
		m.Seq = seq
	case absent:
		m.Seq = rand.Uint32()
	default:
		return nil, fail(codeMsgFormat, "MsgSeq is not a 32-bit unsigned integer")
	}
	body, err := readMsgBody(f)
	if err != nil {
		return nil, err
	}
	m.Body = body
	if raw, ok := f["CloudCustomData"]; ok {
		s, st := rawString(raw)
		if st != valid {
			return nil, fail(codeMsgFormat, "CloudCustomData is not a string")
		}
		m.CloudCustomData = &s
	}
	return m, nil
}

func readMsgBody(f fields) (json.RawMessage, *apiError) {
	elems, st := f.array("MsgBody")
	if st != valid {
		return nil, fail(codeMsgBodyNotArray, "MsgBody is missing or not an array")
	}
	if len(elems) == 0 {
		return nil, fail(codeMsgBodyFormat, "MsgBody has no element")
	}
	for i, e := range elems {
		ef, ok := object(e)
		if !ok {
			return nil, fail(codeMsgBodyFormat, "MsgBody element "+strconv.Itoa(i)+" is not an object")
		}
		t, st := ef.str("MsgType")
		if st != valid || !msgTypes[t] {
			return nil, fail(codeMsgBodyFormat, "MsgBody element "+strconv.Itoa(i)+" has no known MsgType")
		}
		if _, ok := object(ef["MsgContent"]); !ok {
			return nil, fail(codeMsgBodyFormat, "MsgBody element "+strconv.Itoa(i)+" has no MsgContent object")
		}
	}
	if raw := f["MsgBody"]; len(raw) > maxMsgBodyBytes {
		return nil, fail(codeMsgTooLong, "MsgBody is over 12 KB")
	}
	return f["MsgBody"], nil
}

// sendmsg implements v4/openim/sendmsg.
func sendMsg(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{accountOf(codeFromAccount, codeFromAccount, "From_Account"), accountOf(codeToAccount, codeToNotRegistered, "To_Account")}
	ids, err := readAccounts(c.f, specs[1])
	if err != nil {
		return nil, err
	}
	to, from := ids[0], c.identifier
	if raw, ok := c.f["From_Account"]; ok {
		s, st := rawString(raw)
		if st != valid || s == "" {
			return nil, fail(codeFromAccount, "From_Account is not a non-empty string")
		}
		from = s
	}
	m, err := readMessage(c.f)
	if err != nil {
		return nil, err
	}
	d, err := readSendOpts(c.f, sendCodes{lifeTime: codeMsgLifeTime, syncOther: codeSyncOther})
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	err = s.existing([]string{from, to}, specs) // the sender is checked first
	if err == nil {
		err = s.mayMessage(from, to, c.now) // global mute, blocklist (mute.go)
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	at := c.now.Unix()
	sent := struct {
		MsgTime int64
		MsgKey  string
	}{at, msgKey(m.Seq, m.Random, at)}
	if h.hooks != nil {
		// The app's before-send callback gates the message, outside the
		// lock: a slow receiver holds up this call only.
		deliver, refusal := h.beforeSend(m, from, to, sent.MsgKey, at, d)
		if refusal != nil {
			return nil, refusal
		}
		if !deliver {
			return sent, nil // refused silently: the sender is told it went
		}
	}
	s.mu.Lock()
	s.deliver(m, from, to, at, d)
	unread := -1
	if h.hooks != nil {
		unread = s.totalUnread(to)
	}
	s.mu.Unlock()
	if h.hooks != nil {
		body := callbackMessage(m, from, to, sent.MsgKey, at, d)
		body["SendMsgResult"], body["ErrorInfo"], body["UnreadMsgNum"] = 0, "", unread
		body["EventTime"] = c.now.UnixMilli()
		h.after("C2C.CallbackAfterSendMsg", body)
	}
	h.toBot(m, from, to, sent.MsgKey, at, d, c.now) // Bot.OnC2CMessage (bots.go)
	return sent, nil
}

// callbackMessage is the part of the send callbacks that describes the
// message.
func callbackMessage(m *message, from, to, key string, at int64, d sendOpts) map[string]any {
	body := map[string]any{
		"From_Account": from, "To_Account": to, "MsgSeq": m.Seq, "MsgRandom": m.Random,
		"MsgTime": at, "MsgKey": key, "MsgBody": m.Body,
	}
	if d.lifetime == 0 {
		body["OnlineOnlyFlag"] = 1
	}
	if m.CloudCustomData != nil {
		body["CloudCustomData"] = *m.CloudCustomData
	}
	return body
}

// beforeSend asks the app's before-send callback whether m may be
// delivered, as its page documents: ErrorCode 0 delivers (with the
// answer's MsgBody and CloudCustomData, when given, in place of the
// message's), 1 refuses with 20006, 2 refuses silently, 120001 to 130000
// refuse with the app's code and ErrorInfo. No answer in time delivers,
// or refuses with 80003 under Options.RefuseOnCallbackTimeout. Any other
// code refuses with 20006 (the page gives it no meaning).
func (h *Handler) beforeSend(m *message, from, to, key string, at int64, d sendOpts) (deliver bool, refusal *apiError) {
	v := h.before("C2C.CallbackBeforeSendMsg", callbackMessage(m, from, to, key, at, d))
	switch {
	case v.TimedOut && h.opts.RefuseOnCallbackTimeout:
		return false, fail(codeCallbackFailed, "the before-send callback did not answer in time")
	case v.TimedOut, v.Code == 0:
		if body, ok := v.Answer["MsgBody"]; ok && len(body) > 0 && body[0] == '[' {
			m.Body = body
		}
		if raw, ok := v.Answer["CloudCustomData"]; ok {
			if cd, st := rawString(raw); st == valid {
				m.CloudCustomData = &cd
			}
		}
		return true, nil
	case v.Code == 2:
		return false, nil
	case v.Code >= 120001 && v.Code <= 130000:
		var info string
		json.Unmarshal(v.Answer["ErrorInfo"], &info)
		return false, fail(v.Code, info)
	}
	return false, fail(codeCallbackRefused, "the app's before-send callback refused the message")
}

// importMsg implements v4/openim/importmsg.
func importMsg(h *Handler, c *call) (any, *apiError) {
	mode, st := c.f.int64("SyncFromOldSystem")
	if st != valid || !importModes[mode].known {
		return nil, fail(codeSyncFromOld, "SyncFromOldSystem must be 1, 2 or 5")
	}
	specs := []accountField{accountOf(codeFromAccount, codeFromAccount, "From_Account"), accountOf(codeToAccount, codeToNotRegistered, "To_Account")}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	from, to := ids[0], ids[1]
	m, err := readMessage(c.f)
	if err != nil {
		return nil, err
	}
	ts, st := c.f.int64("MsgTimeStamp")
	if st != valid || ts < 0 {
		return nil, fail(codeMsgTimeStamp, "MsgTimeStamp is missing or not a non-negative integer")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	if conv := s.conversation(from, to); conv != nil {
		lo, hi := conv.span(ts, ts)
		for _, old := range conv.msgs[lo:hi] {
			if old.Seq == m.Seq && old.Random == m.Random {
				return nil, nil // a duplicate: the first import wins
			}
		}
	}
	m.From, m.To, m.Time = from, to, ts
	m.CountsUnread = importModes[mode].unread
	s.add(m)
	return nil, nil
}

// importModes lists the SyncFromOldSystem values importmsg accepts: 2
// imports history (not unread) and 5 a live message (unread), as the
// current pages document; 1 is the live mode of the older pages, which
// clients still send, and is treated exactly like 5.
var importModes = map[int64]struct{ known, unread bool }{
	1: {known: true, unread: true},
	2: {known: true, unread: false},
	5: {known: true, unread: true},
}

type unreadItem struct {
	Peer_Account    string
	C2CUnreadMsgNum int
}

type peerError struct {
	Peer_Account string
	ErrorCode    int
}

// unreadNum implements v4/openim/get_c2c_unread_msg_num.
func unreadNum(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{accountOf(codeToAccount, codeToAccount, "To_Account")}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	to := ids[0]
	peers, pst := c.f.stringArray("Peer_Account")
	if pst == wrongType {
		return nil, fail(codeParse, "Peer_Account is not an array of strings")
	}
	if len(peers) > maxPeersPerQuery {
		return nil, fail(codeParse, "Peer_Account has more than 10 items")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	if pst == absent {
		return struct{ AllC2CUnreadMsgNum int }{s.totalUnread(to)}, nil
	}
	var out struct {
		C2CUnreadMsgNumList []unreadItem
		ErrorList           []peerError `json:",omitempty"`
	}
	out.C2CUnreadMsgNumList = []unreadItem{}
	for _, p := range peers {
		if !s.exists(p) {
			out.ErrorList = append(out.ErrorList, peerError{p, codeAccountMissing})
			continue
		}
		out.C2CUnreadMsgNumList = append(out.C2CUnreadMsgNumList, unreadItem{p, s.unread(to, p)})
	}
	return out, nil
}

type roamMsg struct {
	From_Account    string
	To_Account      string
	MsgSeq          uint32
	MsgRandom       uint32
	MsgTimeStamp    int64
	MsgFlagBits     int
	IsPeerRead      int
	MsgKey          string
	MsgBody         json.RawMessage
	CloudCustomData *string `json:",omitempty"`
}

// getRoamMsg implements v4/openim/admin_getroammsg. Pages walk backwards from
// MaxTime; LastMsgTime and LastMsgKey name the oldest message of the page.
func getRoamMsg(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{
		accountOf(codeFromAccount, codeFromAccount, "Operator_Account", "From_Account"),
		accountOf(codeToAccount, codeToAccount, "Peer_Account", "To_Account"),
	}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	op, peer := ids[0], ids[1]
	maxCnt, st := c.f.int64("MaxCnt")
	if st != valid || maxCnt < 1 {
		return nil, fail(codeParse, "MaxCnt is missing or not a positive integer")
	}
	minTime, st := c.f.int64("MinTime")
	if st != valid {
		return nil, fail(codeParse, "MinTime is missing or not an integer")
	}
	maxTime, st := c.f.int64("MaxTime")
	if st != valid {
		return nil, fail(codeParse, "MaxTime is missing or not an integer")
	}
	lastKey, st := c.f.str("LastMsgKey")
	if st == wrongType {
		return nil, fail(codeParse, "LastMsgKey is not a string")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	// The page is the newest maxCnt messages op may see in the time
	// range, older than LastMsgKey's when it is given, within the page's
	// size; found from the range's ends, so its cost does not grow with
	// the conversation.
	var page []*message
	complete := true
	if conv := s.conversation(op, peer); conv != nil && op != peer {
		seen := func(m *message) bool { return !(m.HiddenForSender && m.From == op) && !s.hiddenFrom(op, m) }
		lo, hi := conv.span(minTime, maxTime)
		if lastKey != "" {
			if i := conv.findKey(lastKey, seen); i >= lo && i < hi {
				hi = i
			}
		}
		size := 0
		k := hi - 1
		for ; k >= lo && int64(len(page)) < maxCnt; k-- {
			m := conv.msgs[k]
			if !seen(m) {
				continue
			}
			size += len(m.Body) + 200
			if size > maxRoamPageBytes && len(page) > 0 {
				break
			}
			page = append(page, m)
		}
		for ; k >= lo && complete; k-- {
			complete = !seen(conv.msgs[k])
		}
		slices.Reverse(page)
	}
	out := struct {
		Complete    int
		MsgCnt      int
		LastMsgTime int64
		LastMsgKey  string
		MsgList     []roamMsg
	}{MsgList: make([]roamMsg, 0, len(page)), MsgCnt: len(page)}
	if complete {
		out.Complete = 1
	}
	if len(page) > 0 {
		out.LastMsgTime, out.LastMsgKey = page[0].Time, page[0].key()
	}
	for _, m := range page {
		out.MsgList = append(out.MsgList, roamMsg{
			From_Account: m.From, To_Account: m.To, MsgSeq: m.Seq, MsgRandom: m.Random,
			MsgTimeStamp: m.Time, MsgFlagBits: m.FlagBits, MsgKey: m.key(), MsgBody: m.Body,
			CloudCustomData: m.CloudCustomData,
		})
	}
	return out, nil
}

// withdraw implements v4/openim/admin_msgwithdraw.
func withdraw(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{accountOf(codeFromAccount, codeFromAccount, "From_Account"), accountOf(codeToAccount, codeToAccount, "To_Account")}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	from, to := ids[0], ids[1]
	key, st := c.f.str("MsgKey")
	if st != valid || !validMsgKey(key) {
		return nil, fail(codeMsgKeyInvalid, "MsgKey is missing or malformed")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	if conv := s.conversation(from, to); conv != nil {
		if i := conv.findKey(key, func(m *message) bool { return m.From == from && m.To == to }); i >= 0 {
			m := conv.msgs[i]
			if m.FlagBits&recalledFlag != 0 {
				return nil, fail(codeMsgRecalled, "the message was already recalled")
			}
			s.recall(conv, m)
			if h.hooks != nil {
				h.after("C2C.CallbackAfterMsgWithDraw", map[string]any{
					"From_Account": from, "To_Account": to, "MsgKey": key,
					"UnreadMsgNum": s.totalUnread(to), "EventTime": c.now.UnixMilli(),
				})
			}
			return nil, nil
		}
	}
	return nil, fail(codeMsgNotFound, "no such message")
}
