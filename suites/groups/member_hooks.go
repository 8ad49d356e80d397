package groups

import "github.com/chatconform/chatconform/suites/framework"

// The member callbacks the checks are about.
const (
	HookBeforeInvite = "Group.CallbackBeforeInviteJoinGroup"
	HookBeforeApply  = "Group.CallbackBeforeApplyJoinGroup"
	HookGroupFull    = "Group.CallbackAfterGroupFull"
	HookMemberField  = "Group.CallbackAfterMemberFieldChanged"
	// A group that cannot take the members asked for.
	GroupFullCode = 10014
)

// memberHookChecks are the checks of the member callbacks (join requests, invitations, full groups, field changes).
var memberHookChecks = []framework.Check{
	{ID: "GROUPS-MHOOK-001", Title: "add_group_member fires CallbackBeforeInviteJoinGroup once, with the invitees",
		Description: "For an add_group_member that adds an account, the target MUST POST Group.CallbackBeforeInviteJoinGroup once, valid against its schema, with the GroupId, the group's Type and the invited account in DestinationMembers.",
		Doc:         HookDoc(HookBeforeInvite), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookBeforeInvite)},
	{ID: "GROUPS-MHOOK-002", Title: "a before-invite answer with ErrorCode 1 keeps the invitees out with 10016",
		Description: "When the app answers Group.CallbackBeforeInviteJoinGroup with ErrorCode 1, add_group_member MUST answer FAIL with ErrorCode 10016 (its error table's code for an operation the app backend refused through a callback), the invitee MUST NOT be listed by get_group_member_info, and Group.CallbackAfterNewMemberJoin MUST NOT be sent for it.",
		Doc:         HookDoc(HookBeforeInvite), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookBeforeInvite, HookJoin)},
	{ID: "GROUPS-MHOOK-003", Title: "RefusedMembers_Account keeps those invitees out and lets the others in",
		Description: "When the app answers Group.CallbackBeforeInviteJoinGroup with ErrorCode 0 and one of two invitees in RefusedMembers_Account, add_group_member MUST answer OK, get_group_member_info MUST list the other invitee and MUST NOT list the refused one, and Group.CallbackAfterNewMemberJoin MUST NOT name the refused one.",
		Doc:         HookDoc(HookBeforeInvite), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookBeforeInvite, HookJoin)},
	{ID: "GROUPS-MHOOK-004", Title: "a before-invite answer with a code in 10100..10200 refuses with that code",
		Description: "When the app answers Group.CallbackBeforeInviteJoinGroup with ErrorCode 10150, add_group_member MUST answer FAIL with ErrorCode 10150, the code the app chose, and the invitee MUST NOT be listed by get_group_member_info.",
		Doc:         HookDoc(HookBeforeInvite), Basis: framework.Inferred, Labels: hookLabels(LabelGroups, AddMember, HookBeforeInvite)},
	{ID: "GROUPS-MHOOK-005", Title: "an add_group_member that fills the group fires CallbackAfterGroupFull once",
		Description: "After add_group_member brings a group created with MaxMemberCount 3 to 3 members, the target MUST POST Group.CallbackAfterGroupFull once, valid against its schema, with the GroupId.",
		Doc:         HookDoc(HookGroupFull), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookGroupFull)},
	{ID: "GROUPS-MHOOK-006", Title: "an add_group_member refused because the group is full fires CallbackAfterGroupFull once",
		Description: "add_group_member of one more account to a group already at its MaxMemberCount MUST answer FAIL with ErrorCode 10014, the account MUST NOT be listed by get_group_member_info, and the target MUST POST Group.CallbackAfterGroupFull once, valid against its schema, with the GroupId.",
		Doc:         HookDoc(HookGroupFull), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookGroupFull)},
	{ID: "GROUPS-MHOOK-007", Title: "a new name card fires CallbackAfterMemberFieldChanged once, with the card",
		Description: "After modify_group_member_info changes a member's NameCard, the target MUST POST Group.CallbackAfterMemberFieldChanged once, valid against its schema, with the GroupId, the member as Member_Account and the new NameCard.",
		Doc:         HookDoc(HookMemberField), Basis: framework.Documented, Labels: hookLabels(LabelGroups, ModifyMember, HookMemberField)},
	{ID: "GROUPS-MHOOK-008", Title: "making a member an admin fires CallbackAfterMemberFieldChanged once, with Role Admin",
		Description: "After modify_group_member_info makes a member of a Public group an Admin, the target MUST POST Group.CallbackAfterMemberFieldChanged once, valid against its schema, with the GroupId, the member as Member_Account and Role Admin.",
		Doc:         HookDoc(HookMemberField), Basis: framework.Documented, Labels: hookLabels(LabelGroups, ModifyMember, HookMemberField)},
	{ID: "GROUPS-MHOOK-009", Title: "a change of MsgFlag alone fires no CallbackAfterMemberFieldChanged",
		Description: "modify_group_member_info that changes only a member's MsgFlag (neither role nor name card, the documented triggers) MUST answer OK, get_group_member_info MUST show the new MsgFlag, and the target MUST NOT POST Group.CallbackAfterMemberFieldChanged for the member.",
		Doc:         HookDoc(HookMemberField), Basis: framework.Inferred, Labels: hookLabels(LabelGroups, ModifyMember, HookMemberField)},
	{ID: "GROUPS-MHOOK-010", Title: "a client's request to join a FreeAccess group fires CallbackBeforeApplyJoinGroup and joins it",
		Description: "When a client asks to join a Public group whose ApplyJoinOption is FreeAccess, the target MUST POST Group.CallbackBeforeApplyJoinGroup once, valid against its schema, with the GroupId, the Type and the applicant as Requestor_Account; the applicant MUST then be listed by get_group_member_info and Group.CallbackAfterNewMemberJoin MUST name it (JoinType Apply, or Invited: a free join's value is not stated). Needs client sessions (the emulator's control API).",
		Doc:         HookDoc(HookBeforeApply), Basis: framework.Documented, Labels: hookLabels(LabelGroups, MemberInfo, HookBeforeApply, HookJoin)},
	{ID: "GROUPS-MHOOK-011", Title: "a before-apply answer with ErrorCode 1 keeps the applicant out with 10016",
		Description: "When the app answers Group.CallbackBeforeApplyJoinGroup with ErrorCode 1, the client's join request to a FreeAccess group MUST fail with 10016, the applicant MUST NOT be listed by get_group_member_info, and Group.CallbackAfterNewMemberJoin MUST NOT name it. Needs client sessions.",
		Doc:         HookDoc(HookBeforeApply), Basis: framework.Documented, Labels: hookLabels(LabelGroups, MemberInfo, HookBeforeApply, HookJoin)},
	{ID: "GROUPS-MHOOK-012", Title: "an ErrorCode 0 before-apply answer still leaves a NeedPermission request waiting",
		Description: "When the app answers Group.CallbackBeforeApplyJoinGroup with ErrorCode 0 for a request to join a NeedPermission group, the request MUST still wait for approval: the applicant MUST NOT be listed by get_group_member_info and Group.CallbackAfterNewMemberJoin MUST NOT name it. Needs client sessions.",
		Doc:         HookDoc(HookBeforeApply), Basis: framework.Documented, Labels: hookLabels(LabelGroups, MemberInfo, HookBeforeApply, HookJoin)},
	{ID: "GROUPS-MHOOK-013", Title: "a client's join that fills the group fires CallbackAfterGroupFull once",
		Description: "When a client's request to join a FreeAccess group created with MaxMemberCount 2 brings it to 2 members, the target MUST POST Group.CallbackAfterGroupFull once, valid against its schema, with the GroupId. Needs client sessions.",
		Doc:         HookDoc(HookGroupFull), Basis: framework.Documented, Labels: hookLabels(LabelGroups, MemberInfo, HookGroupFull, HookBeforeApply)},
}
