// Package openapi writes an OpenAPI 3.1 description of the endpoints that
// chatconform covers, generated from the project's own sources of truth: the
// JSON Schemas of package schemas and the documented samples of package
// fixtures.
//
// The document has one path per endpoint, POST /v4/{service}/{command}, with
// the five query parameters every call needs (sdkappid, identifier, usersig,
// random, contenttype), a JSON request body and a single 200 response, since
// the API answers every outcome, success or failure, with HTTP 200 and tells
// them apart in the body. The documented samples are the examples of the
// request and response bodies.
//
// OpenAPI 3.1 was chosen because its Schema Object is JSON Schema (2020-12),
// so the draft-07 schemas embed almost as they are. The conversion:
//
//   - each schema file becomes components.schemas.{file name without .json}
//     ("envelope", "openim.admin_set_msg_read.request", ...);
//   - $schema and $id are dropped, and every $ref is rewritten to a local
//     #/components/schemas/... reference (the envelope's
//     https://chatconform.dev/schemas/envelope.json becomes
//     #/components/schemas/envelope);
//   - a file's definitions are lifted into components of their own, named
//     {file}.{definition} ("openim.sendmsg.request.MsgElement");
//   - keywords whose meaning changed after draft-07 are rewritten: keywords
//     beside a $ref are dropped (draft-07 ignores them), an array-valued items
//     becomes prefixItems with additionalItems as items, and dependencies
//     splits into dependentRequired and dependentSchemas.
//
// Everything else (allOf, if/then/else, const, enum, pattern, $comment, ...)
// means the same in both dialects and is copied unchanged.
//
// The output is deterministic: JSON with sorted object keys, except that the
// examples of a body keep the fixtures' order (the documented success sample
// first), so that a mock server that answers with the first example answers
// with the documented success. info.version is a digest of the rest of the
// document, so it changes exactly when the description does.
package openapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
)

// Version is the OpenAPI version of the generated document.
const Version = "3.1.0"

// QueryParameters are the names of the query parameters every call takes, in
// the order they are listed on each operation.
var QueryParameters = []string{"sdkappid", "identifier", "usersig", "random", "contenttype"}

const (
	requestSuffix  = ".request.json"
	responseSuffix = ".response.json"
	componentRef   = "#/components/schemas/"
	parameterRef   = "#/components/parameters/"
)

// SchemaName returns the component name of an endpoint's request or
// response schema: SchemaName("openim/sendmsg", "request") is
// "openim.sendmsg.request".
func SchemaName(endpoint, kind string) string {
	return strings.Replace(endpoint, "/", ".", 1) + "." + kind
}

// Path returns the OpenAPI path of an endpoint: "/v4/openim/sendmsg".
func Path(endpoint string) string { return "/v4/" + endpoint }

