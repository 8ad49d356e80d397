package emulator

import (
	"strings"
	"testing"
)

func (hs *harness) check(id string) string {
	hs.t.Helper()
	r := hs.ok("im_open_login_svc/account_check", `{"CheckItem":[{"UserID":"`+id+`"}]}`)
	return r.Body["ResultItem"].([]any)[0].(map[string]any)["AccountStatus"].(string)
}

func TestAccounts(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.ok("im_open_login_svc/account_import", `{"UserID":"new1","Nick":"n","FaceUrl":"http://x"}`)
	hs.ok("im_open_login_svc/account_import", `{"Identifier":"old1"}`)
	hs.ok("im_open_login_svc/account_import", `{"UserID":"new1"}`) // idempotent
	r := hs.ok("im_open_login_svc/multiaccount_import", `{"AccountList":[{"UserID":"m1","Nick":"x"},{"UserID":"bad id"}]}`)
	if got := r.Body["FailAccounts"].([]any); len(got) != 1 || got[0] != "bad id" {
		t.Errorf("FailAccounts = %v, want [bad id]", got)
	}
	hs.ok("im_open_login_svc/multiaccount_import", `{"Accounts":["m2","m3"]}`)
	for _, id := range []string{"new1", "old1", "m1", "m2", "m3", TestAdmin} {
		if got := hs.check(id); got != "Imported" {
			t.Errorf("%s: %s, want Imported", id, got)
		}
	}
	if got := hs.check("ghost"); got != "NotImported" {
		t.Errorf("ghost: %s, want NotImported", got)
	}
	hs.send("m1", "m2", "hi")
	r = hs.ok("im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"m1"},{"UserID":"ghost"}]}`)
	want := `"ResultItem":[{"ResultCode":0,"ResultInfo":"","UserID":"m1"},{"ResultCode":70107,"ResultInfo":"Err_TLS_PT_Open_Login_Account_Not_Exist","UserID":"ghost"}]`
	if !strings.Contains(r.Raw, want) {
		t.Errorf("delete answer %s, want it to contain %s", r.Raw, want)
	}
	if got := hs.check("m1"); got != "NotImported" {
		t.Errorf("deleted account: %s", got)
	}
	// Re-imported, the account starts without its old conversations.
	hs.importAccounts("m1")
	if got := hs.unread("m2", "m1"); got != 0 {
		t.Errorf("conversation survived deletion: unread %d", got)
	}

	hundred := `"` + strings.Repeat(`x","`, 100) + `x"`
	for _, tc := range []struct {
		name, path, body string
		want             int
	}{
		{"import: missing UserID", "account_import", `{"Nick":"x"}`, codeLoginParam},
		{"import: UserID of 33 bytes", "account_import", `{"UserID":"` + strings.Repeat("a", 33) + `"}`, codeLoginParam},
		{"import: UserID a number", "account_import", `{"UserID":5}`, codeLoginParam},
		{"import: Nick over 500 bytes", "account_import", `{"UserID":"a","Nick":"` + strings.Repeat("n", 501) + `"}`, codeProfileTooLong},
		{"import: malformed JSON", "account_import", `{"UserID"`, codeLoginParam},
		{"multi: neither form", "multiaccount_import", `{}`, codeLoginParam},
		{"multi: 101 accounts", "multiaccount_import", `{"Accounts":[` + hundred + `]}`, codeLoginParam},
		{"multi: Accounts of numbers", "multiaccount_import", `{"Accounts":[1]}`, codeLoginParam},
		{"delete: missing DeleteItem", "account_delete", `{}`, codeLoginParam},
		{"delete: empty DeleteItem", "account_delete", `{"DeleteItem":[]}`, codeLoginParam},
		{"check: item without UserID", "account_check", `{"CheckItem":[{}]}`, codeLoginParam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := hs.call("im_open_login_svc/"+tc.path, tc.body).Code; got != tc.want {
				t.Errorf("ErrorCode = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestMaxAccounts(t *testing.T) {
	hs := newHarness(t, Options{MaxAccounts: 2})
	hs.importAccounts("a", "b")
	if got := hs.call("im_open_login_svc/account_import", `{"UserID":"c"}`).Code; got != codeAccountLimit {
		t.Errorf("third account: ErrorCode %d, want %d", got, codeAccountLimit)
	}
	hs.importAccounts("a") // re-import is not a new account
	r := hs.ok("im_open_login_svc/multiaccount_import", `{"Accounts":["c"]}`)
	if got := r.Body["FailAccounts"].([]any); len(got) != 1 {
		t.Errorf("multi over the cap: FailAccounts %v", got)
	}
}
