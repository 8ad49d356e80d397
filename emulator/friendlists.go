package emulator

import "slices"

// Limits of friend lists (the relationship-chain page, trtc.io/document/33521).
const (
	maxFriendLists    = 32 // lists per account
	maxListNameBytes  = 30
	maxRelationItems  = 1000 // accounts one blocklist call may name
	needFriendMembers = "Need_Friend_Type_Yes"
)

// Codes of the relationship (sns) endpoints: their catalogue entries.
const (
	codeSNSParam        = 30001
	codeSNSNoAccount    = 30003
	codeSNSListLimit    = 30011
	codeSNSBlockLimit   = 30013
	codeSNSListNotFrien = 32216 // group_add: To_Account is not a friend
)

// friendLists are every account's friend lists (the sns group_* calls).
// Friendships themselves are kept by friends.go; a list only groups an
// owner's friends, and a member whose friendship ended is not shown.
type friendLists struct {
	byOwner map[string]*ownerLists
}

// ownerLists are one account's friend lists, in the order created.
type ownerLists struct {
	names   []string
	members map[string][]string // list name -> friends, in the order added
	seq     uint64              // CurrentSequence: one more per change
}

func newFriendLists() *friendLists { return &friendLists{byOwner: map[string]*ownerLists{}} }

func (fl *friendLists) of(owner string) *ownerLists {
	ol := fl.byOwner[owner]
	if ol == nil {
		ol = &ownerLists{members: map[string][]string{}}
		fl.byOwner[owner] = ol
	}
	return ol
}

// validListName reports whether name may name a friend list: 1 to 30 bytes.
func validListName(name string) bool { return name != "" && len(name) <= maxListNameBytes }

// create adds the lists of names that do not exist yet; past the cap it
// changes nothing and answers 30011.
func (ol *ownerLists) create(names []string) *apiError {
	var fresh []string
	for _, n := range names {
		if _, ok := ol.members[n]; !ok && !slices.Contains(fresh, n) {
			fresh = append(fresh, n)
		}
	}
	if len(ol.names)+len(fresh) > maxFriendLists {
		return fail(codeSNSListLimit, "an account holds at most 32 friend lists")
	}
	for _, n := range fresh {
		ol.names = append(ol.names, n)
		ol.members[n] = nil
	}
	if len(fresh) > 0 {
		ol.seq++
	}
	return nil
}

// put adds friend to the list name, which exists.
func (ol *ownerLists) put(name, friend string) {
	if !slices.Contains(ol.members[name], friend) {
		ol.members[name] = append(ol.members[name], friend)
	}
}

// putInLists puts friend in owner's lists of names, creating those that do
// not exist, for the friend calls that name lists (friend_add,
// friend_import, friend_update); s.mu is held. A name that is empty or
// over 30 bytes answers 30001, more than 32 lists 30011, and either
// changes nothing.
func (s *store) putInLists(owner, friend string, names []string) *apiError {
	for _, n := range names {
		if !validListName(n) {
			return fail(codeSNSParam, "a friend list name must be 1 to 30 bytes")
		}
	}
	ol := s.lists.of(owner)
	if err := ol.create(names); err != nil {
		return err
	}
	for _, n := range names {
		ol.put(n, friend)
	}
	ol.seq++
	return nil
}

// listsOf returns the names of owner's lists that hold friend, in the
// order the lists were created; s.mu is held.
func (s *store) listsOf(owner, friend string) []string {
	ol := s.lists.byOwner[owner]
	if ol == nil {
		return nil
	}
	var out []string
	for _, n := range ol.names {
		if slices.Contains(ol.members[n], friend) {
			out = append(out, n)
		}
	}
	return out
}

// dropFromLists takes friend out of every list of owner, for the calls
// that end a friendship (friend_delete, black_list_add); s.mu is held.
func (s *store) dropFromLists(owner, friend string) {
	ol := s.lists.byOwner[owner]
	if ol == nil {
		return
	}
	changed := false
	for _, n := range ol.names {
		if i := slices.Index(ol.members[n], friend); i >= 0 {
			ol.members[n] = slices.Delete(ol.members[n], i, i+1)
			changed = true
		}
	}
	if changed {
		ol.seq++
	}
}

// snsAccount reads a required account field of the sns calls: missing,
// not a string or empty answers 30001, an account that does not exist
// 30003; s.mu is held.
func (s *store) snsAccount(f fields, name string) (string, *apiError) {
	id, st := f.str(name)
	if st != valid || id == "" {
		return "", fail(codeSNSParam, name+" is missing or not a non-empty string")
	}
	if !s.exists(id) {
		return "", fail(codeSNSNoAccount, name+" does not exist")
	}
	return id, nil
}

