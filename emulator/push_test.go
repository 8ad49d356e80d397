package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// pushed sends im_push and returns the accounts the control API says the
// push reached.
func (hs *harness) pushed(body string) []string {
	hs.t.Helper()
	r := hs.ok("all_member_push/im_push", body)
	id, _ := r.Body["TaskId"].(string)
	if id == "" {
		hs.t.Fatalf("im_push %s: no TaskId in %s", body, r.Raw)
	}
	status, rec := hs.controlCall(http.MethodGet, "pushes?TaskId="+id, "")
	if status != http.StatusOK || rec["TaskId"] != id {
		hs.t.Fatalf("control pushes %s: HTTP %d %v", id, status, rec)
	}
	var out []string
	for _, u := range rec["Recipients"].([]any) {
		out = append(out, u.(string))
	}
	hs.advance(1100 * time.Millisecond) // the next push of the sender may go
	return out
}

const pushBody = `"MsgRandom":1,"MsgLifeTime":60,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`

func TestAttrNamesAndAttrs(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.ok("all_member_push/im_set_attr_name", `{"AttrNames":{"0":"sex","1":"city"}}`)
	hs.ok("all_member_push/im_set_attr_name", `{"AttrNames":{"2":"level"}}`) // the others stay
	r := hs.ok("all_member_push/im_get_attr_name", `{}`)
	names, _ := r.Body["AttrNames"].(map[string]any)
	if len(names) != 3 || names["0"] != "sex" || names["2"] != "level" {
		t.Fatalf("AttrNames %s, want 0 sex, 1 city, 2 level", r.Raw)
	}
	for _, c := range []struct {
		path, body string
		code       int
	}{
		{"im_set_attr_name", `{"AttrNames":{"10":"x"}}`, codePushParse},
		{"im_set_attr_name", `{"AttrNames":{"3":"city"}}`, codePushParse}, // a name names one attribute
		{"im_set_attr_name", `{"AttrNames":{"3":""}}`, codePushParse},
		{"im_set_attr_name", `{"AttrNames":{}}`, codePushParse},
		{"im_set_attr_name", `{"AttrNames":["sex"]}`, codePushParse},
		{"im_set_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":{"mood":"x"}}]}`, codeBadAttr},
		{"im_set_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":{"sex":"` + strings.Repeat("x", 51) + `"}}]}`, codeBadAttr},
		{"im_set_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":{"sex":1}}]}`, codeBadAttr},
		{"im_set_attr", `{"UserAttrs":[{"To_Account":"nobody","Attrs":{"sex":"f"}}]}`, codeAccountMissing},
		{"im_set_attr", `{"UserAttrs":{"To_Account":"a"}}`, codePushParse},
		{"im_remove_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":["mood"]}]}`, codeBadAttr},
		{"im_get_attr", `{"To_Account":"a"}`, codePushParse},
	} {
		if got := hs.call("all_member_push/"+c.path, c.body); got.Code != c.code {
			t.Errorf("%s %s: %d %s, want %d", c.path, c.body, got.Code, got.Raw, c.code)
		}
	}
	hs.ok("all_member_push/im_set_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":{"sex":"f","city":"Paris"}},{"To_Account":"b","Attrs":{"city":"Oslo"}}]}`)
	hs.ok("all_member_push/im_remove_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":["sex"]}]}`)
	r = hs.ok("all_member_push/im_get_attr", `{"To_Account":["a","b"]}`)
	got := r.Body["UserAttrs"].([]any)
	a := got[0].(map[string]any)["Attrs"].(map[string]any)
	b := got[1].(map[string]any)["Attrs"].(map[string]any)
	if len(a) != 1 || a["city"] != "Paris" || len(b) != 1 || b["city"] != "Oslo" {
		t.Errorf("UserAttrs %s, want a city Paris only, b city Oslo", r.Raw)
	}
	// A renamed attribute is no longer reported under its old name.
	hs.ok("all_member_push/im_set_attr_name", `{"AttrNames":{"1":"town"}}`)
	r = hs.ok("all_member_push/im_get_attr", `{"To_Account":["a"]}`)
	if a := r.Body["UserAttrs"].([]any)[0].(map[string]any)["Attrs"].(map[string]any); len(a) != 0 {
		t.Errorf("after renaming city: %s, want {}", r.Raw)
	}
}

