package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Limits of group read receipts (their catalogue entries).
const (
	maxReceiptMembers = 200 // receipts work in groups of at most 200 members
	maxReceiptPage    = 200 // get_group_msg_receipt_detail Count
)

// receipt is the read-receipt state of a message sent with NeedReadReceipt
// 1 in a group of at most 200 members: who it went to (the members when it
// was sent, but the sender) and who of them read it.
type receipt struct {
	to      []string
	pending map[string]bool // recipients who have not read it
}

func newReceipt(g *group, sender string) *receipt {
	if len(g.members) > maxReceiptMembers {
		return nil
	}
	r := &receipt{pending: map[string]bool{}}
	for _, m := range g.roster {
		if m.Account != sender {
			r.to = append(r.to, m.Account)
			r.pending[m.Account] = true
		}
	}
	return r
}

func (r *receipt) readers() []string {
	var out []string
	for _, a := range r.to {
		if !r.pending[a] {
			out = append(out, a)
		}
	}
	return out
}

func (r *receipt) unread() []string {
	var out []string
	for _, a := range r.to {
		if r.pending[a] {
			out = append(out, a)
		}
	}
	return out
}

// receiptOf returns the receipt of the message with seq, nil when it has
// none.
func (g *group) receiptOf(seq int64) *receipt {
	if seq <= 0 || seq > int64(len(g.msgs)) {
		return nil
	}
	return g.msgs[seq-1].receipt
}

type receiptItem struct {
	Code      int
	MsgSeq    int64
	ReadNum   int
	UnreadNum int
}

// getGroupMsgReceipt implements v4/group_open_http_svc/get_group_msg_receipt:
// per message, how many of its recipients read it. A message without a
// receipt (not sent with NeedReadReceipt 1, or in a group of more than 200
// members) gets Code 10062.
func getGroupMsgReceipt(h *Handler, c *call) (any, *apiError) {
	items, st := c.f.array("MsgSeqList")
	if st != valid || len(items) == 0 {
		return nil, fail(codeGrpParam, "MsgSeqList is missing or not a non-empty array")
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
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	out := struct{ GroupMsgReceiptList []receiptItem }{GroupMsgReceiptList: make([]receiptItem, len(seqs))}
	for i, seq := range seqs {
		it := receiptItem{MsgSeq: seq}
		if r := g.receiptOf(seq); r == nil {
			it.Code = codeGrpNoReceipt
		} else {
			it.ReadNum, it.UnreadNum = len(r.to)-len(r.pending), len(r.pending)
		}
		out.GroupMsgReceiptList[i] = it
	}
	return out, nil
}

// getGroupMsgReceiptDetail implements
// v4/group_open_http_svc/get_group_msg_receipt_detail: the recipients who
// read the message (Filter 0) or did not (Filter 1), in the order of the
// group's members when it was sent, Count at a time; Cursor is the index of
// the next one ("0" once the list is done).
func getGroupMsgReceiptDetail(h *Handler, c *call) (any, *apiError) {
	seq, st := c.f.int64("MsgSeq")
	if st != valid || seq < 0 {
		return nil, fail(codeGrpParam, "MsgSeq is missing or not an integer")
	}
	filter, st := c.f.int64("Filter")
	if st != valid || filter != 0 && filter != 1 {
		return nil, fail(codeGrpParam, "Filter must be 0 (read) or 1 (unread)")
	}
	cursor, st := c.f.str("Cursor")
	if st != valid {
		return nil, fail(codeGrpParam, "Cursor is missing or not a string")
	}
	from := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 {
			return nil, fail(codeGrpParam, "Cursor is not one this call returned")
		}
		from = n
	}
	count, st := c.f.int64("Count")
	if st != valid || count < 1 {
		return nil, fail(codeGrpParam, "Count is missing or not a positive integer")
	}
	count = min(count, maxReceiptPage)
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	r := g.receiptOf(seq)
	if r == nil {
		return nil, fail(codeGrpNoReceipt, "message "+strconv.FormatInt(seq, 10)+" has no read receipt")
	}
	list := r.unread()
	if filter == 0 {
		list = r.readers()
	}
	from = min(from, len(list))
	end := min(from+int(count), len(list))
	page := list[from:end]
	finished, next := 1, "0"
	if end < len(list) {
		finished, next = 0, strconv.Itoa(end)
	}
	out := map[string]any{"MsgSeq": seq, "Cursor": next, "IsFinished": finished, "IsFinish": finished}
	if filter == 0 {
		items := make([]map[string]string, len(page))
		for i, a := range page {
			items[i] = map[string]string{"Read_Account": a}
		}
		out["ReadList"] = items
	} else {
		items := make([]map[string]string, len(page))
		for i, a := range page {
			items[i] = map[string]string{"Unread_Account": a}
		}
		out["UnreadList"] = items
	}
	return out, nil
}

// GroupRead is the body of the control API's groups/read call: a member's
// client reads a group message (and every earlier one).
type GroupRead struct {
	GroupId string `json:"GroupId"`
	UserID  string `json:"UserID"`
	MsgSeq  uint32 `json:"MsgSeq"`
}

// groupRead serves POST /chatconform/v1/groups/read: UserID's client reads
// message MsgSeq of the group, so its read receipt counts UserID as a
// reader, and UserID's read position moves up to MsgSeq.
func (h *Handler) groupRead(w http.ResponseWriter, r *http.Request, reply func(int, any), refuse func(int, string)) {
	var gr GroupRead
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&gr); err != nil {
		refuse(http.StatusBadRequest, `the body must be {"GroupId": …, "UserID": …, "MsgSeq": …}`)
		return
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups.byID[gr.GroupId]
	if g == nil {
		refuse(http.StatusNotFound, "no group "+gr.GroupId)
		return
	}
	m := g.members[gr.UserID]
	if m == nil {
		refuse(http.StatusNotFound, gr.UserID+" is not a member of "+gr.GroupId)
		return
	}
	msg := g.msg(gr.MsgSeq)
	if msg == nil {
		refuse(http.StatusNotFound, "no message "+strconv.FormatUint(uint64(gr.MsgSeq), 10)+" in "+gr.GroupId)
		return
	}
	if gr.MsgSeq > m.ReadSeq {
		m.ReadSeq = gr.MsgSeq
	}
	counted := false
	if msg.receipt != nil && msg.receipt.pending[gr.UserID] {
		delete(msg.receipt.pending, gr.UserID)
		counted = true
		h.gmsgAfterReadReceipt(g, msg, gr.UserID) // Group.CallbackAfterReadReceipt (group_msg_changes.go)
	}
	reply(http.StatusOK, map[string]any{"GroupId": g.ID, "UserID": gr.UserID, "MsgSeq": gr.MsgSeq, "Receipt": counted})
}
