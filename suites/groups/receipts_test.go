package groups_test

import (
	"fmt"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

type receiptItem struct {
	Code      int
	MsgSeq    int64
	ReadNum   int
	UnreadNum int
}

// receiptOf returns get_group_msg_receipt's item for seq.
func receiptOf(ctx ginkgo.SpecContext, id string, seq int64) receiptItem {
	ginkgo.GinkgoHelper()
	var out struct{ GroupMsgReceiptList []receiptItem }
	must(ctx, groups.Receipt, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": seq}}}, &out, "read the receipt counts with get_group_msg_receipt")
	for _, it := range out.GroupMsgReceiptList {
		if it.MsgSeq == seq {
			return it
		}
	}
	framework.Failf("get_group_msg_receipt answered %d items without one for MsgSeq %d; want one per requested message", len(out.GroupMsgReceiptList), seq)
	return receiptItem{}
}

// receiptList pages get_group_msg_receipt_detail with count and returns
// the accounts it listed and the pages' sizes.
func receiptList(ctx ginkgo.SpecContext, id string, seq int64, filter, count int) []string {
	ginkgo.GinkgoHelper()
	var all []string
	cursor := ""
	for page := 0; page < 50; page++ {
		var out struct {
			IsFinish   *int
			IsFinished *int
			Cursor     string
			ReadList   []struct{ Read_Account string }
			UnreadList []struct{ Unread_Account string }
		}
		must(ctx, groups.ReceiptDetail, map[string]any{"GroupId": id, "MsgSeq": seq, "Filter": filter, "Cursor": cursor, "Count": count}, &out, "read the receipt lists with get_group_msg_receipt_detail")
		n := 0
		for _, r := range out.ReadList {
			all = append(all, r.Read_Account)
			n++
		}
		for _, r := range out.UnreadList {
			all = append(all, r.Unread_Account)
			n++
		}
		if n > count {
			framework.Failf("get_group_msg_receipt_detail listed %d members for Count %d; want at most %d", n, count, count)
		}
		done := out.IsFinish != nil && *out.IsFinish == 1 || out.IsFinished != nil && *out.IsFinished == 1
		if done {
			if out.IsFinish != nil {
				framework.Variant("end flag spelled IsFinish")
			} else {
				framework.Variant("end flag spelled IsFinished")
			}
			return all
		}
		if out.Cursor == cursor {
			framework.Failf("get_group_msg_receipt_detail answered the Cursor %q it was sent without IsFinish 1; want a cursor that moves on", cursor)
		}
		cursor = out.Cursor
	}
	framework.Failf("get_group_msg_receipt_detail gave no last page (IsFinish 1) within 50 pages")
	return nil
}

// receiptMsg sends a message with NeedReadReceipt 1 from from.
func receiptMsg(ctx ginkgo.SpecContext, id, from string) sentMsg {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id, "Random": 1, "NeedReadReceipt": 1, "MsgBody": textBody("chatconform receipt")}
	if from != "" {
		body["From_Account"] = from
	}
	var out sentMsg
	must(ctx, groups.Send, body, &out, "send a message with NeedReadReceipt 1")
	return out
}

var _ = it("GROUPS-RECEIPT-001", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 4)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	m := receiptMsg(ctx, id, ids[0])
	if r := receiptOf(ctx, id, m.MsgSeq); r.Code != 0 || r.ReadNum != 0 || r.UnreadNum != 3 {
		framework.Failf("get_group_msg_receipt gave the new receipt message Code %d, ReadNum %d, UnreadNum %d; want 0, 0 and 3 (the members but the sender)", r.Code, r.ReadNum, r.UnreadNum)
	}
})

var _ = it("GROUPS-RECEIPT-002", func(ctx ginkgo.SpecContext) {
	env.NeedSessions()
	ids := accounts(ctx, 4)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	m := receiptMsg(ctx, id, ids[0])
	ctl := emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
	for _, u := range ids[1:3] {
		framework.Require(ctl.ReadGroupMsg(ctx, id, u, uint32(m.MsgSeq)), "a member's client reads the message")
	}
	if r := receiptOf(ctx, id, m.MsgSeq); r.ReadNum != 2 || r.UnreadNum != 1 {
		framework.Failf("get_group_msg_receipt gave ReadNum %d and UnreadNum %d after two of three recipients read the message; want 2 and 1", r.ReadNum, r.UnreadNum)
	}
	if got := receiptList(ctx, id, m.MsgSeq, 0, 10); !sameSet(got, ids[1:3]) {
		framework.Failf("get_group_msg_receipt_detail with Filter 0 listed %s; want the readers %s", names(got), names(ids[1:3]))
	}
	if got := receiptList(ctx, id, m.MsgSeq, 1, 10); !sameSet(got, ids[3:]) {
		framework.Failf("get_group_msg_receipt_detail with Filter 1 listed %s; want the one who did not read, %s", names(got), names(ids[3:]))
	}
})

