package framework

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/parity"
	"github.com/chatconform/chatconform/target"
)

// keepLast is how many exchanges a spec's report keeps when it fails.
const keepLast = 4

// Recorder watches the exchanges of the running spec: it keeps the last few
// for the failure report and notes what the spec exercised for coverage.
type Recorder struct {
	mu   sync.Mutex
	last []*target.Exchange
	cov  Coverage

	// prefix marks the run's accounts, for normalising observations.
	prefix string
	norm   *parity.Normalizer
	obs    parity.Observation
	seen   map[string]bool
}

// NewRecorder returns a recorder for a run whose accounts start with prefix.
func NewRecorder(prefix string) *Recorder { return &Recorder{prefix: prefix} }

// Coverage is what one spec exercised: per endpoint, the request fields
// sent and the ErrorCodes received.
type Coverage struct {
	Endpoints map[string]*EndpointCoverage `json:"endpoints"`
}

// EndpointCoverage is one endpoint's share of Coverage.
type EndpointCoverage struct {
	Calls  int            `json:"calls"`
	Fields map[string]int `json:"fields"`
	Codes  map[int]int    `json:"codes"`
}

// Observe records x; it is a target.Client's Observe hook.
func (r *Recorder) Observe(x *target.Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = append(r.last, x)
	if len(r.last) > keepLast {
		r.last = r.last[len(r.last)-keepLast:]
	}
	if r.cov.Endpoints == nil {
		r.cov.Endpoints = map[string]*EndpointCoverage{}
	}
	ec := r.cov.Endpoints[x.Endpoint]
	if ec == nil {
		ec = &EndpointCoverage{Fields: map[string]int{}, Codes: map[int]int{}}
		r.cov.Endpoints[x.Endpoint] = ec
	}
	r.observe(x)
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
	r.last, r.cov = nil, Coverage{}
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

// Exchange is an exchange as a report carries it. It holds no credential.
type Exchange struct {
	Method   string `json:"method"`
	URL      string `json:"url"`
	Request  string `json:"request"`
	Status   int    `json:"status"`
	Response string `json:"response"`
	Curl     string `json:"curl"`
}

// ExchangeEntry converts x for a report.
func ExchangeEntry(x *target.Exchange) Exchange {
	return Exchange{
		Method: x.Method, URL: target.Redact(x.URL), Request: clip(string(x.RequestBody)),
		Status: x.Status, Response: clip(string(x.Body)), Curl: target.Redact(x.Curl()),
	}
}

// String renders the entry on the console.
func (e Exchange) String() string {
	return e.Method + " " + e.URL + "\n  body: " + e.Request + "\n  HTTP " + strconv.Itoa(e.Status) + ": " + e.Response + "\n  reproduce: " + e.Curl
}
