package target

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chatconform/chatconform/internal/usersig"
)

// Throttled holds the documented codes that mean "call rate over a limit"
// (rest-common.md §3.4).
var Throttled = []int{60007, 60011, 60018, 60019}

// IsThrottled reports whether code is one of Throttled.
func IsThrottled(code int) bool {
	for _, c := range Throttled {
		if c == code {
			return true
		}
	}
	return false
}

// Client calls a Target. It is safe for concurrent use.
type Client struct {
	t    Target
	http *http.Client
	// Retry is how many times a throttled call is sent again, with growing
	// waits, before its throttled answer is returned. Zero sends once.
	Retry int
	// Observe, when set, sees every exchange that got an HTTP answer, each
	// attempt included. It must be safe for concurrent use.
	Observe func(*Exchange)

	mu     sync.Mutex
	sig    string
	sigExp time.Time
}

// NewClient returns a client for t.
func NewClient(t Target) *Client {
	hc := t.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	}
	return &Client{t: t, http: hc}
}

// Target returns the client's target.
func (c *Client) Target() Target { return c.t }

// AdminSig returns the admin's UserSig, made once and renewed before it
// expires. It is a credential: never print it.
func (c *Client) AdminSig() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sig != "" && time.Now().Before(c.sigExp) {
		return c.sig, nil
	}
	sig, err := usersig.Gen(c.t.SDKAppID, c.t.Key, c.t.Admin, 24*time.Hour)
	if err != nil {
		return "", err
	}
	c.sig, c.sigExp = sig, time.Now().Add(23*time.Hour)
	return sig, nil
}

// Request is one call with everything a check may want to vary.
type Request struct {
	// Endpoint is the path after /v4/, such as "openim/admin_set_msg_read".
	Endpoint string
	// Body is sent as is; nil sends an empty body.
	Body []byte
	// Method defaults to POST.
	Method string
	// Query replaces query parameters of the signed call: a key mapped to
	// nil is left out, any other value is sent instead of the signed one.
	Query map[string]*string
}

// Exchange is what was sent and what came back. It holds no credential:
// URL has its usersig redacted.
type Exchange struct {
	Endpoint    string
	Method      string
	URL         string // redacted
	RequestBody []byte
	Status      int
	Header      http.Header
	Body        []byte
	Elapsed     time.Duration
	// Envelope is the decoded body; DecodeErr says why it could not be.
	Envelope  Envelope
	DecodeErr error
	// Attempts counts sends, more than one when throttled calls were retried.
	Attempts int
	// custom holds the request's query replacements, for Curl and Overrides.
	custom map[string]*string
}

// Envelope is the part of every response the API documents.
type Envelope struct {
	ActionStatus string
	ErrorCode    int
	ErrorInfo    string
}

// OK reports whether the call succeeded at HTTP and API level.
func (e *Exchange) OK() bool {
	return e.Status == http.StatusOK && e.DecodeErr == nil && e.Envelope.ActionStatus == "OK" && e.Envelope.ErrorCode == 0
}

// Decode unmarshals the response body into v.
func (e *Exchange) Decode(v any) error {
	if err := json.Unmarshal(e.Body, v); err != nil {
		return fmt.Errorf("decode %s response: %w", e.Endpoint, err)
	}
	return nil
}

// Err returns nil for a successful exchange and otherwise a *CallError.
func (e *Exchange) Err() error {
	if e.OK() {
		return nil
	}
	return &CallError{X: e}
}

// Summary says in one line what the exchange came back with:
// "im_open_login_svc/account_import answered HTTP 200, FAIL, ErrorCode 70402",
// or, for an answer that is not the JSON envelope,
// "im_open_login_svc/account_import: HTTP 422 application/problem+json, not the JSON envelope".
func (e *Exchange) Summary() string {
	if e.DecodeErr != nil {
		ct := e.Header.Get("Content-Type")
		if ct == "" {
			ct = "without a Content-Type"
		}
		return fmt.Sprintf("%s: HTTP %d %s, not the JSON envelope", e.Endpoint, e.Status, ct)
	}
	return fmt.Sprintf("%s answered HTTP %d, %s, ErrorCode %d", e.Endpoint, e.Status, e.Envelope.ActionStatus, e.Envelope.ErrorCode)
}

// CallError is a call that got an HTTP answer other than success.
type CallError struct{ X *Exchange }

func (e *CallError) Error() string { return e.X.Summary() }

// TransportError is a call that got no HTTP answer.
type TransportError struct {
	Endpoint string
	Err      error // credential-free
}

func (e *TransportError) Error() string { return e.Endpoint + ": " + e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }

// Call sends body, marshalled to JSON, to endpoint and fails unless the
// API answers OK.
func (c *Client) Call(ctx context.Context, endpoint string, body, out any) (*Exchange, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode %s request: %w", endpoint, err)
	}
	x, err := c.Do(ctx, Request{Endpoint: endpoint, Body: raw})
	if err != nil {
		return x, err
	}
	if err := x.Err(); err != nil {
		return x, err
	}
	if out != nil {
		return x, x.Decode(out)
	}
	return x, nil
}

