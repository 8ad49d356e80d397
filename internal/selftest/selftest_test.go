package selftest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/report"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/suitebin"
	"github.com/chatconform/chatconform/internal/timedlock"
	"github.com/chatconform/chatconform/suites"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
)

// goDump matches what a Go value dump looks like in a line of a report (a
// pointer starts a word: generated account IDs hold "0x" by chance).
var goDump = regexp.MustCompile(`\b0x[0-9a-f]{4,}|<\*[^>]*\||Unexpected error`)

// outcome is one run of the suite against one variant.
type outcome struct {
	v       Variant
	suite   string
	results []results.Result
	failed  []string
	blocked []string
	passed  int
	err     error
	log     string
	took    time.Duration
	// parts names the parts of a rejected combined perturbation that the
	// suite rejects alone.
	parts []string
}

// rejected reports whether the suite rejected a perturbation: a check
// failed or was blocked, or none passed.
func (o outcome) rejected() bool {
	return o.err != nil || len(o.failed) > 0 || len(o.blocked) > 0 || o.passed == 0
}

// focused reports whether v runs only the checks it names (see runSuite).
func focused(v Variant) bool { return !v.Benign && v.Verdict == nil && len(v.Kills) > 0 }

// lightRuns is how many suite runs without rate-limit checks go at once.
// Those runs mostly wait (for callbacks that must arrive once within a
// window, for clocks), so the two cores carry many, beside the timed runs
// (which measure throughput, and get the cores first; see TestSelfTest).
const lightRuns = 16

// timedSlots is how many of the timed runs' slots there are: a run on
// several processes takes two (the deviant that never throttles, whose
// every call does its whole work, and the one whose limits are lower,
// whose calls are mostly throttled, go side by side), a run on one process
// one (four at once: each is one check at a time).
const timedSlots = 4

// scheduler admits runs, one at a time in the order asked, each taking
// some of n slots (see acquire).
type scheduler struct {
	slots chan struct{}
}

func newScheduler(n int) *scheduler { return &scheduler{slots: make(chan struct{}, n)} }

// acquire waits for a run's slots and returns their release: a run on one
// process takes one, a run on several two.
func (s *scheduler) acquire(parallel bool) func() {
	n := 1
	if parallel {
		n = min(2, cap(s.slots))
	}
	for range n {
		s.slots <- struct{}{}
	}
	return func() {
		for range n {
			<-s.slots
		}
	}
}

// runSuite runs the compiled suite against v and reads its report. With
// ginkgo set and procs over 1, ginkgo runs it on procs processes, and
// rate, when set, lets the contract suite's endpoints take turns in
// parallel (its rate pass, as `make conformance` runs it); timed says the
// run measures throughput.
func runSuite(ctx context.Context, bin, dir string, v Variant, ginkgo string, procs int, rate, timed bool) outcome {
	o := outcome{v: v, suite: filepath.Base(bin)}
	// The suite's receiver gets the emulator's callbacks, as it would a
	// remote target's: on a free port named by CALLBACK_LISTEN.
	listen, err := freeAddr()
	if err != nil {
		o.err = err
		return o
	}
	url, stop, err := StartCallbacks(v, "http://"+listen+"/")
	if err != nil {
		o.err = err
		return o
	}
	defer stop()
	name := v.Name + "." + o.suite + ".json"
	report := filepath.Join(dir, name)
	// The flags are the suite binary's (--ginkgo.x) or, through ginkgo's
	// command, the same without the prefix.
	flag := func(f string) string { return "--ginkgo." + f }
	if procs > 1 {
		flag = func(f string) string { return "--" + f }
	}
	args := []string{flag("fail-on-empty"), flag("no-color")}
	if procs > 1 {
		args = append(args, fmt.Sprintf("--procs=%d", procs), "--output-dir="+dir, "--json-report="+name)
	} else {
		args = append(args, flag("json-report="+report))
	}
	if v.Labels != "" {
		args = append(args, flag("label-filter="+v.Labels))
	}
	// A deviant that names the checks it kills runs only those: what it
	// must prove is that each of them fails against it, and the run takes
	// seconds instead of the whole suite's windows and clocks. The rest
	// (perturbations, judged variants) run everything their labels select.
	if focused(v) {
		ids := make([]string, len(v.Kills))
		for i, id := range v.Kills {
			ids[i] = regexp.QuoteMeta(id)
		}
		args = append(args, flag("focus=(^| )("+strings.Join(ids, "|")+"):"))
	}
	command := bin
	if procs > 1 {
		command, args = ginkgo, append(append([]string{"run"}, args...), bin)
	}
	// A run that measures no throughput yields the cores to those that
	// do while make test shares the machine (see internal/timedlock).
	if !timed {
		command, args = timedlock.Light(command, args...)
	}
	cmd := exec.CommandContext(ctx, command, args...)
	// At the self-test's deadline ginkgo's command is interrupted, which
	// it passes on to the suite's processes; they get a while to stop.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.Env = append(os.Environ(),
		"TARGET="+url,
		fmt.Sprintf("TIM_SDKAPPID=%d", emulator.TestSDKAppID),
		"TIM_SECRET_KEY="+emulator.TestKey,
		"TIM_ADMIN="+emulator.TestAdmin,
		"ALLOW_DISRUPTIVE=",
		"CHATCONFORM_LEDGER="+filepath.Join(dir, v.Name+"."+o.suite+".ledger.jsonl"),
		"CALLBACK_LISTEN="+listen,
		// The variants deliver their callbacks in milliseconds, so a
		// deviant that never sends one is found in seconds.
		framework.EnvCallbackWait+"="+callbackWait,
		framework.EnvSettleWait+"="+callbackWait,
	)
	// Most runs are one process that starts, runs a check or two and
	// ends: at Go's default GOGC a third of its CPU went to collecting
	// what its start allocates (the contract suite's 934 specs); at 400
	// it takes a third less, for some 15 MB more.
	if os.Getenv("GOGC") == "" {
		cmd.Env = append(cmd.Env, "GOGC=400")
	}
	if rate {
		cmd.Env = append(cmd.Env, contract.EnvRateParallel+"=1")
	}
	if v.Observed {
		profile, err := filepath.Abs("../parity/profiles/emulator.json")
		if err != nil {
			o.err = err
			return o
		}
		cmd.Env = append(cmd.Env, "OBSERVED="+profile)
	}
	out, runErr := cmd.CombinedOutput()
	o.log = string(out)
	o.results, err = results.Read(report)
	if err != nil {
		o.err = fmt.Errorf("%v (suite: %v)", err, runErr)
		return o
	}
	for _, r := range o.results {
		switch {
		case r.Failed() && r.BlockedBy == "":
			o.failed = append(o.failed, r.ID)
		case r.Failed():
			o.blocked = append(o.blocked, r.ID)
		case r.State == "passed":
			o.passed++
		}
	}
	return o
}

