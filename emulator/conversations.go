package emulator

import (
	"sort"
	"strconv"
)

// Codes of the recentcontact service (its pages' error tables).
const (
	codeRecentAccount    = 50001 // the UserID is not imported
	codeRecentParam      = 50002 // a request parameter is wrong
	codeRecentNeedsAdmin = 50003
	codeRecentInternal   = 50004
	codeCGroupMarkCount  = 51006 // MarkItem empty or over 100
	codeCGroupUnresolved = 51007 // a group ID that resolves to no group
	codeCGroupedTooMany  = 51008 // over 1,000 conversations with group or mark data
	codeCGroupMissing    = 51009 // no conversation group of that name
	codeCGroupsTooMany   = 51010 // over 20 conversation groups
	codeCGroupNameLong   = 51011 // a group name over 32 bytes
)

// recentSvc is the recentcontact service: its pages give 50002 for a bad
// parameter (and no code of their own for a body that is not JSON), 50003
// for a caller who is not an App admin and 50004 for an internal error.
var recentSvc = service{"recentcontact", codeRecentParam, codeRecentNeedsAdmin, codeRecentInternal, codeRecentParam}

// Limits of the conversation APIs (the recentcontact pages).
const (
	recentPageSize    = 100 // get_list conversations per page; the docs give none
	contactPageSize   = 100 // get_contact_group conversations per page; the docs give none
	maxContactGroups  = 20
	maxGroupNameBytes = 32
	maxGroupedContact = 1000
	maxMarkItems      = 100
	maxSearchItems    = 300
	maxCustomMark     = 256
	maxMarkBit        = 63 // a standard mark has 64 bits
)

// AssistFlags bits of get_list.
const (
	assistPinned      = 1 << 0 // pinned conversations come first, with TopFlag
	assistEmpty       = 1 << 1 // conversations with no message the user can see are listed
	assistPinnedPages = 1 << 2 // pinned conversations are paged too
	assistMarks       = ^7     // any newer bit: items carry their group and mark data
)

// recents is the conversation state of every user: each user's
// conversation list, ordered by last message time, and the user's
// conversation groups and marks. It lives in the store, under s.mu.
type recents struct {
	users map[string]*recentUser
}

func newRecents() *recents { return &recents{users: make(map[string]*recentUser)} }

// recentUser is one user's conversation state.
type recentUser struct {
	acct *account // the account the state belongs to; a re-imported account starts afresh
	// items are the user's one-to-one conversations by peer; all lists
	// them newest first, pinned the pinned ones, in the same order.
	items  map[string]*recentItem
	all    recentList
	pinned recentList
	// cleared holds, per peer, the order of the last message that
	// recentcontact/delete with ClearRamble removed from the user's history.
	cleared map[string]uint64
	// Conversation groups in creation order, and the group and mark data
	// of conversations, by peer and in the order they first got some.
	groups    []*contactGroup
	nextGroup int
	contacts  map[string]*contactData
	contactIx []*contactData
}

type recentItem struct {
	peer    string
	conv    *conversation // the conversation it stands for; another one means the account was deleted since
	time    int64         // the newest message's MsgTime
	touched uint64        // the store order of the last message, for ties
	visible int           // messages the user can see in its history
	top     bool
}

type contactGroup struct {
	id      int
	name    string
	members map[string]bool
}

type contactData struct {
	peer     string
	standard uint64
	custom   string
	groups   map[int]bool
	updated  int64
}

func (d *contactData) empty() bool { return d.standard == 0 && d.custom == "" && len(d.groups) == 0 }

// recentOf returns id's conversation state, made on first use; s.mu is
// held and id exists.
func (s *store) recentOf(id string) *recentUser {
	u := s.recent.users[id]
	if u == nil || u.acct != s.accounts[id] {
		u = &recentUser{acct: s.accounts[id], items: map[string]*recentItem{}, cleared: map[string]uint64{},
			contacts: map[string]*contactData{}, nextGroup: 1}
		s.recent.users[id] = u
	}
	return u
}

// touchConversations brings m's conversation to its place in both users'
// lists; (*store).add calls it for every stored message, whatever sent it.
func (s *store) touchConversations(m *message) {
	c := s.convs[pairOf(m.From, m.To)]
	s.recentOf(m.From).touch(m.To, c, m, m.From)
	if m.To != m.From {
		s.recentOf(m.To).touch(m.From, c, m, m.To)
	}
}

