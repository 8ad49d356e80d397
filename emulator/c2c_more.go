package emulator

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
)

// Limits of batches and message extensions (c2c.md §3.3, §3.10, §7).
const (
	maxBatchRecipients = 500
	maxExtPerSet       = 20  // pairs one set_key_values call may name
	maxExtPerMessage   = 300 // pairs one message may hold
	maxExtPerGet       = 200 // pairs one get_key_values answer may hold
	maxExtKeyBytes     = 100
	maxExtValueBytes   = 1000
	maxExtWritesPerMin = 200 // set_key_values calls per message per minute
)

// Codes of this file's endpoints (their catalogue entries and c2c.md §5).
const (
	codeBadMsgSeq        = 90004
	codeTooManyTo        = 90011
	codeInvalidRequest   = 20001
	codeBodyNotJSON      = 60003
	codeNeedsAdmin       = 60010
	codeExtInternal      = 10002
	codeExtParam         = 10004
	codeExtSeqConflict   = 23001
	codeExtNotSupported  = 23002
	codeExtTooManyWrites = 23003
	codeExtNoMessage     = 23004
)

// extSvc is the message-extension service. Its pages give 10004 for any bad
// parameter and 10002 for internal errors; the common table gives 60003 for
// a body that is not JSON and 60010 for a caller who is not an App admin.
var extSvc = service{"openim_msg_ext_http_svc", codeBodyNotJSON, codeNeedsAdmin, codeExtInternal, codeExtParam}

// sendOpts says how a message is sent, read from the fields sendmsg and
// batchsendmsg share.
type sendOpts struct {
	lifetime   int64 // seconds; 0 delivers online only and stores nothing
	hideSender bool  // SyncOtherMachine 2: not in the sender's history
	noUnread   bool  // SendMsgControl NoUnread
	extensible bool  // SupportMessageExtension 1
}

// sendCodes are the codes for a bad MsgLifeTime and SyncOtherMachine, which
// each send page documents differently.
type sendCodes struct{ lifeTime, syncOther int }

func readSendOpts(f fields, codes sendCodes) (sendOpts, *apiError) {
	d := sendOpts{lifetime: maxMsgLifeTime}
	if lt, st := f.int64("MsgLifeTime"); st == wrongType || lt < 0 {
		return d, fail(codes.lifeTime, "MsgLifeTime is not a non-negative integer")
	} else if st == valid && lt < d.lifetime {
		d.lifetime = lt
	}
	sync, st := f.int64("SyncOtherMachine")
	if st == wrongType || st == valid && sync != 1 && sync != 2 {
		return d, fail(codes.syncOther, "SyncOtherMachine must be 1 or 2")
	}
	d.hideSender = sync == 2
	if _, ok := f["SendMsgControl"]; ok {
		ctl, st := f.stringArray("SendMsgControl")
		if st != valid {
			return d, fail(codeMsgFormat, "SendMsgControl is not an array of strings")
		}
		for _, v := range ctl {
			d.noUnread = d.noUnread || v == "NoUnread"
		}
	}
	ext, st := f.int64("SupportMessageExtension")
	if st == wrongType || st == valid && ext != 0 && ext != 1 {
		return d, fail(codeMsgFormat, "SupportMessageExtension must be 0 or 1")
	}
	d.extensible = ext == 1
	return d, nil
}

// deliver completes m as sent from from to to at the second at and stores
// it, unless it is delivered online only; s.mu is held.
func (s *store) deliver(m *message, from, to string, at int64, d sendOpts) {
	m.From, m.To, m.Time = from, to, at
	m.CountsUnread = !d.noUnread
	m.HiddenForSender = d.hideSender
	if d.extensible {
		m.ext = newExtensions()
	}
	if d.lifetime > 0 { // MsgLifeTime 0: delivered online only, never stored
		s.add(m)
	}
}

// findMsg returns the stored message key that from sent to to, or nil;
// s.mu is held. It looks in that one conversation only, at the second
// the key names, newest first.
func (s *store) findMsg(from, to, key string) *message {
	conv := s.conversation(from, to)
	if conv == nil {
		return nil
	}
	if i := conv.findKey(key, func(m *message) bool { return m.From == from && m.To == to }); i >= 0 {
		return conv.msgs[i]
	}
	return nil
}

