package groups

import (
	"slices"

	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of the read-receipt calls.
const (
	Receipt       = "group_open_http_svc/get_group_msg_receipt"
	ReceiptDetail = "group_open_http_svc/get_group_msg_receipt_detail"
)

// Read receipts work in groups of at most this many members (the
// group_msg_receipt page, reference inventory.md B.0).
const MaxReceiptMembers = 200

// NoReceiptCode is the documented "read receipt does not exist".
const NoReceiptCode = 10062

// extraChecks are the checks of read receipts and of the group callbacks.
var extraChecks = slices.Concat(receiptChecks, hookChecks)

var receiptChecks = []framework.Check{
	{ID: "GROUPS-RECEIPT-001", Title: "a message sent with NeedReadReceipt counts its unread recipients",
		Description: "For a message sent by the owner with NeedReadReceipt 1 in a Public group of the owner and three members, get_group_msg_receipt MUST answer its item with Code 0, ReadNum 0 and UnreadNum 3 (every member but the sender).",
		Doc:         DocOf(Receipt), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelBehaviour, Receipt, Send)},
	{ID: "GROUPS-RECEIPT-002", Title: "members' reads are counted and listed",
		Description: "After two of three recipients read the message on their clients, get_group_msg_receipt MUST answer ReadNum 2 and UnreadNum 1, and get_group_msg_receipt_detail MUST list exactly the two readers with Filter 0 and exactly the other recipient with Filter 1. Needs client sessions (the emulator's control API) to make the reads.",
		Doc:         DocOf(ReceiptDetail), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, Receipt, ReceiptDetail)},
	{ID: "GROUPS-RECEIPT-003", Title: "a message sent without NeedReadReceipt has no receipt (10062)",
		Description: "get_group_msg_receipt for a message sent without NeedReadReceipt MUST give its item Code 10062 (read receipt does not exist), and get_group_msg_receipt_detail for it MUST answer FAIL with ErrorCode 10062.",
		Doc:         DocOf(Receipt), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelErrors, Receipt, ReceiptDetail)},
	{ID: "GROUPS-RECEIPT-004", Title: "get_group_msg_receipt_detail pages with Count and Cursor",
		Description: "For a receipt message with five unread recipients, pages of get_group_msg_receipt_detail with Filter 1 and Count 2, each sent with the Cursor the previous one returned (\"\" first), MUST each list at most 2 members, MUST end with IsFinish (or IsFinished) 1, and together MUST list each recipient exactly once.",
		Doc:         DocOf(ReceiptDetail), Basis: framework.Documented, Labels: labels(LabelMessages, LabelBehaviour, ReceiptDetail)},
	{ID: "GROUPS-RECEIPT-005", Title: "no read receipt in a group of more than 200 members",
		Description: "In a group of 201 members, a message sent with NeedReadReceipt 1 MUST NOT get a receipt: either send_group_msg refuses it (10004 or 10007), or get_group_msg_receipt gives its item Code 10062 (or answers FAIL with 10062).",
		Doc:         DocOf(Receipt), Basis: framework.Inferred, Labels: labels(LabelMessages, LabelErrors, Receipt, Send)},
	{ID: "GROUPS-RECEIPT-006", Title: "AVChatRoom and Community groups refuse read-receipt pulls",
		Description: "get_group_msg_receipt and get_group_msg_receipt_detail on an AVChatRoom and on a Community group, which do not support read receipts, MUST answer FAIL (no code is documented: 10007, 10004 or 10062).",
		Doc:         DocOf(ReceiptDetail), Basis: framework.Documented, Open: true, Labels: labels(LabelMessages, LabelErrors, Receipt, ReceiptDetail)},
}

