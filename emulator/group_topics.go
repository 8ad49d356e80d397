package emulator

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Codes and limits of the topic APIs (their catalogue entries).
const (
	codeTopicNotEnabled = 11000  // not a Community created with SupportTopic 1
	codeTopicIDUsed     = 10025  // create_topic: the custom TopicId is in use
	codeTopicTooMany    = 10037  // over the topic count
	codeTopicGone       = 110003 // destroy_topic, get_topic: no such topic (any more)
	maxTopicName        = 30
	maxTopicIntro       = 240
	maxTopicNotice      = 300
	maxTopicFace        = 100
	maxTopicCustom      = 3000
	maxTopicCustomPart  = 48   // bytes after @TOPIC#_ in a custom TopicId
	maxTopicsPerGroup   = 1000 // the pages give no number; see doc.go
	topicInfix          = "@TOPIC#_"
	generatedTopicInfix = "@TOPIC#_@TOPIC#c"
)

// millionGroupSvc is the service of the topic calls; its pages share the
// group service's codes.
var millionGroupSvc = service{"million_group_open_http_svc", codeGrpParse, codeGrpNoPermission, codeGrpInternal, codeGrpParam}

// topic is one topic of a topic-enabled community: its profile, its own
// messages by MsgSeq (msgs[i] has MsgSeq i+1) and each member's last read
// MsgSeq in it.
type topic struct {
	ID, Name, Introduction, Notification, FaceURL, Custom string
	CreateTime, LastMsgTime                               int64
	MuteAll                                               bool
	order                                                 uint64
	seq                                                   uint32
	msgs                                                  []*groupMsg
	reads                                                 map[string]uint32
}

// groupTopics are a community's topics, by ID and in creation order: the
// group's topics field, made with its first topic; they go with the group.
type groupTopics struct {
	byID  map[string]*topic
	list  []*topic
	count uint64
}

func (ts *groupTopics) add(t *topic) {
	ts.count++
	t.order = ts.count
	ts.byID[t.ID] = t
	ts.list = append(ts.list, t)
}

func (ts *groupTopics) remove(t *topic) {
	delete(ts.byID, t.ID)
	for i, x := range ts.list {
		if x == t {
			ts.list = append(ts.list[:i], ts.list[i+1:]...)
			break
		}
	}
}

// topicOf returns the topic id of g, nil when there is none; s.mu is held.
func (g *group) topicOf(id string) *topic {
	if g.topics == nil {
		return nil
	}
	return g.topics.byID[id]
}

// store appends m to the topic with its next MsgSeq; s.mu is held.
func (t *topic) store(m *groupMsg) {
	t.seq++
	m.Seq = t.seq
	t.msgs = append(t.msgs, m)
	if m.Time > t.LastMsgTime {
		t.LastMsgTime = m.Time
	}
}

// topicGroup finds the community of a topic call: 10015 for an empty
// GroupId, 10010 for none, 11000 for a group that is not a topic-enabled
// community; s.mu is held.
func (s *store) topicGroup(c *call) (*group, *apiError) {
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	if g.Type != typeCommunity || g.SupportTopic != 1 {
		return nil, fail(codeTopicNotEnabled, "group "+g.ID+" is not a Community created with SupportTopic 1")
	}
	return g, nil
}

// topicTarget reads the TopicId of a group message call: nil without one,
// 10004 when g has no topics (the message pages list no 11000), 10010
// when it names none of g's; s.mu is held.
func topicTarget(g *group, c *call) (*topic, *apiError) {
	id, st := c.f.str("TopicId")
	switch {
	case st == absent:
		return nil, nil
	case st != valid || id == "":
		return nil, fail(codeGrpParam, "TopicId is not a topic ID")
	case g.Type != typeCommunity || g.SupportTopic != 1:
		return nil, fail(codeGrpParam, "group "+g.ID+" has no topics")
	}
	t := g.topicOf(id)
	if t == nil {
		return nil, fail(codeGrpNotFound, "topic "+id+" does not exist or was deleted")
	}
	return t, nil
}

// topicProfile is the part of create_topic, import_topic and modify_topic
// that describes the topic; each field is nil when not given.
type topicProfile struct {
	id                                string
	name, intro, notice, face, custom *string
	from                              string
	muteAll                           *bool
}

