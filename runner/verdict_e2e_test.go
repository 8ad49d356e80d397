package main

import (
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// goDump matches what a Go value dump looks like in a report line.
var goDump = regexp.MustCompile(`\b0x[0-9a-f]{4,}|<\*[^>]*\||Unexpected error`)

// A port nothing listens on ends the run in one line, within seconds,
// with exit status 1, before any spec.
func TestE2EDeadPort(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	start := time.Now()
	res := runRunner(t, []string{"TIM_SDKAPPID=1400000000", "TIM_SECRET_KEY=k"}, "conformance", "-target", url, "-report-dir", t.TempDir())
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %s; want it to end within seconds", took)
	}
	want := "target " + url + ": connection refused"
	if !strings.Contains(res.stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, res.stderr)
	}
	if strings.Contains(res.stdout, "Ran ") {
		t.Errorf("specs ran against a dead port:\n%s", res.stdout)
	}
}

// A target that answers every call with HTTP 422 and a problem+json body:
// exit 1; every headline names what it answered; the checks that need no
// precondition are judged (failed, not blocked); the others are blocked,
// grouped under account_import, and JUnit marks them as errors.
func TestE2EProblemJSONTarget(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write([]byte(`{"type":"about:blank","title":"Unprocessable Entity","status":422}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	res := runRunner(t, []string{"TIM_SDKAPPID=1400000000", "TIM_SECRET_KEY=k", "LEDGER=" + filepath.Join(dir, "ledger.jsonl")},
		"conformance", "-target", srv.URL, "-report-dir", dir, "-labels", "!rate-limit")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	cause := "im_open_login_svc/account_import: HTTP 422 application/problem+json, not the JSON envelope"
	if !regexp.MustCompile(`\d+ checks blocked: ` + regexp.QuoteMeta(cause)).MatchString(res.stdout) {
		t.Errorf("the summary does not group the blocked checks under account_import:\n%s", tail(res.stdout, 60))
	}
	summary, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(summary), "checks blocked: "+cause) {
		t.Errorf("summary.md does not group the blocked checks:\n%s", summary)
	}
	var junit struct {
		Suites []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &junit); err != nil {
		t.Fatal(err)
	}
	judged := map[string]bool{}
	for _, c := range junit.Suites[0].Cases {
		id, _, _ := strings.Cut(c.Name, ":")
		var msg string
		switch {
		case c.Failure != nil:
			msg = c.Failure.Message
			judged[id] = true
		case c.Error != nil:
			msg = c.Error.Message
			if !strings.Contains(msg, "HTTP 422") {
				t.Errorf("%s blocked by %q, which does not name the answer", id, msg)
			}
		default:
			continue
		}
		if goDump.MatchString(msg) {
			t.Errorf("%s: headline with a Go value dump: %s", id, msg)
		}
		if !strings.Contains(msg, "HTTP 422") && !strings.Contains(msg, "not the JSON envelope") {
			t.Errorf("%s: headline %q does not say what the target answered", id, msg)
		}
	}
	for _, id := range []string{"SETREAD-ERR-001", "SETREAD-AUTH-001", "SETREAD-AUTH-006", "SENDMSG-PARSE-001", "SENDMSG-AUTH-001", "ACCOUNTIMPORT-PARSE-001"} {
		if !judged[id] {
			t.Errorf("%s needs no precondition but was not judged (failed) against the 422 target", id)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
