package groups_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// --- modification ---

// gmsgItem is one message as group_msg_get_simple lists it, with its
// CloudCustomData.
type gmsgItem struct {
	histMsg
	CloudCustomData *string
}

func (m gmsgItem) custom() string {
	if m.CloudCustomData == nil {
		return "none"
	}
	return fmt.Sprintf("%q", *m.CloudCustomData)
}

// gmsgHistory returns one page of group_msg_get_simple with the fields
// given, CloudCustomData included.
func gmsgHistory(ctx ginkgo.SpecContext, id string, fields map[string]any) []gmsgItem {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "ReqMsgNumber": groups.MaxHistoryPage}
	for k, v := range fields {
		body[k] = v
	}
	var out struct {
		RspMsgList []gmsgItem
		MsgList    []gmsgItem
	}
	must(ctx, groups.History, body, &out, "read the group history with group_msg_get_simple")
	if out.RspMsgList == nil {
		return out.MsgList
	}
	return out.RspMsgList
}

func gmsgBySeq(list []gmsgItem, seq int64) (gmsgItem, bool) {
	for _, m := range list {
		if m.MsgSeq == seq {
			return m, true
		}
	}
	return gmsgItem{}, false
}

const (
	gmsgBefore = "chatconform before"
	gmsgOther  = "chatconform other"
	gmsgAfter  = "chatconform after"
)

// gmsgSetup returns a Public group where a member sent two messages: the
// first, with CloudCustomData "before", is the one the checks modify.
func gmsgSetup(ctx ginkgo.SpecContext) (id string, mod, other sentMsg) {
	ginkgo.GinkgoHelper()
	ids := accounts(ctx, 2)
	id = newGroup(ctx, "Public", ids[0], ids[1])
	random := rand.Uint32()
	body := map[string]any{"GroupId": id, "From_Account": ids[1], "Random": random, "MsgBody": textBody(gmsgBefore), "CloudCustomData": "before"}
	must(ctx, groups.Send, body, &mod, "send the message to modify")
	mod.random = random
	other = post(ctx, id, ids[0], gmsgOther)
	return id, mod, other
}

func gmsgModifyBody(id string, seq int64, fields map[string]any) map[string]any {
	body := map[string]any{"GroupId": id, "MsgSeq": seq}
	for k, v := range fields {
		body[k] = v
	}
	return body
}

// gmsgExpect requires the history to list the message seq with text and
// custom data, and the other message unchanged.
func gmsgExpect(ctx ginkgo.SpecContext, id string, seq, other int64, text, custom, why string) {
	ginkgo.GinkgoHelper()
	list := gmsgHistory(ctx, id, nil)
	m, ok := gmsgBySeq(list, seq)
	if !ok {
		framework.Failf("group_msg_get_simple no longer listed MsgSeq %d (it listed %s); want it listed (%s)", seq, gmsgSeqs(list), why)
	}
	if m.text() != text || m.custom() != custom {
		framework.Failf("group_msg_get_simple listed MsgSeq %d with text %q and CloudCustomData %s; want %q and %s (%s)", seq, m.text(), m.custom(), text, custom, why)
	}
	if o, ok := gmsgBySeq(list, other); !ok || o.text() != gmsgOther {
		framework.Failf("group_msg_get_simple listed the other message (MsgSeq %d) with text %q; want %q, untouched (%s)", other, o.text(), gmsgOther, why)
	}
}

func gmsgSeqs(list []gmsgItem) string {
	h := make([]histMsg, len(list))
	for i, m := range list {
		h[i] = m.histMsg
	}
	return seqsOf(h)
}

var _ = it("GROUPS-MSGMOD-001", func(ctx ginkgo.SpecContext) {
	id, m, other := gmsgSetup(ctx)
	framework.Verify(do(ctx, groups.GmsgModify, gmsgModifyBody(id, m.MsgSeq, map[string]any{"MsgBody": textBody(gmsgAfter)})), framework.BeOK())
	gmsgExpect(ctx, id, m.MsgSeq, other.MsgSeq, gmsgAfter, `"before"`, "after modify_group_msg with MsgBody only")
})

