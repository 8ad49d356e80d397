package groups

import "github.com/chatconform/chatconform/suites/framework"

// Results of add_group_member and import_group_member items.
const (
	ResultFailed  = 0
	ResultAdded   = 1
	ResultAlready = 2
)

// PermanentMute is the documented MuteTime that mutes for good.
const PermanentMute = 4294967295

// MuteSlack bounds how far a MutedUntil or MuteUntil may lie from the
// call's time plus MuteTime, for clocks and the call's own duration.
const MuteSlack = 5

// memberChecks are the checks of members, roles and mutes.
var memberChecks = []framework.Check{
	{ID: "GROUPS-MEMBER-001", Title: "add_group_member adds new members and reports existing ones",
		Description: "add_group_member with two new accounts and the owner MUST answer OK with Result 1 for each new account and 2 for the owner; get_group_member_info MUST then list the new accounts with Role Member, with MemberNum 3, and get_role_in_group MUST answer Member for them.",
		Doc:         DocOf(AddMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, AddMember, MemberInfo, Role)},
	{ID: "GROUPS-MEMBER-002", Title: "a never-imported account is not added",
		Description: "add_group_member with an imported account and a never-imported one MUST NOT add the never-imported one: either the call answers OK with Result 0 for it (and the imported one added), or it answers FAIL (10019 or 10004) and adds nobody; get_role_in_group MUST answer NotMember for the never-imported account.",
		Doc:         DocOf(AddMember), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelBehaviour, AddMember, Role)},
	{ID: "GROUPS-MEMBER-003", Title: "delete_group_member removes members",
		Description: "delete_group_member of a member and of an account that is not a member MUST answer OK; get_role_in_group MUST then answer NotMember for the removed member, get_group_member_info MUST NOT list it and MemberNum MUST drop by one, and the other member MUST stay.",
		Doc:         DocOf(DeleteMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, DeleteMember, Role, MemberInfo)},
	{ID: "GROUPS-MEMBER-004", Title: "the owner cannot be removed",
		Description: "delete_group_member naming the group's owner MUST NOT remove it: whatever the call answers (FAIL with 10007 or 10004, or OK), get_role_in_group MUST still answer Owner for it and get_group_info MUST still report it as Owner_Account.",
		Doc:         DocOf(DeleteMember), Basis: framework.Inferred, Labels: labels(LabelGroups, LabelErrors, DeleteMember, Role, Info)},
	{ID: "GROUPS-MEMBER-005", Title: "get_group_member_info pages with Limit and Offset",
		Description: "Pages of get_group_member_info with Limit 2 and Offset 0, 2, 4 on a group of five members MUST each hold at most 2 members and together list each member exactly once, each with MemberNum 5.",
		Doc:         DocOf(MemberInfo), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, MemberInfo)},
	{ID: "GROUPS-MEMBER-006", Title: "MemberRoleFilter lists only members of the roles it names",
		Description: "get_group_member_info with MemberRoleFilter [Admin] MUST list the group's admin and no one else; with [Owner, Member] it MUST list the owner and the plain member and not the admin.",
		Doc:         DocOf(MemberInfo), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, MemberInfo)},
	{ID: "GROUPS-MEMBER-007", Title: "modify_group_member_info grants and revokes the admin role",
		Description: "modify_group_member_info with Role Admin MUST make get_role_in_group answer Admin for the member, and a second call with Role Member MUST make it answer Member again.",
		Doc:         DocOf(ModifyMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ModifyMember, Role)},
	{ID: "GROUPS-MEMBER-008", Title: "the owner's role cannot be changed",
		Description: "modify_group_member_info with Role Member (or Admin) for the owner MUST NOT change its role: the call answers FAIL (10007 or 10004) or OK, and get_role_in_group MUST still answer Owner for it.",
		Doc:         DocOf(ModifyMember), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, ModifyMember, Role)},
	{ID: "GROUPS-MEMBER-009", Title: "NameCard and MsgFlag are what get_group_member_info reports",
		Description: "After modify_group_member_info with a NameCard and MsgFlag Discard, get_group_member_info MUST report that NameCard and MsgFlag for the member, and another member's MUST be unchanged.",
		Doc:         DocOf(ModifyMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ModifyMember, MemberInfo)},
	{ID: "GROUPS-MEMBER-010", Title: "MuteTime mutes a member for that long; 0 unmutes",
		Description: "modify_group_member_info with MuteTime 3600 MUST make get_group_member_info report MuteUntil within a few seconds of the call's time plus 3600 and get_group_muted_account list the member; MuteTime 0 MUST then give MuteUntil 0 and an empty muted list.",
		Doc:         DocOf(ModifyMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ModifyMember, MemberInfo, Muted)},
	{ID: "GROUPS-MEMBER-011", Title: "forbid_send_msg mutes members until the call's time plus MuteTime",
		Description: "forbid_send_msg of two members with MuteTime 600 MUST make get_group_muted_account list both with MutedUntil within a few seconds of the call's time plus 600, a permanent MuteTime 4294967295 MUST list the member far in the future, and MuteTime 0 MUST take both off the list.",
		Doc:         DocOf(Forbid), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Forbid, Muted)},
	{ID: "GROUPS-MEMBER-012", Title: "a mute ends when its time is up",
		Description: "After forbid_send_msg with MuteTime 1, get_group_muted_account MUST stop listing the member within a few seconds, by the target's clock.",
		Doc:         DocOf(Forbid), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Forbid, Muted)},
	{ID: "GROUPS-MEMBER-013", Title: "a muted member who leaves and rejoins is still muted",
		Description: "A member muted for an hour, removed with delete_group_member and added again with add_group_member, MUST still be muted: get_group_muted_account lists it with the same MutedUntil.",
		Doc:         DocOf(Forbid), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Forbid, Muted, DeleteMember, AddMember)},
	{ID: "GROUPS-MEMBER-014", Title: "get_role_in_group answers each account's role",
		Description: "get_role_in_group for the owner, an admin, a member and an account not in the group MUST answer Owner, Admin, Member and NotMember, one item per queried account.",
		Doc:         DocOf(Role), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Role)},
	{ID: "GROUPS-MEMBER-015", Title: "change_group_owner moves the ownership to a member",
		Description: "change_group_owner to a member MUST answer OK; get_group_info MUST then report the new Owner_Account, and get_role_in_group MUST answer Owner for the new owner and no longer Owner for the old one (who stays a member).",
		Doc:         DocOf(ChangeOwner), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ChangeOwner, Role, Info)},
	{ID: "GROUPS-MEMBER-016", Title: "change_group_owner to a non-member is refused",
		Description: "change_group_owner to an imported account that is not a member MUST answer FAIL (the page names no code: 10007 or 10004), and the owner MUST stay the owner (get_group_info, get_role_in_group).",
		Doc:         DocOf(ChangeOwner), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, ChangeOwner, Role, Info)},
	{ID: "GROUPS-MEMBER-017", Title: "import_group_member imports members with their role and join time",
		Description: "import_group_member into an imported group MUST answer OK with Result 1 for a new member imported as Admin with a JoinTime after the group's creation and 2 for the owner; get_group_member_info MUST then list it with Role Admin and that JoinTime.",
		Doc:         DocOf(ImportMembers), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ImportMembers, MemberInfo)},
	{ID: "GROUPS-MEMBER-018", Title: "a full group refuses more members with 10014",
		Description: "add_group_member of two accounts to a group with MaxMemberCount 3 that holds two members MUST answer FAIL with ErrorCode 10014, and neither account MUST become a member (get_role_in_group answers NotMember).",
		Doc:         DocOf(AddMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, AddMember, Role)},
}
