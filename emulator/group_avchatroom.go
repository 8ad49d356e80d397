package emulator

import (
	"container/heap"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// Limits of the live-streaming group APIs (their catalogue entries and
// pages).
const (
	avMaxBanAccounts  = 20   // ban_group_member, unban_group_member
	avMaxBanPage      = 100  // get_group_ban_member Limit
	avMaxBanReason    = 1000 // ban_group_member Description, bytes
	avMaxMarkAccounts = 500  // modify_user_info MemberList
	avMaxMarks        = 10   // distinct marks in one group
	avMaxMarked       = 1000 // members carrying one mark
	avMaxListed       = 1000 // get_members lists the latest 1,000 online members
	avMembersPage     = 500  // get_members members per page
	avMaxBroadcasts   = 1000 // broadcasts a room keeps for the control API
	avMarkAlwaysOn    = 500  // special mark: disconnections ignored, for at most three days
	avMarkHidden      = 600  // special mark: left out of get_members unless asked for by mark
	avMarkMin         = 1000 // the smallest ordinary mark
	avAlwaysOnSeconds = 3 * 24 * 3600
)

// avRoom is the live state of an AVChatRoom: the members whose clients
// joined it (through the control API), their marks, the bans and the
// broadcasts it received. It lives in its group and goes with it. Counts
// and indexes are kept as things change, so a call costs what it reads or
// changes, not the size of the room.
type avRoom struct {
	members    map[string]*avMember
	roster     []*avMember // join order
	joins      uint64
	online     int                            // members that count as online
	marked     map[int]map[*avMember]struct{} // the members carrying each mark
	alwaysOn   avMemberHeap                   // members with a live mark 500, soonest end first
	bans       map[string]*avBan
	banOrder   []*avBan  // live bans in the order they were made
	banEnds    avBanHeap // live bans, soonest end first
	banned     uint64    // bans ever made: their order numbers
	broadcasts []*AVBroadcast
}

type avMember struct {
	account  string
	joinTime int64
	order    uint64
	marks    []int // ascending
	alwaysOn int64 // mark 500 keeps it online until then
	offline  bool  // its connection dropped (a heartbeat timeout)
	counted  bool  // counted in its room's online
	heapAt   int   // index in its room's alwaysOn heap, -1 when not in it
}

type avBan struct {
	account string
	until   int64
	order   uint64
	heapAt  int // index in its room's banEnds heap
}

// avMemberHeap orders members by the end of their mark 500.
type avMemberHeap []*avMember

func (h avMemberHeap) Len() int           { return len(h) }
func (h avMemberHeap) Less(i, j int) bool { return h[i].alwaysOn < h[j].alwaysOn }
func (h avMemberHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapAt, h[j].heapAt = i, j
}
func (h *avMemberHeap) Push(x any) { m := x.(*avMember); m.heapAt = len(*h); *h = append(*h, m) }
func (h *avMemberHeap) Pop() any {
	old := *h
	m := old[len(old)-1]
	*h, m.heapAt = old[:len(old)-1], -1
	return m
}

// avBanHeap orders bans by their end.
type avBanHeap []*avBan

func (h avBanHeap) Len() int           { return len(h) }
func (h avBanHeap) Less(i, j int) bool { return h[i].until < h[j].until }
func (h avBanHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapAt, h[j].heapAt = i, j
}
func (h *avBanHeap) Push(x any) { b := x.(*avBan); b.heapAt = len(*h); *h = append(*h, b) }
func (h *avBanHeap) Pop() any {
	old := *h
	b := old[len(old)-1]
	*h = old[:len(old)-1]
	return b
}

// AVBroadcast is one send_broadcast_msg message as the AVChatRooms got it
// (the control API's groups/broadcasts), shared by every room it
// reached.
type AVBroadcast struct {
	Seq             uint32          `json:"MsgSeq"`
	From            string          `json:"From_Account"`
	Random          uint32          `json:"Random"`
	Time            int64           `json:"MsgTime"`
	Body            json.RawMessage `json:"MsgBody"`
	CloudCustomData *string         `json:"CloudCustomData,omitempty"`
}

// avApp is the app-wide broadcast state: broadcasts take MsgSeq 1, 2, 3…
// of their own, apart from every group's.
type avApp struct {
	seq uint32
}

// avState returns g's live state, made on first use; s.mu is held.
func (g *group) avState() *avRoom {
	if g.av == nil {
		g.av = &avRoom{members: map[string]*avMember{}, bans: map[string]*avBan{}, marked: map[int]map[*avMember]struct{}{}}
	}
	return g.av
}

// online reports whether m counts as online: its connection is up, or
// mark 500 makes it count anyway.
func (m *avMember) online(now int64) bool { return !m.offline || m.alwaysOn > now }

func (m *avMember) has(mark int) bool {
	i := sort.SearchInts(m.marks, mark)
	return i < len(m.marks) && m.marks[i] == mark
}

// join adds account's client to the room, online.
func (r *avRoom) join(account string, now int64) *avMember {
	r.joins++
	m := &avMember{account: account, joinTime: now, order: r.joins, heapAt: -1}
	r.members[account] = m
	r.roster = append(r.roster, m)
	r.recount(m, now)
	return m
}

// recount brings the online count up to date with m.
func (r *avRoom) recount(m *avMember, now int64) {
	if on := m.online(now); on != m.counted {
		m.counted = on
		if on {
			r.online++
		} else {
			r.online--
		}
	}
}

// setMarks gives m exactly marks (ascending), keeping the mark index.
func (r *avRoom) setMarks(m *avMember, marks []int) {
	for _, k := range m.marks {
		if set := r.marked[k]; set != nil {
			delete(set, m)
			if len(set) == 0 {
				delete(r.marked, k)
			}
		}
	}
	m.marks = marks
	for _, k := range marks {
		if r.marked[k] == nil {
			r.marked[k] = map[*avMember]struct{}{}
		}
		r.marked[k][m] = struct{}{}
	}
}

// setAlwaysOn sets the end of m's mark 500 (0: none), keeping the heap.
func (r *avRoom) setAlwaysOn(m *avMember, until int64) {
	m.alwaysOn = until
	switch {
	case until == 0 && m.heapAt >= 0:
		heap.Remove(&r.alwaysOn, m.heapAt)
	case until != 0 && m.heapAt >= 0:
		heap.Fix(&r.alwaysOn, m.heapAt)
	case until != 0:
		heap.Push(&r.alwaysOn, m)
	}
}

// leave takes account out of the room, with its marks.
func (r *avRoom) leave(account string) bool {
	m := r.members[account]
	if m == nil {
		return false
	}
	delete(r.members, account)
	r.setMarks(m, nil)
	if m.heapAt >= 0 {
		heap.Remove(&r.alwaysOn, m.heapAt)
	}
	if m.counted {
		m.counted = false
		r.online--
	}
	i := sort.Search(len(r.roster), func(i int) bool { return r.roster[i].order >= m.order })
	if i < len(r.roster) && r.roster[i] == m {
		r.roster = append(r.roster[:i], r.roster[i+1:]...)
	}
	return true
}

// banUntil is the end of account's ban, 0 when it is not banned at now.
func (r *avRoom) banUntil(account string, now int64) int64 {
	if b := r.bans[account]; b != nil && b.until > now {
		return b.until
	}
	return 0
}

// ban bans account until then (a new end for a live ban).
func (r *avRoom) ban(account string, until int64) {
	if b := r.bans[account]; b != nil {
		b.until = until
		heap.Fix(&r.banEnds, b.heapAt)
		return
	}
	r.banned++
	b := &avBan{account: account, until: until, order: r.banned}
	r.bans[account] = b
	r.banOrder = append(r.banOrder, b)
	heap.Push(&r.banEnds, b)
}

// unban lifts account's ban, if it has one.
func (r *avRoom) unban(account string) {
	b := r.bans[account]
	if b == nil {
		return
	}
	delete(r.bans, account)
	heap.Remove(&r.banEnds, b.heapAt)
	i := sort.Search(len(r.banOrder), func(i int) bool { return r.banOrder[i].order >= b.order })
	if i < len(r.banOrder) && r.banOrder[i] == b {
		r.banOrder = append(r.banOrder[:i], r.banOrder[i+1:]...)
	}
}

// expire forgets the bans that ended and recounts the members whose mark
// 500 ended, each once.
func (r *avRoom) expire(now int64) {
	for len(r.banEnds) > 0 && r.banEnds[0].until <= now {
		r.unban(r.banEnds[0].account)
	}
	for len(r.alwaysOn) > 0 && r.alwaysOn[0].alwaysOn <= now {
		m := heap.Pop(&r.alwaysOn).(*avMember)
		r.recount(m, now)
	}
}

// prune brings the room's live state up to the call's time: ended bans
// and marks 500 (expire), and the members whose user has no client
// session left (a logout or kick ends the client's stay in the room).
// Sessions end in the session code, which tells no one, so that last part
// still asks each member's user; s.mu is held.
func (s *store) avPrune(r *avRoom, now int64) {
	r.expire(now)
	for i := 0; i < len(r.roster); i++ {
		if m := r.roster[i]; len(s.sessions[m.account]) == 0 && m.alwaysOn <= now {
			r.leave(m.account)
			i--
		}
	}
}

// avLookup reads GroupId and finds an AVChatRoom with its live state
// pruned at the call's time; other types answer 10007. s.mu is held.
func (s *store) avLookup(c *call) (*group, *avRoom, *apiError) {
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, nil, err
	}
	if g.Type != typeAVChatRoom {
		return nil, nil, fail(codeGrpNoPermission, c.path+" serves AVChatRoom groups only")
	}
	r := g.avState()
	s.avPrune(r, c.now.Unix())
	return g, r, nil
}