var _ = it("GROUPS-MSGMOD-002", func(ctx ginkgo.SpecContext) {
	id, m, other := gmsgSetup(ctx)
	framework.Verify(do(ctx, groups.GmsgModify, gmsgModifyBody(id, m.MsgSeq, map[string]any{"CloudCustomData": "after"})), framework.BeOK())
	gmsgExpect(ctx, id, m.MsgSeq, other.MsgSeq, gmsgBefore, `"after"`, "after modify_group_msg with CloudCustomData only")
})

var _ = it("GROUPS-MSGMOD-003", func(ctx ginkgo.SpecContext) {
	id, m, _ := gmsgSetup(ctx)
	before, ok := gmsgBySeq(gmsgHistory(ctx, id, nil), m.MsgSeq)
	if !ok {
		framework.Require(fmt.Errorf("group_msg_get_simple does not list the message send_group_msg sent"), "a precondition")
	}
	framework.Verify(do(ctx, groups.GmsgModify, gmsgModifyBody(id, m.MsgSeq, map[string]any{"MsgBody": textBody(gmsgAfter)})), framework.BeOK())
	after, ok := gmsgBySeq(gmsgHistory(ctx, id, nil), m.MsgSeq)
	switch {
	case !ok:
		framework.Failf("group_msg_get_simple no longer listed MsgSeq %d after modify_group_msg; want the modified message under its MsgSeq", m.MsgSeq)
	case after.From_Account != before.From_Account || after.MsgRandom != before.MsgRandom || after.MsgTimeStamp != before.MsgTimeStamp:
		framework.Failf("group_msg_get_simple listed the modified message with From_Account %s, MsgRandom %d, MsgTimeStamp %d; want %s, %d, %d as before the modification",
			after.From_Account, after.MsgRandom, after.MsgTimeStamp, before.From_Account, before.MsgRandom, before.MsgTimeStamp)
	}
})

var _ = it("GROUPS-MSGMOD-004", func(ctx ginkgo.SpecContext) {
	id, m, other := gmsgSetup(ctx)
	never := other.MsgSeq + 100
	x := do(ctx, groups.GmsgModify, gmsgModifyBody(id, never, map[string]any{"MsgBody": textBody(gmsgAfter)}))
	framework.Verifyf(x, framework.FailWith(groups.GmsgModifyRefusedCodes...), "a MsgSeq that names no message")
	gmsgExpect(ctx, id, m.MsgSeq, other.MsgSeq, gmsgBefore, `"before"`, "the modification was refused")
	if _, ok := gmsgBySeq(gmsgHistory(ctx, id, map[string]any{"ReqMsgSeq": never}), never); ok {
		framework.Failf("group_msg_get_simple listed a message under MsgSeq %d after modify_group_msg was refused for it; want none", never)
	}
})