func (u *recentUser) touch(peer string, c *conversation, m *message, self string) {
	it := u.items[peer]
	if it != nil {
		u.unlist(it)
	}
	if it == nil || it.conv != c {
		it = &recentItem{peer: peer, conv: c, time: m.Time}
		u.items[peer] = it
	}
	if m.Time > it.time {
		it.time = m.Time
	}
	it.touched = m.order
	if !(m.HiddenForSender && m.From == self) {
		it.visible++
	}
	u.all.insert(it)
	if it.top {
		u.pinned.insert(it)
	}
}

// newer orders items newest first: by time, then by the last message's
// arrival.
func recentNewer(a *recentItem, t int64, touched uint64) bool {
	return a.time > t || a.time == t && a.touched > touched
}

func (u *recentUser) unlist(it *recentItem) {
	u.all.remove(it)
	if it.top {
		u.pinned.remove(it)
	}
}

// pinConversation pins or unpins user's conversation with peer, state that
// only client SDKs make (for the control API); it reports whether the
// conversation is in the list. s.mu is held.
func (s *store) pinConversation(user, peer string, on bool) bool {
	if !s.exists(user) {
		return false
	}
	u := s.recentOf(user)
	it := u.items[peer]
	if it == nil || it.top == on {
		return it != nil
	}
	u.unlist(it)
	it.top = on
	u.all.insert(it)
	if on {
		u.pinned.insert(it)
	}
	return true
}

// hiddenFrom reports whether recentcontact/delete with ClearRamble removed m
// from user's history; s.mu is held.
func (s *store) hiddenFrom(user string, m *message) bool {
	u := s.recent.users[user]
	if u == nil {
		return false
	}
	peer := m.To
	if peer == user {
		peer = m.From
	}
	return m.order <= u.cleared[peer]
}

// recentAccount reads the From_Account every recentcontact call names.
func recentAccount(f fields) (string, *apiError) {
	id, st := f.str("From_Account")
	if st != valid || id == "" {
		return "", fail(codeRecentParam, "From_Account is missing or not a non-empty string")
	}
	return id, nil
}

// recentInt reads a non-negative integer field.
func recentInt(f fields, name string) (int64, *apiError) {
	n, st := f.int64(name)
	if st != valid || n < 0 {
		return 0, fail(codeRecentParam, name+" is missing or not a non-negative integer")
	}
	return n, nil
}

type recentListItem struct {
	Type           int
	To_Account     string
	MsgTime        int64
	TopFlag        int
	StandardMark   string `json:",omitempty"`
	CustomMark     string `json:",omitempty"`
	ContactGroupId []int  `json:",omitempty"`
}

// recentCursor is a position in a conversation list, as get_list's cursors
// give it: past every conversation newer than Time and the first Index
// conversations at Time. (0, 0) is the start.
type recentCursor struct{ Time, Index int64 }

// at returns the list position the cursor names.
func (c recentCursor) at(list *recentList) int {
	if c.Time == 0 && c.Index == 0 {
		return 0
	}
	first := list.search(func(it *recentItem) bool { return it.time <= c.Time })
	end := list.search(func(it *recentItem) bool { return it.time < c.Time })
	if pos := int64(first) + c.Index; pos < int64(end) {
		return int(pos)
	}
	return end
}

// cursorAfter returns the cursor just past list position i.
func cursorAfter(list *recentList, i int) recentCursor {
	t := list.at(i).time
	first := list.search(func(it *recentItem) bool { return it.time <= t })
	return recentCursor{t, int64(i - first + 1)}
}

