package c2c_test

import (
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
)

func TestC2C(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "one-to-one messages and conversations")
}

// env is this process's view of the target; set up once per process.
var env = framework.DeclareSuite(c2c.Checks)