var _ = it("GROUPS-MSGMOD-005", func(ctx ginkgo.SpecContext) {
	id, m, _ := gmsgSetup(ctx)
	must(ctx, groups.Recall, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": m.MsgSeq}}}, nil, "recall the message")
	x := do(ctx, groups.GmsgModify, gmsgModifyBody(id, m.MsgSeq, map[string]any{"MsgBody": textBody(gmsgAfter)}))
	if x.OK() {
		framework.Verify(x, framework.BeOK())
		framework.Variant("applied")
	} else {
		framework.Verifyf(x, framework.FailWith(groups.GmsgModifyRefusedCodes...), "a recalled message")
		framework.Variant("refused with %d", x.Envelope.ErrorCode)
	}
	if _, ok := gmsgBySeq(gmsgHistory(ctx, id, nil), m.MsgSeq); ok {
		framework.Failf("group_msg_get_simple listed the recalled MsgSeq %d after %s; want it left out without WithRecalledMsg (a modification does not undo the recall)", m.MsgSeq, framework.Answered(x))
	}
	p, ok := gmsgBySeq(gmsgHistory(ctx, id, map[string]any{"WithRecalledMsg": 1}), m.MsgSeq)
	switch {
	case !ok:
		framework.Failf("group_msg_get_simple with WithRecalledMsg 1 did not list the recalled MsgSeq %d after %s; want its placeholder", m.MsgSeq, framework.Answered(x))
	case p.IsPlaceMsg != groups.PlaceRecalled || p.text() == gmsgAfter:
		framework.Failf("group_msg_get_simple with WithRecalledMsg 1 listed MsgSeq %d with IsPlaceMsg %d and text %q after %s; want IsPlaceMsg 2 without the new text", m.MsgSeq, p.IsPlaceMsg, p.text(), framework.Answered(x))
	}
})

var _ = it("GROUPS-MSGMOD-006", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "AVChatRoom", owner)
	m := post(ctx, id, "", gmsgBefore)
	if m.MsgSeq == 0 {
		framework.Blocked("a precondition", fmt.Errorf("send_group_msg to the AVChatRoom answered no MsgSeq to modify"))
	}
	x := do(ctx, groups.GmsgModify, gmsgModifyBody(id, m.MsgSeq, map[string]any{"MsgBody": textBody(gmsgAfter)}))
	framework.Verifyf(x, framework.FailWith(groups.GmsgModifyRefusedCodes...), "a message of an AVChatRoom")
	h, err := env.Call(ctx, groups.History, map[string]any{"GroupId": id, "ReqMsgNumber": groups.MaxHistoryPage})
	if err != nil || !h.OK() {
		return // AVChatRoom groups keep no history to look at
	}
	var out struct{ RspMsgList []gmsgItem }
	h.Decode(&out)
	if p, ok := gmsgBySeq(out.RspMsgList, m.MsgSeq); ok && p.text() == gmsgAfter {
		framework.Failf("group_msg_get_simple listed the AVChatRoom message with the new text %q after modify_group_msg was refused; want it unchanged", gmsgAfter)
	}
})

// --- deletion by sender ---

// gmsgTexts returns the texts of the messages listed as messages (not
// placeholders) and the MsgSeqs of the placeholders.
func gmsgTexts(list []gmsgItem) (texts []string, placed map[int64]bool) {
	placed = map[int64]bool{}
	for _, m := range list {
		if m.IsPlaceMsg != 0 {
			placed[m.MsgSeq] = true
			continue
		}
		texts = append(texts, m.text())
	}
	sort.Strings(texts)
	return texts, placed
}

var _ = it("GROUPS-MSGDEL-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0], ids[1], ids[2])
	var gone []sentMsg
	for i := 0; i < 2; i++ {
		gone = append(gone, post(ctx, id, ids[1], fmt.Sprintf("chatconform deleted %d", i)))
		post(ctx, id, ids[2], fmt.Sprintf("chatconform kept %d", i))
	}
	framework.Verify(do(ctx, groups.GmsgDeleteBySender, map[string]any{"GroupId": id, "Sender_Account": ids[1]}), framework.BeOK())
	want := []string{"chatconform kept 0", "chatconform kept 1"}
	for _, fields := range []map[string]any{nil, {"WithRecalledMsg": 1}} {
		list := gmsgHistory(ctx, id, fields)
		texts, placed := gmsgTexts(list)
		if strings.Join(texts, ", ") != strings.Join(want, ", ") {
			framework.Failf("group_msg_get_simple listed the texts %s after delete_group_msg_by_sender for %s; want only the other sender's, %s", names(texts), ids[1], names(want))
		}
		for _, m := range gone {
			if p, ok := gmsgBySeq(list, m.MsgSeq); ok && (p.IsPlaceMsg != groups.PlaceRecalled || !placed[m.MsgSeq]) {
				framework.Failf("group_msg_get_simple listed the deleted MsgSeq %d with IsPlaceMsg %d; want it left out, or a placeholder with IsPlaceMsg 2", m.MsgSeq, p.IsPlaceMsg)
			}
		}
		if fields != nil {
			framework.Variant("with WithRecalledMsg 1: %d placeholders", len(placed))
		}
	}
})

