package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/selftest"
	"github.com/chatconform/chatconform/internal/suitebin"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/suites"
)

// The end-to-end tests run the runner binary as a user would, against
// emulators on loopback. They build and run the suite, so -short skips them.

var (
	buildOnce sync.Once
	runnerBin string
	suitesDir string // the suites compiled for every run, unless CHATCONFORM_SUITES names some
	buildErr  error
)

// TestMain removes the runner and the suites the end-to-end tests built,
// with their folder, when they are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if runnerBin != "" {
		os.RemoveAll(filepath.Dir(runnerBin))
	}
	os.Exit(code)
}

// runnerBinary builds the runner, and the suites its runs share (each run
// would otherwise compile them again: about 4 s of CPU, ten times over),
// once for every test. TestE2EKnownGaps runs the runner without them, so
// that the runner's own compiling is tested too.
func runnerBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: builds and runs the suite")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chatconform-runner")
		if err != nil {
			buildErr = err
			return
		}
		runnerBin = filepath.Join(dir, "runner")
		out, err := exec.Command("go", "build", "-o", runnerBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		if suitebin.Dir() != "" {
			return
		}
		var log bytes.Buffer
		suitesDir = filepath.Join(dir, "suites")
		if _, err := suitebin.Build("..", suitesDir, suites.All, &log); err != nil {
			buildErr = fmt.Errorf("%v\n%s", err, log.String())
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return runnerBin
}

type runResult struct {
	code           int
	stdout, stderr string
}

// runRunner runs the runner binary from the module root with env added.
func runRunner(t testing.TB, env []string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(runnerBinary(t), args...)
	cmd.Dir = ".."
	// The runner's compiled suites go under the test's own temporary
	// folder, removed with it even when a run is killed.
	cmd.Env = append(append(cleanEnv(), "TMPDIR="+t.TempDir()), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	// Progress: the end-to-end tests run the suite several times.
	t.Logf("runner %s: exit %d in %.1f s", strings.Join(args, " "), code, time.Since(start).Seconds())
	return runResult{code, out.String(), errb.String()}
}

// cleanEnv is the environment without the variables the runner reads.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "TARGET", "LABELS", "REPORT_DIR", "KNOWN_GAPS", "LEDGER", "TIM_SDKAPPID", "TIM_SECRET_KEY", "TIM_ADMIN", "ALLOW_DISRUPTIVE":
			continue
		}
		env = append(env, kv)
	}
	if suitesDir != "" {
		env = append(env, suitebin.Env+"="+suitesDir)
	}
	return env
}

// startVariant serves a self-test variant with the given credentials.
func startVariant(t *testing.T, name string, appID uint64, key string) string {
	t.Helper()
	v, ok := selftest.Find(name)
	if !ok {
		t.Fatalf("no variant %q", name)
	}
	orig := v.Options
	v.Options = func(o *emulator.Options) {
		if orig != nil {
			orig(o)
		}
		o.SDKAppID, o.Key = appID, key
	}
	url, stop, err := selftest.Start(v)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return url
}

func credsEnv(appID uint64, key string) []string {
	return []string{fmt.Sprintf("TIM_SDKAPPID=%d", appID), "TIM_SECRET_KEY=" + key, "TIM_ADMIN=administrator"}
}

// A run with failures, against a target whose key is recognisable, leaves
// neither the key nor any UserSig in its output, its reports or its ledger.
func TestE2ERedaction(t *testing.T) {
	t.Parallel()
	const key = "CANARY-SECRET-KEY-7f3a9c51"
	const appID = 1400000123
	url := startVariant(t, "error-status-500", appID, key)
	dir := t.TempDir()
	res := runRunner(t, credsEnv(appID, key), "conformance", "-target", url, "-labels", "!rate-limit",
		"-report-dir", filepath.Join(dir, "reports"), "-ledger", filepath.Join(dir, "ledger.jsonl"), "-procs", "2")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (the deviant fails checks)\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	texts := map[string]string{"stdout": res.stdout, "stderr": res.stderr}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			texts[p] = string(data)
		}
		return nil
	})
	for _, want := range []string{"report.html", "summary.md", "junit.xml", "report.json", "ledger.jsonl"} {
		found := false
		for name := range texts {
			found = found || strings.HasSuffix(name, want)
		}
		if !found {
			t.Errorf("no %s written", want)
		}
	}
	if !strings.Contains(res.stdout+texts[filepath.Join(dir, "reports", "report.html")], "curl -sS -X POST") {
		t.Error("no curl reproduction in the output or report: the redaction test would prove nothing")
	}
	token := regexp.MustCompile(`[A-Za-z0-9*_-]{60,}`)
	param := regexp.MustCompile(`usersig=([^&"'\s\\<]*)`)
	for name, text := range texts {
		if strings.Contains(text, key) {
			t.Errorf("%s contains the secret key", name)
		}
		for _, tok := range token.FindAllString(text, -1) {
			if _, err := usersig.Decode(tok); err == nil {
				t.Errorf("%s contains a UserSig: %.20s…", name, tok)
			}
		}
		for _, m := range param.FindAllStringSubmatch(text, -1) {
			if v := m[1]; v != "REDACTED" && v != "${USERSIG}" && v != "" {
				t.Errorf("%s has usersig=%.12s…", name, v)
			}
		}
	}
	checkHTML(t, texts[filepath.Join(dir, "reports", "report.html")])
}

