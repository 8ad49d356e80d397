package groups_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// attrNewGroup is a new group of typ with an owner, destroyed when the
// check ends.
func attrNewGroup(ctx ginkgo.SpecContext, typ string) string {
	ginkgo.GinkgoHelper()
	return newGroup(ctx, typ, accounts(ctx, 1)[0])
}

// attrBody is a GroupAttr request of key, value pairs.
func attrBody(id string, kv ...string) map[string]any {
	items := []map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		items = append(items, map[string]string{"key": kv[i], "value": kv[i+1]})
	}
	return map[string]any{"GroupId": id, "GroupAttr": items}
}

// attrKeys is a delete_group_attr request of the keys given.
func attrKeys(id string, keys ...string) map[string]any {
	items := make([]map[string]string, len(keys))
	for i, k := range keys {
		items[i] = map[string]string{"key": k}
	}
	return map[string]any{"GroupId": id, "GroupAttr": items}
}

// attrMust writes the attributes as a precondition.
func attrMust(ctx ginkgo.SpecContext, id string, kv ...string) {
	ginkgo.GinkgoHelper()
	must(ctx, groups.AttrModify, attrBody(id, kv...), nil, "write attributes with modify_group_attr")
}

// attrsOf returns the group's attributes by get_group_attr.
func attrsOf(ctx ginkgo.SpecContext, id string) map[string]string {
	ginkgo.GinkgoHelper()
	var out struct {
		GroupAttrAry []struct{ Key, Value string }
	}
	must(ctx, groups.AttrGet, map[string]any{"GroupId": id}, &out, "read the attributes with get_group_attr")
	got := map[string]string{}
	for _, a := range out.GroupAttrAry {
		got[a.Key] = a.Value
	}
	return got
}

// attrRender renders attributes for a headline: keys, and values up to
// 16 bytes.
func attrRender(m map[string]string) string {
	if len(m) == 0 {
		return "none"
	}
	var out []string
	for k, v := range m {
		if len(v) > 16 {
			v = fmt.Sprintf("(%d bytes)", len(v))
		}
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// attrExpect requires get_group_attr to list exactly want.
func attrExpect(ctx ginkgo.SpecContext, id string, want map[string]string, why string) {
	ginkgo.GinkgoHelper()
	got := attrsOf(ctx, id)
	if attrRender(got) != attrRender(want) {
		framework.Failf("get_group_attr listed %s; want %s (%s)", attrRender(got), attrRender(want), why)
	}
}

// attrCounterCall sends a counter call; an app without the Ultimate
// edition (10059) blocks the check.
func attrCounterCall(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x := do(ctx, path, body)
	if x.Envelope.ErrorCode == groups.AttrUltimateCode {
		framework.BlockedBy(x, "group counters need the Ultimate edition")
	}
	return x
}

type attrCounterItem struct {
	Key   string
	Value int64
}

// attrUpdate sends update_group_counter with mode and key, value pairs.
func attrUpdate(ctx ginkgo.SpecContext, id, mode string, kv ...any) *target.Exchange {
	ginkgo.GinkgoHelper()
	items := []map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		items = append(items, map[string]any{"Key": kv[i], "Value": kv[i+1]})
	}
	return attrCounterCall(ctx, groups.AttrUpdate, map[string]any{"GroupId": id, "GroupCounter": items, "Mode": mode})
}

func attrUpdateMust(ctx ginkgo.SpecContext, id, mode string, kv ...any) {
	ginkgo.GinkgoHelper()
	if x := attrUpdate(ctx, id, mode, kv...); !x.OK() {
		framework.BlockedBy(x, "update_group_counter as a precondition")
	}
}

// attrCounterList decodes a GroupCounter list.
func attrCounterList(x *target.Exchange) map[string]int64 {
	var out struct{ GroupCounter []attrCounterItem }
	x.Decode(&out)
	got := map[string]int64{}
	for _, c := range out.GroupCounter {
		got[c.Key] = c.Value
	}
	return got
}

// attrCounters returns the group's counters by get_group_counter, with
// GroupCounterKeys when keys are given.
func attrCounters(ctx ginkgo.SpecContext, id string, keys ...string) map[string]int64 {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id}
	if len(keys) > 0 {
		body["GroupCounterKeys"] = keys
	}
	x := attrCounterCall(ctx, groups.AttrCounter, body)
	if !x.OK() {
		framework.BlockedBy(x, "read the counters with get_group_counter")
	}
	return attrCounterList(x)
}