func TestTags(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.ok("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"a","Tags":["x","y"]},{"To_Account":"b","Tags":["x"]}]}`)
	hs.ok("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"a","Tags":["y","z"]}]}`)
	tagsOf := func(id string) []string {
		r := hs.ok("all_member_push/im_get_tag", `{"To_Account":["`+id+`"]}`)
		var out []string
		for _, t := range r.Body["UserTags"].([]any)[0].(map[string]any)["Tags"].([]any) {
			out = append(out, t.(string))
		}
		return out
	}
	if got := tagsOf("a"); !slices.Equal(got, []string{"x", "y", "z"}) {
		t.Fatalf("a's tags %v, want x y z", got)
	}
	hs.ok("all_member_push/im_remove_tag", `{"UserTags":[{"To_Account":"a","Tags":["y","nope"]}]}`)
	if got := tagsOf("a"); !slices.Equal(got, []string{"x", "z"}) {
		t.Errorf("after removing y: %v", got)
	}
	hs.ok("all_member_push/im_remove_all_tags", `{"To_Account":["a"]}`)
	if got := tagsOf("a"); len(got) != 0 {
		t.Errorf("after removing all: %v", got)
	}
	if got := tagsOf("b"); !slices.Equal(got, []string{"x"}) {
		t.Errorf("b's tags %v, want x", got)
	}
	eleven := `["1","2","3","4","5","6","7","8","9","10","11"]`
	for _, c := range []struct {
		body string
		code int
	}{
		{`{"UserTags":[{"To_Account":"a","Tags":` + eleven + `}]}`, codeTooManyTags},
		{`{"UserTags":[{"To_Account":"a","Tags":["` + strings.Repeat("t", 51) + `"]}]}`, codeTagTooLong},
		{`{"UserTags":[{"To_Account":"a","Tags":[""]}]}`, codePushParse},
		{`{"UserTags":[{"To_Account":"ghost","Tags":["x"]}]}`, codeAccountMissing},
		{`{"UserTags":[{"To_Account":"a"}]}`, codePushParse},
	} {
		if got := hs.call("all_member_push/im_add_tag", c.body); got.Code != c.code {
			t.Errorf("im_add_tag %s: %d, want %d", c.body, got.Code, c.code)
		}
	}
	// 100 tags a user, then no more.
	for i := 0; i < 10; i++ {
		var tags []string
		for j := 0; j < 10; j++ {
			tags = append(tags, `"t`+string(rune('a'+i))+string(rune('a'+j))+`"`)
		}
		hs.ok("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"a","Tags":[`+strings.Join(tags, ",")+`]}]}`)
	}
	if got := hs.call("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"a","Tags":["one-more"]}]}`); got.Code != codeTooManyTags {
		t.Errorf("the 101st tag: %d, want %d", got.Code, codeTooManyTags)
	}
	if n := len(tagsOf("a")); n != 100 {
		t.Errorf("a holds %d tags, want 100", n)
	}
	var many []string
	for i := 0; i < 101; i++ {
		many = append(many, `"a"`)
	}
	if got := hs.call("all_member_push/im_get_tag", `{"To_Account":[`+strings.Join(many, ",")+`]}`); got.Code != codePushTooMany {
		t.Errorf("im_get_tag of 101 accounts: %d, want %d", got.Code, codePushTooMany)
	}
}

func TestPushConditions(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b", "c", "d")
	hs.ok("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"a","Tags":["x","y"]},{"To_Account":"b","Tags":["x"]},{"To_Account":"c","Tags":["y"]}]}`)
	hs.ok("all_member_push/im_set_attr_name", `{"AttrNames":{"0":"city","1":"tier"}}`)
	hs.ok("all_member_push/im_set_attr", `{"UserAttrs":[{"To_Account":"a","Attrs":{"city":"SZ","tier":"gold"}},{"To_Account":"b","Attrs":{"city":"SZ"}},{"To_Account":"d","Attrs":{"tier":"gold"}}]}`)
	for _, c := range []struct {
		cond string
		want []string
	}{
		{``, []string{"a", "b", "c", "d"}},
		{`"Condition":{"TagsAnd":["x","y"]},`, []string{"a"}},
		{`"Condition":{"TagsOr":["x","y"]},`, []string{"a", "b", "c"}},
		{`"Condition":{"TagsAnd":["x"],"TagsOr":["y","z"]},`, []string{"a"}},
		{`"Condition":{"TagsOr":["none"]},`, nil},
		{`"Condition":{"AttrsAnd":{"city":"SZ","tier":"gold"}},`, []string{"a"}},
		{`"Condition":{"AttrsOr":{"city":"SZ","tier":"gold"}},`, []string{"a", "b", "d"}},
		{`"From_Account":"a","Condition":{"TagsOr":["x"]},`, []string{"b"}}, // never to the sender
	} {
		if got := hs.pushed(`{` + c.cond + pushBody + `}`); !slices.Equal(got, c.want) {
			t.Errorf("push %s: reached %v, want %v", c.cond, got, c.want)
		}
	}
	// MsgLifeTime 0 reaches online accounts only.
	hs.controlCall(http.MethodPost, "sessions/login", `{"UserID":"b","Platform":"Web"}`)
	if got := hs.pushed(`{"MsgRandom":2,"MsgLifeTime":0,"Condition":{"TagsOr":["x"]},"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`); !slices.Equal(got, []string{"b"}) {
		t.Errorf("online-only push reached %v, want b", got)
	}
	for _, c := range []struct {
		body string
		code int
	}{
		{`{"Condition":{"TagsOr":["x"],"AttrsOr":{"city":"SZ"}},` + pushBody + `}`, codeAttrsAndTags},
		{`{"Condition":{"TagsOr":["1","2","3","4","5","6","7","8","9","10","11"]},` + pushBody + `}`, codeTooManyTags},
		{`{"Condition":{"TagsOr":[""]},` + pushBody + `}`, codeEmptyTag},
		{`{"Condition":{"TagsOr":["` + strings.Repeat("t", 51) + `"]},` + pushBody + `}`, codeTagTooLong},
		{`{"Condition":{"TagsOr":["x"],"TagsAnd":["x"]},` + pushBody + `}`, codeTagRepeated},
		{`{"Condition":{"AttrsAnd":{"mood":"x"}},` + pushBody + `}`, codeBadAttr},
		{`{"Condition":"x",` + pushBody + `}`, codePushParse},
		{`{"MsgLifeTime":604801,"MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, codePushLifeTime},
		{`{"MsgLifeTime":"60","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, codePushParse},
		{`{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, codeMsgRandom},
		{`{"MsgRandom":1}`, codeMsgBodyNotArray},
		{`{"From_Account":"ghost",` + pushBody + `}`, codeAccountMissing},
	} {
		if got := hs.call("all_member_push/im_push", c.body); got.Code != c.code {
			t.Errorf("im_push %s: %d %s, want %d", c.body, got.Code, got.Raw, c.code)
		}
	}
}

func TestPushIntervalAndQuota(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.ok("all_member_push/im_push", `{`+pushBody+`}`)
	if got := hs.call("all_member_push/im_push", `{`+pushBody+`}`); got.Code != codePushTooOften {
		t.Errorf("a second push at once: %d, want %d", got.Code, codePushTooOften)
	}
	hs.advance(time.Second)
	if got := hs.call("all_member_push/im_push", `{`+pushBody+`}`); got.Code != codePushTooOften {
		t.Errorf("a push exactly a second later: %d, want %d (more than a second is needed)", got.Code, codePushTooOften)
	}
	hs.ok("all_member_push/im_push", `{"From_Account":"a",`+pushBody+`}`) // another sender may
	for i := 2; i < maxPushesPerDay; i++ {
		hs.advance(1100 * time.Millisecond)
		hs.ok("all_member_push/im_push", `{`+pushBody+`}`)
	}
	hs.advance(1100 * time.Millisecond)
	if got := hs.call("all_member_push/im_push", `{"From_Account":"b",`+pushBody+`}`); got.Code != codePushQuota {
		t.Errorf("the 101st push of the day: %d, want %d", got.Code, codePushQuota)
	}
	hs.advance(24 * time.Hour)
	hs.sig = hs.sigFor(TestAdmin)
	hs.ok("all_member_push/im_push", `{`+pushBody+`}`)
	if status, _ := hs.controlCall(http.MethodGet, "pushes?TaskId=nope", ""); status != http.StatusNotFound {
		t.Errorf("control pushes of an unknown TaskId: HTTP %d, want 404", status)
	}
}

func TestControlPushes(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	hs.ok("all_member_push/im_add_tag", `{"UserTags":[{"To_Account":"b","Tags":["x"]}]}`)
	r := hs.ok("all_member_push/im_push", `{"From_Account":"a","Condition":{"TagsOr":["x"]},`+pushBody+`}`)
	srv := httptest.NewServer(hs.h)
	defer srv.Close()
	ctl := Control{BaseURL: srv.URL}
	p, err := ctl.Pushes(context.Background(), r.Body["TaskId"].(string))
	if err != nil || p.From != "a" || !slices.Equal(p.Recipients, []string{"b"}) || p.MsgLifeTime != 60 {
		t.Errorf("Pushes: %+v, %v; want a's push reaching b", p, err)
	}
	if _, err := ctl.Pushes(context.Background(), "nope"); err == nil {
		t.Error("Pushes of an unknown TaskId: no error")
	}
}
