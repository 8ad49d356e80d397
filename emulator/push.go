package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Limits of push to all users (the all_member_push catalogue entries and
// the push overview).
const (
	maxAttrNames     = 10  // an app's attribute numbers, "0" to "9"
	maxAttrBytes     = 50  // an attribute name or value
	maxTagBytes      = 50  // a tag
	maxTagsPerAdd    = 10  // tags one user gets in one im_add_tag item
	maxTagsPerUser   = 100 // tags one user holds
	maxTagsPerCond   = 10  // tags in TagsAnd or in TagsOr
	maxPushUsers     = 100 // users one attribute or tag call names
	maxPushesPerDay  = 100 // the default daily quota of im_push
	pushInterval     = time.Second
	pushSenderRecord = 4096 // senders whose last push time is remembered
)

// Codes of push to all users (the im_push page's table, shared by the
// attribute and tag calls).
const (
	codePushParse      = 90001
	codePushNeedsAdmin = 90009
	codePushInternal   = 91000
	codePushTooMany    = 90018 // more than 100 accounts
	codeTagTooLong     = 90020
	codeTagRepeated    = 90022
	codePushTooOften   = 90024
	codePushLifeTime   = 90026
	codeTooManyTags    = 90032
	codeBadAttr        = 90033
	codeAttrsAndTags   = 90039
	codeEmptyTag       = 90040
	codePushQuota      = 90047
)

// pushSvc is all_member_push: 90001 for a body that is not JSON (or too
// long), 90009 for a caller who is not an App admin, 91000 internal.
var pushSvc = service{"all_member_push", codePushParse, codePushNeedsAdmin, codePushInternal, codePushParse}

// beijing is the time zone of the service's dates and hours (push quota
// days, getappinfo's Date, get_history's MsgTime): China Standard Time.
var beijing = time.FixedZone("UTC+8", 8*3600)

// appState is the state of push to all users, operations and chatbots,
// each part in its own file; s.mu guards it (the alert windows excepted,
// see opsState).
type appState struct {
	push pushState
	ops  opsState
	bots botState
}

func newAppState() *appState {
	return &appState{
		push: pushState{
			attrIndex: map[string]int{},
			attrs:     map[string]map[string]string{},
			attrUsers: map[string]map[string]map[string]bool{},
			tags:      map[string][]string{},
			tagUsers:  map[string]map[string]bool{},
			records:   map[string]*Push{},
			lastPush:  map[string]time.Time{},
		},
		ops:  opsState{days: map[string]*dayStats{}, files: map[string]*historyFile{}, alerted: map[string]time.Time{}},
		bots: botState{byID: map[string]*bot{}},
	}
}

// pushState holds the app's attribute names, the users' attributes and
// tags, indexed by value so a push finds its recipients without a scan, and
// the record of every push.
type pushState struct {
	attrNames [maxAttrNames]string                  // by number; "" is unset
	attrIndex map[string]int                        // name → number
	attrs     map[string]map[string]string          // user → name → value
	attrUsers map[string]map[string]map[string]bool // name → value → users
	tags      map[string][]string                   // user → tags, in the order added
	tagUsers  map[string]map[string]bool            // tag → users
	records   map[string]*Push                      // TaskId → push
	lastPush  map[string]time.Time                  // sender → its last accepted push
	seq       uint64                                // pushes accepted so far
	day       string                                // the quota's day, YYYYMMDD
	today     int                                   // pushes accepted on day
}

// Push is one push to all users as the emulator recorded it, for the
// control API: who sent it and which accounts it reached.
type Push struct {
	TaskID      string          `json:"TaskId"`
	From        string          `json:"From_Account"`
	MsgRandom   uint32          `json:"MsgRandom"`
	MsgLifeTime int64           `json:"MsgLifeTime"`
	MsgTime     int64           `json:"MsgTime"`
	Condition   json.RawMessage `json:"Condition,omitempty"`
	MsgBody     json.RawMessage `json:"MsgBody"`
	// Recipients are the accounts the push reached, sorted.
	Recipients []string `json:"Recipients"`
}

func (p *pushState) setAttr(user, name, value string) {
	if old, ok := p.attrs[user][name]; ok {
		delete(p.attrUsers[name][old], user)
	}
	if p.attrs[user] == nil {
		p.attrs[user] = map[string]string{}
	}
	p.attrs[user][name] = value
	if p.attrUsers[name] == nil {
		p.attrUsers[name] = map[string]map[string]bool{}
	}
	if p.attrUsers[name][value] == nil {
		p.attrUsers[name][value] = map[string]bool{}
	}
	p.attrUsers[name][value][user] = true
}

func (p *pushState) removeAttr(user, name string) {
	old, ok := p.attrs[user][name]
	if !ok {
		return
	}
	delete(p.attrs[user], name)
	delete(p.attrUsers[name][old], user)
}

func (p *pushState) addTag(user, tag string) {
	if slices.Contains(p.tags[user], tag) {
		return
	}
	p.tags[user] = append(p.tags[user], tag)
	if p.tagUsers[tag] == nil {
		p.tagUsers[tag] = map[string]bool{}
	}
	p.tagUsers[tag][user] = true
}

func (p *pushState) removeTag(user, tag string) {
	if i := slices.Index(p.tags[user], tag); i >= 0 {
		p.tags[user] = slices.Delete(p.tags[user], i, i+1)
		delete(p.tagUsers[tag], user)
	}
}

// pushAccounts reads To_Account of the get and remove-all calls: an array
// of 1 to 100 strings.
func pushAccounts(f fields) ([]string, *apiError) {
	ids, st := f.stringArray("To_Account")
	if st != valid || len(ids) == 0 {
		return nil, fail(codePushParse, "To_Account must be a non-empty array of UserIDs")
	}
	if len(ids) > maxPushUsers {
		return nil, fail(codePushTooMany, "To_Account lists more than 100 accounts")
	}
	return ids, nil
}

// pushItems reads UserAttrs or UserTags: an array of 1 to 100 objects,
// each with a To_Account string and the field named inner.
func pushItems(f fields, name, inner string) ([]string, []json.RawMessage, *apiError) {
	items, st := f.array(name)
	if st != valid || len(items) == 0 {
		return nil, nil, fail(codePushParse, name+" must be a non-empty array")
	}
	if len(items) > maxPushUsers {
		return nil, nil, fail(codePushTooMany, name+" lists more than 100 accounts")
	}
	ids := make([]string, len(items))
	values := make([]json.RawMessage, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, nil, fail(codePushParse, name+" items must be objects")
		}
		id, st := o.str("To_Account")
		if st != valid || id == "" {
			return nil, nil, fail(codePushParse, name+" item To_Account is missing or not a string")
		}
		raw, ok := o[inner]
		if !ok {
			return nil, nil, fail(codePushParse, name+" item "+inner+" is missing")
		}
		ids[i], values[i] = id, raw
	}
	return ids, values, nil
}

