package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Codes of the friend endpoints (their catalogue entries), besides the
// sns codes of friendlists.go.
const (
	codeFriendForbidden = 30009
	codeFriendIBlocked  = 30515
	codeFriendDenyAny   = 30516
	codeFriendBlockedMe = 30525
	codeFriendPending   = 30539
	codeFriendNotFriend = 31704
)

// Limits of the friend endpoints (their catalogue entries and the
// relationship page, 1047/33521), besides those of friendlists.go.
const (
	maxAddGroupBytes = 96  // friend_add's GroupName, as its entry accepts
	maxRemarkBytes   = 96  // Tag_SNS_IM_Remark
	maxWordingBytes  = 256 // Tag_SNS_IM_AddWording
	friendPageSize   = 100 // friend_get page (the size is not documented)
)

// Standard friend fields.
const (
	tagGroup   = "Tag_SNS_IM_Group"
	tagRemark  = "Tag_SNS_IM_Remark"
	tagSource  = "Tag_SNS_IM_AddSource"
	tagWording = "Tag_SNS_IM_AddWording"
	tagAddTime = "Tag_SNS_IM_AddTime"
)

const (
	addSingle    = "Add_Type_Single"
	addBoth      = "Add_Type_Both"
	deleteSingle = "Delete_Type_Single"
	deleteBoth   = "Delete_Type_Both"
)

// friendBook is one user's side of the relationship chain: the friends in
// its list, the requests waiting for its confirmation and the sequences
// friend_get reports. Friend lists are kept by friendlists.go.
type friendBook struct {
	acct     *account // the account it belongs to: a deleted and re-imported account starts afresh
	friends  map[string]*friend
	order    []string // friends in the order they were made: friend_get's pages
	requests map[string]*friend
	// stdSeq and customSeq change with the standard and the custom friend
	// data of the book (friend_get's StandardSequence and CustomSequence).
	stdSeq, customSeq uint64
	swept             uint64 // s.deletions when order last held only current friends
}

// friend is one entry of a friend list: the owner's fields of the friend
// (its friend lists are in friendlists.go).
type friend struct {
	acct                          *account // the friend's account when the friendship was made
	Remark, AddSource, AddWording string
	AddTime, RemarkTime           int64
	Custom                        map[string]any // custom friend fields: string or int64
}

// book returns owner's friend book, made when create is set (else nil when
// owner has none); s.mu is held.
func (s *store) book(owner string, create bool) *friendBook {
	acct := s.accounts[owner]
	b := s.rel.books[owner]
	if b != nil && b.acct != acct {
		delete(s.rel.books, owner)
		b = nil
	}
	if b == nil && create {
		b = &friendBook{acct: acct, friends: make(map[string]*friend), requests: make(map[string]*friend)}
		s.rel.books[owner] = b
	}
	return b
}

// currentFriend reports whether f still names the account id it was made with.
func (s *store) currentFriend(id string, f *friend) bool {
	return s.exists(id) && f.acct == s.accounts[id]
}

// friendOf returns owner's entry for other, nil when other is not in
// owner's friend list; s.mu is held.
func (s *store) friendOf(owner, other string) *friend {
	b := s.book(owner, false)
	if b == nil {
		return nil
	}
	f := b.friends[other]
	if f != nil && !s.currentFriend(other, f) {
		s.removeFriend(owner, other)
		return nil
	}
	return f
}

// isFriend reports whether other is in owner's friend list; s.mu is held.
func (s *store) isFriend(owner, other string) bool { return s.friendOf(owner, other) != nil }

// endFriendship ends the friendship of a and b both ways (blocking does);
// s.mu is held.
func (s *store) endFriendship(a, b string) {
	if s.isFriend(a, b) {
		s.removeFriend(a, b)
	}
	if s.isFriend(b, a) {
		s.removeFriend(b, a)
	}
}

// friendIDs returns owner's friends in the order they were made, dropping
// entries of accounts deleted since; s.mu is held.
func (s *store) friendIDs(owner string) []string {
	b := s.book(owner, false)
	if b == nil {
		return nil
	}
	if b.swept == s.deletions {
		return b.order // no account was deleted since the last sweep
	}
	for _, id := range slices.Clone(b.order) {
		if !s.currentFriend(id, b.friends[id]) {
			s.removeFriend(owner, id)
		}
	}
	b.swept = s.deletions
	return b.order
}

// put lists f as id in the book, in place of any earlier entry.
func (b *friendBook) put(id string, f *friend) {
	if _, ok := b.friends[id]; !ok {
		b.order = append(b.order, id)
	}
	b.friends[id] = f
	delete(b.requests, id)
	b.stdSeq++
	if len(f.Custom) > 0 {
		b.customSeq++
	}
}

