// Package results reads ginkgo's JSON report of a conformance run into one
// result per check, for summaries, the self-test and other reports.
package results

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"
)

// Result is the outcome of one check in one run.
type Result struct {
	ID    string
	Title string
	// Description, Doc and Basis come from the check's metadata.
	Description string
	Doc         string
	Basis       string
	// State is passed, failed, skipped, pending, panicked, interrupted,
	// aborted or timedout, as ginkgo names them.
	State string
	// Message is the failure or skip message; Location where it failed.
	Message  string
	Location string
	Labels   []string
	Variants []string
	// Exchanges are the last calls of a failed check, redacted.
	Exchanges []Exchange
	Coverage  Coverage
	Duration  time.Duration
	// Observation is what the check saw, normalised, in record mode;
	// Observed says how an observed profile held it.
	Observation json.RawMessage
	Observed    string
	// BlockedBy, for a check that could not judge its clause because a
	// call it needed for its preconditions did not conform, is that call's
	// diagnosis; the check counts as not passed.
	BlockedBy string
}

// Exchange is one call as the suite reports it; it holds no credential.
type Exchange struct {
	Method   string `json:"method"`
	URL      string `json:"url"`
	Request  string `json:"request"`
	Status   int    `json:"status"`
	Response string `json:"response"`
	Curl     string `json:"curl"`
}

// String renders the exchange on the console.
func (x Exchange) String() string {
	return x.Method + " " + x.URL + "\n  body: " + x.Request + "\n  HTTP " + strconv.Itoa(x.Status) + ": " + x.Response + "\n  reproduce: " + x.Curl
}

// Coverage is what a check exercised, per endpoint.
type Coverage struct {
	Endpoints map[string]*EndpointCoverage `json:"endpoints"`
}

// EndpointCoverage counts calls, request fields sent and codes received.
type EndpointCoverage struct {
	Calls  int            `json:"calls"`
	Fields map[string]int `json:"fields"`
	Codes  map[int]int    `json:"codes"`
}

// Add merges o into c.
func (c *Coverage) Add(o Coverage) {
	if c.Endpoints == nil {
		c.Endpoints = map[string]*EndpointCoverage{}
	}
	for ep, oc := range o.Endpoints {
		ec := c.Endpoints[ep]
		if ec == nil {
			ec = &EndpointCoverage{Fields: map[string]int{}, Codes: map[int]int{}}
			c.Endpoints[ep] = ec
		}
		ec.Calls += oc.Calls
		for f, n := range oc.Fields {
			ec.Fields[f] += n
		}
		for k, n := range oc.Codes {
			ec.Codes[k] += n
		}
	}
}

// Failed reports whether the check did not pass and was not skipped.
func (r Result) Failed() bool {
	switch r.State {
	case "passed", "skipped", "pending":
		return false
	}
	return true
}

var checkText = regexp.MustCompile(`^([A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)+-[0-9]{3}): (.*)$`)

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
			r := Result{ID: m[1], Title: m[2], State: s.State.String(), Labels: s.Labels(), Duration: s.RunTime}
			if s.State.Is(types.SpecStateFailureStates) || s.State == types.SpecStateSkipped {
				r.Message = strings.TrimSpace(s.Failure.Message)
				if s.State != types.SpecStateSkipped {
					r.Location = s.Failure.Location.String()
				}
			}
			for _, e := range s.ReportEntries {
				switch e.Name {
				case "variant":
					r.Variants = append(r.Variants, e.StringRepresentation())
				case "check":
					var meta struct{ Description, Doc, Basis string }
					if json.Unmarshal([]byte(e.Value.AsJSON), &meta) == nil {
						r.Description, r.Doc, r.Basis = meta.Description, meta.Doc, meta.Basis
					}
				case "exchange":
					var x Exchange
					if json.Unmarshal([]byte(e.Value.AsJSON), &x) == nil {
						r.Exchanges = append(r.Exchanges, x)
					}
				case "observation":
					r.Observation = json.RawMessage(e.Value.AsJSON)
				case "observed":
					r.Observed = e.StringRepresentation()
				case "blocked":
					if r.State != "passed" && r.State != "skipped" {
						r.BlockedBy = e.StringRepresentation()
					}
				case "coverage":
					var c Coverage
					if json.Unmarshal([]byte(e.Value.AsJSON), &c) == nil {
						r.Coverage.Add(c)
					}
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
