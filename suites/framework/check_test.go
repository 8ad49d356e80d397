package framework

import (
	"slices"
	"testing"

	"github.com/onsi/ginkgo/v2"
)

// A check's labels decide how it is scheduled: webhook checks first,
// app-wide ones Serial; a priority the spec sets itself wins.
func TestCheckDecorators(t *testing.T) {
	has := func(ds []any, want any) bool { return slices.Contains(ds, want) }
	plain := Check{ID: "X-A-001", Labels: []string{"behaviour"}}
	if ds := plain.decorators(); len(ds) != 1 {
		t.Errorf("a plain check got %d decorators; want its labels only", len(ds))
	}
	hook := Check{ID: "X-A-002", Labels: []string{LabelWebhook}}
	if ds := hook.decorators(); !has(ds, ginkgo.SpecPriority(waitsPriority)) || has(ds, ginkgo.Serial) {
		t.Errorf("a webhook check got %v; want the waits' priority and not Serial", ds)
	}
	if ds := hook.decorators(ginkgo.SpecPriority(5)); has(ds, ginkgo.SpecPriority(waitsPriority)) {
		t.Errorf("a webhook check with a priority of its own got another: %v", ds)
	}
	wide := Check{ID: "X-A-003", Labels: []string{LabelAppWide, LabelWebhook}}
	if ds := wide.decorators(); !has(ds, ginkgo.Serial) || !has(ds, ginkgo.SpecPriority(waitsPriority)) {
		t.Errorf("an app-wide webhook check got %v; want Serial and the waits' priority", ds)
	}
}