// getList implements v4/recentcontact/get_list: pinned conversations first
// (AssistFlags bit 0), then the others, each newest first, a page at a time.
func getList(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	var v [5]int64
	for i, name := range []string{"TimeStamp", "StartIndex", "TopTimeStamp", "TopStartIndex", "AssistFlags"} {
		if v[i], err = recentInt(c.f, name); err != nil {
			return nil, err
		}
	}
	ordinary, top, flags := recentCursor{v[0], v[1]}, recentCursor{v[2], v[3]}, v[4]
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	out := struct {
		SessionItem   []recentListItem
		CompleteFlag  int
		TimeStamp     int64
		StartIndex    int64
		TopTimeStamp  int64
		TopStartIndex int64
		ErrorDisplay  string
	}{SessionItem: []recentListItem{}, TimeStamp: ordinary.Time, StartIndex: ordinary.Index, TopTimeStamp: top.Time, TopStartIndex: top.Index}
	pinning := flags&assistPinned != 0
	show := func(it *recentItem) bool {
		return s.convs[pairOf(user, it.peer)] == it.conv && (flags&assistEmpty != 0 || it.visible > 0)
	}
	item := func(it *recentItem) recentListItem {
		si := recentListItem{Type: 1, To_Account: it.peer, MsgTime: it.time}
		if pinning && it.top {
			si.TopFlag = 1
		}
		if d := u.contacts[it.peer]; d != nil && flags&assistMarks != 0 {
			si.StandardMark, si.CustomMark, si.ContactGroupId = d.render()
		}
		return si
	}
	done := true
	if pinning {
		start := top.at(&u.pinned)
		i := start
		for ; i < u.pinned.len() && (flags&assistPinnedPages == 0 || len(out.SessionItem) < recentPageSize); i++ {
			if it := u.pinned.at(i); show(it) {
				out.SessionItem = append(out.SessionItem, item(it))
			}
		}
		if i > start {
			next := cursorAfter(&u.pinned, i-1)
			out.TopTimeStamp, out.TopStartIndex = next.Time, next.Index
		}
		done = i == u.pinned.len()
	}
	if done {
		start := ordinary.at(&u.all)
		i := start
		for ; i < u.all.len() && len(out.SessionItem) < recentPageSize; i++ {
			if it := u.all.at(i); show(it) && !(pinning && it.top) {
				out.SessionItem = append(out.SessionItem, item(it))
			}
		}
		if i > start {
			next := cursorAfter(&u.all, i-1)
			out.TimeStamp, out.StartIndex = next.Time, next.Index
		}
		done = i == u.all.len()
	}
	if done {
		out.CompleteFlag = 1
	}
	return out, nil
}

