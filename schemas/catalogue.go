package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Entry is the catalogue entry of one REST endpoint: every documented fact
// the emulator, the suites, the OpenAPI export and coverage read.
type Entry struct {
	// Path is the endpoint after /v4/, such as "openim/sendmsg".
	Path string `json:"path"`
	// Aliases are older paths the same endpoint is documented under, such
	// as "openim/query_online_status" for "openim/querystate".
	Aliases []string `json:"aliases,omitempty"`
	// ID overrides the short upper-case name the generated check IDs use;
	// empty derives it from the command ("sendmsg" gives "SENDMSG").
	ID string `json:"id,omitempty"`
	// Family is a key of the families table ("c2c", "groups", ...).
	Family string `json:"family"`
	Title  string `json:"title"`
	// Doc is the international page, https://www.tencentcloud.com/document/product/1047/<id>.
	Doc string `json:"doc"`
	// RateLimit is the documented call-rate limit; nil when the page gives none.
	RateLimit *RateLimit `json:"rate_limit"`
	// Editions notes edition or console-switch requirements ("" for none).
	Editions string `json:"editions,omitempty"`
	// Errors is the page's own error table; the shared codes are in the
	// common table (CommonErrors).
	Errors []Code `json:"errors"`
	// ParseCodes are the codes a body that is not JSON may get.
	ParseCodes []int `json:"parse_codes"`
	// ParamCodes are the codes a request with a missing or mistyped field
	// may get where FieldCodes does not name the field.
	ParamCodes []int `json:"param_codes"`
	// FieldCodes gives, per top-level request field, the codes documented
	// for it missing and of the wrong JSON type.
	FieldCodes map[string]FieldCodes `json:"field_codes"`
	// Ambiguities records where the pages are silent or contradict each
	// other, and which variants the checks accept.
	Ambiguities []string `json:"ambiguities"`
	// Request and Response are draft-07 JSON Schemas of the request body and
	// of the response fields beyond the envelope.
	Request  json.RawMessage `json:"request"`
	Response json.RawMessage `json:"response"`
}

// RateLimit is a documented call-rate limit.
type RateLimit struct {
	// PerSecond is the number of calls a second the page allows (per app,
	// per API).
	PerSecond float64 `json:"per_second"`
	// Note says anything else the page says: other units, add-ons, dates.
	Note string `json:"note,omitempty"`
}

// Code is one row of an error table.
type Code struct {
	Code    int    `json:"code"`
	Meaning string `json:"meaning"`
}

// FieldCodes are the codes documented for one request field.
type FieldCodes struct {
	Missing   []int `json:"missing,omitempty"`
	WrongType []int `json:"wrong_type,omitempty"`
}

// Webhook is the catalogue entry of one callback the service POSTs to the
// app's callback URL.
type Webhook struct {
	// Command is the CallbackCommand, such as "C2C.CallbackAfterSendMsg".
	Command string `json:"command"`
	Family  string `json:"family"`
	Title   string `json:"title"`
	Doc     string `json:"doc"`
	// Kind is "before" (the app's answer gates the action) or "after".
	Kind string `json:"kind"`
	// FiredBy lists the REST endpoints whose calls fire it (client actions
	// that fire it are in Note).
	FiredBy     []string `json:"fired_by"`
	Note        string   `json:"note,omitempty"`
	Ambiguities []string `json:"ambiguities"`
	// Request is the schema of the body the service POSTs; Response the
	// schema of the app's answer.
	Request  json.RawMessage `json:"request"`
	Response json.RawMessage `json:"response"`
}

// Family is one row of the families table.
type Family struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// ShortID is the upper-case name of the endpoint in generated check IDs.
func (e *Entry) ShortID() string {
	if e.ID != "" {
		return e.ID
	}
	_, cmd, _ := strings.Cut(e.Path, "/")
	return strings.ToUpper(strings.ReplaceAll(cmd, "_", ""))
}

// Limit returns the documented calls per second, and false when the page
// documents none.
func (e *Entry) Limit() (float64, bool) {
	if e.RateLimit == nil || e.RateLimit.PerSecond <= 0 {
		return 0, false
	}
	return e.RateLimit.PerSecond, true
}

// Codes returns the codes a missing (wrongType false) or mistyped field may
// get: its own documented codes, else the entry's ParamCodes.
func (e *Entry) Codes(field string, wrongType bool) []int {
	fc := e.FieldCodes[field]
	c := fc.Missing
	if wrongType {
		c = fc.WrongType
	}
	if len(c) == 0 {
		c = e.ParamCodes
	}
	return append([]int(nil), c...)
}

// Documented reports whether code is in the entry's own table or the
// common one.
func (e *Entry) Documented(code int) bool {
	for _, c := range e.Errors {
		if c.Code == code {
			return true
		}
	}
	_, ok := commonIndex()[code]
	return ok
}

// Catalogue is every documented fact the project holds.
type Catalogue struct {
	Families     []Family
	Entries      []*Entry   // sorted by Path
	Webhooks     []*Webhook // sorted by Command
	CommonErrors []Code
	byPath       map[string]*Entry
	byCommand    map[string]*Webhook
}

var (
	catOnce sync.Once
	cat     *Catalogue
	catErr  error
)

// Load returns the catalogue, parsed and checked once.
func Load() (*Catalogue, error) {
	catOnce.Do(func() { cat, catErr = parseCatalogue(files) })
	return cat, catErr
}

