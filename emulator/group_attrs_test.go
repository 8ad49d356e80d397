package emulator

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"
)

const attrGet = "group_open_attr_http_svc/get_group_attr"

// attrsOf returns the group's attributes by get_group_attr.
func (hs *harness) attrsOf(id string) map[string]string {
	hs.t.Helper()
	r := hs.ok(attrGet, `{"GroupId":"`+id+`"}`)
	list, ok := r.Body["GroupAttrAry"].([]any)
	if !ok {
		hs.t.Fatalf("get_group_attr without GroupAttrAry: %s", r.Raw)
	}
	out := map[string]string{}
	for _, it := range list {
		m := it.(map[string]any)
		out[m["key"].(string)] = m["value"].(string)
	}
	return out
}

// attrCounters returns the group's counters by get_group_counter.
func (hs *harness) attrCounters(id, keys string) map[string]int64 {
	hs.t.Helper()
	body := `{"GroupId":"` + id + `"` + keys + `}`
	r := hs.ok(gsvc+"get_group_counter", body)
	out := map[string]int64{}
	for _, it := range r.Body["GroupCounter"].([]any) {
		m := it.(map[string]any)
		out[m["Key"].(string)] = int64(m["Value"].(float64))
	}
	return out
}

func attrBody(id string, kv ...string) string {
	items := []map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		items = append(items, map[string]string{"key": kv[i], "value": kv[i+1]})
	}
	b, _ := json.Marshal(map[string]any{"GroupId": id, "GroupAttr": items})
	return string(b)
}

func attrRender(m map[string]string) string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestGroupAttrWrites(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g"}`)
	steps := []struct {
		path, body string
		code       int
		want       string
	}{
		{gsvc + "modify_group_attr", attrBody(id, "a", "1", "b", "2"), 0, "a=1,b=2"},
		{gsvc + "modify_group_attr", attrBody(id, "b", "3", "c", "4"), 0, "a=1,b=3,c=4"},
		{gsvc + "delete_group_attr", `{"GroupId":"` + id + `","GroupAttr":[{"key":"a"}]}`, 0, "b=3,c=4"},
		{gsvc + "delete_group_attr", `{"GroupId":"` + id + `","GroupAttr":[{"key":"b"},{"key":"zz"}]}`, codeAttrNoKey, "b=3,c=4"},
		{gsvc + "set_group_attr", attrBody(id, "x", "9"), 0, "x=9"},
		{gsvc + "modify_group_attr", attrBody(id, strings.Repeat("k", 33), "v"), codeAttrKeyTooLong, "x=9"},
		{gsvc + "modify_group_attr", attrBody(id, "k", strings.Repeat("v", 4001)), codeAttrValueTooLong, "x=9"},
		{gsvc + "set_group_attr", attrBody(id, "k1", strings.Repeat("v", 4000), "k2", strings.Repeat("v", 4000), "k3", strings.Repeat("v", 4000), "k4", strings.Repeat("v", 4000), "k5", "v"), codeAttrTooLarge, "x=9"},
		{gsvc + "clear_group_attr", `{"GroupId":"` + id + `"}`, 0, ""},
	}
	for i, st := range steps {
		hs.advance(time.Second) // out of the write-rate window
		r := hs.call(st.path, st.body)
		if r.Code != st.code {
			t.Fatalf("step %d %s: code %d, want %d (%s)", i, st.path, r.Code, st.code, r.Raw)
		}
		if got := attrRender(hs.attrsOf(id)); got != st.want {
			t.Fatalf("step %d %s: attributes %q, want %q", i, st.path, got, st.want)
		}
	}
	var many []string
	for i := 0; i < 17; i++ {
		many = append(many, "k"+string(rune('a'+i)), "v")
	}
	hs.advance(time.Second)
	if r := hs.call(gsvc+"set_group_attr", attrBody(id, many...)); r.Code != codeAttrTooManyKeys {
		t.Fatalf("17 keys: %s", r.Raw)
	}
	hs.ok(gsvc+"set_group_attr", attrBody(id, many[:32]...))
	if r := hs.call(gsvc+"modify_group_attr", attrBody(id, "extra", "v")); r.Code != codeAttrTooManyKeys {
		t.Fatalf("a 17th key by modify: %s", r.Raw)
	}
}

func TestGroupAttrTypesAndRate(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o")
	comm := hs.newGroup(`{"Owner_Account":"o","Type":"Community","Name":"c"}`)
	hs.ok(gsvc+"modify_group_attr", attrBody(comm, "a", "1"))
	if r := hs.call(gsvc+"clear_group_attr", `{"GroupId":"`+comm+`"}`); r.Code != codeGrpNoPermission {
		t.Fatalf("clear on a Community: %s", r.Raw)
	}
	for _, cmd := range []string{"get_group_counter", "delete_group_counter"} {
		if r := hs.call(gsvc+cmd, `{"GroupId":"`+comm+`"}`); r.Code != codeGrpNoPermission {
			t.Fatalf("%s on a Community: %s", cmd, r.Raw)
		}
	}
	if got := attrRender(hs.attrsOf(comm)); got != "a=1" {
		t.Fatalf("Community attributes %q after a refused clear", got)
	}
	av := hs.newGroup(`{"Owner_Account":"o","Type":"AVChatRoom","Name":"av"}`)
	hs.advance(time.Second)
	for i := 0; i < maxAttrWrites; i++ {
		hs.ok(gsvc+"modify_group_attr", attrBody(av, "n", string(rune('0'+i))))
	}
	if r := hs.call(gsvc+"modify_group_attr", attrBody(av, "n", "late")); r.Code != codeAttrWriteRate {
		t.Fatalf("sixth write in a second: %s", r.Raw)
	}
	if got := hs.attrsOf(av)["n"]; got != "4" {
		t.Fatalf("value %q after a throttled write, want 4", got)
	}
	hs.ok(gsvc+"modify_group_attr", attrBody(comm, "b", "2")) // another group's writes count apart
	hs.advance(time.Second)
	hs.ok(gsvc+"modify_group_attr", attrBody(av, "n", "later"))
}