// snsNames reads a required array of friend list names: missing, not an
// array of strings or empty answers 30001, and so does a name that is
// empty or over 30 bytes.
func snsNames(f fields, name string, checkLength bool) ([]string, *apiError) {
	names, st := f.stringArray(name)
	if st != valid || len(names) == 0 {
		return nil, fail(codeSNSParam, name+" is missing or not a non-empty array of strings")
	}
	for _, n := range names {
		if checkLength && !validListName(n) {
			return nil, fail(codeSNSParam, "a friend list name must be 1 to 30 bytes")
		}
	}
	return names, nil
}

type snsResult struct {
	To_Account string
	ResultCode int
	ResultInfo string
}

// groupAdd implements v4/sns/group_add: new friend lists, and the friends
// of To_Account put in every one of them.
func groupAdd(h *Handler, c *call) (any, *apiError) {
	names, err := snsNames(c.f, "GroupName", true)
	if err != nil {
		return nil, err
	}
	to, st := c.f.stringArray("To_Account")
	if st == wrongType {
		return nil, fail(codeSNSParam, "To_Account is not an array of strings")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	ol := s.lists.of(from)
	seen := map[string]bool{}
	for _, n := range names {
		if _, exists := ol.members[n]; exists || seen[n] {
			return nil, fail(codeSNSParam, "friend list "+n+" already exists")
		}
		seen[n] = true
	}
	if err := ol.create(names); err != nil {
		return nil, err
	}
	var out struct {
		ResultItem      []snsResult `json:",omitempty"`
		Fail_Account    []string    `json:",omitempty"`
		CurrentSequence uint64
	}
	for _, id := range to {
		if !s.isFriend(from, id) {
			out.ResultItem = append(out.ResultItem, snsResult{id, codeSNSListNotFrien, "Err_SNS_GroupAdd_ToTinyId_Not_Friend"})
			out.Fail_Account = append(out.Fail_Account, id)
			continue
		}
		for _, n := range names {
			ol.put(n, id)
		}
		out.ResultItem = append(out.ResultItem, snsResult{To_Account: id})
	}
	out.CurrentSequence = ol.seq
	return out, nil
}

// groupDelete implements v4/sns/group_delete. The friends in a deleted
// list stay friends.
func groupDelete(h *Handler, c *call) (any, *apiError) {
	names, err := snsNames(c.f, "GroupName", false)
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
	ol := s.lists.of(from)
	for _, n := range names {
		if _, ok := ol.members[n]; !ok {
			return nil, fail(codeSNSParam, "friend list "+n+" does not exist")
		}
	}
	for _, n := range names {
		if i := slices.Index(ol.names, n); i >= 0 {
			ol.names = slices.Delete(ol.names, i, i+1)
			delete(ol.members, n)
		}
	}
	ol.seq++
	return struct{ CurrentSequence uint64 }{ol.seq}, nil
}

type listItem struct {
	GroupName    string
	FriendNumber int
	To_Account   *[]string `json:",omitempty"` // with NeedFriend only
}

// groupGet implements v4/sns/group_get: the lists (those of GroupName
// when given, in its order), each with its number of friends and, with
// NeedFriend Need_Friend_Type_Yes, the friends.
func groupGet(h *Handler, c *call) (any, *apiError) {
	need, st := c.f.str("NeedFriend")
	if st == wrongType {
		return nil, fail(codeSNSParam, "NeedFriend is not a string")
	}
	wanted, gst := c.f.stringArray("GroupName")
	if gst == wrongType {
		return nil, fail(codeSNSParam, "GroupName is not an array of strings")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.snsAccount(c.f, "From_Account")
	if err != nil {
		return nil, err
	}
	var out struct {
		ResultItem      []listItem
		CurrentSequence uint64
	}
	out.ResultItem = []listItem{}
	ol := s.lists.byOwner[from]
	if ol == nil {
		return out, nil
	}
	names := ol.names
	if gst == valid {
		names = nil
		for _, n := range wanted {
			if _, ok := ol.members[n]; ok && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	for _, n := range names {
		item := listItem{GroupName: n}
		members := []string{}
		for _, m := range ol.members[n] {
			if s.isFriend(from, m) { // else the friendship ended since
				members = append(members, m)
			}
		}
		item.FriendNumber = len(members)
		if need == needFriendMembers {
			item.To_Account = &members
		}
		out.ResultItem = append(out.ResultItem, item)
	}
	out.CurrentSequence = ol.seq
	return out, nil
}