type batchError struct {
	To_Account string
	ErrorCode  int
}

// batchSendMsg implements v4/openim/batchsendmsg: one message, one MsgKey,
// a copy in each recipient's conversation with the sender.
func batchSendMsg(h *Handler, c *call) (any, *apiError) {
	to, st := c.f.stringArray("To_Account")
	if st != valid {
		return nil, fail(codeToAccount, "To_Account is missing or not an array of strings")
	}
	if len(to) > maxBatchRecipients {
		return nil, fail(codeTooManyTo, "To_Account lists more than 500 recipients")
	}
	from := c.identifier
	if raw, ok := c.f["From_Account"]; ok {
		s, st := rawString(raw)
		if st != valid || s == "" {
			return nil, fail(codeFromAccount, "From_Account is not a non-empty string")
		}
		from = s
	}
	if _, st := c.f.uint32("MsgSeq"); st == wrongType {
		return nil, fail(codeBadMsgSeq, "MsgSeq is not a 32-bit unsigned integer")
	}
	tmpl, err := readMessage(c.f)
	if err != nil {
		return nil, err
	}
	d, err := readSendOpts(c.f, sendCodes{lifeTime: codeMsgFormat, syncOther: codeMsgFormat})
	if err != nil {
		return nil, err
	}
	switch v, st := c.f.int64("OnlineOnlyFlag"); {
	case st == wrongType || st == valid && v != 0 && v != 1:
		return nil, fail(codeMsgFormat, "OnlineOnlyFlag must be 0 or 1")
	case v == 1:
		d.lifetime = 0
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeFromAccount, "From_Account does not exist")
	}
	at := c.now.Unix()
	var out struct {
		MsgKey    string
		ErrorList []batchError `json:",omitempty"`
	}
	out.MsgKey = msgKey(tmpl.Seq, tmpl.Random, at)
	seen := make(map[string]bool, len(to))
	delivered := 0
	for _, id := range to {
		if seen[id] {
			continue
		}
		seen[id] = true
		if !s.exists(id) {
			out.ErrorList = append(out.ErrorList, batchError{id, codeAccountMissing})
			continue
		}
		if err := s.mayMessage(from, id, c.now); err != nil { // global mute, blocklist (mute.go)
			if err.Code == codeSenderMuted {
				return nil, err
			}
			out.ErrorList = append(out.ErrorList, batchError{id, err.Code})
			continue
		}
		m := *tmpl
		s.deliver(&m, from, id, at, d)
		delivered++
	}
	if delivered == 0 {
		return nil, fail(codeToNotRegistered, "invalid To_Account: no recipient exists")
	}
	return out, nil
}