// runProcs is how many processes a run of size checks, rate of them the
// contract suite's rate checks, takes: a run of a few checks one (it
// takes less to start); a long run several, as `make conformance` runs
// the suites, so that its checks' waits overlap; and a run of nothing but
// several endpoints' rate checks rateProcs, with the endpoints taking
// turns in parallel (the pages give each API its own limit; no other
// check calls them meanwhile, as in the runner's rate pass).
func runProcs(size, rate int) (procs int, parallelRate bool) {
	switch {
	case rate > 1 && rate == size:
		return min(rate, rateProcs), true
	case size >= longRun:
		return suiteProcs, false
	}
	return 1, false
}

// callbackWait is how long the self-test's webhook checks wait for a
// callback, and its checks for state that catches up later (the variants
// catch up at once).
const callbackWait = "3s"

// The processes of a long run and of a run of rate checks, and how many
// checks make a run long.
const (
	suiteProcs = 4
	rateProcs  = 4 // a deviant that never throttles does each call's whole work: eight at once starve the load generator
	longRun    = 40
)

// nextPort counts through the ports the receivers listen on. They lie
// below the kernel's ephemeral range (32768 and up on Linux), so no
// listener on port 0 and no outgoing connection of a concurrent run can
// take one between this check and the suite's listen, as happened when
// the receivers' ports came from port 0 too.
var nextPort atomic.Int32

func init() { nextPort.Store(21000) }

// freeAddr returns a loopback address, below the ephemeral range, that no
// one listens on now.
func freeAddr() (string, error) {
	for range 2000 {
		addr := fmt.Sprintf("127.0.0.1:%d", nextPort.Add(1))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			continue // something of the machine's own listens there
		}
		ln.Close()
		return addr, nil
	}
	return "", fmt.Errorf("no free port between 21000 and 23000 for a callback receiver")
}

