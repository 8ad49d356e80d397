package framework

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2"
)

// Basis says where a check's rule comes from.
type Basis string

const (
	// Documented: the rule is stated in Tencent's documentation.
	Documented Basis = "documented"
	// Inferred: the docs are ambiguous or silent; the check accepts every
	// documented variant and reports which one the target gave.
	Inferred Basis = "inferred"
)

// Check is one conformance check's metadata. IDs never change once
// published.
type Check struct {
	ID          string   `json:"id" yaml:"id"`
	Title       string   `json:"title" yaml:"title"`
	Description string   `json:"description" yaml:"description"`
	Doc         string   `json:"doc" yaml:"doc"`
	Basis       Basis    `json:"basis" yaml:"basis"`
	Labels      []string `json:"labels" yaml:"labels"`
	// Open marks a documented check that still accepts several documented
	// answers (a choice of codes, say). Like an inferred one, it reports
	// which the target gave, and an observed profile holds it to one.
	Open bool `json:"open,omitempty" yaml:"open,omitempty"`
}

// Held reports whether an observed profile holds the check to the answer
// it records: the check's rule, or the answer it accepts, is left open by
// the docs.
func (c Check) Held() bool { return c.Basis == Inferred || c.Open }

var (
	idPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)+-[0-9]{3}$`)
	mustPattern = regexp.MustCompile(`\bMUST( NOT)?\b`)
)

// Validate reports what is missing or malformed in c.
func (c Check) Validate() error {
	var problems []string
	if !idPattern.MatchString(c.ID) {
		problems = append(problems, "ID must look like SETREAD-ERR-001")
	}
	if c.Title == "" {
		problems = append(problems, "no title")
	}
	if !mustPattern.MatchString(c.Description) {
		problems = append(problems, "description has no MUST or MUST NOT")
	}
	if !strings.HasPrefix(c.Doc, "https://") {
		problems = append(problems, "doc is not an https URL")
	}
	if c.Basis != Documented && c.Basis != Inferred {
		problems = append(problems, fmt.Sprintf("basis %q is neither documented nor inferred", c.Basis))
	}
	if len(c.Labels) == 0 {
		problems = append(problems, "no labels")
	}
	if len(problems) > 0 {
		return fmt.Errorf("check %q: %s", c.ID, strings.Join(problems, "; "))
	}
	return nil
}

// Checks is a suite's list of checks, each to be bound to exactly one spec.
type Checks struct {
	list  []Check
	byID  map[string]Check
	bound map[string]bool
}

// NewChecks validates list; it panics on a malformed or duplicate check, at
// package initialisation, so a broken list never runs.
func NewChecks(list ...Check) *Checks {
	cs := &Checks{byID: map[string]Check{}, bound: map[string]bool{}}
	for _, c := range list {
		if err := c.Validate(); err != nil {
			panic(err)
		}
		if _, dup := cs.byID[c.ID]; dup {
			panic(fmt.Sprintf("check %q listed twice", c.ID))
		}
		cs.byID[c.ID] = c
		cs.list = append(cs.list, c)
	}
	return cs
}

// List returns the checks sorted by ID.
func (cs *Checks) List() []Check {
	out := append([]Check(nil), cs.list...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Get returns the check with id.
func (cs *Checks) Get(id string) (Check, bool) {
	c, ok := cs.byID[id]
	return c, ok
}

// ForSpec returns the check a spec text ("ID: title") belongs to.
func (cs *Checks) ForSpec(text string) (Check, bool) {
	id, _, _ := strings.Cut(text, ":")
	c, ok := cs.byID[id]
	return c, ok
}

// Unbound returns the IDs of checks that no spec implements.
func (cs *Checks) Unbound() []string {
	var out []string
	for _, c := range cs.List() {
		if !cs.bound[c.ID] {
			out = append(out, c.ID)
		}
	}
	return out
}

// LabelWebhook marks the checks that read the target's callbacks. Each
// waits at least one callback window (OnceWindow), so they are scheduled
// before the checks that wait for nothing: started last, the long checks
// would leave the other processes idle at a run's end.
const LabelWebhook = "webhook"

// LabelAppWide marks the checks that read or load the app as a whole (a
// list of all its groups, its push quota, a burst over an API's limit):
// they run Serial, and with the rate-limit checks in the runner's first
// pass, where no other check of their suite calls the target.
const LabelAppWide = "app-wide"

// waitsPriority is the ginkgo SpecPriority of the checks that wait a
// window (the default is 0).
const waitsPriority = 1

// It declares the spec of check id: its text is "ID: title", its labels
// are the check's, and its report carries the check's metadata. A webhook
// check is scheduled before the others (LabelWebhook) unless the
// decorators give it a priority of their own; an app-wide check runs
// Serial (LabelAppWide).
func (cs *Checks) It(id string, body func(ginkgo.SpecContext), decorators ...any) bool {
	c, ok := cs.byID[id]
	if !ok {
		panic(fmt.Sprintf("spec for unlisted check %q", id))
	}
	if cs.bound[id] {
		panic(fmt.Sprintf("check %q has two specs", id))
	}
	cs.bound[id] = true
	args := append(c.decorators(decorators...), decorators...)
	args = append(args, func(ctx ginkgo.SpecContext) {
		ginkgo.AddReportEntry("check", c, ginkgo.ReportEntryVisibilityNever)
		body(ctx)
	})
	return ginkgo.It(c.ID+": "+c.Title, args...)
}

// decorators are the ginkgo decorators c's labels imply, for a spec
// given the others: its labels; a priority for a webhook check, unless
// others sets one; Serial for an app-wide one.
func (c Check) decorators(others ...any) []any {
	out := []any{ginkgo.Label(c.Labels...)}
	if slices.Contains(c.Labels, LabelWebhook) && !slices.ContainsFunc(others, func(d any) bool { _, ok := d.(ginkgo.SpecPriority); return ok }) {
		out = append(out, ginkgo.SpecPriority(waitsPriority))
	}
	if slices.Contains(c.Labels, LabelAppWide) {
		out = append(out, ginkgo.Serial)
	}
	return out
}

// Variant records, in the spec's report, which of several documented
// answers the target gave where the docs leave the choice open.
func Variant(what string, args ...any) {
	ginkgo.AddReportEntry("variant", fmt.Sprintf(what, args...))
}