// MustLoad is Load for callers that cannot go on without the catalogue (it
// is embedded and tested, so a failure is a build defect).
func MustLoad() *Catalogue {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Entry returns the entry of a path or of one of its aliases.
func (c *Catalogue) Entry(p string) (*Entry, bool) {
	e, ok := c.byPath[p]
	return e, ok
}

// Webhook returns the entry of a CallbackCommand.
func (c *Catalogue) Webhook(cmd string) (*Webhook, bool) {
	w, ok := c.byCommand[cmd]
	return w, ok
}

// Family returns the family with key.
func (c *Catalogue) Family(key string) (Family, bool) {
	for _, f := range c.Families {
		if f.Key == key {
			return f, true
		}
	}
	return Family{}, false
}

var (
	pathPattern    = regexp.MustCompile(`^[A-Za-z0-9_]+/[A-Za-z0-9_]+$`)
	commandPattern = regexp.MustCompile(`^[A-Za-z0-9]+\.[A-Za-z0-9]+$`)
	docPattern     = regexp.MustCompile(`^https://(www\.tencentcloud\.com/document/product/1047|cloud\.tencent\.com/document/product/269|trtc\.io/document)/[0-9]+`)
	shortIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*$`)
)

func decodeStrict(name string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: trailing data after the JSON value", name)
	}
	return nil
}

func parseCatalogue(fsys fs.FS) (*Catalogue, error) {
	c := &Catalogue{byPath: map[string]*Entry{}, byCommand: map[string]*Webhook{}}
	data, err := fs.ReadFile(fsys, "families.json")
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if err := decodeStrict("families.json", data, &c.Families); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	families := map[string]bool{}
	for _, f := range c.Families {
		families[f.Key] = true
	}
	if data, err = fs.ReadFile(fsys, "errors.json"); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if err := decodeStrict("errors.json", data, &c.CommonErrors); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	names, _ := fs.Glob(fsys, "rest/*.json")
	ids := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		e := &Entry{}
		if err := decodeStrict(name, data, e); err != nil {
			bad("%v", err)
			continue
		}
		if want := strings.Replace(strings.TrimSuffix(path.Base(name), ".json"), ".", "/", 1); e.Path != want {
			bad("%s: path %q does not match the file name (want %q)", name, e.Path, want)
		}
		checkCommon(bad, name, e.Family, e.Title, e.Doc, families)
		if !pathPattern.MatchString(e.Path) {
			bad("%s: path %q is not service/command", name, e.Path)
		}
		if len(e.ParseCodes) == 0 {
			bad("%s: parse_codes is empty", name)
		}
		if len(e.ParamCodes) == 0 && len(e.FieldCodes) == 0 {
			bad("%s: neither param_codes nor field_codes", name)
		}
		if !shortIDPattern.MatchString(e.ShortID()) {
			bad("%s: short ID %q is not upper-case letters", name, e.ShortID())
		}
		if prev, dup := ids[e.ShortID()]; dup {
			bad("%s: short ID %q is %s's too (set id)", name, e.ShortID(), prev)
		}
		ids[e.ShortID()] = e.Path
		if len(e.Request) == 0 || len(e.Response) == 0 {
			bad("%s: request or response schema missing", name)
		}
		for _, p := range append([]string{e.Path}, e.Aliases...) {
			if _, dup := c.byPath[p]; dup {
				bad("%s: path %q listed twice", name, p)
			}
			c.byPath[p] = e
		}
		c.Entries = append(c.Entries, e)
	}
	names, _ = fs.Glob(fsys, "webhooks/*.json")
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		w := &Webhook{}
		if err := decodeStrict(name, data, w); err != nil {
			bad("%v", err)
			continue
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); w.Command != want {
			bad("%s: command %q does not match the file name", name, w.Command)
		}
		if !commandPattern.MatchString(w.Command) {
			bad("%s: command %q is not Service.Callback", name, w.Command)
		}
		checkCommon(bad, name, w.Family, w.Title, w.Doc, families)
		if w.Kind != "before" && w.Kind != "after" {
			bad("%s: kind %q is neither before nor after", name, w.Kind)
		}
		if len(w.Request) == 0 || len(w.Response) == 0 {
			bad("%s: request or response schema missing", name)
		}
		c.byCommand[w.Command] = w
		c.Webhooks = append(c.Webhooks, w)
	}
	for _, w := range c.Webhooks {
		for _, p := range w.FiredBy {
			if _, ok := c.byPath[p]; !ok {
				bad("webhooks/%s.json: fired_by names %q, which has no entry", w.Command, p)
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("catalogue:\n  %s", strings.Join(problems, "\n  "))
	}
	sort.Slice(c.Entries, func(i, j int) bool { return c.Entries[i].Path < c.Entries[j].Path })
	sort.Slice(c.Webhooks, func(i, j int) bool { return c.Webhooks[i].Command < c.Webhooks[j].Command })
	return c, nil
}

func checkCommon(bad func(string, ...any), name, family, title, doc string, families map[string]bool) {
	if !families[family] {
		bad("%s: family %q is not in families.json", name, family)
	}
	if title == "" {
		bad("%s: title is empty", name)
	}
	if !docPattern.MatchString(doc) {
		bad("%s: doc %q is not a Tencent doc page URL", name, doc)
	}
}

var (
	commonOnce sync.Once
	commonMap  map[int]string
)

func commonIndex() map[int]string {
	commonOnce.Do(func() {
		commonMap = map[int]string{}
		if c, err := Load(); err == nil {
			for _, e := range c.CommonErrors {
				commonMap[e.Code] = e.Meaning
			}
		}
	})
	return commonMap
}
