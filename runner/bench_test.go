package main

import (
	"context"
	"encoding/json"
	"fmt"
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
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/internal/timedlock"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
)

// BenchmarkSuiteWallTime times `make conformance` against the embedded
// emulator, compilation excluded (the two passes' own times, as the runner
// prints them), and compares it with its floor: the waits the checks make
// by their nature (each rate-limit window, as its load report entry
// states it, and one callback window per webhook check: a callback
// arrives once, or not at all, only when a window passes without
// another), each divided by the processes that run such checks at once,
// plus one request per check at the emulator's median latency. A pass
// runs its suites side by side, so its floor is its largest suite's.
// Clock waits (a mute or ban running out) and the pacing of calls to an
// API with a limit of one a second are left out of the floor, so the
// ratio errs high. It reports "wall-s", "floor-s" and "ratio" (the goal is
// 1.3 or less). Run it with -benchtime 2x.
func BenchmarkSuiteWallTime(b *testing.B) {
	dir := b.TempDir()
	rtt := medianLatency(b)
	var floor time.Duration
	run := func() time.Duration {
		res := runRunner(b, nil, "conformance", "-report-dir", dir)
		if res.code != 0 {
			b.Fatalf("conformance: exit %d\n%s", res.code, res.stdout)
		}
		floor = suiteFloor(b, filepath.Join(dir, "report.json"), rtt)
		return passTimes(b, res.stdout)
	}
	run() // compile and warm up
	b.ResetTimer()
	var wall time.Duration
	for i := 0; i < b.N; i++ {
		wall += run()
	}
	b.StopTimer()
	avg := wall / time.Duration(b.N)
	b.ReportMetric(avg.Seconds(), "wall-s")
	b.ReportMetric(floor.Seconds(), "floor-s")
	b.ReportMetric(avg.Seconds()/floor.Seconds(), "ratio")
}

// passTimes adds up the times of the passes the runner's output reports.
func passTimes(b *testing.B, stdout string) time.Duration {
	took := regexp.MustCompile(`(?m)^chatconform conformance: .* took ([0-9.]+)s$`)
	var d time.Duration
	ms := took.FindAllStringSubmatch(stdout, -1)
	for _, m := range ms {
		var s float64
		if _, err := fmt.Sscan(m[1], &s); err != nil {
			b.Fatal(err)
		}
		d += time.Duration(s * float64(time.Second))
	}
	if len(ms) != 2 {
		b.Fatalf("the runner reported %d pass times; want 2\n%s", len(ms), stdout)
	}
	return d
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

// suiteFloor returns the floor of the run whose ginkgo report is at path
// (see BenchmarkSuiteWallTime): per pass, the largest of its suites'.
func suiteFloor(b *testing.B, path string, rtt time.Duration) time.Duration {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) == 0 {
		b.Fatalf("report %s: %v", path, err)
	}
	filter, err := types.ParseLabelFilter(contract.FirstPass)
	if err != nil {
		b.Fatal(err)
	}
	var passes [2]time.Duration // the first pass's, the other's
	for _, r := range reports {
		var suite [2]time.Duration
		for _, s := range r.SpecReports {
			if !s.LeafNodeType.Is(types.NodeTypeIt) || s.State == types.SpecStateSkipped {
				continue
			}
			first := filter(s.Labels())
			pass, procs := 1, defaultProcs()
			if first {
				// There only the contract suite's rate checks run side by side.
				pass, procs = 0, 1
				if slices.Contains(s.Labels(), contract.LabelContract) {
					procs = defaultEmbeddedRateProcs
					if timedlock.Sharing() {
						procs = defaultRateProcs // as the runner runs them then
					}
				}
			}
			wait := rtt
			if slices.Contains(s.Labels(), framework.LabelWebhook) {
				wait += framework.OnceWindow
			}
			// A check's load, the last entry: a load sent again after the
			// generator fell short waited twice, but had to wait once.
			var load time.Duration
			for _, e := range s.ReportEntries {
				if m := loadFor.FindStringSubmatch(e.StringRepresentation()); e.Name == "load" && m != nil {
					if d, err := time.ParseDuration(m[1]); err == nil {
						load = d
					}
				}
			}
			wait += load
			suite[pass] += wait / time.Duration(procs)
		}
		for i := range passes {
			passes[i] = max(passes[i], suite[i])
		}
	}
	return passes[0] + passes[1]
}
