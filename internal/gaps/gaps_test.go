package gaps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gaps.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func known(id string) bool { return strings.HasPrefix(id, "SETREAD-") }

func TestLoad(t *testing.T) {
	list, err := Load(write(t, `
- id: SETREAD-ERR-002
  reason: mock answers 70402
  expires: 2027-03-31
- id: SETREAD-ERR-002
  reason: only on the staging mock
  expires: 2026-01-01
  target: http://staging
`), known)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := For(list, "SETREAD-ERR-002", "http://other")
	if !ok || g.Target != "" {
		t.Errorf("For other target: %+v %v", g, ok)
	}
	g, ok = For(list, "SETREAD-ERR-002", "http://staging")
	if !ok || g.Target != "http://staging" {
		t.Errorf("For named target: %+v %v", g, ok)
	}
	if _, ok := For(list, "SETREAD-ERR-001", ""); ok {
		t.Error("For an unlisted check found an entry")
	}
	last := time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC)
	if list[0].Expired(last) || !list[0].Expired(last.Add(time.Hour)) {
		t.Error("an entry must hold through its expiry date and not after")
	}
}

func TestLoadRejects(t *testing.T) {
	for name, text := range map[string]string{
		"unknown check": "- {id: NOPE-001, reason: r, expires: 2027-01-01}",
		"no reason":     "- {id: SETREAD-ERR-001, expires: 2027-01-01}",
		"bad date":      "- {id: SETREAD-ERR-001, reason: r, expires: soon}",
		"no id":         "- {reason: r, expires: 2027-01-01}",
		"twice":         "- {id: SETREAD-ERR-001, reason: r, expires: 2027-01-01}\n- {id: SETREAD-ERR-001, reason: s, expires: 2027-01-01}",
		"not a list":    "id: SETREAD-ERR-001",
		"unknown field": "- {id: SETREAD-ERR-001, reason: r, expires: 2027-01-01, expiry: 2028-01-01}",
	} {
		if _, err := Load(write(t, text), known); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), known); err == nil {
		t.Error("a missing file was accepted")
	}
}
