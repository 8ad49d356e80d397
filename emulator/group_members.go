package emulator

import (
	"sort"
	"strconv"
)

// unread is m's unread count in g: the messages after the last one it
// read, by MsgSeq.
func (g *group) unread(m *member) int {
	if m.ReadSeq >= g.seq {
		return 0
	}
	return int(g.seq - m.ReadSeq)
}

// room is how many more members g takes.
func (g *group) room() int {
	if g.MaxMembers <= 0 {
		return 1 << 30
	}
	return g.MaxMembers - len(g.members)
}

type memberResult struct {
	Member_Account string
	Result         int
}

// Results of add_group_member and import_group_member items.
const (
	resultFailed  = 0
	resultAdded   = 1
	resultAlready = 2
)

// readMemberItems reads a MemberList of objects with a Member_Account.
func readMemberItems(f fields, max int) ([]fields, []string, *apiError) {
	items, st := f.array("MemberList")
	if st != valid || len(items) == 0 {
		return nil, nil, fail(codeGrpParam, "MemberList is missing or not a non-empty array")
	}
	if len(items) > max {
		return nil, nil, fail(codeGrpTooMany, "MemberList holds more than "+strconv.Itoa(max)+" members")
	}
	objs := make([]fields, len(items))
	accs := make([]string, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, nil, fail(codeGrpParam, "MemberList items must be objects")
		}
		acc, st := o.str("Member_Account")
		if st != valid || acc == "" {
			return nil, nil, fail(codeGrpParam, "a MemberList item has no Member_Account string")
		}
		objs[i], accs[i] = o, acc
	}
	return objs, accs, nil
}

// addGroupMember implements v4/group_open_http_svc/add_group_member. Each
// listed account gets a Result: 1 added, 2 already a member, 0 never
// imported. A group that cannot take every new member adds none (10014).
func addGroupMember(h *Handler, c *call) (any, *apiError) {
	_, accs, err := readMemberItems(c.f, maxAddMembers)
	if err != nil {
		return nil, err
	}
	if n, st := c.f.int64("Silence"); st == wrongType || st == valid && n != 0 && n != 1 {
		return nil, fail(codeGrpParam, "Silence must be 0 or 1")
	}
	// Group.CallbackBeforeInviteJoinGroup gates the invitation, outside the lock.
	refused, err := h.mhookBeforeInvite(c, accs)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	out := struct{ MemberList []memberResult }{MemberList: make([]memberResult, len(accs))}
	var fresh []string
	seen := map[string]bool{}
	known := 0
	for i, acc := range accs {
		out.MemberList[i] = memberResult{acc, resultFailed}
		switch {
		case !s.exists(acc):
			continue
		case g.members[acc] != nil || seen[acc]:
			out.MemberList[i].Result = resultAlready
		case refused[acc]: // the app refused it: Result 0
		default:
			out.MemberList[i].Result = resultAdded
			fresh = append(fresh, acc)
			seen[acc] = true
		}
		known++
	}
	if known == 0 {
		return nil, fail(codeGrpNoAccount, "no listed account exists")
	}
	if len(fresh) > g.room() {
		if g.room() < 1 {
			h.mhookGroupFull(g, c)
		}
		return nil, fail(codeGrpFull, "the group cannot take "+strconv.Itoa(len(fresh))+" more members")
	}
	at := c.now.Unix()
	for _, acc := range fresh {
		s.groups.join(g, acc, roleMember, at)
	}
	h.afterJoin(g, fresh, "Invited", c)
	if len(fresh) > 0 && g.room() == 0 {
		h.mhookGroupFull(g, c)
	}
	return out, nil
}

