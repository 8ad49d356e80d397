package report

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/internal/gaps"
	"github.com/chatconform/chatconform/internal/results"
)

var checks = []Check{
	{ID: "SETREAD-ERR-001", Title: "malformed JSON", Basis: "documented", Doc: "https://example.invalid/a"},
	{ID: "SETREAD-ERR-002", Title: "missing Report_Account", Basis: "inferred"},
	{ID: "SETREAD-ERR-003", Title: "missing Peer_Account", Basis: "inferred"},
	{ID: "SETREAD-RATE-001", Title: "75%", Basis: "documented"},
	{ID: "SETREAD-AUTH-001", Title: "expired", Basis: "documented"},
}

func loadGaps(t *testing.T, text string) []gaps.Gap {
	t.Helper()
	p := filepath.Join(t.TempDir(), "g.yaml")
	os.WriteFile(p, []byte(text), 0o644)
	list, err := gaps.Load(p, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestBuild(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	rs := []results.Result{
		{ID: "SETREAD-ERR-001", State: "failed", Message: "got 60003\nrequest … usersig=eJxSECRET&random=1"},
		{ID: "SETREAD-ERR-002", State: "passed"},
		{ID: "SETREAD-ERR-003", State: "failed", Message: "got 70402"},
		{ID: "SETREAD-RATE-001", State: "skipped", Message: "disruptive: set ALLOW_DISRUPTIVE=1"},
	}
	list := loadGaps(t, `
- {id: SETREAD-ERR-001, reason: mock gap, expires: 2027-01-01}
- {id: SETREAD-ERR-002, reason: "fixed?", expires: 2027-01-01}
- {id: SETREAD-ERR-003, reason: old, expires: 2026-11-27}
`)
	run := Build(checks, rs, list, "http://mock", now)
	want := map[string]string{
		"SETREAD-ERR-001":  KnownGap,
		"SETREAD-ERR-002":  Passed,
		"SETREAD-ERR-003":  Failed, // its entry expired
		"SETREAD-RATE-001": Skipped,
		"SETREAD-AUTH-001": Skipped, // not run at all
	}
	for _, r := range run.Rows {
		if r.Outcome != want[r.ID] {
			t.Errorf("%s: %s, want %s", r.ID, r.Outcome, want[r.ID])
		}
		if strings.Contains(r.Detail, "SECRET") {
			t.Errorf("%s: detail not redacted: %q", r.ID, r.Detail)
		}
	}
	notes := strings.Join(run.Notes, "\n")
	if !strings.Contains(notes, "SETREAD-ERR-002") || !strings.Contains(notes, "passes now") || !strings.Contains(notes, "SETREAD-ERR-003") || !strings.Contains(notes, "expired") {
		t.Errorf("notes: %s", notes)
	}
	if run.OK() {
		t.Error("a run with a failure is OK")
	}
	tot := run.Totals()
	if tot[Passed] != 1 || tot[Failed] != 1 || tot[KnownGap] != 1 || tot[Skipped] != 2 {
		t.Errorf("totals %v", tot)
	}
}

func TestRenderings(t *testing.T) {
	run := Build(checks, []results.Result{
		{ID: "SETREAD-ERR-001", State: "failed", Message: "want 90001, got 60003 <b>",
			Exchanges: []results.Exchange{{Method: "POST", URL: "http://x/v4/openim/admin_set_msg_read?usersig=REDACTED", Request: "{", Status: 200, Response: `{"ErrorCode":60003}`, Curl: "curl -sS …"}}},
		{ID: "SETREAD-ERR-002", State: "passed", Variants: []string{"ErrorCode 90008"}},
	}, nil, "emulator", time.Now())
	run.Started, run.Finished = time.Now().Add(-time.Second), time.Now()
	dir := t.TempDir()
	if err := Write(dir, run); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, want := range []string{`data-id="SETREAD-ERR-001" data-outcome="failed"`, "curl -sS", "want 90001, got 60003 &lt;b&gt;", "ErrorCode 90008", `href="https://example.invalid/a"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	var suites junitSuites
	data, _ := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatal(err)
	}
	s := suites.Suites[0]
	if s.Tests != len(checks) || s.Failures != 1 || s.Skipped != 3 {
		t.Errorf("junit: %d tests, %d failures, %d skipped", s.Tests, s.Failures, s.Skipped)
	}
	if s.Cases[0].Name != "SETREAD-ERR-001: malformed JSON" || s.Cases[0].Failure == nil || !strings.Contains(s.Cases[0].Failure.Text, "curl -sS") {
		t.Errorf("junit case: %+v", s.Cases[0])
	}
	md, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if !strings.Contains(string(md), "| SETREAD-ERR-001 |") || !strings.Contains(string(md), "not conformant") {
		t.Errorf("summary.md:\n%s", md)
	}
}

func TestHeadline(t *testing.T) {
	for in, want := range map[string]string{
		"Unexpected error:\n    <*errors.errorString>: call x: refused\n  more": "Unexpected error: <*errors.errorString>: call x: refused",
		"Timed out after 10.001s.\nThe function passed to Eventually failed":    "Timed out after 10.001s. The function passed to Eventually failed",
		"unread count of a: why\nExpected\n  <int>: 3":                          "unread count of a: why",
		"plain":                         "plain",
		"\n\n  first real line\nsecond": "first real line",
		"":                              "",
	} {
		if got := Headline(in); got != want {
			t.Errorf("Headline(%q) = %q, want %q", in, got, want)
		}
	}
}