// modifyMsg implements v4/openim/modify_c2c_msg: it overwrites the stored
// MsgBody and/or CloudCustomData; the message keeps its key, time and place.
func modifyMsg(h *Handler, c *call) (any, *apiError) {
	specs := []accountField{accountOf(codeSenderInvalid, codeSenderInvalid, "From_Account"), accountOf(codeToAccount, codeToNotRegistered, "To_Account")}
	ids, err := readAccounts(c.f, specs...)
	if err != nil {
		return nil, err
	}
	from, to := ids[0], ids[1]
	key, st := c.f.str("MsgKey")
	if st != valid || !validMsgKey(key) {
		return nil, fail(codeInvalidRequest, "MsgKey is missing or not shaped Seq_Random_Time")
	}
	var body json.RawMessage
	if _, ok := c.f["MsgBody"]; ok {
		if body, err = readMsgBody(c.f); err != nil {
			return nil, err
		}
	}
	var custom *string
	if raw, ok := c.f["CloudCustomData"]; ok {
		v, st := rawString(raw)
		if st != valid {
			return nil, fail(codeMsgFormat, "CloudCustomData is not a string")
		}
		custom = &v
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.existing(ids, specs); err != nil {
		return nil, err
	}
	m := s.findMsg(from, to, key)
	switch {
	case m == nil:
		return nil, fail(codeMsgNotFound, "no such message")
	case m.FlagBits&recalledFlag != 0:
		return nil, fail(codeMsgRecalled, "the message was recalled")
	}
	if body != nil {
		m.Body = body
	}
	if custom != nil {
		m.CloudCustomData = custom
	}
	return nil, nil
}

// extensions are a message's key-value pairs. Seq is the message's version:
// every set_key_values call on it adds one, and the pairs it writes take the
// new value, so a pair's Seq says which write made it.
type extensions struct {
	seq      int64
	clearSeq int64 // seq of the last clear (OperateType 3)
	pairs    map[string]*extPair
	writes   []time.Time // the recent writes, oldest first, at most maxExtWritesPerMin
}

type extPair struct {
	Key, Value string
	Seq        int64
}

// allow reports whether one more write fits in the rolling minute, and
// records it when it does.
func (e *extensions) allow(now time.Time) bool {
	if len(e.writes) == maxExtWritesPerMin {
		if now.Sub(e.writes[0]) < time.Minute {
			return false
		}
		e.writes = append(e.writes[:0], e.writes[1:]...)
	}
	e.writes = append(e.writes, now)
	return true
}

// extItem is one entry of a set_key_values ExtensionList.
type extItem struct {
	key, value string
	seq        int64
	hasSeq     bool
}

type extResult struct {
	ErrorCode int
	Extension extPair
}

// apply runs one set_key_values operation. checkSeq asks for the
// optimistic-lock check the pages describe for conversation members: a
// pair's Seq must be the one stored (0 for a new key), else that pair fails
// with 23001. App admins are not checked.
func (e *extensions) apply(op int64, items []extItem, checkSeq bool) ([]extResult, *apiError) {
	if op == 1 {
		added := map[string]bool{}
		for _, it := range items {
			if e.pairs[it.key] == nil {
				added[it.key] = true
			}
		}
		if len(e.pairs)+len(added) > maxExtPerMessage {
			return nil, fail(codeExtParam, "a message holds at most 300 extension pairs")
		}
	}
	e.seq++
	out := make([]extResult, 0, len(items))
	if op == 3 {
		clear(e.pairs)
		e.clearSeq = e.seq
		return out, nil
	}
	for _, it := range items {
		cur := e.pairs[it.key]
		if checkSeq {
			var stored int64
			if cur != nil {
				stored = cur.Seq
			}
			if !it.hasSeq || it.seq != stored {
				res := extResult{ErrorCode: codeExtSeqConflict, Extension: extPair{Key: it.key}}
				if cur != nil {
					res.Extension = *cur
				}
				out = append(out, res)
				continue
			}
		}
		if op == 1 {
			p := &extPair{Key: it.key, Value: it.value, Seq: e.seq}
			e.pairs[it.key] = p
			out = append(out, extResult{Extension: *p})
			continue
		}
		delete(e.pairs, it.key)
		out = append(out, extResult{Extension: extPair{Key: it.key, Value: it.value, Seq: e.seq}})
	}
	return out, nil
}

// page returns the pairs with Seq >= start, by Seq then Key, at most
// maxExtPerGet; a page never splits the pairs of one Seq, so the next page
// starts at StartSeq one more than the last Seq returned.
func (e *extensions) page(start int64) (list []extPair, complete bool) {
	list = make([]extPair, 0, len(e.pairs))
	for _, p := range e.pairs {
		if p.Seq >= start {
			list = append(list, *p)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Seq != list[j].Seq {
			return list[i].Seq < list[j].Seq
		}
		return list[i].Key < list[j].Key
	})
	if len(list) <= maxExtPerGet {
		return list, true
	}
	n := maxExtPerGet
	for n > 0 && list[n].Seq == list[n-1].Seq {
		n--
	}
	if n == 0 { // one write cannot name more than 20 pairs; keep the page whole anyway
		n = maxExtPerGet
	}
	return list[:n], false
}

// extMessage reads To_Account, From_Account (the caller when absent) and
// MsgKey and returns the message's extensions; s.mu is held.
func (s *store) extMessage(f fields, caller string) (*extensions, *apiError) {
	to, st := f.str("To_Account")
	if st != valid || to == "" {
		return nil, fail(codeExtParam, "To_Account is missing or not a string")
	}
	from := caller
	if _, ok := f["From_Account"]; ok {
		if from, st = f.str("From_Account"); st != valid || from == "" {
			return nil, fail(codeExtParam, "From_Account is not a non-empty string")
		}
	}
	key, st := f.str("MsgKey")
	if st != valid || !validMsgKey(key) {
		return nil, fail(codeExtParam, "MsgKey is missing or not shaped Seq_Random_Time")
	}
	m := s.findMsg(from, to, key)
	switch {
	case m == nil:
		return nil, fail(codeExtNoMessage, "no such one-to-one message")
	case m.ext == nil:
		return nil, fail(codeExtNotSupported, "the message was not sent with SupportMessageExtension 1")
	}
	return m.ext, nil
}

// newExtensions are the empty extensions of a message sent with
// SupportMessageExtension 1.
func newExtensions() *extensions { return &extensions{pairs: map[string]*extPair{}} }

// setKeyValues implements v4/openim_msg_ext_http_svc/set_key_values.
func setKeyValues(h *Handler, c *call) (any, *apiError) {
	return setExtensions(h, c, func(s *store) (*extensions, *apiError) { return s.extMessage(c.f, c.identifier) })
}

// setExtensions sets, deletes or clears the extensions that find locates,
// with s.mu held: one-to-one and group messages follow the same rules.
func setExtensions(h *Handler, c *call, find func(*store) (*extensions, *apiError)) (any, *apiError) {
	op, st := c.f.int64("OperateType")
	if st != valid || op < 1 || op > 3 {
		return nil, fail(codeExtParam, "OperateType must be 1, 2 or 3")
	}
	var items []extItem
	if op != 3 {
		var err *apiError
		if items, err = readExtItems(c.f, op == 1); err != nil {
			return nil, err
		}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := find(s)
	if err != nil {
		return nil, err
	}
	if !e.allow(c.now) {
		return nil, fail(codeExtTooManyWrites, "more than 200 writes a minute on this message")
	}
	results, err := e.apply(op, items, !s.admins[c.identifier])
	if err != nil {
		return nil, err
	}
	return struct{ ExtensionList []extResult }{results}, nil
}

func readExtItems(f fields, set bool) ([]extItem, *apiError) {
	raw, st := f.array("ExtensionList")
	switch {
	case st != valid || len(raw) == 0:
		return nil, fail(codeExtParam, "ExtensionList is missing, empty or not an array")
	case len(raw) > maxExtPerSet:
		return nil, fail(codeExtParam, "ExtensionList holds more than 20 pairs")
	}
	items := make([]extItem, len(raw))
	for i, r := range raw {
		where := "ExtensionList item " + strconv.Itoa(i)
		ef, ok := object(r)
		if !ok {
			return nil, fail(codeExtParam, where+" is not an object")
		}
		it := &items[i]
		if it.key, st = ef.str("Key"); st != valid || it.key == "" || len(it.key) > maxExtKeyBytes {
			return nil, fail(codeExtParam, where+": Key must be a string of 1 to 100 bytes")
		}
		if it.value, st = ef.str("Value"); st == wrongType || st == absent && set || len(it.value) > maxExtValueBytes {
			return nil, fail(codeExtParam, where+": Value must be a string of at most 1000 bytes")
		}
		switch it.seq, st = ef.int64("Seq"); {
		case st == wrongType || it.seq < 0:
			return nil, fail(codeExtParam, where+": Seq is not a non-negative integer")
		case st == valid:
			it.hasSeq = true
		}
	}
	return items, nil
}

// getKeyValues implements v4/openim_msg_ext_http_svc/get_key_values.
func getKeyValues(h *Handler, c *call) (any, *apiError) {
	return getExtensions(h, c, func(s *store) (*extensions, *apiError) { return s.extMessage(c.f, c.identifier) })
}

// getExtensions lists a page of the extensions that find locates, with
// s.mu held.
func getExtensions(h *Handler, c *call, find func(*store) (*extensions, *apiError)) (any, *apiError) {
	start, st := c.f.int64("StartSeq")
	if st == wrongType || start < 0 {
		return nil, fail(codeExtParam, "StartSeq is not a non-negative integer")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := find(s)
	if err != nil {
		return nil, err
	}
	list, complete := e.page(start)
	out := struct {
		ExtensionList []extPair
		CompleteFlag  int
		LatestSeq     int64
		ClearSeq      int64
	}{ExtensionList: list, LatestSeq: e.seq, ClearSeq: e.clearSeq}
	if complete {
		out.CompleteFlag = 1
	}
	return out, nil
}
