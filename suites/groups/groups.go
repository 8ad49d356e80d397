package groups

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the group calls the checks are about.
const (
	Create        = "group_open_http_svc/create_group"
	Destroy       = "group_open_http_svc/destroy_group"
	Info          = "group_open_http_svc/get_group_info"
	ModifyInfo    = "group_open_http_svc/modify_group_base_info"
	AppList       = "group_open_http_svc/get_appid_group_list"
	Joined        = "group_open_http_svc/get_joined_group_list"
	AddMember     = "group_open_http_svc/add_group_member"
	DeleteMember  = "group_open_http_svc/delete_group_member"
	MemberInfo    = "group_open_http_svc/get_group_member_info"
	ModifyMember  = "group_open_http_svc/modify_group_member_info"
	Role          = "group_open_http_svc/get_role_in_group"
	ChangeOwner   = "group_open_http_svc/change_group_owner"
	Forbid        = "group_open_http_svc/forbid_send_msg"
	Muted         = "group_open_http_svc/get_group_muted_account"
	ImportGroup   = "group_open_http_svc/import_group"
	ImportMembers = "group_open_http_svc/import_group_member"
)

// Documented limits the group checks use.
const (
	MaxInfoGroups = 50 // get_group_info GroupIdList
)

// Codes a check accepts where the documentation leaves the choice open.
var (
	// A custom GroupId already in use: "taken by another user" or "you
	// already use it"; every REST caller is an App admin.
	GroupIDTakenCodes = []int{10021, 10025}
	// get_group_info's item for a group that does not exist: "does not
	// exist or was disbanded", or "invalid group ID".
	NoGroupCodes = []int{10010, 10015}
	// A call refused for the group's type where the page names no code:
	// "no permission", or "invalid parameter".
	TypeRefusedCodes = []int{10007, 10004}
	// The owner cannot be removed or demoted; the pages name no code.
	OwnerProtectedCodes = []int{10007, 10004}
)

// Label returns an endpoint's label: its path with a dot.
func Label(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			return path[:i] + "." + path[i+1:]
		}
	}
	return path
}

func labels(family string, kind string, paths ...string) []string {
	out := []string{family}
	for _, p := range paths {
		out = append(out, Label(p))
	}
	return append(out, kind)
}

