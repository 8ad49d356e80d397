package report

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var htmlTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"class":    func(outcome string) string { return strings.ReplaceAll(outcome, " ", "-") },
	"time":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"dur":      func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"headline": Headline,
}).Parse(htmlTemplate))

// HTML renders the single-file report.
func HTML(run Run) ([]byte, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, struct {
		Run
		Totals map[string]int
	}{run, run.Totals()}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Markdown renders a short summary for a CI job summary.
func Markdown(run Run) string {
	t := run.Totals()
	var b strings.Builder
	status := "✅ conformant"
	if !run.OK() {
		status = "❌ not conformant"
	}
	fmt.Fprintf(&b, "## chatconform: %s — %s\n\n", run.Target, status)
	if len(run.FamilyRows) > 0 {
		b.WriteString("| family | passed | failed | blocked | skipped | known gaps | % |\n|---|---|---|---|---|---|---|\n")
		for _, f := range run.FamilyRows {
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %.1f %% |\n", mdEscape(f.Title), f.Counts[Passed], f.Counts[Failed], f.Counts[Blocked], f.Counts[Skipped], f.Counts[KnownGap], f.Percent())
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%d passed, %d failed, %d blocked, %d known gaps, %d skipped (%s)\n\n", t[Passed], t[Failed], t[Blocked], t[KnownGap], t[Skipped], run.Finished.Sub(run.Started).Round(time.Second))
	for _, g := range run.BlockedGroups() {
		fmt.Fprintf(&b, "- ⛔ %s (%s)\n", mdEscape(g.String()), strings.Join(g.IDs, ", "))
	}
	var rows []string
	for _, r := range run.Rows {
		if r.Outcome == Failed || r.Outcome == KnownGap || r.Outcome == Blocked {
			detail := Headline(r.Detail)
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |", r.ID, mdEscape(r.Title), r.Outcome, mdEscape(detail)))
		}
	}
	if len(rows) > 0 {
		b.WriteString("| check | title | result | detail |\n|---|---|---|---|\n")
		b.WriteString(strings.Join(rows, "\n") + "\n\n")
	}
	for _, n := range run.Notes {
		fmt.Fprintf(&b, "- ⚠️ %s\n", mdEscape(n))
	}
	if len(run.Notes) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("Full report: `report.html`; JUnit: `junit.xml`.\n")
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "`", "'").Replace(s)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Stamp    string      `xml:"timestamp,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit renders one test case per check, named "ID: title". A known gap is
// a skipped case whose message starts with "known gap"; a blocked check is
// an error.
func JUnit(run Run) ([]byte, error) {
	s := junitSuite{Name: "chatconform " + run.Target, Time: secs(run.Finished.Sub(run.Started)), Stamp: run.Started.UTC().Format(time.RFC3339)}
	for _, r := range run.Rows {
		c := junitCase{Name: r.ID + ": " + r.Title, Classname: "chatconform", Time: secs(r.Duration)}
		first := Headline(r.Detail)
		switch r.Outcome {
		case Failed:
			s.Failures++
			c.Failure = &junitMessage{Message: first, Type: "failed", Text: longText(r)}
		case Blocked:
			// An error, not a failure: the check's own clause was not judged.
			s.Errors++
			c.Error = &junitMessage{Message: first, Type: "blocked", Text: longText(r)}
		case KnownGap:
			s.Skipped++
			c.Skipped = &junitMessage{Message: first, Text: r.Detail}
		case Skipped:
			s.Skipped++
			c.Skipped = &junitMessage{Message: first}
		}
		s.Cases = append(s.Cases, c)
		s.Tests++
	}
	out, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{s}}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// longText is a row's whole message with its last exchanges.
func longText(r Row) string {
	text := r.Detail
	for _, x := range r.Exchanges {
		text += "\n\n" + x.String()
	}
	return text
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