// The group callbacks the checks are about.
const (
	HookBeforeCreate  = "Group.CallbackBeforeCreateGroup"
	HookAfterCreate   = "Group.CallbackAfterCreateGroup"
	HookJoin          = "Group.CallbackAfterNewMemberJoin"
	HookExit          = "Group.CallbackAfterMemberExit"
	HookBeforeSend    = "Group.CallbackBeforeSendMsg"
	HookAfterSend     = "Group.CallbackAfterSendMsg"
	HookDestroyed     = "Group.CallbackAfterGroupDestroyed"
	HookInfoChanged   = "Group.CallbackAfterGroupInfoChanged"
	HookRecall        = "Group.CallbackAfterRecallMsg"
	HookOwnerChanged  = "Group.CallbackAfterChangeGroupOwner"
	HookRefusedCode   = 10016 // a before-callback answered ErrorCode 1
	ForbidBeforeHook  = "ForbidBeforeSendMsgCallback"
	ForbidAfterHook   = "ForbidAfterSendMsgCallback"
	labelWebhookOfCmd = "webhook:"
)

func hookLabels(family, endpoint string, cmds ...string) []string {
	out := []string{family, Label(endpoint), LabelWebhook}
	for _, c := range cmds {
		out = append(out, labelWebhookOfCmd+c)
	}
	return out
}

