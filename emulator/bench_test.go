package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSetMsgReadVsBare measures, in one run, the emulator serving
// admin_set_msg_read (UserSig verified, rate limits off, every endpoint
// registered, callbacks configured and delivered off the request path) and
// a bare net/http handler that writes a fixed body, both over loopback
// with keep-alive and the same concurrent clients. It reports the
// emulator's throughput as a fraction of the bare handler's ("ratio"; the
// goal is 0.8 or more).
func BenchmarkSetMsgReadVsBare(b *testing.B) {
	vsBare(b, "openim/admin_set_msg_read", func(hs *harness) func(int) string {
		hs.importAccounts("report", "peer")
		return func(int) string { return `{"Report_Account":"report","Peer_Account":"peer"}` }
	})
}

// BenchmarkSendGroupMsgVsBare is the same measure for send_group_msg into
// a 200-member Public group (each message stored and numbered, and
// Group.CallbackBeforeSendMsg and Group.CallbackAfterSendMsg sent to the
// configured URL).
func BenchmarkSendGroupMsgVsBare(b *testing.B) {
	vsBare(b, "group_open_http_svc/send_group_msg", func(hs *harness) func(int) string {
		hs.importAccounts("owner")
		hs.ok("group_open_http_svc/create_group", `{"Owner_Account":"owner","Type":"Public","GroupId":"bench","Name":"bench"}`)
		for i := 0; i < 199; i += 100 {
			items := make([]string, 0, 100)
			for j := i; j < min(i+100, 199); j++ {
				id := "m" + strconv.Itoa(j)
				hs.importAccounts(id)
				items = append(items, `{"Member_Account":"`+id+`"}`)
			}
			hs.ok("group_open_http_svc/add_group_member", `{"GroupId":"bench","Silence":1,"MemberList":[`+strings.Join(items, ",")+`]}`)
		}
		return func(i int) string {
			return `{"GroupId":"bench","From_Account":"owner","Random":` + strconv.Itoa(i) + `,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"bench"}}]}`
		}
	})
}

// vsBare runs the emulator ÷ bare handler comparison for path; setup
// makes the state the calls need and returns the i-th call's body.
func vsBare(b *testing.B, path string, setup func(*harness) func(int) string) {
	var callbacks atomic.Int64
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		callbacks.Add(1)
		w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`))
	}))
	defer hooks.Close()
	emu, err := NewServer(Options{NoLimits: true, CallbackURL: hooks.URL})
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
	body := setup(hs)
	query := "?" + hs.query().Encode()
	const clients = 4
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	var seq atomic.Int64
	run := func(url string, n int) time.Duration {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(n) {
					resp, err := client.Post(url, "application/json", strings.NewReader(body(int(seq.Add(1)))))
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
	emuURL := emu.URL() + "/v4/" + path + query
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
