package groups_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

func textBody(text string) []map[string]any {
	return []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": text}}}
}

// sendText sends text to the group from from (the App admin when empty)
// with the extra fields given, and returns the exchange.
func sendText(ctx ginkgo.SpecContext, id, from, text string, extra map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "Random": rand.Uint32(), "MsgBody": textBody(text)}
	if from != "" {
		body["From_Account"] = from
	}
	for k, v := range extra {
		body[k] = v
	}
	return do(ctx, groups.Send, body)
}

type sentMsg struct {
	MsgSeq  int64
	MsgTime int64
	random  uint32
}

// post sends text as a precondition and returns its MsgSeq.
func post(ctx ginkgo.SpecContext, id, from, text string) sentMsg {
	ginkgo.GinkgoHelper()
	random := rand.Uint32()
	body := map[string]any{"GroupId": id, "Random": random, "MsgBody": textBody(text)}
	if from != "" {
		body["From_Account"] = from
	}
	var out sentMsg
	must(ctx, groups.Send, body, &out, "send a group message")
	out.random = random
	return out
}

// histMsg is one message as group_msg_get_simple lists it.
type histMsg struct {
	From_Account string
	IsPlaceMsg   int
	MsgRandom    int64
	MsgSeq       int64
	MsgTimeStamp int64
	MsgBody      []struct {
		MsgType    string
		MsgContent struct{ Text string }
	}
}

func (m histMsg) text() string {
	var parts []string
	for _, e := range m.MsgBody {
		parts = append(parts, e.MsgContent.Text)
	}
	return strings.Join(parts, " ")
}

// history returns one page of group_msg_get_simple with the fields given,
// accepting either documented name of the list.
func history(ctx ginkgo.SpecContext, id string, fields map[string]any) []histMsg {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "ReqMsgNumber": groups.MaxHistoryPage}
	for k, v := range fields {
		body[k] = v
	}
	var out struct {
		RspMsgList []histMsg
		MsgList    []histMsg
	}
	must(ctx, groups.History, body, &out, "read the group history with group_msg_get_simple")
	if out.RspMsgList == nil {
		return out.MsgList
	}
	return out.RspMsgList
}

func seqsOf(list []histMsg) string {
	if len(list) == 0 {
		return "none"
	}
	s := make([]string, len(list))
	for i, m := range list {
		s[i] = fmt.Sprint(m.MsgSeq)
	}
	return strings.Join(s, ", ")
}

func bySeq(list []histMsg, seq int64) (histMsg, bool) {
	for _, m := range list {
		if m.MsgSeq == seq {
			return m, true
		}
	}
	return histMsg{}, false
}

func hasText(list []histMsg, text string) bool {
	for _, m := range list {
		if m.text() == text {
			return true
		}
	}
	return false
}

// unique is prefix with a random suffix; under 30 bytes for prefixes of up
// to 20, so it also serves as a group Name.
func unique(prefix string) string { return fmt.Sprintf("%s %08x", prefix, rand.Uint32()) }

var _ = it("GROUPS-MSG-001", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	var seqs []int64
	for i := 0; i < 5; i++ {
		x := sendText(ctx, id, owner, fmt.Sprintf("chatconform %d", i), nil)
		framework.Verify(x, framework.BeOK())
		var out sentMsg
		x.Decode(&out)
		if i > 0 && out.MsgSeq <= seqs[i-1] {
			framework.Failf("send_group_msg answered MsgSeq %d after %d in the same group; want a greater MsgSeq for each new message", out.MsgSeq, seqs[i-1])
		}
		seqs = append(seqs, out.MsgSeq)
	}
	if g := found(ctx, id, "the group"); g.NextMsgSeq <= seqs[4] {
		framework.Failf("get_group_info reported NextMsgSeq %d after the last message took MsgSeq %d; want a greater one", g.NextMsgSeq, seqs[4])
	}
	list := history(ctx, id, nil)
	for i, seq := range seqs {
		if m, ok := bySeq(list, seq); !ok || m.text() != fmt.Sprintf("chatconform %d", i) {
			framework.Failf("group_msg_get_simple listed MsgSeqs %s; want message %d under MsgSeq %d", seqsOf(list), i, seq)
		}
	}
})

