package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xeipuuv/gojsonschema"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/schemas"
)

var (
	genOnce sync.Once
	genDoc  []byte
	genErr  error
)

// generated returns the document, generated once per test binary.
func generated(t *testing.T) []byte {
	t.Helper()
	genOnce.Do(func() { genDoc, genErr = Generate() })
	if genErr != nil {
		t.Fatalf("Generate: %v", genErr)
	}
	return genDoc
}

// parsed returns the document as generic JSON.
func parsed(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(generated(t), &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return doc
}

// get walks a path of object keys.
func get(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for i, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object", strings.Join(keys[:i], "."))
		}
		v, ok = m[k]
		if !ok {
			t.Fatalf("%s is missing", strings.Join(keys[:i+1], "."))
		}
	}
	return v
}

func loadFixtures(t *testing.T) []fixtures.Endpoint {
	t.Helper()
	all, err := fixtures.Load()
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestDocumentParses(t *testing.T) {
	doc := parsed(t)
	if got := doc["openapi"]; got != Version {
		t.Errorf("openapi = %v, want %s", got, Version)
	}
	for _, k := range []string{"title", "version", "description"} {
		if s, _ := get(t, doc, "info", k).(string); s == "" {
			t.Errorf("info.%s is empty", k)
		}
	}
	if !bytes.HasSuffix(generated(t), []byte("}\n")) {
		t.Error("the document does not end in a newline")
	}
	paths := get(t, doc, "paths").(map[string]any)
	if len(paths) != len(schemas.Endpoints()) {
		t.Errorf("%d paths for %d endpoints", len(paths), len(schemas.Endpoints()))
	}
	// The whole API of scope.md: 107 endpoints, 36 webhooks.
	if len(paths) != 107 {
		t.Errorf("%d paths, want the 107 endpoints of the server API", len(paths))
	}
	hooks, _ := get(t, doc, "webhooks").(map[string]any)
	if len(hooks) != 36 {
		t.Errorf("%d webhooks, want 36", len(hooks))
	}
	for name, h := range hooks {
		post, _ := h.(map[string]any)["post"].(map[string]any)
		if post == nil || post["requestBody"] == nil || post["responses"] == nil {
			t.Errorf("webhook %s has no POST with a body and an answer", name)
		}
	}
}

// Every endpoint has POST /v4/{service}/{command} with the five query
// parameters, a JSON request body and a single 200 response.
func TestEveryEndpoint(t *testing.T) {
	doc := parsed(t)
	byEndpoint := map[string]fixtures.Endpoint{}
	for _, e := range loadFixtures(t) {
		byEndpoint[e.Endpoint] = e
	}
	params := get(t, doc, "components", "parameters").(map[string]any)
	for _, ep := range schemas.Endpoints() {
		t.Run(ep, func(t *testing.T) {
			item := get(t, doc, "paths", Path(ep)).(map[string]any)
			if len(item) != 1 || item["post"] == nil {
				t.Fatalf("path item has %v, want post only", sortedKeys(item))
			}
			op := item["post"].(map[string]any)

			var names []string
			for _, p := range get(t, op, "parameters").([]any) {
				ref, _ := p.(map[string]any)["$ref"].(string)
				name, ok := strings.CutPrefix(ref, parameterRef)
				if !ok {
					t.Fatalf("parameter %v is not a reference to components.parameters", p)
				}
				def, ok := params[name].(map[string]any)
				if !ok {
					t.Fatalf("parameter reference %s resolves to nothing", ref)
				}
				if def["name"] != name || def["in"] != "query" || def["required"] != true {
					t.Errorf("parameter %s: name %v, in %v, required %v; want %s, query, true", name, def["name"], def["in"], def["required"], name)
				}
				names = append(names, name)
			}
			if !slices.Equal(names, QueryParameters) {
				t.Errorf("parameters %v, want %v", names, QueryParameters)
			}

			if get(t, op, "requestBody", "required") != true {
				t.Error("requestBody is not required")
			}
			reqMedia := get(t, op, "requestBody", "content", "application/json")
			if got, want := get(t, reqMedia, "schema", "$ref"), componentRef+SchemaName(ep, "request"); got != want {
				t.Errorf("request schema %v, want %s", got, want)
			}
			responses := get(t, op, "responses").(map[string]any)
			if len(responses) != 1 || responses["200"] == nil {
				t.Fatalf("responses %v, want 200 only", sortedKeys(responses))
			}
			if d, _ := get(t, responses, "200", "description").(string); !strings.Contains(d, "HTTP status stays 200") {
				t.Errorf("the 200 response does not say every outcome is HTTP 200: %q", d)
			}
			respMedia := get(t, responses, "200", "content", "application/json")
			if got, want := get(t, respMedia, "schema", "$ref"), componentRef+SchemaName(ep, "response"); got != want {
				t.Errorf("response schema %v, want %s", got, want)
			}

			// The examples are the fixtures' samples, in their order.
			for _, tc := range []struct {
				kind  string
				media any
			}{{"request", reqMedia}, {"response", respMedia}} {
				var want []string
				for _, s := range byEndpoint[ep].Samples {
					if s.Kind == tc.kind {
						want = append(want, s.Name)
					}
				}
				if len(want) == 0 {
					continue
				}
				got := exampleOrder(t, ep, tc.kind)
				if !slices.Equal(got, want) {
					t.Errorf("%s examples %v, want the samples %v", tc.kind, got, want)
				}
			}
		})
	}
}

// exampleOrder reads the keys of an examples object in document order.
func exampleOrder(t *testing.T, ep, kind string) []string {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(generated(t), &raw); err != nil {
		t.Fatal(err)
	}
	var paths map[string]struct {
		Post struct {
			RequestBody struct {
				Content map[string]struct {
					Examples json.RawMessage `json:"examples"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]struct {
					Examples json.RawMessage `json:"examples"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"post"`
	}
	if err := json.Unmarshal(raw["paths"], &paths); err != nil {
		t.Fatal(err)
	}
	post := paths[Path(ep)].Post
	ex := post.RequestBody.Content["application/json"].Examples
	if kind == "response" {
		ex = post.Responses["200"].Content["application/json"].Examples
	}
	dec := json.NewDecoder(bytes.NewReader(ex))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestQueryParameterSchemas(t *testing.T) {
	doc := parsed(t)
	for _, tc := range []struct {
		name     string
		typ      string
		extra    map[string]any
		describe string
	}{
		{"sdkappid", "integer", nil, "SDKAppID"},
		{"identifier", "string", nil, "admin"},
		{"usersig", "string", nil, "Credential"},
		{"random", "integer", map[string]any{"minimum": 0.0, "maximum": 4294967295.0}, "random"},
		{"contenttype", "string", map[string]any{"enum": []any{"json"}}, "json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := get(t, doc, "components", "parameters", tc.name)
			if got := get(t, p, "schema", "type"); got != tc.typ {
				t.Errorf("type %v, want %s", got, tc.typ)
			}
			for k, want := range tc.extra {
				if got := get(t, p, "schema", k); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %v, want %v", k, got, want)
				}
			}
			if d, _ := get(t, p, "description").(string); !strings.Contains(d, tc.describe) {
				t.Errorf("description %q does not mention %q", d, tc.describe)
			}
		})
	}
}

// componentValidator validates bodies against the document's component
// schemas with gojsonschema (draft-07, the dialect of the source schemas).
type componentValidator struct {
	doc   map[string]any
	mu    sync.Mutex
	cache map[string]*gojsonschema.Schema
}

func newComponentValidator(t *testing.T) *componentValidator {
	return &componentValidator{doc: parsed(t), cache: map[string]*gojsonschema.Schema{}}
}

func (v *componentValidator) valid(t *testing.T, component string, body []byte) (bool, []string) {
	t.Helper()
	v.mu.Lock()
	s, ok := v.cache[component]
	if !ok {
		root := map[string]any{
			"$ref":       componentRef + component,
			"components": v.doc["components"],
		}
		var err error
		s, err = gojsonschema.NewSchema(gojsonschema.NewGoLoader(root))
		if err != nil {
			v.mu.Unlock()
			t.Fatalf("compile component %s: %v", component, err)
		}
		v.cache[component] = s
	}
	v.mu.Unlock()
	res, err := s.Validate(gojsonschema.NewBytesLoader(body))
	if err != nil {
		t.Fatalf("validate against %s: %v", component, err)
	}
	var errs []string
	for _, e := range res.Errors() {
		errs = append(errs, e.String())
	}
	return res.Valid(), errs
}

// Every example validates against its schema in the document, and the
// source schema agrees.
func TestExamplesValidate(t *testing.T) {
	cv := newComponentValidator(t)
	doc := parsed(t)
	for _, ep := range schemas.Endpoints() {
		op := get(t, doc, "paths", Path(ep), "post")
		for _, kind := range []string{"request", "response"} {
			media := get(t, op, "requestBody", "content", "application/json")
			validate := schemas.ValidateRequest
			if kind == "response" {
				media = get(t, op, "responses", "200", "content", "application/json")
				validate = schemas.ValidateResponse
			}
			examples, _ := media.(map[string]any)["examples"].(map[string]any)
			if len(examples) == 0 {
				t.Errorf("%s: no %s examples", ep, kind)
			}
			for _, name := range sortedKeys(examples) {
				t.Run(ep+"/"+kind+"/"+name, func(t *testing.T) {
					body, err := json.Marshal(get(t, examples[name], "value"))
					if err != nil {
						t.Fatal(err)
					}
					if ok, errs := cv.valid(t, SchemaName(ep, kind), body); !ok {
						t.Errorf("example %s does not validate against %s: %v", body, SchemaName(ep, kind), errs)
					}
					if v, err := validate(ep, body); err != nil || len(v) > 0 {
						t.Errorf("source schema: %v %v", v, err)
					}
				})
			}
		}
	}
}

// The converted schemas reject what the source schemas reject: the
// negative fixtures that are JSON.
func TestNegativesAgreeWithSourceSchemas(t *testing.T) {
	cv := newComponentValidator(t)
	n := 0
	for _, e := range loadFixtures(t) {
		for _, neg := range e.Negatives {
			if !json.Valid(neg.Body) {
				continue
			}
			n++
			t.Run(e.Endpoint+"/"+neg.Name, func(t *testing.T) {
				ok, _ := cv.valid(t, SchemaName(e.Endpoint, "request"), neg.Body)
				if ok == neg.SchemaRejects {
					t.Errorf("component schema valid=%v for %s; fixture says schema_rejects=%v", ok, neg.Body, neg.SchemaRejects)
				}
				src, err := schemas.ValidateRequest(e.Endpoint, neg.Body)
				if err != nil {
					t.Fatal(err)
				}
				if (len(src) == 0) != ok {
					t.Errorf("component schema valid=%v, source schema violations %v", ok, src)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no JSON negative fixtures")
	}
}

// envelopeCases exercise the envelope rules that the response schemas
// inherit through a rewritten $ref and if/then/else.
var envelopeCases = []struct {
	name  string
	body  string
	valid bool
}{
	{"ok", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`, true},
	{"fail", `{"ActionStatus":"FAIL","ErrorCode":90001,"ErrorInfo":"bad"}`, true},
	{"no ErrorInfo", `{"ActionStatus":"OK","ErrorCode":0}`, true},
	{"extra field", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","X":1}`, true},
	{"OK with a code", `{"ActionStatus":"OK","ErrorCode":70001,"ErrorInfo":""}`, false},
	{"FAIL with 0", `{"ActionStatus":"FAIL","ErrorCode":0,"ErrorInfo":"x"}`, false},
	{"code as string", `{"ActionStatus":"OK","ErrorCode":"0","ErrorInfo":""}`, false},
	{"no ErrorCode", `{"ActionStatus":"OK","ErrorInfo":""}`, false},
	{"unknown status", `{"ActionStatus":"MAYBE","ErrorCode":0}`, false},
	{"ErrorInfo not a string", `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":1}`, false},
}

func TestEnvelopeRulesSurvive(t *testing.T) {
	cv := newComponentValidator(t)
	for _, tc := range envelopeCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, component := range []string{"envelope", SchemaName("openim/admin_set_msg_read", "response")} {
				if ok, errs := cv.valid(t, component, []byte(tc.body)); ok != tc.valid {
					t.Errorf("%s: valid=%v, want %v (%v)", component, ok, tc.valid, errs)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs of Generate differ")
	}
	// Object keys are sorted, except in examples objects (fixture order).
	dec := json.NewDecoder(bytes.NewReader(a))
	var walk func(parent string) error
	walk = func(parent string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			var keys []string
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, k.(string))
				if err := walk(k.(string)); err != nil {
					return err
				}
			}
			if parent != "examples" && !sort.StringsAreSorted(keys) {
				return fmt.Errorf("keys of an object under %q are not sorted: %v", parent, keys)
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(parent); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(""); err != nil {
		t.Fatal(err)
	}
}

// openAPIDoc loads the document with kin-openapi, an OpenAPI 3.1
// implementation independent of the generator, and a router over its
// paths for validating requests and answers.
func openAPIDoc(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(generated(t))
	if err != nil {
		t.Fatalf("kin-openapi cannot read the document (unresolved references?): %v", err)
	}
	if !doc.IsOpenAPI31OrLater() || doc.IsOpenAPI32OrLater() {
		t.Fatalf("kin-openapi reads the document as OpenAPI %s, not 3.1", doc.OpenAPI)
	}
	router, err := legacyrouter.NewRouter(doc)
	if err != nil {
		t.Fatalf("kin-openapi cannot route the document's paths: %v", err)
	}
	return doc, router
}

// routed is r with the operation of the document it goes to.
func routed(t *testing.T, router routers.Router, r *http.Request) *openapi3filter.RequestValidationInput {
	t.Helper()
	route, params, err := router.FindRoute(r)
	if err != nil {
		t.Fatalf("no route for %s %s: %v", r.Method, r.URL.Path, err)
	}
	return &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route}
}

// validateRequest validates one HTTP request against the document: its
// path, its query parameters and its body (JSON Schema 2020-12).
func validateRequest(t *testing.T, router routers.Router, r *http.Request) error {
	t.Helper()
	in := routed(t, router, r)
	in.Options = &openapi3filter.Options{MultiError: true}
	return openapi3filter.ValidateRequest(context.Background(), in)
}

// validateResponse validates an HTTP 200 JSON answer to r.
func validateResponse(t *testing.T, router routers.Router, r *http.Request, body []byte) error {
	t.Helper()
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: routed(t, router, r),
		Status:                 http.StatusOK,
		Header:                 http.Header{"Content-Type": {"application/json"}},
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	})
}

// The document is valid OpenAPI 3.1 by kin-openapi's validation, and
// every schema in it is a valid JSON Schema 2020-12 schema (by the
// draft's meta-schema, which the jsonschema compiler checks).
func TestValidatesAsOpenAPI(t *testing.T) {
	doc, _ := openAPIDoc(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("not a valid OpenAPI 3.1 document: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(generated(t), &raw); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("https://chatconform.invalid/openapi.json", raw); err != nil {
		t.Fatal(err)
	}
	comps := get(t, raw, "components", "schemas").(map[string]any)
	if len(comps) == 0 {
		t.Fatal("no component schemas")
	}
	for _, name := range sortedKeys(comps) {
		if _, err := c.Compile("https://chatconform.invalid/openapi.json#/components/schemas/" + name); err != nil {
			t.Errorf("components.schemas.%s is not a valid JSON Schema 2020-12 schema: %v", name, err)
		}
	}
}

const testServer = "https://console.tim.qq.com"

func goodQuery() url.Values {
	return url.Values{
		"sdkappid":    {"1400000000"},
		"identifier":  {"administrator"},
		"usersig":     {"not-a-real-usersig"},
		"random":      {"4294967295"},
		"contenttype": {"json"},
	}
}

func newRequest(t *testing.T, ep string, q url.Values, body []byte) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, testServer+Path(ep)+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	return r
}

// kin-openapi's validator (JSON Schema 2020-12) accepts every documented
// sample as a request or a response of its endpoint.
func TestSamplesPassOpenAPIValidation(t *testing.T) {
	_, router := openAPIDoc(t)
	for _, e := range loadFixtures(t) {
		for _, s := range e.Samples {
			t.Run(e.Endpoint+"/"+s.Name, func(t *testing.T) {
				switch s.Kind {
				case "request":
					if err := validateRequest(t, router, newRequest(t, e.Endpoint, goodQuery(), s.Body)); err != nil {
						t.Errorf("request %s rejected: %v", s.Body, err)
					}
				case "response":
					req := newRequest(t, e.Endpoint, goodQuery(), []byte(`{}`))
					if err := validateResponse(t, router, req, s.Body); err != nil {
						t.Errorf("response %s rejected: %v", s.Body, err)
					}
				default:
					t.Fatalf("sample kind %q", s.Kind)
				}
			})
		}
	}
}

// kin-openapi's validator rejects what the document forbids: missing or
// bad query parameters, bodies the schemas reject, envelopes that break
// the rules.
func TestOpenAPIValidationRejects(t *testing.T) {
	_, router := openAPIDoc(t)
	const ep = "openim/admin_set_msg_read"
	body := []byte(`{"Report_Account":"a","Peer_Account":"b"}`)
	if err := validateRequest(t, router, newRequest(t, ep, goodQuery(), body)); err != nil {
		t.Fatalf("the good request is rejected: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(url.Values)
	}{
		{"no sdkappid", func(q url.Values) { q.Del("sdkappid") }},
		{"no identifier", func(q url.Values) { q.Del("identifier") }},
		{"no usersig", func(q url.Values) { q.Del("usersig") }},
		{"no random", func(q url.Values) { q.Del("random") }},
		{"no contenttype", func(q url.Values) { q.Del("contenttype") }},
		{"sdkappid not a number", func(q url.Values) { q.Set("sdkappid", "abc") }},
		{"random too large", func(q url.Values) { q.Set("random", "4294967296") }},
		{"random negative", func(q url.Values) { q.Set("random", "-1") }},
		{"contenttype xml", func(q url.Values) { q.Set("contenttype", "xml") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := goodQuery()
			tc.change(q)
			if err := validateRequest(t, router, newRequest(t, ep, q, body)); err == nil {
				t.Errorf("query %s accepted", strings.ReplaceAll(q.Encode(), "not-a-real-usersig", "REDACTED"))
			}
		})
	}
	for _, e := range loadFixtures(t) {
		for _, neg := range e.Negatives {
			if !json.Valid(neg.Body) || !neg.SchemaRejects {
				continue
			}
			t.Run(e.Endpoint+"/"+neg.Name, func(t *testing.T) {
				if err := validateRequest(t, router, newRequest(t, e.Endpoint, goodQuery(), neg.Body)); err == nil {
					t.Errorf("body %s accepted", neg.Body)
				}
			})
		}
	}
	for _, tc := range envelopeCases {
		t.Run("response/"+tc.name, func(t *testing.T) {
			req := newRequest(t, ep, goodQuery(), body)
			if err := validateResponse(t, router, req, []byte(tc.body)); (err == nil) != tc.valid {
				t.Errorf("valid=%v, want %v: %v", err == nil, tc.valid, err)
			}
		})
	}
}

func TestConvertSchemas(t *testing.T) {
	const env = `{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://example.test/s/envelope.json","type":"object"}`
	for _, tc := range []struct {
		name    string
		file    string // schema file "a.json", beside env
		want    string // component "a" as JSON, or "" when an error is expected
		wantErr string
	}{
		{
			name: "drops $schema and $id, rewrites an absolute $ref",
			file: `{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://example.test/s/a.json","allOf":[{"$ref":"https://example.test/s/envelope.json"}]}`,
			want: `{"allOf":[{"$ref":"#/components/schemas/envelope"}]}`,
		},
		{
			name: "resolves a relative $ref against $id",
			file: `{"$id":"https://example.test/s/a.json","items":{"$ref":"envelope.json"}}`,
			want: `{"items":{"$ref":"#/components/schemas/envelope"}}`,
		},
		{
			name: "lifts definitions",
			file: `{"$id":"https://example.test/s/a.json","definitions":{"D":{"type":"string"}},"properties":{"p":{"$ref":"#/definitions/D"}}}`,
			want: `{"properties":{"p":{"$ref":"#/components/schemas/a.D"}}}`,
		},
		{
			name: "drops keywords beside $ref",
			file: `{"$id":"https://example.test/s/a.json","properties":{"p":{"$ref":"envelope.json","type":"string","description":"x"}}}`,
			want: `{"properties":{"p":{"$ref":"#/components/schemas/envelope"}}}`,
		},
		{
			name: "tuple items become prefixItems",
			file: `{"$id":"https://example.test/s/a.json","items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}`,
			want: `{"items":false,"prefixItems":[{"type":"string"},{"type":"integer"}]}`,
		},
		{
			name: "additionalItems without tuple items is dropped",
			file: `{"$id":"https://example.test/s/a.json","items":{"type":"string"},"additionalItems":false}`,
			want: `{"items":{"type":"string"}}`,
		},
		{
			name: "dependencies split",
			file: `{"$id":"https://example.test/s/a.json","dependencies":{"a":["b"],"c":{"required":["d"]}}}`,
			want: `{"dependentRequired":{"a":["b"]},"dependentSchemas":{"c":{"required":["d"]}}}`,
		},
		{
			name: "const and enum values are data, not schemas",
			file: `{"$id":"https://example.test/s/a.json","const":{"$ref":"nowhere"},"if":{"properties":{"x":{"const":1}}},"then":true,"else":{"not":{"enum":[1,2]}}}`,
			want: `{"const":{"$ref":"nowhere"},"else":{"not":{"enum":[1,2]}},"if":{"properties":{"x":{"const":1}}},"then":true}`,
		},
		{
			name:    "nested $id",
			file:    `{"$id":"https://example.test/s/a.json","properties":{"p":{"$id":"x"}}}`,
			wantErr: "$id below the top",
		},
		{
			name:    "reference to an unknown file",
			file:    `{"$id":"https://example.test/s/a.json","allOf":[{"$ref":"other.json"}]}`,
			wantErr: "names no schema file",
		},
		{
			name:    "reference into a property",
			file:    `{"$id":"https://example.test/s/a.json","allOf":[{"$ref":"envelope.json#/properties/x"}]}`,
			wantErr: "only whole files",
		},
		{
			name:    "no $id",
			file:    `{"type":"object"}`,
			wantErr: "has no $id",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ConvertSchemas(map[string][]byte{"envelope.json": []byte(env), "a.json": []byte(tc.file)})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(got["a"])
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("converted\n got %s\nwant %s", b, tc.want)
			}
			if e, _ := json.Marshal(got["envelope"]); string(e) != `{"type":"object"}` {
				t.Errorf("envelope converted to %s", e)
			}
		})
	}
}

// The real schema files convert without loss of any component.
func TestConvertRealSchemas(t *testing.T) {
	files, err := schemas.Files()
	if err != nil {
		t.Fatal(err)
	}
	comps, err := ConvertSchemas(files)
	if err != nil {
		t.Fatal(err)
	}
	for name := range files {
		if _, ok := comps[strings.TrimSuffix(name, ".json")]; !ok {
			t.Errorf("no component for %s", name)
		}
	}
	b, _ := json.Marshal(comps)
	for _, bad := range []string{`"$schema"`, `"$id"`, `"definitions"`, `chatconform.dev`} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("components still contain %s", bad)
		}
	}
}
