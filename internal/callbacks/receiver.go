// Package callbacks plays an app's callback URL for the suites: a
// receiver records every callback a target sends and answers it by rules
// the checks set, and the receivers of a suite's processes join one
// another so that each sees every callback. It knows no CallbackCommand
// and no test framework (the suites' framework wraps it), so that it is
// tested under -race without compiling ginkgo for the race detector.
package callbacks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Callback is one callback the receiver got.
type Callback struct {
	Command string     // the CallbackCommand of the query string
	Query   url.Values // the whole query string
	Body    []byte
	Fields  map[string]json.RawMessage // the body decoded one level deep; nil when not a JSON object
	At      time.Time
}

// Str returns a string field of the body ("" when absent or not a string).
func (c Callback) Str(name string) string {
	var s string
	json.Unmarshal(c.Fields[name], &s)
	return s
}

// Int returns an integer field of the body, and whether it is one.
func (c Callback) Int(name string) (int64, bool) {
	var n int64
	err := json.Unmarshal(c.Fields[name], &n)
	return n, err == nil
}

// Receiver plays the app's callback URL: it records every callback and
// answers each with the answer of the first rule that matches (OK, ErrorCode
// 0 otherwise). It knows no CallbackCommand.
//
// A target has one callback URL, and a suite runs on several processes:
// the first process's receiver is the one the target calls, and the other
// processes' receivers join it (Join) from this machine, with the run's
// token (Token). It passes every callback on to each of them, so every
// process sees every callback, and answers with the first rule that
// matches in any process.
type Receiver struct {
	URL string

	token  string // a join, and a callback passed on, carry it
	srv    *http.Server
	client *http.Client // passes callbacks on to the joined receivers
	mu     sync.Mutex
	got    []Callback
	rules  []*answerRule
	wake   chan struct{}
	joined []string // the URLs of the other processes' receivers
}

// The join requests and passed-on callbacks between the processes'
// receivers. A target calls the callback URL it was given, never this path.
const (
	joinPath        = "/.chatconform/join"
	tokenHeader     = "X-Chatconform-Token"     // the run's token, on a join and a callback passed on
	forwardedHeader = "X-Chatconform-Forwarded" // a callback passed on by the first receiver
	answeredHeader  = "X-Chatconform-Answered"  // a rule of this receiver answered it
)

// passOnWait bounds how long the first receiver waits for the others'
// answers, well inside a target's wait for a before-callback's answer
// (2 s for the emulator).
const passOnWait = time.Second

type answerRule struct {
	match  func(Callback) bool
	answer []byte
}

// Start listens on addr (127.0.0.1:0 for a free loopback port).
func Start(addr string) (*Receiver, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("callback receiver: listen on %s: %w", addr, err)
	}
	token := make([]byte, 16)
	if _, err := rand.Read(token); err != nil {
		ln.Close()
		return nil, err
	}
	// Each callback is passed on over a connection of its own: a joined
	// process that has ended then refuses the next one, and is dropped,
	// where a kept-alive connection to it would fail another way.
	passOn := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	r := &Receiver{URL: "http://" + ln.Addr().String() + "/", token: hex.EncodeToString(token), wake: make(chan struct{}), client: passOn}
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve), ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

// Close stops the receiver.
func (r *Receiver) Close() { r.srv.Close() }

