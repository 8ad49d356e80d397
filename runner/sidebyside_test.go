package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/suites"
)

// Lines written in pieces come out whole, each after its prefix; a last
// line without its newline comes out on Flush.
func TestLinePrefixer(t *testing.T) {
	var out bytes.Buffer
	var mu sync.Mutex
	p := &linePrefixer{w: &out, mu: &mu, prefix: "c2c | "}
	for _, piece := range []string{"Ran 3", " of 4 Specs\nok\nPASS", "ED"} {
		p.Write([]byte(piece))
	}
	if got, want := out.String(), "c2c | Ran 3 of 4 Specs\nc2c | ok\n"; got != want {
		t.Errorf("before Flush: %q; want %q", got, want)
	}
	p.Flush()
	if got, want := out.String(), "c2c | Ran 3 of 4 Specs\nc2c | ok\nc2c | PASSED\n"; got != want {
		t.Errorf("after Flush: %q; want %q", got, want)
	}
}

// sideBySide runs every suite at once, joins their reports in the suites'
// order (not the order they finished in) and says which suite failed.
func TestSideBySide(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	var n sync.WaitGroup
	n.Add(3)
	all := make(chan struct{})
	go func() { n.Wait(); close(all) }()
	err := sideBySide(dir, "report.json", []suites.Suite{{Name: "a"}, {Name: "bb"}, {Name: "c"}}, &out, io.Discard, func(s suites.Suite, report string, stdout, stderr io.Writer) error {
		n.Done()
		select { // every suite has started before any ends
		case <-all:
		case <-time.After(10 * time.Second):
			t.Errorf("suite %s: the others did not start beside it", s.Name)
		}
		if s.Name == "c" {
			return errors.New("exit status 1") // and wrote no report
		}
		io.WriteString(stdout, "done\n")
		data, _ := json.Marshal([]types.Report{{SuiteDescription: s.Name}})
		return os.WriteFile(filepath.Join(dir, report), data, 0o644)
	})
	if err == nil || !strings.HasPrefix(err.Error(), "c: ") {
		t.Errorf("error %v; want the failed suite c named", err)
	}
	for _, line := range []string{"a  | done\n", "bb | done\n"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rs []types.Report
	if err := json.Unmarshal(data, &rs); err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].SuiteDescription != "a" || rs[1].SuiteDescription != "bb" {
		t.Errorf("joined report holds %d suites; want a then bb", len(rs))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "report-*.json")); len(left) > 0 {
		t.Errorf("the suites' own reports were left: %v", left)
	}
}