// readOperator reads From_Account, a UserID the tables type uint64 and the
// samples send as a string: both are taken.
func readOperator(f fields, required bool) (string, *apiError) {
	raw, ok := f["From_Account"]
	if !ok {
		if required {
			return "", fail(codeGrpParam, "From_Account is missing")
		}
		return "", nil
	}
	if s, st := rawString(raw); st == valid {
		if s == "" || len(s) > 32 {
			return "", fail(codeGrpParam, "From_Account is not a UserID")
		}
		return s, nil
	}
	if n, err := strconv.ParseUint(string(raw), 10, 64); err == nil {
		return strconv.FormatUint(n, 10), nil
	}
	return "", fail(codeGrpParam, "From_Account is not a UserID")
}

// readTopicProfile reads the profile fields, with the documented byte
// limits; the name, when given, may not be empty.
func readTopicProfile(c *call) (topicProfile, *apiError) {
	var p topicProfile
	for _, fl := range []struct {
		name string
		max  int
		dst  **string
	}{
		{"TopicName", maxTopicName, &p.name}, {"Introduction", maxTopicIntro, &p.intro},
		{"Notification", maxTopicNotice, &p.notice}, {"FaceUrl", maxTopicFace, &p.face},
		{"CustomString", maxTopicCustom, &p.custom},
	} {
		v, st := c.f.str(fl.name)
		switch {
		case st == absent:
			continue
		case st == wrongType || len(v) > fl.max:
			return p, fail(codeGrpParam, fl.name+" is not a string of at most "+strconv.Itoa(fl.max)+" bytes")
		case fl.name == "TopicName" && v == "":
			return p, fail(codeGrpParam, "TopicName is empty")
		}
		*fl.dst = &v
	}
	if m, st := c.f.str("MuteAllMember"); st == wrongType || st == valid && m != "On" && m != "Off" {
		return p, fail(codeGrpParam, "MuteAllMember must be On or Off")
	} else if st == valid {
		on := m == "On"
		p.muteAll = &on
	}
	from, err := readOperator(c.f, false)
	if err != nil {
		return p, err
	}
	p.from = from
	return p, nil
}

// readNewTopic reads a topic to create: a name, and a custom TopicId, when
// given, of the documented shape: the GroupId, @TOPIC#_ and 1 to 48
// printable ASCII bytes that do not start with @TOPIC#.
func readNewTopic(c *call) (topicProfile, *apiError) {
	p, err := readTopicProfile(c)
	if err != nil {
		return p, err
	}
	if p.name == nil {
		return p, fail(codeGrpParam, "TopicName is missing")
	}
	p.muteAll = nil // set with modify_topic only
	gid, _ := c.f.str("GroupId")
	id, st := c.f.str("TopicId")
	if st == wrongType {
		return p, fail(codeGrpParam, "TopicId is not a string")
	}
	if st == valid {
		part, ok := strings.CutPrefix(id, gid+topicInfix)
		if !ok || gid == "" || !validTopicPart(part) {
			return p, fail(codeGrpParam, "a custom TopicId must be the GroupId, @TOPIC#_ and 1 to 48 printable ASCII bytes not starting with @TOPIC#")
		}
		p.id = id
	}
	return p, nil
}

func validTopicPart(part string) bool {
	if part == "" || len(part) > maxTopicCustomPart || strings.HasPrefix(part, "@TOPIC#") {
		return false
	}
	for i := 0; i < len(part); i++ {
		if part[i] < 0x20 || part[i] > 0x7e {
			return false
		}
	}
	return true
}

// newTopicID makes an ID in the documented generated shape: the GroupId,
// @TOPIC#_@TOPIC#c and eleven capitals or digits.
func (g *group) newTopicID() string {
	for {
		b := []byte(g.ID + generatedTopicInfix)
		for i := 0; i < 11; i++ {
			b = append(b, groupIDChars[rand.IntN(len(groupIDChars))])
		}
		if id := string(b); g.topicOf(id) == nil {
			return id
		}
	}
}

// checkNewTopic checks a new topic against g: the custom ID is free (inUse
// is the caller's code) and the community has room; s.mu is held.
func (g *group) checkNewTopic(p topicProfile, inUse int) *apiError {
	if p.id != "" && g.topicOf(p.id) != nil {
		return fail(inUse, "topic ID "+p.id+" is already in use")
	}
	if g.topics != nil && len(g.topics.list) >= maxTopicsPerGroup {
		return fail(codeTopicTooMany, "the community holds "+strconv.Itoa(maxTopicsPerGroup)+" topics")
	}
	return nil
}

