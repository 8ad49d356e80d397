package framework

import (
	"encoding/json"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/parity"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/target"
)

// keepLast is how many exchanges a spec's report keeps when it fails.
const keepLast = 4

// Recorder watches the exchanges of the running spec: it keeps the last few
// for the failure report and notes what the spec exercised for coverage.
type Recorder struct {
	mu   sync.Mutex
	last []*target.Exchange
	cov  results.Coverage

	// prefix marks the run's accounts, for normalising observations.
	prefix string
	norm   *parity.Normalizer
	obs    parity.Observation
	seen   map[string]bool
	// noObserve skips the observations: a run that neither records nor
	// holds the target to a profile reads none, and normalising every
	// answer of a rate check's burst (under mu) held the load generator
	// back.
	noObserve bool
}

// Observing turns the parity observations on or off (on by default).
func (r *Recorder) Observing(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.noObserve = !on
}

// NewRecorder returns a recorder for a run whose accounts start with prefix.
func NewRecorder(prefix string) *Recorder { return &Recorder{prefix: prefix} }

// Observe records x; it is a target.Client's Observe hook.
func (r *Recorder) Observe(x *target.Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = append(r.last, x)
	if len(r.last) > keepLast {
		r.last = r.last[len(r.last)-keepLast:]
	}
	if !r.noObserve {
		r.observe(x)
	}
	if r.cov.Endpoints == nil {
		r.cov.Endpoints = map[string]*results.EndpointCoverage{}
	}
	ec := r.cov.Endpoints[x.Endpoint]
	if ec == nil {
		ec = &results.EndpointCoverage{Fields: map[string]int{}, Codes: map[int]int{}}
		r.cov.Endpoints[x.Endpoint] = ec
	}
	ec.Calls++
	var fields map[string]json.RawMessage
	if json.Unmarshal(x.RequestBody, &fields) == nil {
		for f := range fields {
			ec.Fields[f]++
		}
	}
	if x.DecodeErr == nil {
		ec.Codes[x.Envelope.ErrorCode]++
	}
}

// Reset forgets everything; call it before each spec.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last, r.cov = nil, results.Coverage{}
	r.norm, r.obs, r.seen = nil, parity.Observation{}, nil
}

// Report attaches to the current spec's report its coverage (hidden from
// the console) and, when it failed (or is about to: failing), its last
// exchanges, each with a curl line, the usersig redacted.
func (r *Recorder) Report(failing bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.cov.Endpoints) > 0 {
		ginkgo.AddReportEntry("coverage", r.cov, ginkgo.ReportEntryVisibilityNever)
	}
	if !failing && !ginkgo.CurrentSpecReport().Failed() {
		return
	}
	for _, x := range r.last {
		ginkgo.AddReportEntry("exchange", ExchangeEntry(x), ginkgo.ReportEntryVisibilityFailureOrVerbose)
	}
}

// ExchangeEntry converts x for a report; it holds no credential.
func ExchangeEntry(x *target.Exchange) results.Exchange {
	return results.Exchange{
		Method: x.Method, URL: target.Redact(x.URL), Request: clip(string(x.RequestBody)),
		Status: x.Status, Response: clip(string(x.Body)), Curl: target.Redact(x.Curl()),
	}
}