// deleteGroupMember implements v4/group_open_http_svc/delete_group_member.
// The owner cannot be removed: a list that names it removes nobody.
func deleteGroupMember(h *Handler, c *call) (any, *apiError) {
	accs, st := c.f.stringArray("MemberToDel_Account")
	if st != valid || len(accs) == 0 {
		return nil, fail(codeGrpParam, "MemberToDel_Account is missing or not a non-empty array of strings")
	}
	if len(accs) > maxDeleteMembers {
		return nil, fail(codeGrpParam, "MemberToDel_Account names more than 100 accounts")
	}
	if n, st := c.f.int64("Silence"); st == wrongType || st == valid && n != 0 && n != 1 {
		return nil, fail(codeGrpParam, "Silence must be 0 or 1")
	}
	if _, st := c.f.str("Reason"); st == wrongType {
		return nil, fail(codeGrpParam, "Reason is not a string")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	for _, acc := range accs {
		if acc == g.Owner && g.members[acc] != nil {
			return nil, fail(codeGrpNoPermission, "the group owner cannot be removed; transfer the ownership first")
		}
	}
	var gone []string
	for _, acc := range accs {
		if g.members[acc] != nil {
			s.groups.leave(g, acc)
			gone = append(gone, acc)
		}
	}
	h.afterExit(g, gone, "Kicked", c)
	return nil, nil
}

// getGroupMemberInfo implements v4/group_open_http_svc/get_group_member_info.
// Members are listed in join order; a Community pages with Next (the join
// number of the page's last member), the other types with Offset.
func getGroupMemberInfo(h *Handler, c *call) (any, *apiError) {
	fieldsWanted, hasFields, err := nameFilter(c.f, "MemberInfoFilter")
	if err != nil {
		return nil, err
	}
	roles, hasRoles, err := nameFilter(c.f, "MemberRoleFilter")
	if err != nil {
		return nil, err
	}
	keys, hasKeys, err := nameFilter(c.f, "AppDefinedDataFilter_GroupMember")
	if err != nil {
		return nil, err
	}
	limit, lst := c.f.int64("Limit")
	if lst == wrongType || lst == valid && (limit < 0 || limit > maxMemberInfoLimit) {
		return nil, fail(codeGrpParam, "Limit must be an integer from 0 to 6000")
	}
	offset, ost := c.f.int64("Offset")
	if ost == wrongType || offset < 0 {
		return nil, fail(codeGrpParam, "Offset must be a non-negative integer")
	}
	next, nst := c.f.str("Next")
	if nst == wrongType {
		return nil, fail(codeGrpParam, "Next is not a string")
	}
	var after uint64
	if next != "" {
		n, perr := strconv.ParseUint(next, 10, 64)
		if perr != nil {
			return nil, fail(codeGrpParam, "Next is not a cursor this call returned")
		}
		after = n
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	now := c.now.Unix()
	list := g.roster
	community := g.Type == typeCommunity
	if community {
		list = list[sort.Search(len(list), func(i int) bool { return list[i].order > after }):]
	}
	out := struct {
		MemberNum  int
		MemberList []map[string]any
		Next       *string `json:",omitempty"`
	}{MemberNum: len(g.members), MemberList: []map[string]any{}}
	skipped := int64(0)
	last := -1
	for i, m := range list {
		if hasRoles && !inNames(roles, m.Role) {
			continue
		}
		if !community && skipped < offset {
			skipped++
			continue
		}
		if lst == valid && limit > 0 && int64(len(out.MemberList)) == limit {
			break
		}
		want := func(f string) bool { return !hasFields || inNames(fieldsWanted, f) }
		out.MemberList = append(out.MemberList, g.memberInfo(m, now, want, keys, !hasKeys, !hasFields || hasKeys))
		last = i
	}
	if community {
		cursor := ""
		if last >= 0 && last < len(list)-1 {
			cursor = strconv.FormatUint(list[last].order, 10)
		}
		out.Next = &cursor
	}
	return out, nil
}

var msgFlags = map[string]bool{"AcceptAndNotify": true, "Discard": true, "AcceptNotNotify": true}

// modifyGroupMemberInfo implements v4/group_open_http_svc/modify_group_member_info.
// Every field is checked before any is applied.
func modifyGroupMemberInfo(h *Handler, c *call) (any, *apiError) {
	acc, st := c.f.str("Member_Account")
	if st != valid || acc == "" {
		return nil, fail(codeGrpParam, "Member_Account is missing or not a UserID")
	}
	role, rst := c.f.str("Role")
	if rst == wrongType || rst == valid && role != roleAdmin && role != roleMember {
		return nil, fail(codeGrpParam, "Role must be Admin or Member")
	}
	flag, fst := c.f.str("MsgFlag")
	if fst == wrongType || fst == valid && !msgFlags[flag] {
		return nil, fail(codeGrpParam, "MsgFlag must be AcceptAndNotify, Discard or AcceptNotNotify")
	}
	card, cst := c.f.str("NameCard")
	if cst == wrongType || len(card) > maxNameCard {
		return nil, fail(codeGrpParam, "NameCard is not a string of at most 50 bytes")
	}
	data, _, err := readKVs(c.f, "AppMemberDefinedData", 64)
	if err != nil {
		return nil, err
	}
	mute, mst := c.f.int64("MuteTime")
	if mst == wrongType || mst == valid && (mute < 0 || mute > permanentMute) {
		return nil, fail(codeGrpParam, "MuteTime must be an integer from 0 to 4294967295")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	m := g.members[acc]
	switch {
	case m == nil:
		return nil, fail(codeGrpNoPermission, acc+" is not a member of the group")
	case rst == valid && m.Role == roleOwner:
		return nil, fail(codeGrpNoPermission, "the owner's role cannot be changed; transfer the ownership instead")
	case rst == valid && role == roleAdmin && !adminsAllowed(g.Type):
		return nil, fail(codeGrpNoPermission, g.Type+" groups have no admins")
	case mst == valid && g.Type == typePrivate:
		return nil, fail(codeGrpNoPermission, "Private (Work) groups cannot mute members")
	}
	roleChanged, cardChanged := rst == valid && m.Role != role, cst == valid && m.NameCard != card
	if rst == valid {
		m.Role = role
	}
	if fst == valid {
		m.MsgFlag = flag
	}
	if cst == valid {
		m.NameCard = card
	}
	m.data = setKVs(m.data, data)
	if mst == valid {
		g.mute(acc, mute, c.now.Unix())
	}
	h.mhookFieldChanged(g, m, roleChanged, cardChanged, c)
	return nil, nil
}

// getRoleInGroup implements v4/group_open_http_svc/get_role_in_group.
func getRoleInGroup(h *Handler, c *call) (any, *apiError) {
	accs, st := c.f.stringArray("User_Account")
	if st != valid || len(accs) == 0 {
		return nil, fail(codeGrpParam, "User_Account is missing or not a non-empty array of strings")
	}
	if len(accs) > maxRoleQuery {
		return nil, fail(codeGrpParam, "User_Account names more than 500 accounts")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	type roleItem struct {
		Member_Account string
		Role           string
	}
	out := struct{ UserIdList []roleItem }{UserIdList: make([]roleItem, len(accs))}
	for i, acc := range accs {
		role := roleNotMember
		if m := g.members[acc]; m != nil {
			role = m.Role
		}
		out.UserIdList[i] = roleItem{acc, role}
	}
	return out, nil
}

// forbidSendMsg implements v4/group_open_http_svc/forbid_send_msg. Members
// (in an AVChatRoom, which keeps no member list, any imported account) are
// muted until the emulator's clock passes now plus MuteTime; 0 unmutes,
// 4294967295 mutes for good. Other accounts are left alone.
func forbidSendMsg(h *Handler, c *call) (any, *apiError) {
	accs, st := c.f.stringArray("Members_Account")
	if st != valid || len(accs) == 0 {
		return nil, fail(codeGrpParam, "Members_Account is missing or not a non-empty array of strings")
	}
	if len(accs) > maxMuteAccounts {
		return nil, fail(codeGrpParam, "Members_Account names more than 500 accounts")
	}
	mute, mst := c.f.int64("MuteTime")
	if mst != valid || mute < 0 || mute > permanentMute {
		return nil, fail(codeGrpParam, "MuteTime is missing or not an integer from 0 to 4294967295")
	}
	if _, tst := c.f.str("TopicId"); tst != absent {
		return nil, fail(codeGrpParam, "TopicId names no topic of the group")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	now := c.now.Unix()
	for _, acc := range accs {
		if g.members[acc] != nil || g.Type == typeAVChatRoom && s.exists(acc) {
			g.mute(acc, mute, now)
		}
	}
	return nil, nil
}

// getGroupMutedAccount implements v4/group_open_http_svc/get_group_muted_account:
// the members whose mute has not ended by the emulator's clock, by UserID.
func getGroupMutedAccount(h *Handler, c *call) (any, *apiError) {
	if _, tst := c.f.str("TopicId"); tst != absent {
		return nil, fail(codeGrpParam, "TopicId names no topic of the group")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	type muted struct {
		Member_Account string
		MutedUntil     int64
	}
	out := struct {
		GroupId          string
		MutedAccountList []muted
	}{GroupId: g.ID, MutedAccountList: []muted{}}
	now := c.now.Unix()
	for acc, until := range g.mutes {
		if until <= now {
			delete(g.mutes, acc) // over: forget it
			continue
		}
		if g.members[acc] != nil || g.Type == typeAVChatRoom {
			out.MutedAccountList = append(out.MutedAccountList, muted{acc, until})
		}
	}
	sort.Slice(out.MutedAccountList, func(i, j int) bool {
		return out.MutedAccountList[i].Member_Account < out.MutedAccountList[j].Member_Account
	})
	return out, nil
}

// importGroupMember implements v4/group_open_http_svc/import_group_member:
// members join at their JoinTime (between the group's creation and now,
// else Result 0) with UnreadMsgNum unread messages (at most the group's),
// without callbacks.
func importGroupMember(h *Handler, c *call) (any, *apiError) {
	items, accs, err := readMemberItems(c.f, maxImportMembers)
	if err != nil {
		return nil, err
	}
	type wanted struct {
		role   string
		join   int64
		unread int64
		timed  bool
	}
	ws := make([]wanted, len(items))
	for i, o := range items {
		role, st := o.str("Role")
		switch {
		case st == wrongType, st == valid && role != roleAdmin && role != roleMember:
			return nil, fail(codeGrpParam, "a MemberList Role must be Admin (or Member)")
		case role == "":
			role = roleMember
		}
		join, jst := o.int64("JoinTime")
		unread, ust := o.int64("UnreadMsgNum")
		if jst == wrongType || ust == wrongType || unread < 0 {
			return nil, fail(codeGrpParam, "JoinTime and UnreadMsgNum must be non-negative integers")
		}
		ws[i] = wanted{role, join, unread, jst == valid}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	now := c.now.Unix()
	out := struct{ MemberList []memberResult }{MemberList: make([]memberResult, len(accs))}
	for i, acc := range accs {
		w := ws[i]
		out.MemberList[i] = memberResult{acc, resultFailed}
		at := now
		if w.timed {
			at = w.join
		}
		switch {
		case g.members[acc] != nil:
			out.MemberList[i].Result = resultAlready
			continue
		case !s.exists(acc), at < g.CreateTime, at > now, g.room() < 1:
			continue
		case w.role == roleAdmin && !adminsAllowed(g.Type):
			continue
		}
		m := s.groups.join(g, acc, w.role, at)
		m.ReadSeq = g.seq - uint32(min(w.unread, int64(g.seq)))
		out.MemberList[i].Result = resultAdded
	}
	return out, nil
}
