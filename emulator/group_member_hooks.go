package emulator

import (
	"encoding/json"
	"net/http"
)

// The member callbacks of groups: Group.CallbackBeforeInviteJoinGroup
// (add_group_member), Group.CallbackBeforeApplyJoinGroup (a client's join
// request, made through the control API's groups/apply),
// Group.CallbackAfterGroupFull and Group.CallbackAfterMemberFieldChanged
// (modify_group_member_info).

// The emulator keeps no join request waiting for approval: approving one
// is a client action it does not model, and no call the pages describe
// shows a waiting request, so groups/apply to a NeedPermission group
// changes no state.

// Results of the control API's groups/apply.
const (
	ApplyJoined  = "Joined"  // the applicant is a member
	ApplyPending = "Pending" // the request waits for approval
)

// GroupApply is the body of the control API's groups/apply call: a
// client of UserID asks to join the group. ApplyMsg is accepted and not
// kept (no call shows it).
type GroupApply struct {
	GroupId  string `json:"GroupId"`
	UserID   string `json:"UserID"`
	ApplyMsg string `json:"ApplyMsg,omitempty"`
}

// GroupApplyResult is what groups/apply answers: the ErrorCode the
// client would get (0, or the refusal) and, for 0, whether the applicant
// joined or waits (ApplyJoined, ApplyPending).
type GroupApplyResult struct {
	GroupId   string `json:"GroupId"`
	UserID    string `json:"UserID"`
	ErrorCode int    `json:"ErrorCode"`
	ErrorInfo string `json:"ErrorInfo"`
	Result    string `json:"Result,omitempty"`
}

// mhookBeforeInvite sends Group.CallbackBeforeInviteJoinGroup for the
// accounts add_group_member would add (imported, not yet members) and
// returns the ones the app refused (RefusedMembers_Account of an ErrorCode
// 0 answer), or the call's refusal. Nothing is sent when nobody would
// join. s.mu is not held.
func (h *Handler) mhookBeforeInvite(c *call, accs []string) (map[string]bool, *apiError) {
	if h.hooks == nil {
		return nil, nil
	}
	s := h.store
	s.mu.Lock()
	g, err := s.lookupGroup(c)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	var dest []string
	seen := map[string]bool{}
	for _, acc := range accs {
		if s.exists(acc) && g.members[acc] == nil && !seen[acc] {
			dest = append(dest, acc)
			seen[acc] = true
		}
	}
	id, typ := g.ID, g.Type
	s.mu.Unlock()
	if len(dest) == 0 {
		return nil, nil
	}
	v := h.before("Group.CallbackBeforeInviteJoinGroup", map[string]any{
		"GroupId": id, "Type": typ, "Operator_Account": c.identifier,
		"DestinationMembers": memberAccountList(dest), "EventTime": c.now.UnixMilli(),
	})
	if ok, refusal := h.verdictRefusal(v, false); !ok {
		return nil, refusal
	}
	if !v.Sent || v.TimedOut {
		return nil, nil
	}
	var list []string
	json.Unmarshal(v.Answer["RefusedMembers_Account"], &list)
	refused := map[string]bool{}
	for _, acc := range list {
		refused[acc] = true
	}
	return refused, nil
}

// mhookGroupFull sends Group.CallbackAfterGroupFull for g, which a join
// has just filled or which has just refused a join for being full.
func (h *Handler) mhookGroupFull(g *group, c *call) {
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackAfterGroupFull", map[string]any{"GroupId": g.ID, "EventTime": c.now.UnixMilli()})
}

// mhookFieldChanged sends Group.CallbackAfterMemberFieldChanged after m's
// role or name card changed, carrying the changed fields' new values.
func (h *Handler) mhookFieldChanged(g *group, m *member, role, card bool, c *call) {
	if h.hooks == nil || !role && !card {
		return
	}
	body := map[string]any{
		"GroupId": g.ID, "Type": g.Type, "Operator_Account": c.identifier, "Member_Account": m.Account,
		"EventTime": c.now.UnixMilli(),
	}
	if role {
		body["Role"] = m.Role
	}
	if card {
		body["NameCard"] = m.NameCard
	}
	h.after("Group.CallbackAfterMemberFieldChanged", body)
}

