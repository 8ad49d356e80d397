// Package gaps reads a known-gaps manifest: the checks a target is known to
// fail, each with a reason and an expiry date, so that a run can report
// them without failing and the list does not rot.
//
// The manifest is YAML (or JSON):
//
//   - id: SETREAD-ERR-002
//     reason: our mock answers 70402 for a missing field (ticket MOCK-12)
//     expires: 2027-03-31
//     target: http://127.0.0.1:9000   # optional: only for this target
package gaps

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Gap is one entry of the manifest.
type Gap struct {
	ID      string `yaml:"id"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"` // YYYY-MM-DD, the last day it holds
	Target  string `yaml:"target"`

	expires time.Time
}

// Expired reports whether the entry no longer holds at now.
func (g Gap) Expired(now time.Time) bool { return !now.Before(g.expires) }

// Load reads and validates a manifest. known lists the valid check IDs.
func Load(path string, known func(id string) bool) ([]Gap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("known gaps: %w", err)
	}
	var list []Gap
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("known gaps %s: %w", path, err)
	}
	seen := map[string]bool{}
	var problems []string
	for i, g := range list {
		where := fmt.Sprintf("entry %d (%s)", i+1, g.ID)
		switch {
		case g.ID == "":
			problems = append(problems, where+": no id")
		case !known(g.ID):
			problems = append(problems, where+": no such check")
		}
		if strings.TrimSpace(g.Reason) == "" {
			problems = append(problems, where+": no reason")
		}
		day, err := time.Parse(time.DateOnly, g.Expires)
		if err != nil {
			problems = append(problems, where+": expires must be a date such as 2027-03-31")
		}
		list[i].expires = day.AddDate(0, 0, 1) // holds through its last day
		key := g.ID + " " + g.Target
		if seen[key] {
			problems = append(problems, where+": listed twice")
		}
		seen[key] = true
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("known gaps %s: %s", path, strings.Join(problems, "; "))
	}
	return list, nil
}

// For returns the entry for check id on target, if any; an entry without
// a target applies to every target, and one naming the target wins.
func For(list []Gap, id, target string) (Gap, bool) {
	var found Gap
	ok := false
	for _, g := range list {
		if g.ID != id {
			continue
		}
		if g.Target == target {
			return g, true
		}
		if g.Target == "" {
			found, ok = g, true
		}
	}
	return found, ok
}