// Generate builds the OpenAPI document as indented JSON ending in a newline.
func Generate() ([]byte, error) {
	files, err := schemas.Files()
	if err != nil {
		return nil, err
	}
	components, err := ConvertSchemas(files)
	if err != nil {
		return nil, err
	}
	all, err := fixtures.Load()
	if err != nil {
		return nil, fmt.Errorf("openapi: load fixtures: %w", err)
	}
	byEndpoint := make(map[string]fixtures.Endpoint, len(all))
	for _, e := range all {
		byEndpoint[e.Endpoint] = e
	}

	cat, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	endpoints := schemas.Endpoints()
	if len(endpoints) == 0 {
		return nil, fmt.Errorf("openapi: package schemas lists no endpoint")
	}
	paths := map[string]any{}
	tags := map[string]bool{}
	for _, ep := range endpoints {
		for _, kind := range []string{"request", "response"} {
			if _, ok := components[SchemaName(ep, kind)]; !ok {
				return nil, fmt.Errorf("openapi: endpoint %s has no %s schema", ep, kind)
			}
		}
		fx, ok := byEndpoint[ep]
		if !ok {
			return nil, fmt.Errorf("openapi: endpoint %s has no fixtures", ep)
		}
		e, _ := cat.Entry(ep)
		op, err := operation(e, fx)
		if err != nil {
			return nil, err
		}
		tags[e.Family] = true
		paths[Path(ep)] = map[string]any{"post": op}
	}
	var tagList []any
	for _, f := range cat.Families {
		if tags[f.Key] {
			tagList = append(tagList, map[string]any{"name": f.Key, "description": f.Title + "."})
		}
	}
	webhooks, err := webhookItems(cat, components)
	if err != nil {
		return nil, err
	}

	parameters := map[string]any{}
	for _, p := range queryParameters() {
		parameters[p["name"].(string)] = p
	}

	doc := map[string]any{
		"openapi": Version,
		"info": map[string]any{
			"title":       "Tencent Cloud Chat server REST API (the endpoints chatconform covers)",
			"version":     "",
			"description": infoDescription,
		},
		"externalDocs": map[string]any{
			"description": "REST API overview",
			"url":         "https://www.tencentcloud.com/document/product/1047/34620",
		},
		"servers":    servers(),
		"tags":       tagList,
		"paths":      paths,
		"webhooks":   webhooks,
		"components": map[string]any{"schemas": components, "parameters": parameters},
	}
	unversioned, err := encode(doc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(unversioned)
	doc["info"].(map[string]any)["version"] = "sha256-" + hex.EncodeToString(sum[:6])
	return encode(doc)
}

const infoDescription = `Generated by ` + "`go run ./runner openapi`" + ` from chatconform's JSON Schemas (schemas/) and documented samples (fixtures/); do not edit by hand.

Every call is an HTTP POST to /v4/{service}/{command} with five query parameters: sdkappid, identifier (an App admin), usersig (a UserSig for identifier, a credential), random and contenttype=json. The body is one JSON object.

The API answers every outcome, success or failure, with HTTP 200 and a JSON envelope: ActionStatus is "OK" with ErrorCode 0, or "FAIL" with a non-zero ErrorCode and a reason in ErrorInfo. Only the 200 response is described; its examples are the documented samples, failures among them where the documentation shows one.

The schemas are chatconform's draft-07 schemas carried over to OpenAPI 3.1 (JSON Schema 2020-12): $schema and $id are dropped and references point into components. Unknown extra fields are allowed where the documentation does not forbid them.`

// webhookItems describes every callback as an OpenAPI 3.1 webhook: the POST
// the service makes to the app's callback URL, and the app's answer.
func webhookItems(cat *schemas.Catalogue, components map[string]any) (map[string]any, error) {
	hooks, err := fixtures.LoadWebhooks()
	if err != nil {
		return nil, fmt.Errorf("openapi: load webhook fixtures: %w", err)
	}
	samples := map[string][]fixtures.Sample{}
	for _, h := range hooks {
		samples[h.Command] = h.Samples
	}
	out := map[string]any{}
	for _, w := range cat.Webhooks {
		req, resp := "webhook."+w.Command+".request", "webhook."+w.Command+".response"
		for _, name := range []string{req, resp} {
			if _, ok := components[name]; !ok {
				return nil, fmt.Errorf("openapi: webhook %s has no schema %s", w.Command, name)
			}
		}
		reqEx, err := examples(samples[w.Command], "request")
		if err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", w.Command, err)
		}
		respEx, err := examples(samples[w.Command], "response")
		if err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", w.Command, err)
		}
		reqMedia := map[string]any{"schema": map[string]any{"$ref": componentRef + req}}
		if len(reqEx) > 0 {
			reqMedia["examples"] = reqEx
		}
		respMedia := map[string]any{"schema": map[string]any{"$ref": componentRef + resp}}
		if len(respEx) > 0 {
			respMedia["examples"] = respEx
		}
		desc := w.Title + " (a " + w.Kind + " callback). Documented at " + w.Doc + "."
		if w.Note != "" {
			desc += " " + w.Note
		}
		out[w.Command] = map[string]any{"post": map[string]any{
			"operationId":  "webhook_" + strings.ReplaceAll(w.Command, ".", "_"),
			"summary":      w.Command,
			"description":  desc,
			"tags":         []any{w.Family},
			"externalDocs": map[string]any{"url": w.Doc},
			"requestBody": map[string]any{
				"required":    true,
				"description": "The body the service POSTs to the app's callback URL (with CallbackCommand in the query string).",
				"content":     map[string]any{"application/json": reqMedia},
			},
			"responses": map[string]any{"200": map[string]any{
				"description": "The app's answer.",
				"content":     map[string]any{"application/json": respMedia},
			}},
		}}
	}
	return out, nil
}