var _ = it("GROUPS-MSGDEL-002", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	post(ctx, id, ids[1], "chatconform deleted")
	framework.Verify(do(ctx, groups.GmsgDeleteBySender, map[string]any{"GroupId": id, "Sender_Account": ids[1]}), framework.BeOK())
	later := unique("chatconform later")
	m := post(ctx, id, ids[1], later)
	if got, ok := gmsgBySeq(gmsgHistory(ctx, id, nil), m.MsgSeq); !ok || got.text() != later {
		framework.Failf("group_msg_get_simple did not list the message %s sent after delete_group_msg_by_sender (MsgSeq %d); want it listed with its text", ids[1], m.MsgSeq)
	}
})

var _ = it("GROUPS-MSGDEL-003", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "AVChatRoom", owner)
	post(ctx, id, "", "chatconform live")
	framework.Verify(do(ctx, groups.GmsgDeleteBySender, map[string]any{"GroupId": id, "Sender_Account": env.Target.Admin}), framework.BeOK())
})

var _ = it("GROUPS-MSGDEL-004", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	x := do(ctx, groups.GmsgDeleteBySender, map[string]any{"GroupId": customID(), "Sender_Account": owner})
	framework.Verifyf(x, framework.FailWith(groups.NoGroupCodes...), "a GroupId no group has")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
})

// --- extensions ---

type gmsgPair struct {
	Key, Value string
	Seq        int64
}

type gmsgSetAnswer struct {
	ExtensionList []struct {
		ErrorCode int
		Extension gmsgPair
	}
}

type gmsgGetAnswer struct {
	ExtensionList []gmsgPair
	CompleteFlag  int
	LatestSeq     int64
	ClearSeq      int64
}

// gmsgExtMessage returns a Public group and the MsgSeq of a message sent
// with SupportMessageExtension 1.
func gmsgExtMessage(ctx ginkgo.SpecContext, support bool) (string, int64) {
	ginkgo.GinkgoHelper()
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	body := map[string]any{"GroupId": id, "From_Account": ids[1], "Random": rand.Uint32(), "MsgBody": textBody("chatconform extensible")}
	if support {
		body["SupportMessageExtension"] = 1
	}
	var out sentMsg
	must(ctx, groups.Send, body, &out, "send a group message")
	return id, out.MsgSeq
}

func gmsgItems(kv ...string) []map[string]any {
	var out []map[string]any
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, map[string]any{"Key": kv[i], "Value": kv[i+1], "Seq": 0})
	}
	return out
}

func gmsgMany(prefix string, n int) []map[string]any {
	var kv []string
	for i := 0; i < n; i++ {
		kv = append(kv, fmt.Sprintf("%s%03d", prefix, i), "v")
	}
	return gmsgItems(kv...)
}

// gmsgSkipWithoutExtensions skips the check when the app's edition or
// console setting leaves message extensions out (10008).
func gmsgSkipWithoutExtensions(x *target.Exchange) {
	if x.Status == http.StatusOK && x.DecodeErr == nil && x.Envelope.ErrorCode == 10008 {
		ginkgo.Skip(x.Endpoint + " answered 10008: the app's edition or console settings do not include message extensions")
	}
}

func gmsgSet(ctx ginkgo.SpecContext, id string, seq int64, op int, items []map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "MsgSeq": seq, "OperateType": op}
	if items != nil {
		body["ExtensionList"] = items
	}
	x := do(ctx, groups.GmsgSetKV, body)
	gmsgSkipWithoutExtensions(x)
	return x
}

