package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

// profileOf reads id's fields tags with portrait_get, as raw JSON values.
func (hs *harness) profileOf(id string, tags ...string) map[string]string {
	hs.t.Helper()
	tl, _ := json.Marshal(tags)
	r := hs.ok("profile/portrait_get", jsonf(`{"To_Account":[%q],"TagList":%s}`, id, tl))
	var out struct {
		UserProfileItem []struct {
			ProfileItem []struct {
				Tag   string
				Value json.RawMessage
			}
			ResultCode int
		}
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || len(out.UserProfileItem) != 1 || out.UserProfileItem[0].ResultCode != 0 {
		hs.t.Fatalf("portrait_get %s: %s", id, r.Raw)
	}
	got := map[string]string{}
	for _, it := range out.UserProfileItem[0].ProfileItem {
		got[it.Tag] = string(it.Value)
	}
	return got
}

func TestPortraitRoundTrip(t *testing.T) {
	hs := newHarness(t, Options{ProfileCustomTags: []string{"Tag_Profile_Custom_Hobby"}})
	hs.ok("im_open_login_svc/account_import", `{"UserID":"a","Nick":"imported","FaceUrl":"http://x/face.png"}`)
	if got := hs.profileOf("a", tagNick, tagImage); got[tagNick] != `"imported"` || got[tagImage] != `"http://x/face.png"` {
		t.Errorf("account_import's Nick and FaceUrl read back as %v", got)
	}
	set := map[string]string{
		tagNick:                        `"nick"`,
		"Tag_Profile_IM_Gender":        `"Gender_Type_Female"`,
		"Tag_Profile_IM_BirthDay":      `20190419`,
		"Tag_Profile_IM_Location":      `"loc"`,
		"Tag_Profile_IM_SelfSignature": `"sig"`,
		tagAllowType:                   `"AllowType_Type_DenyAny"`,
		"Tag_Profile_IM_Language":      `4294967295`,
		tagImage:                       `"http://x/new.png"`,
		"Tag_Profile_IM_MsgSettings":   `1`,
		tagAdminForbid:                 `"AdminForbid_Type_SendOut"`,
		"Tag_Profile_IM_Level":         `0`,
		"Tag_Profile_IM_Role":          `7`,
		"Tag_Profile_Custom_Hobby":     `"chess"`,
	}
	var items, tags []string
	for tag, v := range set {
		items = append(items, jsonf(`{"Tag":%q,"Value":%s}`, tag, v))
		tags = append(tags, tag)
	}
	hs.ok("profile/portrait_set", `{"From_Account":"a","ProfileItem":[`+strings.Join(items, ",")+`]}`)
	got := hs.profileOf("a", tags...)
	for tag, want := range set {
		if got[tag] != want {
			t.Errorf("%s read back as %s, want %s", tag, got[tag], want)
		}
	}
	// The account's own Nick is the profile's: a later import keeps it unless it names one.
	hs.ok("im_open_login_svc/account_import", `{"UserID":"a"}`)
	if got := hs.profileOf("a", tagNick); got[tagNick] != `"nick"` {
		t.Errorf("Nick after a re-import without Nick: %s", got[tagNick])
	}
}

func TestPortraitDefaultsAndFreshAccount(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a")
	want := map[string]string{tagNick: `""`, "Tag_Profile_IM_Gender": `"Gender_Type_Unknown"`, "Tag_Profile_IM_Level": `0`,
		tagAllowType: `"AllowType_Type_NeedConfirm"`, tagAdminForbid: `"AdminForbid_Type_None"`}
	tags := []string{}
	for tag := range want {
		tags = append(tags, tag)
	}
	check := func(when string) {
		got := hs.profileOf("a", tags...)
		for tag, w := range want {
			if got[tag] != w {
				t.Errorf("%s: %s is %s, want %s", when, tag, got[tag], w)
			}
		}
	}
	check("never set")
	hs.ok("profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":9},{"Tag":"Tag_Profile_IM_Nick","Value":"n"}]}`)
	hs.ok("im_open_login_svc/account_delete", `{"DeleteItem":[{"UserID":"a"}]}`)
	hs.importAccounts("a")
	check("after the account was deleted and imported again")
}

func TestPortraitErrors(t *testing.T) {
	long := strings.Repeat("x", 501)
	for _, c := range []struct {
		name, path, body string
		code             int
	}{
		{"set: no From_Account", "profile/portrait_set", `{"ProfileItem":[]}`, codeProfileParam},
		{"set: From_Account a number", "profile/portrait_set", `{"From_Account":1,"ProfileItem":[]}`, codeProfileParam},
		{"set: unknown account", "profile/portrait_set", `{"From_Account":"nx","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"n"}]}`, codeProfileNoAccount},
		{"set: ProfileItem an object", "profile/portrait_set", `{"From_Account":"a","ProfileItem":{}}`, codeProfileParam},
		{"set: item without Value", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick"}]}`, codeProfileParam},
		{"set: unknown standard tag", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Shoe","Value":"n"}]}`, codeProfileNoTag},
		{"set: custom tag not defined", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_Custom_Other","Value":"n"}]}`, codeProfileNoTag},
		{"set: custom keyword too long", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_Custom_Hobbyists","Value":"n"}]}`, codeProfileNoTag},
		{"set: custom value a number", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_Custom_Hobby","Value":1}]}`, codeProfileBadType},
		{"set: custom value too long", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_Custom_Hobby","Value":"` + long + `"}]}`, codeProfileTooLong},
		{"set: Nick a number", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":5}]}`, codeProfileBadType},
		{"set: Nick too long", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"` + long + `"}]}`, codeProfileTooLong},
		{"set: Location too long", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Location","Value":"` + long + `"}]}`, codeProfileTooLong},
		{"set: Gender not an enum value", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Gender","Value":"Gender_Type_Other"}]}`, codeProfileBadValue},
		{"set: AllowType not an enum value", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_AllowType","Value":"anyone"}]}`, codeProfileBadValue},
		{"set: BirthDay a string", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_BirthDay","Value":"20190419"}]}`, codeProfileBadType},
		{"set: Level a fraction", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":1.5}]}`, codeProfileBadType},
		{"set: Level over uint32", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":4294967296}]}`, codeProfileBadValue},
		{"set: Role negative", "profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Role","Value":-1}]}`, codeProfileBadValue},
		{"get: no To_Account", "profile/portrait_get", `{"TagList":["Tag_Profile_IM_Nick"]}`, codeProfileNoTo},
		{"get: empty To_Account", "profile/portrait_get", `{"To_Account":[],"TagList":["Tag_Profile_IM_Nick"]}`, codeProfileNoTo},
		{"get: To_Account a string", "profile/portrait_get", `{"To_Account":"a","TagList":["Tag_Profile_IM_Nick"]}`, codeProfileParam},
		{"get: 101 accounts", "profile/portrait_get", `{"To_Account":[` + strings.TrimSuffix(strings.Repeat(`"a",`, 101), ",") + `],"TagList":["Tag_Profile_IM_Nick"]}`, codeProfileParam},
		{"get: no TagList", "profile/portrait_get", `{"To_Account":["a"]}`, codeProfileParam},
		{"get: unknown tag", "profile/portrait_get", `{"To_Account":["a"],"TagList":["Tag_Profile_IM_Shoe"]}`, codeProfileNoTag},
		{"get: custom tag not defined", "profile/portrait_get", `{"To_Account":["a"],"TagList":["Tag_Profile_Custom_Other"]}`, codeProfileNoTag},
		{"get: body not JSON", "profile/portrait_get", `{"To_Account":`, codeProfileParam},
	} {
		t.Run(c.name, func(t *testing.T) {
			hs := newHarness(t, Options{ProfileCustomTags: []string{"Tag_Profile_Custom_Hobby", "Tag_Profile_Custom_Hobbyists"}})
			hs.importAccounts("a")
			hs.ok("profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"before"}]}`)
			r := hs.call(c.path, c.body)
			if r.Code != c.code {
				t.Errorf("%s: got %d %s, want %d", c.body, r.Code, r.Raw, c.code)
			}
			assertSchema(t, c.path, r.Raw)
			if got := hs.profileOf("a", tagNick); got[tagNick] != `"before"` {
				t.Errorf("a failed call changed Nick to %s", got[tagNick])
			}
		})
	}
}

// One bad item fails the whole call: the good items before it are not stored.
func TestPortraitSetIsAllOrNothing(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a")
	r := hs.call("profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"n"},{"Tag":"Tag_Profile_IM_Level","Value":"x"}]}`)
	if r.Code != codeProfileBadType {
		t.Fatalf("got %s", r.Raw)
	}
	if got := hs.profileOf("a", tagNick); got[tagNick] != `""` {
		t.Errorf("Nick stored by a failed call: %s", got[tagNick])
	}
}

func TestPortraitGetUnknownAccountInItem(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a")
	r := hs.ok("profile/portrait_get", `{"To_Account":["a","nx"],"TagList":["Tag_Profile_IM_Nick"]}`)
	assertSchema(t, "profile/portrait_get", r.Raw)
	var out struct {
		UserProfileItem []struct {
			To_Account  string
			ProfileItem []any
			ResultCode  int
		}
		Fail_Account []string
	}
	json.Unmarshal([]byte(r.Raw), &out)
	if len(out.UserProfileItem) != 2 || out.UserProfileItem[1].ResultCode != codeProfileNoAccount || out.UserProfileItem[1].ProfileItem != nil ||
		len(out.Fail_Account) != 1 || out.Fail_Account[0] != "nx" || out.UserProfileItem[0].ResultCode != 0 {
		t.Errorf("answer %s", r.Raw)
	}
}

func TestPortraitSetCallback(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL, ProfileCustomTags: []string{"Tag_Profile_Custom_Hobby"}})
	defer hs.h.Close()
	hs.importAccounts("a")
	hs.ok("profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick","Value":"n"},{"Tag":"Tag_Profile_IM_Level","Value":3},{"Tag":"Tag_Profile_Custom_Hobby","Value":"chess"}]}`)
	hs.call("profile/portrait_set", `{"From_Account":"a","ProfileItem":[{"Tag":"Tag_Profile_IM_Level","Value":"x"}]}`) // fails: no callback
	g := rc.wait(t, "Profile.CallbackPortraitSet", 1)[0]
	validCallback(t, g)
	items, _ := g.Body["ProfileItem"].([]any)
	if g.Body["From_Account"] != "a" || g.Body["Operator_Account"] != TestAdmin || len(items) != 3 ||
		items[1].(map[string]any)["Value"] != float64(3) {
		t.Errorf("callback body %s", g.Raw)
	}
	hs.h.Close()
	if n := len(rc.wait(t, "Profile.CallbackPortraitSet", 1)); n != 1 {
		t.Errorf("%d callbacks, want 1 (a failed call fires none)", n)
	}
}