var _ = it("GROUPS-MSG-002", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	a := newGroup(ctx, "Public", owner)
	b := newGroup(ctx, "Public", owner)
	first := post(ctx, a, owner, "chatconform a1")
	post(ctx, b, owner, "chatconform b1")
	x := sendText(ctx, a, owner, "chatconform a2", nil)
	framework.Verify(x, framework.BeOK())
	var second sentMsg
	x.Decode(&second)
	if second.MsgSeq != first.MsgSeq+1 {
		framework.Failf("send_group_msg answered MsgSeq %d for the group's second message after %d (a message to another group came between); want %d", second.MsgSeq, first.MsgSeq, first.MsgSeq+1)
	}
})

var _ = it("GROUPS-MSG-003", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	sent := map[int64]sentMsg{}
	var newest int64
	for i := 0; i < 5; i++ {
		m := post(ctx, id, owner, fmt.Sprintf("chatconform page %d", i))
		sent[m.MsgSeq] = m
		newest = max(newest, m.MsgSeq)
	}
	var all []histMsg
	body := map[string]any{"ReqMsgNumber": 2}
	for page := 0; page < 5; page++ {
		list := history(ctx, id, body)
		if len(list) > 2 {
			framework.Failf("group_msg_get_simple with ReqMsgNumber 2 answered %d messages (MsgSeq %s); want at most 2", len(list), seqsOf(list))
		}
		if page == 0 && (len(list) == 0 || list[0].MsgSeq != newest && list[len(list)-1].MsgSeq != newest) {
			framework.Failf("group_msg_get_simple without ReqMsgSeq answered MsgSeq %s; want the newest, %d, among them", seqsOf(list), newest)
		}
		if len(list) == 0 {
			break
		}
		smallest := list[0].MsgSeq
		for _, m := range list {
			if top, ok := body["ReqMsgSeq"].(int64); ok && m.MsgSeq > top {
				framework.Failf("group_msg_get_simple with ReqMsgSeq %d answered MsgSeq %d; want none above ReqMsgSeq", top, m.MsgSeq)
			}
			smallest = min(smallest, m.MsgSeq)
		}
		all = append(all, list...)
		if smallest <= 1 {
			break
		}
		body = map[string]any{"ReqMsgNumber": 2, "ReqMsgSeq": smallest - 1}
	}
	seen := map[int64]int{}
	for _, m := range all {
		seen[m.MsgSeq]++
		if s, ok := sent[m.MsgSeq]; ok {
			if m.MsgRandom != int64(s.random) {
				framework.Failf("group_msg_get_simple gave MsgSeq %d MsgRandom %d; want %d, the Random it was sent with", m.MsgSeq, m.MsgRandom, s.random)
			}
		}
	}
	for seq := range sent {
		if seen[seq] != 1 {
			framework.Failf("pages of group_msg_get_simple listed MsgSeqs %s; want each of the five messages exactly once (MsgSeq %d seen %d times)", seqsOf(all), seq, seen[seq])
		}
	}
})

var _ = it("GROUPS-MSG-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	byMember := post(ctx, id, ids[1], "chatconform from member")
	byAdmin := post(ctx, id, "", "chatconform from admin")
	list := history(ctx, id, nil)
	if m, ok := bySeq(list, byMember.MsgSeq); !ok || m.From_Account != ids[1] {
		framework.Failf("group_msg_get_simple gave the message sent with From_Account %s the sender %q (listed: %t); want %s", ids[1], m.From_Account, ok, ids[1])
	}
	admin := env.Target.Admin
	if m, ok := bySeq(list, byAdmin.MsgSeq); !ok || m.From_Account != admin {
		framework.Failf("group_msg_get_simple gave the message sent without From_Account the sender %q (listed: %t); want the App admin %s", m.From_Account, ok, admin)
	}
})

