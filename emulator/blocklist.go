package emulator

import "slices"

// maxBlocked is how many accounts one blocklist holds (trtc.io/document/33521).
const maxBlocked = 1000

// Relations black_list_check answers, and its two check types.
const (
	blockCheckSingle = "BlackCheckResult_Type_Single"
	blockCheckBoth   = "BlackCheckResult_Type_Both"
	blockBothWay     = "BlackCheckResult_Type_BothWay"
	blockAWithB      = "BlackCheckResult_Type_AWithB"
	blockBWithA      = "BlackCheckResult_Type_BWithA"
	blockNone        = "BlackCheckResult_Type_NO"
)

// blocklists are every account's blocklist.
type blocklists struct {
	byOwner map[string]*blocklist
}

// blocklist is one account's blocklist: the accounts it blocked, in the
// order it blocked them, each with the second it did.
type blocklist struct {
	order []string
	at    map[string]int64
	seq   uint64 // one more per change, as CurruentSequence
}

func newBlocklists() *blocklists { return &blocklists{byOwner: map[string]*blocklist{}} }

func (b *blocklists) of(owner string) *blocklist {
	bl := b.byOwner[owner]
	if bl == nil {
		bl = &blocklist{at: map[string]int64{}}
		b.byOwner[owner] = bl
	}
	return bl
}

// blocks reports whether owner has other on its blocklist; s.mu is held.
// friend_add reads it: an adder blocked by the receiver, or who blocked
// the receiver, cannot add.
func (s *store) blocks(owner, other string) bool {
	bl := s.blocked.byOwner[owner]
	if bl == nil {
		return false
	}
	_, ok := bl.at[other]
	return ok
}

// blockTargets reads To_Account of the blocklist calls: an array of 1 to
// 1000 strings, else 30001.
func blockTargets(f fields) ([]string, *apiError) {
	to, st := f.stringArray("To_Account")
	if st != valid || len(to) == 0 || len(to) > maxRelationItems {
		return nil, fail(codeSNSParam, "To_Account must be an array of 1 to 1000 strings")
	}
	return to, nil
}

type blockAnswer struct {
	ResultItem   []snsResult
	Fail_Account []string `json:",omitempty"`
}

func (a *blockAnswer) result(id string, code int, info string) {
	a.ResultItem = append(a.ResultItem, snsResult{id, code, info})
	if code != 0 {
		a.Fail_Account = append(a.Fail_Account, id)
	}
}

type blockPair struct{ From_Account, To_Account string }

