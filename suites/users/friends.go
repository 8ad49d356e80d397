package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the friend calls.
const (
	FriendAdd       = "sns/friend_add"
	FriendImport    = "sns/friend_import"
	FriendUpdate    = "sns/friend_update"
	FriendDelete    = "sns/friend_delete"
	FriendDeleteAll = "sns/friend_delete_all"
	FriendCheck     = "sns/friend_check"
	FriendGet       = "sns/friend_get"
	FriendGetList   = "sns/friend_get_list"
)

// The friend callbacks.
const (
	HookFriendAdd     = "Sns.CallbackFriendAdd"
	HookFriendDelete  = "Sns.CallbackFriendDelete"
	HookPrevFriendAdd = "Sns.CallbackPrevFriendAdd"
	HookPrevFriendRsp = "Sns.CallbackPrevFriendResponse"
)

// Friend-request settings (Tag_Profile_IM_AllowType) and the relations
// friend_check reports.
const (
	AllowAny    = "AllowType_Type_AllowAny"
	NeedConfirm = "AllowType_Type_NeedConfirm"
	DenyAny     = "AllowType_Type_DenyAny"

	RelBothWay    = "CheckResult_Type_BothWay"
	RelAWithB     = "CheckResult_Type_AWithB"
	RelBWithA     = "CheckResult_Type_BWithA"
	RelNoRelation = "CheckResult_Type_NoRelation"
)

// Documented per-account codes of the friend calls.
const (
	FriendPending      = 30539 // the target must confirm the request
	FriendRefusesAll   = 30516 // the target refuses every request
	FriendForbidden    = 30009 // the sender may not send friend requests
	FriendNotAFriend   = 31704 // friend_delete of an account that is no friend
	FriendGetListNotIn = 30001 // friend_get_list of an account that is no friend (the page's sample)
)

const (
	labelAdd       = "sns.friend_add"
	labelImport    = "sns.friend_import"
	labelUpdate    = "sns.friend_update"
	labelDelete    = "sns.friend_delete"
	labelDeleteAll = "sns.friend_delete_all"
	labelCheck     = "sns.friend_check"
	labelGet       = "sns.friend_get"
	labelGetList   = "sns.friend_get_list"
)

func friendLabels(kind string, endpoints ...string) []string {
	return append(append([]string{LabelRelationships}, endpoints...), kind)
}

func friendHookLabels(cmd string, endpoints ...string) []string {
	return append(friendLabels(LabelWebhook, endpoints...), "webhook:"+cmd)
}

// clientHookLabels label the checks of a client's friend request or
// response, made through the control API.
func clientHookLabels(cmd string, endpoints ...string) []string {
	return append(friendHookLabels(cmd, endpoints...), LabelSessions)
}