// addTopic stores a topic made from p at time at; s.mu is held.
func (g *group) addTopic(p topicProfile, at int64) *topic {
	if g.topics == nil {
		g.topics = &groupTopics{byID: map[string]*topic{}}
	}
	if p.id == "" {
		p.id = g.newTopicID()
	}
	t := &topic{ID: p.id, CreateTime: at, reads: map[string]uint32{}}
	t.apply(p)
	g.topics.add(t)
	return t
}

// apply sets the profile fields p gives.
func (t *topic) apply(p topicProfile) {
	for _, fl := range []struct {
		v   *string
		dst *string
	}{{p.name, &t.Name}, {p.intro, &t.Introduction}, {p.notice, &t.Notification}, {p.face, &t.FaceURL}, {p.custom, &t.Custom}} {
		if fl.v != nil {
			*fl.dst = *fl.v
		}
	}
	if p.muteAll != nil {
		t.MuteAll = *p.muteAll
	}
}

type topicIDResult struct{ TopicId string }

// createTopic implements v4/million_group_open_http_svc/create_topic. The
// app's answer to Group.CallbackBeforeCreateTopic gates it, as
// create_group's before-callback gates a group.
func createTopic(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	g, err := s.topicGroup(c)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	p, err := readNewTopic(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if p.from != "" && !s.exists(p.from) {
		s.mu.Unlock()
		return nil, fail(codeGrpParam, "From_Account "+p.from+" is not an imported account")
	}
	err = g.checkNewTopic(p, codeTopicIDUsed)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if refusal := h.beforeCreateTopic(p, c); refusal != nil {
		return nil, refusal
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups.byID[g.ID] != g { // disbanded while the app decided
		return nil, fail(codeGrpNotFound, "group "+g.ID+" was disbanded")
	}
	if err := g.checkNewTopic(p, codeTopicIDUsed); err != nil {
		return nil, err
	}
	t := g.addTopic(p, c.now.Unix())
	h.afterCreateTopic(g, t, p, c)
	return topicIDResult{t.ID}, nil
}

// importTopic implements v4/group_open_http_svc/import_topic: a topic made
// as create_topic makes one, with its creation time, and no callback.
func importTopic(h *Handler, c *call) (any, *apiError) {
	if typ, st := c.f.str("Type"); st == wrongType || st == valid && typ != typeCommunity {
		return nil, fail(codeGrpParam, "Type must be Community")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.topicGroup(c)
	if err != nil {
		return nil, err
	}
	p, err := readNewTopic(c)
	if err != nil {
		return nil, err
	}
	at := c.now.Unix()
	if t, st := c.f.int64("CreateTime"); st == wrongType || st == valid && (t < 0 || t > at) {
		return nil, fail(codeGrpParam, "CreateTime is not a UNIX time in the past")
	} else if st == valid {
		at = t
	}
	if p.from != "" && !s.exists(p.from) {
		return nil, fail(codeGrpParam, "From_Account "+p.from+" is not an imported account")
	}
	if err := g.checkNewTopic(p, codeGrpIDTaken); err != nil {
		return nil, err
	}
	return topicIDResult{g.addTopic(p, at).ID}, nil
}

type topicResultItem struct {
	ErrorCode int
	ErrorInfo string
	TopicId   string
}

// destroyTopic implements v4/million_group_open_http_svc/destroy_topic: it
// answers OK with a result per listed topic, 0 for a deleted one and
// 110003 for one that does not exist (or was deleted, or is listed twice).
func destroyTopic(h *Handler, c *call) (any, *apiError) {
	ids, st := c.f.stringArray("TopicIdList")
	if st != valid || len(ids) == 0 {
		return nil, fail(codeGrpParam, "TopicIdList is missing or not a non-empty array of strings")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.topicGroup(c)
	if err != nil {
		return nil, err
	}
	out := struct{ DestroyResultItem []topicResultItem }{make([]topicResultItem, len(ids))}
	var done []string
	for i, id := range ids {
		r := topicResultItem{ErrorInfo: "ok", TopicId: id}
		if t := g.topicOf(id); t != nil {
			g.topics.remove(t)
			done = append(done, id)
		} else {
			r.ErrorCode, r.ErrorInfo = codeTopicGone, "topic "+id+" does not exist or was deleted"
		}
		out.DestroyResultItem[i] = r
	}
	if len(done) > 0 {
		h.afterTopicsDestroyed(g, done)
	}
	return out, nil
}

// topicFields are the TopicInfo fields a ResponseFilter may name; TopicId
// and GroupID always come.
var topicFields = []string{"TopicName", "FaceUrl", "NextMsgSeq", "Notification", "Introduction", "CreateTime", "LastMsgTime", "MuteAllMember", "CustomString"}

// info renders t's TopicInfo with the fields want allows.
func (t *topic) info(g *group, want func(string) bool) map[string]any {
	values := map[string]any{
		"TopicName": t.Name, "FaceUrl": t.FaceURL, "NextMsgSeq": t.seq + 1, "Notification": t.Notification,
		"Introduction": t.Introduction, "CreateTime": t.CreateTime, "LastMsgTime": t.LastMsgTime,
		"MuteAllMember": onOff(t.MuteAll), "CustomString": t.Custom,
	}
	out := map[string]any{"TopicId": t.ID, "GroupID": g.ID}
	for _, f := range topicFields {
		if want(f) {
			out[f] = values[f]
		}
	}
	return out
}

type topicItem struct {
	ErrorCode int
	ErrorInfo string
	SelfInfo  *topicSelf     `json:",omitempty"`
	TopicInfo map[string]any `json:",omitempty"`
}

type topicSelf struct {
	ShutUpTime int64
	MsgSeq     uint32
	MsgFlag    string
}

// getTopic implements v4/million_group_open_http_svc/get_topic: every
// topic in creation order, or the ones TopicIdList names in its order
// (110003 for one that does not exist), each with From_Account's state in
// it.
func getTopic(h *Handler, c *call) (any, *apiError) {
	from, err := readOperator(c.f, true)
	if err != nil {
		return nil, err
	}
	ids, idst := c.f.stringArray("TopicIdList")
	if idst == wrongType {
		return nil, fail(codeGrpParam, "TopicIdList is not an array of strings")
	}
	filter, filtered, err := nameFilter(c.f, "ResponseFilter")
	if err != nil {
		return nil, err
	}
	want := func(f string) bool { return !filtered || inNames(filter, f) }
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.topicGroup(c)
	if err != nil {
		return nil, err
	}
	var list []*topic
	if len(ids) == 0 && g.topics != nil {
		list = g.topics.list
	}
	out := struct{ TopicAndSelfInfo []topicItem }{TopicAndSelfInfo: []topicItem{}}
	self := func(t *topic) *topicSelf {
		me := &topicSelf{ShutUpTime: g.muteUntil(from, c.now.Unix()), MsgSeq: t.reads[from], MsgFlag: "AcceptAndNotify"}
		if m := g.members[from]; m != nil {
			me.MsgFlag = m.MsgFlag
		}
		return me
	}
	for _, t := range list {
		out.TopicAndSelfInfo = append(out.TopicAndSelfInfo, topicItem{ErrorInfo: "ok", SelfInfo: self(t), TopicInfo: t.info(g, want)})
	}
	for _, id := range ids {
		t := g.topicOf(id)
		if t == nil {
			out.TopicAndSelfInfo = append(out.TopicAndSelfInfo, topicItem{ErrorCode: codeTopicGone,
				ErrorInfo: "topic " + id + " does not exist or was deleted", TopicInfo: map[string]any{"TopicId": id}})
			continue
		}
		out.TopicAndSelfInfo = append(out.TopicAndSelfInfo, topicItem{ErrorInfo: "ok", SelfInfo: self(t), TopicInfo: t.info(g, want)})
	}
	return out, nil
}

// modifyTopic implements v4/million_group_open_http_svc/modify_topic: the
// fields given replace the topic's (10010 for a topic that does not
// exist).
func modifyTopic(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("TopicId")
	if st != valid || id == "" {
		return nil, fail(codeGrpParam, "TopicId is missing or not a topic ID")
	}
	p, err := readTopicProfile(c)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.topicGroup(c)
	if err != nil {
		return nil, err
	}
	if p.from != "" && !s.exists(p.from) {
		return nil, fail(codeGrpParam, "From_Account "+p.from+" is not an imported account")
	}
	t := g.topicOf(id)
	if t == nil {
		return nil, fail(codeGrpNotFound, "topic "+id+" does not exist or was deleted")
	}
	var changed map[string]string
	if h.hooks != nil {
		changed = t.reportedChanges(p)
	}
	t.apply(p)
	h.afterTopicInfoChanged(g, t, p, changed, c)
	return nil, nil
}

// The topic callbacks.

// topicOperator is the Operator_Account of a topic callback: the member
// the call names, else the App admin that called.
func topicOperator(p topicProfile, c *call) string {
	if p.from != "" {
		return p.from
	}
	return c.identifier
}

// beforeCreateTopic sends Group.CallbackBeforeCreateTopic; its answer
// gates create_topic as create_group's gates a group.
func (h *Handler) beforeCreateTopic(p topicProfile, c *call) *apiError {
	if h.hooks == nil {
		return nil
	}
	v := h.before("Group.CallbackBeforeCreateTopic", map[string]any{
		"Operator_Account": topicOperator(p, c), "Type": typeCommunity, "Name": *p.name,
	})
	if ok, refusal := h.verdictRefusal(v, false); !ok {
		return refusal
	}
	return nil
}

func (h *Handler) afterCreateTopic(g *group, t *topic, p topicProfile, c *call) {
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackAfterCreateTopic", map[string]any{
		"GroupId": g.ID, "TopicId": t.ID, "Operator_Account": topicOperator(p, c),
		"Owner_Account": ownerOrOperator(g.Owner, c), "Type": g.Type, "Name": t.Name,
	})
}

func (h *Handler) afterTopicsDestroyed(g *group, ids []string) {
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackAfterTopicDestroyed", map[string]any{"GroupId": g.ID, "Type": g.Type, "TopicIdList": ids})
}

// reportedChanges returns the fields of Group.CallbackAfterTopicInfoChanged
// (name, introduction, notice, picture) whose values p changes in t, with
// their new values; a field given with the value t has is no change.
func (t *topic) reportedChanges(p topicProfile) map[string]string {
	var out map[string]string
	for _, fl := range []struct {
		name string
		v    *string
		old  string
	}{{"Name", p.name, t.Name}, {"Introduction", p.intro, t.Introduction}, {"Notification", p.notice, t.Notification}, {"FaceUrl", p.face, t.FaceURL}} {
		if fl.v != nil && *fl.v != fl.old {
			if out == nil {
				out = map[string]string{}
			}
			out[fl.name] = *fl.v
		}
	}
	return out
}

// afterTopicInfoChanged reports the changed name, introduction, notice or
// picture of a topic with their new values; a modify_topic that changes
// none of them (other fields, or the values the topic had) fires nothing.
func (h *Handler) afterTopicInfoChanged(g *group, t *topic, p topicProfile, changed map[string]string, c *call) {
	if h.hooks == nil || len(changed) == 0 {
		return
	}
	body := map[string]any{"GroupId": g.ID, "TopicId": t.ID, "Type": g.Type, "Operator_Account": topicOperator(p, c)}
	for k, v := range changed {
		body[k] = v
	}
	h.after("Group.CallbackAfterTopicInfoChanged", body)
}

// topicHistory returns the messages of a group_msg_get_simple call: the
// topic's when it names one; s.mu is held.
func topicHistory(g *group, c *call) ([]*groupMsg, *apiError) {
	t, err := topicTarget(g, c)
	if err != nil || t == nil {
		return g.msgs, err
	}
	return t.msgs, nil
}

// mayPostInTopic adds the topic's own mute-all to mayPost: with
// MuteAllMember On only the owner, admins and the App admin speak; s.mu is
// held.
func (s *store) mayPostInTopic(g *group, t *topic, from string) *apiError {
	if t == nil || !t.MuteAll || from == "" || s.admins[from] {
		return nil
	}
	if m := g.members[from]; m == nil || m.Role == roleMember {
		return fail(codeGrpMuted, "every member is muted in the topic")
	}
	return nil
}

// postInTopic stores a sent message in its topic, which may have been
// deleted while the app decided, and moves the sender's read MsgSeq there
// to it; s.mu is held.
func postInTopic(g *group, t *topic, m *groupMsg) (uint32, *apiError) {
	if g.topicOf(t.ID) != t {
		return 0, fail(codeGrpNotFound, "topic "+t.ID+" was deleted")
	}
	t.store(m)
	t.reads[m.From] = m.Seq
	return m.Seq, nil
}
