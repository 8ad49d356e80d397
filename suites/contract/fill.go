package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
)

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// Fill replaces the placeholders of a JSON template: a string that is
// exactly "${ID}" becomes the value bound to ID as it is (a number stays a
// number); "${ID}" inside a longer string is interpolated.
func Fill(tmpl json.RawMessage, vals map[string]json.RawMessage) ([]byte, error) {
	if len(tmpl) == 0 {
		return []byte("{}"), nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(tmpl))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	out, err := fill(v, vals)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

func fill(v any, vals map[string]json.RawMessage) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			f, err := fill(e, vals)
			if err != nil {
				return nil, err
			}
			x[k] = f
		}
	case []any:
		for i, e := range x {
			f, err := fill(e, vals)
			if err != nil {
				return nil, err
			}
			x[i] = f
		}
	case string:
		if m := placeholder.FindStringSubmatch(x); m != nil && m[0] == x {
			raw, ok := vals[m[1]]
			if !ok {
				return nil, fmt.Errorf("no value for ${%s}", m[1])
			}
			return raw, nil
		}
		var missing string
		s := placeholder.ReplaceAllStringFunc(x, func(p string) string {
			id := p[2 : len(p)-1]
			raw, ok := vals[id]
			if !ok {
				missing = id
				return p
			}
			var str string
			if json.Unmarshal(raw, &str) == nil {
				return str
			}
			return string(raw)
		})
		if missing != "" {
			return nil, fmt.Errorf("no value for ${%s}", missing)
		}
		return s, nil
	}
	return v, nil
}

// Pick returns the value at a dotted path ("GroupId", "MsgList.0.MsgSeq")
// of a JSON body.
func Pick(body []byte, path string) (json.RawMessage, error) {
	cur := json.RawMessage(body)
	for _, part := range strings.Split(path, ".") {
		if i, err := strconv.Atoi(part); err == nil {
			var arr []json.RawMessage
			if json.Unmarshal(cur, &arr) != nil || i < 0 || i >= len(arr) {
				return nil, fmt.Errorf("the answer has no %s", path)
			}
			cur = arr[i]
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(cur, &obj) != nil {
			return nil, fmt.Errorf("the answer has no %s", path)
		}
		next, ok := obj[part]
		if !ok {
			return nil, fmt.Errorf("the answer has no %s", path)
		}
		cur = next
	}
	return cur, nil
}

// Prepare returns a request sample's body with its placeholders bound:
// the literal strings of Replace become their steps' values, then the
// values of Set are filled in and put at their paths.
func Prepare(s fixtures.Sample, vals map[string]json.RawMessage) ([]byte, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(s.Body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v = replace(v, s.Replace, vals)
	for path, tmpl := range s.Set {
		filled, err := Fill(tmpl, vals)
		if err != nil {
			return nil, fmt.Errorf("set %s: %w", path, err)
		}
		if v, err = put(v, strings.Split(path, "."), json.RawMessage(filled)); err != nil {
			return nil, fmt.Errorf("set %s: %w", path, err)
		}
	}
	return json.Marshal(v)
}

func replace(v any, lits map[string]string, vals map[string]json.RawMessage) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = replace(e, lits, vals)
		}
	case []any:
		for i, e := range x {
			x[i] = replace(e, lits, vals)
		}
	case string:
		if id, ok := lits[x]; ok {
			if raw, ok := vals[id]; ok {
				return raw
			}
		}
	}
	return v
}

func put(v any, path []string, val json.RawMessage) (any, error) {
	if len(path) == 0 {
		return val, nil
	}
	switch x := v.(type) {
	case map[string]any:
		next, err := put(x[path[0]], path[1:], val)
		if err != nil {
			return nil, err
		}
		x[path[0]] = next
		return x, nil
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(x) {
			return nil, fmt.Errorf("no element %s", path[0])
		}
		next, err := put(x[i], path[1:], val)
		if err != nil {
			return nil, err
		}
		x[i] = next
		return x, nil
	case nil:
		if len(path) == 1 {
			return map[string]any{path[0]: val}, nil
		}
	}
	return nil, fmt.Errorf("%s is not inside an object or array", path[0])
}

// Coerce returns the same value in another JSON type, one a lenient server
// could take for the right one: a digit string as a number, a number as a
// string, an array as its first element, an object as its JSON text, a
// boolean as a string.
func Coerce(v json.RawMessage) (json.RawMessage, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return nil, fmt.Errorf("no value")
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, err
		}
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return nil, fmt.Errorf("string %q holds no number", s)
		}
		return json.RawMessage(strings.TrimLeft(s, "0") + ifEmpty(strings.TrimLeft(s, "0"), "0")), nil
	case '[':
		var arr []json.RawMessage
		if err := json.Unmarshal(v, &arr); err != nil {
			return nil, err
		}
		if len(arr) == 0 {
			return json.RawMessage(`{}`), nil
		}
		return arr[0], nil
	case '{':
		return json.Marshal(string(v))
	default: // number, true, false, null
		return json.Marshal(string(v))
	}
}

func ifEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return ""
}
