package framework

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/ledger"
)

// receiver is process 1's callback receiver, when there is one.
var receiver *Receiver

// Capabilities a target may have beyond REST calls.
const (
	// CapSessions: client sessions can be made (the emulator's control API).
	CapSessions = "client-sessions"
)

// suiteShared is what process 1 hands the others.
type suiteShared struct {
	URL       string // the embedded emulator's, when there is one
	Prefix    string // the run's account prefix
	Callbacks string // process 1's callback receiver, when there is one
	Token     string // what the others join it with
}

// DeclareSuite declares the setup and per-spec nodes every conformance
// suite shares, for the checks of checks, and returns the Env the specs
// use; it is filled in when the suite starts. Call it once, at package
// level of the suite's bootstrap file.
func DeclareSuite(checks *Checks) *Env {
	env := &Env{}
	ginkgo.SynchronizedBeforeSuite(func(ctx ginkgo.SpecContext) []byte {
		if unbound := checks.Unbound(); len(unbound) > 0 {
			ginkgo.Fail("checks without a spec: " + strings.Join(unbound, ", "))
		}
		t, embedded, err := TargetFromEnv()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "target configuration")
		s := suiteShared{Prefix: NewRunPrefix()}
		// The receiver plays the app's callback URL: for the embedded
		// emulator always, for other targets where the user says where
		// to listen (and has pointed the target's callback URL there).
		if listen := os.Getenv(EnvCallbackListen); embedded || listen != "" {
			if listen == "" {
				listen = "127.0.0.1:0"
			}
			rcv, err := StartReceiver(listen)
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "start the callback receiver")
			ginkgo.DeferCleanup(rcv.Close)
			receiver = rcv
			s.Callbacks, s.Token = loopbackURL(rcv.URL), rcv.Token()
			ginkgo.GinkgoWriter.Printf("callbacks are received at %s\n", rcv.URL)
		}
		if embedded {
			callbackURL := ""
			if receiver != nil {
				callbackURL = receiver.URL
			}
			srv, err := StartEmbedded(callbackURL)
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "start the embedded emulator")
			ginkgo.DeferCleanup(srv.Close)
			s.URL = srv.URL()
		}
		where := t.String()
		if s.URL != "" {
			where = fmt.Sprintf("%s (%s)", t, s.URL)
		}
		ginkgo.GinkgoWriter.Printf("target %s, accounts prefixed %s\n", where, s.Prefix)
		data, err := json.Marshal(s)
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		return data
	}, func(ctx ginkgo.SpecContext, data []byte) {
		gomega.Expect(WaitsFromEnv()).To(gomega.Succeed(), "waits")
		var s suiteShared
		gomega.Expect(json.Unmarshal(data, &s)).To(gomega.Succeed())
		t, embedded, err := TargetFromEnv()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "target configuration")
		var l *ledger.Ledger
		if embedded {
			t = Embedded(t, s.URL)
		} else {
			l, err = LedgerFromEnv()
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "open the ledger of created accounts")
		}
		if embedded || (emulator.Control{BaseURL: t.BaseURL, Client: t.HTTPClient}).Available(ctx) {
			t.Capabilities = append(t.Capabilities, CapSessions)
		}
		built, err := NewEnv(t, s.Prefix, ginkgo.GinkgoParallelProcess(), l)
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		*env = *built
		// The target calls process 1's receiver; the others' join it, at
		// their first check that reads callbacks (NeedReceiver), and see
		// every callback from then on. A run without such checks on other
		// processes (the runner's first pass) passes nothing on.
		env.Receiver = receiver
		if s.Callbacks != "" && ginkgo.GinkgoParallelProcess() != 1 {
			rcv, err := StartReceiver("127.0.0.1:0")
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "start this process's callback receiver")
			ginkgo.DeferCleanup(rcv.Close)
			env.join = &lazyJoin{rcv: rcv, primary: s.Callbacks, token: s.Token}
		}
		env.Record, env.Observed, err = ParityFromEnv()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "observed profile")
		env.Recorder.Observing(env.Record || env.Observed != nil)
		ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) {
			if err := env.Pool.Cleanup(ctx); err != nil {
				where := "they stay on the target"
				if l != nil {
					where = "they stay in the ledger for make sweep"
				}
				Failf("the run's %d accounts could not all be deleted (%s): %s", len(env.Pool.Accounts()), where, Diagnose(err))
			}
		}, ginkgo.NodeTimeout(SetupTimeout))
	}, ginkgo.NodeTimeout(SetupTimeout))

	ginkgo.BeforeEach(func() { env.Recorder.Reset() })

	// Every spec's report carries what it exercised and, when it failed, its
	// last exchanges with curl lines. With an observed profile, the checks the
	// docs leave open must answer as recorded.
	ginkgo.AfterEach(func() {
		id, held := "", false
		if c, ok := checks.ForSpec(ginkgo.CurrentSpecReport().LeafNodeText); ok {
			id, held = c.ID, c.Held()
		}
		mismatch := env.Recorder.Parity(id, held, env.Record, env.Observed)
		env.Recorder.Report(mismatch != "")
		if mismatch != "" {
			ginkgo.Fail(mismatch)
		}
	})
	return env
}

// loopbackURL turns a receiver's URL on every interface (0.0.0.0, [::])
// into one on loopback, which the other processes join.
func loopbackURL(u string) string {
	for all, loop := range map[string]string{"//0.0.0.0:": "//127.0.0.1:", "//[::]:": "//[::1]:"} {
		u = strings.Replace(u, all, loop, 1)
	}
	return u
}