// avOnlineMemberNum implements v4/group_open_http_svc/get_online_member_num:
// the members of the AVChatRoom that count as online, hidden ones too.
func avOnlineMemberNum(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	return struct{ OnlineMemberNum int }{r.online}, nil
}

type avMemberItem struct {
	Member_Account string
	JoinTime       int64
	NickName       string
	Avatar         string
}

// avGetMembers implements v4/group_open_avchatroom_http_svc/get_members:
// the latest 1,000 online members in join order, 500 a page. Without Mark,
// members marked 600 are left out; with it, only members carrying it are
// listed (600 ones too). NextTimestamp is the join number of the page's
// last member, 0 on the last page.
func avGetMembers(h *Handler, c *call) (any, *apiError) {
	from, st := c.f.int64("Timestamp")
	if st != valid || from < 0 {
		return nil, fail(codeGrpParam, "Timestamp is missing or not a non-negative integer")
	}
	mark, mst := c.f.int64("Mark")
	if mst == wrongType {
		return nil, fail(codeGrpParam, "Mark is not an integer")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	var list []*avMember // the latest online members, in join order
	if mst == valid {
		for m := range r.marked[int(mark)] {
			if m.counted {
				list = append(list, m)
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].order < list[j].order })
		if len(list) > avMaxListed {
			list = list[len(list)-avMaxListed:]
		}
	} else {
		for i := len(r.roster) - 1; i >= 0 && len(list) < avMaxListed; i-- {
			if m := r.roster[i]; m.counted && !m.has(avMarkHidden) {
				list = append(list, m)
			}
		}
		slices.Reverse(list)
	}
	i := sort.Search(len(list), func(i int) bool { return list[i].order > uint64(from) })
	page := list[i:]
	out := struct {
		MemberList    []avMemberItem
		NextTimestamp uint64
	}{MemberList: []avMemberItem{}}
	if len(page) > avMembersPage {
		page = page[:avMembersPage]
		out.NextTimestamp = page[len(page)-1].order
	}
	for _, m := range page {
		item := avMemberItem{Member_Account: m.account, JoinTime: m.joinTime}
		if a := s.accounts[m.account]; a != nil {
			item.NickName, item.Avatar = a.Nick, a.FaceURL
		}
		out.MemberList = append(out.MemberList, item)
	}
	return out, nil
}

