package groups

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the group message change calls.
const (
	GmsgModify         = "openim/modify_group_msg"
	GmsgDeleteBySender = "group_open_http_svc/delete_group_msg_by_sender"
	GmsgSetKV          = "openim_msg_ext_http_svc/group_set_key_values"
	GmsgGetKV          = "openim_msg_ext_http_svc/group_get_key_values"
)

// The callbacks of group message delivery and read receipts.
const (
	GmsgHookException   = "Group.CallbackSendMsgException"
	GmsgHookReadReceipt = "Group.CallbackAfterReadReceipt"
	GmsgMutedCode       = 10017 // send_group_msg from a muted member
)

// Documented limits of group message extensions.
const (
	GmsgMaxExtPerSet     = 20   // ExtensionList items per call
	GmsgMaxExtKeyBytes   = 100  // Key
	GmsgMaxExtValueBytes = 1000 // Value
)

// Codes a check accepts where the documentation leaves the choice open.
var (
	// modify_group_msg refusing a well-formed body that names no message
	// it may change (an unknown or recalled MsgSeq, an AVChatRoom's): its
	// page names no such code, and of its table only "invalid request"
	// fits a request that parses (90001 is a JSON parse failure, the
	// 9000x codes a malformed MsgBody or a missing To_Account).
	GmsgModifyRefusedCodes = []int{20001}
	// group_get_key_values on a message that takes no extensions: "not
	// extensible", "does not exist" or "invalid parameter".
	GmsgExtUnsupportedGetCodes = []int{23002, 23004, 10004}
)

func gmsgExtLabels(kind string) []string {
	return labels(LabelMessages, kind, GmsgSetKV, GmsgGetKV, Send)
}