// removeFriend takes other out of owner's friend list and friend lists;
// s.mu is held.
func (s *store) removeFriend(owner, other string) {
	b := s.book(owner, false)
	if b == nil {
		return
	}
	f, ok := b.friends[other]
	if !ok {
		return
	}
	delete(b.friends, other)
	if i := slices.Index(b.order, other); i >= 0 {
		b.order = slices.Delete(b.order, i, i+1)
	}
	b.stdSeq++
	if len(f.Custom) > 0 {
		b.customSeq++
	}
	s.dropFromLists(owner, other)
}

// setLists makes names (possibly none) the friend lists of owner that hold
// other, creating the missing ones; on failure it changes nothing and
// returns the item's code. s.mu is held.
func (s *store) setLists(owner, other string, names []string) int {
	old := s.listsOf(owner, other)
	s.dropFromLists(owner, other)
	if len(names) == 0 {
		return 0
	}
	if err := s.putInLists(owner, other, names); err != nil {
		s.putInLists(owner, other, old)
		return err.Code
	}
	return 0
}

// link is one direction of a friendship: friend is in owner's list.
type link struct{ owner, friend string }

type friendResults struct {
	ResultItem   []snsResult
	Fail_Account []string `json:",omitempty"`
}

var friendInfo = map[int]string{
	codeSNSParam:        "invalid request for this account",
	codeSNSNoAccount:    "account does not exist",
	codeFriendForbidden: "From_Account is forbidden to send friend requests",
	codeSNSListLimit:    "too many friend lists",
	codeFriendIBlocked:  "To_Account is on From_Account's blocklist",
	codeFriendDenyAny:   "To_Account refuses every friend request",
	codeFriendBlockedMe: "From_Account is on To_Account's blocklist",
	codeFriendPending:   "To_Account must confirm the request",
	codeFriendNotFriend: "not a friend",
	codeCallbackFailed:  "the app's callback did not answer in time",
}

func (r *friendResults) add(to string, code int) {
	info := friendInfo[code]
	if info == "" && code != 0 {
		info = "refused by the app"
	}
	r.ResultItem = append(r.ResultItem, snsResult{to, code, info})
	if code != 0 {
		r.Fail_Account = append(r.Fail_Account, to)
	}
}

// friendFrom reads From_Account, which every friend call names.
func friendFrom(f fields) (string, *apiError) {
	from, st := f.str("From_Account")
	if st != valid || from == "" {
		return "", fail(codeSNSParam, "From_Account is missing or not a non-empty string")
	}
	return from, nil
}

// boundedString reads an optional string field of at most limit bytes.
func boundedString(o fields, name string, limit int) (string, *apiError) {
	v, st := o.str(name)
	if st == wrongType || len(v) > limit {
		return "", fail(codeSNSParam, name+" is not a string of at most "+strconv.Itoa(limit)+" bytes")
	}
	return v, nil
}

// addSource reads AddSource: AddSource_Type_ and 1 to 8 letters.
func addSource(o fields, required bool) (string, *apiError) {
	v, st := o.str("AddSource")
	if st == absent && !required {
		return "", nil
	}
	if st != valid || !customName(v, "AddSource_Type_") {
		return "", fail(codeSNSParam, "AddSource must be AddSource_Type_ and 1 to 8 letters")
	}
	return v, nil
}

