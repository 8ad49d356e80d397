package setmsgread_test

import (
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

// withQuery sends admin_set_msg_read with some query parameters replaced
// (nil leaves one out) and expects FAIL with codes. The credentials are
// checked before the body, so the body names well-formed accounts the run
// never imports: these checks need no precondition, and a target that
// cannot create accounts still gets their verdicts (one that looks at the
// body first answers 90003/90008, which they do not accept).
func withQuery(query func(ctx ginkgo.SpecContext) map[string]*string, what string, codes ...int) func(ginkgo.SpecContext) {
	return func(ctx ginkgo.SpecContext) {
		x, err := env.Client.Do(ctx, target.Request{
			Endpoint: setmsgread.SetMsgRead,
			Body:     mustJSON(setmsgread.SetReadBody(env.Pool.Unknown(), env.Pool.Unknown(), nil)),
			Query:    query(ctx),
		})
		if err != nil {
			framework.Unreachable(setmsgread.SetMsgRead, err)
		}
		framework.Verifyf(x, framework.FailWith(codes...), "%s", what)
		if len(codes) > 1 {
			framework.Variant("%s: ErrorCode %d (accepted: %v)", what, x.Envelope.ErrorCode, codes)
		}
	}
}

// sig returns a query that carries a UserSig made by make.
func sig(make func(t target.Target) (string, error)) func(ginkgo.SpecContext) map[string]*string {
	return func(ginkgo.SpecContext) map[string]*string {
		s, err := make(env.Target)
		framework.Require(err, "a precondition")
		return map[string]*string{"usersig": &s}
	}
}

var _ = setmsgread.Checks.It("SETREAD-AUTH-001", withQuery(sig(func(t target.Target) (string, error) {
	// Issued two days ago, valid for one: expired a day ago.
	return usersig.GenAt(t.SDKAppID, t.Key, t.Admin, time.Now().Add(-48*time.Hour), 24*time.Hour)
}), "expired usersig", setmsgread.SigCodes(70001)...), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-002", withQuery(sig(func(t target.Target) (string, error) {
	return usersig.Gen(t.SDKAppID, t.Key+"-not-the-key", t.Admin, time.Hour)
}), "usersig signed with another key", setmsgread.SigCodes(70009)...), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-003", withQuery(sig(func(t target.Target) (string, error) {
	return usersig.Gen(t.SDKAppID, t.Key, t.Admin+"x", time.Hour)
}), "usersig of another identifier", setmsgread.SigCodes(70013)...), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-004", withQuery(sig(func(t target.Target) (string, error) {
	return usersig.Gen(t.SDKAppID+1, t.Key, t.Admin, time.Hour)
}), "usersig for another SDKAppID", setmsgread.SigCodes(70014)...), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-005", withQuery(func(ginkgo.SpecContext) map[string]*string {
	garbage := "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStD"
	return map[string]*string{"usersig": &garbage}
}, "garbage usersig", setmsgread.GarbageSigCodes...), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-006", withQuery(func(ginkgo.SpecContext) map[string]*string {
	return map[string]*string{"sdkappid": nil}
}, "missing sdkappid", 60012), ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-AUTH-007", withQuery(func(ctx ginkgo.SpecContext) map[string]*string {
	// An imported account that is no admin: the one check here that needs
	// the pool.
	accounts, err := env.Pool.Distinct(ctx, 1)
	framework.Require(err, "an account that is no admin")
	user := accounts[0]
	s, err := usersig.Gen(env.Target.SDKAppID, env.Target.Key, user, time.Hour)
	framework.Require(err, "a precondition")
	return map[string]*string{"identifier": &user, "usersig": &s}
}, "a non-admin identifier", setmsgread.NeedsAdminCodes...), ginkgo.SpecTimeout(framework.SpecTimeout))