var _ = it("GROUPS-RECEIPT-003", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 2)
	id := newGroup(ctx, "Public", ids[0], ids[1])
	m := post(ctx, id, ids[0], "chatconform no receipt")
	if r := receiptOf(ctx, id, m.MsgSeq); r.Code != groups.NoReceiptCode {
		framework.Failf("get_group_msg_receipt gave a message sent without NeedReadReceipt Code %d; want 10062", r.Code)
	}
	framework.Verifyf(do(ctx, groups.ReceiptDetail, map[string]any{"GroupId": id, "MsgSeq": m.MsgSeq, "Filter": 1, "Cursor": "", "Count": 10}),
		framework.FailWith(groups.NoReceiptCode), "get_group_msg_receipt_detail of a message sent without NeedReadReceipt")
})

var _ = it("GROUPS-RECEIPT-004", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, 6)
	id := newGroup(ctx, "Public", ids[0], ids[1:]...)
	m := receiptMsg(ctx, id, ids[0])
	got := receiptList(ctx, id, m.MsgSeq, 1, 2)
	if !sameSet(got, ids[1:]) {
		framework.Failf("pages of get_group_msg_receipt_detail with Count 2 listed %s; want each of the five recipients %s exactly once", names(got), names(ids[1:]))
	}
})

var _ = it("GROUPS-RECEIPT-005", func(ctx ginkgo.SpecContext) {
	ids := accounts(ctx, groups.MaxReceiptMembers+1)
	id := createWith(ctx, map[string]any{"Owner_Account": ids[0], "Type": "Public", "Name": "chatconform big", "MaxMemberCount": 300, "MemberList": members(ids[1:100]...)})
	addMembers(ctx, id, ids[100:]...)
	list, num := memberList(ctx, id, map[string]any{"Limit": 1})
	if num != len(ids) || len(list) == 0 {
		framework.Require(fmt.Errorf("get_group_member_info counts %d members, not %d", num, len(ids)), "a group of 201 members")
	}
	x := sendText(ctx, id, ids[0], "chatconform big receipt", map[string]any{"NeedReadReceipt": 1})
	if !x.OK() {
		framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "send_group_msg with NeedReadReceipt in a group of 201 members")
		framework.Variant("the send was refused with %d", x.Envelope.ErrorCode)
		return
	}
	var m sentMsg
	x.Decode(&m)
	rx := do(ctx, groups.Receipt, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": m.MsgSeq}}})
	if !rx.OK() {
		framework.Verifyf(rx, framework.FailWith(groups.NoReceiptCode), "get_group_msg_receipt in a group of 201 members")
		framework.Variant("get_group_msg_receipt answered FAIL 10062")
		return
	}
	if r := receiptOf(ctx, id, m.MsgSeq); r.Code != groups.NoReceiptCode {
		framework.Failf("get_group_msg_receipt gave the receipt message of a 201-member group Code %d (ReadNum %d, UnreadNum %d); want 10062, no receipt above 200 members", r.Code, r.ReadNum, r.UnreadNum)
	}
	framework.Variant("the item has Code 10062")
})

var _ = it("GROUPS-RECEIPT-006", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	for _, typ := range []string{"AVChatRoom", "Community"} {
		id := newGroup(ctx, typ, owner)
		m := receiptMsg(ctx, id, "")
		for _, call := range []struct {
			path string
			body map[string]any
		}{
			{groups.Receipt, map[string]any{"GroupId": id, "MsgSeqList": []map[string]any{{"MsgSeq": m.MsgSeq}}}},
			{groups.ReceiptDetail, map[string]any{"GroupId": id, "MsgSeq": m.MsgSeq, "Filter": 1, "Cursor": "", "Count": 10}},
		} {
			x := do(ctx, call.path, call.body)
			framework.Verifyf(x, framework.FailWith(10007, 10004, groups.NoReceiptCode), "%s on a %s group", call.path, typ)
			framework.Variant("%s on %s refused with %d", call.path, typ, x.Envelope.ErrorCode)
		}
	}
})