var _ = it("GROUPS-MSG-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	must(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 3600}, nil, "mute the member")
	text := unique("chatconform muted")
	framework.Verifyf(sendText(ctx, id, ids[1], text, nil), framework.FailWith(10017), "send_group_msg from a muted member")
	if hasText(history(ctx, id, nil), text) {
		framework.Failf("group_msg_get_simple listed the muted member's refused message; want it not stored")
	}
	must(ctx, groups.Forbid, map[string]any{"GroupId": id, "Members_Account": []string{ids[1]}, "MuteTime": 0}, nil, "unmute the member")
	framework.Verifyf(sendText(ctx, id, ids[1], text, nil), framework.BeOK(), "send_group_msg after the member was unmuted")
})

var _ = it("GROUPS-MSG-006", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	must(ctx, groups.ModifyInfo, map[string]any{"GroupId": id, "MuteAllMember": "On"}, nil, "mute every member")
	framework.Verifyf(sendText(ctx, id, ids[1], "chatconform plain", nil), framework.FailWith(10017), "send_group_msg from a plain member with MuteAllMember On")
	framework.Verifyf(sendText(ctx, id, ids[0], "chatconform owner", nil), framework.BeOK(), "send_group_msg from the owner with MuteAllMember On")
})

var _ = it("GROUPS-MSG-007", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	keep := post(ctx, id, owner, "chatconform keep")
	text := unique("chatconform recall")
	gone := post(ctx, id, owner, text)
	x := do(ctx, groups.Recall, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": gone.MsgSeq}}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		RecallRetList []struct{ MsgSeq, RetCode int64 }
	}
	x.Decode(&out)
	if len(out.RecallRetList) != 1 || out.RecallRetList[0].RetCode != 0 || out.RecallRetList[0].MsgSeq != gone.MsgSeq {
		framework.Failf("%s without RetCode 0 for MsgSeq %d; want the message recalled", framework.Answered(x), gone.MsgSeq)
	}
	list := history(ctx, id, nil)
	if _, ok := bySeq(list, gone.MsgSeq); ok || hasText(list, text) {
		framework.Failf("group_msg_get_simple still listed the recalled MsgSeq %d; want it left out by default", gone.MsgSeq)
	}
	if m, ok := bySeq(list, keep.MsgSeq); !ok || m.text() != "chatconform keep" {
		framework.Failf("group_msg_get_simple listed MsgSeqs %s after the recall; want the other message %d unchanged", seqsOf(list), keep.MsgSeq)
	}
	with := history(ctx, id, map[string]any{"WithRecalledMsg": 1})
	m, ok := bySeq(with, gone.MsgSeq)
	if !ok || m.IsPlaceMsg != groups.PlaceRecalled || m.text() == text {
		framework.Failf("group_msg_get_simple with WithRecalledMsg 1 gave the recalled MsgSeq %d IsPlaceMsg %d (listed: %t, text kept: %t); want it listed with IsPlaceMsg 2 and without its text", gone.MsgSeq, m.IsPlaceMsg, ok, m.text() == text)
	}
})

var _ = it("GROUPS-MSG-008", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	m := post(ctx, id, owner, "chatconform recall twice")
	must(ctx, groups.Recall, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": m.MsgSeq}}}, nil, "recall the message")
	missing := m.MsgSeq + 1000
	x := do(ctx, groups.Recall, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": missing}, {"MsgSeq": m.MsgSeq}}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		RecallRetList []struct{ MsgSeq, RetCode int64 }
	}
	x.Decode(&out)
	got := map[int64]int64{}
	for _, r := range out.RecallRetList {
		got[r.MsgSeq] = r.RetCode
	}
	if code, ok := got[missing]; !ok || code != 10030 {
		framework.Failf("group_msg_recall gave the MsgSeq %d that no message has RetCode %d (listed: %t); want 10030", missing, code, ok)
	}
	code, ok := got[m.MsgSeq]
	if !ok || !inCodes(int(code), groups.RecallAgainCodes) {
		framework.Failf("group_msg_recall gave the recalled MsgSeq %d RetCode %d (listed: %t) on a second recall; want 10030, 10031 or 10032", m.MsgSeq, code, ok)
	}
	framework.Variant("a second recall gets RetCode %d", code)
})

