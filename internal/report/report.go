// Package report turns the results of a conformance run into what people
// and CI read: a single-file HTML report, a Markdown summary for a CI job
// summary, and a JUnit file with one test case per check. Known gaps are
// applied here: a listed failure is reported as a known gap and does not
// fail the run.
package report

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chatconform/chatconform/internal/gaps"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/target"
)

// Outcomes of a check in a report.
const (
	Passed   = "passed"
	Failed   = "failed"
	Skipped  = "skipped"
	KnownGap = "known gap"
	// Blocked: a call the check needed for its preconditions did not
	// conform, so its own clause could not be judged. It counts as not
	// passed.
	Blocked = "blocked"
)

// Check is a check's metadata as the report shows it.
type Check struct {
	ID, Title, Description, Doc, Basis string
	Labels                             []string
	// KilledBy names the self-test deviants that make the check fail.
	KilledBy []string
}

// Row is one check's line in the report.
type Row struct {
	Check
	Outcome string
	// Detail is the failure message, skip reason or known-gap reason.
	Detail    string
	Location  string
	Variants  []string
	Exchanges []results.Exchange
	Duration  time.Duration
	// Observed says whether an observed profile held the check, and to what.
	Observed string
	// BlockedBy is, for a blocked check, the diagnosis of the call that
	// blocked it.
	BlockedBy string
}

// Run is everything a report shows.
type Run struct {
	Target   string
	Started  time.Time
	Finished time.Time
	Versions [][2]string
	Rows     []Row
	// Notes are things the user should act on that are not failures:
	// known gaps that pass now, expired entries.
	Notes    []string
	Coverage []CoverageLine
	// GapsFile is the known-gaps manifest used, if any; Observed the
	// observed profile.
	GapsFile string
	Observed string
	// FamilyRows is the "are we there yet" table the reports open with.
	FamilyRows []FamilyRow
}

// Totals counts the rows by outcome.
func (r Run) Totals() map[string]int {
	t := map[string]int{Passed: 0, Failed: 0, Skipped: 0, KnownGap: 0, Blocked: 0}
	for _, row := range r.Rows {
		t[row.Outcome]++
	}
	return t
}

// OK reports whether the run passes: no failed check, and at least one
// check ran.
func (r Run) OK() bool {
	t := r.Totals()
	return t[Failed] == 0 && t[Blocked] == 0 && t[Passed]+t[KnownGap] > 0
}

// Build joins the checks with their results and the known gaps. Checks
// that did not run at all are skipped rows; results of unknown checks
// (a suite setup failure) are failed rows.
func Build(checks []Check, rs []results.Result, list []gaps.Gap, targetName string, now time.Time) Run {
	byID := map[string]results.Result{}
	var extra []results.Result
	for _, r := range rs {
		if _, dup := byID[r.ID]; dup || r.ID == "SUITE" {
			extra = append(extra, r)
			continue
		}
		byID[r.ID] = r
	}
	run := Run{Target: targetName}
	for _, c := range checks {
		r, ran := byID[c.ID]
		row := Row{Check: c, Outcome: Skipped, Detail: "not selected by the label filter"}
		if ran {
			row.Location, row.Variants, row.Exchanges, row.Duration, row.Observed = r.Location, r.Variants, r.Exchanges, r.Duration, r.Observed
			switch {
			case r.State == "passed":
				row.Outcome, row.Detail = Passed, ""
			case r.Failed() && r.BlockedBy != "":
				row.Outcome, row.Detail, row.BlockedBy = Blocked, r.Message, r.BlockedBy
			case r.Failed():
				row.Outcome, row.Detail = Failed, r.Message
			default:
				row.Outcome = Skipped
				if r.State == "pending" {
					row.Detail = "pending"
				}
				if r.Message != "" {
					row.Detail = r.Message
				}
			}
		}
		if g, listed := gaps.For(list, c.ID, targetName); listed {
			switch {
			case g.Expired(now):
				run.Notes = append(run.Notes, fmt.Sprintf("%s: the known-gap entry expired on %s; it no longer excuses a failure (%s)", c.ID, g.Expires, g.Reason))
			case row.Outcome == Failed || row.Outcome == Blocked:
				row.Outcome = KnownGap
				row.Detail = fmt.Sprintf("known gap until %s: %s\n\n%s", g.Expires, g.Reason, row.Detail)
			case row.Outcome == Passed:
				run.Notes = append(run.Notes, fmt.Sprintf("%s: listed as a known gap (%s) but passes now; remove it from the list", c.ID, g.Reason))
			}
		}
		row.Detail = target.Redact(row.Detail)
		row.BlockedBy = target.Redact(row.BlockedBy)
		run.Rows = append(run.Rows, row)
	}
	for _, r := range extra {
		run.Rows = append(run.Rows, Row{
			Check:   Check{ID: r.ID, Title: "suite setup (" + r.Title + ")"},
			Outcome: Failed, Detail: target.Redact(r.Message), Location: r.Location,
		})
	}
	return run
}

