package c2c

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the calls the message checks are about.
const (
	BatchSend = "openim/batchsendmsg"
	Modify    = "openim/modify_c2c_msg"
	SetKV     = "openim_msg_ext_http_svc/set_key_values"
	GetKV     = "openim_msg_ext_http_svc/get_key_values"
)

// Documented limits the message checks hold a target to.
const (
	MaxBatchRecipients = 500  // batchsendmsg To_Account
	MaxExtPerSet       = 20   // set_key_values ExtensionList
	MaxExtPerMessage   = 300  // pairs on one message
	MaxExtKeyBytes     = 100  // Key
	MaxExtValueBytes   = 1000 // Value
	MaxExtWritesPerMin = 200  // set_key_values calls on one message
)

// Codes a check accepts where the documentation names none.
var (
	// modify_c2c_msg lists no code for a MsgKey that names no message: the
	// recall codes of the family, its own "invalid request" or "not in the
	// message format".
	ModifyNoMessageCodes = []int{20022, 20001, 90010, 90054}
	// A modification of a recalled message may be refused with the
	// family's "already recalled", "no such message" or "invalid request".
	ModifyRecalledCodes = []int{20023, 20022, 20001, 90010}
	// get_key_values on a message sent without extensions: 23002 is
	// documented for set_key_values only.
	ExtUnsupportedGetCodes = []int{23002, 23004, 10004}
)

// Endpoint labels of the message checks.
const (
	labelBatch  = "openim.batchsendmsg"
	labelModify = "openim.modify_c2c_msg"
	labelSetKV  = "openim_msg_ext_http_svc.set_key_values"
	labelGetKV  = "openim_msg_ext_http_svc.get_key_values"
)

func extLabels(kind string) []string {
	return []string{LabelFamily, labelSetKV, labelGetKV, kind}
}

