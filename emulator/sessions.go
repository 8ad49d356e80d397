package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// ControlPrefix starts every path of the control API: state that only a
// client SDK makes on the real service (a user logged in on a platform,
// for example), which a REST-only test cannot create. It can never collide
// with the REST API, whose paths start with /v4/.
const ControlPrefix = "/chatconform/v1/"

// Platforms are the client platforms a session may be on, as the online
// status pages name them.
var Platforms = []string{"iPhone", "Android", "Web", "PC", "iPad", "Mac"}

// Login states as querystate reports them.
const (
	StateOnline     = "Online"
	StatePushOnline = "PushOnline"
	StateOffline    = "Offline"
)

// sessions are the client sessions of the accounts: per UserID, per
// platform, its state (Online, or PushOnline once the app went to the
// background); a platform without a session is offline. s.mu is held.
type sessions map[string]map[string]string

// state is a user's overall login state: Online if any session is,
// PushOnline if one is in the background, else Offline.
func (ss sessions) state(user string) string {
	st := StateOffline
	for _, v := range ss[user] {
		switch v {
		case StateOnline:
			return StateOnline
		case StatePushOnline:
			st = StatePushOnline
		}
	}
	return st
}

func (ss sessions) set(user, platform, state string) {
	if state == StateOffline {
		delete(ss[user], platform)
		if len(ss[user]) == 0 {
			delete(ss, user)
		}
		return
	}
	if ss[user] == nil {
		ss[user] = map[string]string{}
	}
	ss[user][platform] = state
}

// Session is one client session, as the control API reports it.
type Session struct {
	Platform string `json:"Platform"`
	State    string `json:"State"`
}

// SessionChange is the body of the control API's login, background and
// logout calls.
type SessionChange struct {
	UserID   string `json:"UserID"`
	Platform string `json:"Platform"` // logout without one ends every session
}

// control serves the control API:
//
//	GET  /chatconform/v1/                  what this is (for detection)
//	POST /chatconform/v1/sessions/login      {"UserID","Platform"}: the user's client logs in
//	POST /chatconform/v1/sessions/background {"UserID","Platform"}: the app goes to the background (PushOnline)
//	POST /chatconform/v1/sessions/logout     {"UserID","Platform"}: it logs out (every platform without one)
//	GET  /chatconform/v1/sessions?UserID=…   the user's sessions
//	POST /chatconform/v1/friends/request     a client's friend request (FriendRequest)
//	POST /chatconform/v1/friends/respond     a client answers a pending request (FriendResponse)
//
// Answers are JSON; failures are HTTP 400 or 404 with {"error": "…"}.
func (h *Handler) control(w http.ResponseWriter, r *http.Request) {
	cmd := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	refuse := func(status int, msg string) { reply(status, map[string]string{"error": msg}) }
	s := h.store
	switch {
	case cmd == "" && r.Method == http.MethodGet:
		reply(http.StatusOK, map[string]any{"control": "chatconform emulator", "version": 1, "sessions": true})
	case h.appControl(w, r, cmd): // pushes and message files (ops.go)
	case cmd == "sessions" && r.Method == http.MethodGet:
		user := r.URL.Query().Get("UserID")
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.exists(user) {
			refuse(http.StatusNotFound, "no account "+user)
			return
		}
		out := []Session{}
		for p, st := range s.sessions[user] {
			out = append(out, Session{p, st})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Platform < out[j].Platform })
		reply(http.StatusOK, map[string]any{"UserID": user, "State": s.sessions.state(user), "Sessions": out})
	case strings.HasPrefix(cmd, "sessions/") && r.Method == http.MethodPost:
		var sc SessionChange
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&sc); err != nil {
			refuse(http.StatusBadRequest, "the body must be {\"UserID\": …, \"Platform\": …}")
			return
		}
		state := map[string]string{"sessions/login": StateOnline, "sessions/background": StatePushOnline, "sessions/logout": StateOffline}[cmd]
		if state == "" {
			refuse(http.StatusNotFound, "no control call "+cmd)
			return
		}
		if sc.Platform != "" && !slices.Contains(Platforms, sc.Platform) || sc.Platform == "" && state != StateOffline {
			refuse(http.StatusBadRequest, "Platform must be one of "+strings.Join(Platforms, ", "))
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.exists(sc.UserID) {
			refuse(http.StatusNotFound, "no account "+sc.UserID)
			return
		}
		h.sessionEvent(sc.UserID, sc.Platform, state) // State.StateChange (ops.go)
		if sc.Platform == "" {
			delete(s.sessions, sc.UserID)
		} else {
			s.sessions.set(sc.UserID, sc.Platform, state)
		}
		reply(http.StatusOK, map[string]any{"UserID": sc.UserID, "State": s.sessions.state(sc.UserID)})
	case cmd == "friends/request" && r.Method == http.MethodPost:
		h.friendRequest(w, r, reply, refuse) // a client's friend request (friends.go)
	case cmd == "friends/respond" && r.Method == http.MethodPost:
		h.friendRespond(w, r, reply, refuse) // a client answers a pending request (friends.go)
	case cmd == "groups/read" && r.Method == http.MethodPost:
		h.groupRead(w, r, reply, refuse) // a member's client reads a group message (group_receipts.go)
	case (cmd == "groups/join" || cmd == "groups/quit" || cmd == "groups/connection") && r.Method == http.MethodPost, cmd == "groups/broadcasts" && r.Method == http.MethodGet:
		h.avControl(w, r, cmd, reply, refuse) // AVChatRoom clients join, quit, drop; broadcasts received (group_avchatroom.go)
	case cmd == "groups/apply" && r.Method == http.MethodPost:
		h.mhookApply(w, r, reply, refuse) // a client asks to join a group (group_member_hooks.go)
	default:
		refuse(http.StatusNotFound, "no control call "+r.Method+" "+cmd)
	}
}

