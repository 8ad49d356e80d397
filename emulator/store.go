package emulator

import (
	"encoding/json"
	"sort"
	"strconv"
	"sync"
)

// store is the emulator's in-memory state: accounts, one-to-one messages and
// their read state. Every method expects mu to be held by the caller.
type store struct {
	mu       sync.Mutex
	admins   map[string]bool
	accounts map[string]*account
	convs    map[pair]*conversation
	byUser   map[string]map[pair]bool
	order    uint64
	sessions sessions     // client sessions, made through the control API
	recent   *recents     // conversation lists, groups and marks (conversations.go)
	groups   *groups      // groups, members and group messages (group_*.go)
	lists    *friendLists // friend lists (friendlists.go)
	blocked  *blocklists  // blocklists (blocklist.go)
	mutes    mutes        // global mutes (mute.go)
	app      *appState    // push to all users, operations, chatbots (push.go, ops.go, bots.go)
	rel      *relations   // profiles and friendships (profiles.go, friends.go)
}

type account struct {
	Nick, FaceURL string
}

// pair names a one-to-one conversation; A <= B.
type pair struct{ A, B string }

func pairOf(x, y string) pair {
	if x > y {
		x, y = y, x
	}
	return pair{x, y}
}

type message struct {
	From, To        string
	Seq, Random     uint32
	Time            int64
	Key             string
	Body            json.RawMessage
	CloudCustomData *string
	FlagBits        int  // 8 once recalled
	CountsUnread    bool // counted in To's unread count until read
	Read            bool // marked read for To by admin_set_msg_read
	HiddenForSender bool // sent with SyncOtherMachine 2
	order           uint64
	// ext holds the message's extensions (c2c_more.go); nil unless it was sent with SupportMessageExtension 1.
	ext *extensions
}

// conversation holds its messages sorted by time, then MsgSeq, then arrival.
type conversation struct {
	msgs []*message
}

func newStore(admins []string) *store {
	s := &store{
		admins:   make(map[string]bool, len(admins)),
		accounts: make(map[string]*account),
		convs:    make(map[pair]*conversation),
		byUser:   make(map[string]map[pair]bool),
		sessions: sessions{},
		recent:   newRecents(),
		groups:   newGroups(),
		lists:    newFriendLists(),
		blocked:  newBlocklists(),
		mutes:    mutes{},
		app:      newAppState(),
		rel:      newRelations(),
	}
	for _, a := range admins {
		s.admins[a] = true
	}
	return s
}

// exists reports whether id is an imported account. App admins always exist.
func (s *store) exists(id string) bool {
	return s.admins[id] || s.accounts[id] != nil
}

func (s *store) importAccount(id, nick, face string) {
	a := s.accounts[id]
	if a == nil {
		a = &account{}
		s.accounts[id] = a
	}
	if nick != "" {
		a.Nick = nick
	}
	if face != "" {
		a.FaceURL = face
	}
}

// deleteAccount removes an account and every conversation it takes part in.
func (s *store) deleteAccount(id string) bool {
	if s.accounts[id] == nil {
		return false
	}
	delete(s.accounts, id)
	delete(s.sessions, id)
	for p := range s.byUser[id] {
		delete(s.convs, p)
		other := p.A
		if other == id {
			other = p.B
		}
		delete(s.byUser[other], p)
	}
	delete(s.byUser, id)
	return true
}

func (s *store) conversation(x, y string) *conversation {
	return s.convs[pairOf(x, y)]
}

// add stores m in its conversation, keeping the order.
func (s *store) add(m *message) {
	p := pairOf(m.From, m.To)
	c := s.convs[p]
	if c == nil {
		c = &conversation{}
		s.convs[p] = c
		for _, u := range []string{p.A, p.B} {
			if s.byUser[u] == nil {
				s.byUser[u] = make(map[pair]bool)
			}
			s.byUser[u][p] = true
		}
	}
	s.order++
	m.order = s.order
	i := sort.Search(len(c.msgs), func(i int) bool { return m.before(c.msgs[i]) })
	c.msgs = append(c.msgs, nil)
	copy(c.msgs[i+1:], c.msgs[i:])
	c.msgs[i] = m
	s.touchConversations(m)
}

func (m *message) before(o *message) bool {
	if m.Time != o.Time {
		return m.Time < o.Time
	}
	if m.Seq != o.Seq {
		return m.Seq < o.Seq
	}
	return m.order < o.order
}

// unread counts the messages peer sent to user that still count as unread.
func (s *store) unread(user, peer string) int {
	c := s.conversation(user, peer)
	if c == nil {
		return 0
	}
	n := 0
	for _, m := range c.msgs {
		if m.To == user && m.From == peer && m.CountsUnread && !m.Read && m.FlagBits == 0 {
			n++
		}
	}
	return n
}

// totalUnread counts user's unread messages over all conversations.
func (s *store) totalUnread(user string) int {
	n := 0
	for p := range s.byUser[user] {
		peer := p.A
		if peer == user {
			peer = p.B
		}
		n += s.unread(user, peer)
	}
	return n
}

func msgKey(seq, random uint32, t int64) string {
	b := make([]byte, 0, 32)
	b = strconv.AppendUint(b, uint64(seq), 10)
	b = append(b, '_')
	b = strconv.AppendUint(b, uint64(random), 10)
	b = append(b, '_')
	b = strconv.AppendInt(b, t, 10)
	return string(b)
}

// validMsgKey reports whether k has the documented shape Seq_Random_Time.
func validMsgKey(k string) bool {
	if len(k) == 0 || len(k) > 50 {
		return false
	}
	parts, digits := 1, 0
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c == '_':
			if digits == 0 {
				return false
			}
			parts++
			digits = 0
		case '0' <= c && c <= '9':
			digits++
		default:
			return false
		}
	}
	return parts == 3 && digits > 0
}
