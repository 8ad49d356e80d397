package setmsgread_test

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

// Probes ask what the documentation leaves open. Without an observed
// profile they hold the target to what is documented (an HTTP 200 with a
// schema-valid envelope) and report what it answered; with one, the
// answers, effects included, must match the recording.

// probeCall sends r and asserts the documented minimum.
func probeCall(ctx ginkgo.SpecContext, r target.Request, what string) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Client.Do(ctx, r)
	framework.Require(err, "a precondition")
	framework.Verifyf(x, framework.MatchSchema(), "%s", what)
	framework.Variant("%s: %s %d", what, x.Envelope.ActionStatus, x.Envelope.ErrorCode)
	return x
}

// probeSetRead sends an admin_set_msg_read body.
func probeSetRead(ctx ginkgo.SpecContext, body any, what string) *target.Exchange {
	ginkgo.GinkgoHelper()
	raw, ok := body.([]byte)
	if !ok {
		raw = mustJSON(body)
	}
	return probeCall(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: raw}, what)
}

// reportUnread records the count in the report (the observation carries it too).
func reportUnread(ctx ginkgo.SpecContext, report, peer, when string) {
	ginkgo.GinkgoHelper()
	n, err := c2c.Unread(ctx, env.Client, report, peer)
	framework.Require(err, "a precondition")
	framework.Variant("unread %s: %d", when, n)
}

var _ = setmsgread.Checks.It("SETREAD-PROBE-001", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	probeSetRead(ctx, setmsgread.SetReadBody(report, peer, times[1]+50), "MsgReadTime as a JSON number")
	reportUnread(ctx, report, peer, "after a numeric MsgReadTime between the 2nd and 3rd message")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-002", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	probeSetRead(ctx, setmsgread.SetReadBody(report, peer, setmsgread.Seconds(times[1])), "MsgReadTime equal to the 2nd message's time")
	reportUnread(ctx, report, peer, "after MsgReadTime equal to the 2nd message's time (1: inclusive, 2: exclusive)")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-003", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	probeSetRead(ctx, setmsgread.SetReadBody(report, peer, setmsgread.Seconds(times[2]+50)), "MsgReadTime after every message")
	probeSetRead(ctx, setmsgread.SetReadBody(report, peer, setmsgread.Seconds(times[0]-50)), "then one before every message")
	reportUnread(ctx, report, peer, "after moving MsgReadTime back (0: the position stays)")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-004", func(ctx ginkgo.SpecContext) {
	report, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	probeSetRead(ctx, setmsgread.SetReadBody(report, report, nil), "Report_Account equal to Peer_Account")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-005", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	for _, v := range []struct {
		what  string
		value any
	}{
		{"MsgReadTime not numeric", "yesterday"},
		{"MsgReadTime empty", ""},
		{"MsgReadTime zero", "0"},
		{"MsgReadTime in milliseconds", setmsgread.Seconds(times[1] * 1000)},
		{"MsgReadTime negative", "-5"},
		{"MsgReadTime a day ahead", setmsgread.Seconds(times[2] + 86400)},
	} {
		probeSetRead(ctx, setmsgread.SetReadBody(report, peer, v.value), v.what)
	}
	reportUnread(ctx, report, peer, "after the six calls")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// probeQuery sends, for each change, a valid set-read for one fresh pair
// with the request changed.
func probeQuery(ctx ginkgo.SpecContext, changes map[string]func(*target.Request)) {
	ginkgo.GinkgoHelper()
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	for _, what := range slices.Sorted(maps.Keys(changes)) {
		r := target.Request{Endpoint: setmsgread.SetMsgRead, Body: mustJSON(setmsgread.SetReadBody(report, peer, nil))}
		changes[what](&r)
		probeCall(ctx, r, what)
	}
}

