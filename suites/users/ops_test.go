package users_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// appOnceWindow is how long a webhook check watches for a second copy of
// a callback that must arrive once.
const appOnceWindow = time.Second

// appBeijing is the service's home time zone, in which the docs' dates and
// hours are most likely written; UTC is tried as well where it matters.
var appBeijing = time.FixedZone("UTC+8", 8*3600)

// appNum reads a getappinfo value: a string of digits (as in the samples)
// or an integer.
func appNum(raw json.RawMessage) (int64, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	var n int64
	return n, json.Unmarshal(raw, &n) == nil
}

// appInfo calls getappinfo with body and returns its rows.
func appInfo(ctx ginkgo.SpecContext, body map[string]any) (*target.Exchange, []map[string]json.RawMessage) {
	ginkgo.GinkgoHelper()
	x := appCall(ctx, users.OpsAppInfo, body)
	framework.Verify(x, framework.BeOK())
	var out struct{ Result []map[string]json.RawMessage }
	if err := x.Decode(&out); err != nil {
		framework.Failf("%s answered a body that does not decode: %v", users.OpsAppInfo, err)
	}
	return x, out.Result
}

var appDate = regexp.MustCompile(`^[0-9]{8}$`)

// appToday is the row of the newest Date.
func appToday(rows []map[string]json.RawMessage) map[string]json.RawMessage {
	var best map[string]json.RawMessage
	var bestDate int64
	for _, r := range rows {
		if d, ok := appNum(r["Date"]); ok && d > bestDate {
			best, bestDate = r, d
		}
	}
	return best
}

