package selftest

import (
	"sync"

	"github.com/chatconform/chatconform/emulator"
)

// MemberHookDeviants break the member callbacks.
var MemberHookDeviants = []Variant{
	hookDeviant("mhook-invite-not-sent", hooksOn("add_group_member"), "add_group_member never sends CallbackBeforeInviteJoinGroup (the emulator hears ErrorCode 0)",
		gids("MHOOK", "001", "002", "003", "004"), mhookSwallow("Group.CallbackBeforeInviteJoinGroup")),
	hookDeviant("mhook-invite-members-left-out", hooksOn("add_group_member"), "CallbackBeforeInviteJoinGroup carries an empty DestinationMembers",
		gids("MHOOK", "001"), editHook("Group.CallbackBeforeInviteJoinGroup", func(m map[string]any) { m["DestinationMembers"] = []any{} })),
	hookDeviant("mhook-invite-refusal-ignored", hooksOn("add_group_member"), "CallbackBeforeInviteJoinGroup is sent but its answer ignored: every invitee joins",
		gids("MHOOK", "002", "003", "004"), mhookAnswer("Group.CallbackBeforeInviteJoinGroup", func(m map[string]any) {
			m["ErrorCode"] = 0
			delete(m, "RefusedMembers_Account")
		})),
	{Name: "mhook-invite-refusal-code", Breaks: "add_group_member refused by a before-invite answer with ErrorCode 1 answers 10007 instead of 10016",
		Kills: gids("MHOOK", "002"), Suite: "groups", Labels: hooksOn("add_group_member"),
		Options: mhookNoLimits, Middleware: func() middleware { return only(gsvc+"add_group_member", recode(10007, 10016)) }},
	hookDeviant("mhook-invite-refused-list-ignored", hooksOn("add_group_member"), "RefusedMembers_Account in a before-invite answer is ignored: the refused invitees join too",
		gids("MHOOK", "003"), mhookAnswer("Group.CallbackBeforeInviteJoinGroup", func(m map[string]any) { delete(m, "RefusedMembers_Account") })),
	hookDeviant("mhook-invite-custom-code-lost", hooksOn("add_group_member"), "a before-invite refusal with the app's own code answers 10016 instead of that code",
		gids("MHOOK", "004"), mhookAnswer("Group.CallbackBeforeInviteJoinGroup", func(m map[string]any) {
			if c := mhookNum(m["ErrorCode"]); c >= 10100 && c <= 10200 {
				m["ErrorCode"] = 1
			}
		})),
	hookDeviant("mhook-full-never-sent", hooksOn("add_group_member", "get_group_member_info"), "CallbackAfterGroupFull is never sent",
		gids("MHOOK", "005", "013"), mhookSwallow("Group.CallbackAfterGroupFull")),
	{Name: "mhook-full-once-per-group", Breaks: "CallbackAfterGroupFull is sent when a join fills the group but not when a join fails because it is full",
		Kills: gids("MHOOK", "006"), Suite: "groups", Labels: hooksOn("add_group_member"),
		Options: mhookNoLimits, Callbacks: func() hookware {
			var mu sync.Mutex
			seen := map[string]bool{}
			return func(h *hook, forward func(*hook) []byte) []byte {
				if m := hookBody(h); m != nil && h.Command == "Group.CallbackAfterGroupFull" {
					id, _ := m["GroupId"].(string)
					mu.Lock()
					again := seen[id]
					seen[id] = true
					mu.Unlock()
					if again {
						return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
					}
				}
				return forward(h)
			}
		}},
	hookDeviant("mhook-field-card-left-out", hooksOn("modify_group_member_info"), "CallbackAfterMemberFieldChanged leaves out the new NameCard",
		gids("MHOOK", "007"), editHook("Group.CallbackAfterMemberFieldChanged", func(m map[string]any) { delete(m, "NameCard") })),
	hookDeviant("mhook-field-role-left-out", hooksOn("modify_group_member_info"), "CallbackAfterMemberFieldChanged leaves out the new Role",
		gids("MHOOK", "008"), editHook("Group.CallbackAfterMemberFieldChanged", func(m map[string]any) { delete(m, "Role") })),
	{Name: "mhook-field-on-any-change", Breaks: "modify_group_member_info fires CallbackAfterMemberFieldChanged for a change of MsgFlag alone (it rewrites the member's own name card)",
		Kills: gids("MHOOK", "009"), Suite: "groups", Labels: hooksOn("modify_group_member_info"),
		Options: mhookNoLimits, Middleware: func() middleware {
			return only(gsvc+"modify_group_member_info", func(c *call, next func(*call) answer) answer {
				m, ok := requestFields(c.Body)
				if !ok || m["Role"] != nil || m["NameCard"] != nil {
					return next(c)
				}
				id, _ := m["GroupId"].(string)
				acc, _ := m["Member_Account"].(string)
				card := ""
				list, _ := sub(next, c, "get_group_member_info", map[string]any{"GroupId": id})["MemberList"].([]any)
				for _, it := range list {
					if mm, _ := it.(map[string]any); mm["Member_Account"] == acc {
						card, _ = mm["NameCard"].(string)
					}
				}
				sub(next, c, "modify_group_member_info", map[string]any{"GroupId": id, "Member_Account": acc, "NameCard": card + "~"})
				m["NameCard"] = card
				c.Body = encode(m)
				return next(c)
			})
		}},
	hookDeviant("mhook-apply-not-sent", hooksOn("get_group_member_info"), "a client's join request never sends CallbackBeforeApplyJoinGroup (the emulator hears ErrorCode 0)",
		gids("MHOOK", "010", "011", "012"), mhookSwallow("Group.CallbackBeforeApplyJoinGroup")),
	hookDeviant("mhook-apply-requestor-wrong", hooksOn("get_group_member_info"), "CallbackBeforeApplyJoinGroup names the group's owner (or the app admin) as Requestor_Account",
		gids("MHOOK", "010"), mhookOwnerAsRequestor()),
	hookDeviant("mhook-apply-join-type-other", hooksOn("get_group_member_info"), "CallbackAfterNewMemberJoin of a client's free join carries JoinType Free, neither Apply nor Invited",
		gids("MHOOK", "010"), editHook("Group.CallbackAfterNewMemberJoin", func(m map[string]any) {
			if list, _ := m["NewMemberList"].([]any); len(list) == 1 {
				if it, _ := list[0].(map[string]any); it["Member_Account"] == m["Operator_Account"] {
					m["JoinType"] = "Free"
				}
			}
		})),
	hookDeviant("mhook-apply-refusal-ignored", hooksOn("get_group_member_info"), "CallbackBeforeApplyJoinGroup is sent but its answer ignored: the applicant joins",
		gids("MHOOK", "011"), mhookAnswer("Group.CallbackBeforeApplyJoinGroup", func(m map[string]any) { m["ErrorCode"] = 0 })),
	{Name: "mhook-need-permission-free", Breaks: "a NeedPermission group takes a join request at once, as a FreeAccess group does",
		Kills: gids("MHOOK", "012"), Suite: "groups", Labels: hooksOn("get_group_member_info"),
		Options: mhookNoLimits, Middleware: func() middleware {
			return only(gsvc+"create_group", func(c *call, next func(*call) answer) answer {
				if m, ok := requestFields(c.Body); ok && m["ApplyJoinOption"] == "NeedPermission" {
					m["ApplyJoinOption"] = "FreeAccess"
					c.Body = encode(m)
				}
				return next(c)
			})
		}},
}