// friendChecks are the checks of the friend calls and their callbacks.
var friendChecks = []framework.Check{
	{ID: "USERS-FRIEND-001", Title: "a one-way add puts the friend in the adder's list only",
		Description: "sns/friend_add with AddType Add_Type_Single to an account that allows anyone MUST answer ResultCode 0 for it; friend_check (CheckResult_Type_Both) MUST then give CheckResult_Type_AWithB from the adder and CheckResult_Type_BWithA from the added account, and the added account's friend_get MUST NOT list the adder.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck, labelGet)},
	{ID: "USERS-FRIEND-002", Title: "a two-way add to an account that allows anyone makes both friends",
		Description: "sns/friend_add with AddType Add_Type_Both to an account whose Tag_Profile_IM_AllowType is AllowType_Type_AllowAny MUST answer ResultCode 0 for it; friend_check MUST then give CheckResult_Type_BothWay, and each account's friend_get MUST list the other.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck, labelGet)},
	{ID: "USERS-FRIEND-003", Title: "friend_add without AddType adds both ways",
		Description: "sns/friend_add without AddType to an account that allows anyone MUST make a two-way friendship (Add_Type_Both is the documented default): friend_check MUST give CheckResult_Type_BothWay.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck)},
	{ID: "USERS-FRIEND-004", Title: "a two-way add to an account that must confirm leaves a pending request (30539)",
		Description: "sns/friend_add with Add_Type_Both and without ForceAddFlags to an account whose Tag_Profile_IM_AllowType is AllowType_Type_NeedConfirm MUST answer OK with ResultCode 30539 for it, and friend_check MUST then give CheckResult_Type_NoRelation: no side is a friend until the request is confirmed.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck)},
	{ID: "USERS-FRIEND-005", Title: "ForceAddFlags 1 makes the friendship without the target's confirmation",
		Description: "sns/friend_add with Add_Type_Both and ForceAddFlags 1 to an account whose AllowType is AllowType_Type_NeedConfirm MUST answer ResultCode 0 for it, and friend_check MUST then give CheckResult_Type_BothWay.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck)},
	{ID: "USERS-FRIEND-006", Title: "an account that refuses every request is not added (30516)",
		Description: "sns/friend_add without ForceAddFlags to an account whose Tag_Profile_IM_AllowType is AllowType_Type_DenyAny MUST answer ResultCode 30516 for it, and friend_check MUST then give CheckResult_Type_NoRelation.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelCheck, labelPortraitSet)},
	{ID: "USERS-FRIEND-007", Title: "the add's Remark, GroupName, AddSource and AddWording are the friend's fields",
		Description: "After sns/friend_add with Remark, GroupName, AddSource and AddWording, friend_get_list and friend_get of the adder MUST return them as Tag_SNS_IM_Remark, Tag_SNS_IM_Group (an array holding GroupName), Tag_SNS_IM_AddSource and Tag_SNS_IM_AddWording, with Tag_SNS_IM_AddTime an integer.",
		Doc:         DocOf(FriendAdd), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelAdd, labelGetList, labelGet)},
	{ID: "USERS-FRIEND-008", Title: "friend_import makes a one-way friendship with the imported fields",
		Description: "sns/friend_import with AddSource, Remark, GroupName and AddTime MUST answer ResultCode 0 for the friend; friend_check MUST then give CheckResult_Type_AWithB, and friend_get_list MUST return the imported AddSource, Remark, Group and AddTime.",
		Doc:         DocOf(FriendImport), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelImport, labelCheck, labelGetList)},
	{ID: "USERS-FRIEND-009", Title: "friend_update changes the remark and the lists, and nothing else",
		Description: "sns/friend_update of Tag_SNS_IM_Remark and Tag_SNS_IM_Group MUST answer ResultCode 0 for the friend; friend_get_list MUST then return the new remark and lists, with Tag_SNS_IM_AddSource unchanged.",
		Doc:         DocOf(FriendUpdate), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelUpdate, labelGetList)},
	{ID: "USERS-FRIEND-010", Title: "a one-way delete takes the friend out of the deleter's list only",
		Description: "sns/friend_delete with Delete_Type_Single of a two-way friend MUST answer ResultCode 0 for it; friend_check from the deleter MUST then give CheckResult_Type_BWithA: the deleted friend still lists the deleter.",
		Doc:         DocOf(FriendDelete), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelDelete, labelCheck)},
	{ID: "USERS-FRIEND-011", Title: "a two-way delete ends the friendship on both sides",
		Description: "sns/friend_delete with Delete_Type_Both of a two-way friend MUST answer ResultCode 0 for it; friend_check MUST then give CheckResult_Type_NoRelation.",
		Doc:         DocOf(FriendDelete), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelDelete, labelCheck)},
	{ID: "USERS-FRIEND-012", Title: "deleting an account that is not a friend answers 31704 for it",
		Description: "sns/friend_delete of an imported account that is not in From_Account's list MUST answer OK with ResultCode 31704 for that account, while a friend deleted in the same call gets ResultCode 0.",
		Doc:         DocOf(FriendDelete), Basis: framework.Documented, Labels: friendLabels(LabelErrors, labelDelete)},
	{ID: "USERS-FRIEND-013", Title: "friend_delete_all empties the list, one way by default",
		Description: "sns/friend_delete_all without DeleteType MUST answer OK; the user's friend_get MUST then report FriendNum 0 and list no friend, while a former two-way friend MUST still list the user (friend_check from it gives CheckResult_Type_AWithB).",
		Doc:         DocOf(FriendDeleteAll), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelDeleteAll, labelGet, labelCheck)},
	{ID: "USERS-FRIEND-014", Title: "friend_delete_all with Delete_Type_Both ends every friendship on both sides",
		Description: "sns/friend_delete_all with Delete_Type_Both MUST answer OK, and friend_check with each former two-way friend MUST then give CheckResult_Type_NoRelation.",
		Doc:         DocOf(FriendDeleteAll), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelDeleteAll, labelCheck)},
	{ID: "USERS-FRIEND-015", Title: "friend_check reports each documented relation",
		Description: "For accounts that are a two-way friend, in From_Account's list only, listing From_Account only, and neither, sns/friend_check with CheckResult_Type_Both MUST give CheckResult_Type_BothWay, CheckResult_Type_AWithB, CheckResult_Type_BWithA and CheckResult_Type_NoRelation; with CheckResult_Type_Single (From_Account's list only) it MUST give AWithB, AWithB, NoRelation and NoRelation.",
		Doc:         DocOf(FriendCheck), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelCheck)},
	{ID: "USERS-FRIEND-016", Title: "friend_get's pages list every friend once, and FriendNum counts them",
		Description: "Walking sns/friend_get from StartIndex 0 through NextStartIndex until CompleteFlag is non-zero MUST list each of the user's friends exactly once and no other account, and every page MUST report FriendNum equal to the number of friends.",
		Doc:         DocOf(FriendGet), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelGet)},
	{ID: "USERS-FRIEND-017", Title: "friend_get leaves out standard data whose StandardSequence is current",
		Description: "sns/friend_get with the StandardSequence and CustomSequence its previous answer gave, nothing having changed since, MUST NOT return the standard friend fields (Tag_SNS_IM_AddSource, Tag_SNS_IM_Remark, Tag_SNS_IM_AddTime); after a friend_update of the remark it MUST report another StandardSequence and return the new remark.",
		Doc:         DocOf(FriendGet), Basis: framework.Documented, Labels: friendLabels(LabelBehaviour, labelGet, labelUpdate)},
	{ID: "USERS-FRIEND-018", Title: "friend_get_list gives a friend's fields and refuses an account that is not a friend",
		Description: "sns/friend_get_list of a friend and of an account that is not one MUST answer OK with, for the friend, ResultCode 0 and its profile Nick (as portrait_set stored it) and Tag_SNS_IM_AddSource, and for the other account a non-zero ResultCode (30001 in the page's sample), no SnsProfileItem, and a place in Fail_Account.",
		Doc:         DocOf(FriendGetList), Basis: framework.Documented, Open: true, Labels: friendLabels(LabelBehaviour, labelGetList, labelPortraitSet)},
	{ID: "USERS-FRIEND-019", Title: "a user the admin forbids to send requests cannot add (30009)",
		Description: "After profile/portrait_set of Tag_Profile_IM_AdminForbidType AdminForbid_Type_SendOut for A, sns/friend_add from A without ForceAddFlags to an account that allows anyone MUST NOT make a friendship (friend_check gives CheckResult_Type_NoRelation), and MUST answer 30009, per account or for the call.",
		Doc:         DocOf(FriendAdd), Basis: framework.Inferred, Labels: friendLabels(LabelBehaviour, labelAdd, labelPortraitSet, labelCheck)},

	{ID: "USERS-HOOK-002", Title: "a friendship made by friend_add fires CallbackFriendAdd once, with its pair",
		Description: "After sns/friend_add makes a friendship (two-way, to an account that allows anyone), the target MUST POST Sns.CallbackFriendAdd exactly once, valid against its schema, whose PairList holds From_Account the adder and To_Account the added account, Initiator_Account the adder, and whose ForceFlag is the call's ForceAddFlags.",
		Doc:         HookDoc(HookFriendAdd), Basis: framework.Documented, Labels: friendHookLabels(HookFriendAdd, labelAdd)},
	{ID: "USERS-HOOK-003", Title: "friend_import fires no CallbackFriendAdd",
		Description: "sns/friend_import MUST NOT fire Sns.CallbackFriendAdd for the friendships it makes.",
		Doc:         HookDoc(HookFriendAdd), Basis: framework.Documented, Labels: friendHookLabels(HookFriendAdd, labelImport)},
	{ID: "USERS-HOOK-004", Title: "a pending request fires no CallbackFriendAdd",
		Description: "sns/friend_add that leaves a pending request (ResultCode 30539) MUST NOT fire Sns.CallbackFriendAdd, since no friendship is made.",
		Doc:         HookDoc(HookFriendAdd), Basis: framework.Inferred, Labels: friendHookLabels(HookFriendAdd, labelAdd)},
	{ID: "USERS-HOOK-005", Title: "friend_delete fires CallbackFriendDelete once, with the pair",
		Description: "After sns/friend_delete (Delete_Type_Single) answers ResultCode 0 for a friend, the target MUST POST Sns.CallbackFriendDelete exactly once, valid against its schema, whose PairList holds From_Account the deleter and To_Account the deleted friend.",
		Doc:         HookDoc(HookFriendDelete), Basis: framework.Documented, Labels: friendHookLabels(HookFriendDelete, labelDelete)},
	{ID: "USERS-HOOK-006", Title: "friend_delete_all reports every deleted friend, or nothing, consistently",
		Description: "After sns/friend_delete_all of a user with two friends, any Sns.CallbackFriendDelete the target sends MUST be valid against its schema and its PairList MUST name each deleted friend with the user as From_Account (the page does not say whether friend_delete_all fires it).",
		Doc:         HookDoc(HookFriendDelete), Basis: framework.Inferred, Labels: friendHookLabels(HookFriendDelete, labelDeleteAll)},
	{ID: "USERS-HOOK-007", Title: "REST friend_add sends no CallbackPrevFriendAdd",
		Description: "sns/friend_add MUST NOT send Sns.CallbackPrevFriendAdd: that callback is documented for friend requests from clients only, never for REST calls.",
		Doc:         HookDoc(HookPrevFriendAdd), Basis: framework.Documented, Labels: friendHookLabels(HookPrevFriendAdd, labelAdd)},
	{ID: "USERS-HOOK-008", Title: "a client's friend request fires CallbackPrevFriendAdd once, with its accounts",
		Description: "When a client of A sends a friend request to B, the target MUST POST Sns.CallbackPrevFriendAdd exactly once, valid against its schema, with From_Account A and a FriendItem entry whose To_Account is B.",
		Doc:         HookDoc(HookPrevFriendAdd), Basis: framework.Documented, Labels: clientHookLabels(HookPrevFriendAdd, labelCheck)},
	{ID: "USERS-HOOK-009", Title: "a CallbackPrevFriendAdd refusal leaves no friendship and no pending request",
		Description: "When the app answers Sns.CallbackPrevFriendAdd with a non-zero ResultCode for B, a client request of A to B (who must confirm) MUST NOT make a friendship (friend_check gives CheckResult_Type_NoRelation, friend_get of either lists neither) nor leave a pending request: B's client accepting afterwards MUST NOT make them friends either.",
		Doc:         HookDoc(HookPrevFriendAdd), Basis: framework.Documented, Labels: clientHookLabels(HookPrevFriendAdd, labelCheck, labelGet)},
	{ID: "USERS-HOOK-010", Title: "a client's response fires CallbackPrevFriendResponse; accepting makes both friends",
		Description: "When a client of B accepts A's pending friend request, the target MUST POST Sns.CallbackPrevFriendResponse exactly once, valid against its schema, with From_Account B and a ResponseFriendItem entry whose To_Account is A; with the app allowing it, A and B MUST then be friends both ways (friend_check gives CheckResult_Type_BothWay).",
		Doc:         HookDoc(HookPrevFriendRsp), Basis: framework.Documented, Labels: clientHookLabels(HookPrevFriendRsp, labelCheck)},
	{ID: "USERS-HOOK-011", Title: "a CallbackPrevFriendResponse refusal leaves them not friends",
		Description: "When the app answers Sns.CallbackPrevFriendResponse with a non-zero ResultCode for A, B's client accepting A's pending request MUST NOT make A and B friends (friend_check gives CheckResult_Type_NoRelation).",
		Doc:         HookDoc(HookPrevFriendRsp), Basis: framework.Documented, Labels: clientHookLabels(HookPrevFriendRsp, labelCheck)},
}
