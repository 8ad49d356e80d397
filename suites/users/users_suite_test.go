package users_test

import (
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

func TestUsers(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "users, relationships and the app")
}

// env is this process's view of the target; set up once per process.
var env = framework.DeclareSuite(users.Checks)
