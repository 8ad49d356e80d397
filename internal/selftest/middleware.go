package selftest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/emulator"
)

// call is one request as a middleware sees it: it may change any part
// before passing it on.
type call struct {
	Method   string
	Endpoint string // after /v4/
	Query    url.Values
	Header   http.Header
	Body     []byte
	Host     string // the Host the client called, kept for addresses the emulator serves
}

// answer is what goes back to the client.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// middleware sits between the client and the emulator; next sends a call
// to the emulator.
type middleware func(c *call, next func(*call) answer) answer

// wrap serves inner through mw.
func wrap(inner http.Handler, mw middleware) http.Handler {
	next := func(c *call) answer {
		u := "/v4/" + c.Endpoint + "?" + c.Query.Encode()
		req := httptest.NewRequest(c.Method, u, bytes.NewReader(c.Body))
		req.Header = c.Header.Clone()
		req.Host = c.Host
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, req)
		return answer{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, emulator.ControlPrefix) {
			inner.ServeHTTP(w, r) // the control API is not the REST API
			return
		}
		body, _ := io.ReadAll(r.Body)
		c := &call{Method: r.Method, Endpoint: strings.TrimPrefix(r.URL.Path, "/v4/"), Query: r.URL.Query(), Header: r.Header, Body: body, Host: r.Host}
		a := mw(c, next)
		for k, v := range a.Header {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(a.Status)
		w.Write(a.Body)
	})
}

// envelope decodes a JSON answer keeping numbers exact; nil when it is not
// a JSON object.
func envelope(body []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return nil
	}
	return m
}

func encode(m map[string]any) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // values came from a decoded body
	}
	return b
}

// code returns an answer's ErrorCode, or -1.
func code(a answer) int {
	m := envelope(a.Body)
	if n, ok := m["ErrorCode"].(json.Number); ok {
		if v, err := n.Int64(); err == nil {
			return int(v)
		}
	}
	return -1
}

// editAnswer rewrites every JSON answer with f.
func editAnswer(f func(c *call, m map[string]any, a *answer)) middleware {
	return func(c *call, next func(*call) answer) answer {
		a := next(c)
		if m := envelope(a.Body); m != nil {
			f(c, m, &a)
			a.Body = encode(m)
		}
		return a
	}
}

// recode replaces the ErrorCode of every answer that has one of from with to.
func recode(to int, from ...int) middleware {
	return editAnswer(func(c *call, m map[string]any, a *answer) {
		if slices.Contains(from, code(*a)) {
			m["ErrorCode"] = to
		}
	})
}

// failuresWithStatus answers every failure with the HTTP status given
// instead of 200.
func failuresWithStatus(status int) middleware {
	return func(c *call, next func(*call) answer) answer {
		a := next(c)
		if code(a) != 0 {
			a.Status = status
		}
		return a
	}
}

// failWith builds a FAIL answer with code.
func failWith(code int, info string) answer {
	return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: encode(map[string]any{"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info})}
}

func okAnswer() answer {
	return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: []byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)}
}

// only applies mw to calls of endpoint and passes the others through.
func only(endpoint string, mw middleware) middleware {
	return func(c *call, next func(*call) answer) answer {
		if c.Endpoint != endpoint {
			return next(c)
		}
		return mw(c, next)
	}
}

// requestFields decodes a request body that is a JSON object.
func requestFields(body []byte) (map[string]any, bool) {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

// Start serves v on a loopback port and returns its base URL and a
// function that stops it.
func Start(v Variant) (string, func(), error) { return StartCallbacks(v, "") }

// StartCallbacks is Start with the emulator's callbacks sent to
// callbackURL (none when empty), through v's callback proxy if it has one.
func StartCallbacks(v Variant, callbackURL string) (string, func(), error) {
	// Runs that leave the rate-limit checks out need no limits, and calls a
	// deviant adds on its own must not be throttled.
	opts := emulator.Options{NoLimits: v.Labels == withoutRate, CallbackURL: callbackURL}
	var stopProxy func()
	if callbackURL != "" && v.Callbacks != nil {
		url, stop, err := startProxy(callbackURL, v.Callbacks())
		if err != nil {
			return "", nil, err
		}
		opts.CallbackURL, stopProxy = url, stop
	}
	if v.Options != nil {
		v.Options(&opts)
	}
	h, err := emulator.NewHandler(opts)
	if err != nil {
		return "", nil, err
	}
	var handler http.Handler = h
	if v.Middleware != nil {
		handler = wrap(h, v.Middleware())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: handler}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		srv.Close()
		h.Close()
		if stopProxy != nil {
			stopProxy()
		}
	}, nil
}

// Find returns the deviant or perturbation called name.
func Find(name string) (Variant, bool) {
	for _, v := range slices.Concat(AllDeviants(), Perturbations) {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// hook is one callback as a callback proxy sees it, on its way from the
// emulator to the suite's receiver.
type hook struct {
	Command string
	Query   url.Values
	Body    []byte
}

// hookware sits between the emulator and the suite's receiver: forward
// sends a callback on and returns the receiver's answer; what hookware
// returns goes back to the emulator.
type hookware func(h *hook, forward func(*hook) []byte) []byte

// startProxy serves a callback proxy that passes callbacks to target
// through hw.
func startProxy(target string, hw hookware) (string, func(), error) {
	client := &http.Client{}
	forward := func(h *hook) []byte {
		u, err := url.Parse(target)
		if err != nil {
			return nil
		}
		u.RawQuery = h.Query.Encode()
		resp, err := client.Post(u.String(), "application/json", bytes.NewReader(h.Body))
		if err != nil {
			return nil
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return out
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h := &hook{Command: r.URL.Query().Get("CallbackCommand"), Query: r.URL.Query(), Body: body}
		w.Write(hw(h, forward))
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}