// gmsgExpectSet requires group_set_key_values to answer OK with ErrorCode
// 0 for every pair and returns the Seq it reported per key.
func gmsgExpectSet(x *target.Exchange, why string) map[string]int64 {
	ginkgo.GinkgoHelper()
	framework.Verifyf(x, framework.BeOK(), "%s", why)
	var out gmsgSetAnswer
	if err := x.Decode(&out); err != nil {
		framework.Failf("%s with a body that does not decode: %s", framework.Answered(x), framework.Diagnose(err))
	}
	seqs := map[string]int64{}
	for _, it := range out.ExtensionList {
		if it.ErrorCode != 0 {
			framework.Failf("group_set_key_values answered ErrorCode %d for the pair %q; want 0 (%s)", it.ErrorCode, it.Extension.Key, why)
		}
		seqs[it.Extension.Key] = it.Extension.Seq
	}
	return seqs
}

// gmsgPrepare sets pairs as a precondition and returns their Seq per key.
func gmsgPrepare(ctx ginkgo.SpecContext, id string, seq int64, items []map[string]any) map[string]int64 {
	ginkgo.GinkgoHelper()
	x := gmsgSet(ctx, id, seq, 1, items)
	var out gmsgSetAnswer
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

// gmsgExpectRefused requires group_set_key_values to refuse the call (FAIL
// with 10004) or every pair in it.
func gmsgExpectRefused(x *target.Exchange, why string) {
	ginkgo.GinkgoHelper()
	if !x.OK() {
		framework.Verifyf(x, framework.FailWith(10004), "%s", why)
		framework.Variant("the call refused with %d", x.Envelope.ErrorCode)
		return
	}
	var out gmsgSetAnswer
	if err := x.Decode(&out); err != nil || len(out.ExtensionList) == 0 {
		framework.Failf("%s without a result for the pair; want the pair refused (%s)", framework.Answered(x), why)
	}
	for _, it := range out.ExtensionList {
		if it.ErrorCode == 0 {
			framework.Failf("group_set_key_values answered OK with ErrorCode 0 for the pair; want it refused (%s)", why)
		}
		framework.Variant("the pair refused with %d", it.ErrorCode)
	}
}

func gmsgGet(ctx ginkgo.SpecContext, id string, seq, start int64) (*target.Exchange, gmsgGetAnswer) {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "MsgSeq": seq}
	if start > 0 {
		body["StartSeq"] = start
	}
	x := do(ctx, groups.GmsgGetKV, body)
	gmsgSkipWithoutExtensions(x)
	var out gmsgGetAnswer
	if x.OK() {
		if err := x.Decode(&out); err != nil {
			framework.Failf("%s with a body that does not decode: %s", framework.Answered(x), framework.Diagnose(err))
		}
	}
	return x, out
}

// gmsgAll returns every pair of the message, paging with StartSeq.
func gmsgAll(ctx ginkgo.SpecContext, id string, seq int64, why string) (map[string]gmsgPair, gmsgGetAnswer) {
	ginkgo.GinkgoHelper()
	all := map[string]gmsgPair{}
	var start int64
	for page := 1; ; page++ {
		x, out := gmsgGet(ctx, id, seq, start)
		framework.Verifyf(x, framework.BeOK(), "group_get_key_values, page %d (%s)", page, why)
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
			framework.Failf("group_get_key_values answered CompleteFlag 0 with no new pair on page %d (StartSeq %d); want the remaining pairs, then CompleteFlag 1 (%s)", page, start, why)
		}
	}
}

// gmsgExpectPairs requires the message's pairs to be exactly want.
func gmsgExpectPairs(got map[string]gmsgPair, want map[string]string, why string) {
	ginkgo.GinkgoHelper()
	for k, v := range want {
		p, ok := got[k]
		switch {
		case !ok:
			framework.Failf("group_get_key_values did not return the key %q; want it with the value %q (%s)", gmsgClip(k), gmsgClip(v), why)
		case p.Value != v:
			framework.Failf("group_get_key_values returned the key %q with the value %q; want %q (%s)", gmsgClip(k), gmsgClip(p.Value), gmsgClip(v), why)
		}
	}
	if len(got) != len(want) {
		var extra []string
		for k := range got {
			if _, ok := want[k]; !ok {
				extra = append(extra, gmsgClip(k))
			}
		}
		sort.Strings(extra)
		framework.Failf("group_get_key_values returned %d pairs, among them %s; want exactly %d (%s)", len(got), strings.Join(extra, ", "), len(want), why)
	}
}