func TestGroupCounters(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("o")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g"}`)
	upd := func(mode, items string) reply {
		m := ""
		if mode != "" {
			m = `,"Mode":"` + mode + `"`
		}
		return hs.call(gsvc+"update_group_counter", `{"GroupId":"`+id+`","GroupCounter":[`+items+`]`+m+`}`)
	}
	r := upd("Set", `{"Key":"like","Value":5},{"Key":"unlike","Value":1}`)
	if r.Code != 0 || len(r.Body["GroupCounter"].([]any)) != 2 {
		t.Fatalf("set: %s", r.Raw)
	}
	upd("Increase", `{"Key":"like","Value":3},{"Key":"new","Value":2}`)
	upd("Decrease", `{"Key":"unlike","Value":4}`)
	got := hs.attrCounters(id, "")
	if got["like"] != 8 || got["new"] != 2 || got["unlike"] != -3 || len(got) != 3 {
		t.Fatalf("counters %v", got)
	}
	upd("", `{"Key":"like","Value":1}`) // Set by default
	if c := hs.attrCounters(id, `,"GroupCounterKeys":["like","nope"]`); len(c) != 1 || c["like"] != 1 {
		t.Fatalf("selected counters %v", c)
	}
	if r := upd("Increase", `{"Key":"like","Value":9223372036854775807}`); r.Code != codeGrpParam {
		t.Fatalf("overflow: %s", r.Raw)
	}
	if r := upd("Multiply", `{"Key":"like","Value":1}`); r.Code != codeGrpParam {
		t.Fatalf("unknown mode: %s", r.Raw)
	}
	if r := upd("Set", `{"Key":"`+strings.Repeat("k", 129)+`","Value":1}`); r.Code != codeGrpParam {
		t.Fatalf("long key: %s", r.Raw)
	}
	var many []string
	for i := 0; i < 18; i++ {
		many = append(many, `{"Key":"m`+string(rune('a'+i))+`","Value":1}`)
	}
	if r := upd("Set", strings.Join(many, ",")); r.Code != codeAttrCounterTooMany {
		t.Fatalf("21 keys in the group: %s", r.Raw)
	}
	many = append(many, `{"Key":"x","Value":1}`, `{"Key":"y","Value":1}`, `{"Key":"z","Value":1}`)
	if r := upd("Set", strings.Join(many, ",")); r.Code != codeAttrCounterTooMany {
		t.Fatalf("21 keys in one call: %s", r.Raw)
	}
	if c := hs.attrCounters(id, ""); len(c) != 3 || c["like"] != 1 {
		t.Fatalf("counters after refused updates %v", c)
	}
	hs.ok(gsvc+"delete_group_counter", `{"GroupId":"`+id+`","GroupCounterKeys":["like","nope"]}`)
	if c := hs.attrCounters(id, ""); len(c) != 2 || c["new"] != 2 {
		t.Fatalf("counters after delete %v", c)
	}
	upd("Increase", `{"Key":"like","Value":1}`)
	if c := hs.attrCounters(id, ""); c["like"] != 1 {
		t.Fatalf("a deleted counter starts again at 0: %v", c)
	}
	hs.ok(gsvc+"delete_group_counter", `{"GroupId":"`+id+`"}`)
	if c := hs.attrCounters(id, ""); len(c) != 0 {
		t.Fatalf("counters after delete all %v", c)
	}
}

func TestGroupAttrCallback(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("o")
	id := hs.newGroup(`{"Owner_Account":"o","Type":"Public","Name":"g"}`)
	hs.ok(gsvc+"modify_group_attr", attrBody(id, "a", "1", "b", "2"))
	hs.ok(gsvc+"delete_group_attr", `{"GroupId":"`+id+`","GroupAttr":[{"key":"a"}]}`)
	hs.ok(gsvc+"set_group_attr", attrBody(id, "c", "3"))
	hs.ok(gsvc+"clear_group_attr", `{"GroupId":"`+id+`"}`)
	hs.call(gsvc+"modify_group_attr", attrBody(id, strings.Repeat("k", 33), "v")) // refused: fires nothing
	got := rc.wait(t, "Group.CallbackAfterGroupAttrChanged", 4)
	want := []struct{ op, keys string }{{"modify", "a,b"}, {"delete", "a"}, {"set", "c"}, {"clear", "c"}}
	for i, g := range got {
		validCallback(t, g)
		var keys []string
		for _, it := range g.Body["GroupAttr"].([]any) {
			keys = append(keys, it.(map[string]any)["key"].(string))
		}
		if g.Body["GroupId"] != id || g.Body["OptionType"] != want[i].op || strings.Join(keys, ",") != want[i].keys || g.Body["Operator_Account"] != TestAdmin {
			t.Errorf("callback %d: %s", i, g.Raw)
		}
	}
	hs.h.Close()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if n := len(rc.got); n != 6 { // create_group's two and the four writes
		t.Errorf("%d callbacks, want 6", n)
	}
}