var _ = users.Checks.It("USERS-OPS-001", func(ctx ginkgo.SpecContext) {
	_, rows := appInfo(ctx, map[string]any{})
	if len(rows) == 0 {
		framework.Failf("%s answered OK with no row in Result; want the days of the last 30", users.OpsAppInfo)
	}
	want := env.Target.SDKAppID
	for _, r := range rows {
		d, ok := appNum(r["Date"])
		if !ok || !appDate.MatchString(strconv.FormatInt(d, 10)) {
			framework.Failf("%s answered a row with Date %s; want a day written YYYYMMDD", users.OpsAppInfo, r["Date"])
		}
		if id, ok := appNum(r["AppId"]); !ok || uint64(id) != want {
			framework.Failf("%s answered a row of %d with AppId %s; want the app's SDKAppID %d", users.OpsAppInfo, d, r["AppId"], want)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-OPS-002", func(ctx ginkgo.SpecContext) {
	_, rows := appInfo(ctx, map[string]any{"RequestField": []string{"ChainIncrease", "ChainDecrease"}})
	for _, r := range rows {
		for f := range r {
			if f != "ChainIncrease" && f != "ChainDecrease" && f != "Date" {
				framework.Failf("%s with RequestField ChainIncrease and ChainDecrease answered a row with %s; want only those fields and Date", users.OpsAppInfo, f)
			}
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-OPS-003", func(ctx ginkgo.SpecContext) {
	if !env.Target.Has(framework.CapSessions) {
		ginkgo.Skip("needs the emulator's live operations data: the service reports a day once it is over")
	}
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	_, rows := appInfo(ctx, map[string]any{"RequestField": []string{"C2CUpMsgNum"}})
	before, _ := appNum(appToday(rows)["C2CUpMsgNum"])
	for i := 0; i < 2; i++ {
		appSend(ctx, a, b, "chatconform counted")
	}
	_, rows = appInfo(ctx, map[string]any{})
	today := appToday(rows)
	after, _ := appNum(today["C2CUpMsgNum"])
	if after < before+2 {
		framework.Failf("%s counted C2CUpMsgNum %d today after two sendmsg calls, %d before them; want at least %d", users.OpsAppInfo, after, before, before+2)
	}
	if total, _ := appNum(today["RegistUserNumTotal"]); total < 2 {
		framework.Failf("%s counted RegistUserNumTotal %d today, with the run's accounts imported; want at least 2", users.OpsAppInfo, total)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// appSent is what sendmsg answered for a message.
type appSent struct {
	MsgTime int64
	MsgKey  string
	Random  uint32
}

// appSend sends a text message with sendmsg; it must answer OK.
func appSend(ctx ginkgo.SpecContext, from, to, text string) appSent {
	ginkgo.GinkgoHelper()
	random := rand.Uint32()
	var out appSent
	appNeed(ctx, "openim/sendmsg", map[string]any{
		"From_Account": from, "To_Account": to, "MsgRandom": random, "SyncOtherMachine": 1,
		"MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": text}}},
	}, &out, "send a message")
	out.Random = random
	return out
}

type appHistoryFile struct {
	URL, ExpireTime, FileMD5, GzipMD5 string
	FileSize, GzipSize                int
}

func appMD5(b []byte) string {
	d := md5.Sum(b)
	return hex.EncodeToString(d[:])
}

// appDownload fetches a message file's URL.
func appDownload(ctx context.Context, u string) (int, []byte, error) {
	hc := env.Target.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return resp.StatusCode, data, err
}

var _ = users.Checks.It("USERS-OPS-004", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	text := "chatconform history " + strconv.FormatUint(rand.Uint64(), 36)
	sent := appSend(ctx, a, b, text)
	var x *target.Exchange
	var hour, zone string
	for _, z := range []*time.Location{appBeijing, time.UTC} {
		hour, zone = time.Unix(sent.MsgTime, 0).In(z).Format("2006010215"), z.String()
		if x = appCall(ctx, users.OpsHistory, map[string]any{"ChatType": "C2C", "MsgTime": hour}); x.Envelope.ErrorCode != 1004 {
			break
		}
	}
	if x.Envelope.ErrorCode == 1004 {
		ginkgo.Skip("the target has no message file of the hour yet: it makes them after the hour ends")
	}
	framework.Verifyf(x, framework.BeOK(), "the hour of a message sent just now")
	framework.Variant("MsgTime read in %s", zone)
	var out struct{ File []appHistoryFile }
	x.Decode(&out)
	if len(out.File) == 0 {
		framework.Failf("%s answered OK with no File for %s, the hour of a message sent; want its file", users.OpsHistory, hour)
	}
	var found bool
	for _, f := range out.File {
		status, gz, err := appDownload(ctx, f.URL)
		if err != nil || status != http.StatusOK {
			framework.Failf("the File URL %s that %s returned answered HTTP %d (%v); want the file", f.URL, users.OpsHistory, status, err)
		}
		if len(gz) != f.GzipSize || appMD5(gz) != f.GzipMD5 {
			framework.Failf("%s gave GzipSize %d and GzipMD5 %s; the download is %d bytes with MD5 %s", users.OpsHistory, f.GzipSize, f.GzipMD5, len(gz), appMD5(gz))
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			framework.Failf("the file at %s is not gzip: %v", f.URL, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			framework.Failf("the file at %s does not unzip: %v", f.URL, err)
		}
		if len(plain) != f.FileSize || appMD5(plain) != f.FileMD5 {
			framework.Failf("%s gave FileSize %d and FileMD5 %s; the unzipped file is %d bytes with MD5 %s", users.OpsHistory, f.FileSize, f.FileMD5, len(plain), appMD5(plain))
		}
		var file struct {
			SdkAppId uint64
			ChatType string
			MsgTime  string
			MsgList  []struct {
				From_Account, To_Account string
				MsgTimestamp             int64
				MsgSeq, MsgRandom        uint32
				MsgBody                  []struct{ MsgContent struct{ Text string } }
			}
		}
		if err := json.Unmarshal(plain, &file); err != nil {
			framework.Failf("the file at %s is not the documented JSON: %v", f.URL, err)
		}
		if file.SdkAppId != env.Target.SDKAppID || file.ChatType != "C2C" || file.MsgTime != hour {
			framework.Failf("the file of %s says SdkAppId %d, ChatType %q, MsgTime %q; want %d, C2C, %s", hour, file.SdkAppId, file.ChatType, file.MsgTime, env.Target.SDKAppID, hour)
		}
		seq, _, _ := strings.Cut(sent.MsgKey, "_")
		for _, m := range file.MsgList {
			if len(m.MsgBody) == 0 || m.MsgBody[0].MsgContent.Text != text {
				continue
			}
			found = true
			if m.From_Account != a || m.To_Account != b || m.MsgTimestamp != sent.MsgTime || m.MsgRandom != sent.Random || strconv.FormatUint(uint64(m.MsgSeq), 10) != seq {
				framework.Failf("the file lists the message as From_Account %s, To_Account %s, MsgTimestamp %d, MsgSeq %d, MsgRandom %d; want %s, %s, %d, %s, %d as sent",
					m.From_Account, m.To_Account, m.MsgTimestamp, m.MsgSeq, m.MsgRandom, a, b, sent.MsgTime, seq, sent.Random)
			}
		}
	}
	if !found {
		framework.Failf("the files %s returned for %s do not list the message %s sent to %s in that hour; want it listed", users.OpsHistory, hour, a, b)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// appHourNow is the current hour, as get_history names hours.
func appHourNow() string { return time.Now().In(appBeijing).Format("2006010215") }

var _ = users.Checks.It("USERS-OPS-005", func(ctx ginkgo.SpecContext) {
	old := time.Now().Add(-8 * 24 * time.Hour).In(appBeijing).Format("2006010215")
	x := appCall(ctx, users.OpsHistory, map[string]any{"ChatType": "C2C", "MsgTime": old})
	framework.Verifyf(x, framework.FailWith(1005, 1004), "an hour 8 days old")
	framework.Variant("ErrorCode %d", x.Envelope.ErrorCode)
	if c := appCall(ctx, users.OpsHistory, map[string]any{"ChatType": "C2C", "MsgTime": appHourNow()}); c.Envelope.ErrorCode == 1002 || c.Envelope.ErrorCode == 1005 {
		framework.BlockedBy(c, "the current hour, the control, was refused the same way")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-OPS-006", func(ctx ginkgo.SpecContext) {
	framework.Verifyf(appCall(ctx, users.OpsHistory, map[string]any{"ChatType": "Both", "MsgTime": appHourNow()}), framework.FailWith(1002), "ChatType Both")
	if c := appCall(ctx, users.OpsHistory, map[string]any{"ChatType": "C2C", "MsgTime": appHourNow()}); c.Envelope.ErrorCode == 1002 {
		framework.BlockedBy(c, "ChatType C2C, the control, was refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-OPS-007", func(ctx ginkgo.SpecContext) {
	x := appCall(ctx, users.OpsIPList, map[string]any{})
	framework.Verify(x, framework.BeOK())
	var out struct{ IPList []string }
	x.Decode(&out)
	if len(out.IPList) == 0 {
		framework.Failf("%s answered OK with no IPList entry; want the service's addresses", users.OpsIPList)
	}
	for _, ip := range out.IPList {
		_, _, cidrErr := net.ParseCIDR(ip)
		if net.ParseIP(ip) == nil && cidrErr != nil {
			framework.Failf("%s listed %q; want IP addresses and CIDR ranges only", users.OpsIPList, ip)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// appAwaitOnce waits for the one callback that matches, checks it against
// its schema and that no second copy follows within appOnceWindow.
func appAwaitOnce(ctx ginkgo.SpecContext, cmd, after string, match func(framework.Callback) bool) framework.Callback {
	ginkgo.GinkgoHelper()
	c, err := env.Receiver.Wait(ctx, match)
	if err != nil {
		framework.Failf("%s sent no %s within %s; want one", after, cmd, framework.CallbackWait)
	}
	appValid(c, after)
	if got := env.Receiver.Quiet(ctx, appOnceWindow, 2, match); len(got) > 1 {
		framework.Failf("%s sent %s %d times for one event; want once", after, cmd, len(got))
	}
	return c
}

func appValid(c framework.Callback, after string) {
	ginkgo.GinkgoHelper()
	if v, err := schemas.ValidateWebhook(c.Command, c.Body); err != nil || len(v) > 0 {
		what := "not JSON"
		if len(v) > 0 {
			what = v[0].String()
		}
		framework.Failf("%s's %s breaks its schema (%s); want a body valid against it\nbody: %s", after, c.Command, what, c.Body)
	}
}

// appHookIt declares a check that reads the target's callbacks, with
// decorators of its own: one that throttles an API for the whole app, or
// reads app-wide callbacks, is Serial; the rest run in parallel.
func appHookIt(id string, body func(ginkgo.SpecContext), decorators ...any) bool {
	return users.Checks.It(id, func(ctx ginkgo.SpecContext) {
		env.NeedReceiver()
		body(ctx)
	}, append(decorators, ginkgo.SpecTimeout(framework.SpecTimeout))...)
}

var _ = appHookIt("USERS-OPS-008", func(ctx ginkgo.SpecContext) {
	appNeedDisruptive("throttles open_msg_svc/get_history")
	body, err := json.Marshal(map[string]any{"ChatType": "C2C", "MsgTime": appHourNow()})
	framework.Require(err, "the request body")
	res := framework.Load(ctx, 3*users.HistoryLimit, time.Second, func(ctx context.Context) (*target.Exchange, error) {
		return env.Raw.Do(ctx, target.Request{Endpoint: users.OpsHistory, Body: body})
	})
	ginkgo.AddReportEntry("load", res.String())
	if len(res.Errors) > 0 {
		framework.Unreachable(users.OpsHistory, res.Errors[0])
	}
	if res.Throttled == 0 {
		ginkgo.Skip("the target throttled no call of a burst at three times the limit, so there was nothing to alert about (the rate-limit checks judge that)")
	}
	match := func(c framework.Callback) bool {
		// The page says nothing of how often the alert repeats (the
		// emulator sends one per API a minute), so one that other checks'
		// calls of get_history raised earlier in the run stands for it.
		return c.Command == users.HookOverLimit && c.Str("ServiceName") == "open_msg_svc" && c.Str("Command") == "get_history"
	}
	c, err := env.Receiver.Wait(ctx, match)
	if err != nil {
		framework.Failf("the target throttled %d of %d calls of %s but sent no %s within %s; want one", res.Throttled, res.Sent, users.OpsHistory, users.HookOverLimit, framework.CallbackWait)
	}
	appValid(c, users.OpsHistory)
	limit, _ := c.Int("Limit")
	request, _ := c.Int("Request")
	if limit != users.HistoryLimit {
		framework.Failf("%s carried Limit %d for %s; want its documented limit %d", users.HookOverLimit, limit, users.OpsHistory, users.HistoryLimit)
	}
	if request*10 <= limit*8 {
		framework.Failf("%s carried Request %d against Limit %d; want a rate above 80%% of the limit, as documented", users.HookOverLimit, request, limit)
	}
	framework.Variant("Request %d against Limit %d", request, limit)
}, ginkgo.Serial) // it throttles get_history for the whole app

// appStateHook matches user's State.StateChange callbacks whose action is
// one of actions.
func appStateHook(user string, actions ...string) func(framework.Callback) bool {
	return func(c framework.Callback) bool {
		if c.Command != users.HookStateChange {
			return false
		}
		info := appStateInfo(c)
		if info.To_Account != user {
			return false
		}
		for _, a := range actions {
			if info.Action == a {
				return true
			}
		}
		return false
	}
}

type appInfoField struct{ Action, To_Account, Reason string }

func appStateInfo(c framework.Callback) appInfoField {
	var info appInfoField
	json.Unmarshal(c.Fields["Info"], &info)
	return info
}

func appExpectReason(c framework.Callback, want string) {
	ginkgo.GinkgoHelper()
	if info := appStateInfo(c); info.Reason != want {
		framework.Failf("%s with Action %s carried Reason %q; want %s", users.HookStateChange, info.Action, info.Reason, want)
	}
}

var _ = appHookIt("USERS-STATE-001", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := appFresh(ctx, 1)
	framework.Require(appControl().Login(ctx, ids[0], "Android"), "a client logs in")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { appControl().Logout(ctx, ids[0], "") })
	c := appAwaitOnce(ctx, users.HookStateChange, "a client login", appStateHook(ids[0], "Login"))
	appExpectReason(c, "Register")
})

var _ = appHookIt("USERS-STATE-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := appFresh(ctx, 1)
	framework.Require(appControl().Login(ctx, ids[0], "Web"), "a client logs in")
	framework.Require(appControl().Logout(ctx, ids[0], "Web"), "the client logs out")
	c := appAwaitOnce(ctx, users.HookStateChange, "a client logout", appStateHook(ids[0], "Logout"))
	appExpectReason(c, "Unregister")
})

var _ = appHookIt("USERS-STATE-003", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := appFresh(ctx, 1)
	framework.Require(appControl().Login(ctx, ids[0], "PC"), "a client logs in")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { appControl().Logout(ctx, ids[0], "") })
	framework.Verify(appCall(ctx, "im_open_login_svc/kick", map[string]any{"UserID": ids[0]}), framework.BeOK())
	c, err := env.Receiver.Wait(ctx, appStateHook(ids[0], "Logout", "Disconnect"))
	if err != nil {
		logins := len(env.Receiver.Matching(appStateHook(ids[0], "Login")))
		framework.Failf("im_open_login_svc/kick sent no %s with Action Logout or Disconnect for %s within %s (%d with Login); want one for the session it ended", users.HookStateChange, ids[0], framework.CallbackWait, logins)
	}
	appValid(c, "im_open_login_svc/kick")
	info := appStateInfo(c)
	if want := map[string]string{"Logout": "Unregister", "Disconnect": "LinkClose"}[info.Action]; info.Reason != want {
		framework.Failf("%s with Action %s carried Reason %q after a kick; want %s", users.HookStateChange, info.Action, info.Reason, want)
	}
	framework.Variant("a kick is reported as %s/%s", info.Action, info.Reason)
	if n := len(env.Receiver.Matching(appStateHook(ids[0], "Login"))); n > 1 {
		framework.Failf("the target sent %d %s with Action Login for one login and a kick; want one", n, users.HookStateChange)
	}
})