// deleteRecent implements v4/recentcontact/delete. The conversation leaves
// From_Account's list; with ClearRamble 1 its messages also leave
// From_Account's history (and stop counting as unread), the peer's stay.
func deleteRecent(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	kind, st := c.f.int64("Type")
	if st == absent {
		kind, st = c.f.int64("type") // the spelling a widely used client sends
	}
	if st != valid || kind != 1 && kind != 2 {
		return nil, fail(codeRecentParam, "Type is missing or not 1 or 2")
	}
	clear, st := c.f.int64("ClearRamble")
	if st == wrongType || st == valid && clear != 0 && clear != 1 {
		return nil, fail(codeRecentParam, "ClearRamble must be 0 or 1")
	}
	if kind == 2 {
		if g, st := c.f.str("ToGroupid"); st != valid || g == "" {
			return nil, fail(codeRecentParam, "ToGroupid is missing or not a non-empty string")
		}
	}
	peer := ""
	if kind == 1 {
		var st state
		if peer, st = c.f.str("To_Account"); st != valid || peer == "" {
			return nil, fail(codeRecentParam, "To_Account is missing or not a non-empty string")
		}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	if kind == 2 {
		return nil, fail(codeRecentParam, "ToGroupid names no group")
	}
	if !s.exists(peer) {
		return nil, fail(codeRecentAccount, "To_Account is not imported")
	}
	u := s.recentOf(user)
	if it := u.items[peer]; it != nil {
		u.unlist(it)
		delete(u.items, peer)
	}
	if clear == 1 && peer != user {
		u.cleared[peer] = s.order
		if conv := s.conversation(user, peer); conv != nil {
			s.markRead(conv, user, 0, true)
		}
	}
	return struct{ ErrorDisplay string }{}, nil
}

// contactRef is a conversation named in a ContactItem object.
type contactRef struct {
	Type       int
	To_Account string `json:",omitempty"`
	ToGroupId  string `json:",omitempty"`
}

// readContact reads a ContactItem object; looseType also accepts Type as
// the string "1" or "2" (search_contact_group types it String).
func readContact(raw []byte, looseType bool) (contactRef, *apiError) {
	o, ok := object(raw)
	if !ok {
		return contactRef{}, fail(codeRecentParam, "ContactItem is not an object")
	}
	var ref contactRef
	n, st := o.int64("Type")
	if st == wrongType && looseType {
		if s, sst := o.str("Type"); sst == valid {
			if v, err := strconv.ParseInt(s, 10, 64); err == nil {
				n, st = v, valid
			}
		}
	}
	if st != valid || n != 1 && n != 2 {
		return contactRef{}, fail(codeRecentParam, "ContactItem Type is missing or not 1 or 2")
	}
	ref.Type = int(n)
	name, field := "To_Account", &ref.To_Account
	if n == 2 {
		name, field = "ToGroupId", &ref.ToGroupId
	}
	v, st := o.str(name)
	if st != valid || v == "" {
		return contactRef{}, fail(codeRecentParam, "ContactItem "+name+" is missing or not a non-empty string")
	}
	*field = v
	return ref, nil
}

// resolveContact gives the peer whose group and mark data ref names, or the
// per-conversation code: an account that is not imported answers 50001 and
// a group 51007 (the emulator serves no groups, so none resolves).
func (s *store) resolveContact(ref contactRef) (string, int) {
	if ref.Type == 2 {
		return "", codeCGroupUnresolved
	}
	if !s.exists(ref.To_Account) {
		return "", codeRecentAccount
	}
	return ref.To_Account, 0
}

// contact returns the group and mark data of peer, made on first use.
func (u *recentUser) contact(peer string) *contactData {
	d := u.contacts[peer]
	if d == nil {
		d = &contactData{peer: peer, groups: map[int]bool{}}
		u.contacts[peer] = d
		u.contactIx = append(u.contactIx, d)
	}
	return d
}

// tidy drops the data of peer once nothing is left of it.
func (u *recentUser) tidy(peer string) {
	d := u.contacts[peer]
	if d == nil || !d.empty() {
		return
	}
	delete(u.contacts, peer)
	for i, x := range u.contactIx {
		if x == d {
			u.contactIx = append(u.contactIx[:i], u.contactIx[i+1:]...)
			break
		}
	}
}

// room answers 51008 when giving data to the peers not yet holding any
// would take the user over 1,000 conversations.
func (u *recentUser) room(peers []string) *apiError {
	fresh := map[string]bool{}
	for _, p := range peers {
		if p != "" && u.contacts[p] == nil {
			fresh[p] = true
		}
	}
	if len(u.contacts)+len(fresh) > maxGroupedContact {
		return fail(codeCGroupedTooMany, "conversations with group or mark data would exceed 1,000")
	}
	return nil
}

func (u *recentUser) group(name string) *contactGroup {
	for _, g := range u.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

// render gives the data as the answers show it: StandardMark as binary
// digits, most significant first (bit n is the (n+1)-th digit from the
// right), and the group IDs in increasing order.
func (d *contactData) render() (standard, custom string, groups []int) {
	if d.standard != 0 {
		standard = strconv.FormatUint(d.standard, 2)
	}
	for id := range d.groups {
		groups = append(groups, id)
	}
	sort.Ints(groups)
	return standard, d.custom, groups
}

type cgroupItem struct {
	GroupName string
	GroupId   int
}

type contactResult struct {
	ContactItem contactRef
	ResultCode  int
	ResultInfo  string
}

func contactResultFor(ref contactRef, code int) contactResult {
	r := contactResult{ContactItem: ref, ResultCode: code}
	switch code {
	case codeRecentAccount:
		r.ResultInfo = "To_Account is not imported"
	case codeCGroupUnresolved:
		r.ResultInfo = "ToGroupId names no group"
	}
	return r
}

// groupName reads a conversation group name: 1 to 32 bytes.
func cgroupName(f fields, name string) (string, *apiError) {
	v, st := f.str(name)
	if st != valid || v == "" {
		return "", fail(codeRecentParam, name+" is missing or not a non-empty string")
	}
	if len(v) > maxGroupNameBytes {
		return "", fail(codeCGroupNameLong, name+" is over 32 bytes")
	}
	return v, nil
}

// readContacts reads an array of ContactItem objects.
func readContacts(f fields, name string, looseType bool) ([]contactRef, state, *apiError) {
	items, st := f.array(name)
	if st == wrongType {
		return nil, st, fail(codeRecentParam, name+" is not an array")
	}
	refs := make([]contactRef, len(items))
	for i, it := range items {
		ref, err := readContact(it, looseType)
		if err != nil {
			return nil, st, err
		}
		refs[i] = ref
	}
	return refs, st, nil
}

// createContactGroup implements v4/recentcontact/create_contact_group.
func createContactGroup(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	items, st := c.f.array("GroupContactItem")
	if st != valid || len(items) != 1 {
		return nil, fail(codeRecentParam, "GroupContactItem must be an array of one conversation group")
	}
	gf, ok := object(items[0])
	if !ok {
		return nil, fail(codeRecentParam, "GroupContactItem item is not an object")
	}
	name, err := cgroupName(gf, "GroupName")
	if err != nil {
		return nil, err
	}
	refs, st, err := readContacts(gf, "ContactItem", false)
	if err != nil {
		return nil, err
	}
	if st == absent {
		return nil, fail(codeRecentParam, "ContactItem is missing")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	if u.group(name) != nil {
		return nil, fail(codeRecentParam, "a conversation group named "+strconv.Quote(name)+" exists")
	}
	if len(u.groups) >= maxContactGroups {
		return nil, fail(codeCGroupsTooMany, "the user has 20 conversation groups")
	}
	peers, codes := make([]string, len(refs)), make([]int, len(refs))
	for i, ref := range refs {
		peers[i], codes[i] = s.resolveContact(ref)
	}
	if err := u.room(peers); err != nil {
		return nil, err
	}
	g := &contactGroup{id: u.nextGroup, name: name, members: map[string]bool{}}
	u.nextGroup++
	u.groups = append(u.groups, g)
	results := make([]contactResult, len(refs))
	for i, ref := range refs {
		results[i] = contactResultFor(ref, codes[i])
		if codes[i] == 0 {
			d := u.contact(peers[i])
			d.groups[g.id], d.updated = true, c.now.Unix()
			g.members[peers[i]] = true
		}
	}
	type cgroupResult struct {
		GroupItem  cgroupItem
		ResultItem []contactResult
	}
	return struct {
		GroupResultItem []cgroupResult
		ErrorDisplay    string
	}{GroupResultItem: []cgroupResult{{cgroupItem{g.name, g.id}, results}}}, nil
}

// updateContactGroup implements v4/recentcontact/update_contact_group:
// UpdateGroupType 1 renames the group OldGroupName, 2 adds conversations to
// it and removes them from it.
func updateContactGroup(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	if n, st := c.f.int64("UpdateType"); st != valid || n != 1 {
		return nil, fail(codeRecentParam, "UpdateType is missing or not 1")
	}
	uf, ok := object(c.f["UpdateGroup"])
	if !ok {
		return nil, fail(codeRecentParam, "UpdateGroup is missing or not an object")
	}
	kind, st := uf.int64("UpdateGroupType")
	if st != valid || kind != 1 && kind != 2 {
		return nil, fail(codeRecentParam, "UpdateGroupType is missing or not 1 or 2")
	}
	old, st := uf.str("OldGroupName")
	if st != valid || old == "" {
		return nil, fail(codeRecentParam, "OldGroupName is missing or not a non-empty string")
	}
	var newName string
	type change struct {
		opt int
		ref contactRef
	}
	var changes []change
	if kind == 1 {
		if newName, err = cgroupName(uf, "NewGroupName"); err != nil {
			return nil, err
		}
	} else {
		items, st := uf.array("ContactUpdateItem")
		if st == wrongType {
			return nil, fail(codeRecentParam, "ContactUpdateItem is not an array")
		}
		for _, it := range items {
			o, ok := object(it)
			if !ok {
				return nil, fail(codeRecentParam, "ContactUpdateItem item is not an object")
			}
			opt, st := o.int64("ContactOptType")
			if st != valid || opt != 1 && opt != 2 {
				return nil, fail(codeRecentParam, "ContactOptType is missing or not 1 or 2")
			}
			ref, err := readContact(o["ContactItem"], false)
			if err != nil {
				return nil, err
			}
			changes = append(changes, change{int(opt), ref})
		}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	g := u.group(old)
	if g == nil {
		return nil, fail(codeCGroupMissing, "no conversation group named "+strconv.Quote(old))
	}
	type changeResult struct {
		ContactOptType int
		contactResult
	}
	result := struct {
		UpdateGroupType   int
		GroupName         string
		GroupId           int
		OldGroupName      string
		ContactResultItem []changeResult `json:",omitempty"`
	}{UpdateGroupType: int(kind), GroupId: g.id, OldGroupName: old}
	if kind == 1 {
		if other := u.group(newName); other != nil && other != g {
			return nil, fail(codeRecentParam, "a conversation group named "+strconv.Quote(newName)+" exists")
		}
		g.name = newName
	} else {
		peers, codes := make([]string, len(changes)), make([]int, len(changes))
		var added []string
		for i, ch := range changes {
			peers[i], codes[i] = s.resolveContact(ch.ref)
			if ch.opt == 1 {
				added = append(added, peers[i])
			}
		}
		if err := u.room(added); err != nil {
			return nil, err
		}
		result.ContactResultItem = make([]changeResult, len(changes))
		for i, ch := range changes {
			result.ContactResultItem[i] = changeResult{ch.opt, contactResultFor(ch.ref, codes[i])}
			if codes[i] != 0 {
				continue
			}
			p := peers[i]
			switch {
			case ch.opt == 1:
				d := u.contact(p)
				d.groups[g.id], d.updated = true, c.now.Unix()
				g.members[p] = true
			case g.members[p]:
				d := u.contacts[p]
				delete(d.groups, g.id)
				d.updated = c.now.Unix()
				delete(g.members, p)
				u.tidy(p)
			}
		}
	}
	result.GroupName = g.name
	return struct {
		UpdateType        int
		UpdateGroupResult any
		ErrorDisplay      string
	}{UpdateType: 1, UpdateGroupResult: result}, nil
}

// delContactGroup implements v4/recentcontact/del_contact_group.
func delContactGroup(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	names, st := c.f.stringArray("GroupName")
	if st != valid || len(names) != 1 {
		return nil, fail(codeRecentParam, "GroupName must be an array of one group name")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	g := u.group(names[0])
	if g == nil {
		return nil, fail(codeCGroupMissing, "no conversation group named "+strconv.Quote(names[0]))
	}
	for i, x := range u.groups {
		if x == g {
			u.groups = append(u.groups[:i], u.groups[i+1:]...)
			break
		}
	}
	for p := range g.members {
		if d := u.contacts[p]; d != nil {
			delete(d.groups, g.id)
			d.updated = c.now.Unix()
			u.tidy(p)
		}
	}
	return struct {
		GroupItem    []cgroupItem
		ErrorDisplay string
	}{GroupItem: []cgroupItem{{g.name, g.id}}}, nil
}

// markContact implements v4/recentcontact/mark_contact. OptType 1 changes
// the standard marks (ClearMark, then SetMark), 2 sets the custom mark
// (absent: cleared), 3 both.
func markContact(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	items, st := c.f.array("MarkItem")
	if st != valid {
		return nil, fail(codeRecentParam, "MarkItem is missing or not an array")
	}
	if len(items) == 0 || len(items) > maxMarkItems {
		return nil, fail(codeCGroupMarkCount, "MarkItem must hold 1 to 100 conversations")
	}
	type mark struct {
		opt        int
		ref        contactRef
		set, clear uint64
		custom     string
	}
	marks := make([]mark, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeRecentParam, "MarkItem item is not an object")
		}
		opt, st := o.int64("OptType")
		if st != valid || opt < 1 || opt > 3 {
			return nil, fail(codeRecentParam, "OptType is missing or not 1, 2 or 3")
		}
		ref, err := readContact(o["ContactItem"], false)
		if err != nil {
			return nil, err
		}
		mk := mark{opt: int(opt), ref: ref}
		for _, b := range []struct {
			name string
			to   *uint64
		}{{"SetMark", &mk.set}, {"ClearMark", &mk.clear}} {
			raw, present := o[b.name]
			if !present {
				continue
			}
			bits, ok := markBits(raw)
			if !ok {
				return nil, fail(codeRecentParam, b.name+" is not an array of bit numbers from 0 to 63")
			}
			*b.to = bits
		}
		custom, st := o.str("CustomMark")
		if st == wrongType || len(custom) > maxCustomMark {
			return nil, fail(codeRecentParam, "CustomMark is not a string of at most 256 bytes")
		}
		mk.custom = custom
		marks[i] = mk
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	peers, codes := make([]string, len(marks)), make([]int, len(marks))
	for i, mk := range marks {
		peers[i], codes[i] = s.resolveContact(mk.ref)
	}
	if err := u.room(peers); err != nil {
		return nil, err
	}
	type markResult struct {
		OptType int
		contactResult
	}
	results := make([]markResult, len(marks))
	for i, mk := range marks {
		results[i] = markResult{mk.opt, contactResultFor(mk.ref, codes[i])}
		if codes[i] != 0 {
			continue
		}
		d := u.contact(peers[i])
		if mk.opt&1 != 0 {
			d.standard = d.standard&^mk.clear | mk.set
		}
		if mk.opt&2 != 0 {
			d.custom = mk.custom
		}
		d.updated = c.now.Unix()
		u.tidy(peers[i])
	}
	return struct {
		ResultItem   []markResult
		ErrorDisplay string
	}{ResultItem: results}, nil
}

// markBits reads an array of bit numbers 0..63 into a mask.
func markBits(raw []byte) (uint64, bool) {
	items, st := fields{"x": raw}.array("x")
	if st != valid {
		return 0, false
	}
	var bits uint64
	for _, it := range items {
		n, st := fields{"x": it}.int64("x")
		if st != valid || n < 0 || n > maxMarkBit {
			return 0, false
		}
		bits |= 1 << uint(n)
	}
	return bits, true
}

type contactOut struct {
	Type           int
	To_Account     string
	StandardMark   string `json:",omitempty"`
	CustomMark     string `json:",omitempty"`
	ContactGroupId []int  `json:",omitempty"`
	Timestamp      int64
}

func (d *contactData) out() contactOut {
	o := contactOut{Type: 1, To_Account: d.peer, Timestamp: d.updated}
	o.StandardMark, o.CustomMark, o.ContactGroupId = d.render()
	return o
}

// searchContactGroup implements v4/recentcontact/search_contact_group: the
// group and mark data of the conversations named (every conversation that
// has some, without ContactItem), and the groups they belong to.
func searchContactGroup(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	refs, st, err := readContacts(c.f, "ContactItem", true)
	if err != nil {
		return nil, err
	}
	if len(refs) > maxSearchItems {
		return nil, fail(codeRecentParam, "ContactItem holds more than 300 conversations")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	var found []*contactData
	if st == absent {
		found = append(found, u.contactIx...)
	}
	seen := map[string]bool{}
	for _, ref := range refs {
		if d := u.contacts[ref.To_Account]; ref.Type == 1 && d != nil && !seen[d.peer] {
			seen[d.peer] = true
			found = append(found, d)
		}
	}
	out := struct {
		ContactResultItem []contactOut
		GroupItem         []cgroupItem
		ErrorDisplay      string
	}{ContactResultItem: []contactOut{}, GroupItem: []cgroupItem{}}
	used := map[int]bool{}
	for _, d := range found {
		out.ContactResultItem = append(out.ContactResultItem, d.out())
		for id := range d.groups {
			used[id] = true
		}
	}
	for _, g := range u.groups {
		if used[g.id] {
			out.GroupItem = append(out.GroupItem, cgroupItem{g.name, g.id})
		}
	}
	return out, nil
}

// getContactGroup implements v4/recentcontact/get_contact_group: every
// conversation group, and a page of the conversations with group or mark
// data, in the order they first got some.
func getContactGroup(h *Handler, c *call) (any, *apiError) {
	user, err := recentAccount(c.f)
	if err != nil {
		return nil, err
	}
	start, err := recentInt(c.f, "StartIndex")
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(user) {
		return nil, fail(codeRecentAccount, "From_Account is not imported")
	}
	u := s.recentOf(user)
	out := struct {
		ContactItem    []contactOut
		GroupItem      []cgroupItem
		CompleteFlag   int
		NextStartIndex int64
		ErrorDisplay   string
	}{ContactItem: []contactOut{}, GroupItem: make([]cgroupItem, 0, len(u.groups))}
	for _, g := range u.groups {
		out.GroupItem = append(out.GroupItem, cgroupItem{g.name, g.id})
	}
	end := start + contactPageSize
	if end >= int64(len(u.contactIx)) {
		end, out.CompleteFlag = int64(len(u.contactIx)), 1
	} else {
		out.NextStartIndex = end
	}
	for i := start; i < end; i++ {
		out.ContactItem = append(out.ContactItem, u.contactIx[i].out())
	}
	return out, nil
}