func gmsgClip(s string) string {
	if len(s) > 24 {
		return fmt.Sprintf("%s… (%d bytes)", s[:16], len(s))
	}
	return s
}

var _ = it("GROUPS-EXT-001", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	seqs := gmsgExpectSet(gmsgSet(ctx, id, seq, 1, gmsgItems("k1", "v1", "k2", "v2", "k3", "v3")), "OperateType 1 on an extensible group message")
	all, out := gmsgAll(ctx, id, seq, "after setting k1, k2 and k3")
	gmsgExpectPairs(all, map[string]string{"k1": "v1", "k2": "v2", "k3": "v3"}, "after setting k1, k2 and k3")
	for k, p := range all {
		if s, ok := seqs[k]; ok && s != p.Seq {
			framework.Failf("group_get_key_values returned %q with Seq %d; want %d, the Seq group_set_key_values reported", k, p.Seq, s)
		}
		if out.LatestSeq < p.Seq {
			framework.Failf("group_get_key_values answered LatestSeq %d below the Seq %d of %q; want the largest Seq of all pairs", out.LatestSeq, p.Seq, k)
		}
	}
	if len(seqs) != 3 {
		framework.Failf("group_set_key_values reported %d pair results for 3 pairs; want one per pair", len(seqs))
	}
})

var _ = it("GROUPS-EXT-002", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	gmsgPrepare(ctx, id, seq, gmsgItems("k1", "v1", "k2", "v2"))
	before, _ := gmsgAll(ctx, id, seq, "before the update")
	item := map[string]any{"Key": "k1", "Value": "v1b", "Seq": before["k1"].Seq}
	gmsgExpectSet(gmsgSet(ctx, id, seq, 1, []map[string]any{item}), "k1 again, with its latest Seq")
	after, _ := gmsgAll(ctx, id, seq, "after the update")
	gmsgExpectPairs(after, map[string]string{"k1": "v1b", "k2": "v2"}, "after setting k1 again")
	if after["k1"].Seq <= before["k1"].Seq {
		framework.Failf("group_get_key_values returned the updated k1 with Seq %d; want more than its earlier Seq %d", after["k1"].Seq, before["k1"].Seq)
	}
	if after["k2"].Seq != before["k2"].Seq {
		framework.Failf("group_get_key_values returned the untouched k2 with Seq %d; want its Seq %d kept", after["k2"].Seq, before["k2"].Seq)
	}
})

var _ = it("GROUPS-EXT-003", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	gmsgPrepare(ctx, id, seq, gmsgItems("k1", "v1"))
	gmsgExpectSet(gmsgSet(ctx, id, seq, 1, gmsgItems("k1", "v1b")), "the App admin sets k1 again with the stale Seq 0")
	all, _ := gmsgAll(ctx, id, seq, "after the admin's write with a stale Seq")
	gmsgExpectPairs(all, map[string]string{"k1": "v1b"}, "the backend does not verify an App admin's Seq")
})

var _ = it("GROUPS-EXT-004", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	seqs := gmsgPrepare(ctx, id, seq, gmsgItems("k1", "v1", "k2", "v2", "k3", "v3"))
	del := []map[string]any{{"Key": "k1", "Value": "", "Seq": seqs["k1"]}, {"Key": "k3", "Value": "", "Seq": seqs["k3"]}}
	framework.Verify(gmsgSet(ctx, id, seq, 2, del), framework.BeOK())
	all, _ := gmsgAll(ctx, id, seq, "after deleting k1 and k3")
	gmsgExpectPairs(all, map[string]string{"k2": "v2"}, "after OperateType 2 for k1 and k3")
})