// listNames reads an array of friend list names: at most 32, each 1 to 30
// bytes; repeated names count once.
func listNames(raw json.RawMessage) ([]string, bool) {
	var items []json.RawMessage
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items) != nil || len(items) > maxFriendLists {
		return nil, false
	}
	var out []string
	for _, it := range items {
		n, st := rawString(it)
		if st != valid || n == "" || len(n) > maxListNameBytes {
			return nil, false
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, true
}

// customSNSValue reads the value of a custom friend field: a string of at
// most 500 bytes or a non-negative integer.
func customSNSValue(raw json.RawMessage) (any, bool) {
	if s, st := rawString(raw); st == valid {
		return s, len(s) <= maxProfileBytes
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	return n, err == nil && n >= 0
}

// addReq is one AddFriendItem of friend_add.
type addReq struct {
	To, Remark, Group, Source, Wording string
}

func readAddItems(f fields) ([]addReq, *apiError) {
	items, st := f.array("AddFriendItem")
	if st != valid || len(items) == 0 {
		return nil, fail(codeSNSParam, "AddFriendItem is missing, empty or not an array")
	}
	reqs := make([]addReq, len(items))
	for i, raw := range items {
		o, ok := object(raw)
		if !ok {
			return nil, fail(codeSNSParam, "AddFriendItem holds an item that is not an object")
		}
		r := &reqs[i]
		var err *apiError
		if r.To, st = o.str("To_Account"); st != valid {
			return nil, fail(codeSNSParam, "an AddFriendItem item has no To_Account string")
		}
		if r.Remark, err = boundedString(o, "Remark", maxRemarkBytes); err != nil {
			return nil, err
		}
		if r.Wording, err = boundedString(o, "AddWording", maxWordingBytes); err != nil {
			return nil, err
		}
		if r.Group, err = boundedString(o, "GroupName", maxAddGroupBytes); err != nil {
			return nil, err
		}
		if _, present := o["GroupName"]; present && r.Group == "" {
			return nil, fail(codeSNSParam, "GroupName is empty")
		}
		if r.Source, err = addSource(o, false); err != nil {
			return nil, err
		}
	}
	return reqs, nil
}

// friendAdd implements v4/sns/friend_add.
func friendAdd(h *Handler, c *call) (any, *apiError) { return addFriends(h, c, false) }

// addFriends adds friends as friend_add asks. A request from a client
// (client set: no REST call makes one) first goes through the app's
// Sns.CallbackPrevFriendAdd, whose answer gates each account.
func addFriends(h *Handler, c *call, client bool) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	reqs, err := readAddItems(c.f)
	if err != nil {
		return nil, err
	}
	addType, st := c.f.str("AddType")
	switch {
	case st == absent:
		addType = addBoth
	case st != valid || addType != addSingle && addType != addBoth:
		return nil, fail(codeSNSParam, "AddType must be Add_Type_Single or Add_Type_Both")
	}
	force, st := c.f.int64("ForceAddFlags")
	if st == wrongType || force != 0 && force != 1 {
		return nil, fail(codeSNSParam, "ForceAddFlags must be 0 or 1")
	}
	s := h.store
	s.mu.Lock()
	known := s.exists(from)
	s.mu.Unlock()
	if !known {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var refused map[string]int
	if client && h.hooks != nil {
		refused = h.prevFriendAdd(from, reqs, addType, force, c.now) // outside the lock: a slow app holds up this call only
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var out friendResults
	var made []link
	for _, r := range reqs {
		if code := refused[r.To]; code != 0 {
			out.add(r.To, code)
			continue
		}
		out.add(r.To, s.addFriend(from, r, addType == addBoth, force == 1, c.now.Unix(), &made))
	}
	if h.hooks != nil && len(made) > 0 {
		list := make([]map[string]string, len(made))
		for i, p := range made {
			list[i] = map[string]string{"From_Account": p.owner, "To_Account": p.friend, "Initiator_Account": from}
		}
		cmd, admin := "friend_add", c.identifier
		if client {
			cmd, admin = "FriendAdd", ""
		}
		h.after("Sns.CallbackFriendAdd", map[string]any{"PairList": list, "ClientCmd": cmd, "Admin_Account": admin, "ForceFlag": force})
	}
	return out, nil
}

// addFriend makes from's friendship with r.To as friend_add documents and
// returns the item's ResultCode; each direction made (owner, friend) is
// appended to made. s.mu is held.
func (s *store) addFriend(from string, r addReq, both, force bool, now int64, made *[]link) int {
	switch {
	case r.To == from:
		return codeSNSParam
	case !s.exists(r.To):
		return codeSNSNoAccount
	case s.blocks(from, r.To):
		return codeFriendIBlocked
	case s.blocks(r.To, from):
		return codeFriendBlockedMe
	case !force && s.profileValue(from, tagAdminForbid) == forbidSendOut:
		return codeFriendForbidden
	case !force && s.allowType(r.To) == denyAny:
		return codeFriendDenyAny
	}
	has, had := s.friendOf(from, r.To) != nil, s.friendOf(r.To, from) != nil
	if both && !had && !force && s.allowType(r.To) == allowNeedConfirm {
		s.book(r.To, true).requests[from] = &friend{acct: s.accounts[from], AddSource: r.Source, AddWording: r.Wording, AddTime: now}
		return codeFriendPending
	}
	if !has {
		b := s.book(from, true)
		f := &friend{acct: s.accounts[r.To], Remark: r.Remark, AddSource: r.Source, AddWording: r.Wording, AddTime: now}
		if r.Remark != "" {
			f.RemarkTime = now
		}
		if r.Group != "" {
			if err := s.putInLists(from, r.To, []string{r.Group}); err != nil {
				return err.Code
			}
		}
		b.put(r.To, f)
		*made = append(*made, link{from, r.To})
	}
	if both && !had {
		s.book(r.To, true).put(from, &friend{acct: s.accounts[from], AddSource: r.Source, AddWording: r.Wording, AddTime: now})
		*made = append(*made, link{r.To, from})
	}
	return 0
}

// prevFriendAdd asks the app's Sns.CallbackPrevFriendAdd about a client's
// friend request and returns the accounts it refuses, with their codes: an
// account whose ResultItem entry has a non-zero ResultCode is refused with
// that code. A top-level failure is ignored, as documented; no answer in
// time lets every account through, or refuses each with 80003 under
// Options.RefuseOnCallbackTimeout.
func (h *Handler) prevFriendAdd(from string, reqs []addReq, addType string, force int64, now time.Time) map[string]int {
	items := make([]map[string]string, len(reqs))
	for i, r := range reqs {
		items[i] = map[string]string{"To_Account": r.To}
		for k, v := range map[string]string{"Remark": r.Remark, "GroupName": r.Group, "AddSource": r.Source, "AddWording": r.Wording} {
			if v != "" {
				items[i][k] = v
			}
		}
	}
	v := h.before("Sns.CallbackPrevFriendAdd", map[string]any{
		"Requester_Account": from, "From_Account": from, "FriendItem": items,
		"AddType": addType, "ForceAddFlags": force, "EventTime": now.UnixMilli(),
	})
	tos := make([]string, len(reqs))
	for i, r := range reqs {
		tos[i] = r.To
	}
	return h.refusedBy(v, tos)
}

// refusedBy reads the per-account answer of a "before" relationship
// callback: each To_Account of ResultItem with a non-zero ResultCode is
// refused with it. A top-level failure is ignored, as documented; no
// answer in time lets every account of tos through, or refuses each with
// 80003 under Options.RefuseOnCallbackTimeout.
func (h *Handler) refusedBy(v verdict, tos []string) map[string]int {
	refused := map[string]int{}
	if v.TimedOut {
		if h.opts.RefuseOnCallbackTimeout {
			for _, to := range tos {
				refused[to] = codeCallbackFailed
			}
		}
		return refused
	}
	var answer []struct {
		To_Account string
		ResultCode int
	}
	json.Unmarshal(v.Answer["ResultItem"], &answer)
	for _, a := range answer {
		if a.ResultCode != 0 {
			refused[a.To_Account] = a.ResultCode
		}
	}
	return refused
}

// importReq is one AddFriendItem of friend_import.
type importReq struct {
	to     string
	f      friend
	groups []string
}

func (h *Handler) readImportItems(f fields, now int64) ([]importReq, *apiError) {
	items, st := f.array("AddFriendItem")
	if st != valid || len(items) == 0 {
		return nil, fail(codeSNSParam, "AddFriendItem is missing, empty or not an array")
	}
	reqs := make([]importReq, len(items))
	for i, raw := range items {
		o, ok := object(raw)
		if !ok {
			return nil, fail(codeSNSParam, "AddFriendItem holds an item that is not an object")
		}
		r := &reqs[i]
		var err *apiError
		if r.to, st = o.str("To_Account"); st != valid {
			return nil, fail(codeSNSParam, "an AddFriendItem item has no To_Account string")
		}
		if r.f.AddSource, err = addSource(o, true); err != nil {
			return nil, err
		}
		if r.f.Remark, err = boundedString(o, "Remark", maxRemarkBytes); err != nil {
			return nil, err
		}
		if r.f.AddWording, err = boundedString(o, "AddWording", maxWordingBytes); err != nil {
			return nil, err
		}
		r.f.AddTime, r.f.RemarkTime = now, 0
		if r.f.Remark != "" {
			r.f.RemarkTime = now
		}
		for _, t := range []struct {
			name string
			dst  *int64
		}{{"AddTime", &r.f.AddTime}, {"RemarkTime", &r.f.RemarkTime}} {
			if n, st := o.int64(t.name); st == wrongType || n < 0 {
				return nil, fail(codeSNSParam, t.name+" is not a non-negative integer")
			} else if st == valid {
				*t.dst = n
			}
		}
		if raw, ok := o["GroupName"]; ok {
			if r.groups, ok = listNames(raw); !ok {
				return nil, fail(codeSNSParam, "GroupName must hold at most 32 list names of 1 to 30 bytes")
			}
		}
		if custom, st := o.array("CustomItem"); st == wrongType {
			return nil, fail(codeSNSParam, "CustomItem is not an array")
		} else if len(custom) > 0 {
			r.f.Custom = map[string]any{}
			for _, c := range custom {
				co, ok := object(c)
				tag, st := co.str("Tag")
				if !ok || st != valid || !h.customTag(tag, "Tag_SNS_Custom_") {
					return nil, fail(codeSNSParam, "CustomItem names a custom friend field the app does not define")
				}
				v, ok := customSNSValue(co["Value"])
				if !ok {
					return nil, fail(codeSNSParam, tag+" takes a string of at most 500 bytes or a non-negative integer")
				}
				r.f.Custom[tag] = v
			}
		}
	}
	return reqs, nil
}

// friendImport implements v4/sns/friend_import: one-way friendships, made
// whatever the friend's settings, in place of any earlier entry.
func friendImport(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	reqs, err := h.readImportItems(c.f, c.now.Unix())
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var out friendResults
	for _, r := range reqs {
		switch {
		case r.to == from:
			out.add(r.to, codeSNSParam)
		case !s.exists(r.to):
			out.add(r.to, codeSNSNoAccount)
		default:
			if code := s.setLists(from, r.to, r.groups); code != 0 {
				out.add(r.to, code)
				continue
			}
			b := s.book(from, true)
			f := r.f
			f.acct = s.accounts[r.to]
			b.put(r.to, &f)
			out.add(r.to, 0)
		}
	}
	return out, nil
}

// snsUpdate is one friend_update item: the friend fields to write.
type snsUpdate struct {
	to     string
	remark *string
	groups []string
	group  bool // groups is set (possibly to none)
	custom map[string]any
}

func (h *Handler) readUpdates(f fields) ([]snsUpdate, *apiError) {
	items, st := f.array("UpdateItem")
	if st != valid || len(items) == 0 {
		return nil, fail(codeSNSParam, "UpdateItem is missing, empty or not an array")
	}
	ups := make([]snsUpdate, len(items))
	for i, raw := range items {
		o, ok := object(raw)
		if !ok {
			return nil, fail(codeSNSParam, "UpdateItem holds an item that is not an object")
		}
		u := &ups[i]
		if u.to, st = o.str("To_Account"); st != valid {
			return nil, fail(codeSNSParam, "an UpdateItem item has no To_Account string")
		}
		sns, st := o.array("SnsItem")
		if st != valid || len(sns) == 0 {
			return nil, fail(codeSNSParam, "an UpdateItem item has no SnsItem array")
		}
		for _, it := range sns {
			io, ok := object(it)
			tag, st := io.str("Tag")
			value, present := io["Value"]
			if !ok || st != valid || !present {
				return nil, fail(codeSNSParam, "an SnsItem item needs a string Tag and a Value")
			}
			switch {
			case tag == tagRemark:
				v, st := rawString(value)
				if st != valid || len(v) > maxRemarkBytes {
					return nil, fail(codeSNSParam, "Tag_SNS_IM_Remark takes a string of at most 96 bytes")
				}
				u.remark = &v
			case tag == tagGroup:
				if u.groups, ok = listNames(value); !ok {
					return nil, fail(codeSNSParam, "Tag_SNS_IM_Group takes at most 32 list names of 1 to 30 bytes")
				}
				u.group = true
			case h.customTag(tag, "Tag_SNS_Custom_"):
				v, ok := customSNSValue(value)
				if !ok {
					return nil, fail(codeSNSParam, tag+" takes a string of at most 500 bytes or a non-negative integer")
				}
				if u.custom == nil {
					u.custom = map[string]any{}
				}
				u.custom[tag] = v
			default:
				return nil, fail(codeSNSParam, "friend_update may write Tag_SNS_IM_Remark, Tag_SNS_IM_Group and the app's custom friend fields only, not "+tag)
			}
		}
	}
	return ups, nil
}

// friendUpdate implements v4/sns/friend_update. An account that is not
// From_Account's friend gets 30001 in its item.
func friendUpdate(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	ups, err := h.readUpdates(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var out friendResults
	for _, u := range ups {
		f := s.friendOf(from, u.to)
		if f == nil {
			out.add(u.to, codeSNSParam)
			continue
		}
		if u.group {
			if code := s.setLists(from, u.to, u.groups); code != 0 {
				out.add(u.to, code)
				continue
			}
		}
		b := s.book(from, false)
		if u.remark != nil {
			f.Remark, f.RemarkTime = *u.remark, c.now.Unix()
		}
		if u.remark != nil || u.group {
			b.stdSeq++
		}
		if len(u.custom) > 0 {
			if f.Custom == nil {
				f.Custom = map[string]any{}
			}
			for k, v := range u.custom {
				f.Custom[k] = v
			}
			b.customSeq++
		}
		out.add(u.to, 0)
	}
	return out, nil
}

// deleteType reads DeleteType, def when absent.
func deleteType(f fields, def string) (bool, *apiError) {
	v, st := f.str("DeleteType")
	switch {
	case st == absent:
		v = def
	case st != valid || v != deleteSingle && v != deleteBoth:
		return false, fail(codeSNSParam, "DeleteType must be Delete_Type_Single or Delete_Type_Both")
	}
	return v == deleteBoth, nil
}

// friendAccounts reads a To_Account array of 1 to max UserIDs.
func friendAccounts(f fields, limit int) ([]string, *apiError) {
	ids, st := f.stringArray("To_Account")
	if st != valid || len(ids) == 0 || limit > 0 && len(ids) > limit {
		return nil, fail(codeSNSParam, "To_Account must be an array of 1 to "+strconv.Itoa(limit)+" UserIDs")
	}
	return ids, nil
}

// friendDeleted reports the directions deleted (owner, friend) to the
// app's Sns.CallbackFriendDelete.
func (h *Handler) friendDeleted(gone []link) {
	if h.hooks == nil || len(gone) == 0 {
		return
	}
	list := make([]map[string]string, len(gone))
	for i, p := range gone {
		list[i] = map[string]string{"From_Account": p.owner, "To_Account": p.friend}
	}
	h.after("Sns.CallbackFriendDelete", map[string]any{"PairList": list})
}

// friendDelete implements v4/sns/friend_delete. Without DeleteType the
// deletion is two-way.
func friendDelete(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	ids, err := friendAccounts(c.f, maxRelationItems)
	if err != nil {
		return nil, err
	}
	both, err := deleteType(c.f, deleteBoth)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var out friendResults
	var gone []link
	for _, id := range ids {
		has := s.friendOf(from, id) != nil
		had := both && s.friendOf(id, from) != nil
		if !has && !had {
			out.add(id, codeFriendNotFriend)
			continue
		}
		if has {
			s.removeFriend(from, id)
			gone = append(gone, link{from, id})
		}
		if had {
			s.removeFriend(id, from)
			gone = append(gone, link{id, from})
		}
		out.add(id, 0)
	}
	h.friendDeleted(gone)
	return out, nil
}

// friendDeleteAll implements v4/sns/friend_delete_all: one-way unless
// DeleteType says Delete_Type_Both.
func friendDeleteAll(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	both, err := deleteType(c.f, deleteSingle)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	var gone []link
	for _, id := range slices.Clone(s.friendIDs(from)) {
		s.removeFriend(from, id)
		gone = append(gone, link{from, id})
		if both && s.isFriend(id, from) {
			s.removeFriend(id, from)
			gone = append(gone, link{id, from})
		}
	}
	h.friendDeleted(gone)
	return nil, nil
}

// Relations friend_check reports.
const (
	relBoth = "CheckResult_Type_BothWay"
	relAB   = "CheckResult_Type_AWithB"
	relBA   = "CheckResult_Type_BWithA"
	relNone = "CheckResult_Type_NoRelation"
)

// friendCheck implements v4/sns/friend_check. AWithB: To_Account is in
// From_Account's list only; BWithA: From_Account is in To_Account's only. A
// one-way check looks at From_Account's list alone.
func friendCheck(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	ids, err := friendAccounts(c.f, maxRelationItems)
	if err != nil {
		return nil, err
	}
	kind, st := c.f.str("CheckType")
	if st != valid || kind != "CheckResult_Type_Single" && kind != "CheckResult_Type_Both" {
		return nil, fail(codeSNSParam, "CheckType must be CheckResult_Type_Single or CheckResult_Type_Both")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	type info struct {
		To_Account, Relation string
		ResultCode           int
		ResultInfo           string
	}
	out := struct{ InfoItem []info }{make([]info, len(ids))}
	for i, id := range ids {
		ab := s.friendOf(from, id) != nil
		ba := kind == "CheckResult_Type_Both" && s.friendOf(id, from) != nil
		rel := relNone
		switch {
		case ab && ba:
			rel = relBoth
		case ab:
			rel = relAB
		case ba:
			rel = relBA
		}
		out.InfoItem[i] = info{To_Account: id, Relation: rel}
	}
	return out, nil
}

// standardFields are f's standard friend fields that have a value; groups
// are the owner's friend lists that hold the friend.
func (f *friend) standardFields(groups []string) []tagValue {
	var out []tagValue
	if f.AddSource != "" {
		out = append(out, tagValue{tagSource, f.AddSource})
	}
	if f.Remark != "" {
		out = append(out, tagValue{tagRemark, f.Remark})
	}
	if len(groups) > 0 {
		out = append(out, tagValue{tagGroup, groups})
	}
	out = append(out, tagValue{tagAddTime, f.AddTime})
	if f.AddWording != "" {
		out = append(out, tagValue{tagWording, f.AddWording})
	}
	return out
}

// customFields are f's custom friend fields, by name.
func (f *friend) customFields() []tagValue {
	tags := make([]string, 0, len(f.Custom))
	for t := range f.Custom {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	out := make([]tagValue, len(tags))
	for i, t := range tags {
		out[i] = tagValue{t, f.Custom[t]}
	}
	return out
}

// field is the value of one friend field, and whether it has one; groups
// are the owner's friend lists that hold the friend.
func (f *friend) field(tag string, groups []string) (any, bool) {
	switch tag {
	case tagSource:
		return f.AddSource, f.AddSource != ""
	case tagRemark:
		return f.Remark, f.Remark != ""
	case tagGroup:
		return groups, len(groups) > 0
	case tagAddTime:
		return f.AddTime, true
	case tagWording:
		return f.AddWording, f.AddWording != ""
	}
	v, ok := f.Custom[tag]
	return v, ok
}

type friendData struct {
	To_Account string
	ValueItem  []tagValue `json:",omitempty"`
}

// friendGet implements v4/sns/friend_get: pages of friendPageSize friends
// in the order they were made. A StandardSequence (CustomSequence) equal to
// the current one leaves the standard (custom) fields out.
func friendGet(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	var seq [3]int64
	for i, name := range []string{"StartIndex", "StandardSequence", "CustomSequence"} {
		n, st := c.f.int64(name)
		if st == wrongType || n < 0 || i == 0 && st == absent {
			return nil, fail(codeSNSParam, name+" is not a non-negative integer")
		}
		seq[i] = n
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	ids := s.friendIDs(from)
	out := struct {
		UserDataItem                     []friendData
		StandardSequence, CustomSequence uint64
		FriendNum, CompleteFlag          int
		NextStartIndex                   int64
	}{UserDataItem: []friendData{}, FriendNum: len(ids), CompleteFlag: 1}
	b := s.book(from, false)
	if b == nil {
		return out, nil
	}
	out.StandardSequence, out.CustomSequence = b.stdSeq, b.customSeq
	start := min(seq[0], int64(len(ids)))
	end := min(start+friendPageSize, int64(len(ids)))
	if end < int64(len(ids)) {
		out.CompleteFlag, out.NextStartIndex = 0, end
	}
	for _, id := range ids[start:end] {
		f := b.friends[id]
		d := friendData{To_Account: id}
		if uint64(seq[1]) != b.stdSeq {
			d.ValueItem = append(d.ValueItem, f.standardFields(s.listsOf(from, id))...)
		}
		if uint64(seq[2]) != b.customSeq {
			d.ValueItem = append(d.ValueItem, f.customFields()...)
		}
		out.UserDataItem = append(out.UserDataItem, d)
	}
	return out, nil
}

// friendGetList implements v4/sns/friend_get_list: the fields TagList
// names, in that order, of each friend asked for. Friend fields without a
// value are left out; profile fields never set give their zero value, as on
// portrait_get. An account that is not From_Account's friend gets 30001 in
// its item.
func friendGetList(h *Handler, c *call) (any, *apiError) {
	from, err := friendFrom(c.f)
	if err != nil {
		return nil, err
	}
	ids, err := friendAccounts(c.f, 0)
	if err != nil {
		return nil, err
	}
	tags, st := c.f.stringArray("TagList")
	if st != valid || len(tags) == 0 {
		return nil, fail(codeSNSParam, "TagList is missing, empty or not an array of strings")
	}
	for _, t := range tags {
		switch t {
		case tagGroup, tagRemark, tagSource, tagWording, tagAddTime:
			continue
		}
		if !h.profileTagKnown(t) && !h.customTag(t, "Tag_SNS_Custom_") {
			return nil, fail(codeSNSParam, "TagList names "+t+", which is neither a standard field nor a custom field the app defines")
		}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeSNSNoAccount, "From_Account does not exist")
	}
	type info struct {
		To_Account     string
		SnsProfileItem []tagValue `json:",omitempty"`
		ResultCode     int
		ResultInfo     string
	}
	out := struct {
		InfoItem     []info
		Fail_Account []string `json:",omitempty"`
	}{InfoItem: make([]info, len(ids))}
	for i, id := range ids {
		it := &out.InfoItem[i]
		it.To_Account = id
		f := s.friendOf(from, id)
		if f == nil {
			it.ResultCode, it.ResultInfo = codeSNSParam, friendInfo[codeFriendNotFriend]
			out.Fail_Account = append(out.Fail_Account, id)
			continue
		}
		for _, t := range tags {
			if h.profileTagKnown(t) {
				it.SnsProfileItem = append(it.SnsProfileItem, tagValue{t, s.profileValue(id, t)})
			} else if v, ok := f.field(t, s.listsOf(from, id)); ok {
				it.SnsProfileItem = append(it.SnsProfileItem, tagValue{t, v})
			}
		}
	}
	return out, nil
}

// FriendRequest is the body of the control API's friends/request call: a
// client of From_Account asks To_Account to be friends.
type FriendRequest struct {
	From_Account, To_Account string
	AddWording               string `json:",omitempty"`
	AddSource                string `json:",omitempty"`
	Remark                   string `json:",omitempty"`
	GroupName                string `json:",omitempty"`
}

// FriendResponse is the body of the control API's friends/respond call: a
// client of From_Account answers To_Account's pending request.
type FriendResponse struct {
	From_Account, To_Account string
	Accept                   bool
	Remark                   string `json:",omitempty"`
	GroupName                string `json:",omitempty"`
}

// friendRequest serves the control API's friends/request: a client's
// two-way friend request, gated by Sns.CallbackPrevFriendAdd, then handled
// as friend_add handles it. The answer is the item's ResultCode.
func (h *Handler) friendRequest(w http.ResponseWriter, r *http.Request, reply func(int, any), refuse func(int, string)) {
	var fr FriendRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&fr); err != nil {
		refuse(http.StatusBadRequest, `the body must be {"From_Account": …, "To_Account": …, …}`)
		return
	}
	item := map[string]string{"To_Account": fr.To_Account}
	for k, v := range map[string]string{"AddWording": fr.AddWording, "AddSource": fr.AddSource, "Remark": fr.Remark, "GroupName": fr.GroupName} {
		if v != "" {
			item[k] = v
		}
	}
	body, _ := json.Marshal(map[string]any{"From_Account": fr.From_Account, "AddFriendItem": []any{item}, "AddType": addBoth})
	f, _ := decodeBody(body)
	out, aerr := addFriends(h, &call{f: f, now: h.opts.Now()}, true)
	if aerr != nil {
		status := http.StatusBadRequest
		if aerr.Code == codeSNSNoAccount {
			status = http.StatusNotFound
		}
		refuse(status, aerr.Info)
		return
	}
	reply(http.StatusOK, map[string]int{"ResultCode": out.(friendResults).ResultItem[0].ResultCode})
}

// pendingRequest is the request of from waiting in owner's book, nil when
// there is none; s.mu is held.
func (s *store) pendingRequest(owner, from string) *friend {
	b := s.book(owner, false)
	if b == nil || !s.exists(owner) {
		return nil
	}
	req := b.requests[from]
	if req != nil && !s.currentFriend(from, req) {
		delete(b.requests, from)
		return nil
	}
	return req
}

// friendRespond serves the control API's friends/respond: a client of
// From_Account accepts or refuses To_Account's pending request, gated by
// Sns.CallbackPrevFriendResponse. Accepting makes the friendship both ways
// (and fires Sns.CallbackFriendAdd); refusing drops the request. The
// answer is the ResultCode: 0, or the app's refusal, which leaves the
// request pending.
func (h *Handler) friendRespond(w http.ResponseWriter, r *http.Request, reply func(int, any), refuse func(int, string)) {
	var fr FriendResponse
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&fr); err != nil {
		refuse(http.StatusBadRequest, `the body must be {"From_Account": …, "To_Account": …, "Accept": …}`)
		return
	}
	if len(fr.Remark) > maxRemarkBytes || len(fr.GroupName) > maxListNameBytes {
		refuse(http.StatusBadRequest, "Remark is over 96 bytes or GroupName over 30")
		return
	}
	s, now := h.store, h.opts.Now()
	s.mu.Lock()
	known := s.pendingRequest(fr.From_Account, fr.To_Account) != nil
	s.mu.Unlock()
	if !known {
		refuse(http.StatusNotFound, "no pending friend request of "+fr.To_Account+" to "+fr.From_Account)
		return
	}
	if h.hooks != nil { // outside the lock: a slow app holds up this call only
		action := "Response_Action_Reject"
		if fr.Accept {
			action = "Response_Action_AgreeAndAdd"
		}
		item := map[string]string{"To_Account": fr.To_Account, "ResponseAction": action}
		if fr.Remark != "" {
			item["Remark"] = fr.Remark
		}
		if fr.GroupName != "" {
			item["TagName"] = fr.GroupName
		}
		v := h.before("Sns.CallbackPrevFriendResponse", map[string]any{
			"Requester_Account": fr.From_Account, "From_Account": fr.From_Account,
			"ResponseFriendItem": []any{item}, "EventTime": now.UnixMilli(),
		})
		if code := h.refusedBy(v, []string{fr.To_Account})[fr.To_Account]; code != 0 {
			reply(http.StatusOK, map[string]int{"ResultCode": code})
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	req := s.pendingRequest(fr.From_Account, fr.To_Account)
	if req == nil {
		refuse(http.StatusNotFound, "no pending friend request of "+fr.To_Account+" to "+fr.From_Account)
		return
	}
	me, them := fr.From_Account, fr.To_Account
	if !fr.Accept {
		delete(s.book(me, false).requests, them)
		reply(http.StatusOK, map[string]int{"ResultCode": 0})
		return
	}
	switch {
	case s.blocks(me, them):
		reply(http.StatusOK, map[string]int{"ResultCode": codeFriendIBlocked})
		return
	case s.blocks(them, me):
		reply(http.StatusOK, map[string]int{"ResultCode": codeFriendBlockedMe})
		return
	}
	if fr.GroupName != "" {
		if err := s.putInLists(me, them, []string{fr.GroupName}); err != nil {
			reply(http.StatusOK, map[string]int{"ResultCode": err.Code})
			return
		}
	}
	t := now.Unix()
	var made []link
	if s.friendOf(them, me) == nil {
		s.book(them, true).put(me, &friend{acct: s.accounts[me], AddSource: req.AddSource, AddWording: req.AddWording, AddTime: t})
		made = append(made, link{them, me})
	}
	mine := &friend{acct: s.accounts[them], Remark: fr.Remark, AddSource: req.AddSource, AddWording: req.AddWording, AddTime: t}
	if fr.Remark != "" {
		mine.RemarkTime = t
	}
	if s.friendOf(me, them) == nil {
		made = append(made, link{me, them})
	}
	s.book(me, true).put(them, mine)
	if h.hooks != nil {
		list := make([]map[string]string, len(made))
		for i, p := range made {
			list[i] = map[string]string{"From_Account": p.owner, "To_Account": p.friend, "Initiator_Account": them}
		}
		h.after("Sns.CallbackFriendAdd", map[string]any{"PairList": list, "ClientCmd": "FriendResponse", "Admin_Account": "", "ForceFlag": 0})
	}
	reply(http.StatusOK, map[string]int{"ResultCode": 0})
}