// Token is what the other processes' receivers join this one with.
func (r *Receiver) Token() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.token
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	forwarded := req.Header.Get(forwardedHeader) != ""
	if req.URL.Path == joinPath || forwarded {
		// Only this run's processes, on this machine, join or pass on.
		if req.Header.Get(tokenHeader) != r.Token() || !fromLoopback(req.RemoteAddr) {
			http.Error(w, "not a process of this run", http.StatusForbidden)
			return
		}
	}
	if req.URL.Path == joinPath {
		r.mu.Lock()
		if u := string(body); !slices.Contains(r.joined, u) {
			r.joined = append(r.joined, u)
		}
		r.mu.Unlock()
		return
	}
	c := Callback{Command: req.URL.Query().Get("CallbackCommand"), Query: req.URL.Query(), Body: body, At: time.Now()}
	json.Unmarshal(body, &c.Fields)
	answer, matched := []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`), false
	r.mu.Lock()
	for _, rule := range r.rules {
		if rule.match(c) {
			answer, matched = rule.answer, true
			break
		}
	}
	r.got = append(r.got, c)
	close(r.wake)
	r.wake = make(chan struct{})
	joined := slices.Clone(r.joined)
	r.mu.Unlock()
	if !forwarded && len(joined) > 0 {
		if theirs, ok := r.passOn(joined, req.URL.RawQuery, body, !matched); ok && !matched {
			answer, matched = theirs, true
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if matched {
		w.Header().Set(answeredHeader, "1")
	}
	w.Write(answer)
}

// fromLoopback reports whether a request's remote address is this machine's.
func fromLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// passOn sends a callback to every joined receiver at once. With wait, it
// returns the answer of the first whose rule matched, as soon as one does,
// and otherwise once all have answered or passOnWait has passed; without,
// it returns at once. A receiver whose port refuses connections (its
// process has ended) is dropped.
func (r *Receiver) passOn(joined []string, query string, body []byte, wait bool) ([]byte, bool) {
	type reply struct {
		answer []byte
		ok     bool
	}
	replies := make(chan reply, len(joined))
	for _, u := range joined {
		go func() {
			req, err := http.NewRequest(http.MethodPost, u+"?"+query, bytes.NewReader(body))
			if err != nil {
				replies <- reply{}
				return
			}
			req.Header.Set(forwardedHeader, "1")
			req.Header.Set(tokenHeader, r.Token())
			req.Header.Set("Content-Type", "application/json")
			resp, err := r.client.Do(req)
			if err != nil {
				if errors.Is(err, syscall.ECONNREFUSED) {
					r.mu.Lock()
					r.joined = slices.DeleteFunc(r.joined, func(x string) bool { return x == u })
					r.mu.Unlock()
				}
				replies <- reply{}
				return
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			replies <- reply{answer: data, ok: resp.StatusCode == http.StatusOK && resp.Header.Get(answeredHeader) != ""}
		}()
	}
	if !wait {
		return nil, false
	}
	timeout := time.NewTimer(passOnWait)
	defer timeout.Stop()
	for range joined {
		select {
		case rp := <-replies:
			if rp.ok {
				return rp.answer, true
			}
		case <-timeout.C:
			return nil, false
		}
	}
	return nil, false
}

// Join makes the receiver at primary (the URL the target calls), whose
// token is token, pass every callback on to r from now on.
func (r *Receiver) Join(ctx context.Context, primary, token string) error {
	r.mu.Lock()
	r.token = token
	r.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(primary, "/")+joinPath, strings.NewReader(r.URL))
	if err != nil {
		return err
	}
	req.Header.Set(tokenHeader, token)
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("join the callback receiver at %s: %w", primary, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("join the callback receiver at %s: HTTP %d", primary, resp.StatusCode)
	}
	return nil
}

// Answer makes the receiver answer the callbacks that match with answer
// (a JSON object) until the returned function removes the rule.
func (r *Receiver) Answer(match func(Callback) bool, answer any) (remove func()) {
	data, err := json.Marshal(answer)
	if err != nil {
		panic(err) // answers are literals of the checks
	}
	rule := &answerRule{match, data}
	r.mu.Lock()
	r.rules = append(r.rules, rule)
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		for i, x := range r.rules {
			if x == rule {
				r.rules = append(r.rules[:i], r.rules[i+1:]...)
				return
			}
		}
	}
}

// Matching returns the callbacks received so far that match.
func (r *Receiver) Matching(match func(Callback) bool) []Callback {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Callback
	for _, c := range r.got {
		if match(c) {
			out = append(out, c)
		}
	}
	return out
}

// First returns the first callback that matches, waiting for it until ctx
// ends, and whether one came.
func (r *Receiver) First(ctx context.Context, match func(Callback) bool) (Callback, bool) {
	var first Callback
	ok := r.Until(ctx, func() bool {
		got := r.Matching(match)
		if len(got) > 0 {
			first = got[0]
		}
		return len(got) > 0
	})
	return first, ok
}

// Until waits, as callbacks arrive, until done reports true or ctx ends,
// and reports whether done did.
func (r *Receiver) Until(ctx context.Context, done func() bool) bool {
	for {
		r.mu.Lock()
		wake := r.wake // taken before done looks: a callback after it wakes the wait
		r.mu.Unlock()
		if done() {
			return true
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return done()
		}
	}
}

// Quiet waits up to d for n callbacks that match and returns those there
// are: for checks that a callback is not sent (n 1) or not sent twice (n 2).
// It returns early once n have arrived.
func (r *Receiver) Quiet(ctx context.Context, d time.Duration, n int, match func(Callback) bool) []Callback {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	r.Until(ctx, func() bool { return len(r.Matching(match)) >= n })
	return r.Matching(match)
}

// Of matches the callbacks of cmd whose body fields hold the values
// given, as field, value pairs. An empty value matches nothing: checks run
// side by side, and every callback without the field would match it.
func Of(cmd string, fieldValues ...string) func(Callback) bool {
	return func(c Callback) bool {
		if c.Command != cmd {
			return false
		}
		for i := 0; i+1 < len(fieldValues); i += 2 {
			if fieldValues[i+1] == "" || c.Str(fieldValues[i]) != fieldValues[i+1] {
				return false
			}
		}
		return true
	}
}