// messageChecks are the checks of batch sends, modification and message
// extensions.
var messageChecks = []framework.Check{
	{ID: "C2C-BATCH-001", Title: "a batch reaches every recipient's history and unread count under one MsgKey",
		Description: "openim/batchsendmsg to several imported accounts MUST answer OK with a MsgKey; each recipient's history with the sender (admin_getroammsg) MUST then hold the message under that MsgKey with the sent MsgBody, and each recipient's unread count with the sender MUST be 1, as after sendmsg.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelBehaviour)},
	{ID: "C2C-BATCH-002", Title: "unknown recipients are listed with 70107 while the others get the message",
		Description: "openim/batchsendmsg to imported and never-imported accounts MUST answer ErrorCode 0 (ActionStatus OK, or the sample's SomeError), MUST list every never-imported recipient in ErrorList with ErrorCode 70107 and no imported one, and every imported recipient MUST get the message in its history and unread count.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Open: true, Labels: labels(LabelFamily, labelBatch, LabelBehaviour)},
	{ID: "C2C-BATCH-003", Title: "a batch that reaches nobody answers 90012",
		Description: "openim/batchsendmsg whose recipients were all never imported MUST answer FAIL with ErrorCode 90012.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelErrors)},
	{ID: "C2C-BATCH-004", Title: "a batch of 500 recipients is accepted",
		Description: "openim/batchsendmsg MUST accept the documented maximum of 500 recipients: with two imported accounts among them it MUST answer ErrorCode 0, and both MUST get the message in their unread count.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelBehaviour)},
	{ID: "C2C-BATCH-005", Title: "a batch of 501 recipients answers 90011 and reaches nobody",
		Description: "openim/batchsendmsg with 501 recipients MUST answer FAIL with ErrorCode 90011, and the imported accounts among them MUST NOT get the message (history and unread count unchanged).",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelErrors)},
	{ID: "C2C-BATCH-006", Title: "a batch from an unknown From_Account answers 90008 and reaches nobody",
		Description: "openim/batchsendmsg whose From_Account was never imported MUST answer FAIL with ErrorCode 90008, and its imported recipients MUST NOT get the message.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelErrors)},
	{ID: "C2C-BATCH-007", Title: "the batch's MsgKey recalls the message in a recipient's conversation",
		Description: "admin_msgwithdraw with the MsgKey openim/batchsendmsg returned, the sender and one recipient MUST answer OK, and that recipient's history MUST then show the message with MsgFlagBits 8.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelBehaviour)},
	{ID: "C2C-BATCH-008", Title: "a batch with MsgLifeTime 0 is neither stored nor counted as unread",
		Description: "openim/batchsendmsg with MsgLifeTime 0 MUST answer ErrorCode 0, and the message MUST NOT appear in the recipient's history nor in its unread count.",
		Doc:         docOf(BatchSend), Basis: framework.Documented, Labels: labels(LabelFamily, labelBatch, LabelBehaviour)},

	{ID: "C2C-MODIFY-001", Title: "a new MsgBody is what the history then shows, on both sides",
		Description: "openim/modify_c2c_msg with MsgBody only MUST answer OK; admin_getroammsg MUST then show the message with the new MsgBody to the sender and to the recipient, with its CloudCustomData unchanged, and the conversation's other messages MUST be unchanged.",
		Doc:         docOf(Modify), Basis: framework.Documented, Labels: labels(LabelFamily, labelModify, LabelBehaviour)},
	{ID: "C2C-MODIFY-002", Title: "new CloudCustomData is what the history then shows, with the MsgBody kept",
		Description: "openim/modify_c2c_msg with CloudCustomData only MUST answer OK; admin_getroammsg MUST then show the message with the new CloudCustomData to both sides and its MsgBody unchanged.",
		Doc:         docOf(Modify), Basis: framework.Documented, Labels: labels(LabelFamily, labelModify, LabelBehaviour)},
	{ID: "C2C-MODIFY-003", Title: "MsgBody and CloudCustomData are modified together",
		Description: "openim/modify_c2c_msg with both MsgBody and CloudCustomData MUST answer OK, and admin_getroammsg MUST then show both new values to both sides.",
		Doc:         docOf(Modify), Basis: framework.Documented, Labels: labels(LabelFamily, labelModify, LabelBehaviour)},
	{ID: "C2C-MODIFY-004", Title: "a modified message keeps its MsgKey, MsgSeq and time",
		Description: "After openim/modify_c2c_msg answers OK, admin_getroammsg MUST list the message with the MsgKey, MsgSeq and MsgTimeStamp it had before (the page only says its body and custom data are overwritten).",
		Doc:         docOf(Modify), Basis: framework.Inferred, Labels: labels(LabelFamily, labelModify, LabelBehaviour)},
	{ID: "C2C-MODIFY-005", Title: "a MsgKey that names no message is refused",
		Description: "openim/modify_c2c_msg with a well-formed MsgKey that names no message of the pair MUST answer FAIL (the page lists no code; 20022, 20001, 90010 or 90054 are accepted), and the pair's messages MUST be unchanged.",
		Doc:         docOf(Modify), Basis: framework.Inferred, Labels: labels(LabelFamily, labelModify, LabelErrors)},
	{ID: "C2C-MODIFY-006", Title: "modifying a recalled message is refused or leaves it recalled",
		Description: "openim/modify_c2c_msg on a recalled message MUST either answer FAIL (20023, 20022, 20001 or 90010) and leave its MsgBody as it was, or answer OK and show the new MsgBody; either way admin_getroammsg MUST still show it with MsgFlagBits 8.",
		Doc:         docOf(Modify), Basis: framework.Inferred, Labels: labels(LabelFamily, labelModify, LabelErrors)},
	{ID: "C2C-MODIFY-007", Title: "an unknown From_Account is refused with 20003 and changes nothing",
		Description: "openim/modify_c2c_msg whose From_Account was never imported, with the MsgKey and To_Account of an existing message, MUST answer FAIL with ErrorCode 20003 (or the global table's 90008), and the message MUST be unchanged.",
		Doc:         docOf(Modify), Basis: framework.Documented, Open: true, Labels: labels(LabelFamily, labelModify, LabelErrors)},
	{ID: "C2C-MODIFY-008", Title: "an unknown To_Account is refused with 90012 and changes nothing",
		Description: "openim/modify_c2c_msg whose To_Account was never imported, with the MsgKey and From_Account of an existing message, MUST answer FAIL with ErrorCode 90012 (or 20003), and the message MUST be unchanged.",
		Doc:         docOf(Modify), Basis: framework.Documented, Open: true, Labels: labels(LabelFamily, labelModify, LabelErrors)},

	{ID: "C2C-EXT-001", Title: "pairs set on an extensible message are what get_key_values returns",
		Description: "set_key_values with OperateType 1 on a message sent with SupportMessageExtension 1 MUST answer OK with ErrorCode 0 for every pair; get_key_values MUST then return exactly those pairs, each with its value and the Seq set_key_values reported, CompleteFlag 1 and a LatestSeq no smaller than any pair's Seq.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-002", Title: "setting a key again replaces its value and raises its Seq",
		Description: "set_key_values of a key already set, with its latest Seq, MUST answer ErrorCode 0 for it; get_key_values MUST then return the new value with a greater Seq, and the message's other pairs MUST keep their values.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-003", Title: "an App admin's stale Seq is not checked",
		Description: "set_key_values called by the App admin with Seq 0 for a key already set MUST still apply the write (ErrorCode 0 for the pair, not 23001), since the backend does not verify Seq for admins; get_key_values MUST then return the new value.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-004", Title: "OperateType 2 deletes the listed keys only",
		Description: "set_key_values with OperateType 2 MUST answer OK, and get_key_values MUST then no longer return the listed keys while still returning the message's other pairs.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-005", Title: "OperateType 3 clears every pair and moves ClearSeq past them",
		Description: "set_key_values with OperateType 3 MUST answer OK; get_key_values MUST then return no pair and a ClearSeq no smaller than the Seq of every pair it cleared, so that clients drop them.",
		Doc:         docOf(GetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-006", Title: "StartSeq returns only the pairs from that Seq on",
		Description: "get_key_values with StartSeq MUST return the pairs whose Seq is at least StartSeq and MUST NOT return a pair whose Seq is smaller.",
		Doc:         docOf(GetKV), Basis: framework.Documented, Labels: extLabels(LabelBehaviour)},
	{ID: "C2C-EXT-007", Title: "a message sent without SupportMessageExtension refuses extensions with 23002",
		Description: "set_key_values on a message sendmsg sent with SupportMessageExtension 0 MUST answer FAIL with ErrorCode 23002, and get_key_values MUST NOT then return any pair for it.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-008", Title: "a MsgKey that names no message answers 23004",
		Description: "set_key_values and get_key_values with a well-formed MsgKey that names no message of the pair MUST each answer FAIL with ErrorCode 23004.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-009", Title: "at most 20 pairs per call",
		Description: "set_key_values with 21 pairs MUST answer FAIL with ErrorCode 10004 and store none of them, while the same call with 20 pairs MUST answer OK and store all 20.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-010", Title: "a Key over 100 bytes is refused, one of 100 bytes is stored",
		Description: "set_key_values MUST refuse a Key of 101 bytes (FAIL with 10004, or the pair's ErrorCode not 0) and get_key_values MUST NOT return it nor any shortened form, while a Key of exactly 100 bytes MUST be stored as sent.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Open: true, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-011", Title: "a Value over 1,000 bytes is refused, one of 1,000 bytes is stored",
		Description: "set_key_values MUST refuse a Value of 1,001 bytes (FAIL with 10004, or the pair's ErrorCode not 0) and get_key_values MUST NOT return the pair, while a Value of exactly 1,000 bytes MUST be stored as sent.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Open: true, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-012", Title: "a message holds 300 pairs and refuses a 301st",
		Description: "A message MUST take 300 pairs set 20 at a time, all returned by get_key_values (paged by StartSeq); set_key_values of a 301st key MUST then be refused (FAIL, or the pair's ErrorCode not 0), and get_key_values MUST NOT return it.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Open: true, Labels: extLabels(LabelErrors)},
	{ID: "C2C-EXT-013", Title: "more than 200 writes a minute on one message answer 23003",
		Description: "set_key_values MUST accept 200 writes on one message within a minute and MUST answer FAIL with ErrorCode 23003 to a later write inside the limit's window (within 401 writes made in under a minute); the refused write MUST NOT be stored.",
		Doc:         docOf(SetKV), Basis: framework.Documented, Labels: extLabels(LabelErrors)},
}