// checkHTML parses the report: one row per check, each with an outcome,
// and every failed row with its reproduction.
func checkHTML(t *testing.T, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("report.html: %v", err)
	}
	rows, failed := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && attr(n, "class") == "check" {
			rows++
			if attr(n, "data-outcome") == "failed" {
				failed++
				if !strings.Contains(text(n), "reproduce") {
					t.Errorf("failed row %s has no reproduction", attr(n, "data-id"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if want := len(checkList()); rows != want {
		t.Errorf("report.html has %d check rows, want %d", rows, want)
	}
	if failed == 0 {
		t.Error("report.html shows no failed row")
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func TestE2EKnownGaps(t *testing.T) {
	t.Parallel()
	url := startVariant(t, "parse-error-60003", emulator.TestSDKAppID, emulator.TestKey) // fails SETREAD-ERR-001
	dir := t.TempDir()
	run := func(manifest string) (runResult, string) {
		path := filepath.Join(dir, "gaps.yaml")
		if err := os.WriteFile(path, []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		reports := filepath.Join(dir, "reports")
		// Without compiled suites: the runner compiles the one it runs.
		res := runRunner(t, append(credsEnv(emulator.TestSDKAppID, emulator.TestKey), suitebin.Env+"="), "conformance", "-target", url,
			"-labels", "admin_set_msg_read && errors", "-known-gaps", path, "-report-dir", reports, "-ledger", filepath.Join(dir, "ledger.jsonl"))
		junit, _ := os.ReadFile(filepath.Join(reports, "junit.xml"))
		return res, string(junit)
	}
	future := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	res, junit := run(fmt.Sprintf(`
- {id: SETREAD-ERR-001, reason: "mock answers 60003 (MOCK-1)", expires: %s}
- {id: SETREAD-ERR-002, reason: "fixed already?", expires: %s}
`, future, future))
	if res.code != 0 {
		t.Fatalf("with the failure listed: exit %d, want 0\n%s", res.code, res.stdout)
	}
	for _, want := range []string{"known gaps:\n  SETREAD-ERR-001", "SETREAD-ERR-002: listed as a known gap", "passes now"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("output lacks %q\n%s", want, res.stdout)
		}
	}
	if !regexp.MustCompile(`name="SETREAD-ERR-001: [^"]*"[^>]*>\s*<skipped message="known gap`).MatchString(junit) {
		t.Errorf("junit.xml does not mark SETREAD-ERR-001 as a known gap:\n%s", junit)
	}

	res, _ = run(`- {id: SETREAD-ERR-001, reason: "mock answers 60003", expires: 2020-01-31}`)
	if res.code != 1 || !strings.Contains(res.stdout, "expired on 2020-01-31") {
		t.Errorf("with an expired entry: exit %d, want 1 and a note\n%s", res.code, res.stdout)
	}

	res, _ = run(`- {id: SETREAD-NOPE-001, reason: r, expires: 2030-01-01}`)
	if res.code != 2 || !strings.Contains(res.stderr, "no such check") {
		t.Errorf("with an unknown ID: exit %d, want 2\n%s", res.code, res.stderr)
	}
}

// A run killed mid-way leaves accounts behind; sweep deletes every one.
func TestE2ESweep(t *testing.T) {
	t.Parallel()
	srv, err := emulator.NewServer(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	ledgerFile := filepath.Join(dir, "ledger.jsonl")
	// TMPDIR: the killed run cannot remove its compiled suites; the test's
	// folder goes with the test.
	bin := runnerBinary(t) // before cleanEnv, which names the suites it compiles
	env := append(append(cleanEnv(), "TMPDIR="+t.TempDir()), credsEnv(emulator.TestSDKAppID, emulator.TestKey)...)

	// The checks create accounts as they go; the rate-limit checks (in
	// whatever order ginkgo runs them) take seconds, with at least two
	// accounts alive, before the suite's cleanup.
	cmd := exec.Command(bin, "conformance", "-target", srv.URL(), "-labels", "behaviour || rate-limit",
		"-report-dir", filepath.Join(dir, "reports"), "-ledger", ledgerFile, "-procs", "1")
	cmd.Dir, cmd.Env = "..", env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A file, not a pipe: Wait then returns when the runner dies, whatever
	// its children still hold open.
	out, err := os.Create(filepath.Join(dir, "run.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	logText := func() string { b, _ := os.ReadFile(out.Name()); return string(b) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Open(ledgerFile)
	if err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Wait, polling the ledger, until the run has created a few accounts.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(3 * time.Minute)
	var left []string
	for len(left) < 2 {
		select {
		case <-tick.C:
		case err := <-exited:
			t.Fatalf("the run ended (%v) before it had created accounts to leave behind\n%s", err, logText())
		case <-deadline:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("the run created no accounts in time\n%s", logText())
		}
		if left, err = l.Outstanding(srv.URL(), emulator.TestSDKAppID); err != nil {
			t.Fatal(err)
		}
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the whole run: runner, ginkgo, suite
	<-exited

	left, err = l.Outstanding(srv.URL(), emulator.TestSDKAppID)
	if err != nil {
		t.Fatal(err)
	}
	if imported := check(t, srv, left); len(imported) == 0 {
		t.Fatalf("the killed run left no account behind (ledger lists %v): the test proves nothing", left)
	}
	res := runRunner(t, credsEnv(emulator.TestSDKAppID, emulator.TestKey), "sweep", "-target", srv.URL(), "-ledger", ledgerFile)
	if res.code != 0 {
		t.Fatalf("sweep: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if imported := check(t, srv, left); len(imported) > 0 {
		t.Errorf("after sweep, still imported: %v", imported)
	}
	if rest, _ := l.Outstanding(srv.URL(), emulator.TestSDKAppID); len(rest) > 0 {
		t.Errorf("after sweep, the ledger still lists %v", rest)
	}
	// A second sweep finds nothing to do.
	if res := runRunner(t, credsEnv(emulator.TestSDKAppID, emulator.TestKey), "sweep", "-target", srv.URL(), "-ledger", ledgerFile); res.code != 0 || !strings.Contains(res.stdout, "no account left") {
		t.Errorf("second sweep: exit %d: %s", res.code, res.stdout)
	}
}

// check returns the ids account_check reports as imported.
func check(t *testing.T, srv *emulator.Server, ids []string) []string {
	t.Helper()
	c := target.NewClient(target.Target{BaseURL: srv.URL(), SDKAppID: emulator.TestSDKAppID, Key: emulator.TestKey, Admin: emulator.TestAdmin, HTTPClient: http.DefaultClient})
	items := make([]map[string]string, len(ids))
	for i, id := range ids {
		items[i] = map[string]string{"UserID": id}
	}
	var out struct {
		ResultItem []struct{ UserID, AccountStatus string }
	}
	if _, err := c.Call(context.Background(), "im_open_login_svc/account_check", map[string]any{"CheckItem": items}, &out); err != nil {
		t.Fatal(err)
	}
	var imported []string
	for _, it := range out.ResultItem {
		if it.AccountStatus == "Imported" {
			imported = append(imported, it.UserID)
		}
	}
	return imported
}

// On the embedded emulator a pass runs its suites side by side, each line
// of their output after the suite's name; -one-by-one runs them one after
// another, as against a region or URL. Both run the same checks, and every
// suite's results reach the report.
func TestE2ESideBySide(t *testing.T) {
	t.Parallel()
	const labels = "family:online-status || envelope" // three users checks, two setmsgread ones
	for _, tc := range []struct {
		name     string
		args     []string
		prefixed bool
	}{
		{"side by side", nil, true},
		{"one by one", []string{"-one-by-one"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			res := runRunner(t, nil, append([]string{"conformance", "-labels", labels, "-report-dir", dir}, tc.args...)...)
			if res.code != 0 {
				t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
			}
			for _, prefix := range []string{"setmsgread | ", "users      | "} {
				if got := strings.Contains(res.stdout, "\n"+prefix); got != tc.prefixed {
					t.Errorf("output has lines starting %q: %t, want %t", prefix, got, tc.prefixed)
				}
			}
			if !regexp.MustCompile(`(?m)^chatconform conformance: the other checks took [0-9.]+s$`).MatchString(res.stdout) {
				t.Errorf("no line gives the pass's time\n%s", res.stdout)
			}
			rs, err := results.Read(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			passed := map[string]bool{}
			for _, r := range rs {
				if r.State == "passed" {
					passed[r.ID] = true
				}
			}
			for _, id := range []string{"SETREAD-ENV-001", "SETREAD-ENV-002", "USERS-STATE-001", "USERS-STATE-002", "USERS-STATE-003"} {
				if !passed[id] {
					t.Errorf("%s did not pass in the report", id)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "report-*.json")); len(left) > 0 {
				t.Errorf("the suites' own reports were left: %v", left)
			}
		})
	}
}
