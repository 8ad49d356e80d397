// Package schemas is the catalogue: every documented fact about the Tencent
// Cloud Chat server API that chatconform holds, and helpers to validate raw
// bodies against its JSON Schemas (draft-07, gojsonschema).
//
// Nothing documented is restated elsewhere: the emulator's limits and codes,
// the generated contract suite, the OpenAPI export, coverage and the check
// list all read it. The embedded files:
//
//	families.json              the API families (key, title), in report order
//	errors.json                the common error table (code, meaning)
//	envelope.json              the response envelope every answer shares
//	rest/{service}.{command}.json
//	                           one entry per REST endpoint (see Entry): path,
//	                           family, title, doc page, rate limit, editions,
//	                           error table, the codes a malformed body and each
//	                           missing or mistyped field may get, ambiguities,
//	                           and the request and response schemas (the
//	                           response schema covers the fields beyond the
//	                           envelope; Response adds the envelope's rules)
//	webhooks/{CallbackCommand}.json
//	                           one entry per callback (see Webhook): the body
//	                           the service POSTs and the app's answer
//
// The documented samples are in the fixtures package, beside the
// preconditions each request sample needs.
package schemas

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed envelope.json families.json errors.json rest/*.json webhooks
var files embed.FS

const envelopeFile = "envelope.json"

// ErrNotJSON is wrapped by the error ValidateRequest and ValidateResponse
// return when the body is not well-formed JSON (an empty body included).
var ErrNotJSON = errors.New("body is not JSON")

// Violation is one schema error.
type Violation struct {
	// Field is the JSON path of the offending value as gojsonschema reports
	// it: "(root)", "Report_Account", "ResultItem.0.UserID".
	Field string
	// Description is gojsonschema's text for the error.
	Description string
}

// String formats the violation as "Field: Description".
func (v Violation) String() string {
	return v.Field + ": " + v.Description
}

// Endpoints returns the endpoint paths ("openim/admin_set_msg_read", ...)
// the catalogue describes, sorted. Aliases are not listed.
func Endpoints() []string {
	c, err := Load()
	if err != nil {
		return nil
	}
	out := make([]string, len(c.Entries))
	for i, e := range c.Entries {
		out[i] = e.Path
	}
	return out
}

// Known reports whether endpoint (or an alias of one) has an entry.
func Known(endpoint string) bool {
	c, err := Load()
	if err != nil {
		return false
	}
	_, ok := c.Entry(endpoint)
	return ok
}

type lazySchema struct {
	once   sync.Once
	schema *gojsonschema.Schema
	err    error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*lazySchema{}
)

// compiled returns the schema called name, built by build on first use.
func compiled(name string, build func() (*gojsonschema.Schema, error)) (*gojsonschema.Schema, error) {
	cacheMu.Lock()
	ls, ok := cache[name]
	if !ok {
		ls = &lazySchema{}
		cache[name] = ls
	}
	cacheMu.Unlock()
	ls.once.Do(func() { ls.schema, ls.err = build() })
	return ls.schema, ls.err
}

func newLoader() *gojsonschema.SchemaLoader {
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	loader.Validate = true
	return loader
}

// compileDoc compiles one schema document of the catalogue on its own.
func compileDoc(what string, doc json.RawMessage) (*gojsonschema.Schema, error) {
	s, err := newLoader().Compile(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		return nil, fmt.Errorf("compile %s schema: %w", what, err)
	}
	return s, nil
}

// compileWithEnvelope compiles the envelope and doc together: a body must
// satisfy both.
func compileWithEnvelope(what string, doc json.RawMessage) (*gojsonschema.Schema, error) {
	env, err := files.ReadFile(envelopeFile)
	if err != nil {
		return nil, err
	}
	id := "https://chatconform.dev/schemas/" + strings.NewReplacer("/", ".", " ", ".").Replace(what) + ".json"
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, fmt.Errorf("compile %s schema: %w", what, err)
	}
	m["$id"], _ = json.Marshal(id)
	withID, _ := json.Marshal(m)
	loader := newLoader()
	if err := loader.AddSchemas(gojsonschema.NewBytesLoader(env), gojsonschema.NewBytesLoader(withID)); err != nil {
		return nil, fmt.Errorf("compile %s schema: %w", what, err)
	}
	wrapper := `{"allOf":[{"$ref":"https://chatconform.dev/schemas/envelope.json"},{"$ref":` + strconvQuote(id) + `}]}`
	s, err := loader.Compile(gojsonschema.NewStringLoader(wrapper))
	if err != nil {
		return nil, fmt.Errorf("compile %s schema: %w", what, err)
	}
	return s, nil
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

func entry(endpoint string) (*Entry, error) {
	c, err := Load()
	if err != nil {
		return nil, err
	}
	e, ok := c.Entry(endpoint)
	if !ok {
		return nil, fmt.Errorf("unknown endpoint %q", endpoint)
	}
	return e, nil
}

// Request returns the compiled request schema for an endpoint path such as
// "openim/sendmsg". Schemas are compiled once and cached; the function is
// safe for concurrent use.
func Request(endpoint string) (*gojsonschema.Schema, error) {
	e, err := entry(endpoint)
	if err != nil {
		return nil, fmt.Errorf("request schema: %w", err)
	}
	return compiled(e.Path+" request", func() (*gojsonschema.Schema, error) { return compileDoc(e.Path+" request", e.Request) })
}

// Response returns the compiled response schema for an endpoint path. It
// includes the envelope rules. Schemas are compiled once and cached; the
// function is safe for concurrent use.
func Response(endpoint string) (*gojsonschema.Schema, error) {
	e, err := entry(endpoint)
	if err != nil {
		return nil, fmt.Errorf("response schema: %w", err)
	}
	return compiled(e.Path+" response", func() (*gojsonschema.Schema, error) {
		return compileWithEnvelope(e.Path+" response", e.Response)
	})
}

// WebhookRequest returns the compiled schema of the body the service POSTs
// for a CallbackCommand.
func WebhookRequest(command string) (*gojsonschema.Schema, error) {
	w, err := webhook(command)
	if err != nil {
		return nil, err
	}
	return compiled(command+" callback", func() (*gojsonschema.Schema, error) { return compileDoc(command+" callback", w.Request) })
}

// WebhookResponse returns the compiled schema of the app's answer to a
// callback.
func WebhookResponse(command string) (*gojsonschema.Schema, error) {
	w, err := webhook(command)
	if err != nil {
		return nil, err
	}
	return compiled(command+" answer", func() (*gojsonschema.Schema, error) { return compileDoc(command+" answer", w.Response) })
}

func webhook(command string) (*Webhook, error) {
	c, err := Load()
	if err != nil {
		return nil, err
	}
	w, ok := c.Webhook(command)
	if !ok {
		return nil, fmt.Errorf("unknown webhook %q", command)
	}
	return w, nil
}

// ValidateWebhook validates a body the service POSTed for command.
func ValidateWebhook(command string, body []byte) ([]Violation, error) {
	s, err := WebhookRequest(command)
	if err != nil {
		return nil, err
	}
	return validate(s, command, "callback", body)
}

// ValidateWebhookAnswer validates an app's answer to a callback.
func ValidateWebhookAnswer(command string, body []byte) ([]Violation, error) {
	s, err := WebhookResponse(command)
	if err != nil {
		return nil, err
	}
	return validate(s, command, "answer", body)
}

// Envelope returns the compiled schema of the response envelope shared by
// every endpoint. It is compiled once and cached.
func Envelope() (*gojsonschema.Schema, error) {
	return compiled(envelopeFile, func() (*gojsonschema.Schema, error) {
		env, err := files.ReadFile(envelopeFile)
		if err != nil {
			return nil, err
		}
		return compileDoc("envelope", env)
	})
}

// ValidateRequest validates a raw request body against the endpoint's
// request schema. A body that is not JSON gives a non-nil error wrapping
// ErrNotJSON; a valid body gives nil, nil.
func ValidateRequest(endpoint string, body []byte) ([]Violation, error) {
	s, err := Request(endpoint)
	if err != nil {
		return nil, err
	}
	return validate(s, endpoint, "request", body)
}

// ValidateResponse validates a raw response body against the endpoint's
// response schema (envelope included). A body that is not JSON gives a
// non-nil error wrapping ErrNotJSON; a valid body gives nil, nil.
func ValidateResponse(endpoint string, body []byte) ([]Violation, error) {
	s, err := Response(endpoint)
	if err != nil {
		return nil, err
	}
	return validate(s, endpoint, "response", body)
}

// ValidateEnvelope validates a raw JSON body against the shared envelope
// schema alone, for answers to paths that name no endpoint.
func ValidateEnvelope(body []byte) ([]Violation, error) {
	s, err := Envelope()
	if err != nil {
		return nil, err
	}
	return validate(s, "envelope", "response", body)
}

func validate(s *gojsonschema.Schema, endpoint, kind string, body []byte) ([]Violation, error) {
	if !json.Valid(body) {
		return nil, fmt.Errorf("validate %s %s: %w", endpoint, kind, ErrNotJSON)
	}
	res, err := s.Validate(gojsonschema.NewBytesLoader(body))
	if err != nil {
		return nil, fmt.Errorf("validate %s %s: %w", endpoint, kind, err)
	}
	if res.Valid() {
		return nil, nil
	}
	errs := res.Errors()
	out := make([]Violation, 0, len(errs))
	for _, e := range errs {
		out = append(out, Violation{Field: e.Field(), Description: e.Description()})
	}
	return out, nil
}

// ResponseFields returns the top-level fields an endpoint's response
// schema documents, the envelope's included, sorted. It is computed once
// per endpoint.
func ResponseFields(endpoint string) ([]string, error) {
	fieldsMu.Lock()
	defer fieldsMu.Unlock()
	if f, ok := fieldsCache[endpoint]; ok {
		return f, nil
	}
	e, err := entry(endpoint)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
		AllOf      []struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"allOf"`
	}
	if err := json.Unmarshal(e.Response, &doc); err != nil {
		return nil, fmt.Errorf("%s response: %w", e.Path, err)
	}
	set := map[string]bool{"ActionStatus": true, "ErrorCode": true, "ErrorInfo": true}
	for k := range doc.Properties {
		set[k] = true
	}
	for _, part := range doc.AllOf {
		for k := range part.Properties {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	fieldsCache[endpoint] = out
	return out, nil
}

var (
	fieldsMu    sync.Mutex
	fieldsCache = map[string][]string{}
)

// Files returns every schema of the catalogue as a standalone draft-07
// document with its own $id, keyed by file name, for generators such as the
// OpenAPI writer: envelope.json, {service}.{command}.request.json,
// {service}.{command}.response.json (which refers to the envelope), and
// webhook.{CallbackCommand}.request.json / .response.json.
func Files() (map[string][]byte, error) {
	c, err := Load()
	if err != nil {
		return nil, err
	}
	env, err := files.ReadFile(envelopeFile)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{envelopeFile: env}
	add := func(name, title, doc string, schema json.RawMessage, withEnvelope bool) error {
		var m map[string]any
		if err := json.Unmarshal(schema, &m); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		m["$schema"] = "http://json-schema.org/draft-07/schema#"
		m["$id"] = "https://chatconform.dev/schemas/" + name
		m["title"] = title
		if _, ok := m["$comment"]; !ok {
			m["$comment"] = "Source: " + doc + "."
		}
		if withEnvelope {
			all, _ := m["allOf"].([]any)
			m["allOf"] = append([]any{map[string]any{"$ref": "https://chatconform.dev/schemas/envelope.json"}}, all...)
		}
		data, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return err
		}
		out[name] = data
		return nil
	}
	for _, e := range c.Entries {
		base := strings.Replace(e.Path, "/", ".", 1)
		if err := add(base+".request.json", e.Path+" request", e.Doc, e.Request, false); err != nil {
			return nil, err
		}
		if err := add(base+".response.json", e.Path+" response", e.Doc, e.Response, true); err != nil {
			return nil, err
		}
	}
	for _, w := range c.Webhooks {
		if err := add("webhook."+w.Command+".request.json", w.Command+" callback", w.Doc, w.Request, false); err != nil {
			return nil, err
		}
		if err := add("webhook."+w.Command+".response.json", w.Command+" answer", w.Doc, w.Response, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}