// hookChecks are the checks of the group callbacks.
var hookChecks = []framework.Check{
	{ID: "GROUPS-HOOK-001", Title: "create_group fires CallbackBeforeCreateGroup and CallbackAfterCreateGroup once each",
		Description: "For a create_group that answers OK, the target MUST POST Group.CallbackBeforeCreateGroup and Group.CallbackAfterCreateGroup once each, valid against their schemas, with the call's Owner_Account, Type and Name; the after-callback MUST carry the new GroupId and the initial member in MemberList.",
		Doc:         HookDoc(HookAfterCreate), Basis: framework.Documented, Labels: hookLabels(LabelGroups, Create, HookBeforeCreate, HookAfterCreate)},
	{ID: "GROUPS-HOOK-002", Title: "a before-create answer with ErrorCode 1 refuses the group",
		Description: "When the app answers Group.CallbackBeforeCreateGroup with ErrorCode 1, create_group MUST answer FAIL with ErrorCode 10016, no group MUST exist under the custom GroupId it named, and Group.CallbackAfterCreateGroup MUST NOT be sent for it.",
		Doc:         HookDoc(HookBeforeCreate), Basis: framework.Documented, Labels: hookLabels(LabelGroups, Create, HookBeforeCreate)},
	{ID: "GROUPS-HOOK-003", Title: "add_group_member fires CallbackAfterNewMemberJoin once, with the new members",
		Description: "After add_group_member adds an account, the target MUST POST Group.CallbackAfterNewMemberJoin once, valid against its schema, with the GroupId, JoinType Invited and the added account (and not the member that was already in the group) in NewMemberList.",
		Doc:         HookDoc(HookJoin), Basis: framework.Documented, Labels: hookLabels(LabelGroups, AddMember, HookJoin)},
	{ID: "GROUPS-HOOK-004", Title: "delete_group_member fires CallbackAfterMemberExit once, with the removed member",
		Description: "After delete_group_member removes a member, the target MUST POST Group.CallbackAfterMemberExit once, valid against its schema, with the GroupId, ExitType Kicked and the removed account in ExitMemberList.",
		Doc:         HookDoc(HookExit), Basis: framework.Documented, Labels: hookLabels(LabelGroups, DeleteMember, HookExit)},
	{ID: "GROUPS-HOOK-005", Title: "send_group_msg fires CallbackBeforeSendMsg and CallbackAfterSendMsg once each, with the message",
		Description: "For a send_group_msg that answers OK, the target MUST POST Group.CallbackBeforeSendMsg and Group.CallbackAfterSendMsg once each, valid against their schemas, with the GroupId, From_Account, Random and MsgBody of the message; the after-callback MUST carry the MsgSeq the call answered.",
		Doc:         HookDoc(HookAfterSend), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, HookBeforeSend, HookAfterSend)},
	{ID: "GROUPS-HOOK-006", Title: "a before-send answer with ErrorCode 1 refuses the group message",
		Description: "When the app answers Group.CallbackBeforeSendMsg with ErrorCode 1, send_group_msg MUST answer FAIL with ErrorCode 10016, the message MUST NOT be in the group's history, and Group.CallbackAfterSendMsg MUST NOT be sent for it.",
		Doc:         HookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, HookBeforeSend)},
	{ID: "GROUPS-HOOK-007", Title: "a before-send answer with ErrorCode 2 drops the group message silently",
		Description: "When the app answers Group.CallbackBeforeSendMsg with ErrorCode 2, send_group_msg MUST answer OK while the message MUST NOT be in the group's history.",
		Doc:         HookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, HookBeforeSend)},
	{ID: "GROUPS-HOOK-008", Title: "a before-send answer with a MsgBody replaces the group message",
		Description: "When the app answers Group.CallbackBeforeSendMsg with ErrorCode 0 and a MsgBody of its own, the group's history MUST hold that MsgBody instead of the one sent.",
		Doc:         HookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, HookBeforeSend)},
	{ID: "GROUPS-HOOK-009", Title: "destroy_group fires CallbackAfterGroupDestroyed once",
		Description: "After destroy_group answers OK, the target MUST POST Group.CallbackAfterGroupDestroyed once, valid against its schema, with the GroupId, Type and the group's Owner_Account.",
		Doc:         HookDoc(HookDestroyed), Basis: framework.Documented, Labels: hookLabels(LabelGroups, Destroy, HookDestroyed)},
	{ID: "GROUPS-HOOK-010", Title: "a new group name fires CallbackAfterGroupInfoChanged once, with the name",
		Description: "After modify_group_base_info changes the Name, the target MUST POST Group.CallbackAfterGroupInfoChanged once, valid against its schema, with the GroupId and the new Name.",
		Doc:         HookDoc(HookInfoChanged), Basis: framework.Documented, Labels: hookLabels(LabelGroups, ModifyInfo, HookInfoChanged)},
	{ID: "GROUPS-HOOK-011", Title: "group_msg_recall fires CallbackAfterRecallMsg once, with the recalled MsgSeq",
		Description: "After group_msg_recall recalls a message, the target MUST POST Group.CallbackAfterRecallMsg once, valid against its schema, with the GroupId and the recalled MsgSeq in MsgSeqList.",
		Doc:         HookDoc(HookRecall), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Recall, HookRecall)},
	{ID: "GROUPS-HOOK-012", Title: "change_group_owner fires CallbackAfterChangeGroupOwner once, with both owners",
		Description: "After change_group_owner answers OK, the target MUST POST Group.CallbackAfterChangeGroupOwner once, valid against its schema, with the GroupId, the old owner as OldOwner_Account and the new one as NewOwner_Account.",
		Doc:         HookDoc(HookOwnerChanged), Basis: framework.Documented, Labels: hookLabels(LabelGroups, ChangeOwner, HookOwnerChanged)},
	{ID: "GROUPS-HOOK-013", Title: "import_group and import_group_member fire no callback",
		Description: "import_group and import_group_member MUST answer OK and MUST NOT make the target POST Group.CallbackAfterCreateGroup or Group.CallbackAfterNewMemberJoin (or any group callback) for the imported group, as their pages say.",
		Doc:         DocOf(ImportGroup), Basis: framework.Documented, Labels: hookLabels(LabelGroups, ImportGroup, HookAfterCreate, HookJoin)},
	{ID: "GROUPS-HOOK-014", Title: "ForbidCallbackControl turns the send callbacks off for one message",
		Description: "send_group_msg with ForbidCallbackControl [ForbidBeforeSendMsgCallback, ForbidAfterSendMsgCallback] MUST answer OK and MUST NOT make the target POST Group.CallbackBeforeSendMsg or Group.CallbackAfterSendMsg for that message.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: hookLabels(LabelMessages, Send, HookBeforeSend, HookAfterSend)},
}
