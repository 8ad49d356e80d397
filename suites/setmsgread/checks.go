// Package setmsgread holds the conformance checks of
// v4/openim/admin_set_msg_read; its specs are in the package's tests.
package setmsgread

import (
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// Doc pages the checks cite: the endpoints' pages come from the catalogue;
// the general pages have no entry of their own.
var (
	docSetRead       = doc("openim/admin_set_msg_read")
	docUnread        = doc("openim/get_c2c_unread_msg_num")
	docRoamMsg       = doc("openim/admin_getroammsg")
	docImportMsg     = doc("openim/importmsg")
	docSendMsg       = doc("openim/sendmsg")
	docMultiImport   = doc("im_open_login_svc/multiaccount_import")
	docAccountDelete = doc("im_open_login_svc/account_delete")
)

const (
	docOverview = "https://www.tencentcloud.com/document/product/1047/34620"
	docErrors   = "https://www.tencentcloud.com/document/product/1047/34348"
	docUserSig  = "https://www.tencentcloud.com/document/product/1047/34385"
)

func doc(endpoint string) string {
	e, ok := schemas.MustLoad().Entry(endpoint)
	if !ok {
		panic("setmsgread: no catalogue entry for " + endpoint)
	}
	return e.Doc
}

// DocumentedLimit is admin_set_msg_read's documented calls per second.
func DocumentedLimit() float64 {
	e, _ := schemas.MustLoad().Entry(SetMsgRead)
	l, _ := e.Limit()
	return l
}

// Labels select subsets of the checks.
const (
	LabelEndpoint   = "admin_set_msg_read"
	LabelEnvelope   = "envelope"
	LabelSchema     = "schema"
	LabelBehaviour  = "behaviour"
	LabelErrors     = "errors"
	LabelAuth       = "auth"
	LabelRateLimit  = "rate-limit"
	LabelDisruptive = "disruptive"
	LabelProbe      = "probe"
)

func labels(kind ...string) []string { return append([]string{LabelEndpoint, "family:c2c"}, kind...) }

// Codes a check accepts where the documentation allows more than one.
var (
	// The error table names To_Account (90003) and From_Account (90008) for
	// fields called Report_Account and Peer_Account; which goes with which
	// is not stated.
	AccountCodes = []int{90003, 90008}
	// A field of the wrong JSON type: the field's own codes, the openim
	// parse error, or the common "account must be a string".
	WrongTypeCodes = []int{90001, 90003, 90008, 60015}
	// An empty body is forbidden without a code: a parse error at either
	// layer, or the missing-field codes.
	EmptyBodyCodes = []int{90001, 60002, 60003, 90003, 90008}
	// A valid UserSig of a user who is not an App admin.
	NeedsAdminCodes = []int{90009, 60010, 70403}
	// A UserSig that cannot be parsed.
	GarbageSigCodes = []int{70003, 70005, 60004, 60005}
	// The docs give each UserSig failure its own code (70001, 70009, 70013,
	// 70014) but do not say the REST layer returns those rather than its
	// generic "account or signature error" 60004/60005.
	SigFallbackCodes = []int{60004, 60005}
)

// SigCodes returns the codes accepted for a UserSig failure documented as code.
func SigCodes(code int) []int { return append([]int{code}, SigFallbackCodes...) }

// Checks lists every check of the suite. IDs never change once published.
var Checks = framework.NewChecks(
	framework.Check{
		ID:          "SETREAD-ENV-001",
		Title:       "every answer is HTTP 200 with a schema-valid envelope",
		Description: "Every response to admin_set_msg_read, on success and on failure, MUST have HTTP status 200 and a JSON body valid against the endpoint's response schema (ActionStatus, ErrorCode, ErrorInfo).",
		Doc:         docOverview, Basis: framework.Documented, Labels: labels(LabelEnvelope, LabelSchema),
	},
	framework.Check{
		ID:          "SETREAD-ENV-002",
		Title:       "ActionStatus is OK exactly when ErrorCode is 0",
		Description: "In every response ActionStatus MUST be \"OK\" when ErrorCode is 0 and \"FAIL\" when it is not.",
		Doc:         docOverview, Basis: framework.Documented, Labels: labels(LabelEnvelope),
	},
	framework.Check{
		ID:          "SETREAD-OK-001",
		Title:       "setting read for two existing accounts succeeds",
		Description: "admin_set_msg_read with an existing Report_Account and Peer_Account MUST answer ActionStatus OK with ErrorCode 0.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-001",
		Title:       "unread count reflects messages sent",
		Description: "After Peer_Account sends N messages to Report_Account, get_c2c_unread_msg_num MUST report N unread for that conversation.",
		Doc:         docUnread, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-002",
		Title:       "set read clears the conversation's unread count",
		Description: "After admin_set_msg_read without MsgReadTime, Report_Account's unread count for the conversation with Peer_Account MUST be 0.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-003",
		Title:       "messages Report_Account sent are unaffected",
		Description: "admin_set_msg_read for Report_Account MUST NOT change Peer_Account's unread count of the messages Report_Account sent.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-004",
		Title:       "other conversations keep their counts",
		Description: "admin_set_msg_read for one conversation MUST NOT change Report_Account's unread count in its other conversations.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-005",
		Title:       "MsgReadTime older than every message changes nothing",
		Description: "admin_set_msg_read with a MsgReadTime older than every message of the conversation MUST leave the unread count unchanged.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-006",
		Title:       "MsgReadTime between messages leaves the newer ones unread",
		Description: "admin_set_msg_read with a MsgReadTime strictly between two messages' times MUST mark the older messages read and MUST leave exactly the newer ones unread.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-BEH-007",
		Title:       "repeating the call is harmless",
		Description: "Repeating admin_set_msg_read MUST answer OK again and MUST NOT change any unread count.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelBehaviour),
	},
	framework.Check{
		ID:          "SETREAD-ERR-001",
		Title:       "malformed JSON is rejected with 90001",
		Description: "A body that is not valid JSON MUST answer ActionStatus FAIL with ErrorCode 90001.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-002",
		Title:       "missing Report_Account is rejected",
		Description: "A body without Report_Account MUST answer FAIL with 90003 or 90008 (the docs' table names To_Account/From_Account; which one applies is not stated).",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-003",
		Title:       "missing Peer_Account is rejected",
		Description: "A body without Peer_Account MUST answer FAIL with 90003 or 90008.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-004",
		Title:       "unknown Report_Account is rejected",
		Description: "A Report_Account that was never imported MUST answer FAIL with 90003 or 90008.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-005",
		Title:       "unknown Peer_Account is rejected",
		Description: "A Peer_Account that was never imported MUST answer FAIL with 90003 or 90008.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-006",
		Title:       "Report_Account of the wrong JSON type is rejected",
		Description: "A Report_Account that is not a JSON string (a number, an array, null) MUST answer FAIL with one of 90001, 90003, 90008 or 60015.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-007",
		Title:       "Peer_Account of the wrong JSON type is rejected",
		Description: "A Peer_Account that is not a JSON string MUST answer FAIL with one of 90001, 90003, 90008 or 60015.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-ERR-008",
		Title:       "an empty body is rejected",
		Description: "An empty request body (the docs require at least {}) MUST answer FAIL with one of 90001, 60002, 60003, 90003 or 90008.",
		Doc:         docOverview, Basis: framework.Inferred, Labels: labels(LabelErrors),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-001",
		Title:       "expired usersig is rejected with 70001",
		Description: "A usersig whose validity has passed MUST answer FAIL in an HTTP 200 with ErrorCode 70001 (or the REST layer's generic 60004/60005: the docs do not say which layer answers).",
		Doc:         docErrors, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-002",
		Title:       "usersig signed with another key is rejected with 70009",
		Description: "A usersig signed with a key other than the app's MUST answer FAIL with ErrorCode 70009 (or the generic 60004/60005).",
		Doc:         docErrors, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-003",
		Title:       "usersig of another identifier is rejected with 70013",
		Description: "A usersig made for a UserID other than the identifier parameter MUST answer FAIL with ErrorCode 70013 (or the generic 60004/60005).",
		Doc:         docErrors, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-004",
		Title:       "usersig for another SDKAppID is rejected with 70014",
		Description: "A usersig made for an SDKAppID other than the sdkappid parameter MUST answer FAIL with ErrorCode 70014 (or the generic 60004/60005).",
		Doc:         docErrors, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-005",
		Title:       "garbage usersig is rejected",
		Description: "A usersig that cannot be decoded MUST answer FAIL with ErrorCode 70003 or 70005 (or the generic 60004/60005).",
		Doc:         docErrors, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-006",
		Title:       "missing sdkappid is rejected with 60012",
		Description: "A call without the sdkappid query parameter MUST answer FAIL with ErrorCode 60012.",
		Doc:         docOverview, Basis: framework.Documented, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-AUTH-007",
		Title:       "a non-admin identifier is rejected",
		Description: "A call whose identifier is an existing user who is not an App admin, with that user's valid usersig, MUST answer FAIL with a documented needs-admin code: 90009, 60010 or 70403.",
		Doc:         docUserSig, Basis: framework.Inferred, Labels: labels(LabelAuth),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-001",
		Title:       "probe: MsgReadTime as a JSON number",
		Description: "A MsgReadTime sent as a JSON number (documented as a String; clients in the wild send numbers) MUST get an HTTP 200 envelope; which answer (OK and its effect, or FAIL) is recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-002",
		Title:       "probe: a message at exactly MsgReadTime",
		Description: "A call whose MsgReadTime equals a message's time MUST get an HTTP 200 envelope; whether that message becomes read (the docs say \"before\") is recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-003",
		Title:       "probe: an older MsgReadTime after a newer one",
		Description: "A second call with an older MsgReadTime MUST get an HTTP 200 envelope; whether the read position moves back is recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-004",
		Title:       "probe: Report_Account equal to Peer_Account",
		Description: "A call whose Report_Account and Peer_Account are the same account MUST get an HTTP 200 envelope; its answer is recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-005",
		Title:       "probe: MsgReadTime that is not UNIX seconds",
		Description: "Calls with a non-numeric, an empty, a zero, a millisecond, a negative and a future MsgReadTime MUST each get an HTTP 200 envelope; the answers are recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-006",
		Title:       "probe: GET instead of POST",
		Description: "A GET to the endpoint (the API takes POST only) MUST get an HTTP 200 envelope with a non-zero ErrorCode; the code is recorded.",
		Doc:         docOverview, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-007",
		Title:       "probe: an unknown command",
		Description: "A POST to an unknown openim command MUST get an HTTP 200 envelope with a non-zero ErrorCode; the code is recorded.",
		Doc:         docOverview, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-008",
		Title:       "probe: a missing or out-of-range random",
		Description: "Calls without random, and with random over 4294967295, MUST each get an HTTP 200 envelope; the answers are recorded.",
		Doc:         docOverview, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-009",
		Title:       "probe: contenttype other than json",
		Description: "A call with contenttype=xml MUST get an HTTP 200 envelope; the answer is recorded.",
		Doc:         docOverview, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-010",
		Title:       "probe: an unknown request field",
		Description: "A call with an undocumented extra body field MUST get an HTTP 200 envelope; whether it is ignored or rejected is recorded.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-011",
		Title:       "probe: IsPeerRead after admin_set_msg_read",
		Description: "After admin_set_msg_read, admin_getroammsg MUST answer with an HTTP 200 envelope; the IsPeerRead it shows for the read messages is recorded.",
		Doc:         docRoamMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-012",
		Title:       "probe: importmsg with SyncFromOldSystem 1",
		Description: "An importmsg with SyncFromOldSystem 1 (the old docs' live mode; the 2023 docs allow only 2 and 5) MUST get an HTTP 200 envelope; whether it is refused, and the unread count after, are recorded.",
		Doc:         docImportMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-013",
		Title:       "probe: get_c2c_unread_msg_num with an empty and an oversized Peer_Account",
		Description: "get_c2c_unread_msg_num with Peer_Account [] and with 11 peers (the limit is 10) MUST get HTTP 200 envelopes; the answers, and whether AllC2CUnreadMsgNum comes with a per-peer answer, are recorded.",
		Doc:         docUnread, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-014",
		Title:       "probe: admin_getroammsg with MinTime after MaxTime and MaxCnt 0",
		Description: "admin_getroammsg with MinTime greater than MaxTime, and with MaxCnt 0, MUST get HTTP 200 envelopes; the answers are recorded.",
		Doc:         docRoamMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-015",
		Title:       "probe: multiaccount_import with both request forms, and with neither",
		Description: "multiaccount_import with both Accounts and AccountList, and with neither, MUST get HTTP 200 envelopes; the answers are recorded.",
		Doc:         docMultiImport, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-016",
		Title:       "probe: account_delete where every item fails",
		Description: "account_delete naming only accounts that do not exist, and with an empty DeleteItem, MUST get HTTP 200 envelopes; whether the top level says OK or FAIL is recorded.",
		Doc:         docAccountDelete, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-017",
		Title:       "probe: sendmsg over 7 days, and the same message twice",
		Description: "sendmsg with MsgLifeTime 604801, and the same message sent twice, MUST get HTTP 200 envelopes with a MsgKey on success; the answers and the unread count after are recorded.",
		Doc:         docSendMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-018",
		Title:       "probe: sendmsg with a 10 KB text",
		Description: "sendmsg with a 10 KB text (above the 8 KB limit some pages give, below the 12 KB of others) MUST get an HTTP 200 envelope; whether it is accepted is recorded.",
		Doc:         docSendMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-019",
		Title:       "probe: SyncOtherMachine 2: sender's history and recipient's unread",
		Description: "After sendmsg with SyncOtherMachine 2, admin_getroammsg from the sender's side and get_c2c_unread_msg_num for the recipient MUST answer with HTTP 200 envelopes; whether the sender's history shows the message (the pages disagree) and whether the recipient counts it are recorded.",
		Doc:         docRoamMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-020",
		Title:       "probe: message elements the enum leaves out",
		Description: "sendmsg with a TIMRelayElem (documented on the message-format page, missing from the MsgType enum), and with a TIMFileElem spelled fileName as in its field table, MUST get HTTP 200 envelopes; whether each is accepted is recorded.",
		Doc:         docSendMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-021",
		Title:       "probe: integer fields written 1.0 or over 32 bits",
		Description: "sendmsg with MsgRandom 1.0 and with MsgRandom 4294967296 MUST get HTTP 200 envelopes; whether each is refused is recorded.",
		Doc:         docSendMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-022",
		Title:       "probe: a UserSig valid for 51 years",
		Description: "admin_set_msg_read signed with a UserSig valid for 51 years (the docs cap validity at 50 years, or at 10) MUST get an HTTP 200 envelope; whether it is accepted is recorded.",
		Doc:         docUserSig, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-PROBE-023",
		Title:       "probe: admin_getroammsg at the window's edges",
		Description: "admin_getroammsg with MinTime and MaxTime both equal to a message's time MUST get an HTTP 200 envelope; whether the bounds are inclusive is recorded.",
		Doc:         docRoamMsg, Basis: framework.Inferred, Labels: labels(LabelProbe),
	},
	framework.Check{
		ID:          "SETREAD-RATE-001",
		Title:       "nothing is throttled at 75% of the limit",
		Description: "At 150 calls/s (75% of the documented 200/s) for 2 s, every call MUST answer OK.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelRateLimit, LabelDisruptive),
	},
	framework.Check{
		ID:          "SETREAD-RATE-002",
		Title:       "the excess over 200/s is throttled",
		Description: "At 600 calls/s (3x the documented limit) for 2 s, calls over the limit MUST answer HTTP 200, FAIL, with a documented throttling code (60007, 60011, 60018 or 60019), and the calls accepted MUST number at least 90% of 200/s over the run and at most 200/s over the run plus one second's burst.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelRateLimit, LabelDisruptive), Open: true,
	},
	framework.Check{
		ID:          "SETREAD-RATE-004",
		Title:       "calls at the documented limit are accepted",
		Description: "At exactly 200 calls/s (the documented maximum) for 2 s, at least 90% of calls MUST answer OK (a per-second window may throttle a few where the load meets earlier traffic), and every other answer MUST be a documented throttling code in an HTTP 200.",
		Doc:         docSetRead, Basis: framework.Documented, Labels: labels(LabelRateLimit, LabelDisruptive),
	},
	framework.Check{
		ID:          "SETREAD-RATE-003",
		Title:       "calls succeed again within 1 s of backing off",
		Description: "After a burst over the limit ends, a call MUST answer OK within 1 s.",
		Doc:         docSetRead, Basis: framework.Inferred, Labels: labels(LabelRateLimit, LabelDisruptive),
	},
)

// RequestFields are admin_set_msg_read's documented request fields.
var RequestFields = []string{"Report_Account", "Peer_Account", "MsgReadTime"}

// DocumentedCodes are the error codes the documentation gives for
// admin_set_msg_read, grouped: its own table, and the common REST codes
// every call can get for its URL, credentials, admin rights and rate.
var DocumentedCodes = map[string][]int{
	"its own table":  {90001, 90003, 90008},
	"URL and format": {60002, 60003, 60006, 60009, 60012, 60015},
	"UserSig":        {70001, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020},
	"needs admin":    {60010, 90009},
	"rate limit":     {60007, 60011, 60018, 60019},
}
