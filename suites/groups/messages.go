package groups

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the group message calls the checks are about.
const (
	Send       = "group_open_http_svc/send_group_msg"
	History    = "group_open_http_svc/group_msg_get_simple"
	Recall     = "group_open_http_svc/group_msg_recall"
	SetUnread  = "group_open_http_svc/set_unread_msg_num"
	ImportMsgs = "group_open_http_svc/import_group_msg"
	Notify     = "group_open_http_svc/send_group_system_notification"
)

// Documented values of the message calls.
const (
	MaxHistoryPage = 20 // group_msg_get_simple messages per call
	PlaceRecalled  = 2  // IsPlaceMsg of a recalled message
)

// Codes a check accepts where the documentation leaves the choice open.
var (
	// group_msg_recall of a message already recalled: the page's "does not
	// exist", "cannot be recalled" or "past the recall time".
	RecallAgainCodes = []int{10030, 10031, 10032}
)

// messageChecks are the checks of group messages and their history.
var messageChecks = []framework.Check{
	{ID: "GROUPS-MSG-001", Title: "each message of a group gets a new, greater MsgSeq",
		Description: "Five send_group_msg calls to one group MUST each answer OK with a MsgSeq greater than the one before (none repeats), get_group_info MUST then report NextMsgSeq greater than the last, and group_msg_get_simple MUST list the five messages under those MsgSeqs.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Send, History, Info)},
	{ID: "GROUPS-MSG-002", Title: "MsgSeq counts per group",
		Description: "A message sent to another group between two messages of a group MUST NOT take a MsgSeq of the first group: the first group's second message MUST get the MsgSeq right after its first (one more).",
		Doc:         DocOf(History), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelBehaviour, Send)},
	{ID: "GROUPS-MSG-003", Title: "history pages back by ReqMsgSeq, newest first",
		Description: "group_msg_get_simple with ReqMsgNumber 2 and no ReqMsgSeq MUST return the two newest of five messages; sent again with ReqMsgSeq one less than the smallest MsgSeq returned, each page MUST hold messages older than the last, and the pages MUST together list the five messages once each, each with the Random it was sent with as MsgRandom and its text.",
		Doc:         DocOf(History), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, History, Send)},
	{ID: "GROUPS-MSG-004", Title: "history shows the sender: From_Account, or the App admin without it",
		Description: "A message sent with a member's From_Account MUST be listed by group_msg_get_simple with that From_Account, and one sent without From_Account with the App admin (the caller's identifier) as From_Account.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Send, History)},
	{ID: "GROUPS-MSG-005", Title: "a muted member cannot send until unmuted",
		Description: "send_group_msg from a member muted with forbid_send_msg MUST answer FAIL with ErrorCode 10017 and the message MUST NOT be in the history; after forbid_send_msg with MuteTime 0 the same send MUST answer OK.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: labels(LabelMessages, LabelErrors, Send, Forbid, History)},
	{ID: "GROUPS-MSG-006", Title: "MuteAllMember On silences plain members, not the owner",
		Description: "After modify_group_base_info with MuteAllMember On, send_group_msg from a plain member MUST answer FAIL with ErrorCode 10017 while a message from the owner MUST answer OK.",
		Doc:         DocOf(ModifyInfo), Basis: framework.Documented, Labels: labels(LabelMessages, LabelErrors, Send, ModifyInfo)},
	{ID: "GROUPS-MSG-007", Title: "a recalled message is gone from the history, or a placeholder",
		Description: "group_msg_recall of a message MUST answer OK with RetCode 0 for its MsgSeq; group_msg_get_simple MUST then no longer list it, and with WithRecalledMsg 1 MUST list it as IsPlaceMsg 2 without its text; the group's other message MUST be listed unchanged.",
		Doc:         DocOf(Recall), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Recall, History)},
	{ID: "GROUPS-MSG-008", Title: "recalling a missing or recalled message fails per item",
		Description: "group_msg_recall with a MsgSeq no message has MUST give it RetCode 10030, and a second recall of a recalled message MUST give it a non-zero RetCode (10030, 10031 or 10032), in an answer whose ErrorCode is 0.",
		Doc:         DocOf(Recall), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, Recall)},
	{ID: "GROUPS-MSG-009", Title: "set_unread_msg_num moves the member's read position",
		Description: "After three messages, set_unread_msg_num with UnreadMsgNum 2 MUST answer OK and get_group_member_info MUST report the member's MsgSeq (its last read message) two below the newest MsgSeq; with UnreadMsgNum 100 the count MUST be lowered to the three messages, MsgSeq three below the newest.",
		Doc:         DocOf(SetUnread), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelBehaviour, SetUnread, MemberInfo)},
	{ID: "GROUPS-MSG-010", Title: "set_unread_msg_num on a ChatRoom answers OK",
		Description: "set_unread_msg_num for a member of a ChatRoom (Meeting) group, which keeps no unread counts, MUST answer OK without error, as documented.",
		Doc:         DocOf(SetUnread), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, SetUnread)},
	{ID: "GROUPS-MSG-011", Title: "imported messages are history, at their SendTime, and read by everyone",
		Description: "import_group_msg of two messages in ascending SendTime into an imported group MUST answer Result 0 and a MsgSeq for each; group_msg_get_simple MUST list them under those MsgSeqs with their From_Account, text and MsgTimeStamp equal to SendTime; a member MUST then have no unread message (get_group_member_info MsgSeq equal to the newest MsgSeq).",
		Doc:         DocOf(ImportMsgs), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, ImportMsgs, History, MemberInfo)},
	{ID: "GROUPS-MSG-012", Title: "an imported message older than the group's newest fails with Result 10004",
		Description: "import_group_msg of a message whose SendTime is before the group's newest message MUST give it Result 10004, and group_msg_get_simple MUST NOT list it.",
		Doc:         DocOf(ImportMsgs), Basis: framework.Documented, Labels: labels(LabelMessages, LabelErrors, ImportMsgs, History)},
	{ID: "GROUPS-MSG-013", Title: "an online-only message is not kept in the history",
		Description: "send_group_msg with OnlineOnlyFlag 1 MUST answer OK, and group_msg_get_simple MUST NOT list the message, while a message sent without the flag is listed.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Send, History)},
	{ID: "GROUPS-TYPE-009", Title: "an AVChatRoom keeps no history: get_simple and import_group_msg are refused",
		Description: "On an AVChatRoom group, import_group_msg MUST answer FAIL with ErrorCode 10007 and group_msg_get_simple MUST answer FAIL (no code is documented: 10007 or 10004), while send_group_msg MUST answer OK.",
		Doc:         DocOf(History), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, History, ImportMsgs, Send)},
	{ID: "GROUPS-TYPE-010", Title: "an AVChatRoom takes system notifications to all members only",
		Description: "send_group_system_notification with ToMembers_Account MUST answer OK on a Public group and FAIL on an AVChatRoom (no code is documented: 10004 or 10007), while the same call without ToMembers_Account MUST answer OK on the AVChatRoom.",
		Doc:         DocOf(Notify), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, Notify)},
}
