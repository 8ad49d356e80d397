package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/target"
)

// The waits the rate-limit checks make by their nature: 2 s at 75% of the
// limit, 2 s at the limit, 2 s at 3x, then a 1 s burst before the recovery
// check.
const rateWaits = 7 * time.Second

// BenchmarkSuiteWallTime times `make conformance` against the embedded
// emulator, compilation excluded (the suite's own run time, from its
// report), and compares it with its floor: the rate-limit checks' waits plus
// one request per check at the emulator's median latency. It reports
// "wall-s", "floor-s" and "ratio" (the goal is 1.3 or less). Run it with
// -benchtime 3x.
func BenchmarkSuiteWallTime(b *testing.B) {
	dir := b.TempDir()
	rtt := medianLatency(b)
	run := func() (time.Duration, int) {
		res := runRunner(b, nil, "conformance", "-report-dir", dir)
		if res.code != 0 {
			b.Fatalf("conformance: exit %d\n%s", res.code, res.stdout)
		}
		rs, err := results.Read(filepath.Join(dir, "report.json"))
		if err != nil {
			b.Fatal(err)
		}
		return suiteRunTime(b, filepath.Join(dir, "report.json")), len(rs)
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
	floor := rateWaits + time.Duration(checks)*rtt
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

// suiteRunTime is the run time ginkgo reports for the suite.
func suiteRunTime(b *testing.B, path string) time.Duration {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) == 0 {
		b.Fatalf("report %s: %v", path, err)
	}
	return reports[0].RunTime
}