type avMarkItem struct {
	Member_Account string
	Marks          []int
}

func validMark(n int64) bool {
	return n >= avMarkMin && n <= 1<<31-1 || n == avMarkAlwaysOn || n == avMarkHidden
}

// avModifyUserInfo implements v4/group_open_avchatroom_http_svc/modify_user_info:
// CommandType 1 gives online members marks, 2 takes them away. Mark 500
// may also be given to a member whose connection dropped (it then counts
// as online again, and takes the item's other marks too). Members not in
// the room (or offline otherwise) are left out of the answer; when none is
// left the call fails with 10004. Every limit is checked before anything
// changes.
func avModifyUserInfo(h *Handler, c *call) (any, *apiError) {
	cmd, st := c.f.int64("CommandType")
	if st != valid || cmd != 1 && cmd != 2 {
		return nil, fail(codeGrpParam, "CommandType must be 1 (set marks) or 2 (remove them)")
	}
	items, st := c.f.array("MemberList")
	if st != valid || len(items) == 0 || len(items) > avMaxMarkAccounts {
		return nil, fail(codeGrpParam, "MemberList must be an array of 1 to 500 members")
	}
	want := make([]avMarkItem, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "MemberList items must be objects")
		}
		acc, ast := o.str("Member_Account")
		if ast != valid || !validUserID(acc) {
			return nil, fail(codeGrpParam, "a MemberList item has no Member_Account UserID")
		}
		raw, mst := o.array("Marks")
		if mst != valid || len(raw) == 0 {
			return nil, fail(codeGrpParam, "a MemberList item has no Marks array")
		}
		marks := make([]int, len(raw))
		for j, r := range raw {
			n, err := strconv.ParseInt(string(r), 10, 64)
			if err != nil || !validMark(n) {
				return nil, fail(codeGrpParam, "a mark must be 1000 or more, or 500 or 600")
			}
			marks[j] = int(n)
		}
		want[i] = avMarkItem{acc, marks}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	now := c.now.Unix()
	// The marks each member would have, and how many carry each mark.
	next := map[*avMember][]int{}
	out := struct {
		CommandType int64
		MemberList  []avMarkItem
	}{CommandType: cmd, MemberList: []avMarkItem{}}
	for _, w := range want {
		m := r.members[w.Member_Account]
		if m == nil || !m.online(now) && (cmd != 1 || !slices.Contains(w.Marks, avMarkAlwaysOn)) {
			continue
		}
		cur, seen := next[m]
		if !seen {
			cur = append([]int(nil), m.marks...)
		}
		for _, k := range w.Marks {
			i := sort.SearchInts(cur, k)
			has := i < len(cur) && cur[i] == k
			switch {
			case cmd == 1 && !has:
				cur = append(cur, 0)
				copy(cur[i+1:], cur[i:])
				cur[i] = k
			case cmd == 2 && has:
				cur = append(cur[:i], cur[i+1:]...)
			}
		}
		next[m] = cur
		out.MemberList = append(out.MemberList, w)
	}
	if len(out.MemberList) == 0 {
		return nil, fail(codeGrpParam, "no listed account is an online member of the group")
	}
	// How many members would carry each mark the call touches: the index's
	// count, less the changed members' old marks, plus their new ones.
	counts := map[int]int{}
	for m, marks := range next {
		for _, k := range m.marks {
			if _, ok := counts[k]; !ok {
				counts[k] = len(r.marked[k])
			}
			counts[k]--
		}
		for _, k := range marks {
			if _, ok := counts[k]; !ok {
				counts[k] = len(r.marked[k])
			}
			counts[k]++
		}
	}
	distinct := len(r.marked)
	for k, n := range counts {
		switch had := len(r.marked[k]) > 0; {
		case had && n == 0:
			distinct--
		case !had && n > 0:
			distinct++
		}
		if n > avMaxMarked {
			return nil, fail(codeGrpParam, "a mark is carried by at most 1,000 members")
		}
	}
	if distinct > avMaxMarks {
		return nil, fail(codeGrpParam, "a group holds at most 10 different marks")
	}
	for m, marks := range next {
		had, on := m.has(avMarkAlwaysOn), m.online(now)
		r.setMarks(m, marks)
		switch has := m.has(avMarkAlwaysOn); {
		case has && (!had || !on): // a member not online takes a new three days
			r.setAlwaysOn(m, now+avAlwaysOnSeconds)
		case !has:
			r.setAlwaysOn(m, 0)
		}
		r.recount(m, now)
	}
	return out, nil
}

