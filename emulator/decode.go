package emulator

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// fields is a request body decoded one level deep. Handlers read typed
// values from it and decide which documented code a bad field gets.
type fields map[string]json.RawMessage

// state of one field in a request body.
type state int

const (
	absent    state = iota // not in the body
	valid                  // present with the expected JSON type
	wrongType              // present with another JSON type (null included)
)

// decodeBody parses a request body that must be one JSON object in valid
// UTF-8; the string says what is wrong otherwise.
func decodeBody(body []byte) (fields, string) {
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return nil, "request body is empty; send {} when no field is needed"
	case !utf8.Valid(body):
		return nil, "request body is not valid UTF-8"
	case body[0] != '{':
		return nil, "request body is not a JSON object"
	}
	var f fields
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, "request body is not valid JSON: " + err.Error()
	}
	return f, ""
}

func (f fields) str(name string) (string, state) {
	raw, ok := f[name]
	if !ok {
		return "", absent
	}
	return rawString(raw)
}

func rawString(raw json.RawMessage) (string, state) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", wrongType
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), valid
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", wrongType
	}
	return s, valid
}

// uint32 reads an integer in 0..4294967295; a fraction, an exponent, a
// string or an out-of-range value is wrongType.
func (f fields) uint32(name string) (uint32, state) {
	raw, ok := f[name]
	if !ok {
		return 0, absent
	}
	n, err := strconv.ParseUint(string(raw), 10, 32)
	if err != nil {
		return 0, wrongType
	}
	return uint32(n), valid
}

// int64 reads an integer; a fraction, an exponent or a string is wrongType.
func (f fields) int64(name string) (int64, state) {
	raw, ok := f[name]
	if !ok {
		return 0, absent
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, wrongType
	}
	return n, valid
}

// array reads a JSON array one level deep.
func (f fields) array(name string) ([]json.RawMessage, state) {
	raw, ok := f[name]
	if !ok {
		return nil, absent
	}
	if len(raw) == 0 || raw[0] != '[' {
		return nil, wrongType
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, wrongType
	}
	return items, valid
}

// stringArray reads a JSON array of strings.
func (f fields) stringArray(name string) ([]string, state) {
	items, st := f.array(name)
	if st != valid {
		return nil, st
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, st := rawString(it)
		if st != valid {
			return nil, wrongType
		}
		out[i] = s
	}
	return out, valid
}

// object reads a JSON object one level deep.
func object(raw json.RawMessage) (fields, bool) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var f fields
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, false
	}
	return f, true
}

// validUserID reports whether id is a UserID the documentation allows
// everywhere: 1 to 32 bytes of letters, digits, '_' and '-' (rest-common.md §6).
func validUserID(id string) bool {
	if len(id) == 0 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