func attrCounterRender(m map[string]int64) string {
	if len(m) == 0 {
		return "none"
	}
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func attrCountersExpect(got, want map[string]int64, what string) {
	ginkgo.GinkgoHelper()
	if attrCounterRender(got) != attrCounterRender(want) {
		framework.Failf("%s gave counters %s; want %s", what, attrCounterRender(got), attrCounterRender(want))
	}
}

var _ = it("GROUPS-ATTR-001", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	framework.Verify(do(ctx, groups.AttrModify, attrBody(id, "a", "1", "b", "2")), framework.BeOK())
	framework.Verify(do(ctx, groups.AttrModify, attrBody(id, "b", "3", "c", "4")), framework.BeOK())
	attrExpect(ctx, id, map[string]string{"a": "1", "b": "3", "c": "4"}, "a kept, b updated, c added")
})

var _ = it("GROUPS-ATTR-002", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1", "b", "2")
	framework.Verify(do(ctx, groups.AttrSet, attrBody(id, "c", "3")), framework.BeOK())
	attrExpect(ctx, id, map[string]string{"c": "3"}, "set_group_attr resets the attributes to those it lists")
})

var _ = it("GROUPS-ATTR-003", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1", "b", "2")
	framework.Verify(do(ctx, groups.AttrClear, map[string]any{"GroupId": id}), framework.BeOK())
	attrExpect(ctx, id, nil, "clear_group_attr removed every attribute")
})

var _ = it("GROUPS-ATTR-004", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1", "b", "2", "c", "3")
	framework.Verify(do(ctx, groups.AttrDelete, attrKeys(id, "a", "b")), framework.BeOK())
	attrExpect(ctx, id, map[string]string{"c": "3"}, "only the named keys are deleted")
})

var _ = it("GROUPS-ATTR-005", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1")
	framework.Verifyf(do(ctx, groups.AttrDelete, attrKeys(id, "absent")), framework.FailWith(groups.AttrNoKeyCode), "delete_group_attr of a key the group does not have")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused delete changed nothing")
})

var _ = it("GROUPS-ATTR-006", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1")
	framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, strings.Repeat("k", groups.AttrMaxKey+1), "v")), framework.FailWith(groups.AttrKeyTooLongCode), "modify_group_attr with a 33-byte key")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused write changed nothing")
	long := strings.Repeat("k", groups.AttrMaxKey)
	framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, long, "v")), framework.BeOK(), "modify_group_attr with a 32-byte key")
	attrExpect(ctx, id, map[string]string{"a": "1", long: "v"}, "a 32-byte key is within the limit")
})

var _ = it("GROUPS-ATTR-007", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1")
	framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, "b", strings.Repeat("v", groups.AttrMaxValue+1))), framework.FailWith(groups.AttrValueLongCode), "modify_group_attr with a 4,001-byte value")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused write changed nothing")
	long := strings.Repeat("v", groups.AttrMaxValue)
	framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, "b", long)), framework.BeOK(), "modify_group_attr with a 4,000-byte value")
	attrExpect(ctx, id, map[string]string{"a": "1", "b": long}, "a 4,000-byte value is within the limit")
})

// attrMany is n short attributes k00=v, k01=v, ….
func attrMany(n int) ([]string, map[string]string) {
	var kv []string
	m := map[string]string{}
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("k%02d", i)
		kv = append(kv, k, "v")
		m[k] = "v"
	}
	return kv, m
}

var _ = it("GROUPS-ATTR-008", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1")
	kv, _ := attrMany(groups.AttrMaxKeys + 1)
	framework.Verifyf(do(ctx, groups.AttrSet, attrBody(id, kv...)), framework.FailWith(groups.AttrTooManyCode), "set_group_attr with 17 keys")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused write changed nothing")
	kv, want := attrMany(groups.AttrMaxKeys)
	framework.Verifyf(do(ctx, groups.AttrSet, attrBody(id, kv...)), framework.BeOK(), "set_group_attr with 16 keys")
	attrExpect(ctx, id, want, "16 keys are within the limit")
})

var _ = it("GROUPS-ATTR-009", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrMust(ctx, id, "a", "1")
	var kv []string
	for i := 0; i < 5; i++ {
		kv = append(kv, fmt.Sprintf("big%d", i), strings.Repeat("v", groups.AttrMaxValue))
	}
	framework.Verifyf(do(ctx, groups.AttrSet, attrBody(id, kv...)), framework.FailWith(groups.AttrTooLargeCode), "set_group_attr with 20,000 bytes of values")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused write changed nothing")
})

