package emulator

import (
	"math"
	"time"
)

// Codes of global mute (openconfigsvr) and of its effect on sends.
const (
	codeMuteParse     = 130001
	codeMuteNoGet     = 130002
	codeMuteBadGet    = 130003
	codeMuteNoSet     = 130004
	codeMuteBadSet    = 130005
	codeMuteNoTime    = 130008
	codeMuteInternal  = 130014
	codeSenderMuted   = 20012 // a one-to-one send of a muted account
	codeSenderBlocked = 20007 // a one-to-one send to an account that blocked the sender
	muteForever       = math.MaxUint32
	c2cMuteField      = "C2CmsgNospeakingTime"
	groupMuteField    = "GroupmsgNospeakingTime"
)

// mutes are the accounts' global mutes, by UserID.
type mutes map[string]*mute

// mute is one account's global mute, one-to-one and group.
type mute struct{ c2c, group muteSpan }

// muteSpan is one mute: until the UNIX second until, or for ever; the
// zero value is not muted.
type muteSpan struct {
	forever bool
	until   int64
}

func (m muteSpan) set(seconds uint32, now time.Time) muteSpan {
	switch seconds {
	case 0:
		return muteSpan{}
	case muteForever:
		return muteSpan{forever: true}
	}
	return muteSpan{until: now.Unix() + int64(seconds)}
}

// left is the number of seconds the mute still holds at now: 4294967295
// for ever, 0 when not muted.
func (m muteSpan) left(now time.Time) int64 {
	if m.forever {
		return muteForever
	}
	return max(0, m.until-now.Unix())
}

// c2cMuted reports whether id may send no one-to-one message at now;
// s.mu is held.
func (s *store) c2cMuted(id string, now time.Time) bool {
	m := s.mutes[id]
	return m != nil && m.c2c.left(now) > 0
}

// groupMuted reports whether id may send no group message at now, for
// the group send calls; s.mu is held.
func (s *store) groupMuted(id string, now time.Time) bool {
	m := s.mutes[id]
	return m != nil && m.group.left(now) > 0
}

// mayMessage says whether from may send to a one-to-one message at now:
// not while from's one-to-one mute holds (20012), nor when to has blocked
// from (20007). The send calls ask it before the before-send callback,
// which a refused message never reaches; s.mu is held.
func (s *store) mayMessage(from, to string, now time.Time) *apiError {
	if s.c2cMuted(from, now) {
		return fail(codeSenderMuted, "the sender is muted for one-to-one messages")
	}
	if s.blocks(to, from) {
		return fail(codeSenderBlocked, "the recipient has blocked the sender")
	}
	return nil
}

// muteAccount reads the account field of the mute calls: missing answers
// missing, anything but the string of an existing account invalid; s.mu
// is held.
func (s *store) muteAccount(f fields, name string, missing, invalid int) (string, *apiError) {
	id, st := f.str(name)
	switch {
	case st == absent:
		return "", fail(missing, name+" is missing")
	case st != valid || !s.exists(id):
		return "", fail(invalid, name+" is not the UserID of an existing account")
	}
	return id, nil
}

// setNoSpeaking implements v4/openconfigsvr/setnospeaking. Each time given
// replaces that mute: 0 lifts it, 4294967295 holds for ever, any other
// value holds for that many seconds from now.
func setNoSpeaking(h *Handler, c *call) (any, *apiError) {
	var times [2]uint32
	var given [2]bool
	for i, name := range []string{c2cMuteField, groupMuteField} {
		v, st := c.f.uint32(name)
		if st == wrongType {
			return nil, fail(codeMuteParse, name+" is not an integer from 0 to 4294967295")
		}
		times[i], given[i] = v, st == valid
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	id, err := s.muteAccount(c.f, "Set_Account", codeMuteNoSet, codeMuteBadSet)
	if err != nil {
		return nil, err
	}
	if !given[0] && !given[1] {
		return nil, fail(codeMuteNoTime, "neither C2CmsgNospeakingTime nor GroupmsgNospeakingTime is given")
	}
	m := s.mutes[id]
	if m == nil {
		m = &mute{}
		s.mutes[id] = m
	}
	if given[0] {
		m.c2c = m.c2c.set(times[0], c.now)
	}
	if given[1] {
		m.group = m.group.set(times[1], c.now)
	}
	if m.c2c == (muteSpan{}) && m.group == (muteSpan{}) {
		delete(s.mutes, id)
	}
	return nil, nil
}

// getNoSpeaking implements v4/openconfigsvr/getnospeaking: the seconds
// each mute still holds, by the emulator's clock.
func getNoSpeaking(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	id, err := s.muteAccount(c.f, "Get_Account", codeMuteNoGet, codeMuteBadGet)
	if err != nil {
		return nil, err
	}
	var out struct{ C2CmsgNospeakingTime, GroupmsgNospeakingTime int64 }
	if m := s.mutes[id]; m != nil {
		out.C2CmsgNospeakingTime, out.GroupmsgNospeakingTime = m.c2c.left(c.now), m.group.left(c.now)
	}
	return out, nil
}