// TestSelfTest runs the suite against every deviant and perturbation.
func TestSelfTest(t *testing.T) {
	if testing.Short() {
		t.Skip("the self-test builds and runs the whole suite")
	}
	dir := t.TempDir()
	// The suites compiled beforehand (make test compiles them once for
	// every step: runner compile), or else here.
	var bins map[string]string
	var err error
	if pre := suitebin.Dir(); pre != "" {
		bins, err = suitebin.Find(pre, suites.All)
	} else {
		var out strings.Builder
		if bins, err = suitebin.Build("../..", dir, suites.All, &out); err != nil {
			err = fmt.Errorf("%v\n%s", err, out.String())
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	ginkgo, err := suitebin.Ginkgo("../..")
	if err != nil {
		t.Fatal(err)
	}

	// Deviants run the suite whose checks they break; perturbations run both.
	type job struct {
		v     Variant
		bin   string
		timed bool // it selects rate-limit checks, which measure throughput (it takes the timed lock)
		size  int  // how many checks it runs
		rate  int  // how many of them are the contract suite's rate checks
	}
	var jobs []job
	suiteOf := map[string]suites.Suite{}
	for _, s := range suites.All {
		suiteOf[bins[s.Name]] = s
	}
	for _, v := range AllDeviants() {
		suite := v.Suite
		if suite == "" {
			suite = "setmsgread"
		}
		bin, ok := bins[suite]
		if !ok {
			t.Fatalf("deviant %s runs suite %q, which is not in suites.All", v.Name, suite)
		}
		jobs = append(jobs, job{v: v, bin: bin})
	}
	// A perturbation runs every suite that has checks its label filter
	// selects (a suite without rate checks has nothing for a limiter's).
	// Most run combined (PerturbationRuns); when SELFTEST_VARIANTS picks
	// some, the combined ones' parts can be picked alone too.
	only := os.Getenv("SELFTEST_VARIANTS")
	perturbationRuns := PerturbationRuns()
	if only != "" {
		for _, v := range perturbationRuns {
			perturbationRuns = append(perturbationRuns, v.Parts...)
		}
	}
	for _, v := range perturbationRuns {
		filter, err := types.ParseLabelFilter(v.Labels)
		if err != nil {
			t.Fatalf("perturbation %s: label filter %q: %v", v.Name, v.Labels, err)
		}
		for _, s := range suites.All {
			for _, c := range s.Checks().List() {
				if filter(c.Labels) {
					jobs = append(jobs, job{v: v, bin: bins[s.Name]})
					break
				}
			}
		}
	}
	// SELFTEST_VARIANTS, a regular expression, runs only the variants it
	// matches (for working on a few); the check that every check is killed
	// then does not apply.
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			t.Fatalf("SELFTEST_VARIANTS: %v", err)
		}
		kept := jobs[:0]
		for _, j := range jobs {
			if re.MatchString(j.v.Name) {
				kept = append(kept, j)
			}
		}
		jobs = kept
	}
	for i, j := range jobs {
		filter, err := types.ParseLabelFilter(j.v.Labels)
		if err != nil {
			t.Fatalf("variant %s: label filter %q: %v", j.v.Name, j.v.Labels, err)
		}
		for _, c := range suiteOf[j.bin].Checks().List() {
			// A deviant that names its kills runs those alone.
			if !filter(c.Labels) || focused(j.v) && !slices.Contains(j.v.Kills, c.ID) {
				continue
			}
			jobs[i].size++
			if slices.Contains(c.Labels, "rate-limit") {
				jobs[i].timed = true
				if slices.Contains(c.Labels, "contract") {
					jobs[i].rate++
				}
			}
		}
	}
	// The longest runs first, timed and light (each kind has its own
	// dispatch): they would otherwise start last and leave the cores idle
	// while they finish.
	slices.SortStableFunc(jobs, func(a, b job) int { return b.size - a.size })
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	outcomes := make([]outcome, len(jobs))
	// The timed runs take turns at measuring throughput with the other
	// runs on this machine (CHATCONFORM_TIMED_LOCK, which make test sets;
	// alone, the self-test sets its own), and the light runs yield the
	// cores to them (timedlock.Light): the two go side by side, each
	// dispatched in its order (see timedSlots).
	if !timedlock.Sharing() {
		t.Setenv(timedlock.Env, filepath.Join(dir, "timed.lock"))
	}
	timedLock := &timedlock.Shared{Log: os.Stderr, What: "the self-test's timed runs"}
	light, timed := newScheduler(lightRuns), newScheduler(timedSlots)
	var wg sync.WaitGroup
	var finished atomic.Int32
	dispatch := func(s *scheduler, timedRuns bool) {
		defer wg.Done()
		for i, j := range jobs {
			if j.timed != timedRuns {
				continue
			}
			wg.Add(1)
			procs, rate := runProcs(j.size, j.rate)
			release := s.acquire(procs > 1) // in order: the dispatch waits here
			go func() {
				defer wg.Done()
				defer release()
				if j.timed {
					unlock, err := timedLock.Acquire()
					if err != nil {
						outcomes[i] = outcome{v: j.v, suite: filepath.Base(j.bin), err: err}
						return
					}
					defer unlock()
				}
				start := time.Now()
				outcomes[i] = runSuite(ctx, j.bin, dir, j.v, ginkgo, procs, rate, j.timed)
				// A rejected combination: which of its parts does the suite
				// reject alone?
				if o := &outcomes[i]; o.v.Benign && o.rejected() {
					for _, p := range o.v.Parts {
						if runSuite(ctx, j.bin, dir, p, ginkgo, procs, rate, j.timed).rejected() {
							o.parts = append(o.parts, p.Name)
						}
					}
				}
				outcomes[i].took = time.Since(start)
				// Progress, as runs end: a whole self-test takes minutes.
				o := outcomes[i]
				t.Logf("%d/%d %s/%s: %d passed, %d failed, %d blocked, %.0fs", finished.Add(1), len(jobs), j.v.Name, strings.TrimSuffix(o.suite, ".test"), o.passed, len(o.failed), len(o.blocked), o.took.Seconds())
			}()
		}
	}
	wg.Add(2)
	go dispatch(timed, true)
	go dispatch(light, false)
	wg.Wait()

	killedBy := map[string][]string{}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-40s %-10s %-8s %6s %s\n", "variant", "suite", "verdict", "took", "checks failed")
	for _, o := range outcomes {
		verdict := "killed"
		switch {
		case o.v.Verdict != nil:
			verdict = "judged"
		case o.err != nil:
			verdict = "ERROR"
		case o.v.Benign && !o.rejected():
			verdict = "passed"
		case o.v.Benign:
			verdict = "REJECTED"
		case len(o.failed) == 0:
			verdict = "SURVIVED"
		}
		fmt.Fprintf(&table, "%-40s %-10s %-8s %5.0fs %s\n", o.v.Name, strings.TrimSuffix(o.suite, ".test"), verdict, o.took.Seconds(), strings.Join(o.failed, " "))
		// A setup failure has no check to name: its headline goes in the
		// table, which is the part of a long log a CI page keeps.
		for _, r := range o.results {
			if r.ID == "SUITE" && r.Failed() {
				fmt.Fprintf(&table, "%-40s   SUITE %s: %s\n", "", r.Title, report.Headline(r.Message))
			}
		}
		for _, id := range o.failed {
			if !o.v.Benign {
				killedBy[id] = append(killedBy[id], o.v.Name)
			}
		}
		t.Run(o.v.Name+"/"+strings.TrimSuffix(o.suite, ".test"), func(t *testing.T) {
			if o.err != nil {
				t.Fatalf("run: %v\n%s", o.err, o.log)
			}
			if o.v.Benign {
				if o.rejected() {
					what := o.v.Breaks
					switch {
					case len(o.v.Parts) > 0 && len(o.parts) > 0:
						what = "rejected alone: " + strings.Join(o.parts, ", ")
					case len(o.v.Parts) > 0:
						what = "no part is rejected alone, only their combination"
					}
					t.Errorf("perturbation %q (%s) rejected: failed %v, blocked %v, %d passed\n%s", o.v.Name, what, o.failed, o.blocked, o.passed, o.log)
				}
				return
			}
			if o.v.Verdict != nil {
				if err := o.v.Verdict(o.results); err != nil {
					t.Errorf("variant %q (%s): %v\n%s", o.v.Name, o.v.Breaks, err, o.log)
				}
				return
			}
			if len(o.failed) == 0 {
				t.Errorf("deviant %q (%s) survived: no check failed", o.v.Name, o.v.Breaks)
			}
			for _, id := range o.v.Kills {
				if slices.Contains(o.failed, id) {
					continue
				}
				why := "it did not run"
				for _, r := range o.results {
					switch {
					case r.ID != id:
					case r.BlockedBy != "":
						why = report.Headline(r.Message)
					default:
						why = "it " + r.State
					}
				}
				t.Errorf("deviant %q (%s) did not kill %s (%s); %d others failed", o.v.Name, o.v.Breaks, id, why, len(o.failed))
			}
		})
	}
	t.Log(table.String())
	// No report line a person reads carries a Go value dump.
	for _, o := range outcomes {
		for _, r := range o.results {
			if h := report.Headline(r.Message); goDump.MatchString(h) {
				t.Errorf("variant %s, %s: headline with a Go value dump: %s", o.v.Name, r.ID, h)
			}
			if goDump.MatchString(r.BlockedBy) {
				t.Errorf("variant %s, %s: blocked by a Go value dump: %s", o.v.Name, r.ID, r.BlockedBy)
			}
		}
	}
	for _, c := range suites.Checks() {
		if only != "" {
			break
		}
		if len(killedBy[c.ID]) == 0 {
			t.Errorf("check %s (%s) is killed by no deviant: add one that breaks its clause", c.ID, c.Title)
		}
	}
}
