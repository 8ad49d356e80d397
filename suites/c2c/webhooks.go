package c2c

import (
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// The callbacks of the family.
const (
	HookBeforeSend = "C2C.CallbackBeforeSendMsg"
	HookAfterSend  = "C2C.CallbackAfterSendMsg"
	HookRead       = "C2C.CallbackAfterMsgReport"
	HookWithdraw   = "C2C.CallbackAfterMsgWithDraw"
)

func hookDoc(cmd string) string {
	w, ok := schemas.MustLoad().Webhook(cmd)
	if !ok {
		panic("c2c: no catalogue entry for " + cmd)
	}
	return w.Doc
}

func hookLabels(cmd, endpoint string) []string {
	return []string{LabelFamily, endpoint, LabelWebhook, "webhook:" + cmd}
}

// webhookChecks are the checks of the callbacks the family's calls fire.
var webhookChecks = []framework.Check{
	{ID: "C2C-HOOK-001", Title: "admin_set_msg_read fires CallbackAfterMsgReport once, with the call's accounts",
		Description: "After openim/admin_set_msg_read answers OK, the target MUST POST C2C.CallbackAfterMsgReport to the callback URL exactly once, valid against its schema, with Report_Account and Peer_Account of the call and UnreadMsgNum equal to Report_Account's unread total after it.",
		Doc:         hookDoc(HookRead), Basis: framework.Documented, Labels: hookLabels(HookRead, "openim.admin_set_msg_read")},
	{ID: "C2C-HOOK-002", Title: "admin_msgwithdraw fires CallbackAfterMsgWithDraw once, with the recalled message",
		Description: "After openim/admin_msgwithdraw answers OK, the target MUST POST C2C.CallbackAfterMsgWithDraw exactly once, valid against its schema, with the call's From_Account, To_Account and MsgKey.",
		Doc:         hookDoc(HookWithdraw), Basis: framework.Documented, Labels: hookLabels(HookWithdraw, "openim.admin_msgwithdraw")},
	{ID: "C2C-HOOK-003", Title: "sendmsg fires CallbackBeforeSendMsg and CallbackAfterSendMsg once each, with the message",
		Description: "For an openim/sendmsg that answers OK, the target MUST POST C2C.CallbackBeforeSendMsg and C2C.CallbackAfterSendMsg once each, valid against their schemas, carrying the message's From_Account, To_Account, MsgKey and MsgBody; the after-callback MUST say SendMsgResult 0 and the recipient's unread total.",
		Doc:         hookDoc(HookAfterSend), Basis: framework.Documented, Labels: hookLabels(HookAfterSend, "openim.sendmsg")},
	{ID: "C2C-HOOK-004", Title: "a before-send answer with ErrorCode 1 refuses the message",
		Description: "When the app answers C2C.CallbackBeforeSendMsg with ErrorCode 1, openim/sendmsg MUST answer FAIL with ErrorCode 20006, the message MUST NOT reach the recipient's history or unread count, and C2C.CallbackAfterSendMsg MUST NOT be sent for it.",
		Doc:         hookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(HookBeforeSend, "openim.sendmsg")},
	{ID: "C2C-HOOK-005", Title: "a before-send answer with ErrorCode 2 drops the message silently",
		Description: "When the app answers C2C.CallbackBeforeSendMsg with ErrorCode 2, openim/sendmsg MUST answer OK while the message MUST NOT reach the recipient's history or unread count.",
		Doc:         hookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(HookBeforeSend, "openim.sendmsg")},
	{ID: "C2C-HOOK-006", Title: "a before-send answer with a MsgBody replaces the message",
		Description: "When the app answers C2C.CallbackBeforeSendMsg with ErrorCode 0 and a MsgBody of its own, the recipient's history MUST hold that MsgBody instead of the one sent, and C2C.CallbackAfterSendMsg MUST carry it.",
		Doc:         hookDoc(HookBeforeSend), Basis: framework.Documented, Labels: hookLabels(HookBeforeSend, "openim.sendmsg")},
	{ID: "C2C-HOOK-007", Title: "callbacks carry the documented query string",
		Description: "Every callback MUST be a POST whose query string holds SdkAppid (the app's), CallbackCommand (the body's), contenttype=json, ClientIP and OptPlatform, RESTAPI for a REST call.",
		Doc:         "https://www.tencentcloud.com/document/product/1047/34354", Basis: framework.Documented, Labels: hookLabels(HookRead, "openim.admin_set_msg_read")},
}
