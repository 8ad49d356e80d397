package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the friend-list and blocklist calls.
const (
	GroupAdd        = "sns/group_add"
	GroupDelete     = "sns/group_delete"
	GroupGet        = "sns/group_get"
	BlackListAdd    = "sns/black_list_add"
	BlackListDelete = "sns/black_list_delete"
	BlackListGet    = "sns/black_list_get"
	BlackListCheck  = "sns/black_list_check"
)

// Documented limits and codes the list checks hold a target to (the
// relationship-chain page and the endpoints' error tables).
const (
	MaxFriendLists    = 32 // friend lists per account
	MaxListNameBytes  = 30
	CodeSNSParam      = 30001 // invalid parameter; also "already blocked" in the sample
	CodeSNSNoAccount  = 30003
	CodeListLimit     = 30011
	CodeNotFriend     = 32216 // group_add's sample: To_Account is not a friend
	CodeAddBlocked    = 30515 // friend_add: the target is on the adder's blocklist
	CodeAddBlockedBy  = 30525 // friend_add: the adder is on the target's blocklist
	CodeSenderBlocked = 20007 // a one-to-one message to an account that blocked the sender
)

// Relations black_list_check answers.
const (
	BlockBothWay = "BlackCheckResult_Type_BothWay"
	BlockAWithB  = "BlackCheckResult_Type_AWithB"
	BlockBWithA  = "BlackCheckResult_Type_BWithA"
	BlockNone    = "BlackCheckResult_Type_NO"
)

// Callbacks of the blocklist.
const (
	HookBlackListAdd    = "Sns.CallbackBlackListAdd"
	HookBlackListDelete = "Sns.CallbackBlackListDelete"
)

func relLabels(kind string, paths ...string) []string {
	out := []string{LabelRelationships}
	for _, p := range paths {
		out = append(out, relEndpoint(p))
	}
	return append(out, kind)
}

// relEndpoint is an endpoint's label: its path with a dot.
func relEndpoint(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			return path[:i] + "." + path[i+1:]
		}
	}
	return path
}

func hookLabels(cmd, path string) []string {
	return []string{LabelRelationships, relEndpoint(path), LabelWebhook, "webhook:" + cmd}
}

