package c2c

import (
	"strings"

	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of the conversation endpoints the checks call.
const (
	ConvGetList      = "recentcontact/get_list"
	ConvDelete       = "recentcontact/delete"
	ConvCreateGroup  = "recentcontact/create_contact_group"
	ConvUpdateGroup  = "recentcontact/update_contact_group"
	ConvDelGroup     = "recentcontact/del_contact_group"
	ConvMark         = "recentcontact/mark_contact"
	ConvSearchGroups = "recentcontact/search_contact_group"
	ConvGetGroups    = "recentcontact/get_contact_group"
)

// Codes the conversation checks accept.
var (
	// ConvUnknownGroupCodes: recentcontact/delete of a group conversation
	// whose group does not exist. The page documents only 50002 (a wrong
	// parameter) that fits; the group family answers 10010 (no such group)
	// and 10015 (an invalid group ID), and the conversation-group pages
	// 51007 (a group ID that resolves to no group).
	ConvUnknownGroupCodes = []int{50002, 10010, 10015, 51007}
	// ConvEditionCode: conversation groups and standard marks need the
	// Ultimate edition; other editions answer it.
	ConvEditionCode = 51013
)

func convLabels(path string, kind ...string) []string {
	return append([]string{LabelConvs, strings.Replace(path, "/", ".", 1)}, kind...)
}

// conversationChecks are the checks of conversation lists, conversation
// groups and conversation marks.
var conversationChecks = []framework.Check{
	{ID: "C2C-CONV-001", Title: "a one-to-one message puts the conversation in both users' lists",
		Description: "After openim/sendmsg from A to B answers OK, recentcontact/get_list of A MUST list a Type 1 conversation with To_Account B and get_list of B MUST list one with To_Account A, each with a MsgTime within a second of the message's MsgTime.",
		Doc:         docOf(ConvGetList), Basis: framework.Documented, Labels: convLabels(ConvGetList, LabelBehaviour)},
	{ID: "C2C-CONV-002", Title: "an imported live message puts the conversation in both users' lists",
		Description: "After openim/importmsg of a live message (SyncFromOldSystem 5) from A to B answers OK, recentcontact/get_list MUST list the conversation for A (To_Account B) and for B (To_Account A): importing updates the conversation.",
		Doc:         docOf("openim/importmsg"), Basis: framework.Documented, Labels: convLabels(ConvGetList, LabelBehaviour)},
	{ID: "C2C-CONV-003", Title: "conversations are ordered by their last message's time, and a new message moves one",
		Description: "recentcontact/get_list MUST give each conversation the time of its last message as MsgTime and MUST list conversations in MsgTime order (newest first, or oldest first as the page's sample shows); after a new message in the oldest conversation, that conversation MUST move to the newest end with the new message's time.",
		Doc:         docOf(ConvGetList), Basis: framework.Inferred, Labels: convLabels(ConvGetList, LabelBehaviour)},
	{ID: "C2C-CONV-004", Title: "paging with the returned cursors lists every conversation once and ends",
		Description: "Calling recentcontact/get_list again with the TimeStamp, StartIndex, TopTimeStamp and TopStartIndex it returned, until CompleteFlag is 1, MUST end and MUST list every conversation of the user exactly once.",
		Doc:         docOf(ConvGetList), Basis: framework.Documented, Labels: convLabels(ConvGetList, LabelBehaviour)},
	{ID: "C2C-CONV-005", Title: "deleting a conversation takes it out of that user's list only, and keeps the history",
		Description: "After recentcontact/delete of A's conversation with B without ClearRamble answers OK, get_list of A MUST NOT list B, get_list of B MUST still list A, and openim/admin_getroammsg for A MUST still return the conversation's messages.",
		Doc:         docOf(ConvDelete), Basis: framework.Documented, Labels: convLabels(ConvDelete, LabelBehaviour)},
	{ID: "C2C-CONV-006", Title: "ClearRamble 1 also clears that user's history, not the peer's",
		Description: "After recentcontact/delete of A's conversation with B with ClearRamble 1 answers OK, get_list of A MUST NOT list B, openim/admin_getroammsg with Operator_Account A MUST return none of the conversation's messages, and with Operator_Account B MUST still return all of them.",
		Doc:         docOf(ConvDelete), Basis: framework.Documented, Labels: convLabels(ConvDelete, LabelBehaviour)},
	{ID: "C2C-CONV-007", Title: "a new message brings a deleted conversation back",
		Description: "After recentcontact/delete of A's conversation with B, a new message from B to A MUST put the conversation back in A's get_list, with the new message's time.",
		Doc:         docOf(ConvDelete), Basis: framework.Inferred, Labels: convLabels(ConvDelete, LabelBehaviour)},
	{ID: "C2C-CONV-008", Title: "get_list of an account never imported fails with 50001",
		Description: "recentcontact/get_list MUST answer FAIL with ErrorCode 50001 for a From_Account that was never imported, while the same request for an imported account answers OK.",
		Doc:         docOf(ConvGetList), Basis: framework.Documented, Labels: convLabels(ConvGetList, LabelErrors)},
	{ID: "C2C-CONV-009", Title: "delete for an account never imported fails with 50001",
		Description: "recentcontact/delete MUST answer FAIL with ErrorCode 50001 for a From_Account that was never imported, while the same request for an imported account answers OK.",
		Doc:         docOf(ConvDelete), Basis: framework.Documented, Labels: convLabels(ConvDelete, LabelErrors)},
	{ID: "C2C-CONV-010", Title: "deleting the conversation of a group that does not exist fails",
		Description: "recentcontact/delete with Type 2 and a ToGroupid that names no group MUST answer FAIL with a code for a wrong parameter or an unknown group (50002, or 10010, 10015, 51007), while deleting a one-to-one conversation of the same account answers OK.",
		Doc:         docOf(ConvDelete), Basis: framework.Inferred, Labels: convLabels(ConvDelete, LabelErrors)},

	{ID: "C2C-CGROUP-001", Title: "a created conversation group is returned with its conversation",
		Description: "After recentcontact/create_contact_group answers OK with GroupItem naming the group and its integer GroupId, recentcontact/get_contact_group MUST list that group with that name and GroupId, and the conversation with that GroupId in its ContactGroupId.",
		Doc:         docOf(ConvCreateGroup), Basis: framework.Documented, Labels: convLabels(ConvCreateGroup, LabelBehaviour)},
	{ID: "C2C-CGROUP-002", Title: "renaming a conversation group keeps its ID and conversations",
		Description: "After recentcontact/update_contact_group with UpdateGroupType 1 renames a group, get_contact_group MUST list the new name with the same GroupId, MUST NOT list the old name, and the group's conversation MUST keep that GroupId.",
		Doc:         docOf(ConvUpdateGroup), Basis: framework.Documented, Labels: convLabels(ConvUpdateGroup, LabelBehaviour)},
	{ID: "C2C-CGROUP-003", Title: "conversations are added to and removed from a group",
		Description: "After recentcontact/update_contact_group with UpdateGroupType 2 adds one conversation (ContactOptType 1) and removes another (ContactOptType 2), get_contact_group MUST show the group's GroupId on the added conversation and MUST NOT show it on the removed one.",
		Doc:         docOf(ConvUpdateGroup), Basis: framework.Documented, Labels: convLabels(ConvUpdateGroup, LabelBehaviour)},
	{ID: "C2C-CGROUP-004", Title: "a deleted conversation group is gone, from its conversations too",
		Description: "After recentcontact/del_contact_group deletes a group, get_contact_group MUST NOT list the group, and no conversation MUST carry its GroupId.",
		Doc:         docOf(ConvDelGroup), Basis: framework.Documented, Labels: convLabels(ConvDelGroup, LabelBehaviour)},
	{ID: "C2C-CGROUP-005", Title: "deleting a conversation group that does not exist fails with 51009",
		Description: "recentcontact/del_contact_group MUST answer FAIL with ErrorCode 51009 for a group name the user does not have, while deleting a group the user has answers OK.",
		Doc:         docOf(ConvDelGroup), Basis: framework.Documented, Labels: convLabels(ConvDelGroup, LabelErrors)},
	{ID: "C2C-CGROUP-006", Title: "a user has at most 20 conversation groups",
		Description: "recentcontact/create_contact_group MUST accept a user's first 20 conversation groups and MUST answer FAIL with ErrorCode 51010 for a 21st, after which get_contact_group MUST list 20 groups.",
		Doc:         docOf(ConvCreateGroup), Basis: framework.Documented, Labels: convLabels(ConvCreateGroup, LabelErrors)},
	{ID: "C2C-CGROUP-007", Title: "a group name over 32 bytes fails with 51011",
		Description: "recentcontact/create_contact_group MUST answer FAIL with ErrorCode 51011 for a GroupName of 33 bytes, while a GroupName of 32 bytes answers OK.",
		Doc:         docOf(ConvCreateGroup), Basis: framework.Documented, Labels: convLabels(ConvCreateGroup, LabelErrors)},
	{ID: "C2C-CGROUP-008", Title: "search_contact_group returns a conversation's groups",
		Description: "recentcontact/search_contact_group for a conversation in two groups MUST return that conversation with both GroupIds in ContactGroupId, and MUST name both groups, with their GroupIds, in GroupItem.",
		Doc:         docOf(ConvSearchGroups), Basis: framework.Documented, Labels: convLabels(ConvSearchGroups, LabelBehaviour)},

	{ID: "C2C-MARK-001", Title: "standard marks are set and cleared bit by bit",
		Description: "After recentcontact/mark_contact with OptType 1 sets bits 33 and 40 (SetMark), the conversation's StandardMark MUST have exactly those bits set, and after a ClearMark of bit 33 only bit 40, as get_contact_group shows (read either end first and counting from 0 or 1, the page does not say).",
		Doc:         docOf(ConvMark), Basis: framework.Inferred, Labels: convLabels(ConvMark, LabelBehaviour)},
	{ID: "C2C-MARK-002", Title: "a custom mark is stored, and setting standard marks leaves it",
		Description: "After recentcontact/mark_contact with OptType 2 sets a CustomMark, get_contact_group MUST return it for the conversation, and a later mark_contact with OptType 1 (standard marks only) MUST NOT change it.",
		Doc:         docOf(ConvMark), Basis: framework.Documented, Labels: convLabels(ConvMark, LabelBehaviour)},
	{ID: "C2C-MARK-003", Title: "mark_contact takes 1 to 100 conversations, else 51006",
		Description: "recentcontact/mark_contact MUST answer FAIL with ErrorCode 51006 for a MarkItem of 101 marks and for an empty MarkItem, while one mark answers OK.",
		Doc:         docOf(ConvMark), Basis: framework.Documented, Labels: convLabels(ConvMark, LabelErrors)},
}