func servers() []any {
	out := []any{}
	for _, name := range target.RegionNames() {
		out = append(out, map[string]any{
			"url":         "https://" + target.Regions[name],
			"description": "Tencent Cloud Chat, " + name + " region",
		})
	}
	out = append(out, map[string]any{
		"url":         "http://127.0.0.1:8080",
		"description": "chatconform's reference emulator started with `make emulator` (go run ./runner emulator)",
	})
	return out
}

func queryParameters() []map[string]any {
	param := func(name, description string, schema map[string]any, example any) map[string]any {
		return map[string]any{
			"name":        name,
			"in":          "query",
			"required":    true,
			"description": description,
			"schema":      schema,
			"example":     example,
		}
	}
	return []map[string]any{
		param("sdkappid",
			"The SDKAppID of the app, from the console.",
			map[string]any{"type": "integer", "format": "int64"},
			json.Number(fmt.Sprint(emulator.TestSDKAppID))),
		param("identifier",
			"An App admin UserID of the app; the call is made as this admin.",
			map[string]any{"type": "string", "minLength": 1},
			emulator.TestAdmin),
		param("usersig",
			"Credential. The UserSig (TLS 2.0, HMAC-SHA256) of identifier, made with the app's secret key. "+
				"It authenticates the call: treat it like a password and keep it out of logs, "+
				"URLs that are printed, and bug reports.",
			map[string]any{"type": "string", "minLength": 1},
			"REDACTED"),
		param("random",
			"A random 32-bit unsigned integer, 0 to 4294967295, chosen per call.",
			map[string]any{"type": "integer", "format": "int64", "minimum": 0, "maximum": json.Number("4294967295")},
			json.Number("99999999")),
		param("contenttype",
			"The body format; always json.",
			map[string]any{"type": "string", "enum": []any{"json"}},
			"json"),
	}
}

// operation describes the POST of one endpoint.
func operation(e *schemas.Entry, fx fixtures.Endpoint) (map[string]any, error) {
	ep := e.Path
	service, command, _ := strings.Cut(ep, "/")
	reqExamples, err := examples(fx.Samples, "request")
	if err != nil {
		return nil, fmt.Errorf("openapi: %s: %w", ep, err)
	}
	respExamples, err := examples(fx.Samples, "response")
	if err != nil {
		return nil, fmt.Errorf("openapi: %s: %w", ep, err)
	}
	var params []any
	for _, name := range QueryParameters {
		params = append(params, map[string]any{"$ref": parameterRef + name})
	}
	desc := e.Title + ". Documented at " + e.Doc + "."
	if limit, ok := e.Limit(); ok {
		desc += fmt.Sprintf(" Documented call-rate limit: %g calls per second per SDKAppID; calls over it are answered "+
			"with HTTP 200 and a throttling ErrorCode.", limit)
	}
	if e.RateLimit != nil && e.RateLimit.Note != "" {
		desc += " " + e.RateLimit.Note
	}
	if e.Editions != "" {
		desc += " Editions: " + e.Editions
	}
	desc += " Every outcome is answered with HTTP 200; see the response for how success and failure differ."
	reqMedia := map[string]any{"schema": map[string]any{"$ref": componentRef + SchemaName(ep, "request")}}
	if len(reqExamples) > 0 {
		reqMedia["examples"] = reqExamples
	}
	respMedia := map[string]any{"schema": map[string]any{"$ref": componentRef + SchemaName(ep, "response")}}
	if len(respExamples) > 0 {
		respMedia["examples"] = respExamples
	}
	return map[string]any{
		"operationId":  service + "_" + command,
		"summary":      ep,
		"description":  desc,
		"tags":         []any{e.Family},
		"externalDocs": map[string]any{"url": fx.Doc},
		"parameters":   params,
		"requestBody": map[string]any{
			"required":    true,
			"description": "One JSON object. Any Content-Type header is accepted by the service; application/json is the documented one.",
			"content":     map[string]any{"application/json": reqMedia},
		},
		"responses": map[string]any{
			"200": map[string]any{
				"description": "Every outcome, success or failure. ActionStatus is OK with ErrorCode 0 on success, " +
					"FAIL with a non-zero ErrorCode and a reason in ErrorInfo on failure; the HTTP status stays 200.",
				"content": map[string]any{"application/json": respMedia},
			},
		},
	}, nil
}