// Do sends r, retrying throttled answers up to c.Retry times. An error means
// no HTTP answer came back; API failures are in the Exchange.
func (c *Client) Do(ctx context.Context, r Request) (*Exchange, error) {
	wait := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		x, err := c.send(ctx, r)
		if err != nil || attempt > c.Retry || !IsThrottled(x.Envelope.ErrorCode) {
			if x != nil {
				x.Attempts = attempt
			}
			if err == nil {
				c.observe(x)
			}
			return x, err
		}
		t := time.NewTimer(wait + rand.N(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			x.Attempts = attempt
			c.observe(x)
			return x, nil
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
}

func (c *Client) send(ctx context.Context, r Request) (*Exchange, error) {
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	sig, err := c.AdminSig()
	if err != nil {
		return nil, err
	}
	q := [][2]string{
		{"sdkappid", strconv.FormatUint(c.t.SDKAppID, 10)},
		{"identifier", c.t.Admin},
		{"usersig", sig},
		{"random", strconv.FormatUint(uint64(rand.Uint32()), 10)},
		{"contenttype", "json"},
	}
	var query strings.Builder
	for _, kv := range q {
		v := &kv[1]
		if o, ok := r.Query[kv[0]]; ok {
			if o == nil {
				continue
			}
			v = o
		}
		if query.Len() > 0 {
			query.WriteByte('&')
		}
		query.WriteString(kv[0] + "=" + url.QueryEscape(*v))
	}
	full := c.t.BaseURL + "/v4/" + r.Endpoint + "?" + query.String()
	x := &Exchange{Endpoint: r.Endpoint, Method: method, URL: Redact(full), RequestBody: r.Body, custom: r.Query}
	req, err := http.NewRequestWithContext(ctx, method, full, bytes.NewReader(r.Body))
	if err != nil {
		return x, fmt.Errorf("build %s request: %s", r.Endpoint, Redact(err.Error()))
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return x, &TransportError{Endpoint: r.Endpoint, Err: redactErr(err)}
	}
	defer resp.Body.Close()
	x.Status, x.Header = resp.StatusCode, resp.Header
	x.Body, err = io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	x.Elapsed = time.Since(start)
	if err != nil {
		return x, &TransportError{Endpoint: r.Endpoint, Err: fmt.Errorf("reading the answer: %w", redactErr(err))}
	}
	x.DecodeErr = decodeEnvelope(x.Body, &x.Envelope)
	return x, nil
}

// observe passes x to the Observe hook, if any: the answer a call ended
// with (a throttled attempt sent again is not the target's answer to it,
// and would make two recordings of the same target differ).
func (c *Client) observe(x *Exchange) {
	if c.Observe != nil {
		c.Observe(x)
	}
}

// decodeEnvelope reads the three envelope fields strictly: a field of the
// wrong JSON type is an error, not a zero value.
func decodeEnvelope(body []byte, env *Envelope) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if err := json.Unmarshal(raw["ActionStatus"], &env.ActionStatus); err != nil {
		return fmt.Errorf("ActionStatus: %w", err)
	}
	if err := json.Unmarshal(raw["ErrorCode"], &env.ErrorCode); err != nil {
		return fmt.Errorf("ErrorCode: %w", err)
	}
	if info, ok := raw["ErrorInfo"]; ok {
		if err := json.Unmarshal(info, &env.ErrorInfo); err != nil {
			return fmt.Errorf("ErrorInfo: %w", err)
		}
	}
	return nil
}

// redactErr keeps an error's meaning while removing any usersig from its text.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &redacted{msg: Redact(ue.Err.Error()), err: ue.Err}
	}
	return &redacted{msg: Redact(err.Error()), err: err}
}

// Curl returns a shell command that sends the same request again, with the
// credentials left to the shell variables TIM_SDKAPPID, TIM_ADMIN and
// USERSIG. Parameters the check replaced are shown as sent, except a usersig.
func (x *Exchange) Curl() string {
	u, err := url.Parse(x.URL)
	if err != nil {
		return "# cannot rebuild the request URL"
	}
	params := []struct{ k, v string }{
		{"sdkappid", "${TIM_SDKAPPID}"},
		{"identifier", "${TIM_ADMIN}"},
		{"usersig", "${USERSIG}"},
		{"random", u.Query().Get("random")},
		{"contenttype", "json"},
	}
	var q []string
	for _, p := range params {
		if o, ok := x.custom[p.k]; ok {
			if o == nil {
				continue
			}
			if p.k != "usersig" {
				p.v = url.QueryEscape(*o)
			}
		}
		q = append(q, p.k+"="+p.v)
	}
	u.RawQuery = ""
	cmd := "curl -sS -X " + x.Method + " \"" + u.String() + "?" + strings.Join(q, "&") + "\""
	if o, ok := x.custom["usersig"]; ok && o != nil {
		cmd = "# the check sent a usersig of its own making (not shown): set USERSIG to one like it\n" + cmd
	}
	if len(x.RequestBody) > 0 {
		cmd += " --data-binary " + shellQuote(string(x.RequestBody))
	}
	return cmd
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Overrides lists the query parameters the request replaced or left out,
// without credentials: a left-out parameter is "<omitted>", a replaced
// usersig "<custom>", any other its value as sent.
func (x *Exchange) Overrides() map[string]string {
	if len(x.custom) == 0 {
		return nil
	}
	out := make(map[string]string, len(x.custom))
	for k, v := range x.custom {
		switch {
		case v == nil:
			out[k] = "<omitted>"
		case k == "usersig":
			out[k] = "<custom>"
		default:
			out[k] = *v
		}
	}
	return out
}

// redacted keeps an error's chain (for errors.Is on timeouts and refused
// connections) while its text carries no usersig.
type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }
