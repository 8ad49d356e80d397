package c2c_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
)

// msgDo sends body to path with the retrying client; a call without an
// HTTP answer blocks the check.
func msgDo(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

func msgText(text string) []map[string]any {
	return []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": text}}}
}

// msgSend sends one text message from from to to with sendmsg, with the
// extra fields given, and returns its MsgKey and MsgRandom.
func msgSend(ctx ginkgo.SpecContext, from, to, text string, extra map[string]any) (string, uint32) {
	ginkgo.GinkgoHelper()
	random := rand.Uint32()
	body := map[string]any{"From_Account": from, "To_Account": to, "MsgRandom": random, "SyncOtherMachine": 1, "MsgBody": msgText(text)}
	for k, v := range extra {
		body[k] = v
	}
	var out struct{ MsgKey string }
	_, err := env.Client.Call(ctx, "openim/sendmsg", body, &out)
	framework.Require(err, "send a message with sendmsg")
	if out.MsgKey == "" {
		framework.Require(fmt.Errorf("openim/sendmsg answered OK without a MsgKey"), "send a message with sendmsg")
	}
	return out.MsgKey, random
}

// roamMsg is one message as admin_getroammsg lists it.
type roamMsg struct {
	From_Account, To_Account string
	MsgSeq, MsgRandom        int64
	MsgTimeStamp             int64
	MsgFlagBits              int
	MsgKey                   string
	MsgBody                  []struct {
		MsgType    string
		MsgContent struct{ Text string }
	}
	CloudCustomData *string
}

func (m roamMsg) text() string {
	var parts []string
	for _, e := range m.MsgBody {
		parts = append(parts, e.MsgContent.Text)
	}
	return strings.Join(parts, " ")
}

func (m roamMsg) custom() string {
	if m.CloudCustomData == nil {
		return "(none)"
	}
	return fmt.Sprintf("%q", *m.CloudCustomData)
}

// msgRoam returns op's history with peer over the last hour, as
// admin_getroammsg lists it.
func msgRoam(ctx ginkgo.SpecContext, op, peer string) []roamMsg {
	ginkgo.GinkgoHelper()
	now := time.Now().Unix()
	var out struct{ MsgList []roamMsg }
	_, err := env.Client.Call(ctx, "openim/admin_getroammsg", map[string]any{
		"Operator_Account": op, "Peer_Account": peer, "MaxCnt": 100, "MinTime": now - 3600, "MaxTime": now + 60,
	}, &out)
	framework.Require(err, "read the history with admin_getroammsg")
	return out.MsgList
}

func msgKeys(list []roamMsg) string {
	if len(list) == 0 {
		return "none"
	}
	keys := make([]string, len(list))
	for i, m := range list {
		keys[i] = m.MsgKey
	}
	return strings.Join(keys, ", ")
}

// msgUnread is to's unread count with peer.
func msgUnread(ctx ginkgo.SpecContext, to, peer string) int {
	ginkgo.GinkgoHelper()
	n, err := c2c.Unread(ctx, env.Client, to, peer)
	framework.Require(err, "read the unread count")
	return n
}

// msgTotalUnread is to's unread total over its one-to-one conversations.
func msgTotalUnread(ctx ginkgo.SpecContext, to string) int {
	ginkgo.GinkgoHelper()
	var out struct{ AllC2CUnreadMsgNum *int }
	_, err := env.Client.Call(ctx, "openim/get_c2c_unread_msg_num", map[string]any{"To_Account": to}, &out)
	framework.Require(err, "read the unread total")
	if out.AllC2CUnreadMsgNum == nil {
		framework.Require(fmt.Errorf("get_c2c_unread_msg_num answered OK without AllC2CUnreadMsgNum"), "read the unread total")
	}
	return *out.AllC2CUnreadMsgNum
}

func expectMsgUnread(ctx ginkgo.SpecContext, to, peer string, want int, why string) {
	ginkgo.GinkgoHelper()
	if got := msgUnread(ctx, to, peer); got != want {
		framework.Failf("get_c2c_unread_msg_num answered an unread count of %d for %s with %s; want %d (%s)", got, to, peer, want, why)
	}
}

// --- batchsendmsg ---

type batchAnswer struct {
	MsgKey    string
	ErrorList []struct {
		To_Account string
		ErrorCode  int
	}
}

// msgBatch sends one text message from from (the admin when empty) to
// every account of to with batchsendmsg, with the extra fields given.
func msgBatch(ctx ginkgo.SpecContext, from string, to []string, text string, extra map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"To_Account": to, "MsgRandom": rand.Uint32(), "SyncOtherMachine": 1, "MsgBody": msgText(text)}
	if from != "" {
		body["From_Account"] = from
	}
	for k, v := range extra {
		body[k] = v
	}
	return msgDo(ctx, c2c.BatchSend, body)
}

// expectBatchAccepted requires the answer of a batch that reached some
// recipients: ErrorCode 0 with ActionStatus OK, or the sample's SomeError
// when some failed.
func expectBatchAccepted(x *target.Exchange, why string) batchAnswer {
	ginkgo.GinkgoHelper()
	e := x.Envelope
	if x.Status != http.StatusOK || x.DecodeErr != nil || e.ErrorCode != 0 || e.ActionStatus != "OK" && e.ActionStatus != "SomeError" {
		framework.Failf("%s; want HTTP 200 with ErrorCode 0 and ActionStatus OK (or SomeError) (%s)", framework.Answered(x), why)
	}
	if e.ActionStatus == "OK" {
		framework.Verifyf(x, framework.BeOK(), "%s", why)
	}
	framework.Variant("ActionStatus %s", e.ActionStatus)
	var a batchAnswer
	if err := x.Decode(&a); err != nil {
		framework.Failf("%s with a body that does not decode: %s", framework.Answered(x), framework.Diagnose(err))
	}
	return a
}

// expectBatchIn requires the batch's message in to's history with from,
// under key, and an unread count of 1.
func expectBatchIn(ctx ginkgo.SpecContext, from, to, key, text string) {
	ginkgo.GinkgoHelper()
	list := msgRoam(ctx, to, from)
	if len(list) != 1 || list[0].MsgKey != key || list[0].text() != text || list[0].From_Account != from {
		framework.Failf("admin_getroammsg listed %d messages for %s with %s (MsgKey %s); want the batch's one message %q under MsgKey %s", len(list), to, from, msgKeys(list), text, key)
	}
	expectMsgUnread(ctx, to, from, 1, "after one batchsendmsg")
}

func expectNothingIn(ctx ginkgo.SpecContext, from, to, why string) {
	ginkgo.GinkgoHelper()
	if list := msgRoam(ctx, to, from); len(list) != 0 {
		framework.Failf("admin_getroammsg listed %d messages for %s with %s (MsgKey %s); want none (%s)", len(list), to, from, msgKeys(list), why)
	}
	expectMsgUnread(ctx, to, from, 0, why)
}

func accounts(ctx ginkgo.SpecContext, n int) []string {
	ginkgo.GinkgoHelper()
	ids, err := env.Pool.Distinct(ctx, n)
	framework.Require(err, "accounts")
	return ids
}

func unknowns(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = env.Pool.Unknown()
	}
	return out
}

