package emulator

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Codes of the group service (the group_open_http_svc pages' error tables).
const (
	codeGrpInternal     = 10002
	codeGrpParam        = 10004 // a request parameter is wrong
	codeGrpTooMany      = 10005 // too many accounts in the request
	codeGrpNoPermission = 10007 // the group type or the member's role forbids it
	codeGrpNotFound     = 10010 // no such group, or it was disbanded
	codeGrpParse        = 10011 // the body is not JSON
	codeGrpFull         = 10014
	codeGrpInvalidID    = 10015
	codeGrpHookRefused  = 10016 // the app's before-callback refused
	codeGrpMuted        = 10017
	codeGrpNoAccount    = 10019
	codeGrpIDTaken      = 10021
	codeGrpMembersLimit = 10038 // create_group: more members than the group holds
	codeGrpNoReceipt    = 10062 // the message has no read-receipt data
)

// groupSvc is the group service. Its pages give 10004 for a bad parameter
// and 10002 for internal errors; the general error page gives 10011 for a
// body that is not JSON, and 10007 is its "only the App admin" code.
var groupSvc = service{"group_open_http_svc", codeGrpParse, codeGrpNoPermission, codeGrpInternal, codeGrpParam}

// Group types, by the names the REST API answers with. Work and Meeting,
// the newer names of Private and ChatRoom, are accepted on the way in.
const (
	typePrivate    = "Private"
	typePublic     = "Public"
	typeChatRoom   = "ChatRoom"
	typeAVChatRoom = "AVChatRoom"
	typeCommunity  = "Community"
)

var groupTypes = map[string]string{
	"Private": typePrivate, "Work": typePrivate, "Public": typePublic,
	"ChatRoom": typeChatRoom, "Meeting": typeChatRoom, "AVChatRoom": typeAVChatRoom,
	"Community": typeCommunity,
}

// Member roles.
const (
	roleOwner     = "Owner"
	roleAdmin     = "Admin"
	roleMember    = "Member"
	roleNotMember = "NotMember"
)

// Limits of the group APIs (their catalogue entries).
const (
	maxGroupName       = 30
	maxGroupIntro      = 240
	maxGroupNotice     = 300
	maxGroupFace       = 100
	maxGroupIDBytes    = 48
	maxCreateMembers   = 100
	maxAddMembers      = 300
	maxDeleteMembers   = 100
	maxImportMembers   = 300
	maxRoleQuery       = 500
	maxMuteAccounts    = 500
	maxInfoGroups      = 50
	maxAppListLimit    = 10000
	maxJoinedLimit     = 5000
	maxMemberInfoLimit = 6000
	maxNameCard        = 50
	permanentMute      = 4294967295
	defaultMaxMembers  = 2000   // Private, Public, ChatRoom (import_group's default)
	typeMaxMembers     = 6000   // their ceiling
	communityMembers   = 100000 // Community's ceiling and default
)

// typeRefusals names, per endpoint, the group types it does not serve and
// the code each gets (the "applicable group types" table of its page).
var typeRefusals = map[string]map[string]int{
	"group_open_http_svc/add_group_member":         {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/delete_group_member":      {typeAVChatRoom: codeGrpParam},
	"group_open_http_svc/get_group_member_info":    {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/modify_group_member_info": {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/get_role_in_group":        {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/change_group_owner":       {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/forbid_send_msg":          {typePrivate: codeGrpNoPermission},
	"group_open_http_svc/import_group_member":      {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/import_group_msg":         {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/group_msg_get_simple":     {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/group_msg_recall":         {typeAVChatRoom: codeGrpNoPermission},
	"group_open_http_svc/get_group_msg_receipt": {
		typeAVChatRoom: codeGrpNoPermission, typeCommunity: codeGrpNoPermission,
	},
	"group_open_http_svc/get_group_msg_receipt_detail": {
		typeAVChatRoom: codeGrpNoPermission, typeCommunity: codeGrpNoPermission,
	},
}

// groups is the group state of the app: every live group by ID, the app's
// list in creation order (all types and per type), and the groups each
// account is a member of. It lives in the store, under s.mu.
type groups struct {
	byID    map[string]*group
	all     []*group            // creation order
	byType  map[string][]*group // creation order, per type
	joined  map[string]map[*group]bool
	created uint64
}

func newGroups() *groups {
	return &groups{byID: map[string]*group{}, byType: map[string][]*group{}, joined: map[string]map[*group]bool{}}
}

type groupKV struct {
	Key   string
	Value string
}

// setKVs applies custom-field updates: a new Value replaces the key's, an
// empty one deletes it.
func setKVs(list []groupKV, upd []groupKV) []groupKV {
	for _, u := range upd {
		i := sort.Search(len(list), func(i int) bool { return list[i].Key >= u.Key })
		found := i < len(list) && list[i].Key == u.Key
		switch {
		case u.Value == "" && found:
			list = append(list[:i], list[i+1:]...)
		case u.Value == "":
		case found:
			list[i].Value = u.Value
		default:
			list = append(list, groupKV{})
			copy(list[i+1:], list[i:])
			list[i] = u
		}
	}
	return list
}

func filterKVs(list []groupKV, keys []string, all bool) []groupKV {
	if all {
		return append([]groupKV{}, list...)
	}
	out := []groupKV{}
	for _, kv := range list {
		for _, k := range keys {
			if kv.Key == k {
				out = append(out, kv)
				break
			}
		}
	}
	return out
}

type group struct {
	ID, Type                                  string
	Name, Introduction, Notification, FaceURL string
	Owner                                     string
	CreateTime, InfoTime, LastMsgTime         int64
	MaxMembers                                int
	ApplyJoin                                 string
	MuteAll                                   bool
	SupportTopic                              int
	data                                      []groupKV // AppDefinedData, by key
	order                                     uint64    // creation order in the app

	members map[string]*member
	roster  []*member // join order
	joins   uint64    // members that ever joined: their order numbers
	mutes   map[string]int64
	seq     uint32      // the last MsgSeq given out; NextMsgSeq is seq+1
	msgs    []*groupMsg // stored messages: msgs[i] has MsgSeq i+1
	notices int         // system notifications sent
	av      *avRoom     // AVChatRoom members, marks, bans, broadcasts (group_avchatroom.go); made on first use
	attrs   *attrState  // custom attributes and counters (group_attrs.go)
	topics  *groupTopics
}

type member struct {
	Account         string
	Role            string
	JoinTime        int64
	ReadSeq         uint32 // MsgSeq: the last message it read
	MsgFlag         string
	LastSendMsgTime int64
	NameCard        string
	data            []groupKV // AppMemberDefinedData
	order           uint64
}

// active reports whether the group shows in its members' joined lists: a
// Private (Work) group is activated by its first message.
func (g *group) active() bool { return g.Type != typePrivate || g.seq > 0 }

// muteUntil is the end of account's mute in the group, 0 when not muted at
// now.
func (g *group) muteUntil(account string, now int64) int64 {
	if t := g.mutes[account]; t > now {
		return t
	}
	return 0
}

func (g *group) mute(account string, seconds, now int64) {
	switch {
	case seconds == 0:
		delete(g.mutes, account)
	case seconds >= permanentMute:
		g.mutes[account] = permanentMute
	default:
		g.mutes[account] = now + seconds
	}
}

// join adds account to g with role; s.mu is held.
func (gs *groups) join(g *group, account, role string, at int64) *member {
	g.joins++
	m := &member{Account: account, Role: role, JoinTime: at, ReadSeq: g.seq, MsgFlag: "AcceptAndNotify", order: g.joins}
	g.members[account] = m
	g.roster = append(g.roster, m)
	if gs.joined[account] == nil {
		gs.joined[account] = map[*group]bool{}
	}
	gs.joined[account][g] = true
	return m
}

// leave removes account from g; its mute stays, as documented.
func (gs *groups) leave(g *group, account string) {
	m := g.members[account]
	if m == nil {
		return
	}
	delete(g.members, account)
	i := sort.Search(len(g.roster), func(i int) bool { return g.roster[i].order >= m.order })
	if i < len(g.roster) && g.roster[i] == m {
		g.roster = append(g.roster[:i], g.roster[i+1:]...)
	}
	delete(gs.joined[account], g)
	if len(gs.joined[account]) == 0 {
		delete(gs.joined, account)
	}
	if g.Owner == account {
		g.Owner = ""
	}
}

func (gs *groups) add(g *group) {
	gs.created++
	g.order = gs.created
	gs.byID[g.ID] = g
	gs.all = append(gs.all, g)
	gs.byType[g.Type] = append(gs.byType[g.Type], g)
}

func removeOrdered(list []*group, g *group) []*group {
	i := sort.Search(len(list), func(i int) bool { return list[i].order >= g.order })
	if i < len(list) && list[i] == g {
		list = append(list[:i], list[i+1:]...)
	}
	return list
}

func (gs *groups) destroy(g *group) {
	for _, m := range g.roster {
		delete(gs.joined[m.Account], g)
		if len(gs.joined[m.Account]) == 0 {
			delete(gs.joined, m.Account)
		}
	}
	delete(gs.byID, g.ID)
	gs.all = removeOrdered(gs.all, g)
	gs.byType[g.Type] = removeOrdered(gs.byType[g.Type], g)
}

const groupIDChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// newGroupID makes an ID in the documented shape: @TGS# and a type digit
// and eight letters or digits (@TGS#2J4SZEAEL), and for a Community
// @TGS#_@TGS#c and ten more (@TGS#_@TGS#cRDH3HIM62CP).
func (gs *groups) newGroupID(typ string) string {
	for {
		prefix, n := "@TGS#", 8
		switch typ {
		case typePrivate:
			prefix += "1"
		case typePublic:
			prefix += "2"
		case typeChatRoom:
			prefix += "3"
		case typeAVChatRoom:
			prefix += "a"
		case typeCommunity:
			prefix, n = "@TGS#_@TGS#c", 10
		}
		b := []byte(prefix)
		for i := 0; i < n; i++ {
			b = append(b, groupIDChars[rand.IntN(len(groupIDChars))])
		}
		if id := string(b); gs.byID[id] == nil {
			return id
		}
	}
}

// validCustomGroupID applies the rules of custom group IDs: 1 to 48 bytes
// of printable ASCII; @TGS# starts only generated IDs, and a Community's
// must start with @TGS#_.
func validCustomGroupID(id, typ string) bool {
	if id == "" || len(id) > maxGroupIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7e {
			return false
		}
	}
	if typ == typeCommunity {
		return strings.HasPrefix(id, "@TGS#_") && len(id) > len("@TGS#_")
	}
	return !strings.HasPrefix(id, "@TGS#")
}

// lookupGroup reads GroupId and finds the group, refusing the types the
// endpoint of c does not serve; s.mu is held.
func (s *store) lookupGroup(c *call) (*group, *apiError) {
	id, st := c.f.str("GroupId")
	if st != valid {
		return nil, fail(codeGrpParam, "GroupId is missing or not a string")
	}
	return s.findGroup(c.path, id)
}

func (s *store) findGroup(path, id string) (*group, *apiError) {
	if id == "" || len(id) > 64 {
		return nil, fail(codeGrpInvalidID, "GroupId is not a valid group ID")
	}
	g := s.groups.byID[id]
	if g == nil {
		return nil, fail(codeGrpNotFound, "group "+id+" does not exist or was disbanded")
	}
	if code := typeRefusals[path][g.Type]; code != 0 {
		return nil, fail(code, g.Type+" groups do not support "+path)
	}
	return g, nil
}

// readKVs reads an array of {Key, Value} custom fields.
func readKVs(f fields, name string, maxValue int) ([]groupKV, state, *apiError) {
	items, st := f.array(name)
	if st == absent {
		return nil, absent, nil
	}
	if st != valid {
		return nil, wrongType, fail(codeGrpParam, name+" is not an array")
	}
	out := make([]groupKV, 0, len(items))
	for _, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, wrongType, fail(codeGrpParam, name+" items must be objects")
		}
		k, kst := o.str("Key")
		v, vst := o.str("Value")
		if kst != valid || vst == wrongType || k == "" || len(k) > 16 || len(v) > maxValue {
			return nil, wrongType, fail(codeGrpParam, name+" items need a Key of 1 to 16 bytes and a string Value of at most "+strconv.Itoa(maxValue)+" bytes")
		}
		out = append(out, groupKV{k, v})
	}
	return out, valid, nil
}

// groupProfile is the part of create_group and import_group's request that
// describes the group.
type groupProfile struct {
	typ, id, owner, name, intro, notice, face, apply string
	maxMembers                                       int
	data                                             []groupKV
	topic                                            int
}

func readGroupProfile(c *call) (groupProfile, *apiError) {
	var p groupProfile
	t, st := c.f.str("Type")
	if st != valid || groupTypes[t] == "" {
		return p, fail(codeGrpParam, "Type must be Public, Private (Work), ChatRoom (Meeting), AVChatRoom or Community")
	}
	p.typ = groupTypes[t]
	name, st := c.f.str("Name")
	if st != valid || name == "" || len(name) > maxGroupName {
		return p, fail(codeGrpParam, "Name is missing, empty or over 30 bytes")
	}
	p.name = name
	for _, fl := range []struct {
		name string
		max  int
		dst  *string
	}{{"Introduction", maxGroupIntro, &p.intro}, {"Notification", maxGroupNotice, &p.notice}, {"FaceUrl", maxGroupFace, &p.face}} {
		v, st := c.f.str(fl.name)
		if st == wrongType || len(v) > fl.max {
			return p, fail(codeGrpParam, fl.name+" is not a string of at most "+strconv.Itoa(fl.max)+" bytes")
		}
		*fl.dst = v
	}
	if owner, st := c.f.str("Owner_Account"); st == wrongType || st == valid && owner == "" {
		return p, fail(codeGrpParam, "Owner_Account is not a UserID")
	} else {
		p.owner = owner
	}
	if id, st := c.f.str("GroupId"); st == wrongType {
		return p, fail(codeGrpParam, "GroupId is not a string")
	} else if st == valid {
		if !validCustomGroupID(id, p.typ) {
			return p, fail(codeGrpParam, "GroupId must be 1 to 48 bytes of printable ASCII, not starting with @TGS# (a Community's must start with @TGS#_)")
		}
		p.id = id
	}
	ceiling := typeMaxMembers
	switch p.typ {
	case typeCommunity:
		ceiling = communityMembers
		p.maxMembers = communityMembers
	case typeAVChatRoom:
		ceiling, p.maxMembers = 0, 0
	default:
		p.maxMembers = defaultMaxMembers
	}
	if n, st := c.f.int64("MaxMemberCount"); st == wrongType || st == valid && n < 1 {
		return p, fail(codeGrpParam, "MaxMemberCount is not a positive integer")
	} else if st == valid && ceiling > 0 {
		p.maxMembers = int(min(n, int64(ceiling)))
	}
	switch p.typ {
	case typePrivate:
		p.apply = "DisableApply"
	case typeAVChatRoom, typeCommunity:
		p.apply = "FreeAccess"
	default:
		p.apply = "NeedPermission"
	}
	if a, st := c.f.str("ApplyJoinOption"); st == wrongType || st == valid && a != "FreeAccess" && a != "NeedPermission" && a != "DisableApply" {
		return p, fail(codeGrpParam, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply")
	} else if st == valid && (p.typ == typePublic || p.typ == typeChatRoom) {
		p.apply = a
	}
	data, _, err := readKVs(c.f, "AppDefinedData", 512)
	if err != nil {
		return p, err
	}
	p.data = setKVs(nil, data)
	if n, st := c.f.int64("SupportTopic"); st == wrongType || st == valid && n != 0 && n != 1 {
		return p, fail(codeGrpParam, "SupportTopic must be 0 or 1")
	} else if st == valid && p.typ == typeCommunity {
		p.topic = int(n)
	}
	return p, nil
}

// newGroup stores a group made from p at time at, with its owner as a
// member (except in an AVChatRoom, which members join from a client); s.mu
// is held and p has been checked against the store.
func (s *store) newGroup(p groupProfile, at int64) *group {
	gs := s.groups
	if p.id == "" {
		p.id = gs.newGroupID(p.typ)
	}
	g := &group{
		ID: p.id, Type: p.typ, Name: p.name, Introduction: p.intro, Notification: p.notice, FaceURL: p.face,
		Owner: p.owner, CreateTime: at, InfoTime: at, MaxMembers: p.maxMembers, ApplyJoin: p.apply,
		SupportTopic: p.topic, data: p.data,
		members: map[string]*member{}, mutes: map[string]int64{},
	}
	gs.add(g)
	if p.owner != "" && g.Type != typeAVChatRoom {
		gs.join(g, p.owner, roleOwner, at)
	}
	return g
}

type initialMember struct {
	account, role string
	data          []groupKV
}

// createGroup implements v4/group_open_http_svc/create_group.
func createGroup(h *Handler, c *call) (any, *apiError) {
	p, err := readGroupProfile(c)
	if err != nil {
		return nil, err
	}
	items, st := c.f.array("MemberList")
	if st == wrongType {
		return nil, fail(codeGrpParam, "MemberList is not an array")
	}
	if len(items) > maxCreateMembers {
		return nil, fail(codeGrpTooMany, "MemberList holds more than 100 members")
	}
	if len(items) > 0 && p.typ == typeAVChatRoom {
		return nil, fail(codeGrpNoPermission, "AVChatRoom groups take no initial members: members join from a client")
	}
	var initial []initialMember
	seen := map[string]bool{p.owner: p.owner != ""}
	for _, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "MemberList items must be objects")
		}
		acc, st := o.str("Member_Account")
		if st != valid || acc == "" {
			return nil, fail(codeGrpParam, "a MemberList item has no Member_Account string")
		}
		role, st := o.str("Role")
		switch {
		case st == wrongType, st == valid && role != roleAdmin && role != roleMember:
			return nil, fail(codeGrpParam, "a MemberList Role must be Admin (or Member)")
		case role == roleAdmin && !adminsAllowed(p.typ):
			return nil, fail(codeGrpNoPermission, p.typ+" groups have no admins")
		case role == "":
			role = roleMember
		}
		data, _, err := readKVs(o, "AppMemberDefinedData", 64)
		if err != nil {
			return nil, err
		}
		if !seen[acc] {
			seen[acc] = true
			initial = append(initial, initialMember{acc, role, setKVs(nil, data)})
		}
	}
	s := h.store
	s.mu.Lock()
	if err := s.checkNewGroup(p, initial); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	s.mu.Unlock()
	// Group.CallbackBeforeCreateGroup gates the group, outside the lock.
	if refusal := h.beforeCreateGroup(p, initial, c); refusal != nil {
		return nil, refusal
	}
	s.mu.Lock()
	if err := s.checkNewGroup(p, initial); err != nil { // the store may have moved on while the app decided
		s.mu.Unlock()
		return nil, err
	}
	g := s.newGroup(p, c.now.Unix())
	for _, m := range initial {
		s.groups.join(g, m.account, m.role, c.now.Unix()).data = m.data
	}
	h.afterCreateGroup(g, initial, c)
	s.mu.Unlock()
	return struct{ GroupId string }{g.ID}, nil
}

// checkNewGroup checks a new group against the store: its ID is free, its
// owner and members exist and fit; s.mu is held.
func (s *store) checkNewGroup(p groupProfile, initial []initialMember) *apiError {
	if p.id != "" && s.groups.byID[p.id] != nil {
		return fail(codeGrpIDTaken, "group ID "+p.id+" is already in use")
	}
	if p.owner != "" && !s.exists(p.owner) {
		return fail(codeGrpParam, "Owner_Account "+p.owner+" is not an imported account")
	}
	for _, m := range initial {
		if !s.exists(m.account) {
			return fail(codeGrpParam, "Member_Account "+m.account+" is not an imported account")
		}
	}
	n := len(initial)
	if p.owner != "" {
		n++
	}
	if p.maxMembers > 0 && n > p.maxMembers {
		return fail(codeGrpMembersLimit, "more members than MaxMemberCount allows")
	}
	return nil
}

// adminsAllowed reports whether a group type has admins: Private (Work)
// and AVChatRoom groups have an owner and members only.
func adminsAllowed(typ string) bool { return typ != typePrivate && typ != typeAVChatRoom }

// importGroup implements v4/group_open_http_svc/import_group: a group made
// as create_group makes one, with its creation time, and no callback.
func importGroup(h *Handler, c *call) (any, *apiError) {
	p, err := readGroupProfile(c)
	if err != nil {
		return nil, err
	}
	if p.typ == typeAVChatRoom {
		return nil, fail(codeGrpNoPermission, "AVChatRoom groups cannot be imported")
	}
	at := c.now.Unix()
	if t, st := c.f.int64("CreateTime"); st == wrongType || st == valid && (t < 0 || t > at) {
		return nil, fail(codeGrpParam, "CreateTime is not a UNIX time in the past")
	} else if st == valid {
		at = t
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkNewGroup(p, nil); err != nil {
		return nil, err
	}
	g := s.newGroup(p, at)
	return struct{ GroupId string }{g.ID}, nil
}

// destroyGroup implements v4/group_open_http_svc/destroy_group.
func destroyGroup(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	s.groups.destroy(g)
	h.afterDestroyGroup(g, c)
	return nil, nil
}

// Base-info fields of a group, by their filter names.
var baseInfoFields = []string{
	"Type", "Name", "Appid", "Introduction", "Notification", "FaceUrl", "Owner_Account", "CreateTime",
	"LastInfoTime", "LastMsgTime", "NextMsgSeq", "MemberNum", "MaxMemberNum", "ApplyJoinOption", "MuteAllMember",
}

func onOff(b bool) string {
	if b {
		return "On"
	}
	return "Off"
}

// baseInfo renders the base-info fields of g that want allows; s.mu is
// held.
func (h *Handler) baseInfo(g *group, out map[string]any, want func(string) bool) {
	values := map[string]any{
		"Type": g.Type, "Name": g.Name, "Appid": h.opts.SDKAppID, "Introduction": g.Introduction,
		"Notification": g.Notification, "FaceUrl": g.FaceURL, "Owner_Account": g.Owner,
		"CreateTime": g.CreateTime, "LastInfoTime": g.InfoTime, "LastMsgTime": g.LastMsgTime,
		"NextMsgSeq": g.seq + 1, "MemberNum": len(g.members), "MaxMemberNum": g.MaxMembers,
		"ApplyJoinOption": g.ApplyJoin, "MuteAllMember": onOff(g.MuteAll),
	}
	for _, f := range baseInfoFields {
		if !want(f) {
			continue
		}
		if g.Type == typeAVChatRoom && (f == "MemberNum" || f == "MaxMemberNum") {
			continue // an AVChatRoom keeps no member list
		}
		out[f] = values[f]
	}
	if g.Type == typeCommunity && want("SupportTopic") {
		out["SupportTopic"] = g.SupportTopic
	}
}

// memberFields are the member fields a member filter may name.
var memberFields = []string{"Role", "JoinTime", "MsgSeq", "MsgFlag", "LastSendMsgTime", "MuteUntil", "NameCard"}

// memberInfo renders m's fields that want allows, and its custom fields
// that keys allows (all when all is set); s.mu is held.
func (g *group) memberInfo(m *member, now int64, want func(string) bool, keys []string, all, withData bool) map[string]any {
	values := map[string]any{
		"Role": m.Role, "JoinTime": m.JoinTime, "MsgSeq": m.ReadSeq, "MsgFlag": m.MsgFlag,
		"LastSendMsgTime": m.LastSendMsgTime, "MuteUntil": g.muteUntil(m.Account, now), "NameCard": m.NameCard,
	}
	out := map[string]any{"Member_Account": m.Account}
	for _, f := range memberFields {
		if want(f) {
			out[f] = values[f]
		}
	}
	if withData {
		out["AppMemberDefinedData"] = filterKVs(m.data, keys, all)
	}
	return out
}

// nameFilter reads an optional array of names; all is set when absent.
func nameFilter(f fields, name string) (names []string, present bool, err *apiError) {
	list, st := f.stringArray(name)
	if st == wrongType {
		return nil, false, fail(codeGrpParam, name+" is not an array of strings")
	}
	return list, st == valid, nil
}

func inNames(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// getGroupInfo implements v4/group_open_http_svc/get_group_info. Each
// group gets its own ErrorCode; the call answers OK.
func getGroupInfo(h *Handler, c *call) (any, *apiError) {
	ids, st := c.f.stringArray("GroupIdList")
	if st != valid || len(ids) == 0 {
		return nil, fail(codeGrpParam, "GroupIdList is missing or not a non-empty array of strings")
	}
	if len(ids) > maxInfoGroups {
		return nil, fail(codeGrpParam, "GroupIdList names more than 50 groups")
	}
	filter := fields{}
	if raw, ok := c.f["ResponseFilter"]; ok {
		var ok bool
		if filter, ok = object(raw); !ok {
			return nil, fail(codeGrpParam, "ResponseFilter is not an object")
		}
	}
	_, filtered := c.f["ResponseFilter"]
	base, _, err := nameFilter(filter, "GroupBaseInfoFilter")
	if err != nil {
		return nil, err
	}
	mem, hasMem, err := nameFilter(filter, "MemberInfoFilter")
	if err != nil {
		return nil, err
	}
	gkeys, hasGKeys, err := nameFilter(filter, "AppDefinedDataFilter_Group")
	if err != nil {
		return nil, err
	}
	mkeys, hasMKeys, err := nameFilter(filter, "AppDefinedDataFilter_GroupMember")
	if err != nil {
		return nil, err
	}
	wantBase := func(f string) bool { return !filtered || inNames(base, f) }
	wantMember := func(f string) bool { return !filtered || inNames(mem, f) }
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	now := c.now.Unix()
	out := struct{ GroupInfo []map[string]any }{GroupInfo: []map[string]any{}}
	for _, id := range ids {
		g, gerr := s.findGroup(c.path, id)
		item := map[string]any{"GroupId": id, "ErrorCode": 0, "ErrorInfo": ""}
		if gerr != nil {
			item["ErrorCode"], item["ErrorInfo"] = gerr.Code, gerr.Info
			out.GroupInfo = append(out.GroupInfo, item)
			continue
		}
		h.baseInfo(g, item, wantBase)
		if !filtered || hasGKeys {
			item["AppDefinedData"] = filterKVs(g.data, gkeys, !filtered)
		}
		if g.Type != typeAVChatRoom && (!filtered || hasMem || hasMKeys) {
			list := make([]map[string]any, 0, len(g.roster))
			for _, m := range g.roster {
				list = append(list, g.memberInfo(m, now, wantMember, mkeys, !filtered, !filtered || hasMKeys))
			}
			item["MemberList"] = list
		}
		out.GroupInfo = append(out.GroupInfo, item)
	}
	return out, nil
}

// modifyGroupBaseInfo implements v4/group_open_http_svc/modify_group_base_info.
func modifyGroupBaseInfo(h *Handler, c *call) (any, *apiError) {
	type text struct {
		name string
		max  int
	}
	texts := []text{{"Name", maxGroupName}, {"Introduction", maxGroupIntro}, {"Notification", maxGroupNotice}, {"FaceUrl", maxGroupFace}}
	values := map[string]string{}
	for _, t := range texts {
		v, st := c.f.str(t.name)
		if st == wrongType || len(v) > t.max || t.name == "Name" && st == valid && v == "" {
			return nil, fail(codeGrpParam, t.name+" is not a string of at most "+strconv.Itoa(t.max)+" bytes")
		}
		if st == valid {
			values[t.name] = v
		}
	}
	maxNum, mst := c.f.int64("MaxMemberNum")
	if mst == wrongType || mst == valid && maxNum < 1 {
		return nil, fail(codeGrpParam, "MaxMemberNum is not a positive integer")
	}
	apply, ast := c.f.str("ApplyJoinOption")
	if ast == wrongType || ast == valid && apply != "FreeAccess" && apply != "NeedPermission" && apply != "DisableApply" {
		return nil, fail(codeGrpParam, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply")
	}
	muteAll, mast := c.f.str("MuteAllMember")
	if mast == wrongType || mast == valid && muteAll != "On" && muteAll != "Off" {
		return nil, fail(codeGrpParam, "MuteAllMember must be On or Off")
	}
	data, _, err := readKVs(c.f, "AppDefinedData", 512)
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
	if mst == valid && g.Type != typeAVChatRoom {
		ceiling := typeMaxMembers
		if g.Type == typeCommunity {
			ceiling = communityMembers
		}
		if maxNum < int64(len(g.members)) {
			return nil, fail(codeGrpParam, "MaxMemberNum is below the group's member count")
		}
		g.MaxMembers = int(min(maxNum, int64(ceiling)))
	}
	if v, ok := values["Name"]; ok {
		g.Name = v
	}
	if v, ok := values["Introduction"]; ok {
		g.Introduction = v
	}
	if v, ok := values["Notification"]; ok {
		g.Notification = v
	}
	if v, ok := values["FaceUrl"]; ok {
		g.FaceURL = v
	}
	if ast == valid && (g.Type == typePublic || g.Type == typeChatRoom) {
		g.ApplyJoin = apply
	}
	if mast == valid {
		g.MuteAll = muteAll == "On"
	}
	g.data = setKVs(g.data, data)
	g.InfoTime = c.now.Unix()
	h.afterGroupInfoChanged(g, values, c)
	return nil, nil
}

// getAppIDGroupList implements v4/group_open_http_svc/get_appid_group_list.
// Next is the creation number of the page's last group; 0 starts the list
// and ends it.
func getAppIDGroupList(h *Handler, c *call) (any, *apiError) {
	limit, st := c.f.int64("Limit")
	if st == wrongType || st == valid && (limit < 0 || limit > maxAppListLimit) {
		return nil, fail(codeGrpParam, "Limit must be an integer from 0 to 10000")
	}
	if st == absent || limit == 0 {
		limit = maxAppListLimit
	}
	next, st := c.f.int64("Next")
	if st == wrongType || next < 0 {
		return nil, fail(codeGrpParam, "Next must be a non-negative integer")
	}
	typ, tst := c.f.str("GroupType")
	if tst == wrongType || tst == valid && groupTypes[typ] == "" && typ != "BChatRoom" {
		return nil, fail(codeGrpParam, "GroupType must be Public, Private, ChatRoom, AVChatRoom, BChatRoom or Community")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.groups.all
	if tst == valid {
		list = s.groups.byType[groupTypes[typ]] // BChatRoom: none
	}
	i := sort.Search(len(list), func(i int) bool { return list[i].order > uint64(next) })
	page := list[i:]
	out := struct {
		TotalCount  int
		GroupIdList []struct{ GroupId string }
		Next        uint64
	}{TotalCount: len(list), GroupIdList: []struct{ GroupId string }{}}
	if int64(len(page)) > limit {
		page = page[:limit]
		out.Next = page[len(page)-1].order
	}
	for _, g := range page {
		out.GroupIdList = append(out.GroupIdList, struct{ GroupId string }{g.ID})
	}
	return out, nil
}

// getJoinedGroupList implements v4/group_open_http_svc/get_joined_group_list.
func getJoinedGroupList(h *Handler, c *call) (any, *apiError) {
	acc, st := c.f.str("Member_Account")
	if st != valid || acc == "" {
		return nil, fail(codeGrpParam, "Member_Account is missing or not a UserID")
	}
	flag := func(name string) (bool, *apiError) {
		n, st := c.f.int64(name)
		if st == wrongType || st == valid && n != 0 && n != 1 {
			return false, fail(codeGrpParam, name+" must be 0 or 1")
		}
		return n == 1, nil
	}
	huge, err := flag("WithHugeGroups")
	if err != nil {
		return nil, err
	}
	inactive, err := flag("WithNoActiveGroups")
	if err != nil {
		return nil, err
	}
	topics, err := flag("SupportTopic")
	if err != nil {
		return nil, err
	}
	_, topicGiven := c.f["SupportTopic"]
	limit, lst := c.f.int64("Limit")
	if lst == wrongType || lst == valid && (limit < 0 || limit > maxJoinedLimit) {
		return nil, fail(codeGrpParam, "Limit must be an integer from 0 to 5000")
	}
	offset, ost := c.f.int64("Offset")
	if ost == wrongType || offset < 0 {
		return nil, fail(codeGrpParam, "Offset must be a non-negative integer")
	}
	typ, tst := c.f.str("GroupType")
	if tst == wrongType {
		return nil, fail(codeGrpParam, "GroupType is not a string")
	}
	filter := fields{}
	_, filtered := c.f["ResponseFilter"]
	if filtered {
		var ok bool
		if filter, ok = object(c.f["ResponseFilter"]); !ok {
			return nil, fail(codeGrpParam, "ResponseFilter is not an object")
		}
	}
	base, _, err := nameFilter(filter, "GroupBaseInfoFilter")
	if err != nil {
		return nil, err
	}
	self, hasSelf, err := nameFilter(filter, "SelfInfoFilter")
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	type joinedGroup struct {
		g *group
		m *member
	}
	var list []joinedGroup
	for g := range s.groups.joined[acc] {
		switch {
		case g.Type == typeAVChatRoom && !huge, !g.active() && !inactive:
			continue
		case tst == valid && g.Type != groupTypes[typ]:
			continue
		case topicGiven && (g.Type != typeCommunity || (g.SupportTopic == 1) != topics):
			continue
		}
		list = append(list, joinedGroup{g, g.members[acc]})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].m.JoinTime != list[j].m.JoinTime {
			return list[i].m.JoinTime < list[j].m.JoinTime
		}
		return list[i].g.order < list[j].g.order
	})
	out := struct {
		TotalCount  int
		GroupIdList []map[string]any
	}{TotalCount: len(list), GroupIdList: []map[string]any{}}
	if offset > int64(len(list)) {
		offset = int64(len(list))
	}
	page := list[offset:]
	if lst == valid && limit > 0 && int64(len(page)) > limit {
		page = page[:limit]
	}
	for _, jg := range page {
		item := map[string]any{"GroupId": jg.g.ID}
		h.baseInfo(jg.g, item, func(f string) bool { return inNames(base, f) })
		if hasSelf {
			info := map[string]any{}
			all := map[string]any{"JoinTime": jg.m.JoinTime, "Role": jg.m.Role, "MsgFlag": jg.m.MsgFlag, "MsgSeq": jg.m.ReadSeq}
			for k, v := range all {
				if inNames(self, k) {
					info[k] = v
				}
			}
			if inNames(self, "UnreadMsgNum") {
				info["UnreadMsgNum"] = jg.g.unread(jg.m)
			}
			item["SelfInfo"] = info
		}
		out.GroupIdList = append(out.GroupIdList, item)
	}
	return out, nil
}

// changeGroupOwner implements v4/group_open_http_svc/change_group_owner.
func changeGroupOwner(h *Handler, c *call) (any, *apiError) {
	acc, st := c.f.str("NewOwner_Account")
	if st != valid || acc == "" {
		return nil, fail(codeGrpParam, "NewOwner_Account is missing or not a UserID")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	m := g.members[acc]
	if m == nil {
		return nil, fail(codeGrpNoPermission, acc+" is not a member of the group")
	}
	if g.Owner == acc {
		return nil, nil
	}
	old := g.Owner
	if prev := g.members[old]; prev != nil {
		prev.Role = roleMember
	}
	m.Role, g.Owner = roleOwner, acc
	h.afterChangeOwner(g, old, acc, c)
	return nil, nil
}
