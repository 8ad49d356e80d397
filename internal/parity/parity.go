// Package parity holds observed profiles: what a target answered to the
// conformance probes, normalised so that two runs, or two targets, can be
// compared. Record a profile once against a real region, commit it, and
// hold any other target (a mock, the emulator, a later release) to it where
// the documentation leaves the answer open.
package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Kind marks a file as an observed profile.
const Kind = "chatconform observed profile"

// Profile is an observed profile file.
type Profile struct {
	Kind string `json:"kind"`
	// Target names what was recorded, without credentials.
	Target string `json:"target"`
	// Source says what the target is: "real service", or "chatconform
	// emulator" for the profile the project ships, which is not the real
	// service.
	Source   string    `json:"source"`
	Recorded time.Time `json:"recorded"`
	Tool     string    `json:"tool"`
	// Probes maps a check or probe ID to what the target answered.
	Probes map[string]Observation `json:"probes"`
}

// Observation is the distinct calls one check made, in order of first
// appearance, normalised. Account setup calls are left out.
type Observation struct {
	// Held marks a check whose answer the docs leave open: a conformance
	// run with this profile holds it to these calls, and diff compares it.
	// The answers of other checks are recorded for reading; some, such as
	// how many calls a limiter throttles at exactly its limit, vary from run
	// to run.
	Held  bool   `json:"held"`
	Calls []Call `json:"calls"`
}

// Call is one normalised call and its answer.
type Call struct {
	Endpoint string `json:"endpoint"`
	Method   string `json:"method"`
	// Query lists the query parameters the check changed, with values
	// normalised ("usersig=<custom>", "sdkappid=<omitted>").
	Query        []string `json:"query,omitempty"`
	Request      string   `json:"request"`
	Status       int      `json:"status"`
	ActionStatus string   `json:"action_status,omitempty"`
	ErrorCode    *int     `json:"error_code,omitempty"`
	// Response is the answer with volatile values replaced and ErrorInfo
	// left out (its wording is free); Fields lists its top-level fields.
	Response string   `json:"response"`
	Fields   []string `json:"fields"`
	// Documented lists the top-level fields of the answer that the
	// endpoint's schema documents (the envelope's included): a target held
	// to the profile must return the same ones; fields of its own stay
	// free. Profiles recorded before it existed have none, and are not
	// compared on it.
	Documented []string `json:"documented,omitempty"`
}

// Key identifies a call's request, for comparing answers.
func (c Call) Key() string {
	return c.Method + " " + c.Endpoint + " " + strings.Join(c.Query, "&") + " " + c.Request
}

// Answer is the part of a call that a target decides.
func (c Call) Answer() string {
	code := "none"
	if c.ErrorCode != nil {
		code = strconv.Itoa(*c.ErrorCode)
	}
	return fmt.Sprintf("HTTP %d %s %s", c.Status, c.ActionStatus, code)
}

// withFields is the answer with the documented fields it carried.
func (c Call) withFields() string {
	return c.Answer() + " with " + strings.Join(c.Documented, ",")
}

// Load reads a profile file.
func Load(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("observed profile: %w", err)
	}
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("observed profile %s: %w", path, err)
	}
	if p.Kind != Kind {
		return nil, fmt.Errorf("observed profile %s: kind %q, want %q", path, p.Kind, Kind)
	}
	return &p, nil
}

// Write writes p as indented JSON with sorted keys.
func Write(path string, p *Profile) error {
	p.Kind = Kind
	data, err := marshal(p, "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// marshal encodes v as JSON without escaping <, > and & (placeholders
// read better as they are).
func marshal(v any, indent string) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := b.String()
	if indent == "" {
		out = strings.TrimSuffix(out, "\n")
	}
	return []byte(out), nil
}

// Compare lists where got's answers differ from want's. Calls are matched
// by request; each request's set of distinct answers (HTTP status,
// ActionStatus, ErrorCode and, with fields, the normalised response) must
// be the same on both sides. Order does not count: a check that polls may
// see a throttled answer first in one run and not in another.
func Compare(want, got Observation, fields bool) []string {
	// Documented fields count when the recorded side has them.
	withDocumented := false
	for _, c := range want.Calls {
		withDocumented = withDocumented || len(c.Documented) > 0
	}
	index := func(o Observation) (map[string][]string, []string) {
		m := map[string][]string{}
		var order []string
		for _, c := range o.Calls {
			k := c.Key()
			a := c.Answer()
			if withDocumented {
				a = c.withFields()
			}
			if fields {
				a += " " + c.Response
			}
			if _, seen := m[k]; !seen {
				order = append(order, k)
			}
			if !slices.Contains(m[k], a) {
				m[k] = append(m[k], a)
			}
		}
		for k := range m {
			sort.Strings(m[k])
		}
		return m, order
	}
	wm, worder := index(want)
	gm, gorder := index(got)
	var diffs []string
	for _, k := range worder {
		g, ok := gm[k]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("recorded call not made now: %s → %s", k, strings.Join(wm[k], " | ")))
		case !slices.Equal(wm[k], g):
			diffs = append(diffs, fmt.Sprintf("%s: recorded %s, now %s", k, strings.Join(wm[k], " | "), strings.Join(g, " | ")))
		}
	}
	for _, k := range gorder {
		if _, ok := wm[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("call not recorded: %s → %s", k, strings.Join(gm[k], " | ")))
		}
	}
	return diffs
}

