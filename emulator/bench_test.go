package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSetMsgReadVsBare measures, in one run, the emulator serving
// admin_set_msg_read (UserSig verified, rate limits off) and a bare net/http
// handler that writes a fixed body, both over loopback with keep-alive and
// the same concurrent clients. It reports the emulator's throughput as a
// fraction of the bare handler's ("ratio"; the goal is 0.7 or more).
func BenchmarkSetMsgReadVsBare(b *testing.B) {
	emu, err := NewServer(Options{NoLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	fixed := []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(fixed)
	}))
	defer bare.Close()

	hs := &harness{t: b, h: emu.Handler(), now: time.Now()}
	hs.sig = hs.sigFor(TestAdmin)
	hs.importAccounts("report", "peer")
	query := "?" + hs.query().Encode()
	const body = `{"Report_Account":"report","Peer_Account":"peer"}`
	const clients = 4
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	run := func(url string, n int) time.Duration {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(n) {
					resp, err := client.Post(url, "application/json", strings.NewReader(body))
					if err != nil {
						b.Error(err)
						return
					}
					got, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if !strings.Contains(string(got), `"ErrorCode":0`) {
						b.Errorf("answer %s", got)
						return
					}
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	emuURL := emu.URL() + "/v4/openim/admin_set_msg_read" + query
	run(emuURL, 200) // warm connections and the UserSig cache
	run(bare.URL, 200)
	b.ResetTimer()
	// Alternate blocks so that both see the same machine load.
	var tEmu, tBare time.Duration
	for done := 0; done < b.N; {
		n := min(500, b.N-done)
		tEmu += run(emuURL, n)
		tBare += run(bare.URL, n)
		done += n
	}
	b.StopTimer()
	b.ReportMetric(tBare.Seconds()/tEmu.Seconds(), "ratio")
	b.ReportMetric(float64(b.N)/tEmu.Seconds(), "emulator-calls/s")
	b.ReportMetric(float64(b.N)/tBare.Seconds(), "bare-calls/s")
}
