package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/gaps"
	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/parity"
	"github.com/chatconform/chatconform/internal/report"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/suitebin"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/timedlock"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

var errChecksFailed = errors.New("checks failed")

// How many endpoints' rate-limit checks run at once, by default: against
// a region or URL, four (the pages give each API its own limit, but say
// nothing of a cap on the app as a whole); against the embedded emulator,
// whose limits are per API and nothing else (see the emulator's docs),
// eight.
const (
	defaultRateProcs         = 4
	defaultEmbeddedRateProcs = 8
)

// defaultProcs is how many ginkgo processes run the other checks: most of
// their time is spent waiting (for callbacks that must arrive once, for
// clocks), so more processes than cores.
func defaultProcs() int { return max(4, runtime.NumCPU()) }

// ansi matches terminal colour codes in ginkgo's messages.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// selectedSuites returns the suites with checks filter selects.
func selectedSuites(filter string) []suites.Suite {
	var out []suites.Suite
	for _, s := range suites.All {
		if selects(filter, s.Checks().List()) {
			out = append(out, s)
		}
	}
	return out
}

// compileSuites is the compile command: every suite, compiled once into
// a folder that runs then name in CHATCONFORM_SUITES (suitebin.Env).
func compileSuites(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compile", stderr)
	out := fs.String("o", "", "`folder` to compile the suites into (created; each suite in <folder>/<name>/<name>.test)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("compile: -o names the folder to compile the suites into")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return usagef("compile: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("compile: %w", err)
	}
	if _, err := suitebin.Build(root, dir, suites.All, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "chatconform compile: %d suites in %s (run them with %s=%s)\n", len(suites.All), dir, suitebin.Env, dir)
	return nil
}

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func conformance(args []string, stdout, stderr io.Writer) error {
	return runSuites("conformance", args, stdout, stderr, nil)
}

// recorder receives the results of a record run.
type recorder func(rs []results.Result, target string, started time.Time) error