// msgMoreChecks are the checks of group message modification, deletion by sender and extensions.
var msgMoreChecks = []framework.Check{
	{ID: "GROUPS-MSGMOD-001", Title: "a new MsgBody is what the group history then shows",
		Description: "modify_group_msg with MsgBody only MUST answer OK; group_msg_get_simple MUST then list the message with the new MsgBody and its CloudCustomData unchanged, and the group's other message unchanged.",
		Doc:         DocOf(GmsgModify), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, GmsgModify, History)},
	{ID: "GROUPS-MSGMOD-002", Title: "new CloudCustomData is what the group history then shows, with the MsgBody kept",
		Description: "modify_group_msg with CloudCustomData only MUST answer OK; group_msg_get_simple MUST then list the message with the new CloudCustomData and its MsgBody unchanged.",
		Doc:         DocOf(GmsgModify), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, GmsgModify, History)},
	{ID: "GROUPS-MSGMOD-003", Title: "a modified group message keeps its MsgSeq, sender, Random and time",
		Description: "After modify_group_msg answers OK, group_msg_get_simple MUST list the message under the MsgSeq it had, with the same From_Account, MsgRandom and MsgTimeStamp (the page only says MsgBody and CloudCustomData are overwritten).",
		Doc:         DocOf(GmsgModify), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelBehaviour, GmsgModify, History)},
	{ID: "GROUPS-MSGMOD-004", Title: "a MsgSeq that names no message is refused",
		Description: "modify_group_msg with a MsgSeq above the group's newest MUST answer FAIL with 20001 (the page names no code for it; its table's \"invalid request\" is the only one that fits a request that parses), and group_msg_get_simple MUST still list the group's message unchanged and no message under that MsgSeq.",
		Doc:         DocOf(GmsgModify), Basis: framework.Inferred, Open: true, Labels: labels(LabelMessages, LabelErrors, GmsgModify, History)},
	{ID: "GROUPS-MSGMOD-005", Title: "modifying a recalled group message is refused or leaves it recalled",
		Description: "modify_group_msg on a message recalled with group_msg_recall MUST either answer FAIL with 20001 (invalid request) or answer OK; either way group_msg_get_simple MUST NOT list it without WithRecalledMsg, and with WithRecalledMsg 1 MUST list it as IsPlaceMsg 2 without the new text.",
		Doc:         DocOf(GmsgModify), Basis: framework.Inferred, Open: true, Labels: labels(LabelMessages, LabelErrors, GmsgModify, Recall, History)},
	{ID: "GROUPS-MSGMOD-006", Title: "an AVChatRoom message cannot be modified",
		Description: "modify_group_msg on a message of an AVChatRoom group MUST answer FAIL with 20001 (the page names no code for it; its table's \"invalid request\" is the only one that fits), and where group_msg_get_simple lists the group's messages it MUST NOT show the new text.",
		Doc:         DocOf(GmsgModify), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, GmsgModify, History)},

	{ID: "GROUPS-MSGDEL-001", Title: "delete_group_msg_by_sender recalls that sender's messages only",
		Description: "After delete_group_msg_by_sender for one member answers OK, group_msg_get_simple MUST NOT list that member's messages as messages (they are gone, or with WithRecalledMsg 1 placeholders with IsPlaceMsg 2 and no text), while every message of the other sender MUST still be listed with its text.",
		Doc:         DocOf(GmsgDeleteBySender), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, GmsgDeleteBySender, History)},
	{ID: "GROUPS-MSGDEL-002", Title: "the sender's later messages are listed as usual",
		Description: "A message the same member sends after delete_group_msg_by_sender answered OK MUST be listed by group_msg_get_simple with its text: the call recalls messages already sent, it does not silence the sender.",
		Doc:         DocOf(GmsgDeleteBySender), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelBehaviour, GmsgDeleteBySender, History, Send)},
	{ID: "GROUPS-MSGDEL-003", Title: "delete_group_msg_by_sender on an AVChatRoom answers OK",
		Description: "delete_group_msg_by_sender on an AVChatRoom group, which keeps no history, MUST answer OK without error, as the page says.",
		Doc:         DocOf(GmsgDeleteBySender), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, GmsgDeleteBySender)},
	{ID: "GROUPS-MSGDEL-004", Title: "delete_group_msg_by_sender on a group that does not exist answers 10010",
		Description: "delete_group_msg_by_sender with a GroupId no group has MUST answer FAIL with ErrorCode 10010 (or 10015, invalid group ID).",
		Doc:         DocOf(GmsgDeleteBySender), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, GmsgDeleteBySender)},

	{ID: "GROUPS-EXT-001", Title: "pairs set on an extensible group message are what group_get_key_values returns",
		Description: "group_set_key_values with OperateType 1 on a message sent with SupportMessageExtension 1 MUST answer OK with ErrorCode 0 for every pair; group_get_key_values MUST then return exactly those pairs, each with its value and the Seq group_set_key_values reported, CompleteFlag 1 and a LatestSeq no smaller than any pair's Seq.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelBehaviour)},
	{ID: "GROUPS-EXT-002", Title: "setting a key again replaces its value and raises its Seq",
		Description: "group_set_key_values of a key already set, with its latest Seq, MUST answer ErrorCode 0 for it; group_get_key_values MUST then return the new value with a greater Seq, and the message's other pair MUST keep its value and Seq.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelBehaviour)},
	{ID: "GROUPS-EXT-003", Title: "an App admin's stale Seq is not checked",
		Description: "group_set_key_values called by the App admin with Seq 0 for a key already set MUST still apply the write (ErrorCode 0 for the pair, not 23001), since the backend does not verify the Seq of admin calls; group_get_key_values MUST then return the new value.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelBehaviour)},
	{ID: "GROUPS-EXT-004", Title: "OperateType 2 deletes the listed keys only",
		Description: "group_set_key_values with OperateType 2 MUST answer OK, and group_get_key_values MUST then no longer return the listed keys while still returning the message's other pair.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelBehaviour)},
	{ID: "GROUPS-EXT-005", Title: "OperateType 3 clears every pair and moves ClearSeq past them",
		Description: "group_set_key_values with OperateType 3 MUST answer OK; group_get_key_values MUST then return no pair and a ClearSeq no smaller than the Seq of every pair it cleared.",
		Doc:         DocOf(GmsgGetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelBehaviour)},
	{ID: "GROUPS-EXT-006", Title: "a group message sent without SupportMessageExtension refuses extensions with 23002",
		Description: "group_set_key_values on a message send_group_msg sent without SupportMessageExtension MUST answer FAIL with ErrorCode 23002, and group_get_key_values MUST NOT then return any pair for it (it answers OK with none, or FAIL with 23002, 23004 or 10004).",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelErrors)},
	{ID: "GROUPS-EXT-007", Title: "a MsgSeq that names no group message answers 23004",
		Description: "group_set_key_values and group_get_key_values with a MsgSeq above the group's newest MUST each answer FAIL with ErrorCode 23004 (the group message does not exist).",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelErrors)},
	{ID: "GROUPS-EXT-008", Title: "at most 20 pairs per call",
		Description: "group_set_key_values with 21 pairs MUST answer FAIL with ErrorCode 10004 and store none of them, while the same call with 20 pairs MUST answer OK and store all 20.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Labels: gmsgExtLabels(LabelErrors)},
	{ID: "GROUPS-EXT-009", Title: "a Key over 100 bytes or a Value over 1,000 bytes is refused; at the limits they are stored",
		Description: "group_set_key_values MUST refuse a Key of 101 bytes and a Value of 1,001 bytes (FAIL with 10004, or the pair's ErrorCode not 0), and group_get_key_values MUST NOT return either pair, while a Key of exactly 100 bytes and a Value of exactly 1,000 bytes MUST be stored as sent.",
		Doc:         DocOf(GmsgSetKV), Basis: framework.Documented, Open: true, Labels: gmsgExtLabels(LabelErrors)},

	{ID: "GROUPS-MSGHOOK-001", Title: "a muted member's refused message fires CallbackSendMsgException once, with the message",
		Description: "When send_group_msg from a member muted with forbid_send_msg answers FAIL with 10017, the target MUST POST Group.CallbackSendMsgException once, valid against its schema, with the GroupId, the member as From_Account, the Random and MsgBody of the message and ErrorCode 10017 (the page lists a muted sender among the failures it reports).",
		Doc:         HookDoc(GmsgHookException), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, GmsgHookException)},
	{ID: "GROUPS-MSGHOOK-002", Title: "a member's read of a receipt message fires CallbackAfterReadReceipt once, with the read",
		Description: "When a member's client reads a message sent with NeedReadReceipt 1 in a Public group of the owner and two members, the target MUST POST Group.CallbackAfterReadReceipt once, valid against its schema, with the GroupId and an item for the MsgSeq with ReadNum 1, UnreadNum 1 and the reader in ReadReceiptMembers. Needs client sessions (the emulator's control API) to make the reads.",
		Doc:         HookDoc(GmsgHookReadReceipt), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Receipt, GmsgHookReadReceipt)},
}
