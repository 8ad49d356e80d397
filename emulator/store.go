package emulator

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
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
	unreadOf map[string]int // each account's unread one-to-one messages
	// deletions counts account deletions: state that refers to accounts
	// and drops stale references lazily checks again only when it moved.
	deletions uint64
	order     uint64
	sessions  sessions     // client sessions, made through the control API
	recent    *recents     // conversation lists, groups and marks (conversations.go)
	groups    *groups      // groups, members and group messages (group_*.go)
	lists     *friendLists // friend lists (friendlists.go)
	blocked   *blocklists  // blocklists (blocklist.go)
	mutes     mutes        // global mutes (mute.go)
	app       *appState    // push to all users, operations, chatbots (push.go, ops.go, bots.go)
	rel       *relations   // profiles and friendships (profiles.go, friends.go)
	av        *avApp       // broadcasts to every AVChatRoom (group_avchatroom.go); made on first use
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

// conversation holds its messages sorted by time, then MsgSeq, then arrival,
// and per side of its pair (0 for p.A, 1 for p.B) the count of messages to
// that side that still count as unread and the index before which every
// message to that side is read, so that reads and counts cost what changed,
// not the conversation's length.
type conversation struct {
	p      pair
	msgs   []*message
	unread [2]int
	readTo [2]int
}

// sideOf is user's index in a conversation's per-side fields.
func (c *conversation) sideOf(user string) int {
	if user == c.p.A {
		return 0
	}
	return 1
}

// counted reports whether m counts in its recipient's unread count.
func counted(m *message) bool { return m.CountsUnread && !m.Read && m.FlagBits == 0 }

// span returns the indexes [lo, hi) of c's messages sent in the seconds
// from and to, both included.
func (c *conversation) span(from, to int64) (int, int) {
	lo := sort.Search(len(c.msgs), func(i int) bool { return c.msgs[i].Time >= from })
	hi := sort.Search(len(c.msgs), func(i int) bool { return c.msgs[i].Time > to })
	return lo, max(lo, hi)
}

// findKey returns the index of the newest message of c whose MsgKey is key
// and that ok accepts (nil accepts any), or -1. A key ends in its
// message's time, so only that second's messages are looked at.
func (c *conversation) findKey(key string, ok func(*message) bool) int {
	lo, hi := 0, len(c.msgs)
	if i := strings.LastIndexByte(key, '_'); i >= 0 {
		if t, err := strconv.ParseInt(key[i+1:], 10, 64); err == nil {
			lo, hi = c.span(t, t)
		}
	}
	for i := hi - 1; i >= lo; i-- {
		if m := c.msgs[i]; m.key() == key && (ok == nil || ok(m)) {
			return i
		}
	}
	return -1
}

// markRead marks read every message to user in c sent at or before until
// (every one, when all); s.mu is held.
func (s *store) markRead(c *conversation, user string, until int64, all bool) {
	r := c.sideOf(user)
	hi := len(c.msgs)
	if !all {
		_, hi = c.span(math.MinInt64, until)
	}
	for k := c.readTo[r]; k < hi; k++ {
		m := c.msgs[k]
		if m.To != user {
			continue
		}
		if counted(m) {
			c.unread[r]--
			s.unreadOf[user]--
		}
		m.Read = true
	}
	c.readTo[r] = max(c.readTo[r], hi)
}

// recall marks m, a message of c, recalled; s.mu is held.
func (s *store) recall(c *conversation, m *message) {
	if counted(m) {
		c.unread[c.sideOf(m.To)]--
		s.unreadOf[m.To]--
	}
	m.FlagBits |= recalledFlag
}

func newStore(admins []string) *store {
	s := &store{
		admins:   make(map[string]bool, len(admins)),
		accounts: make(map[string]*account),
		convs:    make(map[pair]*conversation),
		byUser:   make(map[string]map[pair]bool),
		unreadOf: make(map[string]int),
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
	s.deletions++
	delete(s.sessions, id)
	for p := range s.byUser[id] {
		c := s.convs[p]
		delete(s.convs, p)
		other := p.A
		if other == id {
			other = p.B
		}
		if other != id {
			s.unreadOf[other] -= c.unread[c.sideOf(other)]
		}
		delete(s.byUser[other], p)
	}
	delete(s.byUser, id)
	delete(s.unreadOf, id)
	// The rest of its relationship chain goes too: its blocklist and its
	// friend lists (its profile and friends are kept with the account they
	// belong to, and a re-imported account starts without them; others'
	// entries for it, and its place in their friend lists, go as those are
	// next read or written).
	delete(s.blocked.byOwner, id)
	delete(s.lists.byOwner, id)
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
		c = &conversation{p: p}
		s.convs[p] = c
		for _, u := range []string{p.A, p.B} {
			if s.byUser[u] == nil {
				s.byUser[u] = make(map[pair]bool)
			}
			s.byUser[u][p] = true
		}
	}
	// The pair's strings stand for the message's ends, so a stored
	// message keeps no copy of its accounts' IDs.
	m.From, m.To = c.p.side(m.From), c.p.side(m.To)
	s.order++
	m.order = s.order
	i := sort.Search(len(c.msgs), func(i int) bool { return m.before(c.msgs[i]) })
	c.msgs = append(c.msgs, nil)
	copy(c.msgs[i+1:], c.msgs[i:])
	c.msgs[i] = m
	r := c.sideOf(m.To)
	if i < c.readTo[r] {
		c.readTo[r] = i // an unread message among the read ones
	}
	if o := 1 - r; i < c.readTo[o] {
		c.readTo[o]++
	}
	if counted(m) {
		c.unread[r]++
		s.unreadOf[m.To]++
	}
	s.app.ops.countMessage(m.From, m.Time)
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
	return c.unread[c.sideOf(user)]
}

// totalUnread counts user's unread messages over all conversations.
func (s *store) totalUnread(user string) int { return s.unreadOf[user] }

// key is m's MsgKey, made when asked for rather than stored with every
// message.
func (m *message) key() string { return msgKey(m.Seq, m.Random, m.Time) }

// side returns the one of p's accounts equal to id (id itself when
// neither is).
func (p pair) side(id string) string {
	switch id {
	case p.A:
		return p.A
	case p.B:
		return p.B
	}
	return id
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