var _ = it("GROUPS-ATTR-010", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	for _, typ := range []string{"Private", "Public", "ChatRoom", "AVChatRoom", "Community"} {
		id := newGroup(ctx, typ, owner)
		framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, "type", typ)), framework.BeOK(), "modify_group_attr on a %s group", typ)
		attrExpect(ctx, id, map[string]string{"type": typ}, "a "+typ+" group keeps custom attributes")
	}
})

var _ = it("GROUPS-ATTR-011", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Community")
	attrMust(ctx, id, "a", "1")
	framework.Verifyf(do(ctx, groups.AttrClear, map[string]any{"GroupId": id}), framework.FailWith(10007), "clear_group_attr on a Community group")
	attrExpect(ctx, id, map[string]string{"a": "1"}, "the refused clear changed nothing")
})

var _ = it("GROUPS-ATTR-012", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	const n = 12
	xs := make([]*target.Exchange, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			xs[i], errs[i] = env.Call(ctx, groups.AttrModify, attrBody(id, "n", fmt.Sprint(i)))
		}(i)
	}
	wg.Wait()
	oks, throttled := map[string]bool{}, 0
	for i, x := range xs {
		if errs[i] != nil {
			framework.Unreachable(groups.AttrModify, errs[i])
		}
		switch {
		case x.OK():
			oks[fmt.Sprint(i)] = true
		case x.Envelope.ErrorCode == groups.AttrWriteRateCode:
			throttled++
		default:
			framework.Verifyf(x, framework.FailWith(groups.AttrWriteRateCode), "one of twelve simultaneous modify_group_attr calls")
		}
	}
	if throttled == 0 {
		framework.Failf("modify_group_attr answered OK to all %d writes sent at once to one group; want some answered 10049 (at most 5 writes a second)", n)
	}
	if len(oks) == 0 {
		framework.BlockedBy(xs[0], "no write of the burst was accepted")
	}
	if got := attrsOf(ctx, id)["n"]; !oks[got] {
		framework.Failf("get_group_attr gave n=%q; want the value of a write that answered OK, not of one refused with 10049", got)
	}
	framework.Variant("%d of %d simultaneous writes answered 10049", throttled, n)
})

var _ = it("GROUPS-COUNTER-001", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	x := attrUpdate(ctx, id, "Set", "like", 5, "unlike", 1)
	framework.Verify(x, framework.BeOK())
	want := map[string]int64{"like": 5, "unlike": 1}
	attrCountersExpect(attrCounterList(x), want, "update_group_counter's answer")
	attrCountersExpect(attrCounters(ctx, id), want, "get_group_counter")
})

var _ = it("GROUPS-COUNTER-002", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrUpdateMust(ctx, id, "Set", "like", 5)
	x := attrUpdate(ctx, id, "Increase", "like", 3, "fresh", 4)
	framework.Verify(x, framework.BeOK())
	want := map[string]int64{"like": 8, "fresh": 4}
	attrCountersExpect(attrCounterList(x), want, "update_group_counter with Mode Increase")
	attrCountersExpect(attrCounters(ctx, id), want, "get_group_counter after Increase")
})

var _ = it("GROUPS-COUNTER-003", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrUpdateMust(ctx, id, "Set", "like", 5)
	x := attrUpdate(ctx, id, "Decrease", "like", 2, "fresh", 4)
	framework.Verify(x, framework.BeOK())
	want := map[string]int64{"like": 3, "fresh": -4}
	attrCountersExpect(attrCounterList(x), want, "update_group_counter with Mode Decrease")
	attrCountersExpect(attrCounters(ctx, id), want, "get_group_counter after Decrease")
})

var _ = it("GROUPS-COUNTER-004", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrUpdateMust(ctx, id, "Set", "a", 1, "b", 2, "c", 3)
	attrCountersExpect(attrCounters(ctx, id, "a", "c"), map[string]int64{"a": 1, "c": 3}, "get_group_counter with GroupCounterKeys [a, c]")
})

var _ = it("GROUPS-COUNTER-005", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrUpdateMust(ctx, id, "Set", "a", 1, "b", 2, "c", 3)
	framework.Verify(attrCounterCall(ctx, groups.AttrUncounter, map[string]any{"GroupId": id, "GroupCounterKeys": []string{"a"}}), framework.BeOK())
	attrCountersExpect(attrCounters(ctx, id), map[string]int64{"b": 2, "c": 3}, "get_group_counter after delete_group_counter of a")
	x := attrUpdate(ctx, id, "Increase", "a", 1)
	framework.Verifyf(x, framework.BeOK(), "update_group_counter Increase on a deleted key")
	if got := attrCounters(ctx, id, "a")["a"]; got != 1 {
		framework.Failf("get_group_counter gave a=%d after delete_group_counter and Increase of 1; want 1, a deleted counter starting again from 0", got)
	}
	framework.Verifyf(attrCounterCall(ctx, groups.AttrUncounter, map[string]any{"GroupId": id}), framework.BeOK(), "delete_group_counter without GroupCounterKeys")
	attrCountersExpect(attrCounters(ctx, id), nil, "get_group_counter after deleting every counter")
})