var _ = it("GROUPS-EXT-005", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	gmsgPrepare(ctx, id, seq, gmsgItems("k1", "v1", "k2", "v2"))
	before, _ := gmsgAll(ctx, id, seq, "before the clear")
	framework.Verify(gmsgSet(ctx, id, seq, 3, nil), framework.BeOK())
	all, out := gmsgAll(ctx, id, seq, "after OperateType 3")
	gmsgExpectPairs(all, map[string]string{}, "after OperateType 3")
	for k, p := range before {
		if out.ClearSeq < p.Seq {
			framework.Failf("group_get_key_values answered ClearSeq %d after the clear, below the Seq %d of the cleared %q; want clients told to drop every cleared pair", out.ClearSeq, p.Seq, k)
		}
	}
})

var _ = it("GROUPS-EXT-006", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, false)
	framework.Verifyf(gmsgSet(ctx, id, seq, 1, gmsgItems("k1", "v1")), framework.FailWith(23002), "a group message sent without SupportMessageExtension")
	x, out := gmsgGet(ctx, id, seq, 0)
	if x.OK() {
		framework.Variant("group_get_key_values answers OK")
		if len(out.ExtensionList) > 0 {
			framework.Failf("group_get_key_values returned %d pairs for a message that takes no extensions; want none", len(out.ExtensionList))
		}
		return
	}
	framework.Verifyf(x, framework.FailWith(groups.GmsgExtUnsupportedGetCodes...), "group_get_key_values on a message without extensions")
	framework.Variant("group_get_key_values refuses with %d", x.Envelope.ErrorCode)
})

var _ = it("GROUPS-EXT-007", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	never := seq + 100
	framework.Verifyf(gmsgSet(ctx, id, never, 1, gmsgItems("k1", "v1")), framework.FailWith(23004), "group_set_key_values with a MsgSeq that names no message")
	x, _ := gmsgGet(ctx, id, never, 0)
	framework.Verifyf(x, framework.FailWith(23004), "group_get_key_values with a MsgSeq that names no message")
})

var _ = it("GROUPS-EXT-008", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	framework.Verifyf(gmsgSet(ctx, id, seq, 1, gmsgMany("over", groups.GmsgMaxExtPerSet+1)), framework.FailWith(10004), "21 pairs in one call")
	all, _ := gmsgAll(ctx, id, seq, "after the refused call of 21 pairs")
	gmsgExpectPairs(all, map[string]string{}, "the call of 21 pairs was refused")
	gmsgExpectSet(gmsgSet(ctx, id, seq, 1, gmsgMany("max", groups.GmsgMaxExtPerSet)), "20 pairs in one call, the documented maximum")
	all, _ = gmsgAll(ctx, id, seq, "after the call of 20 pairs")
	if len(all) != groups.GmsgMaxExtPerSet {
		framework.Failf("group_get_key_values returned %d pairs after a call of 20; want 20", len(all))
	}
})

var _ = it("GROUPS-EXT-009", func(ctx ginkgo.SpecContext) {
	id, seq := gmsgExtMessage(ctx, true)
	longKey, key := strings.Repeat("k", groups.GmsgMaxExtKeyBytes+1), strings.Repeat("k", groups.GmsgMaxExtKeyBytes)
	longValue, value := strings.Repeat("v", groups.GmsgMaxExtValueBytes+1), strings.Repeat("v", groups.GmsgMaxExtValueBytes)
	gmsgExpectRefused(gmsgSet(ctx, id, seq, 1, gmsgItems(longKey, "v")), "a Key of 101 bytes")
	gmsgExpectRefused(gmsgSet(ctx, id, seq, 1, gmsgItems("k", longValue)), "a Value of 1,001 bytes")
	all, _ := gmsgAll(ctx, id, seq, "after the refused pairs")
	gmsgExpectPairs(all, map[string]string{}, "a Key over 100 bytes and a Value over 1,000 bytes are refused, not stored nor shortened")
	gmsgExpectSet(gmsgSet(ctx, id, seq, 1, gmsgItems(key, "v", "k", value)), "a Key of exactly 100 bytes and a Value of exactly 1,000 bytes")
	all, _ = gmsgAll(ctx, id, seq, "after the pairs at the limits")
	gmsgExpectPairs(all, map[string]string{key: "v", "k": value}, "a Key of 100 bytes and a Value of 1,000 bytes are stored as sent")
})

