package emulator

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// Codes of the custom-attribute and counter calls (their pages' error
// tables).
const (
	codeAttrKeyTooLong     = 10045 // a key over 32 bytes
	codeAttrValueTooLong   = 10046 // a value over 4,000 bytes
	codeAttrTooManyKeys    = 10047 // more than 16 keys
	codeAttrTooLarge       = 10048 // values over 16,000 bytes in all
	codeAttrWriteRate      = 10049 // over 5 attribute writes a second in the group
	codeAttrNoKey          = 10050 // delete_group_attr: no such key
	codeAttrCounterTooMany = 10063 // more than 20 counter keys
)

// Limits of the attribute and counter calls (their catalogue entries).
const (
	maxAttrKey         = 32
	maxAttrValue       = 4000
	maxAttrKeys        = 16
	maxAttrTotal       = 16000
	maxAttrWrites      = 5 // per group, in any second
	maxAttrCounterKeys = 20
	maxAttrCounterKey  = 128
)

// groupAttrSvc is the service of get_group_attr, which answers with the
// group service's codes.
var groupAttrSvc = service{"group_open_attr_http_svc", codeGrpParse, codeGrpNoPermission, codeGrpInternal, codeGrpParam}

// attrRefusals names, per endpoint, the group types it does not serve (the
// pages' type tables: Community has no clear_group_attr and no counters;
// the counter pages name no code, 10007 is answered).
var attrRefusals = map[string]map[string]int{
	"group_open_http_svc/clear_group_attr":     {typeCommunity: codeGrpNoPermission},
	"group_open_http_svc/get_group_counter":    {typeCommunity: codeGrpNoPermission},
	"group_open_http_svc/update_group_counter": {typeCommunity: codeGrpNoPermission},
	"group_open_http_svc/delete_group_counter": {typeCommunity: codeGrpNoPermission},
}

// attrState is a group's custom attributes and counters, made on the
// group's first use of them and dropped with the group.
type attrState struct {
	attrs    []groupKV                // by key
	writes   [maxAttrWrites]time.Time // the last attribute writes, a ring
	next     int                      // the ring's oldest slot
	counters []attrCounter            // by key
}

type attrCounter struct {
	Key   string
	Value int64
}

// attrItem is an attribute as the calls carry it: lower-case key and value.
type attrItem struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func attrOf(g *group) *attrState {
	if g.attrs == nil {
		g.attrs = &attrState{}
	}
	return g.attrs
}

// attrGroup finds the group of an attribute or counter call, refusing the
// types the endpoint does not serve; s.mu is held.
func (s *store) attrGroup(c *call) (*group, *apiError) {
	g, err := s.lookupGroup(c)
	if err != nil {
		return nil, err
	}
	if code := attrRefusals[c.path][g.Type]; code != 0 {
		return nil, fail(code, g.Type+" groups do not support "+c.path)
	}
	return g, nil
}

// attrMayWrite refuses an attribute write when the group already had
// maxAttrWrites of them in the last second. Options.NoLimits leaves it on:
// it is a rule of the group's data, not of the call rate.
func (h *Handler) attrMayWrite(a *attrState, now time.Time) *apiError {
	if oldest := a.writes[a.next]; !oldest.IsZero() && now.Sub(oldest) < time.Second {
		return fail(codeAttrWriteRate, "over 5 attribute writes a second for this group")
	}
	return nil
}

func (a *attrState) wrote(now time.Time) {
	a.writes[a.next] = now
	a.next = (a.next + 1) % maxAttrWrites
}