// Write writes report.html, summary.md and junit.xml into dir.
func Write(dir string, run Run) error {
	for name, render := range map[string]func(Run) ([]byte, error){
		"report.html": HTML,
		"summary.md":  func(r Run) ([]byte, error) { return []byte(Markdown(r)), nil },
		"junit.xml":   JUnit,
	} {
		data, err := render(run)
		if err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// CoverageLine is one line of the coverage section: what the run
// exercised of a documented set.
type CoverageLine struct {
	What    string
	Covered []string
	Missing []string
}

// Coverage compares what the results exercised with documented sets:
// endpoints, the request fields of endpoint, and its error codes.
func Coverage(rs []results.Result, endpoints []string, endpoint string, fields []string, codes map[string][]int) []CoverageLine {
	var all results.Coverage
	for _, r := range rs {
		all.Add(r.Coverage)
	}
	line := Split
	out := []CoverageLine{line("endpoints", endpoints, func(e string) bool { return all.Endpoints[e] != nil })}
	ec := all.Endpoints[endpoint]
	out = append(out, line(endpoint+" request fields", fields, func(f string) bool { return ec != nil && ec.Fields[f] > 0 }))
	groups := make([]string, 0, len(codes))
	for g := range codes {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		var list []string
		for _, c := range codes[g] {
			list = append(list, fmt.Sprint(c))
		}
		out = append(out, line(endpoint+" error codes: "+g, list, func(c string) bool {
			if ec == nil {
				return false
			}
			for code := range ec.Codes {
				if fmt.Sprint(code) == c {
					return true
				}
			}
			return false
		}))
	}
	return out
}

// String renders the line for the console: a long list of what is missing
// is left to report.html.
func (l CoverageLine) String() string { return l.render(12) }

// Full is String with every missing item listed, for the HTML report.
func (l CoverageLine) Full() string { return l.render(-1) }

func (l CoverageLine) render(most int) string {
	s := fmt.Sprintf("%s: %d of %d", l.What, len(l.Covered), len(l.Covered)+len(l.Missing))
	switch {
	case most >= 0 && len(l.Missing) > most:
		s += fmt.Sprintf(" (%d not, listed in report.html)", len(l.Missing))
	case len(l.Missing) > 0:
		s += " (not: " + strings.Join(l.Missing, ", ") + ")"
	}
	return s
}

// Split returns a coverage line of the documented items that have: those
// for which has is true are covered.
func Split(what string, documented []string, has func(string) bool) CoverageLine {
	l := CoverageLine{What: what}
	for _, d := range documented {
		if has(d) {
			l.Covered = append(l.Covered, d)
		} else {
			l.Missing = append(l.Missing, d)
		}
	}
	return l
}

// Headline is the line of a failure message that says what went wrong. A
// first line that only introduces the next ("Unexpected error:", "Timed
// out after 10s.") is joined with it.
func Headline(detail string) string {
	var lines []string
	for _, l := range strings.Split(detail, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	switch {
	case len(lines) == 0:
		return ""
	case len(lines) > 1 && (strings.HasSuffix(lines[0], ":") || strings.HasPrefix(lines[0], "Timed out after")):
		return lines[0] + " " + lines[1]
	}
	return lines[0]
}

// BlockedGroup is the blocked checks that share a cause.
type BlockedGroup struct {
	Cause string
	IDs   []string
}

// BlockedGroups groups the blocked rows by the call that blocked them,
// the largest group first.
func (r Run) BlockedGroups() []BlockedGroup {
	idx := map[string]int{}
	var out []BlockedGroup
	for _, row := range r.Rows {
		if row.Outcome != Blocked {
			continue
		}
		i, ok := idx[row.BlockedBy]
		if !ok {
			i = len(out)
			idx[row.BlockedBy] = i
			out = append(out, BlockedGroup{Cause: row.BlockedBy})
		}
		out[i].IDs = append(out[i].IDs, row.ID)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].IDs) > len(out[j].IDs) })
	return out
}

func (g BlockedGroup) String() string {
	n := "checks"
	if len(g.IDs) == 1 {
		n = "check"
	}
	return fmt.Sprintf("%d %s blocked: %s", len(g.IDs), n, g.Cause)
}

// FamilyRow is one line of the "are we there yet" table: the checks of one
// family by outcome.
type FamilyRow struct {
	Family, Title string
	Counts        map[string]int
}

// Percent is the share of the family's checks that ran (were not skipped)
// and passed.
func (f FamilyRow) Percent() float64 {
	ran := f.Counts[Passed] + f.Counts[Failed] + f.Counts[Blocked] + f.Counts[KnownGap]
	if ran == 0 {
		return 0
	}
	return 100 * float64(f.Counts[Passed]) / float64(ran)
}

// Family is one family the table has a row for: a label its checks carry.
type Family struct {
	Label, Title string
}

// Families counts the rows by family, in the order of fams; a check is
// counted in every family whose label it carries. Families no check
// carries are left out.
func (r Run) Families(fams []Family) []FamilyRow {
	var out []FamilyRow
	for _, f := range fams {
		fr := FamilyRow{Family: f.Label, Title: f.Title, Counts: map[string]int{}}
		n := 0
		for _, row := range r.Rows {
			for _, l := range row.Labels {
				if l == f.Label {
					fr.Counts[row.Outcome]++
					n++
					break
				}
			}
		}
		if n > 0 {
			out = append(out, fr)
		}
	}
	return out
}

// FamilyTable renders rows as text columns, for the console.
func FamilyTable(rows []FamilyRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-40s %6s %6s %7s %7s %5s %6s\n", "family", "passed", "failed", "blocked", "skipped", "gaps", "%")
	for _, f := range rows {
		fmt.Fprintf(&b, "  %-40s %6d %6d %7d %7d %5d %5.1f%%\n", f.Title, f.Counts[Passed], f.Counts[Failed], f.Counts[Blocked], f.Counts[Skipped], f.Counts[KnownGap], f.Percent())
	}
	return b.String()
}
