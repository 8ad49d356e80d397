package emulator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Codes of the profile endpoints (their catalogue entries).
const (
	codeProfileParam      = 40001
	codeProfileNoTo       = 40002
	codeProfileNoAccount  = 40003
	codeProfileNeedsAdmin = 40004
	codeProfileInternal   = 40006
	codeProfileNoTag      = 40009
	codeProfileBadValue   = 40605
	codeProfileBadType    = 40610
)

// profileSvc is the profile service: 40001 for a bad parameter (and for a
// body that is not JSON, as the page's failure sample answers), 40004 for a
// caller who is not an App admin, 40006 for an internal error.
var profileSvc = service{"profile", codeProfileParam, codeProfileNeedsAdmin, codeProfileInternal, codeProfileParam}

// Limits of the profile endpoints (the profile field page, 1047/33520).
const (
	maxProfileAccounts = 100 // portrait_get To_Account
	maxCustomKeyword   = 8   // letters after Tag_Profile_Custom_ or Tag_SNS_Custom_
)

// Standard profile tags other calls read.
const (
	tagNick        = "Tag_Profile_IM_Nick"
	tagImage       = "Tag_Profile_IM_Image"
	tagAllowType   = "Tag_Profile_IM_AllowType"
	tagAdminForbid = "Tag_Profile_IM_AdminForbidType"
)

// Values of the friend-request settings.
const (
	allowNeedConfirm = "AllowType_Type_NeedConfirm"
	allowAny         = "AllowType_Type_AllowAny"
	denyAny          = "AllowType_Type_DenyAny"
	forbidSendOut    = "AdminForbid_Type_SendOut"
)

// profileTag is the type of a standard profile field: a string of at most
// 500 bytes, one of enum (the first is the value of a field never set), or
// a uint32.
type profileTag struct {
	enum   []string
	uint32 bool
}

var standardTags = map[string]profileTag{
	tagNick:                        {},
	"Tag_Profile_IM_Gender":        {enum: []string{"Gender_Type_Unknown", "Gender_Type_Female", "Gender_Type_Male"}},
	"Tag_Profile_IM_BirthDay":      {uint32: true},
	"Tag_Profile_IM_Location":      {},
	"Tag_Profile_IM_SelfSignature": {},
	tagAllowType:                   {enum: []string{allowNeedConfirm, allowAny, denyAny}},
	"Tag_Profile_IM_Language":      {uint32: true},
	tagImage:                       {},
	"Tag_Profile_IM_MsgSettings":   {uint32: true},
	tagAdminForbid:                 {enum: []string{"AdminForbid_Type_None", forbidSendOut}},
	"Tag_Profile_IM_Level":         {uint32: true},
	"Tag_Profile_IM_Role":          {uint32: true},
}

// zero is the value of a field never set.
func (t profileTag) zero() any {
	switch {
	case t.uint32:
		return uint32(0)
	case len(t.enum) > 0:
		return t.enum[0]
	}
	return ""
}