// Diff compares two profiles probe by probe and returns, per probe where
// they disagree, the differences: the answers of the probes either side
// holds (as a conformance run with the profile would), and the probes only
// one side has.
func Diff(a, b *Profile) map[string][]string {
	out := map[string][]string{}
	for id, oa := range a.Probes {
		ob, ok := b.Probes[id]
		if !ok {
			out[id] = []string{"only in " + a.Target}
			continue
		}
		if !oa.Held && !ob.Held {
			continue
		}
		if d := Compare(oa, ob, IsProbe(id)); len(d) > 0 {
			out[id] = d
		}
	}
	for id := range b.Probes {
		if _, ok := a.Probes[id]; !ok {
			out[id] = []string{"only in " + b.Target}
		}
	}
	return out
}

// IsProbe reports whether id names a probe, whose responses (its effects)
// count as well as its codes.
func IsProbe(id string) bool { return strings.Contains(id, "-PROBE-") }

// Normalizer replaces the volatile values of one check's calls with
// placeholders. Accounts and message keys keep "same as" relations
// (<user1> is the same account wherever it appears); times and random
// numbers do not, since two runs may split them differently across
// seconds.
type Normalizer struct {
	prefixes []string
	users    map[string]string
	keys     map[string]string
}

// NewNormalizer returns a normalizer for a run whose accounts start with
// one of prefixes (empty ones are ignored). An account of digits may also
// appear as a JSON number.
func NewNormalizer(prefixes ...string) *Normalizer {
	n := &Normalizer{users: map[string]string{}, keys: map[string]string{}}
	for _, p := range prefixes {
		if p != "" {
			n.prefixes = append(n.prefixes, p)
		}
	}
	return n
}

// account reports whether s is one of the run's accounts.
func (n *Normalizer) account(s string) bool {
	for _, p := range n.prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var (
	msgKeyPattern = regexp.MustCompile(`^[0-9]+_[0-9]+_[0-9]+$`)
	volatileTimes = map[string]bool{"MsgTime": true, "MsgTimeStamp": true, "LastMsgTime": true, "MsgReadTime": true, "MinTime": true, "MaxTime": true}
	volatileNums  = map[string]bool{"MsgSeq": true, "MsgRandom": true}
	dropped       = map[string]bool{"ErrorInfo": true}
)

// Response normalises an answer, keeping only the top-level fields in keep
// (those the endpoint's schema documents: servers may add fields of their
// own, such as request ids, that say nothing about conformance). It also
// returns every top-level field the answer had, sorted. One decode serves
// both.
func (n *Normalizer) Response(raw []byte, keep []string) (string, []string) {
	v, ok := decode(raw)
	m, isObject := v.(map[string]any)
	if !ok || !isObject {
		return n.Text(raw), nil
	}
	fields := make([]string, 0, len(m))
	for k := range m {
		fields = append(fields, k)
		if !slices.Contains(keep, k) {
			delete(m, k)
		}
	}
	sort.Strings(fields)
	return n.encode(m), fields
}

// Text normalises a JSON document (or returns a placeholder for text that
// is not JSON) with sorted keys.
func (n *Normalizer) Text(raw []byte) string {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return "<empty>"
	}
	v, ok := decode(raw)
	if !ok {
		return "<not JSON: " + strconv.Itoa(len(raw)) + " bytes>"
	}
	return n.encode(v)
}

// decode reads exactly one JSON value, keeping numbers exact.
func decode(raw []byte) (any, bool) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return v, true
}

func (n *Normalizer) encode(v any) string {
	out, err := marshal(n.value("", v), "")
	if err != nil {
		return "<unencodable>"
	}
	return string(out)
}

func (n *Normalizer) value(field string, v any) any {
	switch t := v.(type) {
	case map[string]any:
		// Keys in order, so placeholders are numbered the same every run.
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := map[string]any{}
		for _, k := range keys {
			if dropped[k] {
				continue
			}
			m[k] = n.value(k, t[k])
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = n.value(field, val)
		}
		return out
	case string:
		switch {
		case volatileTimes[field]:
			return timeClass(t)
		case n.account(t):
			return n.User(t)
		case msgKeyPattern.MatchString(t):
			if _, ok := n.keys[t]; !ok {
				n.keys[t] = fmt.Sprintf("<msgkey%d>", len(n.keys)+1)
			}
			return n.keys[t]
		}
		return t
	case json.Number:
		switch {
		case n.account(string(t)):
			return n.User(string(t))
		case volatileTimes[field]:
			return timeClass(string(t))
		case volatileNums[field]:
			return "<n>"
		}
		return t
	}
	return v
}

// timeClass replaces a time that changes from run to run with a
// placeholder for its kind, and keeps anything else (a word, an empty
// string, a zero) as it is: those say what was probed.
func timeClass(v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil || n == 0:
		return v
	case n >= 1e12:
		return "<time-ms>"
	case n >= 1e9:
		return "<time>"
	}
	return v
}

// User returns the placeholder of an account.
func (n *Normalizer) User(id string) string {
	if _, ok := n.users[id]; !ok {
		n.users[id] = fmt.Sprintf("<user%d>", len(n.users)+1)
	}
	return n.users[id]
}