// runSuites runs the suites. With record set, every check reports what it
// observed and record gets the results instead of the reports being written.
func runSuites(command string, args []string, stdout, stderr io.Writer, record func(fs *flag.FlagSet) recorder) error {
	fs := newFlags(command, stderr)
	var (
		targetName = fs.String("target", os.Getenv("TARGET"), "`target`: emulator (default), a region name, or an http(s) base URL")
		labels     = fs.String("labels", os.Getenv("LABELS"), "ginkgo label `filter` selecting the checks to run")
		reportDir  = fs.String("report-dir", envOr("REPORT_DIR", "reports"), "`folder` for the reports")
		procs      = fs.Int("procs", defaultProcs(), "parallel ginkgo `processes` (rate-limit checks always run apart from the rest)")
		rateProcs  = fs.Int("rate-procs", defaultRateProcs, fmt.Sprintf("`endpoints` whose rate-limit checks run at the same time (the pages give each API its own limit; 1 runs them one by one; %d on the embedded emulator unless set, or unless %s is set)", defaultEmbeddedRateProcs, timedlock.Env))
		gapsFile   = fs.String("known-gaps", os.Getenv("KNOWN_GAPS"), "manifest `file` of checks the target is known to fail")
		ledgerFile = fs.String("ledger", os.Getenv("LEDGER"), "ledger `file` of created accounts (default "+ledger.DefaultPath+" in the module)")
		oneByOne   = fs.Bool("one-by-one", false, "run a pass's suites one after another even on the embedded emulator (side by side there by default; always one after another elsewhere)")
		observed   = fs.String("observed", os.Getenv("OBSERVED"), "observed profile `file`: conformance holds the checks the docs leave open to it; record writes it (default observed/<target>.json)")
	)
	var rec recorder
	if record != nil {
		rec = record(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	name := strings.TrimSpace(*targetName)
	base, region, err := target.Resolve(name)
	if err != nil {
		return usagef("conformance: %v", err)
	}
	if name == "" {
		name = target.Embedded
	}
	if base != "" {
		if _, _, _, set, err := credentials(); err != nil {
			return err
		} else if !set {
			return usagef("conformance: target %s needs credentials: set TIM_SDKAPPID and TIM_SECRET_KEY (and TIM_ADMIN, default administrator)", name)
		}
	}
	if _, err := types.ParseLabelFilter(*labels); err != nil {
		return usagef("conformance: label filter %q: %s", *labels, strings.TrimSpace(ansi.ReplaceAllString(err.Error(), "")))
	}
	if *procs < 1 {
		return usagef("conformance: -procs must be at least 1")
	}
	var compiled map[string]string // the suites compiled beforehand, if any
	if pre := suitebin.Dir(); pre != "" {
		if compiled, err = suitebin.Find(pre, suites.All); err != nil {
			return usagef("conformance: %v", err)
		}
	}
	if _, _, err := framework.ReadWaits(framework.CallbackWait, framework.SettleWait); err != nil {
		return usagef("conformance: %v", err)
	}
	rateSet := false
	fs.Visit(func(f *flag.Flag) { rateSet = rateSet || f.Name == "rate-procs" })
	switch {
	case *rateProcs < 1:
		return usagef("conformance: -rate-procs must be at least 1")
	case !rateSet && base == "" && !timedlock.Sharing():
		// On a machine shared with other runs (make test) the default
		// stays at four: eight bursts at once with the machine busy
		// elsewhere hold the load generator, and the emulator, back.
		*rateProcs = defaultEmbeddedRateProcs
	}
	var gapList []gaps.Gap
	if *gapsFile != "" {
		gapList, err = gaps.Load(*gapsFile, func(id string) bool { _, ok := suites.Get(id); return ok })
		if err != nil {
			return usagef("conformance: %v", err)
		}
	}
	var profile *parity.Profile
	if rec == nil && *observed != "" { // record writes the profile instead
		if profile, err = parity.Load(*observed); err != nil {
			return usagef("conformance: %v", err)
		}
		if *observed, err = filepath.Abs(*observed); err != nil {
			return usagef("conformance: %v", err)
		}
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	ledgerAt, err := ledgerPath(*ledgerFile, root)
	if err != nil {
		return usagef("conformance: ledger: %v", err)
	}
	dir, err := filepath.Abs(*reportDir)
	if err != nil {
		return usagef("conformance: report folder %q: %v", *reportDir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report folder: %w", err)
	}
	jsonReport := filepath.Join(dir, "report.json")
	// A stale report must not stand in for this run's: nor the parts a
	// killed run left of one (a suite's own, side by side).
	stale, _ := filepath.Glob(filepath.Join(dir, "report-*.json"))
	for _, name := range []string{"report.json", "junit.xml", "report.html", "summary.md"} {
		stale = append(stale, filepath.Join(dir, name))
	}
	for _, path := range stale {
		os.Remove(path)
	}

	if base != "" {
		if err := preflight(base, name); err != nil {
			return err
		}
	}

	// Two passes. First the rate-limit checks (the contract suite's several
	// endpoints at a time, each endpoint's pair in order on one process;
	// the others' one by one) and the app-wide checks, one by one, with no
	// other check of their suite calling the target; then every other
	// check. On the embedded emulator a pass runs its suites side by side,
	// each against an emulator of its own; elsewhere one after another.
	// On an interrupt the runner skips the pass still to come, reports what
	// ran and removes the compiled suites. A terminal's ^C reaches every
	// process of the run, and the checks under way stop at once; a SIGTERM
	// sent to the runner alone is passed on to the ginkgo commands under
	// way, which finish the suites they are running and start no other.
	// (The ginkgo runs stay in the runner's process group, so that a signal
	// to the group, a SIGKILL from a CI job's timeout say, ends them all.)
	var (
		runningMu   sync.Mutex
		running     = map[*os.Process]bool{} // the ginkgo runs under way
		interrupted atomic.Bool
	)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		for sig := range signals {
			interrupted.Store(true)
			if sig != syscall.SIGTERM {
				continue
			}
			runningMu.Lock()
			for p := range running {
				p.Signal(sig)
			}
			runningMu.Unlock()
		}
	}()
	ginkgo, err := suitebin.Ginkgo(root)
	if err != nil {
		return err
	}
	ginkgoRun := func(stdout, stderr io.Writer, light bool, procs int, filter, reportName string, env []string, paths ...string) error {
		args := []string{"run", "--keep-going", "-v",
			fmt.Sprintf("--procs=%d", procs),
			"--output-dir=" + dir, "--json-report=" + reportName,
			"--poll-progress-after=60s", "--poll-progress-interval=30s"}
		if filter != "" {
			args = append(args, "--label-filter="+filter)
		}
		if !isTerminal(stdout) {
			args = append(args, "--no-color")
		}
		name, args := ginkgo, append(args, paths...)
		if light {
			name, args = timedlock.Light(name, args...)
		}
		cmd := exec.Command(name, args...)
		cmd.Dir = root
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.Env = append(os.Environ(), "TARGET="+strings.TrimSpace(*targetName), "CHATCONFORM_LEDGER="+ledgerAt, "OBSERVED="+*observed)
		if rec != nil {
			cmd.Env = append(cmd.Env, "CHATCONFORM_RECORD=1")
		}
		cmd.Env = append(cmd.Env, env...)
		runningMu.Lock()
		if interrupted.Load() {
			runningMu.Unlock()
			return errors.New("interrupted")
		}
		err := cmd.Start()
		if err == nil {
			running[cmd.Process] = true
		}
		runningMu.Unlock()
		if err != nil {
			return err
		}
		defer func() {
			runningMu.Lock()
			delete(running, cmd.Process)
			runningMu.Unlock()
		}()
		return cmd.Wait()
	}
	display := name
	if region {
		display += " (" + base + ")"
	}
	fmt.Fprintf(stdout, "chatconform %s: running the conformance suite against %s\n", command, display)
	started := time.Now()
	// A recording runs the same two passes, so that what it records of
	// the rate checks is what a conformance run held to it will see. Only
	// the suites with checks a pass selects are compiled and run.
	rest, alone := andFilter(*labels, "!("+contract.FirstPass+")"), andFilter(*labels, contract.FirstPass)
	restSuites, aloneSuites := selectedSuites(rest), selectedSuites(alone)
	firstPass := len(aloneSuites) > 0
	if len(restSuites) == 0 && !firstPass {
		restSuites = suites.All // nothing selected: ginkgo says so, suite by suite
	}
	toBuild := slices.Clone(restSuites)
	for _, s := range aloneSuites {
		if !slices.ContainsFunc(toBuild, func(b suites.Suite) bool { return b.Name == s.Name }) {
			toBuild = append(toBuild, s)
		}
	}
	bins := compiled
	if bins == nil {
		binDir, err := os.MkdirTemp("", "chatconform-suites")
		if err != nil {
			return err
		}
		defer os.RemoveAll(binDir)
		// Both passes run them, so none is linked twice.
		if bins, err = suitebin.Build(root, binDir, toBuild, stderr); err != nil {
			return err
		}
	}
	// A pass runs its suites one after another in one ginkgo run; on the
	// embedded emulator, where each suite has an emulator (and a callback
	// receiver) of its own, side by side, one ginkgo run each.
	// A fixed callback address (CALLBACK_LISTEN) is one port, which only
	// one suite at a time can listen on.
	apart := base == "" && !*oneByOne && os.Getenv(framework.EnvCallbackListen) == ""
	// procs gives a suite its ginkgo processes; run alone, the suites of a
	// pass share the largest.
	pass := func(light bool, procs func(suites.Suite) int, filter, reportName string, env []string, ss []suites.Suite) error {
		if !apart || len(ss) < 2 {
			var paths []string
			n := 1
			for _, s := range ss {
				paths = append(paths, bins[s.Name])
				n = max(n, procs(s))
			}
			return ginkgoRun(stdout, stderr, light, n, filter, reportName, env, paths...)
		}
		return sideBySide(dir, reportName, ss, stdout, stderr, func(s suites.Suite, report string, stdout, stderr io.Writer) error {
			return ginkgoRun(stdout, stderr, light, procs(s), filter, report, env, bins[s.Name])
		})
	}
	// In the first pass only the contract suite's rate checks run side by
	// side (EnvRateParallel); every other check there is Serial.
	firstProcs := func(s suites.Suite) int {
		if s.RateParallel {
			return *rateProcs
		}
		return 1
	}
	order := "one after another"
	if apart {
		order = "side by side"
	}
	// The rate pass first: while runs share the machine it waits for the
	// timed lock, and the sooner it asks, the less the lock sits idle
	// (CHATCONFORM_TIMED_LOCK; see internal/timedlock).
	var runErr error
	if firstPass {
		fmt.Fprintf(stdout, "chatconform %s: the rate-limit and app-wide checks of %d suites, %s (the contract suite's rate checks %d endpoints at a time, the others one by one)\n", command, len(aloneSuites), order, *rateProcs)
		release, err := timedlock.Acquire(stdout, "chatconform "+command)
		if err != nil {
			return err
		}
		runErr = timed(stdout, command, "the rate-limit and app-wide checks", func() error {
			return pass(false, firstProcs, alone, "report-rate.json", []string{contract.EnvRateParallel + "=1"}, aloneSuites)
		})
		release()
	}
	if len(restSuites) > 0 && !interrupted.Load() {
		fmt.Fprintf(stdout, "chatconform %s: the other checks of %d suites, %s, on %d processes each\n", command, len(restSuites), order, *procs)
		// What measures no throughput runs at a lower priority while the
		// machine is shared (see internal/timedlock).
		err := timed(stdout, command, "the other checks", func() error {
			return pass(true, func(suites.Suite) int { return *procs }, rest, "report.json", nil, restSuites)
		})
		if runErr == nil {
			runErr = err
		}
	}
	if err := mergeReports(jsonReport, filepath.Join(dir, "report-rate.json")); err != nil {
		return err
	}
	finished := time.Now()

	rs, err := results.Read(jsonReport)
	if err != nil {
		if runErr != nil {
			return fmt.Errorf("ginkgo: %v, and no report was written: %v", runErr, err)
		}
		return err
	}
	if rec != nil {
		if interrupted.Load() {
			return errors.New("interrupted: nothing recorded")
		}
		return rec(rs, display, started)
	}
	run := report.Build(checkList(), rs, gapList, name, finished)
	run.Started, run.Finished, run.GapsFile = started, finished, *gapsFile
	if profile != nil {
		run.Observed = fmt.Sprintf("%s: %s, recorded %s from %s", *observed, profile.Source, profile.Recorded.Format(time.DateOnly), profile.Target)
	}
	run.FamilyRows = run.Families(families())
	run.Versions = versions(root)
	run.Coverage = coverage(rs)
	if err := report.Write(dir, run); err != nil {
		return err
	}
	summarize(stdout, run, dir)
	if interrupted.Load() {
		return errors.New("interrupted: the reports hold the checks that ran")
	}
	if !run.OK() {
		return errChecksFailed
	}
	if runErr != nil && run.Totals()[report.KnownGap] == 0 {
		return fmt.Errorf("ginkgo: %v", runErr)
	}
	return nil
}

// andFilter is the label filter selecting what both a and b select (a
// may be empty: everything).
func andFilter(a, b string) string {
	if strings.TrimSpace(a) == "" {
		return b
	}
	return "(" + a + ") && (" + b + ")"
}

// selects reports whether filter selects any of checks.
func selects(filter string, checks []framework.Check) bool {
	f, err := types.ParseLabelFilter(filter)
	if err != nil {
		return false
	}
	for _, c := range checks {
		if f(c.Labels) {
			return true
		}
	}
	return false
}

// mergeReports appends the suite reports of the ginkgo JSON report extra
// to those of main, in main, and removes extra. A pass that wrote no
// report adds nothing.
func mergeReports(main, extra string) error {
	read := func(path string) ([]types.Report, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var rs []types.Report
		if err := json.Unmarshal(data, &rs); err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		return rs, nil
	}
	more, err := read(extra)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	all, err := read(main)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	data, err := json.Marshal(mergeSuites(all, more))
	if err != nil {
		return err
	}
	if err := os.WriteFile(main, data, 0o644); err != nil {
		return err
	}
	return os.Remove(extra)
}

// mergeSuites folds the rate pass's reports into the other pass's: a suite
// both ran becomes one report whose specs are those each pass ran (a spec
// the other pass's filter left out stays out), with both run times.
func mergeSuites(all, more []types.Report) []types.Report {
	filtered := func(s types.SpecReport) bool {
		return s.State == types.SpecStateSkipped && s.Failure.Message == "" && s.RunTime == 0
	}
	key := func(s types.SpecReport) string {
		return strings.Join(append(slices.Clone(s.ContainerHierarchyTexts), s.LeafNodeText), " ")
	}
	for _, m := range more {
		i := slices.IndexFunc(all, func(r types.Report) bool { return r.SuitePath == m.SuitePath })
		if i < 0 {
			all = append(all, m)
			continue
		}
		r := &all[i]
		at := map[string]int{}
		for j, s := range r.SpecReports {
			if s.LeafNodeType.Is(types.NodeTypeIt) {
				at[key(s)] = j
			}
		}
		for _, s := range m.SpecReports {
			if filtered(s) {
				continue
			}
			if j, ok := at[key(s)]; ok && s.LeafNodeType.Is(types.NodeTypeIt) {
				r.SpecReports[j] = s
			} else {
				r.SpecReports = append(r.SpecReports, s)
			}
		}
		r.RunTime += m.RunTime
		r.SuiteSucceeded = r.SuiteSucceeded && m.SuiteSucceeded
	}
	return all
}

// families are the rows of the "are we there yet" table: one per API
// family of the catalogue, then one per kind of check.
func families() []report.Family {
	var out []report.Family
	for _, f := range schemas.MustLoad().Families {
		out = append(out, report.Family{Label: contract.FamilyLabel(f.Key), Title: f.Title})
	}
	for _, k := range [][2]string{
		{"envelope", "kind: envelope"}, {"schema", "kind: samples and schemas"}, {"errors", "kind: errors"},
		{"auth", "kind: auth"}, {"behaviour", "kind: behaviour"}, {"rate-limit", "kind: rate limit"}, {"probe", "kind: probes"},
	} {
		out = append(out, report.Family{Label: k[0], Title: k[1]})
	}
	return out
}

// coverage says, for every endpoint and webhook of the catalogue, whether
// it is described (has schemas), checked (this run called it) and served
// by the emulator, then what the run exercised of admin_set_msg_read.
func coverage(rs []results.Result) []report.CoverageLine {
	var all results.Coverage
	for _, r := range rs {
		all.Add(r.Coverage)
	}
	cat := schemas.MustLoad()
	endpoints := schemas.Endpoints()
	var hooks []string
	for _, w := range cat.Webhooks {
		hooks = append(hooks, w.Command)
	}
	served := map[string]bool{}
	for _, ep := range emulator.Endpoints() {
		served[ep] = true
	}
	hookServed := map[string]bool{}
	for _, w := range emulator.Webhooks() {
		hookServed[w] = true
	}
	checkedHooks := map[string]bool{}
	for _, r := range rs {
		for _, l := range r.Labels {
			if cmd, ok := strings.CutPrefix(l, "webhook:"); ok && r.State == "passed" || ok && r.Failed() {
				checkedHooks[cmd] = true
			}
		}
	}
	yes := func(string) bool { return true }
	out := []report.CoverageLine{
		report.Split("endpoints described", endpoints, yes),
		report.Split("endpoints checked", endpoints, func(e string) bool { return all.Endpoints[e] != nil }),
		report.Split("endpoints served by the emulator", endpoints, func(e string) bool { return served[e] }),
		report.Split("webhooks described", hooks, yes),
		report.Split("webhooks checked", hooks, func(c string) bool { return checkedHooks[c] }),
		report.Split("webhooks served by the emulator", hooks, func(c string) bool { return hookServed[c] }),
	}
	detail := report.Coverage(rs, endpoints, setmsgread.SetMsgRead, setmsgread.RequestFields, setmsgread.DocumentedCodes)
	return append(out, detail[1:]...)
}

// versions names what produced the report.
func versions(root string) [][2]string {
	rev := "unknown"
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output(); err == nil {
		rev = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "-C", root, "status", "--porcelain").Output(); err == nil && len(st) > 0 {
			rev += " (modified)"
		}
	}
	return [][2]string{{"chatconform", rev}, {"go", runtime.Version()}, {"ginkgo", types.VERSION}}
}

// summarize prints the closing summary: each failed, known-gap and skipped
// check, the variants the target chose, notes, coverage, then the totals.
func summarize(w io.Writer, run report.Run, dir string) {
	t := run.Totals()
	fmt.Fprintf(w, "\nchatconform summary for %s\n", run.Target)
	if len(run.FamilyRows) > 0 {
		fmt.Fprint(w, report.FamilyTable(run.FamilyRows))
	}
	for _, g := range run.BlockedGroups() {
		fmt.Fprintf(w, "%s\n  %s\n", g, strings.Join(g.IDs, " "))
	}
	firstLine := report.Headline
	section := func(title string, keep func(report.Row) bool, detail func(report.Row) string) {
		var lines []string
		for _, r := range run.Rows {
			if keep(r) {
				lines = append(lines, fmt.Sprintf("  %s %s%s", r.ID, r.Title, detail(r)))
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "%s:\n%s\n", title, strings.Join(lines, "\n"))
		}
	}
	is := func(o string) func(report.Row) bool { return func(r report.Row) bool { return r.Outcome == o } }
	section("failed", is(report.Failed), func(r report.Row) string { return " — " + firstLine(r.Detail) })
	section("blocked", is(report.Blocked), func(r report.Row) string { return " — " + firstLine(r.Detail) })
	section("known gaps", is(report.KnownGap), func(r report.Row) string { return " — " + firstLine(r.Detail) })
	section("skipped", is(report.Skipped), func(r report.Row) string { return " — " + firstLine(r.Detail) })
	section("variants the target chose", func(r report.Row) bool { return len(r.Variants) > 0 }, func(r report.Row) string {
		return "\n    " + strings.Join(r.Variants, "\n    ")
	})
	for _, n := range run.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if run.Observed != "" {
		held := 0
		for _, r := range run.Rows {
			if strings.HasPrefix(r.Observed, "held") {
				held++
			}
		}
		fmt.Fprintf(w, "observed profile %s: %d checks held to its answers\n", run.Observed, held)
	}
	if t[report.Passed]+t[report.Failed]+t[report.KnownGap] > 0 {
		fmt.Fprintln(w, "coverage:")
		for _, c := range run.Coverage {
			fmt.Fprintf(w, "  %s\n", c)
		}
	} else {
		fmt.Fprintln(w, "no check ran: the label filter selects none, and an empty run fails")
	}
	fmt.Fprintf(w, "reports: %s (report.html, summary.md, junit.xml, report.json)\n", dir)
	if t[report.KnownGap] > 0 {
		fmt.Fprintf(w, "known gaps: %d (not counted as failures)\n", t[report.KnownGap])
	}
	if t[report.Blocked] > 0 {
		fmt.Fprintf(w, "blocked: %d (counted as failed below: a call their preconditions needed did not conform)\n", t[report.Blocked])
	}
	// The last line keeps the plain "N passed, N failed, N skipped" form CI
	// tools read.
	fmt.Fprintf(w, "conformance: %d passed, %d failed, %d skipped\n", t[report.Passed], t[report.Failed]+t[report.Blocked], t[report.Skipped]+t[report.KnownGap])
}

// moduleRoot finds the chatconform module root from the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "suites", "suites.go")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", usagef("run it inside the chatconform module (no suites/suites.go found above the working directory)")
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
