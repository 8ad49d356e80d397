package setmsgread_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

func TestSetMsgRead(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "admin_set_msg_read conformance")
}

// env is this process's view of the target; set up once per process.
var env *framework.Env

// shared is what process 1 hands the others.
type shared struct {
	URL    string // the embedded emulator's, when there is one
	Prefix string // the run's account prefix
}

var _ = ginkgo.SynchronizedBeforeSuite(func(ctx ginkgo.SpecContext) []byte {
	if unbound := setmsgread.Checks.Unbound(); len(unbound) > 0 {
		ginkgo.Fail("checks without a spec: " + strings.Join(unbound, ", "))
	}
	t, embedded, err := framework.TargetFromEnv()
	gomega.Expect(err).NotTo(gomega.HaveOccurred(), "target configuration")
	s := shared{Prefix: framework.NewRunPrefix()}
	if embedded {
		srv, err := framework.StartEmbedded()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "start the embedded emulator")
		ginkgo.DeferCleanup(srv.Close)
		s.URL = srv.URL()
	}
	ginkgo.GinkgoWriter.Printf("target %s, accounts prefixed %s\n", describeTarget(t, s.URL), s.Prefix)
	data, err := json.Marshal(s)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return data
}, func(ctx ginkgo.SpecContext, data []byte) {
	var s shared
	gomega.Expect(json.Unmarshal(data, &s)).To(gomega.Succeed())
	t, embedded, err := framework.TargetFromEnv()
	gomega.Expect(err).NotTo(gomega.HaveOccurred(), "target configuration")
	var l *ledger.Ledger
	if embedded {
		t = framework.Embedded(t, s.URL)
	} else {
		l, err = framework.LedgerFromEnv()
		gomega.Expect(err).NotTo(gomega.HaveOccurred(), "open the ledger of created accounts")
	}
	env, err = framework.NewEnv(t, s.Prefix, ginkgo.GinkgoParallelProcess(), l)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	env.Record, env.Observed, err = framework.ParityFromEnv()
	gomega.Expect(err).NotTo(gomega.HaveOccurred(), "observed profile")
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) {
		gomega.Expect(env.Pool.Cleanup(ctx)).To(gomega.Succeed(), "delete the run's accounts %v", env.Pool.Accounts())
	}, ginkgo.NodeTimeout(framework.SetupTimeout))
}, ginkgo.NodeTimeout(framework.SetupTimeout))

var _ = ginkgo.BeforeEach(func() { env.Recorder.Reset() })

// Every spec's report carries what it exercised and, when it failed, its
// last exchanges with curl lines. With an observed profile, the checks the
// docs leave open must answer as recorded.
var _ = ginkgo.AfterEach(func() {
	id, held := "", false
	if c, ok := setmsgread.Checks.ForSpec(ginkgo.CurrentSpecReport().LeafNodeText); ok {
		id, held = c.ID, c.Held()
	}
	mismatch := env.Recorder.Parity(id, held, env.Record, env.Observed)
	env.Recorder.Report(mismatch != "")
	if mismatch != "" {
		ginkgo.Fail(mismatch)
	}
})

func describeTarget(t fmt.Stringer, url string) string {
	if url != "" {
		return fmt.Sprintf("%s (%s)", t, url)
	}
	return t.String()
}