// avReadBanAccounts reads Members_Account: 1 to 20 UserIDs.
func avReadBanAccounts(c *call) ([]string, *apiError) {
	accs, st := c.f.stringArray("Members_Account")
	if st != valid || len(accs) == 0 {
		return nil, fail(codeGrpParam, "Members_Account is missing or not a non-empty array of UserIDs")
	}
	if len(accs) > avMaxBanAccounts {
		return nil, fail(codeGrpTooMany, "Members_Account names more than 20 accounts")
	}
	for _, a := range accs {
		if !validUserID(a) {
			return nil, fail(codeGrpParam, "Members_Account holds a string that is not a UserID")
		}
	}
	return accs, nil
}

// avBan implements v4/group_open_http_svc/ban_group_member: each account
// (imported; a member or not) is banned until now plus Duration, a member
// is taken out of the room, and none may join until the ban ends or is
// lifted. Banning again sets the new end.
func avBanMember(h *Handler, c *call) (any, *apiError) {
	accs, err := avReadBanAccounts(c)
	if err != nil {
		return nil, err
	}
	d, st := c.f.uint32("Duration")
	if st != valid || d == 0 {
		return nil, fail(codeGrpParam, "Duration is missing or not a number of seconds from 1 to 4294967295")
	}
	if why, st := c.f.str("Description"); st == wrongType || len(why) > avMaxBanReason {
		return nil, fail(codeGrpParam, "Description is not a string of at most 1,000 bytes")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		if !s.exists(a) {
			return nil, fail(codeGrpParam, "Members_Account "+a+" is not an imported account")
		}
	}
	until := c.now.Unix() + int64(d)
	for _, a := range accs {
		r.ban(a, until)
		r.leave(a)
	}
	return nil, nil
}