var _ = c2c.Checks.It("C2C-BATCH-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	from, to := ids[0], ids[1:]
	text := fmt.Sprintf("chatconform batch %d", rand.Uint32())
	x := msgBatch(ctx, from, to, text, nil)
	framework.Verify(x, framework.BeOK())
	a := expectBatchAccepted(x, "every recipient exists")
	if a.MsgKey == "" {
		framework.Failf("%s without a MsgKey; want the message's MsgKey", framework.Answered(x))
	}
	for _, r := range to {
		expectBatchIn(ctx, from, r, a.MsgKey, text)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-002", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	from, known := ids[0], ids[1:]
	missing := unknowns(2)
	text := fmt.Sprintf("chatconform batch %d", rand.Uint32())
	a := expectBatchAccepted(msgBatch(ctx, from, []string{known[0], missing[0], known[1], missing[1]}, text, nil), "two recipients exist")
	listed := map[string]int{}
	for _, e := range a.ErrorList {
		listed[e.To_Account] = e.ErrorCode
	}
	for _, u := range missing {
		if code, ok := listed[u]; !ok || code != 70107 {
			framework.Failf("batchsendmsg's ErrorList gave %s for the never-imported %s; want it listed with ErrorCode 70107", listedCode(code, ok), u)
		}
	}
	for _, r := range known {
		if code, ok := listed[r]; ok {
			framework.Failf("batchsendmsg's ErrorList listed the imported %s with ErrorCode %d; want only the never-imported recipients listed", r, code)
		}
		expectBatchIn(ctx, from, r, a.MsgKey, text)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

func listedCode(code int, ok bool) string {
	if !ok {
		return "no entry"
	}
	return fmt.Sprintf("ErrorCode %d", code)
}

var _ = c2c.Checks.It("C2C-BATCH-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 1)
	framework.Verify(msgBatch(ctx, ids[0], unknowns(2), "chatconform batch", nil), framework.FailWith(90012))
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	from, known := ids[0], ids[1:]
	to := append([]string{known[0]}, unknowns(c2c.MaxBatchRecipients-2)...)
	to = append(to, known[1])
	text := fmt.Sprintf("chatconform batch %d", rand.Uint32())
	a := expectBatchAccepted(msgBatch(ctx, from, to, text, nil), "500 recipients, the documented maximum")
	for _, r := range known {
		expectBatchIn(ctx, from, r, a.MsgKey, text)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	from, known := ids[0], ids[1:]
	to := append(slices.Clone(known), unknowns(c2c.MaxBatchRecipients-1)...)
	framework.Verifyf(msgBatch(ctx, from, to, "chatconform batch", nil), framework.FailWith(90011), "501 recipients")
	for _, r := range known {
		expectNothingIn(ctx, from, r, "the batch of 501 recipients was refused")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-006", func(ctx ginkgo.SpecContext) {
	to := accounts(ctx, 2)
	before := make([]int, len(to))
	for i, r := range to {
		before[i] = msgTotalUnread(ctx, r)
	}
	from := env.Pool.Unknown()
	framework.Verifyf(msgBatch(ctx, from, to, "chatconform batch", nil), framework.FailWith(90008), "a never-imported From_Account")
	for i, r := range to {
		if n := msgTotalUnread(ctx, r); n != before[i] {
			framework.Failf("get_c2c_unread_msg_num answered an unread total of %d for %s after the refused batch; want %d, as before it", n, r, before[i])
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-007", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	from, to := ids[0], ids[1:]
	a := expectBatchAccepted(msgBatch(ctx, from, to, "chatconform batch recall", nil), "every recipient exists")
	framework.Verifyf(msgDo(ctx, "openim/admin_msgwithdraw", map[string]any{"From_Account": from, "To_Account": to[0], "MsgKey": a.MsgKey}),
		framework.BeOK(), "admin_msgwithdraw with the batch's MsgKey")
	list := msgRoam(ctx, to[0], from)
	if len(list) != 1 || list[0].MsgKey != a.MsgKey || list[0].MsgFlagBits != 8 {
		flags := "no message"
		if len(list) > 0 {
			flags = fmt.Sprintf("MsgFlagBits %d", list[0].MsgFlagBits)
		}
		framework.Failf("admin_getroammsg listed %d messages for %s (MsgKey %s, %s) after the recall; want the batch's message with MsgFlagBits 8", len(list), to[0], msgKeys(list), flags)
	}
	if other := msgRoam(ctx, to[1], from); len(other) == 1 {
		framework.Variant("the other recipient's copy has MsgFlagBits %d", other[0].MsgFlagBits)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-BATCH-008", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	expectBatchAccepted(msgBatch(ctx, ids[0], ids[1:], "chatconform online only", map[string]any{"MsgLifeTime": 0}), "MsgLifeTime 0")
	expectNothingIn(ctx, ids[0], ids[1], "MsgLifeTime 0 delivers online only, without storage or unread count")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// --- modify_c2c_msg ---

const (
	textBefore = "chatconform before"
	textAfter  = "chatconform after"
	textOther  = "chatconform other"
)

// modifySetup returns a fresh pair where a sent b two messages: the first,
// with CloudCustomData "before", is the one the checks modify.
func modifySetup(ctx ginkgo.SpecContext) (a, b, key string, random uint32) {
	ginkgo.GinkgoHelper()
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	key, random = msgSend(ctx, a, b, textBefore, map[string]any{"CloudCustomData": "before"})
	msgSend(ctx, a, b, textOther, nil)
	return a, b, key, random
}

func msgFind(list []roamMsg, random uint32) (roamMsg, bool) {
	for _, m := range list {
		if m.MsgRandom == int64(random) {
			return m, true
		}
	}
	return roamMsg{}, false
}

// expectMessage requires both sides' history to show the message sent with
// random with text and custom data, and the other message unchanged.
func expectMessage(ctx ginkgo.SpecContext, a, b string, random uint32, text, custom, why string) {
	ginkgo.GinkgoHelper()
	for _, side := range [][2]string{{a, b}, {b, a}} {
		list := msgRoam(ctx, side[0], side[1])
		m, ok := msgFind(list, random)
		if !ok {
			framework.Failf("admin_getroammsg no longer listed the message to %s (it listed MsgKey %s); want it listed (%s)", side[0], msgKeys(list), why)
		}
		if m.text() != text || m.custom() != custom {
			framework.Failf("admin_getroammsg showed %s the message with text %q and CloudCustomData %s; want %q and %s (%s)", side[0], m.text(), m.custom(), text, custom, why)
		}
		for _, o := range list {
			if o.MsgRandom != int64(random) && o.text() != textOther {
				framework.Failf("admin_getroammsg showed %s the other message with text %q; want %q, untouched (%s)", side[0], o.text(), textOther, why)
			}
		}
	}
}

func modifyBody(a, b, key string, fields map[string]any) map[string]any {
	body := map[string]any{"From_Account": a, "To_Account": b, "MsgKey": key}
	for k, v := range fields {
		body[k] = v
	}
	return body
}

var _ = c2c.Checks.It("C2C-MODIFY-001", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	framework.Verify(msgDo(ctx, c2c.Modify, modifyBody(a, b, key, map[string]any{"MsgBody": msgText(textAfter)})), framework.BeOK())
	expectMessage(ctx, a, b, random, textAfter, `"before"`, "after modify_c2c_msg with MsgBody only")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-002", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	framework.Verify(msgDo(ctx, c2c.Modify, modifyBody(a, b, key, map[string]any{"CloudCustomData": "after"})), framework.BeOK())
	expectMessage(ctx, a, b, random, textBefore, `"after"`, "after modify_c2c_msg with CloudCustomData only")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-003", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	framework.Verify(msgDo(ctx, c2c.Modify, modifyBody(a, b, key, map[string]any{"MsgBody": msgText(textAfter), "CloudCustomData": "after"})), framework.BeOK())
	expectMessage(ctx, a, b, random, textAfter, `"after"`, "after modify_c2c_msg with MsgBody and CloudCustomData")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-004", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	before, ok := msgFind(msgRoam(ctx, b, a), random)
	if !ok {
		framework.Require(fmt.Errorf("admin_getroammsg does not list the message sendmsg sent"), "a precondition")
	}
	framework.Verify(msgDo(ctx, c2c.Modify, modifyBody(a, b, key, map[string]any{"MsgBody": msgText(textAfter)})), framework.BeOK())
	after, ok := msgFind(msgRoam(ctx, b, a), random)
	if !ok {
		framework.Failf("admin_getroammsg no longer listed the modified message to %s; want it listed with MsgKey %s", b, before.MsgKey)
	}
	if after.MsgKey != before.MsgKey || after.MsgSeq != before.MsgSeq || after.MsgTimeStamp != before.MsgTimeStamp {
		framework.Failf("admin_getroammsg listed the modified message with MsgKey %s, MsgSeq %d, MsgTimeStamp %d; want %s, %d, %d as before the modification",
			after.MsgKey, after.MsgSeq, after.MsgTimeStamp, before.MsgKey, before.MsgSeq, before.MsgTimeStamp)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-005", func(ctx ginkgo.SpecContext) {
	a, b, _, random := modifySetup(ctx)
	never := fmt.Sprintf("%d_%d_%d", rand.Uint32(), rand.Uint32(), time.Now().Unix())
	x := msgDo(ctx, c2c.Modify, modifyBody(a, b, never, map[string]any{"MsgBody": msgText(textAfter)}))
	framework.Verifyf(x, framework.FailWith(c2c.ModifyNoMessageCodes...), "a MsgKey that names no message")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	expectMessage(ctx, a, b, random, textBefore, `"before"`, "the modification was refused")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-006", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	_, err := env.Client.Call(ctx, "openim/admin_msgwithdraw", map[string]any{"From_Account": a, "To_Account": b, "MsgKey": key}, nil)
	framework.Require(err, "recall the message")
	x := msgDo(ctx, c2c.Modify, modifyBody(a, b, key, map[string]any{"MsgBody": msgText(textAfter)}))
	want := textBefore
	if x.OK() {
		framework.Verify(x, framework.BeOK())
		framework.Variant("applied")
		want = textAfter
	} else {
		framework.Verifyf(x, framework.FailWith(c2c.ModifyRecalledCodes...), "a recalled message")
		framework.Variant("refused with %d", x.Envelope.ErrorCode)
	}
	m, ok := msgFind(msgRoam(ctx, b, a), random)
	switch {
	case !ok:
		framework.Failf("admin_getroammsg no longer listed the recalled message to %s after %s; want it listed with MsgFlagBits 8", b, framework.Answered(x))
	case m.MsgFlagBits != 8:
		framework.Failf("admin_getroammsg listed the recalled message with MsgFlagBits %d after %s; want 8 (a modification does not undo the recall)", m.MsgFlagBits, framework.Answered(x))
	case m.text() != want:
		framework.Failf("admin_getroammsg showed the recalled message with text %q after %s; want %q", m.text(), framework.Answered(x), want)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-007", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	x := msgDo(ctx, c2c.Modify, modifyBody(env.Pool.Unknown(), b, key, map[string]any{"MsgBody": msgText(textAfter)}))
	framework.Verifyf(x, framework.FailWith(20003, 90008), "a never-imported From_Account")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	expectMessage(ctx, a, b, random, textBefore, `"before"`, "the modification was refused")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MODIFY-008", func(ctx ginkgo.SpecContext) {
	a, b, key, random := modifySetup(ctx)
	x := msgDo(ctx, c2c.Modify, modifyBody(a, env.Pool.Unknown(), key, map[string]any{"MsgBody": msgText(textAfter)}))
	framework.Verifyf(x, framework.FailWith(90012, 20003), "a never-imported To_Account")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	expectMessage(ctx, a, b, random, textBefore, `"before"`, "the modification was refused")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// --- message extensions ---

type kvPair struct {
	Key, Value string
	Seq        int64
}

type kvSetAnswer struct {
	ExtensionList []struct {
		ErrorCode int
		Extension kvPair
	}
}

type kvGetAnswer struct {
	ExtensionList []kvPair
	CompleteFlag  int
	LatestSeq     int64
	ClearSeq      int64
}

// extMessage returns a fresh pair and the MsgKey of a message a sent b
// with SupportMessageExtension 1.
func extMessage(ctx ginkgo.SpecContext) (a, b, key string) {
	ginkgo.GinkgoHelper()
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	key, _ = msgSend(ctx, a, b, "chatconform extensible", map[string]any{"SupportMessageExtension": 1})
	return a, b, key
}

// kvItems builds an ExtensionList from keys and values in turn, each with
// Seq 0.
func kvItems(kv ...string) []map[string]any {
	var out []map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, map[string]any{"Key": kv[i], "Value": kv[i+1], "Seq": 0})
	}
	return out
}

// kvMany builds n pairs whose keys start with prefix.
func kvMany(prefix string, n int) []map[string]any {
	var kv []string
	for i := 0; i < n; i++ {
		kv = append(kv, fmt.Sprintf("%s%03d", prefix, i), "v")
	}
	return kvItems(kv...)
}

// skipWithoutExtensions skips the check when the app's edition or console
// setting leaves message extensions out (10008).
func skipWithoutExtensions(x *target.Exchange) {
	if x.Status == http.StatusOK && x.DecodeErr == nil && x.Envelope.ErrorCode == 10008 {
		ginkgo.Skip(x.Endpoint + " answered 10008: the app's edition or console settings do not include message extensions")
	}
}

func kvSet(ctx ginkgo.SpecContext, a, b, key string, op int, items []map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"From_Account": a, "To_Account": b, "MsgKey": key, "OperateType": op}
	if items != nil {
		body["ExtensionList"] = items
	}
	x := msgDo(ctx, c2c.SetKV, body)
	skipWithoutExtensions(x)
	return x
}

// expectKVSet requires set_key_values to answer OK with ErrorCode 0 for
// every pair and returns the Seq it reported per key.
func expectKVSet(x *target.Exchange, why string) map[string]int64 {
	ginkgo.GinkgoHelper()
	framework.Verifyf(x, framework.BeOK(), "%s", why)
	var out kvSetAnswer
	if err := x.Decode(&out); err != nil {
		framework.Failf("%s with a body that does not decode: %s", framework.Answered(x), framework.Diagnose(err))
	}
	seqs := map[string]int64{}
	for _, it := range out.ExtensionList {
		if it.ErrorCode != 0 {
			framework.Failf("set_key_values answered ErrorCode %d for the pair %q; want 0 (%s)", it.ErrorCode, it.Extension.Key, why)
		}
		seqs[it.Extension.Key] = it.Extension.Seq
	}
	return seqs
}

// kvPrepare sets pairs as a precondition and returns their Seq per key.
func kvPrepare(ctx ginkgo.SpecContext, a, b, key string, items []map[string]any) map[string]int64 {
	ginkgo.GinkgoHelper()
	x := kvSet(ctx, a, b, key, 1, items)
	var out kvSetAnswer
	if !x.OK() || x.Decode(&out) != nil {
		framework.BlockedBy(x, "setting the pairs the check starts from")
	}
	seqs := map[string]int64{}
	for _, it := range out.ExtensionList {
		if it.ErrorCode != 0 {
			framework.BlockedBy(x, fmt.Sprintf("the pair %q got ErrorCode %d", it.Extension.Key, it.ErrorCode))
		}
		seqs[it.Extension.Key] = it.Extension.Seq
	}
	return seqs
}

// expectKVRefused requires set_key_values to refuse the call (FAIL with
// one of codes, any code when codes is empty) or every pair in it.
func expectKVRefused(x *target.Exchange, why string, codes ...int) {
	ginkgo.GinkgoHelper()
	if !x.OK() {
		if len(codes) > 0 {
			framework.Verifyf(x, framework.FailWith(codes...), "%s", why)
		} else {
			framework.Verifyf(x, framework.MatchSchema(), "%s", why)
			if x.Envelope.ActionStatus != "FAIL" || x.Envelope.ErrorCode == 0 {
				framework.Failf("%s; want FAIL or a non-zero ErrorCode for the pair (%s)", framework.Answered(x), why)
			}
		}
		framework.Variant("the call refused with %d", x.Envelope.ErrorCode)
		return
	}
	var out kvSetAnswer
	if err := x.Decode(&out); err != nil || len(out.ExtensionList) == 0 {
		framework.Failf("%s without a result for the pair; want the pair refused (%s)", framework.Answered(x), why)
	}
	for _, it := range out.ExtensionList {
		if it.ErrorCode == 0 {
			framework.Failf("set_key_values answered OK with ErrorCode 0 for the pair; want it refused (%s)", why)
		}
		framework.Variant("the pair refused with %d", it.ErrorCode)
	}
}

func kvGet(ctx ginkgo.SpecContext, a, b, key string, start int64) (*target.Exchange, kvGetAnswer) {
	ginkgo.GinkgoHelper()
	body := map[string]any{"From_Account": a, "To_Account": b, "MsgKey": key}
	if start > 0 {
		body["StartSeq"] = start
	}
	x := msgDo(ctx, c2c.GetKV, body)
	skipWithoutExtensions(x)
	var out kvGetAnswer
	if x.OK() {
		if err := x.Decode(&out); err != nil {
			framework.Failf("%s with a body that does not decode: %s", framework.Answered(x), framework.Diagnose(err))
		}
	}
	return x, out
}

// kvAll returns every pair of the message, paging with StartSeq from the
// largest Seq of each page.
func kvAll(ctx ginkgo.SpecContext, a, b, key, why string) (map[string]kvPair, kvGetAnswer) {
	ginkgo.GinkgoHelper()
	all := map[string]kvPair{}
	var start int64
	for page := 1; ; page++ {
		x, out := kvGet(ctx, a, b, key, start)
		framework.Verifyf(x, framework.BeOK(), "get_key_values, page %d (%s)", page, why)
		added := 0
		for _, p := range out.ExtensionList {
			if _, seen := all[p.Key]; !seen {
				added++
			}
			all[p.Key] = p
			start = max(start, p.Seq)
		}
		if out.CompleteFlag == 1 {
			return all, out
		}
		if added == 0 || page == 10 {
			framework.Failf("get_key_values answered CompleteFlag 0 with no new pair on page %d (StartSeq %d); want the remaining pairs, then CompleteFlag 1 (%s)", page, start, why)
		}
	}
}

// expectPairs requires the message's pairs to be exactly want (key to
// value).
func expectPairs(got map[string]kvPair, want map[string]string, why string) {
	ginkgo.GinkgoHelper()
	for k, v := range want {
		p, ok := got[k]
		switch {
		case !ok:
			framework.Failf("get_key_values did not return the key %q; want it with the value %q (%s)", clip(k), clip(v), why)
		case p.Value != v:
			framework.Failf("get_key_values returned the key %q with the value %q; want %q (%s)", clip(k), clip(p.Value), clip(v), why)
		}
	}
	if len(got) != len(want) {
		var extra []string
		for k := range got {
			if _, ok := want[k]; !ok {
				extra = append(extra, clip(k))
			}
		}
		sort.Strings(extra)
		framework.Failf("get_key_values returned %d pairs, among them %s; want exactly %d (%s)", len(got), strings.Join(extra, ", "), len(want), why)
	}
}

func clip(s string) string {
	if len(s) > 24 {
		return fmt.Sprintf("%s… (%d bytes)", s[:16], len(s))
	}
	return s
}

var _ = c2c.Checks.It("C2C-EXT-001", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	seqs := expectKVSet(kvSet(ctx, a, b, key, 1, kvItems("k1", "v1", "k2", "v2", "k3", "v3")), "OperateType 1 on an extensible message")
	all, out := kvAll(ctx, a, b, key, "after setting k1, k2 and k3")
	expectPairs(all, map[string]string{"k1": "v1", "k2": "v2", "k3": "v3"}, "after setting k1, k2 and k3")
	for k, p := range all {
		if s, ok := seqs[k]; ok && s != p.Seq {
			framework.Failf("get_key_values returned %q with Seq %d; want %d, the Seq set_key_values reported", k, p.Seq, s)
		}
		if out.LatestSeq < p.Seq {
			framework.Failf("get_key_values answered LatestSeq %d below the Seq %d of %q; want the largest Seq of all pairs", out.LatestSeq, p.Seq, k)
		}
	}
	if len(seqs) != 3 {
		framework.Failf("set_key_values reported %d pair results for 3 pairs; want one per pair", len(seqs))
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-002", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	kvPrepare(ctx, a, b, key, kvItems("k1", "v1", "k2", "v2"))
	before, _ := kvAll(ctx, a, b, key, "before the update")
	item := map[string]any{"Key": "k1", "Value": "v1b", "Seq": before["k1"].Seq}
	expectKVSet(kvSet(ctx, a, b, key, 1, []map[string]any{item}), "k1 again, with its latest Seq")
	after, _ := kvAll(ctx, a, b, key, "after the update")
	expectPairs(after, map[string]string{"k1": "v1b", "k2": "v2"}, "after setting k1 again")
	if after["k1"].Seq <= before["k1"].Seq {
		framework.Failf("get_key_values returned the updated k1 with Seq %d; want more than its earlier Seq %d", after["k1"].Seq, before["k1"].Seq)
	}
	if after["k2"].Seq != before["k2"].Seq {
		framework.Failf("get_key_values returned the untouched k2 with Seq %d; want its Seq %d kept", after["k2"].Seq, before["k2"].Seq)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-003", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	kvPrepare(ctx, a, b, key, kvItems("k1", "v1"))
	expectKVSet(kvSet(ctx, a, b, key, 1, kvItems("k1", "v1b")), "the App admin sets k1 again with the stale Seq 0")
	all, _ := kvAll(ctx, a, b, key, "after the admin's write with a stale Seq")
	expectPairs(all, map[string]string{"k1": "v1b"}, "the backend does not verify an App admin's Seq")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-004", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	seqs := kvPrepare(ctx, a, b, key, kvItems("k1", "v1", "k2", "v2", "k3", "v3"))
	del := []map[string]any{{"Key": "k1", "Value": "", "Seq": seqs["k1"]}, {"Key": "k3", "Value": "", "Seq": seqs["k3"]}}
	framework.Verify(kvSet(ctx, a, b, key, 2, del), framework.BeOK())
	all, _ := kvAll(ctx, a, b, key, "after deleting k1 and k3")
	expectPairs(all, map[string]string{"k2": "v2"}, "after OperateType 2 for k1 and k3")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-005", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	kvPrepare(ctx, a, b, key, kvItems("k1", "v1", "k2", "v2"))
	before, _ := kvAll(ctx, a, b, key, "before the clear")
	framework.Verify(kvSet(ctx, a, b, key, 3, nil), framework.BeOK())
	all, out := kvAll(ctx, a, b, key, "after OperateType 3")
	expectPairs(all, map[string]string{}, "after OperateType 3")
	for k, p := range before {
		if out.ClearSeq < p.Seq {
			framework.Failf("get_key_values answered ClearSeq %d after the clear, below the Seq %d of the cleared %q; want clients told to drop every cleared pair", out.ClearSeq, p.Seq, k)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-006", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	kvPrepare(ctx, a, b, key, kvItems("k1", "v1"))
	kvPrepare(ctx, a, b, key, kvItems("k2", "v2"))
	kvPrepare(ctx, a, b, key, kvItems("k2", "v2b"))
	before, _ := kvAll(ctx, a, b, key, "before StartSeq")
	start := before["k2"].Seq
	if start <= before["k1"].Seq {
		framework.Blocked("a precondition", fmt.Errorf("k2, written twice after k1, has Seq %d, not above k1's %d", start, before["k1"].Seq))
	}
	x, out := kvGet(ctx, a, b, key, start)
	framework.Verifyf(x, framework.BeOK(), "get_key_values with StartSeq %d", start)
	got := map[string]bool{}
	for _, p := range out.ExtensionList {
		if p.Seq < start {
			framework.Failf("get_key_values with StartSeq %d returned %q with Seq %d; want only pairs with Seq %d or more", start, p.Key, p.Seq, start)
		}
		got[p.Key] = true
	}
	if !got["k2"] {
		framework.Failf("get_key_values with StartSeq %d did not return k2, whose Seq is %d; want it", start, start)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-007", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	key, _ := msgSend(ctx, a, b, "chatconform plain", map[string]any{"SupportMessageExtension": 0})
	framework.Verifyf(kvSet(ctx, a, b, key, 1, kvItems("k1", "v1")), framework.FailWith(23002), "a message sent with SupportMessageExtension 0")
	x, out := kvGet(ctx, a, b, key, 0)
	if x.OK() {
		framework.Variant("get_key_values answers OK")
		if len(out.ExtensionList) > 0 {
			framework.Failf("get_key_values returned %d pairs for a message that takes no extensions; want none", len(out.ExtensionList))
		}
		return
	}
	framework.Verifyf(x, framework.FailWith(c2c.ExtUnsupportedGetCodes...), "get_key_values on a message without extensions")
	framework.Variant("get_key_values refuses with %d", x.Envelope.ErrorCode)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-008", func(ctx ginkgo.SpecContext) {
	a, b, _ := extMessage(ctx)
	never := fmt.Sprintf("%d_%d_%d", rand.Uint32(), rand.Uint32(), time.Now().Unix())
	framework.Verifyf(kvSet(ctx, a, b, never, 1, kvItems("k1", "v1")), framework.FailWith(23004), "set_key_values with a MsgKey that names no message")
	x, _ := kvGet(ctx, a, b, never, 0)
	framework.Verifyf(x, framework.FailWith(23004), "get_key_values with a MsgKey that names no message")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-009", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	framework.Verifyf(kvSet(ctx, a, b, key, 1, kvMany("over", c2c.MaxExtPerSet+1)), framework.FailWith(10004), "21 pairs in one call")
	all, _ := kvAll(ctx, a, b, key, "after the refused call of 21 pairs")
	expectPairs(all, map[string]string{}, "the call of 21 pairs was refused")
	expectKVSet(kvSet(ctx, a, b, key, 1, kvMany("max", c2c.MaxExtPerSet)), "20 pairs in one call, the documented maximum")
	all, _ = kvAll(ctx, a, b, key, "after the call of 20 pairs")
	if len(all) != c2c.MaxExtPerSet {
		framework.Failf("get_key_values returned %d pairs after a call of 20; want 20", len(all))
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

func expectLimit(ctx ginkgo.SpecContext, field string, limit int) {
	ginkgo.GinkgoHelper()
	a, b, key := extMessage(ctx)
	over, at := strings.Repeat("k", limit+1), strings.Repeat("k", limit)
	pair := func(s string) map[string]any {
		if field == "Key" {
			return map[string]any{"Key": s, "Value": "v", "Seq": 0}
		}
		return map[string]any{"Key": "k", "Value": s, "Seq": 0}
	}
	expectKVRefused(kvSet(ctx, a, b, key, 1, []map[string]any{pair(over)}), fmt.Sprintf("a %s of %d bytes", field, limit+1), 10004)
	all, _ := kvAll(ctx, a, b, key, "after the refused pair")
	expectPairs(all, map[string]string{}, fmt.Sprintf("a %s over %d bytes is refused, not stored nor shortened", field, limit))
	expectKVSet(kvSet(ctx, a, b, key, 1, []map[string]any{pair(at)}), fmt.Sprintf("a %s of exactly %d bytes", field, limit))
	all, _ = kvAll(ctx, a, b, key, "after the pair at the limit")
	if field == "Key" {
		expectPairs(all, map[string]string{at: "v"}, "a Key of exactly 100 bytes is stored as sent")
	} else {
		expectPairs(all, map[string]string{"k": at}, "a Value of exactly 1,000 bytes is stored as sent")
	}
}

var _ = c2c.Checks.It("C2C-EXT-010", func(ctx ginkgo.SpecContext) {
	expectLimit(ctx, "Key", c2c.MaxExtKeyBytes)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-011", func(ctx ginkgo.SpecContext) {
	expectLimit(ctx, "Value", c2c.MaxExtValueBytes)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-012", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	want := map[string]string{}
	for i := 0; i < c2c.MaxExtPerMessage/c2c.MaxExtPerSet; i++ {
		items := kvMany(fmt.Sprintf("p%02d-", i), c2c.MaxExtPerSet)
		expectKVSet(kvSet(ctx, a, b, key, 1, items), fmt.Sprintf("pairs %d to %d of the message's 300", i*20+1, i*20+20))
		for _, it := range items {
			want[it["Key"].(string)] = "v"
		}
	}
	all, _ := kvAll(ctx, a, b, key, "after setting 300 pairs")
	expectPairs(all, want, "300 pairs, the documented maximum per message")
	expectKVRefused(kvSet(ctx, a, b, key, 1, kvItems("one-too-many", "v")), "a 301st key")
	all, _ = kvAll(ctx, a, b, key, "after the 301st key")
	expectPairs(all, want, "a 301st key is refused")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-EXT-013", func(ctx ginkgo.SpecContext) {
	a, b, key := extMessage(ctx)
	const tries = 2*c2c.MaxExtWritesPerMin + 1
	start := time.Now()
	refused := 0
	for i := 1; i <= tries; i++ {
		x := kvSet(ctx, a, b, key, 1, kvItems("k", fmt.Sprint(i)))
		if x.OK() {
			expectKVSet(x, fmt.Sprintf("write %d on the message", i))
			continue
		}
		framework.Verifyf(x, framework.FailWith(23003), "write %d on the message", i)
		refused = i
		break
	}
	elapsed := time.Since(start)
	switch {
	case refused == 0 && elapsed < time.Minute:
		framework.Failf("set_key_values accepted %d writes on one message in %s; want 23003 once more than 200 fall within a minute", tries, elapsed.Round(time.Second))
	case refused == 0:
		framework.Blocked("the writes", fmt.Errorf("%d writes took %s, too slow to reach the limit of 200 a minute", tries, elapsed.Round(time.Second)))
	case refused <= c2c.MaxExtWritesPerMin:
		framework.Failf("set_key_values answered 23003 to write %d on one message; want the first 200 writes within a minute accepted", refused)
	}
	framework.Variant("refused write %d", refused)
	all, _ := kvAll(ctx, a, b, key, "after the refused write")
	expectPairs(all, map[string]string{"k": fmt.Sprint(refused - 1)}, "the write refused with 23003 is not stored")
}, ginkgo.SpecTimeout(framework.SpecTimeout))
