package framework

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/ledger"
)

// suiteShared is what process 1 hands the others.
type suiteShared struct {
	URL    string // the embedded emulator's, when there is one
	Prefix string // the run's account prefix
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
		if embedded {
			srv, err := StartEmbedded()
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
		built, err := NewEnv(t, s.Prefix, ginkgo.GinkgoParallelProcess(), l)
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		*env = *built
		env.Record, env.Observed, err = ParityFromEnv()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "observed profile")
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
