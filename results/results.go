// Package results reads ginkgo's JSON report of a conformance run into one
// result per check, for summaries, the self-test and other reports.
package results

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// Result is the outcome of one check in one run.
type Result struct {
	ID    string
	Title string
	// State is passed, failed, skipped, pending, panicked, interrupted,
	// aborted or timedout, as ginkgo names them.
	State string
	// Message is the failure or skip message.
	Message  string
	Labels   []string
	Variants []string
}

// Failed reports whether the check did not pass and was not skipped.
func (r Result) Failed() bool {
	switch r.State {
	case "passed", "skipped", "pending":
		return false
	}
	return true
}

var checkText = regexp.MustCompile(`^([A-Z]+(?:-[A-Z]+)+-[0-9]{3}): (.*)$`)

// Read parses a ginkgo JSON report file.
func Read(path string) ([]Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	return Parse(data)
}

// Parse reads a ginkgo JSON report: specs whose text starts with a check ID
// become results, sorted by ID; setup failures are returned as a result
// with the ID "SUITE".
func Parse(data []byte) ([]Result, error) {
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil {
		return nil, fmt.Errorf("parse ginkgo report: %w", err)
	}
	var out []Result
	for _, rep := range reports {
		for _, s := range rep.SpecReports {
			m := checkText.FindStringSubmatch(s.LeafNodeText)
			if m == nil {
				if s.LeafNodeType.Is(types.NodeTypeIt) || !s.State.Is(types.SpecStateFailureStates) {
					continue
				}
				out = append(out, Result{ID: "SUITE", Title: s.LeafNodeType.String(), State: s.State.String(), Message: s.Failure.Message})
				continue
			}
			r := Result{ID: m[1], Title: m[2], State: s.State.String(), Labels: s.Labels()}
			if s.State.Is(types.SpecStateFailureStates) || s.State == types.SpecStateSkipped {
				r.Message = strings.TrimSpace(s.Failure.Message)
			}
			for _, e := range s.ReportEntries {
				if e.Name == "variant" {
					r.Variants = append(r.Variants, e.StringRepresentation())
				}
			}
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Totals counts results by outcome.
type Totals struct{ Passed, Failed, Skipped int }

// Count returns the totals of rs.
func Count(rs []Result) Totals {
	var t Totals
	for _, r := range rs {
		switch {
		case r.State == "passed":
			t.Passed++
		case r.Failed():
			t.Failed++
		default:
			t.Skipped++
		}
	}
	return t
}