// readSeq is acc's MsgSeq (its last read message) by get_group_member_info.
func readSeq(ctx ginkgo.SpecContext, id, acc string) int64 {
	ginkgo.GinkgoHelper()
	list, _ := memberList(ctx, id, nil)
	m, ok := find(list, acc)
	if !ok {
		framework.Failf("get_group_member_info did not list the member %s; want it listed", acc)
	}
	return m.MsgSeq
}

var _ = it("GROUPS-MSG-009", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	var last sentMsg
	for i := 0; i < 3; i++ {
		last = post(ctx, id, ids[0], fmt.Sprintf("chatconform unread %d", i))
	}
	framework.Verify(do(ctx, groups.SetUnread, map[string]any{"GroupId": id, "Member_Account": ids[1], "UnreadMsgNum": 2}), framework.BeOK())
	if got := readSeq(ctx, id, ids[1]); got != last.MsgSeq-2 {
		framework.Failf("get_group_member_info gave %s MsgSeq %d after set_unread_msg_num 2 with the newest message at %d; want %d", ids[1], got, last.MsgSeq, last.MsgSeq-2)
	}
	framework.Verify(do(ctx, groups.SetUnread, map[string]any{"GroupId": id, "Member_Account": ids[1], "UnreadMsgNum": 100}), framework.BeOK())
	if got := readSeq(ctx, id, ids[1]); got != last.MsgSeq-3 {
		framework.Failf("get_group_member_info gave %s MsgSeq %d after set_unread_msg_num 100 with three messages up to %d; want %d, the count lowered to three", ids[1], got, last.MsgSeq, last.MsgSeq-3)
	}
})

var _ = it("GROUPS-MSG-010", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "ChatRoom", ids[0], ids[1])
	post(ctx, id, ids[0], "chatconform meeting")
	framework.Verify(do(ctx, groups.SetUnread, map[string]any{"GroupId": id, "Member_Account": ids[1], "UnreadMsgNum": 1}), framework.BeOK())
})

// importedGroup imports a group created created, with member m, and
// destroys it when the check ends.
func importedGroup(ctx ginkgo.SpecContext, owner, m string, created int64) string {
	ginkgo.GinkgoHelper()
	var out struct{ GroupId string }
	must(ctx, groups.ImportGroup, map[string]any{"Owner_Account": owner, "Type": "Public", "Name": "chatconform imported", "CreateTime": created}, &out, "import a group")
	disband(out.GroupId)
	must(ctx, groups.ImportMembers, map[string]any{"GroupId": out.GroupId, "MemberList": []map[string]any{{"Member_Account": m, "JoinTime": created + 1}}}, nil, "import a member")
	return out.GroupId
}

type importAnswer struct {
	ImportMsgResult []struct {
		MsgSeq  int64
		MsgTime int64
		Result  int
	}
}

func importItem(from string, at int64, text string) map[string]any {
	return map[string]any{"From_Account": from, "SendTime": at, "Random": rand.Uint32(), "MsgBody": textBody(text)}
}

var _ = it("GROUPS-MSG-011", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	created := time.Now().Add(-24 * time.Hour).Unix()
	id := importedGroup(ctx, ids[0], ids[1], created)
	times := []int64{created + 600, created + 1200}
	texts := []string{"chatconform imported 1", "chatconform imported 2"}
	froms := []string{ids[0], ids[1]}
	x := do(ctx, groups.ImportMsgs, map[string]any{"GroupId": id, "MsgList": []map[string]any{
		importItem(froms[0], times[0], texts[0]), importItem(froms[1], times[1], texts[1]),
	}})
	framework.Verify(x, framework.BeOK())
	var out importAnswer
	x.Decode(&out)
	if len(out.ImportMsgResult) != 2 {
		framework.Failf("%s with %d ImportMsgResult items for two messages; want two", framework.Answered(x), len(out.ImportMsgResult))
	}
	list := history(ctx, id, nil)
	for i, r := range out.ImportMsgResult {
		if r.Result != 0 {
			framework.Failf("import_group_msg gave message %d Result %d; want 0", i+1, r.Result)
		}
		m, ok := bySeq(list, r.MsgSeq)
		if !ok || m.text() != texts[i] || m.From_Account != froms[i] || m.MsgTimeStamp != times[i] {
			framework.Failf("group_msg_get_simple gave the imported MsgSeq %d text %q, From_Account %q, MsgTimeStamp %d (listed: %t); want %q, %s, %d", r.MsgSeq, m.text(), m.From_Account, m.MsgTimeStamp, ok, texts[i], froms[i], times[i])
		}
	}
	newest := out.ImportMsgResult[1].MsgSeq
	if got := readSeq(ctx, id, ids[1]); got != newest {
		framework.Failf("get_group_member_info gave %s MsgSeq %d after the import; want %d, the newest message (no unread)", ids[1], got, newest)
	}
})

