package framework

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/internal/parity"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
)

// setupEndpoints are left out of observations: whether a check imports an
// account depends on which checks ran before it in the same process.
var setupEndpoints = map[string]bool{
	"im_open_login_svc/account_import": true,
	"im_open_login_svc/account_delete": true,
}

// Observed is a loaded observed profile and where it came from.
type Observed struct {
	Path    string
	Profile *parity.Profile
}

// observe adds x to the spec's observation; r.mu is held.
func (r *Recorder) observe(x *target.Exchange) {
	if setupEndpoints[x.Endpoint] {
		return
	}
	if r.norm == nil {
		r.norm = parity.NewNormalizer(r.prefix, DigitPrefix(r.prefix))
	}
	c := parity.Call{Endpoint: x.Endpoint, Method: x.Method, Status: x.Status}
	ov := x.Overrides()
	keys := make([]string, 0, len(ov))
	for k := range ov {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := ov[k]
		if r.prefix != "" && (strings.HasPrefix(v, r.prefix) || strings.HasPrefix(v, DigitPrefix(r.prefix))) {
			v = r.norm.User(v)
		}
		c.Query = append(c.Query, k+"="+v)
	}
	c.Request = r.norm.Text(x.RequestBody)
	keep, err := schemas.ResponseFields(x.Endpoint)
	if err != nil {
		keep = []string{"ActionStatus", "ErrorCode"} // a path the docs do not define
	}
	c.Response, c.Fields = r.norm.Response(x.Body, keep)
	for _, f := range c.Fields {
		if slices.Contains(keep, f) {
			c.Documented = append(c.Documented, f)
		}
	}
	if x.DecodeErr == nil {
		code := x.Envelope.ErrorCode
		c.ActionStatus, c.ErrorCode = x.Envelope.ActionStatus, &code
	}
	sig := c.Key() + " " + c.Answer() + " " + c.Response
	if r.seen[sig] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[sig] = true
	r.obs.Calls = append(r.obs.Calls, c)
}

// Parity decides, after a spec, what to do with its observation: in
// record mode it goes into the report, whatever the outcome; with an
// observed profile, a check whose answer the docs leave open (held) must
// answer as recorded. It returns the mismatch, for the caller to fail the
// spec with once the report has its exchanges.
func (r *Recorder) Parity(id string, held bool, record bool, observed *Observed) string {
	rep := ginkgo.CurrentSpecReport()
	if rep.State.Is(types.SpecStateSkipped|types.SpecStatePending) || id == "" {
		return ""
	}
	r.mu.Lock()
	obs := r.obs
	r.mu.Unlock()
	obs.Held = held
	if record {
		ginkgo.AddReportEntry("observation", obs, ginkgo.ReportEntryVisibilityNever)
	}
	if observed == nil || !held || rep.Failed() {
		return ""
	}
	p := observed.Profile
	want, ok := p.Probes[id]
	if !ok {
		ginkgo.AddReportEntry("observed", fmt.Sprintf("no answer recorded for %s in %s; the documented variants were accepted", id, observed.Path))
		return ""
	}
	source := fmt.Sprintf("%s (%s, recorded %s from %s)", observed.Path, p.Source, p.Recorded.Format("2006-01-02"), p.Target)
	if diffs := parity.Compare(want, obs, parity.IsProbe(id)); len(diffs) > 0 {
		ginkgo.AddReportEntry("observed", "held to the answer in "+source+": differs")
		return fmt.Sprintf("the target answers differently from the observed profile %s:\n  - %s", source, strings.Join(diffs, "\n  - "))
	}
	ginkgo.AddReportEntry("observed", "held to the answer in "+source)
	return ""
}