// customName reports whether tag is prefix followed by 1 to 8 letters, the
// documented shape of a custom field's name.
func customName(tag, prefix string) bool {
	kw, ok := strings.CutPrefix(tag, prefix)
	if !ok || len(kw) == 0 || len(kw) > maxCustomKeyword {
		return false
	}
	for i := 0; i < len(kw); i++ {
		if c := kw[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// customTag reports whether tag is a custom field (profile or friend) the
// app defines: well formed and listed in Options.ProfileCustomTags.
func (h *Handler) customTag(tag, prefix string) bool {
	return customName(tag, prefix) && slices.Contains(h.opts.ProfileCustomTags, tag)
}

// profileTagKnown reports whether portrait_get and friend_get_list may name
// tag: a standard profile field or a custom one the app defines.
func (h *Handler) profileTagKnown(tag string) bool {
	_, std := standardTags[tag]
	return std || h.customTag(tag, "Tag_Profile_Custom_")
}

// relations are the profiles and friendships of the app's users: the
// store's relations field.
type relations struct {
	profiles map[string]*profile
	books    map[string]*friendBook // friends.go
}

func newRelations() *relations {
	return &relations{profiles: make(map[string]*profile), books: make(map[string]*friendBook)}
}

// profile holds the fields portrait_set stored for one user, except Nick
// and Image, which live in the account (account_import sets them too).
type profile struct {
	acct   *account // the account it belongs to: a deleted and re-imported account starts afresh
	values map[string]any
}

// profileOf returns id's profile (made when create is set, else nil when
// none is stored); s.mu is held.
func (s *store) profileOf(id string, create bool) *profile {
	acct := s.accounts[id]
	p := s.rel.profiles[id]
	if p != nil && p.acct != acct {
		delete(s.rel.profiles, id)
		p = nil
	}
	if p == nil && create {
		p = &profile{acct: acct, values: make(map[string]any)}
		s.rel.profiles[id] = p
	}
	return p
}

// profileValue returns the value of tag for id, the field's zero value when
// it was never set; s.mu is held.
func (s *store) profileValue(id, tag string) any {
	if a := s.accounts[id]; a != nil {
		switch tag {
		case tagNick:
			return a.Nick
		case tagImage:
			return a.FaceURL
		}
	}
	if p := s.profileOf(id, false); p != nil {
		if v, ok := p.values[tag]; ok {
			return v
		}
	}
	if t, ok := standardTags[tag]; ok {
		return t.zero()
	}
	return ""
}

func (s *store) setProfileValue(id, tag string, v any) {
	if a := s.accounts[id]; a != nil {
		switch tag {
		case tagNick:
			a.Nick = v.(string)
			return
		case tagImage:
			a.FaceURL = v.(string)
			return
		}
	}
	s.profileOf(id, true).values[tag] = v
}

// allowType is how others may add id as a friend; s.mu is held.
func (s *store) allowType(id string) string { return s.profileValue(id, tagAllowType).(string) }

// readProfileValue checks a value portrait_set would store under tag and
// returns it as stored: a string, or a uint32 for the integer fields.
func (h *Handler) readProfileValue(tag string, raw json.RawMessage) (any, *apiError) {
	t, std := standardTags[tag]
	if !std {
		if !h.customTag(tag, "Tag_Profile_Custom_") {
			return nil, fail(codeProfileNoTag, "profile field "+tag+" does not exist")
		}
		v, st := rawString(raw)
		if st != valid {
			return nil, fail(codeProfileBadType, tag+" takes a string")
		}
		if len(v) > maxProfileBytes {
			return nil, fail(codeProfileTooLong, tag+" is over 500 bytes")
		}
		return v, nil
	}
	if t.uint32 {
		n, err := strconv.ParseUint(string(raw), 10, 64)
		if err != nil {
			if _, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
				return nil, fail(codeProfileBadValue, tag+" is a negative integer")
			}
			return nil, fail(codeProfileBadType, tag+" takes an integer")
		}
		if n > 1<<32-1 {
			return nil, fail(codeProfileBadValue, tag+" is over 4294967295")
		}
		return uint32(n), nil
	}
	v, st := rawString(raw)
	if st != valid {
		return nil, fail(codeProfileBadType, tag+" takes a string")
	}
	if len(t.enum) > 0 && !slices.Contains(t.enum, v) {
		return nil, fail(codeProfileBadValue, tag+" takes one of its documented values")
	}
	if len(v) > maxProfileBytes {
		return nil, fail(codeProfileTooLong, tag+" is over 500 bytes")
	}
	return v, nil
}

// tagValue is one profile or friend field in an answer or a callback.
type tagValue struct {
	Tag   string
	Value any
}

// portraitSet implements v4/profile/portrait_set. Every item is checked
// before any is stored: one bad item changes nothing.
func portraitSet(h *Handler, c *call) (any, *apiError) {
	from, st := c.f.str("From_Account")
	if st != valid {
		return nil, fail(codeProfileParam, "From_Account is missing or not a string")
	}
	items, st := c.f.array("ProfileItem")
	if st != valid {
		return nil, fail(codeProfileParam, "ProfileItem is missing or not an array")
	}
	set := make([]tagValue, 0, len(items))
	for _, raw := range items {
		o, ok := object(raw)
		if !ok {
			return nil, fail(codeProfileParam, "ProfileItem holds an item that is not an object")
		}
		tag, st := o.str("Tag")
		value, present := o["Value"]
		if st != valid || !present {
			return nil, fail(codeProfileParam, "a ProfileItem item needs a string Tag and a Value")
		}
		v, err := h.readProfileValue(tag, value)
		if err != nil {
			return nil, err
		}
		set = append(set, tagValue{tag, v})
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(from) {
		return nil, fail(codeProfileNoAccount, "From_Account does not exist")
	}
	for _, tv := range set {
		s.setProfileValue(from, tv.Tag, tv.Value)
	}
	if h.hooks != nil && len(set) > 0 {
		h.after("Profile.CallbackPortraitSet", map[string]any{
			"Operator_Account": c.identifier, "From_Account": from, "ProfileItem": set, "EventTime": c.now.UnixMilli(),
		})
	}
	return nil, nil
}

type userProfile struct {
	To_Account  string
	ProfileItem []tagValue `json:",omitempty"`
	ResultCode  int
	ResultInfo  string
}

// portraitGet implements v4/profile/portrait_get: every requested field of
// every requested user, in the order asked, the zero value for a field
// never set. A user that does not exist gets ResultCode 40003 in its item.
func portraitGet(h *Handler, c *call) (any, *apiError) {
	to, st := c.f.stringArray("To_Account")
	switch {
	case st == absent || st == valid && len(to) == 0:
		return nil, fail(codeProfileNoTo, "To_Account is missing or empty")
	case st != valid:
		return nil, fail(codeProfileParam, "To_Account is not an array of strings")
	case len(to) > maxProfileAccounts:
		return nil, fail(codeProfileParam, "To_Account holds more than 100 accounts")
	}
	tags, st := c.f.stringArray("TagList")
	if st != valid || len(tags) == 0 {
		return nil, fail(codeProfileParam, "TagList is missing, empty or not an array of strings")
	}
	for _, tag := range tags {
		if !h.profileTagKnown(tag) {
			return nil, fail(codeProfileNoTag, "profile field "+tag+" does not exist")
		}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		UserProfileItem []userProfile
		Fail_Account    []string `json:",omitempty"`
	}{UserProfileItem: make([]userProfile, len(to))}
	for i, id := range to {
		u := &out.UserProfileItem[i]
		u.To_Account = id
		if !s.exists(id) {
			u.ResultCode, u.ResultInfo = codeProfileNoAccount, "account does not exist"
			out.Fail_Account = append(out.Fail_Account, id)
			continue
		}
		u.ProfileItem = s.profileItems(id, tags)
	}
	return out, nil
}

// profileItems are id's values of tags, in order; s.mu is held.
func (s *store) profileItems(id string, tags []string) []tagValue {
	items := make([]tagValue, len(tags))
	for i, tag := range tags {
		items[i] = tagValue{tag, s.profileValue(id, tag)}
	}
	return items
}
