package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/results"
	"github.com/chatconform/chatconform/target"
)

var errChecksFailed = errors.New("checks failed")

// ansi matches terminal colour codes in ginkgo's messages.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// suites are the ginkgo suites a conformance run executes, relative to the
// module root.
var suites = []string{"./suites/setmsgread"}

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func conformance(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("conformance", stderr)
	var (
		targetName = fs.String("target", os.Getenv("TARGET"), "`target`: emulator (default), a region name, or an http(s) base URL")
		labels     = fs.String("labels", os.Getenv("LABELS"), "ginkgo label `filter` selecting the checks to run")
		reportDir  = fs.String("report-dir", envOr("REPORT_DIR", "reports"), "`folder` for junit.xml and report.json")
		procs      = fs.Int("procs", max(2, runtime.NumCPU()), "parallel ginkgo `processes` (rate-limit checks always run alone)")
	)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	base, region, err := target.Resolve(strings.TrimSpace(*targetName))
	if err != nil {
		return usagef("conformance: %v", err)
	}
	if base != "" {
		if _, _, _, set, err := credentials(); err != nil {
			return err
		} else if !set {
			return usagef("conformance: target %s needs credentials: set TIM_SDKAPPID and TIM_SECRET_KEY (and TIM_ADMIN, default administrator)", *targetName)
		}
	}
	if _, err := types.ParseLabelFilter(*labels); err != nil {
		return usagef("conformance: label filter %q: %s", *labels, strings.TrimSpace(ansi.ReplaceAllString(err.Error(), "")))
	}
	if *procs < 1 {
		return usagef("conformance: -procs must be at least 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(*reportDir)
	if err != nil {
		return usagef("conformance: report folder %q: %v", *reportDir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report folder: %w", err)
	}
	jsonReport := filepath.Join(dir, "report.json")
	os.Remove(jsonReport) // a stale report must not stand in for this run's

	ginkgoArgs := []string{"tool", "ginkgo", "run", "--fail-on-empty", "-v",
		fmt.Sprintf("--procs=%d", *procs),
		"--output-dir=" + dir, "--junit-report=junit.xml", "--json-report=report.json",
		"--poll-progress-after=60s", "--poll-progress-interval=30s"}
	if *labels != "" {
		ginkgoArgs = append(ginkgoArgs, "--label-filter="+*labels)
	}
	if !isTerminal(stdout) {
		ginkgoArgs = append(ginkgoArgs, "--no-color")
	}
	ginkgoArgs = append(ginkgoArgs, suites...)
	cmd := exec.Command("go", ginkgoArgs...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = append(os.Environ(), "TARGET="+strings.TrimSpace(*targetName))
	name := *targetName
	if name == "" {
		name = target.Embedded
	}
	fmt.Fprintf(stdout, "chatconform: running the conformance suite against %s", name)
	if region {
		fmt.Fprintf(stdout, " (%s)", base)
	}
	fmt.Fprintln(stdout)
	runErr := cmd.Run()

	rs, err := results.Read(jsonReport)
	if err != nil {
		if runErr != nil {
			return fmt.Errorf("ginkgo: %v, and no report was written: %v", runErr, err)
		}
		return err
	}
	summarize(stdout, name, rs, dir)
	if runErr != nil || results.Count(rs).Failed > 0 {
		return errChecksFailed
	}
	return nil
}

// summarize prints the closing summary: totals, then each failed and
// skipped check, then the variants the target chose where the docs allow
// several.
func summarize(w io.Writer, name string, rs []results.Result, dir string) {
	t := results.Count(rs)
	fmt.Fprintf(w, "\nchatconform summary for %s\n", name)
	section := func(title string, keep func(results.Result) bool, detail func(results.Result) string) {
		var lines []string
		for _, r := range rs {
			if keep(r) {
				lines = append(lines, fmt.Sprintf("  %s %s%s", r.ID, r.Title, detail(r)))
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "%s:\n%s\n", title, strings.Join(lines, "\n"))
		}
	}
	firstLine := func(s string) string {
		s, _, _ = strings.Cut(s, "\n")
		return s
	}
	section("failed", results.Result.Failed, func(r results.Result) string { return " — " + firstLine(target.Redact(r.Message)) })
	section("skipped", func(r results.Result) bool { return r.State == "skipped" }, func(r results.Result) string {
		if r.Message == "" {
			return " — not selected"
		}
		return " — " + firstLine(r.Message)
	})
	section("variants the target chose", func(r results.Result) bool { return len(r.Variants) > 0 }, func(r results.Result) string {
		return "\n    " + strings.Join(r.Variants, "\n    ")
	})
	if t.Passed+t.Failed == 0 {
		fmt.Fprintln(w, "no check ran: the label filter selects none, and an empty run fails")
	}
	fmt.Fprintf(w, "reports: %s, %s\n", filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json"))
	fmt.Fprintf(w, "conformance: %d passed, %d failed, %d skipped\n", t.Passed, t.Failed, t.Skipped)
}

// moduleRoot finds the chatconform module root from the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, suites[0], "checks.go")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", usagef("conformance: run it inside the chatconform module (no %s found above the working directory)", suites[0])
		}
		dir = parent
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
