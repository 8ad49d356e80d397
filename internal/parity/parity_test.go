package parity

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func code(n int) *int { return &n }

func TestNormalizer(t *testing.T) {
	n := NewNormalizer("ccabc")
	got := n.Text([]byte(`{"Report_Account":"ccabcp1u2","Peer_Account":"ccabcp1u7","MsgReadTime":"1700000000","ErrorInfo":"wording","MsgKey":"1_2_3","Again":"ccabcp1u7","MsgSeq":5}`))
	want := `{"Again":"<user1>","MsgKey":"<msgkey1>","MsgReadTime":"<time>","MsgSeq":"<n>","Peer_Account":"<user1>","Report_Account":"<user2>"}`
	if got != want {
		t.Errorf("Text = %s\nwant   %s", got, want)
	}
	for in, out := range map[string]string{"": "<empty>", "{": "<not JSON: 1 bytes>", "{} {}": "<not JSON: 5 bytes>"} {
		if got := n.Text([]byte(in)); got != out {
			t.Errorf("Text(%q) = %q, want %q", in, got, out)
		}
	}
}

func TestCompare(t *testing.T) {
	call := func(req string, c int) Call {
		return Call{Endpoint: "openim/x", Method: "POST", Request: req, Status: 200, ActionStatus: map[bool]string{true: "OK", false: "FAIL"}[c == 0], ErrorCode: code(c), Response: req}
	}
	base := Observation{Calls: []Call{call("a", 0), call("b", 90008), call("a", 60007)}}
	for _, tc := range []struct {
		name string
		got  Observation
		want int
	}{
		{"same", base, 0},
		{"other order", Observation{Calls: []Call{call("a", 60007), call("b", 90008), call("a", 0)}}, 0},
		{"other code", Observation{Calls: []Call{call("a", 0), call("b", 90003), call("a", 60007)}}, 1},
		{"missing call", Observation{Calls: []Call{call("a", 0), call("a", 60007)}}, 1},
		{"extra call", Observation{Calls: []Call{call("a", 0), call("b", 90008), call("a", 60007), call("c", 0)}}, 1},
		{"one answer fewer", Observation{Calls: []Call{call("a", 0), call("b", 90008)}}, 1},
	} {
		if got := Compare(base, tc.got, false); len(got) != tc.want {
			t.Errorf("%s: %d differences %v, want %d", tc.name, len(got), got, tc.want)
		}
	}
	withResp := Observation{Calls: []Call{call("a", 0), call("b", 90008), call("a", 60007)}}
	withResp.Calls[0].Response = "other"
	if got := Compare(base, withResp, true); len(got) != 1 {
		t.Errorf("a different response with fields: %v", got)
	}
	if got := Compare(base, withResp, false); len(got) != 0 {
		t.Errorf("a different response without fields: %v", got)
	}
}

func TestWriteLoadDiff(t *testing.T) {
	dir := t.TempDir()
	a := &Profile{Target: "seoul", Source: "real service", Recorded: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Tool: "chatconform x",
		Probes: map[string]Observation{"P-1": {Held: true, Calls: []Call{{Endpoint: "e", Request: "<user1>", Status: 200, ErrorCode: code(90008)}}}, "P-2": {},
			"P-4": {Calls: []Call{{Endpoint: "e", Status: 200, ErrorCode: code(0)}}}}}
	path := filepath.Join(dir, "a.json")
	if err := Write(path, a); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(a, back); len(d) != 0 {
		t.Errorf("a profile differs from itself after a round trip: %v", d)
	}
	b := &Profile{Target: "mock", Probes: map[string]Observation{"P-1": {Held: true, Calls: []Call{{Endpoint: "e", Request: "<user1>", Status: 200, ErrorCode: code(90003)}}}, "P-3": {},
		// An answer neither side holds is not compared.
		"P-4": {Calls: []Call{{Endpoint: "e", Status: 200, ErrorCode: code(60007)}}}}}
	d := Diff(a, b)
	if len(d) != 3 || !strings.Contains(strings.Join(d["P-1"], ""), "90008") || d["P-2"][0] != "only in seoul" || d["P-3"][0] != "only in mock" {
		t.Errorf("Diff = %v", d)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

// A target that drops a documented field the recorded one returned is held
// to it; a field of its own is free; an old profile without the record is
// compared on codes alone.
func TestCompareDocumentedFields(t *testing.T) {
	code := 0
	call := func(doc ...string) Call {
		return Call{Endpoint: "openim/x", Method: "POST", Request: "{}", Status: 200, ActionStatus: "OK", ErrorCode: &code, Documented: doc}
	}
	obs := func(c Call) Observation { return Observation{Held: true, Calls: []Call{c}} }
	recorded := obs(call("ActionStatus", "ErrorCode", "ErrorInfo"))
	if d := Compare(recorded, obs(call("ActionStatus", "ErrorCode")), false); len(d) == 0 {
		t.Error("a dropped ErrorInfo is not reported")
	}
	if d := Compare(recorded, obs(call("ActionStatus", "ErrorCode", "ErrorInfo")), false); len(d) != 0 {
		t.Errorf("the same fields reported: %v", d)
	}
	if d := Compare(obs(call()), obs(call("ActionStatus", "ErrorCode")), false); len(d) != 0 {
		t.Errorf("a profile without documented fields compared on them: %v", d)
	}
}