// blackListAdd implements v4/sns/black_list_add. Blocking a friend ends
// the friendship both ways and takes each out of the other's lists.
func blackListAdd(h *Handler, c *call) (any, *apiError) {
	to, err := blockTargets(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	bl := s.blocked.of(from)
	var out blockAnswer
	var pairs []blockPair
	for _, id := range to {
		_, already := bl.at[id]
		switch {
		case id == from:
			out.result(id, codeSNSParam, "an account cannot block itself")
		case !s.exists(id):
			out.result(id, codeSNSNoAccount, "the account does not exist")
		case already:
			out.result(id, codeSNSParam, "Err_SNS_BlackListAdd_Already_Exist")
		case len(bl.order) >= maxBlocked:
			out.result(id, codeSNSBlockLimit, "the blocklist holds 1000 accounts")
		default:
			bl.order = append(bl.order, id)
			bl.at[id] = c.now.Unix()
			s.endFriendship(from, id)
			s.dropFromLists(from, id)
			s.dropFromLists(id, from)
			out.result(id, 0, "")
			pairs = append(pairs, blockPair{from, id})
		}
	}
	if len(pairs) > 0 {
		bl.seq++
		if h.hooks != nil {
			h.after("Sns.CallbackBlackListAdd", map[string]any{"PairList": pairs})
		}
	}
	return out, nil
}

// blackListDelete implements v4/sns/black_list_delete. An account that is
// not on the blocklist gets 30001 in its item.
func blackListDelete(h *Handler, c *call) (any, *apiError) {
	to, err := blockTargets(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	bl := s.blocked.of(from)
	var out blockAnswer
	var pairs []blockPair
	for _, id := range to {
		if _, ok := bl.at[id]; !ok {
			out.result(id, codeSNSParam, "the account is not on the blocklist")
			continue
		}
		delete(bl.at, id)
		bl.order = slices.DeleteFunc(bl.order, func(x string) bool { return x == id })
		out.result(id, 0, "")
		pairs = append(pairs, blockPair{from, id})
	}
	if len(pairs) > 0 {
		bl.seq++
		if h.hooks != nil {
			h.after("Sns.CallbackBlackListDelete", map[string]any{"PairList": pairs})
		}
	}
	return out, nil
}

type blockItem struct {
	To_Account        string
	AddBlackTimeStamp int64
}

// blackListGet implements v4/sns/black_list_get: one page of the
// blocklist, oldest first, from StartIndex. StartIndex in the answer is
// where the next page starts, 0 once everything was pulled. LastSequence
// is read but changes nothing.
func blackListGet(h *Handler, c *call) (any, *apiError) {
	var n [3]int64
	for i, name := range []string{"StartIndex", "MaxLimited", "LastSequence"} {
		v, st := c.f.int64(name)
		if st != valid || v < 0 {
			return nil, fail(codeSNSParam, name+" is missing or not a non-negative integer")
		}
		n[i] = v
	}
	start, limit := n[0], n[1]
	if limit == 0 {
		return nil, fail(codeSNSParam, "MaxLimited must be at least 1")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	out := struct {
		BlackListItem    []blockItem
		StartIndex       int64
		CurruentSequence uint64 // the documented spelling
	}{BlackListItem: []blockItem{}}
	bl := s.blocked.byOwner[from]
	if bl == nil {
		return out, nil
	}
	out.CurruentSequence = bl.seq
	total := int64(len(bl.order))
	if start >= total {
		return out, nil
	}
	end := min(total, start+limit)
	for _, id := range bl.order[start:end] {
		out.BlackListItem = append(out.BlackListItem, blockItem{id, bl.at[id]})
	}
	if end < total {
		out.StartIndex = end
	}
	return out, nil
}

type blockCheckItem struct {
	To_Account string
	Relation   string
	ResultCode int
	ResultInfo string
}

// blackListCheck implements v4/sns/black_list_check. AWithB: From_Account
// blocked To_Account; BWithA: To_Account blocked From_Account. A Single
// check reads From_Account's blocklist only.
func blackListCheck(h *Handler, c *call) (any, *apiError) {
	to, err := blockTargets(c.f)
	if err != nil {
		return nil, err
	}
	kind, st := c.f.str("CheckType")
	if st != valid || kind != blockCheckSingle && kind != blockCheckBoth {
		return nil, fail(codeSNSParam, "CheckType must be BlackCheckResult_Type_Single or BlackCheckResult_Type_Both")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	var out struct {
		BlackListCheckItem []blockCheckItem
		Fail_Account       []string `json:",omitempty"`
	}
	out.BlackListCheckItem = []blockCheckItem{}
	for _, id := range to {
		if !s.exists(id) {
			out.BlackListCheckItem = append(out.BlackListCheckItem, blockCheckItem{id, blockNone, codeSNSNoAccount, "the account does not exist"})
			out.Fail_Account = append(out.Fail_Account, id)
			continue
		}
		ab := s.blocks(from, id)
		ba := kind == blockCheckBoth && s.blocks(id, from)
		rel := blockNone
		switch {
		case ab && ba:
			rel = blockBothWay
		case ab:
			rel = blockAWithB
		case ba:
			rel = blockBWithA
		}
		out.BlackListCheckItem = append(out.BlackListCheckItem, blockCheckItem{To_Account: id, Relation: rel})
	}
	return out, nil
}