// attrReadItems reads GroupAttr: objects with a key of 1 to 32 bytes and,
// when withValue, a string value of at most 4,000 bytes. A key given twice
// keeps its last value.
func attrReadItems(c *call, withValue bool) ([]groupKV, *apiError) {
	items, st := c.f.array("GroupAttr")
	if st != valid {
		return nil, fail(codeGrpParam, "GroupAttr is missing or not an array")
	}
	var out []groupKV
	for _, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "GroupAttr items must be objects")
		}
		k, kst := o.str("key")
		if kst != valid || k == "" {
			return nil, fail(codeGrpParam, "a GroupAttr item has no key string")
		}
		if len(k) > maxAttrKey {
			return nil, fail(codeAttrKeyTooLong, "attribute key "+strconv.Quote(k)+" is over 32 bytes")
		}
		var v string
		if withValue {
			var vst state
			if v, vst = o.str("value"); vst != valid {
				return nil, fail(codeGrpParam, "GroupAttr item "+strconv.Quote(k)+" has no value string")
			}
			if len(v) > maxAttrValue {
				return nil, fail(codeAttrValueTooLong, "the value of attribute "+strconv.Quote(k)+" is over 4000 bytes")
			}
		}
		out = attrPut(out, groupKV{k, v})
	}
	return out, nil
}

// setAttr adds or replaces one attribute in a list kept by key.
func attrPut(list []groupKV, kv groupKV) []groupKV {
	i := sort.Search(len(list), func(i int) bool { return list[i].Key >= kv.Key })
	if i < len(list) && list[i].Key == kv.Key {
		list[i].Value = kv.Value
		return list
	}
	list = append(list, groupKV{})
	copy(list[i+1:], list[i:])
	list[i] = kv
	return list
}

func attrIndex(list []groupKV, key string) int {
	i := sort.Search(len(list), func(i int) bool { return list[i].Key >= key })
	if i < len(list) && list[i].Key == key {
		return i
	}
	return -1
}

// attrFits checks a group's attributes after a change against the key count
// and the total size.
func attrFits(list []groupKV) *apiError {
	if len(list) > maxAttrKeys {
		return fail(codeAttrTooManyKeys, "more than 16 attribute keys")
	}
	total := 0
	for _, kv := range list {
		total += len(kv.Value)
	}
	if total > maxAttrTotal {
		return fail(codeAttrTooLarge, "attribute values over 16000 bytes in all")
	}
	return nil
}

func attrItems(list []groupKV, withValue bool) []map[string]string {
	out := make([]map[string]string, len(list))
	for i, kv := range list {
		out[i] = map[string]string{"key": kv.Key}
		if withValue {
			out[i]["value"] = kv.Value
		}
	}
	return out
}

// attrAfterChanged sends Group.CallbackAfterGroupAttrChanged; s.mu is held.
func (h *Handler) attrAfterChanged(g *group, op string, attrs []groupKV, withValue bool, c *call) {
	if h.hooks == nil {
		return
	}
	h.after("Group.CallbackAfterGroupAttrChanged", map[string]any{
		"GroupId": g.ID, "Type": g.Type, "Operator_Account": c.identifier, "OptionType": op,
		"GroupAttr": attrItems(attrs, withValue), "EventTime": c.now.UnixMilli(),
	})
}

// getGroupAttr implements v4/group_open_attr_http_svc/get_group_attr.
func getGroupAttr(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	out := struct{ GroupAttrAry []attrItem }{GroupAttrAry: []attrItem{}}
	if g.attrs != nil {
		for _, kv := range g.attrs.attrs {
			out.GroupAttrAry = append(out.GroupAttrAry, attrItem{kv.Key, kv.Value})
		}
	}
	return out, nil
}