// Limits of querystate (its catalogue entry).
const maxStateQuery = 500

// queryState implements v4/openim/querystate and its older name
// v4/openim/query_online_status.
func queryState(h *Handler, c *call) (any, *apiError) {
	raw, ok := c.f["To_Account"]
	if !ok {
		return nil, fail(codeParse, "To_Account is missing")
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil || raw[0] != '[' {
		return nil, fail(codeParse, "To_Account must be an array of UserIDs")
	}
	if len(items) == 0 {
		return nil, fail(codeParse, "To_Account is empty")
	}
	if len(items) > maxStateQuery {
		return nil, fail(codeStateTooMany, "To_Account lists more than 500 accounts")
	}
	ids := make([]string, len(items))
	for i, it := range items {
		id, st := rawString(it)
		if st != valid {
			return nil, fail(codeToAccount, "To_Account items must be strings")
		}
		ids[i] = id
	}
	detail := false
	if n, st := c.f.int64("IsNeedDetail"); st == valid {
		detail = n == 1
	} else if st == wrongType {
		return nil, fail(codeParse, "IsNeedDetail must be 0 or 1")
	}
	// The older page names the field Status, the newer State: each path
	// answers with its own page's name.
	stateField := "State"
	if c.path == "openim/query_online_status" {
		stateField = "Status"
	}
	type result map[string]any
	type failed struct {
		To_Account string
		ErrorCode  int
	}
	out := struct {
		QueryResult []result
		ErrorList   []failed `json:",omitempty"`
	}{QueryResult: []result{}}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if !s.exists(id) {
			out.ErrorList = append(out.ErrorList, failed{id, codeAccountMissing})
			continue
		}
		r := result{"To_Account": id, stateField: s.sessions.state(id)}
		if detail {
			d := []map[string]string{}
			for _, p := range Platforms {
				if st, on := s.sessions[id][p]; on {
					d = append(d, map[string]string{"Platform": p, "Status": st})
				}
			}
			r["Detail"] = d
		}
		out.QueryResult = append(out.QueryResult, r)
	}
	return out, nil
}

// kick implements v4/im_open_login_svc/kick: every client session of the
// account ends, so querystate reports it Offline.
func kick(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("UserID")
	if st == absent {
		id, st = c.f.str("Identifier")
	}
	if st != valid || !validUserID(id) {
		return nil, fail(codeLoginParam, "UserID is missing or not a valid UserID")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(id) {
		return nil, fail(codeAccountMissing, "account "+id+" does not exist")
	}
	h.sessionEvent(id, "", stateKicked) // State.StateChange (ops.go)
	delete(s.sessions, id)
	return nil, nil
}