// --- callbacks ---

// gmsgHookInt is a callback's integer field as a headline shows it: the
// number, "none" when it is absent, or "that is not an integer".
func gmsgHookInt(c framework.Callback, field string) string {
	if n, ok := c.Int(field); ok {
		return strconv.FormatInt(n, 10)
	}
	if _, ok := c.Fields[field]; !ok {
		return "none"
	}
	return "that is not an integer"
}

var _ = hookIt("GROUPS-MSGHOOK-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	must(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 3600}, nil, "mute the member")
	text := unique("chatconform muted")
	random := rand.Uint32()
	x := do(ctx, groups.Send, map[string]any{"GroupId": id, "From_Account": ids[1], "Random": random, "MsgBody": textBody(text)})
	framework.Verifyf(x, framework.FailWith(groups.GmsgMutedCode), "send_group_msg from a muted member")
	c := env.Receiver.AwaitOnce(ctx, groups.GmsgHookException, groups.Send, framework.CallbackOf(groups.GmsgHookException, "GroupId", id))
	expectField(c, "From_Account", ids[1])
	if got := bodyText(c); got != text {
		framework.Failf("%s carried a MsgBody with text %q; want the refused message's text %q", c.Command, got, text)
	}
	if got, ok := c.Int("Random"); !ok || got != int64(random) {
		framework.Failf("%s carried Random %s; want %d, the refused message's", c.Command, gmsgHookInt(c, "Random"), random)
	}
	if got, ok := c.Int("ErrorCode"); !ok || got != groups.GmsgMutedCode {
		framework.Failf("%s carried ErrorCode %s; want %d, why the message was refused", c.Command, gmsgHookInt(c, "ErrorCode"), groups.GmsgMutedCode)
	}
})

var _ = hookIt("GROUPS-MSGHOOK-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 3)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	m := receiptMsg(ctx, id, ids[0])
	ctl := emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
	framework.Require(ctl.ReadGroupMsg(ctx, id, ids[1], uint32(m.MsgSeq)), "a member's client reads the message")
	c := env.Receiver.AwaitOnce(ctx, groups.GmsgHookReadReceipt, "the member's read", framework.CallbackOf(groups.GmsgHookReadReceipt, "GroupId", id))
	var list []struct {
		MsgSeq             int64
		ReadNum, UnreadNum int
		ReadReceiptMembers []struct{ Member_Account string }
	}
	if err := json.Unmarshal(c.Fields["GroupMsgReceiptList"], &list); err != nil || len(list) == 0 {
		framework.Failf("%s carried no list of receipt items in GroupMsgReceiptList; want an item for MsgSeq %d", c.Command, m.MsgSeq)
	}
	for _, it := range list {
		if it.MsgSeq != m.MsgSeq {
			continue
		}
		var readers []string
		for _, r := range it.ReadReceiptMembers {
			readers = append(readers, r.Member_Account)
		}
		if it.ReadNum != 1 || it.UnreadNum != 1 || !sameSet(readers, ids[1:2]) {
			framework.Failf("%s carried ReadNum %d, UnreadNum %d and ReadReceiptMembers %s for MsgSeq %d; want 1, 1 and the reader %s", c.Command, it.ReadNum, it.UnreadNum, names(readers), m.MsgSeq, ids[1])
		}
		return
	}
	seqs := make([]string, len(list))
	for i, it := range list {
		seqs[i] = strconv.FormatInt(it.MsgSeq, 10)
	}
	framework.Failf("%s carried GroupMsgReceiptList items for MsgSeq %s only; want one for MsgSeq %d, the message read", c.Command, strings.Join(seqs, ", "), m.MsgSeq)
})