// listChecks are the checks of friend lists and the blocklist.
var listChecks = []framework.Check{
	{ID: "USERS-LIST-001", Title: "new friend lists are what group_get lists, for their owner only",
		Description: "sns/group_add with new list names MUST answer OK; sns/group_get MUST then list each of them with FriendNumber 0, and another account's group_get MUST NOT list them.",
		Doc:         DocOf(GroupAdd), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, GroupAdd, GroupGet)},
	{ID: "USERS-LIST-002", Title: "group_add puts the friends of To_Account in the new lists, and no one else",
		Description: "sns/group_add with To_Account naming a friend and a non-friend MUST answer OK with ResultCode 0 for the friend and a non-zero ResultCode (the sample's 32216) for the non-friend, listed in Fail_Account; group_get with NeedFriend Need_Friend_Type_Yes MUST then list the friend, and only the friend, in the new list, with FriendNumber 1.",
		Doc:         DocOf(GroupAdd), Basis: framework.Documented, Open: true, Labels: relLabels(LabelBehaviour, GroupAdd, GroupGet)},
	{ID: "USERS-LIST-003", Title: "a deleted friend list is gone from group_get; the others stay",
		Description: "sns/group_delete of one of an account's lists MUST answer OK; group_get MUST then no longer list it and MUST still list the account's other lists with their members.",
		Doc:         DocOf(GroupDelete), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, GroupDelete, GroupGet)},
	{ID: "USERS-LIST-004", Title: "deleting a friend list leaves its friends friends",
		Description: "After sns/group_delete of a list that held a friend, sns/friend_check MUST still report the friendship (group_delete deletes lists, not friends; the page implies this without stating it).",
		Doc:         DocOf(GroupDelete), Basis: framework.Inferred, Labels: relLabels(LabelBehaviour, GroupDelete, "sns/friend_check")},
	{ID: "USERS-LIST-005", Title: "an account holds at most 32 friend lists; the 33rd answers 30011",
		Description: "sns/group_add MUST accept 32 lists for one account; a group_add of one more list MUST answer FAIL with ErrorCode 30011, and group_get MUST then list the 32 lists and not the 33rd.",
		Doc:         DocOf(GroupAdd), Basis: framework.Documented, Labels: relLabels(LabelErrors, GroupAdd, GroupGet)},
	{ID: "USERS-LIST-006", Title: "a friend list name holds at most 30 bytes",
		Description: "sns/group_add MUST accept a list name of 30 bytes and MUST answer a name of 31 bytes with FAIL and ErrorCode 30001; group_get MUST then list the first and not the second.",
		Doc:         DocOf(GroupAdd), Basis: framework.Documented, Labels: relLabels(LabelErrors, GroupAdd, GroupGet)},
	{ID: "USERS-LIST-007", Title: "group_get with GroupName lists only the lists named, without members unless asked",
		Description: "sns/group_get with GroupName naming one of an account's two lists MUST list that list only; without NeedFriend it MUST NOT list the members (To_Account) but MUST count them in FriendNumber.",
		Doc:         DocOf(GroupGet), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, GroupGet)},

	{ID: "USERS-BLOCK-001", Title: "blocked accounts are what black_list_get and black_list_check show",
		Description: "sns/black_list_add of two accounts MUST answer OK with ResultCode 0 for each; sns/black_list_get MUST then list both, each with an AddBlackTimeStamp within a minute of the call, and sns/black_list_check with BlackCheckResult_Type_Single MUST give each the Relation BlackCheckResult_Type_AWithB, and an account not blocked BlackCheckResult_Type_NO.",
		Doc:         DocOf(BlackListAdd), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, BlackListAdd, BlackListGet, BlackListCheck)},
	{ID: "USERS-BLOCK-002", Title: "black_list_check gives the documented relation of each pair, one way or both",
		Description: "With A and B blocking each other, A blocking C and D blocking A, sns/black_list_check from A with BlackCheckResult_Type_Both MUST give B BlackCheckResult_Type_BothWay, C BlackCheckResult_Type_AWithB, D BlackCheckResult_Type_BWithA and an unrelated E BlackCheckResult_Type_NO; with BlackCheckResult_Type_Single it MUST give B and C AWithB and D and E NO.",
		Doc:         DocOf(BlackListCheck), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, BlackListCheck, BlackListAdd)},
	{ID: "USERS-BLOCK-003", Title: "blocking an account twice fails its item with 30001 and lists it once",
		Description: "sns/black_list_add of an account already on the blocklist MUST answer OK with that item's ResultCode 30001 (the sample's Err_SNS_BlackListAdd_Already_Exist) and the account in Fail_Account; black_list_get MUST list it once.",
		Doc:         DocOf(BlackListAdd), Basis: framework.Documented, Labels: relLabels(LabelErrors, BlackListAdd, BlackListGet)},
	{ID: "USERS-BLOCK-004", Title: "an unblocked account is gone from black_list_get and black_list_check",
		Description: "sns/black_list_delete of a blocked account MUST answer OK with ResultCode 0 for it; black_list_get MUST then no longer list it and black_list_check MUST give it BlackCheckResult_Type_NO, while the other blocked account stays; an account that is not blocked MUST get a non-zero ResultCode (30001 by the FAQ) and be listed in Fail_Account.",
		Doc:         DocOf(BlackListDelete), Basis: framework.Documented, Open: true, Labels: relLabels(LabelBehaviour, BlackListDelete, BlackListGet, BlackListCheck)},
	{ID: "USERS-BLOCK-005", Title: "black_list_get pages through the whole blocklist by StartIndex",
		Description: "With five accounts blocked, sns/black_list_get with MaxLimited 2 from StartIndex 0, then from each answer's StartIndex, MUST return at most 2 entries a page and every blocked account exactly once, and MUST answer StartIndex 0 on the last page.",
		Doc:         DocOf(BlackListGet), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, BlackListGet)},
	{ID: "USERS-BLOCK-006", Title: "blocking a friend ends the friendship both ways",
		Description: "When A and B are friends both ways, sns/black_list_add of B by A MUST end the friendship on both sides: sns/friend_check from A with CheckResult_Type_Both MUST then answer CheckResult_Type_NoRelation for B.",
		Doc:         DocOf(BlackListAdd), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, BlackListAdd, "sns/friend_check")},
	{ID: "USERS-BLOCK-007", Title: "a blocked account cannot add its blocker as a friend, nor the blocker it",
		Description: "When A has blocked B, sns/friend_add from B to A MUST fail its item with ResultCode 30525 and from A to B with 30515, and sns/friend_check MUST then answer CheckResult_Type_NoRelation between them.",
		Doc:         DocOf("sns/friend_add"), Basis: framework.Documented, Labels: relLabels(LabelBehaviour, "sns/friend_add", BlackListAdd)},
	{ID: "USERS-BLOCK-008", Title: "the blocker may still message the blocked account; a blocked sender is refused with 20007 or let through",
		Description: "When A has blocked B, openim/sendmsg from A to B MUST be delivered (in B's history); from B to A it MUST either be refused with ErrorCode 20007 and stored nowhere (the blocklist page) or be delivered (sendmsg's page says the REST API checks no blocklist).",
		Doc:         DocOf(BlackListAdd), Basis: framework.Inferred, Labels: relLabels(LabelBehaviour, BlackListAdd, "openim/sendmsg")},

	{ID: "USERS-HOOK-050", Title: "black_list_add sends Sns.CallbackBlackListAdd once with the pairs it added",
		Description: "After sns/black_list_add of two accounts answers OK, the app MUST get one Sns.CallbackBlackListAdd valid against its schema whose PairList holds exactly the two pairs (From_Account the blocker, To_Account each blocked account).",
		Doc:         HookDoc(HookBlackListAdd), Basis: framework.Documented, Labels: hookLabels(HookBlackListAdd, BlackListAdd)},
	{ID: "USERS-HOOK-051", Title: "black_list_delete sends Sns.CallbackBlackListDelete once with the pairs it removed",
		Description: "After sns/black_list_delete of two blocked accounts answers OK, the app MUST get one Sns.CallbackBlackListDelete valid against its schema whose PairList holds exactly the two pairs removed.",
		Doc:         HookDoc(HookBlackListDelete), Basis: framework.Documented, Labels: hookLabels(HookBlackListDelete, BlackListDelete)},
}