var _ = it("GROUPS-COUNTER-006", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	attrUpdateMust(ctx, id, "Set", "keep", 7)
	var kv []any
	for i := 0; i <= groups.AttrMaxCounters; i++ {
		kv = append(kv, fmt.Sprintf("c%02d", i), 1)
	}
	framework.Verifyf(attrUpdate(ctx, id, "Set", kv...), framework.FailWith(groups.AttrCountersMaxCode), "update_group_counter with 21 keys")
	attrCountersExpect(attrCounters(ctx, id), map[string]int64{"keep": 7}, "get_group_counter after the refused update")
})

var _ = it("GROUPS-COUNTER-007", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Community")
	x := attrUpdate(ctx, id, "Set", "like", 1)
	framework.Verifyf(x, framework.FailWith(groups.TypeRefusedCodes...), "update_group_counter on a Community group")
	framework.Variant("Community refused with ErrorCode %d", x.Envelope.ErrorCode)
	framework.Verifyf(attrCounterCall(ctx, groups.AttrCounter, map[string]any{"GroupId": id}), framework.FailWith(groups.TypeRefusedCodes...), "get_group_counter on a Community group")
	framework.Verifyf(attrCounterCall(ctx, groups.AttrUncounter, map[string]any{"GroupId": id}), framework.FailWith(groups.TypeRefusedCodes...), "delete_group_counter on a Community group")
})

// attrHookKeys returns the keys of a callback's GroupAttr.
func attrHookKeys(c framework.Callback) []string {
	var list []struct{ Key string }
	json.Unmarshal(c.Fields["GroupAttr"], &list)
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Key
	}
	return out
}

var _ = hookIt("GROUPS-ATTR-HOOK-001", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	framework.Verify(do(ctx, groups.AttrModify, attrBody(id, "a", "1", "b", "2")), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.AttrHook, groups.AttrModify, framework.CallbackOf(groups.AttrHook, "GroupId", id))
	if got := attrHookKeys(c); !sameSet(got, []string{"a", "b"}) {
		framework.Failf("%s carried GroupAttr keys %s; want a, b, the keys modify_group_attr wrote", c.Command, names(got))
	}
})

var _ = hookIt("GROUPS-ATTR-HOOK-002", func(ctx ginkgo.SpecContext) {
	var each []framework.Once
	for _, op := range []struct {
		path string
		body func(id string) map[string]any
	}{
		{groups.AttrSet, func(id string) map[string]any { return attrBody(id, "c", "3") }},
		{groups.AttrDelete, func(id string) map[string]any { return attrKeys(id, "a") }},
		{groups.AttrClear, func(id string) map[string]any { return map[string]any{"GroupId": id} }},
	} {
		// Each on a group of its own, so that the three share one window.
		id := attrNewGroup(ctx, "Public")
		attrMust(ctx, id, "a", "1")
		of := framework.CallbackOf(groups.AttrHook, "GroupId", id)
		if _, err := env.Receiver.Wait(ctx, of); err != nil {
			framework.Blocked("the "+groups.AttrHook+" of the setup's modify_group_attr", err)
		}
		since := time.Now()
		framework.Verify(do(ctx, op.path, op.body(id)), framework.BeOK())
		each = append(each, framework.Once{Cmd: groups.AttrHook, After: op.path, Match: func(c framework.Callback) bool { return of(c) && c.At.After(since) }})
	}
	env.Receiver.AwaitEachOnce(ctx, each...)
})

var _ = hookIt("GROUPS-ATTR-HOOK-003", func(ctx ginkgo.SpecContext) {
	id := attrNewGroup(ctx, "Public")
	framework.Verifyf(do(ctx, groups.AttrModify, attrBody(id, strings.Repeat("k", groups.AttrMaxKey+1), "v")), framework.FailWith(groups.AttrKeyTooLongCode), "modify_group_attr with a 33-byte key")
	expectNone(ctx, "for a refused attribute write", framework.CallbackOf(groups.AttrHook, "GroupId", id))
})