// examples turns the samples of one kind into an Examples map that keeps the
// fixtures' order.
func examples(samples []fixtures.Sample, kind string) (orderedObject, error) {
	var out orderedObject
	seen := map[string]bool{}
	for _, s := range samples {
		if s.Kind != kind {
			continue
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("two %s samples named %q", kind, s.Name)
		}
		seen[s.Name] = true
		value, err := decode(s.Body)
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", s.Name, err)
		}
		desc := "Documented sample, from " + s.Source + "."
		if s.Note != "" {
			desc += " " + s.Note
		}
		out = append(out, member{s.Name, map[string]any{
			"summary":     s.Name,
			"description": desc,
			"value":       value,
		}})
	}
	return out, nil
}

// ConvertSchemas turns the draft-07 schema files of package schemas (file
// name to contents) into OpenAPI 3.1 component schemas, keyed by component
// name. See the package documentation for the rules.
func ConvertSchemas(files map[string][]byte) (map[string]any, error) {
	names := sortedKeys(files)
	parsed := map[string]map[string]any{}
	byID := map[string]string{} // $id without fragment -> component name
	for _, file := range names {
		if !strings.HasSuffix(file, ".json") {
			continue
		}
		v, err := decode(files[file])
		if err != nil {
			return nil, fmt.Errorf("openapi: schema %s: %w", file, err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("openapi: schema %s is not a JSON object", file)
		}
		name := strings.TrimSuffix(file, ".json")
		id, _ := obj["$id"].(string)
		if id == "" {
			return nil, fmt.Errorf("openapi: schema %s has no $id", file)
		}
		u, err := url.Parse(id)
		if err != nil || !u.IsAbs() {
			return nil, fmt.Errorf("openapi: schema %s: $id %q is not an absolute URI", file, id)
		}
		u.Fragment = ""
		if other, dup := byID[u.String()]; dup {
			return nil, fmt.Errorf("openapi: schemas %s and %s share the $id %s", other, name, u)
		}
		byID[u.String()] = name
		parsed[name] = obj
	}
	out := map[string]any{}
	add := func(name string, schema any) error {
		if _, dup := out[name]; dup {
			return fmt.Errorf("openapi: two component schemas named %s", name)
		}
		out[name] = schema
		return nil
	}
	for _, name := range sortedKeys(parsed) {
		obj := parsed[name]
		c := &converter{file: name, byID: byID}
		c.base, _ = url.Parse(obj["$id"].(string))
		if defs, ok := obj["definitions"]; ok {
			m, ok := defs.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("openapi: schema %s: definitions is not an object", name)
			}
			for _, d := range sortedKeys(m) {
				s, err := c.schema(m[d], "/definitions/"+d)
				if err != nil {
					return nil, err
				}
				if err := add(name+"."+d, s); err != nil {
					return nil, err
				}
			}
		}
		top := map[string]any{}
		for k, v := range obj {
			switch k {
			case "$schema", "$id", "definitions":
			default:
				top[k] = v
			}
		}
		s, err := c.schema(top, "")
		if err != nil {
			return nil, err
		}
		if err := add(name, s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type converter struct {
	file string
	base *url.URL
	byID map[string]string
}

// Keywords whose values are schemas, by shape.
var (
	oneSchema   = []string{"additionalProperties", "contains", "propertyNames", "if", "then", "else", "not"}
	schemaMap   = []string{"properties", "patternProperties"}
	schemaArray = []string{"allOf", "anyOf", "oneOf"}
)

// schema converts one draft-07 schema (a boolean or an object) found at
// pointer within the file.
func (c *converter) schema(v any, pointer string) (any, error) {
	switch s := v.(type) {
	case bool:
		return s, nil
	case map[string]any:
		return c.object(s, pointer)
	default:
		return nil, c.errorf(pointer, "a schema must be an object or a boolean, not %T", v)
	}
}

func (c *converter) errorf(pointer, format string, args ...any) error {
	if pointer == "" {
		pointer = "/"
	}
	return fmt.Errorf("openapi: schema %s at %s: %s", c.file, pointer, fmt.Sprintf(format, args...))
}

func (c *converter) object(s map[string]any, pointer string) (any, error) {
	if ref, ok := s["$ref"]; ok {
		r, ok := ref.(string)
		if !ok {
			return nil, c.errorf(pointer, "$ref is not a string")
		}
		local, err := c.ref(r, pointer)
		if err != nil {
			return nil, err
		}
		// draft-07 ignores every keyword beside $ref; 2020-12 would apply them.
		return map[string]any{"$ref": local}, nil
	}
	out := map[string]any{}
	for _, k := range sortedKeys(s) {
		v := s[k]
		at := pointer + "/" + k
		switch {
		case k == "$schema" || k == "$id" || k == "definitions":
			return nil, c.errorf(at, "%s below the top of a schema file is not supported", k)
		case slices.Contains(oneSchema, k):
			x, err := c.schema(v, at)
			if err != nil {
				return nil, err
			}
			out[k] = x
		case slices.Contains(schemaMap, k):
			m, ok := v.(map[string]any)
			if !ok {
				return nil, c.errorf(at, "not an object")
			}
			conv := map[string]any{}
			for _, p := range sortedKeys(m) {
				x, err := c.schema(m[p], at+"/"+p)
				if err != nil {
					return nil, err
				}
				conv[p] = x
			}
			out[k] = conv
		case slices.Contains(schemaArray, k):
			list, err := c.schemaList(v, at)
			if err != nil {
				return nil, err
			}
			out[k] = list
		case k == "items":
			if arr, ok := v.([]any); ok {
				// Tuple form: prefixItems in 2020-12, where items takes
				// additionalItems' role.
				list, err := c.schemaList(arr, at)
				if err != nil {
					return nil, err
				}
				out["prefixItems"] = list
				if extra, ok := s["additionalItems"]; ok {
					x, err := c.schema(extra, pointer+"/additionalItems")
					if err != nil {
						return nil, err
					}
					out["items"] = x
				}
				continue
			}
			x, err := c.schema(v, at)
			if err != nil {
				return nil, err
			}
			out["items"] = x
		case k == "additionalItems":
			// Handled with an array items; ignored by draft-07 otherwise.
		case k == "dependencies":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, c.errorf(at, "not an object")
			}
			req, sch := map[string]any{}, map[string]any{}
			for _, p := range sortedKeys(m) {
				if names, ok := m[p].([]any); ok {
					req[p] = names
					continue
				}
				x, err := c.schema(m[p], at+"/"+p)
				if err != nil {
					return nil, err
				}
				sch[p] = x
			}
			if len(req) > 0 {
				out["dependentRequired"] = req
			}
			if len(sch) > 0 {
				out["dependentSchemas"] = sch
			}
		default:
			out[k] = v
		}
	}
	return out, nil
}

func (c *converter) schemaList(v any, pointer string) ([]any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, c.errorf(pointer, "not an array")
	}
	out := make([]any, 0, len(arr))
	for i, e := range arr {
		x, err := c.schema(e, fmt.Sprintf("%s/%d", pointer, i))
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// ref rewrites a draft-07 reference, resolved against the file's $id, to a
// local component reference.
func (c *converter) ref(ref, pointer string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", c.errorf(pointer, "$ref %q: %v", ref, err)
	}
	abs := c.base.ResolveReference(u)
	frag := abs.Fragment
	abs.Fragment = ""
	name, ok := c.byID[abs.String()]
	if !ok {
		return "", c.errorf(pointer, "$ref %q names no schema file", ref)
	}
	switch {
	case frag == "" || frag == "/":
		return componentRef + name, nil
	case strings.HasPrefix(frag, "/definitions/") && !strings.Contains(strings.TrimPrefix(frag, "/definitions/"), "/"):
		return componentRef + name + "." + strings.TrimPrefix(frag, "/definitions/"), nil
	default:
		return "", c.errorf(pointer, "$ref %q: only whole files and their definitions can be referenced", ref)
	}
}

// orderedObject is a JSON object whose members are written in slice order.
type orderedObject []member

type member struct {
	key   string
	value any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// encode writes the document as two-space indented JSON with a final newline.
func encode(doc any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: encode: %w", err)
	}
	return b.Bytes(), nil
}

// decode parses one JSON value, keeping numbers exact.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
