// Package schemas holds JSON Schemas (draft-07) for the request and response
// bodies of the Tencent Cloud Chat server REST endpoints covered by
// chatconform, and helpers to validate raw bodies against them.
//
// Files are embedded: envelope.json for the common response envelope and,
// per endpoint, {service}.{command}.request.json and
// {service}.{command}.response.json. Response schemas refer to the envelope
// by its $id; the reference is resolved offline.
package schemas

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed *.json
var files embed.FS

const (
	envelopeFile   = "envelope.json"
	requestSuffix  = ".request.json"
	responseSuffix = ".response.json"
)

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

var (
	endpointsOnce sync.Once
	endpointList  []string
	endpointSet   map[string]bool
)

func loadEndpoints() {
	endpointsOnce.Do(func() {
		endpointSet = map[string]bool{}
		entries, err := fs.ReadDir(files, ".")
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, requestSuffix) {
				continue
			}
			service, command, ok := strings.Cut(strings.TrimSuffix(name, requestSuffix), ".")
			if !ok || service == "" || command == "" {
				continue
			}
			endpoint := service + "/" + command
			endpointSet[endpoint] = true
			endpointList = append(endpointList, endpoint)
		}
		sort.Strings(endpointList)
	})
}

// Endpoints returns the endpoint paths ("openim/admin_set_msg_read", ...)
// that have schemas, sorted.
func Endpoints() []string {
	loadEndpoints()
	return append([]string(nil), endpointList...)
}

// schemaFile maps an endpoint path and a suffix to the embedded file name.
func schemaFile(endpoint, suffix string) (string, error) {
	loadEndpoints()
	if !endpointSet[endpoint] {
		return "", fmt.Errorf("unknown endpoint %q", endpoint)
	}
	return strings.Replace(endpoint, "/", ".", 1) + suffix, nil
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

// compiled returns the compiled schema for an embedded file, compiling it
// on first use.
func compiled(name string) (*gojsonschema.Schema, error) {
	cacheMu.Lock()
	ls, ok := cache[name]
	if !ok {
		ls = &lazySchema{}
		cache[name] = ls
	}
	cacheMu.Unlock()
	ls.once.Do(func() {
		ls.schema, ls.err = compile(name)
	})
	return ls.schema, ls.err
}

func compile(name string) (*gojsonschema.Schema, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", name, err)
	}
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	loader.Validate = true
	if name != envelopeFile {
		env, err := files.ReadFile(envelopeFile)
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", envelopeFile, err)
		}
		if err := loader.AddSchemas(gojsonschema.NewBytesLoader(env)); err != nil {
			return nil, fmt.Errorf("add schema %s: %w", envelopeFile, err)
		}
	}
	s, err := loader.Compile(gojsonschema.NewBytesLoader(data))
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", name, err)
	}
	return s, nil
}

// Request returns the compiled request schema for an endpoint path such as
// "openim/sendmsg". Schemas are compiled once and cached; the function is
// safe for concurrent use.
func Request(endpoint string) (*gojsonschema.Schema, error) {
	name, err := schemaFile(endpoint, requestSuffix)
	if err != nil {
		return nil, fmt.Errorf("request schema: %w", err)
	}
	return compiled(name)
}

// Response returns the compiled response schema for an endpoint path. It
// includes the envelope rules. Schemas are compiled once and cached; the
// function is safe for concurrent use.
func Response(endpoint string) (*gojsonschema.Schema, error) {
	name, err := schemaFile(endpoint, responseSuffix)
	if err != nil {
		return nil, fmt.Errorf("response schema: %w", err)
	}
	return compiled(name)
}

// Envelope returns the compiled schema of the response envelope shared by
// every endpoint. It is compiled once and cached.
func Envelope() (*gojsonschema.Schema, error) {
	return compiled(envelopeFile)
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

// Files returns the embedded schema files by file name, for generators such
// as an OpenAPI writer. The returned map and slices are copies.
func Files() (map[string][]byte, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("list schema files: %w", err)
	}
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", e.Name(), err)
		}
		out[e.Name()] = data
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
	name, err := schemaFile(endpoint, responseSuffix)
	if err != nil {
		return nil, err
	}
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
		AllOf      []struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"allOf"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
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

// Known reports whether endpoint has schemas.
func Known(endpoint string) bool {
	loadEndpoints()
	return endpointSet[endpoint]
}
