package groups

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the live-streaming group, ban and broadcast calls.
const (
	OnlineNum  = "group_open_http_svc/get_online_member_num"
	AVMembers  = "group_open_avchatroom_http_svc/get_members"
	AVMarks    = "group_open_avchatroom_http_svc/modify_user_info"
	BanList    = "group_open_http_svc/get_group_ban_member"
	Ban        = "group_open_http_svc/ban_group_member"
	Unban      = "group_open_http_svc/unban_group_member"
	Broadcast  = "group_open_http_svc/send_broadcast_msg"
	HookAVConn = "Group.CallbackOnMemberStateChange"
)

// Documented values of the live-streaming group calls.
const (
	MaxBanAccounts = 20  // ban_group_member and unban_group_member Members_Account
	MarkAlwaysOn   = 500 // a member with this mark counts as online, whatever its connection, for up to three days
	MarkHidden     = 600 // a member with this mark is left out of get_members unless asked for by mark
	BanTooMany     = 10005
	AVOnlyCode     = 10007 // get_members' code for a group that is not an AVChatRoom; ban_group_member's no-permission code
)

// avChecks are the checks of live-streaming groups (AVChatRoom), bans and broadcasts.
var avChecks = []framework.Check{
	{ID: "GROUPS-AV-001", Title: "members whose clients joined are counted and listed; one that quits is not",
		Description: "After the logged-in clients of two accounts join a new AVChatRoom, get_online_member_num MUST come to answer OnlineMemberNum 2 and get_members MUST list exactly the two, each with its JoinTime; after one quits, the count MUST come to 1 and get_members MUST list only the other. Needs client sessions (the emulator's control API).",
		Doc:         DocOf(AVMembers), Basis: framework.Documented, Labels: labels(LabelAVChatRoom, LabelBehaviour, OnlineNum, AVMembers)},
	{ID: "GROUPS-AV-002", Title: "a member whose client logs out leaves the online list",
		Description: "After a member's client joined an AVChatRoom and then logged out on every platform, get_online_member_num MUST come to answer 0 and get_members MUST NOT list it. Needs client sessions.",
		Doc:         DocOf(OnlineNum), Basis: framework.Inferred, Labels: labels(LabelAVChatRoom, LabelBehaviour, OnlineNum, AVMembers)},
	{ID: "GROUPS-AV-003", Title: "get_members serves live-streaming groups only",
		Description: "get_members on a Public group MUST answer FAIL with ErrorCode 10007 (the page's code for a group that is not live-streaming) while the same call on an AVChatRoom answers OK; get_online_member_num on the Public group MUST answer FAIL with 10007 (the 2023 page) or OK with an OnlineMemberNum (the 2024 page, on paid editions), and the check records which.",
		Doc:         DocOf(AVMembers), Basis: framework.Documented, Open: true, Labels: labels(LabelAVChatRoom, LabelErrors, AVMembers, OnlineNum)},
	{ID: "GROUPS-AV-004", Title: "modify_user_info marks are what get_members filters by",
		Description: "modify_user_info with CommandType 1 giving one of two online members mark 1001 MUST answer OK listing that member; get_members with Mark 1001 MUST then list exactly it; after CommandType 2 removes the mark, get_members with Mark 1001 MUST list nobody while get_members without Mark still lists both. Needs client sessions.",
		Doc:         DocOf(AVMarks), Basis: framework.Documented, Labels: labels(LabelAVChatRoom, LabelBehaviour, AVMarks, AVMembers)},
	{ID: "GROUPS-AV-005", Title: "marks go to online members only",
		Description: "modify_user_info naming an online member and an account that is not in the room MUST answer OK listing only the member; naming only the account outside the room MUST answer FAIL (no code is documented), and get_members with that Mark MUST then list only the member. Needs client sessions.",
		Doc:         DocOf(AVMarks), Basis: framework.Documented, Open: true, Labels: labels(LabelAVChatRoom, LabelErrors, AVMarks, AVMembers)},
	{ID: "GROUPS-AV-006", Title: "mark 600 hides a member from the online list unless asked for by mark",
		Description: "After modify_user_info gives an online member mark 600, get_members without Mark MUST NOT list it while it lists the other member, and get_members with Mark 600 MUST list it. Needs client sessions.",
		Doc:         DocOf(AVMarks), Basis: framework.Documented, Labels: labels(LabelAVChatRoom, LabelBehaviour, AVMarks, AVMembers)},
	{ID: "GROUPS-AV-007", Title: "a mark below 1000 other than 500 and 600 is refused",
		Description: "modify_user_info giving an online member mark 999 MUST answer FAIL with ErrorCode 10004 (the page's invalid-parameter code), and get_members with Mark 999 MUST NOT list the member, while the same call with mark 1000 answers OK and get_members with Mark 1000 then lists it. Needs client sessions.",
		Doc:         DocOf(AVMarks), Basis: framework.Documented, Labels: labels(LabelAVChatRoom, LabelErrors, AVMarks, AVMembers)},
	{ID: "GROUPS-AV-008", Title: "mark 500 can be given to a member whose connection dropped",
		Description: "After the connection of a member's client in an AVChatRoom drops (heartbeat timeout) and get_online_member_num comes to 0, modify_user_info giving it mark 500 MUST answer OK listing it (the page lets mark 500 be set on members who are not online), and get_members with Mark 500 MUST then list it, as a member marked 500 counts as online. Needs client sessions.",
		Doc:         DocOf(AVMarks), Basis: framework.Inferred, Labels: labels(LabelAVChatRoom, LabelBehaviour, AVMarks, AVMembers)},

	{ID: "GROUPS-BAN-001", Title: "banned accounts are listed with the end of their ban",
		Description: "After ban_group_member bans two accounts from an AVChatRoom with Duration 600, get_group_ban_member MUST list both, each with a BannedUntil within a minute of the call's time plus 600 seconds.",
		Doc:         DocOf(BanList), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Ban, BanList)},
	{ID: "GROUPS-BAN-002", Title: "a banned member leaves the room and cannot join until unbanned",
		Description: "After ban_group_member bans a member whose client joined an AVChatRoom, get_members MUST come to no longer list it and its client MUST NOT be able to join again; after unban_group_member it MUST be able to join and get_members MUST list it. Needs client sessions.",
		Doc:         DocOf(Ban), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Ban, Unban, AVMembers)},
	{ID: "GROUPS-BAN-003", Title: "unban_group_member lifts the bans it names only",
		Description: "After two accounts are banned, unban_group_member naming one MUST answer OK, and get_group_ban_member MUST then list only the other.",
		Doc:         DocOf(Unban), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, Unban, BanList)},
	{ID: "GROUPS-BAN-004", Title: "more than 20 accounts in one ban are refused with 10005",
		Description: "ban_group_member naming 21 accounts MUST answer FAIL with ErrorCode 10005, and get_group_ban_member MUST list none of them, while 20 of them are banned by the same call.",
		Doc:         DocOf(Ban), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, Ban, BanList)},
	{ID: "GROUPS-BAN-005", Title: "ban_group_member serves AVChatRoom groups only",
		Description: "ban_group_member naming a member of a Public group MUST answer FAIL with ErrorCode 10007 (the 2023 and 2024 pages support AVChatRoom only; 10007 is the page's no-permission code), and get_group_member_info MUST still list the account as a member, while the same call on an AVChatRoom answers OK.",
		Doc:         DocOf(Ban), Basis: framework.Documented, Labels: labels(LabelGroups, LabelErrors, Ban)},
	{ID: "GROUPS-BAN-006", Title: "a ban ends after its Duration",
		Description: "An account banned with Duration 1 MUST come to be no longer listed by get_group_ban_member within a few seconds, while one banned with Duration 600 stays listed.",
		Doc:         DocOf(Ban), Basis: framework.Inferred, Labels: labels(LabelGroups, LabelBehaviour, Ban, BanList)},
	{ID: "GROUPS-BAN-007", Title: "get_group_ban_member pages with Limit and Offset",
		Description: "With three accounts banned, pages of get_group_ban_member with Limit 2, each sent with the NextOffset the previous one returned (0 first), MUST each hold at most 2 accounts, MUST end (NextOffset 0, or a short page as in the page's sample), and together MUST list each account exactly once.",
		Doc:         DocOf(BanList), Basis: framework.Documented, Labels: labels(LabelGroups, LabelBehaviour, BanList)},

	{ID: "GROUPS-BROADCAST-001", Title: "a broadcast reaches every live-streaming group",
		Description: "send_broadcast_msg MUST answer OK with a MsgSeq, and each of two new AVChatRooms MUST have received the message (its MsgSeq, From_Account and text), as the emulator's control API reports what a room received. Needs client sessions.",
		Doc:         DocOf(Broadcast), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Broadcast)},
	{ID: "GROUPS-BROADCAST-002", Title: "a broadcast from an account that does not exist is refused",
		Description: "send_broadcast_msg with a From_Account that was never imported MUST answer FAIL with ErrorCode 10004 (the page requires the account to exist), and no AVChatRoom MUST receive it. Needs client sessions.",
		Doc:         DocOf(Broadcast), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelErrors, Broadcast)},

	{ID: "GROUPS-AV-HOOK-001", Title: "a member's dropped connection fires CallbackOnMemberStateChange Offline, its return Online",
		Description: "When the connection of a member's client in an AVChatRoom drops (heartbeat timeout), the target MUST POST Group.CallbackOnMemberStateChange once, valid against its schema, with the GroupId, EventType Offline and the member in MemberList; when it comes back, once with EventType Online. Needs client sessions.",
		Doc:         HookDoc(HookAVConn), Basis: framework.Documented, Labels: hookLabels(LabelAVChatRoom, AVMembers, HookAVConn)},
}
