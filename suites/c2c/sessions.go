package c2c

import (
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of the calls the session checks make.
const (
	QueryState    = "openim/querystate"
	QueryStateOld = "openim/query_online_status"
	Kick          = "im_open_login_svc/kick"
)

// States is every login state querystate may report.
var States = []string{"Online", "PushOnline", "Offline"}

// docOf is an endpoint's doc page, from the catalogue.
func docOf(path string) string {
	e, ok := schemas.MustLoad().Entry(path)
	if !ok {
		panic("c2c: no catalogue entry for " + path)
	}
	return e.Doc
}

func labels(family, endpoint string, kind ...string) []string {
	return append([]string{family, endpoint}, kind...)
}

// sessionChecks are the checks of online status and kicks.
var sessionChecks = []framework.Check{
	{ID: "C2C-STATE-001", Title: "an account no client logged in is Offline",
		Description: "openim/querystate MUST answer OK for an imported account that no client has logged in, and MUST report its login state as Offline.",
		Doc:         docOf(QueryState), Basis: framework.Documented, Labels: labels(LabelFamily, "openim.querystate", LabelBehaviour)},
	{ID: "C2C-STATE-002", Title: "a client that logs in makes its account Online, with the platform in the detail",
		Description: "After a client of an account logs in on iPhone, openim/querystate MUST report that account Online and, with IsNeedDetail 1, MUST list iPhone as Online in its Detail, while an account nobody logged in MUST stay Offline.",
		Doc:         docOf(QueryState), Basis: framework.Documented, Labels: labels(LabelFamily, "openim.querystate", LabelBehaviour, LabelSessions)},
	{ID: "C2C-STATE-003", Title: "a client in the background is PushOnline",
		Description: "An account whose only client session is in the background MUST be reported PushOnline by openim/querystate.",
		Doc:         docOf(QueryState), Basis: framework.Documented, Labels: labels(LabelFamily, "openim.querystate", LabelBehaviour, LabelSessions)},
	{ID: "C2C-STATE-004", Title: "an account never imported is reported as an error",
		Description: "openim/querystate MUST NOT report a login state for an account that was never imported: it MUST list it with ErrorCode 70107 in ErrorList, or fail the call with 70107, while the imported accounts of the same call are reported.",
		Doc:         docOf(QueryState), Basis: framework.Inferred, Labels: labels(LabelFamily, "openim.querystate", LabelErrors)},
	{ID: "C2C-STATE-005", Title: "the older path reports the same states",
		Description: "openim/query_online_status, the older name of openim/querystate, MUST answer the same login states for the same accounts.",
		Doc:         docOf(QueryState), Basis: framework.Inferred, Labels: labels(LabelFamily, "openim.querystate", LabelBehaviour, LabelSessions)},
	{ID: "C2C-KICK-001", Title: "kick ends every client session of the account",
		Description: "After im_open_login_svc/kick answers OK for an account with clients logged in on two platforms, openim/querystate MUST report it Offline with no platform in its Detail.",
		Doc:         docOf(Kick), Basis: framework.Documented, Labels: labels(LabelFamily, "im_open_login_svc.kick", LabelBehaviour, LabelSessions)},
	{ID: "C2C-KICK-002", Title: "kick of an account never imported fails with 70107",
		Description: "im_open_login_svc/kick MUST answer FAIL with ErrorCode 70107 for a well-formed UserID that was never imported, while it answers OK for an imported one.",
		Doc:         docOf(Kick), Basis: framework.Documented, Labels: labels(LabelFamily, "im_open_login_svc.kick", LabelErrors)},
}