// avUnbanMember implements v4/group_open_http_svc/unban_group_member:
// the accounts' bans end (accounts not banned are ignored).
func avUnbanMember(h *Handler, c *call) (any, *apiError) {
	accs, err := avReadBanAccounts(c)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		r.unban(a)
	}
	return nil, nil
}

// avGetBanMember implements v4/group_open_http_svc/get_group_ban_member:
// the live bans in the order they were made, Limit (at most 100; 0 or
// absent: 100) from Offset; NextOffset is the next page's Offset, 0 on
// the last page.
func avGetBanMember(h *Handler, c *call) (any, *apiError) {
	offset, st := c.f.int64("Offset")
	if st != valid || offset < 0 {
		return nil, fail(codeGrpParam, "Offset is missing or not a non-negative integer")
	}
	limit, lst := c.f.int64("Limit")
	if lst == wrongType || limit < 0 || limit > avMaxBanPage {
		return nil, fail(codeGrpParam, "Limit must be an integer from 0 to 100")
	}
	if limit == 0 {
		limit = avMaxBanPage
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.avLookup(c)
	if err != nil {
		return nil, err
	}
	list := r.banOrder
	type banned struct {
		Member_Account string
		BannedUntil    int64
	}
	out := struct {
		BannedAccountList []banned
		NextOffset        int64
	}{BannedAccountList: []banned{}}
	start := min(offset, int64(len(list)))
	end := min(start+limit, int64(len(list)))
	for _, b := range list[start:end] {
		out.BannedAccountList = append(out.BannedAccountList, banned{b.account, b.until})
	}
	if end < int64(len(list)) {
		out.NextOffset = end
	}
	return out, nil
}

// avBroadcastMsg implements v4/group_open_http_svc/send_broadcast_msg:
// the message takes the app's next broadcast MsgSeq and reaches every
// AVChatRoom of the app at the time of the call (the control API's
// groups/broadcasts shows what each received). It takes no group's MsgSeq.
func avBroadcastMsg(h *Handler, c *call) (any, *apiError) {
	random, st := c.f.uint32("Random")
	if st != valid {
		return nil, fail(codeGrpParam, "Random is missing or not a 32-bit unsigned integer")
	}
	body, err := readGroupMsgBody(c.f, codeGrpParam)
	if err != nil {
		return nil, err
	}
	from, fst := c.f.str("From_Account")
	if fst == wrongType || fst == valid && from == "" {
		return nil, fail(codeGrpParam, "From_Account is not a UserID")
	}
	b := &AVBroadcast{From: from, Random: random, Time: c.now.Unix(), Body: body}
	if raw, ok := c.f["CloudCustomData"]; ok {
		v, st := rawString(raw)
		if st != valid {
			return nil, fail(codeGrpParam, "CloudCustomData is not a string")
		}
		b.CloudCustomData = &v
	}
	if fst != valid {
		b.From = c.identifier
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if fst == valid && !s.exists(from) {
		return nil, fail(codeGrpParam, "From_Account "+from+" is not an imported account")
	}
	if s.av == nil {
		s.av = &avApp{}
	}
	s.av.seq++
	b.Seq = s.av.seq
	for _, g := range s.groups.byType[typeAVChatRoom] {
		r := g.avState()
		r.broadcasts = append(r.broadcasts, b)
		if len(r.broadcasts) > avMaxBroadcasts {
			r.broadcasts = r.broadcasts[1:]
		}
	}
	return struct{ MsgSeq uint32 }{b.Seq}, nil
}

// AVMember is the body of the control API's groups/join, groups/quit and
// groups/connection calls: a client of UserID in the AVChatRoom GroupId.
type AVMember struct {
	GroupId string `json:"GroupId"`
	UserID  string `json:"UserID"`
	// State is groups/connection's: Offline when the client's connection
	// drops (a heartbeat timeout), Online when it is back.
	State string `json:"State,omitempty"`
}

// avControl serves the control API's AVChatRoom calls:
//
//	POST /chatconform/v1/groups/join       {"GroupId","UserID"}: the user's logged-in client joins the AVChatRoom
//	POST /chatconform/v1/groups/quit       {"GroupId","UserID"}: it quits
//	POST /chatconform/v1/groups/connection {"GroupId","UserID","State"}: its connection drops (Offline) or is back (Online)
//	GET  /chatconform/v1/groups/broadcasts?GroupId=…  the broadcasts the room received
func (h *Handler) avControl(w http.ResponseWriter, r *http.Request, cmd string, reply func(int, any), refuse func(int, string)) {
	s := h.store
	now := h.opts.Now().Unix()
	if cmd == "groups/broadcasts" {
		id := r.URL.Query().Get("GroupId")
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groups.byID[id]
		if g == nil || g.Type != typeAVChatRoom {
			refuse(http.StatusNotFound, "no AVChatRoom "+id)
			return
		}
		list := append([]*AVBroadcast{}, g.avState().broadcasts...)
		reply(http.StatusOK, map[string]any{"GroupId": id, "Broadcasts": list})
		return
	}
	var in AVMember
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		refuse(http.StatusBadRequest, `the body must be {"GroupId": …, "UserID": …}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups.byID[in.GroupId]
	switch {
	case g == nil:
		refuse(http.StatusNotFound, "no group "+in.GroupId)
		return
	case g.Type != typeAVChatRoom:
		refuse(http.StatusBadRequest, in.GroupId+" is a "+g.Type+" group; only AVChatRoom groups are joined this way")
		return
	case !s.exists(in.UserID):
		refuse(http.StatusNotFound, "no account "+in.UserID)
		return
	}
	room := g.avState()
	s.avPrune(room, now)
	m := room.members[in.UserID]
	switch cmd {
	case "groups/join":
		if until := room.banUntil(in.UserID, now); until > 0 {
			refuse(http.StatusForbidden, in.UserID+" is banned from "+g.ID+" until "+strconv.FormatInt(until, 10))
			return
		}
		if len(s.sessions[in.UserID]) == 0 {
			refuse(http.StatusConflict, in.UserID+" has no client session: log it in first")
			return
		}
		if m == nil {
			room.join(in.UserID, now)
		}
	case "groups/quit":
		if !room.leave(in.UserID) {
			refuse(http.StatusNotFound, in.UserID+" is not in "+g.ID)
			return
		}
	case "groups/connection":
		if m == nil {
			refuse(http.StatusNotFound, in.UserID+" is not in "+g.ID)
			return
		}
		if in.State != "Offline" && in.State != "Online" {
			refuse(http.StatusBadRequest, "State must be Offline or Online")
			return
		}
		h.avConnection(g, room, m, in.State == "Offline", now)
	default:
		refuse(http.StatusNotFound, "no control call "+cmd)
		return
	}
	reply(http.StatusOK, map[string]any{"GroupId": g.ID, "UserID": in.UserID, "InGroup": room.members[in.UserID] != nil})
}

// avConnection records that m's connection dropped or came back. A drop
// clears its marks and sends Group.CallbackOnMemberStateChange Offline,
// unless mark 500 makes the room ignore it; coming back sends Online.
// s.mu is held.
func (h *Handler) avConnection(g *group, r *avRoom, m *avMember, drop bool, now int64) {
	if drop == m.offline || drop && m.alwaysOn > now {
		return
	}
	m.offline = drop
	event := "Online"
	if drop {
		event = "Offline"
		r.setMarks(m, nil)
		r.setAlwaysOn(m, 0)
	}
	r.recount(m, now)
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackOnMemberStateChange", map[string]any{
		"GroupId": g.ID, "EventType": event, "MemberList": memberAccountList([]string{m.account}),
	})
}

// avSvc is the live-streaming group service, with the group service's
// codes.
var avSvc = service{"group_open_avchatroom_http_svc", codeGrpParse, codeGrpNoPermission, codeGrpInternal, codeGrpParam}