// mhookApply serves POST /chatconform/v1/groups/apply: UserID's client
// asks to join the group. Group.CallbackBeforeApplyJoinGroup gates the
// request (as create_group's before-callback gates it); then the group's
// ApplyJoinOption decides: FreeAccess joins at once (firing
// Group.CallbackAfterNewMemberJoin with JoinType Apply, and
// Group.CallbackAfterGroupFull when the join fills the group, or when it
// is full: 10014), NeedPermission answers Result Pending and keeps
// nothing (the applicant stays out; asking again is a new request, with
// its own callback), DisableApply
// refuses with 10007. A member asking again gets 10013. A group or
// account that does not exist answers 404; an AVChatRoom, which keeps no
// member list, 400.
func (h *Handler) mhookApply(w http.ResponseWriter, r *http.Request, reply func(int, any), refuse func(int, string)) {
	var ga GroupApply
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&ga); err != nil {
		refuse(http.StatusBadRequest, `the body must be {"GroupId": …, "UserID": …, "ApplyMsg": …}`)
		return
	}
	s := h.store
	c := &call{identifier: ga.UserID, now: h.opts.Now()}
	out := GroupApplyResult{GroupId: ga.GroupId, UserID: ga.UserID}
	answer := func(code int, info, result string) {
		out.ErrorCode, out.ErrorInfo, out.Result = code, info, result
		reply(http.StatusOK, out)
	}
	s.mu.Lock()
	g := s.groups.byID[ga.GroupId]
	switch {
	case g == nil:
		s.mu.Unlock()
		refuse(http.StatusNotFound, "no group "+ga.GroupId)
		return
	case !s.exists(ga.UserID):
		s.mu.Unlock()
		refuse(http.StatusNotFound, "no account "+ga.UserID)
		return
	case g.Type == typeAVChatRoom:
		s.mu.Unlock()
		refuse(http.StatusBadRequest, "an AVChatRoom keeps no member list: its members join with groups/join")
		return
	case g.members[ga.UserID] != nil:
		s.mu.Unlock()
		answer(mhookAlreadyMember, ga.UserID+" is already a member", "")
		return
	}
	typ := g.Type
	s.mu.Unlock()
	if h.hooks != nil {
		v := h.before("Group.CallbackBeforeApplyJoinGroup", map[string]any{
			"GroupId": ga.GroupId, "Type": typ, "Requestor_Account": ga.UserID, "EventTime": c.now.UnixMilli(),
		})
		if ok, refusal := h.verdictRefusal(v, false); !ok {
			answer(refusal.Code, refusal.Info, "")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.groups.byID[ga.GroupId] != g: // disbanded while the app decided
		answer(codeGrpNotFound, "group "+ga.GroupId+" was disbanded", "")
	case g.members[ga.UserID] != nil:
		answer(mhookAlreadyMember, ga.UserID+" is already a member", "")
	case g.ApplyJoin == "DisableApply":
		answer(codeGrpNoPermission, "the group takes no join requests", "")
	case g.ApplyJoin == "NeedPermission": // the request is not kept
		answer(0, "", ApplyPending)
	case g.room() < 1:
		h.mhookGroupFull(g, c)
		answer(codeGrpFull, "the group is full", "")
	default:
		s.groups.join(g, ga.UserID, roleMember, c.now.Unix())
		h.afterJoin(g, []string{ga.UserID}, "Apply", c)
		if g.room() == 0 {
			h.mhookGroupFull(g, c)
		}
		answer(0, "", ApplyJoined)
	}
}

// mhookAlreadyMember is the documented "already a group member".
const mhookAlreadyMember = 10013