var _ = it("GROUPS-MSG-012", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	created := time.Now().Add(-24 * time.Hour).Unix()
	id := importedGroup(ctx, ids[0], ids[1], created)
	must(ctx, groups.ImportMsgs, map[string]any{"GroupId": id, "MsgList": []map[string]any{importItem(ids[0], created+1200, "chatconform newest")}}, nil, "import a message")
	late := unique("chatconform too old")
	x := do(ctx, groups.ImportMsgs, map[string]any{"GroupId": id, "MsgList": []map[string]any{importItem(ids[1], created+600, late)}})
	framework.Verify(x, framework.BeOK())
	var out importAnswer
	x.Decode(&out)
	if len(out.ImportMsgResult) != 1 || out.ImportMsgResult[0].Result != 10004 {
		framework.Failf("%s; want ImportMsgResult with Result 10004 for a message older than the group's newest", framework.Answered(x))
	}
	if hasText(history(ctx, id, nil), late) {
		framework.Failf("group_msg_get_simple listed the message import_group_msg refused; want it not imported")
	}
})

var _ = it("GROUPS-MSG-013", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	id := newGroup(ctx, "Public", owner)
	online := unique("chatconform online only")
	framework.Verify(sendText(ctx, id, owner, online, map[string]any{"OnlineOnlyFlag": 1}), framework.BeOK())
	kept := unique("chatconform kept")
	post(ctx, id, owner, kept)
	list := history(ctx, id, nil)
	if hasText(list, online) || !hasText(list, kept) {
		framework.Failf("group_msg_get_simple listed the online-only message: %t, the ordinary one: %t; want only the ordinary one", hasText(list, online), hasText(list, kept))
	}
})

var _ = it("GROUPS-TYPE-009", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 1)
	av := newGroup(ctx, "AVChatRoom", ids[0])
	framework.Verifyf(sendText(ctx, av, "", "chatconform live", nil), framework.BeOK(), "send_group_msg on an AVChatRoom")
	now := time.Now().Unix()
	framework.Verifyf(do(ctx, groups.ImportMsgs, map[string]any{"GroupId": av, "MsgList": []map[string]any{importItem(ids[0], now-60, "chatconform")}}), framework.FailWith(10007), "import_group_msg on an AVChatRoom")
	x := do(ctx, groups.History, map[string]any{"GroupId": av, "ReqMsgNumber": 5})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "group_msg_get_simple on an AVChatRoom")
	framework.Variant("history refused with %d", x.Envelope.ErrorCode)
})

var _ = it("GROUPS-TYPE-010", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	pub := newGroup(ctx, "Public", ids[0], ids[1])
	framework.Verifyf(do(ctx, groups.Notify, map[string]any{"GroupId": pub, "Content": "chatconform", "ToMembers_Account": []string{ids[1]}}), framework.BeOK(), "a notification to listed members of a Public group")
	av := newGroup(ctx, "AVChatRoom", ids[0])
	x := do(ctx, groups.Notify, map[string]any{"GroupId": av, "Content": "chatconform", "ToMembers_Account": []string{ids[1]}})
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "a notification to listed members of an AVChatRoom")
	framework.Variant("refused with %d", x.Envelope.ErrorCode)
	framework.Verifyf(do(ctx, groups.Notify, map[string]any{"GroupId": av, "Content": "chatconform"}), framework.BeOK(), "a notification to every member of an AVChatRoom")
})