// groupChecks are the checks of group types, groups and their lists.
var groupChecks = []framework.Check{
	{ID: "GROUPS-TYPE-001", Title: "every group type can be created and reports its type",
		Description: "create_group MUST accept each documented Type (Public, Private, ChatRoom, AVChatRoom, Community) with an imported Owner_Account and answer OK with a GroupId; get_group_info MUST then report that group with ErrorCode 0, its Type (Private also as Work, ChatRoom also as Meeting) and the Owner_Account, and for every type but AVChatRoom a MemberNum of 1 (the owner).",
		Doc:         DocOf(Create), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Create, Info)},
	{ID: "GROUPS-TYPE-002", Title: "an AVChatRoom refuses add_group_member with 10007",
		Description: "add_group_member on an AVChatRoom group MUST answer FAIL with ErrorCode 10007, and the account MUST NOT be listed among the groups it joined (get_joined_group_list with WithHugeGroups 1).",
		Doc:         DocOf(AddMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, AddMember, Joined)},
	{ID: "GROUPS-TYPE-003", Title: "an AVChatRoom takes no initial members",
		Description: "create_group of Type AVChatRoom with a MemberList MUST answer FAIL with ErrorCode 10007, and no group MUST exist under the custom GroupId it named (get_group_info answers that item with 10010 or 10015).",
		Doc:         DocOf(Create), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, Create, Info)},
	{ID: "GROUPS-TYPE-004", Title: "a Private (Work) group refuses forbid_send_msg",
		Description: "forbid_send_msg on a Private group MUST answer FAIL (the page names no code: 10007 or 10004 are accepted), and the member MUST NOT then be muted: get_group_muted_account lists nobody and get_group_member_info gives it MuteUntil 0.",
		Doc:         DocOf(Forbid), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, Forbid, Muted)},
	{ID: "GROUPS-TYPE-005", Title: "an AVChatRoom refuses delete_group_member with 10004",
		Description: "delete_group_member on an AVChatRoom group MUST answer FAIL with ErrorCode 10004, while the same call on a Public group answers OK.",
		Doc:         DocOf(DeleteMember), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, DeleteMember)},
	{ID: "GROUPS-TYPE-006", Title: "an AVChatRoom refuses change_group_owner and get_role_in_group with 10007",
		Description: "change_group_owner and get_role_in_group on an AVChatRoom group MUST each answer FAIL with ErrorCode 10007, and get_group_info MUST still report the original Owner_Account.",
		Doc:         DocOf(ChangeOwner), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, ChangeOwner, Role)},
	{ID: "GROUPS-TYPE-007", Title: "an AVChatRoom refuses member profile calls while accepting mutes",
		Description: "get_group_member_info and modify_group_member_info on an AVChatRoom group MUST answer FAIL (no code is documented: 10007 or 10004), import_group_member MUST answer FAIL with 10007, while forbid_send_msg, which the AVChatRoom supports, MUST answer OK and get_group_muted_account MUST then list the muted account.",
		Doc:         DocOf(ModifyMember), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, MemberInfo, ModifyMember, ImportMembers, Forbid)},
	{ID: "GROUPS-TYPE-008", Title: "import_group refuses an AVChatRoom with 10007",
		Description: "import_group of Type AVChatRoom MUST answer FAIL with ErrorCode 10007, and no group MUST exist under the custom GroupId it named.",
		Doc:         DocOf(ImportGroup), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, ImportGroup, Info)},

	{ID: "GROUPS-INFO-001", Title: "the profile create_group sets is what get_group_info reports",
		Description: "After create_group with Name, Introduction, Notification, FaceUrl, MaxMemberCount and ApplyJoinOption, get_group_info MUST report each of them as sent, the owner in MemberList with Role Owner, MemberNum 1 and a CreateTime within a minute of the call.",
		Doc:         DocOf(Info), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Create, Info)},
	{ID: "GROUPS-INFO-002", Title: "generated group IDs have the documented shape; a custom GroupId is kept",
		Description: "create_group without GroupId MUST answer a new GroupId starting with @TGS# (a Community's with @TGS#_, as in the samples), different for two groups; with a custom GroupId it MUST answer that GroupId, and get_group_info MUST find the group under it.",
		Doc:         DocOf(Create), Basis: framework.Inferred, Labels: labels(LabelGroups, LabelBehaviour, Create, Info)},
	{ID: "GROUPS-INFO-003", Title: "a custom GroupId already in use is refused and the group kept",
		Description: "create_group with the custom GroupId of an existing group MUST answer FAIL with ErrorCode 10021 (or 10025), and get_group_info MUST still report the first group's Name and owner.",
		Doc:         DocOf(Create), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelErrors, Create, Info)},
	{ID: "GROUPS-INFO-004", Title: "GroupBaseInfoFilter returns only the fields it names",
		Description: "get_group_info with ResponseFilter.GroupBaseInfoFilter [Name, Type] MUST return the group's Name and Type and MUST NOT return base fields it does not name (Introduction, Notification, CreateTime), nor a MemberList.",
		Doc:         DocOf(Info), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Info)},
	{ID: "GROUPS-INFO-005", Title: "MemberInfoFilter returns only the member fields it names",
		Description: "get_group_info with ResponseFilter.MemberInfoFilter [Role] MUST list every member with Member_Account and Role (Owner for the owner, Member for the others) and MUST NOT give member fields it does not name (JoinTime, MsgSeq).",
		Doc:         DocOf(Info), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Info)},
	{ID: "GROUPS-INFO-006", Title: "modify_group_base_info changes are what get_group_info reports",
		Description: "After modify_group_base_info with a new Name, Notification and MuteAllMember On, get_group_info MUST report them, and MUST report the Introduction the call left out unchanged.",
		Doc:         DocOf(ModifyInfo), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ModifyInfo, Info)},
	{ID: "GROUPS-INFO-007", Title: "a disbanded group is gone",
		Description: "After destroy_group answers OK, get_group_info MUST answer the group's item with ErrorCode 10010 (or 10015), get_joined_group_list of a former member MUST NOT list it, and a second destroy_group MUST answer FAIL with 10010 (or 10015).",
		Doc:         DocOf(Destroy), Basis: framework.Documented, Open: true, Labels: labels(LabelGroups, LabelBehaviour, Destroy, Info, Joined)},
	{ID: "GROUPS-INFO-008", Title: "get_appid_group_list pages with Limit and Next",
		Description: "Pages of get_appid_group_list with a small Limit, each sent with the Next the previous one returned (0 first), MUST each hold at most Limit groups, MUST end with Next 0, and together MUST list each of three new groups exactly once; TotalCount MUST NOT change with Limit or Next.",
		Doc:         DocOf(AppList), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, AppList, framework.LabelAppWide)},
	{ID: "GROUPS-INFO-009", Title: "get_appid_group_list's GroupType lists that type only",
		Description: "get_appid_group_list with GroupType ChatRoom MUST list a new ChatRoom group and MUST NOT list a new Public group, and its TotalCount MUST be at most the unfiltered TotalCount.",
		Doc:         DocOf(AppList), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, AppList, framework.LabelAppWide)},
	{ID: "GROUPS-INFO-010", Title: "get_joined_group_list lists a member's groups, by type and in pages",
		Description: "For a new account that joined three groups (owner of one Public group, added to another Public and to a ChatRoom group), get_joined_group_list MUST answer TotalCount 3 and list the three; with GroupType ChatRoom exactly the ChatRoom group; pages of Limit 2 and Offset 0 and 2 MUST together list each once; after delete_group_member, the group MUST no longer be listed.",
		Doc:         DocOf(Joined), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Joined)},
	{ID: "GROUPS-INFO-011", Title: "get_joined_group_list's filters give the group's Name and the member's own Role",
		Description: "get_joined_group_list with ResponseFilter GroupBaseInfoFilter [Name] and SelfInfoFilter [Role] MUST give each group's Name and the account's Role in it (Owner where it owns the group, Member elsewhere).",
		Doc:         DocOf(Joined), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Joined)},
	{ID: "GROUPS-INFO-012", Title: "import_group keeps the imported creation time and owner",
		Description: "import_group with a CreateTime in the past MUST answer OK with a GroupId, and get_group_info MUST report that CreateTime and the Owner_Account, with the owner in MemberList as Owner.",
		Doc:         DocOf(ImportGroup), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, ImportGroup, Info)},
	{ID: "GROUPS-INFO-013", Title: "a Private (Work) group is listed with WithNoActiveGroups 1",
		Description: "get_joined_group_list with WithNoActiveGroups 1 MUST list a new Private group the account was added to at creation; without the flag the group MAY be left out until it is activated, and the check records which.",
		Doc:         DocOf(Joined), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Joined)},
}