// attrWrite is modify_group_attr (replace false: the listed
// attributes are added or updated) and set_group_attr (replace true: they
// become the group's only ones).
func attrWrite(h *Handler, c *call, replace bool) (any, *apiError) {
	items, err := attrReadItems(c, true)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 && !replace {
		return nil, fail(codeGrpParam, "GroupAttr lists no attribute")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	a := attrOf(g)
	next, op := items, "set"
	if !replace {
		next, op = append([]groupKV(nil), a.attrs...), "modify"
		for _, kv := range items {
			next = attrPut(next, kv)
		}
	}
	if err := attrFits(next); err != nil {
		return nil, err
	}
	if err := h.attrMayWrite(a, c.now); err != nil {
		return nil, err
	}
	a.attrs = next
	a.wrote(c.now)
	h.attrAfterChanged(g, op, items, true, c)
	return nil, nil
}

// modifyGroupAttr implements v4/group_open_http_svc/modify_group_attr.
func modifyGroupAttr(h *Handler, c *call) (any, *apiError) { return attrWrite(h, c, false) }

// setGroupAttr implements v4/group_open_http_svc/set_group_attr.
func setGroupAttr(h *Handler, c *call) (any, *apiError) { return attrWrite(h, c, true) }

// clearGroupAttr implements v4/group_open_http_svc/clear_group_attr.
func clearGroupAttr(h *Handler, c *call) (any, *apiError) {
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	a := attrOf(g)
	if err := h.attrMayWrite(a, c.now); err != nil {
		return nil, err
	}
	removed := a.attrs
	a.attrs = nil
	a.wrote(c.now)
	h.attrAfterChanged(g, "clear", removed, true, c)
	return nil, nil
}

// deleteGroupAttr implements v4/group_open_http_svc/delete_group_attr: a
// key that does not exist refuses the whole call with 10050.
func deleteGroupAttr(h *Handler, c *call) (any, *apiError) {
	items, err := attrReadItems(c, false)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fail(codeGrpParam, "GroupAttr lists no attribute")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	a := attrOf(g)
	for _, kv := range items {
		if attrIndex(a.attrs, kv.Key) < 0 {
			return nil, fail(codeAttrNoKey, "attribute "+strconv.Quote(kv.Key)+" does not exist")
		}
	}
	if err := h.attrMayWrite(a, c.now); err != nil {
		return nil, err
	}
	for _, kv := range items {
		i := attrIndex(a.attrs, kv.Key)
		a.attrs = append(a.attrs[:i], a.attrs[i+1:]...)
	}
	a.wrote(c.now)
	h.attrAfterChanged(g, "delete", items, false, c)
	return nil, nil
}

func attrCounterIndex(list []attrCounter, key string) (int, bool) {
	i := sort.Search(len(list), func(i int) bool { return list[i].Key >= key })
	return i, i < len(list) && list[i].Key == key
}

// attrReadCounterKeys reads GroupCounterKeys: at most 20 keys of 1 to 128
// bytes; absent or empty means every key.
func attrReadCounterKeys(c *call) ([]string, *apiError) {
	keys, st := c.f.stringArray("GroupCounterKeys")
	if st == wrongType {
		return nil, fail(codeGrpParam, "GroupCounterKeys is not an array of strings")
	}
	if len(keys) > maxAttrCounterKeys {
		return nil, fail(codeGrpParam, "GroupCounterKeys lists more than 20 keys")
	}
	for _, k := range keys {
		if k == "" || len(k) > maxAttrCounterKey {
			return nil, fail(codeGrpParam, "a counter key must be 1 to 128 bytes")
		}
	}
	return keys, nil
}

type attrCounterOut struct {
	GroupCounter []attrCounter
}

// getGroupCounter implements v4/group_open_http_svc/get_group_counter:
// the keys asked for that exist, in the order asked, or every counter by
// key.
func getGroupCounter(h *Handler, c *call) (any, *apiError) {
	keys, err := attrReadCounterKeys(c)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	out := attrCounterOut{GroupCounter: []attrCounter{}}
	if g.attrs == nil {
		return out, nil
	}
	list := g.attrs.counters
	if len(keys) == 0 {
		out.GroupCounter = append(out.GroupCounter, list...)
		return out, nil
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if i, ok := attrCounterIndex(list, k); ok && !seen[k] {
			seen[k] = true
			out.GroupCounter = append(out.GroupCounter, list[i])
		}
	}
	return out, nil
}

// updateGroupCounter implements v4/group_open_http_svc/update_group_counter.
// Mode Set (the default), Increase or Decrease applies to each item in
// order; a missing key starts at 0. A result outside 64 bits refuses the
// call with 10004, and so does a group left with more than 20 keys with
// 10063; either way nothing changes.
func updateGroupCounter(h *Handler, c *call) (any, *apiError) {
	items, st := c.f.array("GroupCounter")
	if st != valid || len(items) == 0 {
		return nil, fail(codeGrpParam, "GroupCounter is missing, empty or not an array")
	}
	if len(items) > maxAttrCounterKeys {
		return nil, fail(codeAttrCounterTooMany, "GroupCounter lists more than 20 keys")
	}
	mode, mst := c.f.str("Mode")
	switch {
	case mst == absent:
		mode = "Set"
	case mst == wrongType, mode != "Set" && mode != "Increase" && mode != "Decrease":
		return nil, fail(codeGrpParam, "Mode must be Set, Increase or Decrease")
	}
	upd := make([]attrCounter, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeGrpParam, "GroupCounter items must be objects")
		}
		k, kst := o.str("Key")
		v, vst := o.int64("Value")
		if kst != valid || k == "" || len(k) > maxAttrCounterKey || vst != valid {
			return nil, fail(codeGrpParam, "GroupCounter items need a Key of 1 to 128 bytes and an integer Value")
		}
		upd[i] = attrCounter{k, v}
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	a := attrOf(g)
	next := append([]attrCounter(nil), a.counters...)
	var order []string
	for _, u := range upd {
		i, ok := attrCounterIndex(next, u.Key)
		if !ok {
			next = append(next, attrCounter{})
			copy(next[i+1:], next[i:])
			next[i] = attrCounter{Key: u.Key}
			order = append(order, u.Key)
		} else if !inNames(order, u.Key) {
			order = append(order, u.Key)
		}
		v, ok := attrCounterStep(next[i].Value, u.Value, mode)
		if !ok {
			return nil, fail(codeGrpParam, "counter "+strconv.Quote(u.Key)+" would leave the 64-bit range")
		}
		next[i].Value = v
	}
	if len(next) > maxAttrCounterKeys {
		return nil, fail(codeAttrCounterTooMany, "the group would have more than 20 counter keys")
	}
	a.counters = next
	out := attrCounterOut{GroupCounter: make([]attrCounter, 0, len(order))}
	for _, k := range order {
		i, _ := attrCounterIndex(next, k)
		out.GroupCounter = append(out.GroupCounter, next[i])
	}
	return out, nil
}

// attrCounterStep applies one update, reporting false on overflow.
func attrCounterStep(cur, v int64, mode string) (int64, bool) {
	switch mode {
	case "Increase":
		if v > 0 && cur > math.MaxInt64-v || v < 0 && cur < math.MinInt64-v {
			return 0, false
		}
		return cur + v, true
	case "Decrease":
		if v < 0 && cur > math.MaxInt64+v || v > 0 && cur < math.MinInt64+v {
			return 0, false
		}
		return cur - v, true
	}
	return v, true
}

// deleteGroupCounter implements v4/group_open_http_svc/delete_group_counter:
// the keys listed (keys that do not exist are ignored), or every counter.
func deleteGroupCounter(h *Handler, c *call) (any, *apiError) {
	keys, err := attrReadCounterKeys(c)
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.attrGroup(c)
	if err != nil {
		return nil, err
	}
	if g.attrs == nil {
		return nil, nil
	}
	a := g.attrs
	if len(keys) == 0 {
		a.counters = nil
		return nil, nil
	}
	for _, k := range keys {
		if i, ok := attrCounterIndex(a.counters, k); ok {
			a.counters = append(a.counters[:i], a.counters[i+1:]...)
		}
	}
	return nil, nil
}
