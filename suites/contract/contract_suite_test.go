package contract_test

import (
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
)

func TestContract(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "contract conformance")
}

var env = framework.DeclareSuite(contract.Checks())
