package setmsgread_test

import (
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

func TestSetMsgRead(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "admin_set_msg_read conformance")
}

// env is this process's view of the target; set up once per process.
var env = framework.DeclareSuite(setmsgread.Checks)
