package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the operations endpoints.
const (
	OpsAppInfo = "openconfigsvr/getappinfo"
	OpsHistory = "open_msg_svc/get_history"
	OpsIPList  = "ConfigSvc/GetIPList"
)

// Callbacks of operations and online status.
const (
	HookOverLimit   = "Alert.RequestOverLimit"
	HookStateChange = "State.StateChange"
)

// HistoryLimit is get_history's documented call-rate limit, the one the
// alert check bursts past.
const HistoryLimit = 10

func opsLabels(path string, kind ...string) []string {
	return append([]string{LabelOperations, endpointLabel(path)}, kind...)
}

func stateLabels(endpoint string) []string {
	return []string{LabelOnlineStatus, endpoint, LabelWebhook, "webhook:" + HookStateChange, LabelSessions}
}

// opsChecks are the checks of operations and of the online-status callback.
var opsChecks = []framework.Check{
	{ID: "USERS-OPS-001", Title: "getappinfo reports days of the app's own data",
		Description: "openconfigsvr/getappinfo with {} MUST answer OK with a non-empty Result, each row's Date MUST be a day written YYYYMMDD and each row's AppId MUST be the app's SDKAppID.",
		Doc:         DocOf(OpsAppInfo), Basis: framework.Documented, Labels: opsLabels(OpsAppInfo, LabelBehaviour)},
	{ID: "USERS-OPS-002", Title: "getappinfo with RequestField returns only the fields asked for",
		Description: "openconfigsvr/getappinfo with RequestField [ChainIncrease, ChainDecrease] MUST answer OK, and its rows MUST NOT hold fields other than those and Date.",
		Doc:         DocOf(OpsAppInfo), Basis: framework.Documented, Labels: opsLabels(OpsAppInfo, LabelBehaviour)},
	{ID: "USERS-OPS-003", Title: "today's getappinfo row counts the one-to-one messages sent",
		Description: "After two openim/sendmsg calls answer OK, today's openconfigsvr/getappinfo row MUST count at least two more C2CUpMsgNum than before them, and its RegistUserNumTotal MUST be at least the number of accounts the run imported.",
		Doc:         DocOf(OpsAppInfo), Basis: framework.Inferred, Labels: opsLabels(OpsAppInfo, LabelBehaviour)},
	{ID: "USERS-OPS-004", Title: "get_history's file of an hour lists the messages sent in it",
		Description: "open_msg_svc/get_history for ChatType C2C and the hour of a message sendmsg sent MUST return a File whose URL downloads a gzip of the documented format (SdkAppId, ChatType, MsgTime and MsgList) listing that message with its From_Account, To_Account, MsgTimestamp, MsgSeq, MsgRandom and MsgBody, and whose GzipSize, GzipMD5, FileSize and FileMD5 describe the download.",
		Doc:         DocOf(OpsHistory), Basis: framework.Documented, Labels: opsLabels(OpsHistory, LabelBehaviour)},
	{ID: "USERS-OPS-005", Title: "get_history of an hour older than 7 days returns no file",
		Description: "open_msg_svc/get_history for an hour more than 7 days old MUST answer FAIL with 1005 (expired) or 1004 (no file), since files are kept 7 days, while the same call for the current hour does not answer 1002 or 1005.",
		Doc:         DocOf(OpsHistory), Basis: framework.Inferred, Labels: opsLabels(OpsHistory, LabelErrors)},
	{ID: "USERS-OPS-006", Title: "get_history with an unknown ChatType fails with 1002",
		Description: "open_msg_svc/get_history MUST answer FAIL with 1002 for ChatType \"Both\", while the same call with ChatType C2C does not answer 1002.",
		Doc:         DocOf(OpsHistory), Basis: framework.Documented, Labels: opsLabels(OpsHistory, LabelErrors)},
	{ID: "USERS-OPS-007", Title: "GetIPList lists IP addresses or ranges",
		Description: "ConfigSvc/GetIPList with {} MUST answer OK with a non-empty IPList whose every entry is an IP address or a CIDR range.",
		Doc:         DocOf(OpsIPList), Basis: framework.Documented, Labels: opsLabels(OpsIPList, LabelBehaviour)},
	{ID: "USERS-OPS-008", Title: "a burst over an API's limit raises Alert.RequestOverLimit",
		Description: "When calls of open_msg_svc/get_history are throttled for passing its limit of 10 calls/s, the target MUST POST Alert.RequestOverLimit, valid against its schema, with ServiceName open_msg_svc, Command get_history, Limit 10 and a Request above 80% of it.",
		Doc:         HookDoc(HookOverLimit), Basis: framework.Documented,
		Labels: []string{LabelOperations, endpointLabel(OpsHistory), LabelWebhook, "webhook:" + HookOverLimit, LabelDisruptive, framework.LabelAppWide}},
	{ID: "USERS-STATE-001", Title: "a client login fires State.StateChange Login",
		Description: "When a client of an account logs in, the target MUST POST State.StateChange once, valid against its schema, with Info.Action Login, Info.Reason Register and Info.To_Account the account.",
		Doc:         HookDoc(HookStateChange), Basis: framework.Documented, Labels: stateLabels("openim.querystate")},
	{ID: "USERS-STATE-002", Title: "a client logout fires State.StateChange Logout",
		Description: "When the logged-in client of an account logs out, the target MUST POST State.StateChange once for it, valid against its schema, with Info.Action Logout and Info.Reason Unregister.",
		Doc:         HookDoc(HookStateChange), Basis: framework.Documented, Labels: stateLabels("openim.querystate")},
	{ID: "USERS-STATE-003", Title: "a kick fires State.StateChange for the account that went offline",
		Description: "After im_open_login_svc/kick answers OK for an account with a client logged in, the target MUST POST State.StateChange for it, valid against its schema, with Info.Action Logout (Unregister) or Disconnect (LinkClose), never Login.",
		Doc:         HookDoc(HookStateChange), Basis: framework.Inferred, Labels: stateLabels("im_open_login_svc.kick")},
}
