package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Control calls the control API of an emulator at BaseURL, for tests that
// need state only a client SDK makes on the real service:
//
//	ctl := emulator.Control{BaseURL: srv.URL()}
//	err := ctl.Login(ctx, "alice", "iPhone") // querystate now reports alice Online
type Control struct {
	BaseURL string
	// Client sends the calls; nil selects http.DefaultClient.
	Client *http.Client
}

// Login starts a client session of user on platform (one of Platforms).
func (c Control) Login(ctx context.Context, user, platform string) error {
	return c.change(ctx, "sessions/login", user, platform)
}

// Background moves user's session on platform to the background
// (PushOnline).
func (c Control) Background(ctx context.Context, user, platform string) error {
	return c.change(ctx, "sessions/background", user, platform)
}

// Logout ends user's session on platform, or every session with "".
func (c Control) Logout(ctx context.Context, user, platform string) error {
	return c.change(ctx, "sessions/logout", user, platform)
}

// ReadGroupMsg makes user's client read message seq of group (and every
// earlier one): the message's read receipt then counts user as a reader.
func (c Control) ReadGroupMsg(ctx context.Context, group, user string, seq uint32) error {
	body, _ := json.Marshal(GroupRead{GroupId: group, UserID: user, MsgSeq: seq})
	return c.do(ctx, http.MethodPost, "groups/read", body, nil)
}

// ApplyJoinGroup makes a client of req.UserID ask to join req.GroupId, as
// the group's ApplyJoinOption and Group.CallbackBeforeApplyJoinGroup
// allow: the answer's ErrorCode is the client's (0, or the refusal), its
// Result ApplyJoined or ApplyPending.
func (c Control) ApplyJoinGroup(ctx context.Context, req GroupApply) (GroupApplyResult, error) {
	body, _ := json.Marshal(req)
	var out GroupApplyResult
	err := c.do(ctx, http.MethodPost, "groups/apply", body, &out)
	return out, err
}

// JoinAVChatRoom makes user's logged-in client join the AVChatRoom group:
// get_online_member_num and get_members then count and list it. A banned
// user, or one without a client session, is refused.
func (c Control) JoinAVChatRoom(ctx context.Context, group, user string) error {
	body, _ := json.Marshal(AVMember{GroupId: group, UserID: user})
	return c.do(ctx, http.MethodPost, "groups/join", body, nil)
}

// QuitAVChatRoom makes user's client quit the AVChatRoom group.
func (c Control) QuitAVChatRoom(ctx context.Context, group, user string) error {
	body, _ := json.Marshal(AVMember{GroupId: group, UserID: user})
	return c.do(ctx, http.MethodPost, "groups/quit", body, nil)
}

// AVConnection makes the connection of user's client in the AVChatRoom
// group drop (online false: a heartbeat timeout) or come back, which
// Group.CallbackOnMemberStateChange reports.
func (c Control) AVConnection(ctx context.Context, group, user string, online bool) error {
	state := "Offline"
	if online {
		state = "Online"
	}
	body, _ := json.Marshal(AVMember{GroupId: group, UserID: user, State: state})
	return c.do(ctx, http.MethodPost, "groups/connection", body, nil)
}

// AVBroadcasts returns the send_broadcast_msg messages the AVChatRoom
// group received, oldest first.
func (c Control) AVBroadcasts(ctx context.Context, group string) ([]AVBroadcast, error) {
	var out struct{ Broadcasts []AVBroadcast }
	err := c.do(ctx, http.MethodGet, "groups/broadcasts?GroupId="+url.QueryEscape(group), nil, &out)
	return out.Broadcasts, err
}

// RequestFriend makes a client of req.From_Account send a friend request
// to req.To_Account and returns its ResultCode, as friend_add's item would
// give it (30539: the request waits for confirmation).
func (c Control) RequestFriend(ctx context.Context, req FriendRequest) (int, error) {
	return c.friendCall(ctx, "friends/request", req)
}

// RespondFriend makes a client of resp.From_Account accept or refuse the
// pending request of resp.To_Account and returns its ResultCode (0, or the
// app's refusal).
func (c Control) RespondFriend(ctx context.Context, resp FriendResponse) (int, error) {
	return c.friendCall(ctx, "friends/respond", resp)
}

func (c Control) friendCall(ctx context.Context, cmd string, v any) (int, error) {
	body, _ := json.Marshal(v)
	var out struct{ ResultCode int }
	err := c.do(ctx, http.MethodPost, cmd, body, &out)
	return out.ResultCode, err
}

// Sessions returns user's client sessions.
func (c Control) Sessions(ctx context.Context, user string) ([]Session, error) {
	var out struct{ Sessions []Session }
	err := c.do(ctx, http.MethodGet, "sessions?UserID="+url.QueryEscape(user), nil, &out)
	return out.Sessions, err
}

// Available reports whether BaseURL serves the control API (a chatconform
// emulator does; the real service does not).
func (c Control) Available(ctx context.Context) bool {
	var out struct{ Sessions bool }
	return c.do(ctx, http.MethodGet, "", nil, &out) == nil && out.Sessions
}

// Post sends the control call cmd (such as "sessions/login") with a JSON
// body, for callers that hold control calls as data: the fixtures' setup
// steps.
func (c Control) Post(ctx context.Context, cmd string, body []byte) error {
	return c.do(ctx, http.MethodPost, cmd, body, nil)
}

func (c Control) change(ctx context.Context, cmd, user, platform string) error {
	body, _ := json.Marshal(SessionChange{UserID: user, Platform: platform})
	return c.do(ctx, http.MethodPost, cmd, body, nil)
}

func (c Control) do(ctx context.Context, method, cmd string, body []byte, out any) error {
	hc := c.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.BaseURL, "/")+ControlPrefix+cmd, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("control %s: %w", cmd, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		json.Unmarshal(data, &e)
		return fmt.Errorf("control %s: HTTP %d: %s", cmd, resp.StatusCode, e.Error)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("control %s: the answer is not JSON", cmd)
		}
	}
	return nil
}

// Pushes returns the push of all_member_push/im_push with taskID as the
// emulator recorded it: its sender and the accounts it reached.
func (c Control) Pushes(ctx context.Context, taskID string) (Push, error) {
	var out Push
	err := c.do(ctx, http.MethodGet, "pushes?TaskId="+url.QueryEscape(taskID), nil, &out)
	return out, err
}
