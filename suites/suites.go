// Package suites lists the conformance suites a run executes: one
// generated from the catalogue (contract) and the hand-written behaviour
// suites, each a ginkgo suite in a folder of its own.
package suites

import (
	"sort"

	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
	"github.com/chatconform/chatconform/suites/setmsgread"
	"github.com/chatconform/chatconform/suites/users"
)

// Suite is one ginkgo suite and its checks.
type Suite struct {
	// Name is its folder under suites/.
	Name   string
	Checks func() *framework.Checks
	// RateParallel: its rate checks run several at once when
	// contract.EnvRateParallel is set; every other suite's rate and
	// app-wide checks run Serial.
	RateParallel bool
}

// All lists every suite, in the order a run executes them.
var All = []Suite{
	{Name: "setmsgread", Checks: func() *framework.Checks { return setmsgread.Checks }},
	{Name: "contract", Checks: contract.Checks, RateParallel: true},
	{Name: "c2c", Checks: func() *framework.Checks { return c2c.Checks }},
	{Name: "users", Checks: func() *framework.Checks { return users.Checks }},
	{Name: "groups", Checks: func() *framework.Checks { return groups.Checks }},
}

// Checks returns the checks of every suite, sorted by ID.
func Checks() []framework.Check {
	var all []framework.Check
	for _, s := range All {
		all = append(all, s.Checks().List()...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// Get returns the check with id, from whichever suite holds it.
func Get(id string) (framework.Check, bool) {
	for _, s := range All {
		if c, ok := s.Checks().Get(id); ok {
			return c, true
		}
	}
	return framework.Check{}, false
}