var _ = setmsgread.Checks.It("SETREAD-PROBE-006", func(ctx ginkgo.SpecContext) {
	probeQuery(ctx, map[string]func(*target.Request){"GET instead of POST": func(r *target.Request) { r.Method = http.MethodGet }})
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-007", func(ctx ginkgo.SpecContext) {
	probeQuery(ctx, map[string]func(*target.Request){"an unknown command": func(r *target.Request) { r.Endpoint = "openim/admin_set_msg_read_nonexistent" }})
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-008", func(ctx ginkgo.SpecContext) {
	over := "4294967296"
	probeQuery(ctx, map[string]func(*target.Request){
		"random missing":      func(r *target.Request) { r.Query = map[string]*string{"random": nil} },
		"random over 32 bits": func(r *target.Request) { r.Query = map[string]*string{"random": &over} },
	})
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-009", func(ctx ginkgo.SpecContext) {
	xml := "xml"
	probeQuery(ctx, map[string]func(*target.Request){"contenttype=xml": func(r *target.Request) { r.Query = map[string]*string{"contenttype": &xml} }})
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-010", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	body := setmsgread.SetReadBody(report, peer, nil)
	body["ChatconformUnknownField"] = 1
	probeSetRead(ctx, body, "an unknown body field")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-011", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, 2)
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, nil)), framework.BeOK())
	now := time.Now().Unix()
	x := probeCall(ctx, target.Request{Endpoint: "openim/admin_getroammsg", Body: mustJSON(map[string]any{
		"Operator_Account": peer, "Peer_Account": report, "MaxCnt": 10, "MinTime": now - 3600, "MaxTime": now + 60,
	})}, "admin_getroammsg after set read")
	var out struct{ MsgList []struct{ IsPeerRead int } }
	framework.Require(x.Decode(&out), "a precondition")
	for i, m := range out.MsgList {
		framework.Variant("message %d: IsPeerRead %d", i+1, m.IsPeerRead)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// probeBody sends body to endpoint and asserts the documented minimum.
func probeBody(ctx ginkgo.SpecContext, endpoint string, body any, what string) *target.Exchange {
	ginkgo.GinkgoHelper()
	return probeCall(ctx, target.Request{Endpoint: endpoint, Body: mustJSON(body)}, what)
}

var _ = setmsgread.Checks.It("SETREAD-PROBE-012", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	probeBody(ctx, "openim/importmsg", map[string]any{
		"SyncFromOldSystem": 1, "From_Account": peer, "To_Account": report, "MsgRandom": 7,
		"MsgTimeStamp": time.Now().Unix() - 60, "MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "old live mode"}}},
	}, "importmsg SyncFromOldSystem 1")
	reportUnread(ctx, report, peer, "after it")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-013", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, 1)
	probeBody(ctx, "openim/get_c2c_unread_msg_num", map[string]any{"To_Account": report, "Peer_Account": []string{}}, "Peer_Account []")
	x := probeBody(ctx, "openim/get_c2c_unread_msg_num", map[string]any{"To_Account": report, "Peer_Account": []string{peer}}, "Peer_Account with one peer")
	var out map[string]any
	framework.Require(x.Decode(&out), "a precondition")
	_, total := out["AllC2CUnreadMsgNum"]
	framework.Variant("AllC2CUnreadMsgNum with Peer_Account: %v", total)
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = peer
	}
	probeBody(ctx, "openim/get_c2c_unread_msg_num", map[string]any{"To_Account": report, "Peer_Account": eleven}, "Peer_Account with 11 items")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-014", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, 1)
	now := time.Now().Unix()
	probeBody(ctx, "openim/admin_getroammsg", map[string]any{"Operator_Account": report, "Peer_Account": peer, "MaxCnt": 10, "MinTime": now, "MaxTime": now - 3600}, "MinTime after MaxTime")
	probeBody(ctx, "openim/admin_getroammsg", map[string]any{"Operator_Account": report, "Peer_Account": peer, "MaxCnt": 0, "MinTime": now - 3600, "MaxTime": now}, "MaxCnt 0")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-015", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx) // existing accounts: importing them again creates nothing
	framework.Require(err, "a precondition")
	probeBody(ctx, "im_open_login_svc/multiaccount_import", map[string]any{"Accounts": []string{a}, "AccountList": []map[string]string{{"UserID": b}}}, "both forms")
	probeBody(ctx, "im_open_login_svc/multiaccount_import", map[string]any{}, "neither form")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-016", func(ctx ginkgo.SpecContext) {
	probeBody(ctx, "im_open_login_svc/account_delete", map[string]any{"DeleteItem": []map[string]string{{"UserID": env.Pool.Unknown()}, {"UserID": env.Pool.Unknown()}}}, "only unknown accounts")
	probeBody(ctx, "im_open_login_svc/account_delete", map[string]any{"DeleteItem": []map[string]string{}}, "an empty DeleteItem")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-017", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	msg := func(extra map[string]any) map[string]any {
		m := map[string]any{"From_Account": peer, "To_Account": report, "MsgSeq": 4242, "MsgRandom": 777,
			"MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "twice"}}}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	probeBody(ctx, "openim/sendmsg", msg(map[string]any{"MsgLifeTime": 604801, "MsgSeq": 4141}), "MsgLifeTime 604801")
	// The pair at the start of a second of the clock: a MsgKey is MsgSeq,
	// MsgRandom and the second the message was sent in, so the two keys
	// are the same only when both sends fall in one second, and what is
	// recorded must not depend on where a second's boundary fell (a busy
	// machine once put the pair across one).
	framework.Quiet(ctx, time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	probeBody(ctx, "openim/sendmsg", msg(nil), "a message")
	probeBody(ctx, "openim/sendmsg", msg(nil), "the same message again")
	reportUnread(ctx, report, peer, "after the three sends")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// textMsg is a sendmsg body from from to to with the given elements.
func textMsg(from, to string, seq int, body []map[string]any, extra map[string]any) map[string]any {
	m := map[string]any{"From_Account": from, "To_Account": to, "MsgSeq": seq, "MsgRandom": 99, "MsgBody": body}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func text(t string) []map[string]any {
	return []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": t}}}
}

var _ = setmsgread.Checks.It("SETREAD-PROBE-018", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	probeBody(ctx, "openim/sendmsg", textMsg(peer, report, 1, text(strings.Repeat("x", 10<<10)), nil), "a 10 KB text")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-019", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	probeBody(ctx, "openim/sendmsg", textMsg(peer, report, 1, text("not synced"), map[string]any{"SyncOtherMachine": 2}), "SyncOtherMachine 2")
	now := time.Now().Unix()
	x := probeBody(ctx, "openim/admin_getroammsg", map[string]any{"Operator_Account": peer, "Peer_Account": report, "MaxCnt": 10, "MinTime": now - 3600, "MaxTime": now + 60}, "the sender's history")
	var out struct{ MsgCnt int }
	framework.Require(x.Decode(&out), "a precondition")
	framework.Variant("the sender's history holds %d message(s)", out.MsgCnt)
	reportUnread(ctx, report, peer, "of the recipient")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-020", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	relay := []map[string]any{{"MsgType": "TIMRelayElem", "MsgContent": map[string]any{
		"Title": "forwarded", "MsgNum": 1, "CompatibleText": "forwarded", "AbstractList": []string{"a"},
		"MsgList": []map[string]any{{"From_Account": peer, "To_Account": report, "MsgSeq": 1, "MsgRandom": 1, "MsgTimeStamp": time.Now().Unix() - 60, "MsgBody": text("a")}},
	}}}
	probeBody(ctx, "openim/sendmsg", textMsg(peer, report, 1, relay, nil), "a TIMRelayElem")
	file := []map[string]any{{"MsgType": "TIMFileElem", "MsgContent": map[string]any{
		"Url": "https://example.invalid/f", "UUID": "f1", "FileSize": 1, "fileName": "f.txt", "Download_Flag": 2,
	}}}
	probeBody(ctx, "openim/sendmsg", textMsg(peer, report, 2, file, nil), "a TIMFileElem with fileName")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-021", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	for _, v := range []struct {
		what string
		raw  string
	}{{"MsgRandom 1.0", "1.0"}, {"MsgRandom 4294967296", "4294967296"}} {
		body := mustJSON(textMsg(peer, report, 1, text("n"), nil))
		body = []byte(strings.Replace(string(body), `"MsgRandom":99`, `"MsgRandom":`+v.raw, 1))
		probeCall(ctx, target.Request{Endpoint: "openim/sendmsg", Body: body}, v.what)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-022", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, 1)
	sig, err := usersig.Gen(env.Target.SDKAppID, env.Target.Key, env.Target.Admin, 51*365*24*time.Hour)
	framework.Require(err, "a precondition")
	probeCall(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: mustJSON(setmsgread.SetReadBody(report, peer, nil)),
		Query: map[string]*string{"usersig": &sig}}, "a UserSig valid for 51 years")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-PROBE-023", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	x := probeBody(ctx, "openim/sendmsg", textMsg(peer, report, 1, text("edge"), nil), "a message")
	var sent struct{ MsgTime int64 }
	framework.Require(x.Decode(&sent), "a precondition")
	x = probeBody(ctx, "openim/admin_getroammsg", map[string]any{"Operator_Account": report, "Peer_Account": peer, "MaxCnt": 10, "MinTime": sent.MsgTime, "MaxTime": sent.MsgTime}, "MinTime = MaxTime = its time")
	var out struct{ MsgCnt int }
	framework.Require(x.Decode(&out), "a precondition")
	framework.Variant("messages in a window of one second holding one: %d", out.MsgCnt)
}, ginkgo.SpecTimeout(framework.SpecTimeout))