// knownAccounts checks that every account was imported; s.mu is held.
func (s *store) knownAccounts(ids []string) *apiError {
	for _, id := range ids {
		if !s.exists(id) {
			return fail(codeAccountMissing, "account "+id+" does not exist")
		}
	}
	return nil
}

// setAttrName implements v4/all_member_push/im_set_attr_name. Only the
// numbers named change; a name may be used by one number only.
func setAttrName(h *Handler, c *call) (any, *apiError) {
	names, ok := object(c.f["AttrNames"])
	if !ok || len(names) == 0 || len(names) > maxAttrNames {
		return nil, fail(codePushParse, "AttrNames must be an object of 1 to 10 attribute numbers")
	}
	set := map[int]string{}
	for k, raw := range names {
		n, err := strconv.Atoi(k)
		if err != nil || len(k) != 1 || n < 0 || n >= maxAttrNames {
			return nil, fail(codePushParse, "attribute numbers are \"0\" to \"9\", not "+strconv.Quote(k))
		}
		name, st := rawString(raw)
		if st != valid || name == "" || len(name) > maxAttrBytes {
			return nil, fail(codePushParse, "attribute "+k+" must be named by a string of 1 to 50 bytes")
		}
		set[n] = name
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &s.app.push
	next := p.attrNames
	for n, name := range set {
		next[n] = name
	}
	seen := map[string]bool{}
	for _, name := range next {
		if name != "" && seen[name] {
			return nil, fail(codePushParse, "the attribute name "+strconv.Quote(name)+" would name two attributes")
		}
		seen[name] = true
	}
	p.attrNames = next
	clear(p.attrIndex)
	for n, name := range next {
		if name != "" {
			p.attrIndex[name] = n
		}
	}
	return nil, nil
}

// getAttrName implements v4/all_member_push/im_get_attr_name.
func getAttrName(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for n, name := range s.app.push.attrNames {
		if name != "" {
			out[strconv.Itoa(n)] = name
		}
	}
	return struct{ AttrNames map[string]string }{out}, nil
}

// setAttr implements v4/all_member_push/im_set_attr: the values of
// attributes the app has named; nothing changes when one item is bad.
func setAttr(h *Handler, c *call) (any, *apiError) {
	ids, raws, err := pushItems(c.f, "UserAttrs", "Attrs")
	if err != nil {
		return nil, err
	}
	sets := make([]fields, len(raws))
	for i, raw := range raws {
		o, ok := object(raw)
		if !ok || len(o) > maxAttrNames {
			return nil, fail(codePushParse, "UserAttrs item Attrs must be an object of at most 10 attributes")
		}
		sets[i] = o
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	p := &s.app.push
	values := make([]map[string]string, len(sets))
	for i, o := range sets {
		values[i] = map[string]string{}
		for name, raw := range o {
			v, st := rawString(raw)
			if _, defined := p.attrIndex[name]; !defined || st != valid || len(v) > maxAttrBytes {
				return nil, fail(codeBadAttr, "attribute "+strconv.Quote(name)+" is not one of the app's, or its value is not a string of at most 50 bytes")
			}
			values[i][name] = v
		}
	}
	for i, id := range ids {
		for name, v := range values[i] {
			p.setAttr(id, name, v)
		}
	}
	return nil, nil
}

type userAttrs struct {
	To_Account string
	Attrs      map[string]string
}

// getAttr implements v4/all_member_push/im_get_attr: each account's
// values of the attributes the app names now, {} for none.
func getAttr(h *Handler, c *call) (any, *apiError) {
	ids, err := pushAccounts(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	p := &s.app.push
	out := make([]userAttrs, len(ids))
	for i, id := range ids {
		out[i] = userAttrs{To_Account: id, Attrs: map[string]string{}}
		for name, v := range p.attrs[id] {
			if _, defined := p.attrIndex[name]; defined {
				out[i].Attrs[name] = v
			}
		}
	}
	return struct{ UserAttrs []userAttrs }{out}, nil
}

// removeAttr implements v4/all_member_push/im_remove_attr. Removing an
// attribute the user does not have changes nothing.
func removeAttr(h *Handler, c *call) (any, *apiError) {
	ids, raws, err := pushItems(c.f, "UserAttrs", "Attrs")
	if err != nil {
		return nil, err
	}
	lists := make([][]string, len(raws))
	for i, raw := range raws {
		names, st := fields{"Attrs": raw}.stringArray("Attrs")
		if st != valid {
			return nil, fail(codePushParse, "UserAttrs item Attrs must be an array of attribute names")
		}
		lists[i] = names
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	p := &s.app.push
	for _, names := range lists {
		for _, name := range names {
			if _, defined := p.attrIndex[name]; !defined {
				return nil, fail(codeBadAttr, "attribute "+strconv.Quote(name)+" is not one of the app's")
			}
		}
	}
	for i, id := range ids {
		for _, name := range lists[i] {
			p.removeAttr(id, name)
		}
	}
	return nil, nil
}

// readTags reads the Tags of UserTags items: strings of 1 to 50 bytes.
func readTags(raws []json.RawMessage, limit int) ([][]string, *apiError) {
	out := make([][]string, len(raws))
	for i, raw := range raws {
		tags, st := fields{"Tags": raw}.stringArray("Tags")
		if st != valid {
			return nil, fail(codePushParse, "UserTags item Tags must be an array of strings")
		}
		if limit > 0 && len(tags) > limit {
			return nil, fail(codeTooManyTags, "a user gets at most 10 tags in one request")
		}
		for _, t := range tags {
			if t == "" {
				return nil, fail(codePushParse, "a tag is empty")
			}
			if len(t) > maxTagBytes {
				return nil, fail(codeTagTooLong, "tag "+strconv.Quote(t)+" is over 50 bytes")
			}
		}
		out[i] = tags
	}
	return out, nil
}

// addTag implements v4/all_member_push/im_add_tag. A tag the user has
// already is kept once; a user holds at most 100 tags.
func addTag(h *Handler, c *call) (any, *apiError) {
	ids, raws, err := pushItems(c.f, "UserTags", "Tags")
	if err != nil {
		return nil, err
	}
	lists, err := readTags(raws, maxTagsPerAdd)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	p := &s.app.push
	after := map[string]map[string]bool{}
	for i, id := range ids {
		if after[id] == nil {
			after[id] = map[string]bool{}
			for _, t := range p.tags[id] {
				after[id][t] = true
			}
		}
		for _, t := range lists[i] {
			after[id][t] = true
		}
		if len(after[id]) > maxTagsPerUser {
			return nil, fail(codeTooManyTags, "account "+id+" would hold more than 100 tags")
		}
	}
	for i, id := range ids {
		for _, t := range lists[i] {
			p.addTag(id, t)
		}
	}
	return nil, nil
}

type userTags struct {
	To_Account string
	Tags       []string
}

// getTag implements v4/all_member_push/im_get_tag: each account's tags in
// the order they were added, [] for none.
func getTag(h *Handler, c *call) (any, *apiError) {
	ids, err := pushAccounts(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	out := make([]userTags, len(ids))
	for i, id := range ids {
		out[i] = userTags{To_Account: id, Tags: append([]string{}, s.app.push.tags[id]...)}
	}
	return struct{ UserTags []userTags }{out}, nil
}

// removeTag implements v4/all_member_push/im_remove_tag. Removing a tag the
// user does not have changes nothing.
func removeTag(h *Handler, c *call) (any, *apiError) {
	ids, raws, err := pushItems(c.f, "UserTags", "Tags")
	if err != nil {
		return nil, err
	}
	lists, err := readTags(raws, 0)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	for i, id := range ids {
		for _, t := range lists[i] {
			s.app.push.removeTag(id, t)
		}
	}
	return nil, nil
}

// removeAllTags implements v4/all_member_push/im_remove_all_tags.
func removeAllTags(h *Handler, c *call) (any, *apiError) {
	ids, err := pushAccounts(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.knownAccounts(ids); err != nil {
		return nil, err
	}
	p := &s.app.push
	for _, id := range ids {
		for _, t := range p.tags[id] {
			delete(p.tagUsers[t], id)
		}
		delete(p.tags, id)
	}
	return nil, nil
}

// pushCondition is im_push's Condition, read.
type pushCondition struct {
	attrsAnd, attrsOr map[string]string
	tagsAnd, tagsOr   []string
}

func (pc pushCondition) empty() bool {
	return len(pc.attrsAnd)+len(pc.attrsOr)+len(pc.tagsAnd)+len(pc.tagsOr) == 0
}

// readCondition reads Condition as its page documents: attribute and tag
// conditions never together (90039), at most 10 tags a list (90032), no
// empty (90040), over-long (90020) or repeated (90022) tag, attribute
// values of at most 50 bytes (90033). Attribute names are checked against
// the app's under the lock (pushTo).
func readCondition(f fields) (pushCondition, *apiError) {
	var pc pushCondition
	raw, present := f["Condition"]
	if !present {
		return pc, nil
	}
	cf, ok := object(raw)
	if !ok {
		return pc, fail(codePushParse, "Condition is not an object")
	}
	_, ao := cf["AttrsOr"]
	_, aa := cf["AttrsAnd"]
	_, to := cf["TagsOr"]
	_, ta := cf["TagsAnd"]
	if (ao || aa) && (to || ta) {
		return pc, fail(codeAttrsAndTags, "attribute and tag conditions cannot be used together")
	}
	attrs := func(name string) (map[string]string, *apiError) {
		raw, ok := cf[name]
		if !ok {
			return nil, nil
		}
		o, ok := object(raw)
		if !ok {
			return nil, fail(codePushParse, "Condition."+name+" is not an object")
		}
		if len(o) > maxAttrNames {
			return nil, fail(codeBadAttr, "Condition."+name+" names more than 10 attributes")
		}
		out := map[string]string{}
		for k, rv := range o {
			v, st := rawString(rv)
			if st != valid || len(v) > maxAttrBytes {
				return nil, fail(codeBadAttr, "Condition."+name+" value of "+strconv.Quote(k)+" is not a string of at most 50 bytes")
			}
			out[k] = v
		}
		return out, nil
	}
	tags := func(name string) ([]string, *apiError) {
		list, st := cf.stringArray(name)
		switch {
		case st == absent:
			return nil, nil
		case st != valid:
			return nil, fail(codePushParse, "Condition."+name+" is not an array of strings")
		case len(list) > maxTagsPerCond:
			return nil, fail(codeTooManyTags, "Condition."+name+" has more than 10 tags")
		}
		for _, t := range list {
			if t == "" {
				return nil, fail(codeEmptyTag, "Condition."+name+" has an empty tag")
			}
			if len(t) > maxTagBytes {
				return nil, fail(codeTagTooLong, "Condition."+name+" tag "+strconv.Quote(t)+" is over 50 bytes")
			}
		}
		return list, nil
	}
	var err *apiError
	if pc.attrsAnd, err = attrs("AttrsAnd"); err != nil {
		return pc, err
	}
	if pc.attrsOr, err = attrs("AttrsOr"); err != nil {
		return pc, err
	}
	if pc.tagsAnd, err = tags("TagsAnd"); err != nil {
		return pc, err
	}
	if pc.tagsOr, err = tags("TagsOr"); err != nil {
		return pc, err
	}
	seen := map[string]bool{}
	for _, t := range slices.Concat(pc.tagsAnd, pc.tagsOr) {
		if seen[t] {
			return pc, fail(codeTagRepeated, "tag "+strconv.Quote(t)+" is repeated in the conditions")
		}
		seen[t] = true
	}
	return pc, nil
}

// imPush implements v4/all_member_push/im_push. Without a condition the
// push reaches every imported account; TagsAnd and AttrsAnd need every
// tag or attribute value given, TagsOr and AttrsOr one of them, and both
// kinds of list together must both hold. The sender, App admins and
// chatbots are never recipients; with MsgLifeTime 0 only accounts with a
// client Online are. A sender's pushes must be more than a second apart
// (90024) and the app makes at most 100 a day (90047). Each push is
// recorded for the control API; nothing reaches a conversation's history.
func imPush(h *Handler, c *call) (any, *apiError) {
	from := c.identifier
	if raw, ok := c.f["From_Account"]; ok {
		v, st := rawString(raw)
		if st != valid || v == "" {
			return nil, fail(codePushParse, "From_Account is not a non-empty string")
		}
		from = v
	}
	random, st := c.f.uint32("MsgRandom")
	if st != valid {
		return nil, fail(codeMsgRandom, "MsgRandom is missing or not a 32-bit unsigned integer")
	}
	body, err := readMsgBody(c.f)
	if err != nil {
		return nil, err
	}
	lifetime, st := c.f.int64("MsgLifeTime")
	switch {
	case st == wrongType:
		return nil, fail(codePushParse, "MsgLifeTime is not an integer")
	case lifetime < 0 || lifetime > maxMsgLifeTime:
		return nil, fail(codePushLifeTime, "MsgLifeTime must be 0 to 604800 seconds")
	}
	if raw, ok := c.f["OfflinePushInfo"]; ok {
		if _, ok := object(raw); !ok {
			return nil, fail(codePushParse, "OfflinePushInfo is not an object")
		}
	}
	cond, err := readCondition(c.f)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeAccountMissing, "From_Account "+from+" does not exist")
	}
	p := &s.app.push
	for _, m := range []map[string]string{cond.attrsAnd, cond.attrsOr} {
		for name := range m {
			if _, defined := p.attrIndex[name]; !defined {
				return nil, fail(codeBadAttr, "attribute "+strconv.Quote(name)+" is not one of the app's")
			}
		}
	}
	if day := c.now.In(beijing).Format("20060102"); day != p.day {
		p.day, p.today = day, 0
	}
	if p.today >= maxPushesPerDay {
		return nil, fail(codePushQuota, "the app has made its 100 pushes of the day")
	}
	if last, ok := p.lastPush[from]; ok && !c.now.After(last.Add(pushInterval)) {
		return nil, fail(codePushTooOften, "pushes of one sender must be more than a second apart")
	}
	if len(p.lastPush) >= pushSenderRecord {
		clear(p.lastPush) // older than the interval by far, for any rate the quota allows
	}
	p.lastPush[from] = c.now
	p.today++
	p.seq++
	rec := &Push{
		TaskID: strconv.FormatUint(h.opts.SDKAppID, 10) + "_" + strconv.FormatUint(p.seq, 10) + "_" +
			strconv.FormatUint(uint64(random), 10) + "_" + strconv.FormatInt(c.now.Unix(), 10),
		From: from, MsgRandom: random, MsgLifeTime: lifetime, MsgTime: c.now.Unix(),
		Condition: c.f["Condition"], MsgBody: body,
		Recipients: s.pushTo(cond, from, lifetime == 0),
	}
	p.records[rec.TaskID] = rec
	return struct{ TaskId string }{rec.TaskID}, nil
}

// pushTo lists the accounts a push reaches, sorted; s.mu is held. Tag and
// attribute conditions are looked up in their indexes.
func (s *store) pushTo(cond pushCondition, from string, onlineOnly bool) []string {
	p := &s.app.push
	var cands map[string]bool // nil: every account
	narrow := func(set map[string]bool) {
		if cands == nil {
			cands = maps.Clone(set)
			if cands == nil {
				cands = map[string]bool{}
			}
			return
		}
		for u := range cands {
			if !set[u] {
				delete(cands, u)
			}
		}
	}
	union := func(sets []map[string]bool) map[string]bool {
		out := map[string]bool{}
		for _, set := range sets {
			for u := range set {
				out[u] = true
			}
		}
		return out
	}
	if !cond.empty() {
		for _, t := range cond.tagsAnd {
			narrow(p.tagUsers[t])
		}
		if len(cond.tagsOr) > 0 {
			var sets []map[string]bool
			for _, t := range cond.tagsOr {
				sets = append(sets, p.tagUsers[t])
			}
			narrow(union(sets))
		}
		for name, v := range cond.attrsAnd {
			narrow(p.attrUsers[name][v])
		}
		if len(cond.attrsOr) > 0 {
			var sets []map[string]bool
			for name, v := range cond.attrsOr {
				sets = append(sets, p.attrUsers[name][v])
			}
			narrow(union(sets))
		}
	}
	reaches := func(u string) bool {
		return u != from && s.accounts[u] != nil && !s.isBot(u) &&
			(!onlineOnly || s.sessions.state(u) == StateOnline)
	}
	out := []string{}
	if cands == nil {
		for u := range s.accounts {
			if reaches(u) {
				out = append(out, u)
			}
		}
	} else {
		for u := range cands {
			if reaches(u) {
				out = append(out, u)
			}
		}
	}
	sort.Strings(out)
	return out
}

// servePush answers GET /chatconform/v1/pushes?TaskId=…: the push's record.
func (h *Handler) servePush(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("TaskId")
	s := h.store
	s.mu.Lock()
	rec := s.app.push.records[id]
	var out []byte
	if rec != nil {
		out, _ = json.Marshal(rec)
	}
	s.mu.Unlock()
	if rec == nil {
		controlReply(w, http.StatusNotFound, map[string]string{"error": "no push with TaskId " + id})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// controlReply writes a control API answer: JSON with the status given.
func controlReply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
