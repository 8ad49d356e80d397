package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
)

// BenchmarkSuiteWallTime times `make conformance` against the embedded
// emulator, compilation excluded (the suites' own run times, from the
// report), and compares it with its floor: the waits the checks make by
// their nature (each rate-limit window, as its load report entry states
// it, the generated ones divided by the endpoints the rate pass runs at
// once, and one callback window per webhook check, divided by the
// processes they run on: a callback arrives once, or not at all, only
// when a window passes without another), plus one request per check at the emulator's median
// latency. Clock waits (a mute or ban running out) are left out of the
// floor, so the ratio errs high. It reports "wall-s", "floor-s" and
// "ratio" (the goal is 1.3 or less). Run it with -benchtime 2x.
func BenchmarkSuiteWallTime(b *testing.B) {
	dir := b.TempDir()
	rtt := medianLatency(b)
	var waits time.Duration
	run := func() (time.Duration, int) {
		res := runRunner(b, nil, "conformance", "-report-dir", dir)
		if res.code != 0 {
			b.Fatalf("conformance: exit %d\n%s", res.code, res.stdout)
		}
		rs, err := results.Read(filepath.Join(dir, "report.json"))
		if err != nil {
			b.Fatal(err)
		}
		var d time.Duration
		d, waits = suiteRunTime(b, filepath.Join(dir, "report.json"))
		return d, len(rs)
	}
	run() // compile and warm up
	b.ResetTimer()
	var wall time.Duration
	checks := 0
	for i := 0; i < b.N; i++ {
		d, n := run()
		wall += d
		checks = n
	}
	b.StopTimer()
	floor := waits + time.Duration(checks)*rtt
	avg := wall / time.Duration(b.N)
	b.ReportMetric(avg.Seconds(), "wall-s")
	b.ReportMetric(floor.Seconds(), "floor-s")
	b.ReportMetric(avg.Seconds()/floor.Seconds(), "ratio")
}

// medianLatency is the emulator's median answer time on loopback.
func medianLatency(b *testing.B) time.Duration {
	srv, err := emulator.NewServer(emulator.Options{NoLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := target.NewClient(target.Target{BaseURL: srv.URL(), SDKAppID: emulator.TestSDKAppID, Key: emulator.TestKey, Admin: emulator.TestAdmin, HTTPClient: http.DefaultClient})
	var ds []time.Duration
	for i := 0; i < 200; i++ {
		x, err := c.Do(context.Background(), target.Request{Endpoint: "im_open_login_svc/account_check", Body: []byte(`{"CheckItem":[{"UserID":"a"}]}`)})
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, x.Elapsed)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// loadFor matches a load report entry's window: "asked 150 calls/s for 500ms".
var loadFor = regexp.MustCompile(`calls/s for ([0-9.]+[mµn]?s)`)

// suiteRunTime returns the run time ginkgo reports for the suites,
// together, and the waits their checks make by their nature (see
// BenchmarkSuiteWallTime).
func suiteRunTime(b *testing.B, path string) (time.Duration, time.Duration) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) == 0 {
		b.Fatalf("report %s: %v", path, err)
	}
	var run, waits time.Duration
	for _, r := range reports {
		run += r.RunTime
		for _, s := range r.SpecReports {
			if slices.Contains(s.Labels(), "webhook") {
				waits += framework.OnceWindow / time.Duration(defaultProcs()) // they run on every process
			}
			for _, e := range s.ReportEntries {
				if m := loadFor.FindStringSubmatch(e.StringRepresentation()); e.Name == "load" && m != nil {
					if d, err := time.ParseDuration(m[1]); err == nil {
						if slices.Contains(s.Labels(), "contract") {
							d /= defaultEmbeddedRateProcs // that pass runs this many endpoints at once
						}
						waits += d
					}
				}
			}
		}
	}
	return run, waits
}
