package emulator

import (
	"strings"
	"time"
)

// Limits of chatbots (the openim_robot_http_svc catalogue entries).
const (
	botPrefix       = "@RBT#"
	maxBots         = 20 // valid chatbots per app
	maxBotSignature = 500
)

// Codes of the chatbot service.
const (
	codeBotInternal = 10002
	codeBotParam    = 10004
	codeBotRefused  = 10008 // needs an App admin, or the chatbot limit is reached
)

// robotSvc is openim_robot_http_svc: the common 60003 for a body that is
// not JSON (the pages give none; get_all_robots takes no 10004), 10004 for
// one too long, 10008 for a caller who is not an App admin, 10002 internal.
var robotSvc = service{"openim_robot_http_svc", codeBodyNotJSON, codeBotRefused, codeBotInternal, codeBotParam}

// botState holds the app's chatbots. A chatbot is also an account (in
// s.accounts), so account_check and sendmsg see it.
type botState struct {
	byID  map[string]*bot
	order []string // UserIDs in the order first created
	valid int      // chatbots not deleted
}

type bot struct {
	signature string
	valid     bool // false once delete_robot invalidated it
}

// validBotID reports whether id is a chatbot UserID: @RBT# and then 1 to
// 27 letters, digits, '_' or '-', 32 bytes in all.
func validBotID(id string) bool {
	rest, ok := strings.CutPrefix(id, botPrefix)
	return ok && validUserID(rest) && len(id) <= 32
}

// isBot reports whether id is a valid (not deleted) chatbot; s.mu is held.
func (s *store) isBot(id string) bool {
	b := s.app.bots.byID[id]
	return b != nil && b.valid && s.accounts[id] != nil
}

// createRobot implements v4/openim_robot_http_svc/create_robot. Creating a
// chatbot that exists changes nothing; creating a deleted one makes it
// valid again. The app holds at most 20 valid chatbots (10008).
func createRobot(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("UserID")
	if st != valid || !validBotID(id) {
		return nil, fail(codeBotParam, "UserID must be @RBT# followed by letters, digits, '_' or '-', 32 bytes at most")
	}
	var texts [3]string
	for i, name := range []string{"Nick", "FaceUrl", "SelfSignature"} {
		v, st := c.f.str(name)
		if st == wrongType || len(v) > maxProfileBytes || name == "SelfSignature" && len(v) > maxBotSignature {
			return nil, fail(codeBotParam, name+" must be a string of at most 500 bytes")
		}
		texts[i] = v
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	bs := &s.app.bots
	b := bs.byID[id]
	if b != nil && b.valid && s.accounts[id] != nil {
		return nil, nil
	}
	if bs.count(s) >= maxBots {
		return nil, fail(codeBotRefused, "the app holds its 20 chatbots")
	}
	if b == nil {
		b = &bot{}
		bs.byID[id] = b
		bs.order = append(bs.order, id)
	}
	b.valid, b.signature = true, texts[2]
	s.importAccount(id, texts[0], texts[1])
	return nil, nil
}

// count is the number of valid chatbots whose account still exists.
func (bs *botState) count(s *store) int {
	n := 0
	for _, id := range bs.order {
		if s.isBot(id) {
			n++
		}
	}
	return n
}

// deleteRobot implements v4/openim_robot_http_svc/delete_robot: the
// chatbot becomes invalid, as documented, while its UserID stays an
// account. A UserID that was never a chatbot answers 10004; deleting twice
// answers OK.
func deleteRobot(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("Robot_Account")
	if st != valid || !validBotID(id) {
		return nil, fail(codeBotParam, "Robot_Account must be a chatbot UserID, starting with @RBT#")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.app.bots.byID[id]
	if b == nil {
		return nil, fail(codeBotParam, "no chatbot "+id)
	}
	b.valid = false
	return nil, nil
}

// getAllRobots implements v4/openim_robot_http_svc/get_all_robots: the
// valid chatbots, in the order they were created.
func getAllRobots(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{}
	for _, id := range s.app.bots.order {
		if s.isBot(id) {
			out = append(out, id)
		}
	}
	return struct{ Robot_Account []string }{out}, nil
}

// toBot fires Bot.OnC2CMessage for a one-to-one message sendmsg delivered
// to a valid chatbot, with the message as delivered (after the before-send
// callback) and the chatbot's unread count.
func (h *Handler) toBot(m *message, from, to, key string, at int64, d sendOpts, now time.Time) {
	if h.hooks == nil {
		return
	}
	s := h.store
	s.mu.Lock()
	isBot, unread := s.isBot(to), 0
	if isBot {
		unread = s.totalUnread(to)
	}
	s.mu.Unlock()
	if !isBot {
		return
	}
	body := callbackMessage(m, from, to, key, at, d)
	body["SendMsgResult"], body["ErrorInfo"], body["UnreadMsgNum"] = 0, "send msg succeed", unread
	body["EventTime"] = now.UnixMilli()
	h.after("Bot.OnC2CMessage", body)
}