// mhookSwallow answers the callbacks of cmd with ErrorCode 0 itself: the
// receiver never gets them.
func mhookSwallow(cmd string) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		if h.Command == cmd {
			return []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
		}
		return forward(h)
	}
}

// mhookAnswer rewrites the receiver's answer to the callbacks of cmd with f.
func mhookAnswer(cmd string, f func(m map[string]any)) hookware {
	return func(h *hook, forward func(*hook) []byte) []byte {
		out := forward(h)
		if h.Command != cmd {
			return out
		}
		if m := envelope(out); m != nil {
			f(m)
			return encode(m)
		}
		return out
	}
}

// mhookOwnerAsRequestor puts the group's owner, remembered from the
// before-create callbacks, in Requestor_Account.
func mhookOwnerAsRequestor() hookware {
	var mu sync.Mutex
	owners := map[string]string{}
	return func(h *hook, forward func(*hook) []byte) []byte {
		m := hookBody(h)
		if m == nil {
			return forward(h)
		}
		id, _ := m["GroupId"].(string)
		switch h.Command {
		case "Group.CallbackAfterCreateGroup":
			mu.Lock()
			owners[id], _ = m["Owner_Account"].(string)
			mu.Unlock()
		case "Group.CallbackBeforeApplyJoinGroup":
			mu.Lock()
			owner := owners[id]
			mu.Unlock()
			if owner == "" {
				// The after-create callback goes out off the request path
				// and may not have come yet: the admin is as wrong.
				owner = emulator.TestAdmin
			}
			m["Requestor_Account"] = owner
			h.Body = encode(m)
		}
		return forward(h)
	}
}

func mhookNum(v any) int64 {
	n, _ := v.(interface{ Int64() (int64, error) })
	if n == nil {
		return 0
	}
	x, _ := n.Int64()
	return x
}

func mhookNoLimits(o *emulator.Options) { o.NoLimits = true }
