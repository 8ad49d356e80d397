package c2c_test

import (
	"encoding/json"
	"slices"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
)

// stateAnswer is what querystate said of each account.
type stateAnswer struct {
	x      *target.Exchange
	state  map[string]string            // account → login state
	field  map[string]string            // account → the field it came in: State or Status
	detail map[string]map[string]string // account → platform → state
	errors map[string]int               // account → ErrorCode of ErrorList
}

// queryStates calls path (querystate or its older name) for ids; the
// answer must be OK and schema-valid.
func queryStates(ctx ginkgo.SpecContext, path string, ids []string, detail bool) stateAnswer {
	ginkgo.GinkgoHelper()
	body := map[string]any{"To_Account": ids}
	if detail {
		body["IsNeedDetail"] = 1
	}
	x := call(ctx, path, body)
	framework.Verify(x, framework.BeOK())
	var out struct {
		QueryResult []map[string]json.RawMessage
		ErrorList   []struct {
			To_Account string
			ErrorCode  int
		}
	}
	if err := x.Decode(&out); err != nil {
		framework.Failf("%s answered a body that does not decode: %v", path, err)
	}
	a := stateAnswer{x: x, state: map[string]string{}, field: map[string]string{}, detail: map[string]map[string]string{}, errors: map[string]int{}}
	for _, r := range out.QueryResult {
		var id, st string
		json.Unmarshal(r["To_Account"], &id)
		for _, f := range []string{"State", "Status"} {
			if raw, ok := r[f]; ok && json.Unmarshal(raw, &st) == nil {
				a.field[id] = f
				break
			}
		}
		a.state[id] = st
		var d []struct{ Platform, Status string }
		json.Unmarshal(r["Detail"], &d)
		a.detail[id] = map[string]string{}
		for _, p := range d {
			a.detail[id][p.Platform] = p.Status
		}
	}
	for _, e := range out.ErrorList {
		a.errors[e.To_Account] = e.ErrorCode
	}
	return a
}

// call sends body to path with the retrying client; no HTTP answer blocks
// the check.
func call(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

func control() emulator.Control {
	return emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
}

func expectState(a stateAnswer, id, want, why string) {
	ginkgo.GinkgoHelper()
	if got := a.state[id]; got != want {
		if got == "" {
			got = "no state"
		}
		framework.Failf("%s reported %s for %s; want %s (%s)", a.x.Endpoint, got, id, want, why)
	}
	if !slices.Contains(c2c.States, a.state[id]) {
		framework.Failf("%s reported the state %q, which is not one of %v", a.x.Endpoint, a.state[id], c2c.States)
	}
}

var _ = c2c.Checks.It("C2C-STATE-001", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	st := queryStates(ctx, c2c.QueryState, []string{a, b}, false)
	expectState(st, a, "Offline", "no client logged in")
	expectState(st, b, "Offline", "no client logged in")
	framework.Variant("the state field is %s", st.field[a])
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-STATE-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	framework.Require(control().Login(ctx, a, "iPhone"), "a client logs in")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { control().Logout(ctx, a, "") })
	st := queryStates(ctx, c2c.QueryState, []string{a, b}, true)
	expectState(st, a, "Online", "its client logged in on iPhone")
	expectState(st, b, "Offline", "no client logged in")
	if got := st.detail[a]["iPhone"]; got != "Online" {
		framework.Failf("%s's Detail reported iPhone as %q for %s; want Online (IsNeedDetail 1, logged in on iPhone)", c2c.QueryState, got, a)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-STATE-003", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	a, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "an account")
	framework.Require(control().Background(ctx, a, "Android"), "a client goes to the background")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { control().Logout(ctx, a, "") })
	expectState(queryStates(ctx, c2c.QueryState, []string{a}, false), a, "PushOnline", "its only client is in the background")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-STATE-004", func(ctx ginkgo.SpecContext) {
	a, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "an account")
	ghost := env.Pool.Unknown()
	x := call(ctx, c2c.QueryState, map[string]any{"To_Account": []string{a, ghost}})
	if x.Envelope.ActionStatus == "FAIL" {
		framework.Verifyf(x, framework.FailWith(70107), "a call naming an account never imported")
		framework.Variant("the whole call failed with %d", x.Envelope.ErrorCode)
		return
	}
	st := queryStates(ctx, c2c.QueryState, []string{a, ghost}, false)
	if _, reported := st.state[ghost]; reported {
		framework.Failf("%s reported the state %q for %s, which was never imported; want it in ErrorList with 70107", c2c.QueryState, st.state[ghost], ghost)
	}
	if code := st.errors[ghost]; code != 70107 {
		framework.Failf("%s listed %s, never imported, with ErrorCode %d in ErrorList; want 70107", c2c.QueryState, ghost, code)
	}
	expectState(st, a, "Offline", "the imported account of the same call")
	framework.Variant("the account was listed in ErrorList with 70107")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-STATE-005", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	framework.Require(control().Login(ctx, a, "Web"), "a client logs in")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { control().Logout(ctx, a, "") })
	st := queryStates(ctx, c2c.QueryStateOld, []string{a, b}, false)
	expectState(st, a, "Online", "its client logged in on the Web")
	expectState(st, b, "Offline", "no client logged in")
	framework.Variant("the older path's state field is %s", st.field[a])
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-KICK-001", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	a, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "an account")
	framework.Require(control().Login(ctx, a, "iPhone"), "a client logs in on iPhone")
	framework.Require(control().Login(ctx, a, "PC"), "a client logs in on PC")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { control().Logout(ctx, a, "") })
	expectState(queryStates(ctx, c2c.QueryState, []string{a}, false), a, "Online", "before the kick")
	framework.Verify(call(ctx, c2c.Kick, map[string]any{"UserID": a}), framework.BeOK())
	st := queryStates(ctx, c2c.QueryState, []string{a}, true)
	expectState(st, a, "Offline", "after the kick")
	if len(st.detail[a]) > 0 {
		for p, s := range st.detail[a] {
			if s != "Offline" {
				framework.Failf("%s still reported %s as %s for %s after the kick; want no session left", c2c.QueryState, p, s, a)
			}
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-KICK-002", func(ctx ginkgo.SpecContext) {
	a, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "an account")
	framework.Verifyf(call(ctx, c2c.Kick, map[string]any{"UserID": env.Pool.Unknown()}), framework.FailWith(70107), "an account never imported")
	// The control: the same call for an imported account succeeds.
	if x := call(ctx, c2c.Kick, map[string]any{"UserID": a}); !x.OK() {
		framework.BlockedBy(x, "kick of an imported account, the control, was refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))
