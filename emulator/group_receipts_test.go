package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// groupRead makes user's client read message seq through the control API
// and returns the HTTP status.
func (hs *harness) groupRead(id, user string, seq int) int {
	hs.t.Helper()
	body := jsonf(`{"GroupId":%q,"UserID":%q,"MsgSeq":%d}`, id, user, seq)
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, ControlPrefix+"groups/read", strings.NewReader(body)))
	return rec.Code
}

func (hs *harness) receiptCounts(id string, seq int) (code, read, unread int) {
	hs.t.Helper()
	r := hs.ok(gsvc+"get_group_msg_receipt", jsonf(`{"GroupId":%q,"MsgSeqList":[{"MsgSeq":%d}]}`, id, seq))
	it := r.Body["GroupMsgReceiptList"].([]any)[0].(map[string]any)
	return int(it["Code"].(float64)), int(it["ReadNum"].(float64)), int(it["UnreadNum"].(float64))
}

// receiptList pages get_group_msg_receipt_detail with count and returns
// the accounts listed.
func (hs *harness) receiptList(id string, seq, filter, count int) []string {
	hs.t.Helper()
	var out []string
	cursor := ""
	for pages := 0; pages < 20; pages++ {
		r := hs.ok(gsvc+"get_group_msg_receipt_detail", jsonf(`{"GroupId":%q,"MsgSeq":%d,"Filter":%d,"Cursor":%q,"Count":%d}`, id, seq, filter, cursor, count))
		field, key := "UnreadList", "Unread_Account"
		if filter == 0 {
			field, key = "ReadList", "Read_Account"
		}
		list := r.Body[field].([]any)
		if len(list) > count {
			hs.t.Fatalf("page of %d for Count %d", len(list), count)
		}
		for _, it := range list {
			out = append(out, it.(map[string]any)[key].(string))
		}
		if r.Body["IsFinished"] == 1.0 && r.Body["IsFinish"] == 1.0 {
			return out
		}
		cursor = r.Body["Cursor"].(string)
	}
	hs.t.Fatal("no last page")
	return nil
}

func TestGroupReceipts(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o", "a", "b", "c", "d")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g","MemberList":[{"Member_Account":"a"},{"Member_Account":"b"},{"Member_Account":"c"},{"Member_Account":"d"}]}`)
	hs.groupSend(id, "o", "plain", "")
	hs.groupSend(id, "o", "receipt", `,"NeedReadReceipt":1`)
	if code, _, _ := hs.receiptCounts(id, 1); code != codeGrpNoReceipt {
		t.Errorf("a message without NeedReadReceipt: Code %d", code)
	}
	if code, read, unread := hs.receiptCounts(id, 2); code != 0 || read != 0 || unread != 4 {
		t.Errorf("before reads: %d %d %d", code, read, unread)
	}
	for _, u := range []string{"a", "c"} {
		if st := hs.groupRead(id, u, 2); st != http.StatusOK {
			t.Fatalf("read by %s: HTTP %d", u, st)
		}
	}
	hs.groupRead(id, "a", 2) // a second read changes nothing
	if _, read, unread := hs.receiptCounts(id, 2); read != 2 || unread != 2 {
		t.Errorf("after two reads: %d read, %d unread", read, unread)
	}
	if got := hs.receiptList(id, 2, 0, 1); strings.Join(got, ",") != "a,c" {
		t.Errorf("readers %v", got)
	}
	if got := hs.receiptList(id, 2, 1, 1); strings.Join(got, ",") != "b,d" {
		t.Errorf("unread %v", got)
	}
	if r := hs.call(gsvc+"get_group_msg_receipt_detail", jsonf(`{"GroupId":%q,"MsgSeq":1,"Filter":0,"Cursor":"","Count":5}`, id)); r.Code != codeGrpNoReceipt {
		t.Errorf("detail of a message without a receipt: %d", r.Code)
	}
	for _, tc := range []struct {
		group, user string
		seq, status int
	}{
		{"nosuch", "a", 2, http.StatusNotFound},
		{id, "ghost", 2, http.StatusNotFound},
		{id, "a", 9, http.StatusNotFound},
	} {
		if st := hs.groupRead(tc.group, tc.user, tc.seq); st != tc.status {
			t.Errorf("read %v: HTTP %d, want %d", tc, st, tc.status)
		}
	}
	// Types without receipts, and the 200-member limit.
	comm := hs.newGroup(`{"Owner_Account":"o","Type":"Community","Name":"c"}`)
	if r := hs.call(gsvc+"get_group_msg_receipt", jsonf(`{"GroupId":%q,"MsgSeqList":[{"MsgSeq":1}]}`, comm)); r.Code != codeGrpNoPermission {
		t.Errorf("a Community: %d", r.Code)
	}
	big := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"big","MaxMemberCount":300}`)
	var accs []string
	for i := 0; i < 200; i++ {
		accs = append(accs, jsonf(`{"Member_Account":"m%d"}`, i))
		hs.h.store.importAccount(jsonf("m%d", i), "", "")
	}
	hs.ok(gsvc+"add_group_member", `{"GroupId":"`+big+`","MemberList":[`+strings.Join(accs, ",")+`]}`)
	hs.groupSend(big, "o", "too big", `,"NeedReadReceipt":1`)
	if code, _, _ := hs.receiptCounts(big, 1); code != codeGrpNoReceipt {
		t.Errorf("a group of 201 members: Code %d", code)
	}
}
