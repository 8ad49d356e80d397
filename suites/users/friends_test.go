package users_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// frOnceWindow is how long a webhook check watches for a callback that
// must not come, or for a second copy of one that must come once.
const frOnceWindow = time.Second

// frSource is the AddSource the friend checks send.
const frSource = "AddSource_Type_Chatconf"

func frAccounts(ctx ginkgo.SpecContext, n int) []string {
	ginkgo.GinkgoHelper()
	ids, err := env.Pool.Distinct(ctx, n)
	framework.Require(err, fmt.Sprintf("%d accounts", n))
	return ids
}

// frAllow sets id's Tag_Profile_IM_AllowType to how for the check, and
// restores the earlier setting when it ends.
func frAllow(ctx ginkgo.SpecContext, id, how string) {
	ginkgo.GinkgoHelper()
	profKeep(ctx, id, "Tag_Profile_IM_AllowType")
	profSet(ctx, id, profField{"Tag_Profile_IM_AllowType", how})
}

// frForget ends, when the check ends, every friendship between a and
// others that the check made.
func frForget(a string, others ...string) {
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) {
		env.Call(ctx, users.FriendDelete, map[string]any{"From_Account": a, "To_Account": others, "DeleteType": "Delete_Type_Both"})
	})
}

// frForgetLists deletes owner's friend lists names, which the check made,
// when it ends.
func frForgetLists(owner string, names ...string) {
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) {
		env.Call(ctx, "sns/group_delete", map[string]any{"From_Account": owner, "GroupName": names})
	})
}

// frAddX sends friend_add from from to each of to, every item with the
// fields of item, the call with the fields of extra.
func frAddX(ctx ginkgo.SpecContext, from string, to []string, item, extra map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	items := make([]map[string]any, len(to))
	for i, t := range to {
		items[i] = map[string]any{"To_Account": t, "AddSource": frSource}
		for k, v := range item {
			items[i][k] = v
		}
	}
	body := map[string]any{"From_Account": from, "AddFriendItem": items}
	for k, v := range extra {
		body[k] = v
	}
	frForget(from, to...)
	return profDo(ctx, users.FriendAdd, body)
}

// frMake makes from a friend of to (one-way or both ways) with a forced
// friend_add, as a precondition.
func frMake(ctx ginkgo.SpecContext, from, to string, both bool) {
	ginkgo.GinkgoHelper()
	addType := "Add_Type_Single"
	if both {
		addType = "Add_Type_Both"
	}
	x := frAddX(ctx, from, []string{to}, nil, map[string]any{"AddType": addType, "ForceAddFlags": 1})
	if code, ok := frItems(x).code(to); !x.OK() || !ok || code != 0 {
		framework.BlockedBy(x, "a forced friend_add of "+to)
	}
}

// frImport makes from a one-way friend of to with friend_import, as a
// precondition, with the item fields given.
func frImport(ctx ginkgo.SpecContext, from, to string, item map[string]any) {
	ginkgo.GinkgoHelper()
	it := map[string]any{"To_Account": to, "AddSource": frSource}
	for k, v := range item {
		it[k] = v
	}
	frForget(from, to)
	x := profDo(ctx, users.FriendImport, map[string]any{"From_Account": from, "AddFriendItem": []map[string]any{it}})
	if code, ok := frItems(x).code(to); !x.OK() || !ok || code != 0 {
		framework.BlockedBy(x, "friend_import of "+to)
	}
}

// frResult is the per-account part of a friend call's answer.
type frResult struct {
	ResultItem []struct {
		To_Account string
		ResultCode int
	}
	Fail_Account []string
}

func frItems(x *target.Exchange) frResult {
	var r frResult
	x.Decode(&r)
	return r
}

func (r frResult) code(id string) (int, bool) {
	for _, it := range r.ResultItem {
		if it.To_Account == id {
			return it.ResultCode, true
		}
	}
	return 0, false
}

func frShowCode(code int, ok bool) string {
	if !ok {
		return "no ResultItem entry"
	}
	return fmt.Sprintf("ResultCode %d", code)
}

// frExpectCode fails the check unless x answered OK with ResultCode want
// for id.
func frExpectCode(x *target.Exchange, id string, want int, what string) {
	ginkgo.GinkgoHelper()
	framework.Verifyf(x, framework.BeOK(), "%s", what)
	if code, ok := frItems(x).code(id); !ok || code != want {
		framework.Failf("%s gave %s for %s (%s); want ResultCode %d", x.Endpoint, frShowCode(code, ok), id, what, want)
	}
}

// frRels is what friend_check of kind says of from with each of to.
func frRels(ctx ginkgo.SpecContext, from, kind string, to ...string) map[string]string {
	ginkgo.GinkgoHelper()
	var out struct {
		InfoItem []struct{ To_Account, Relation string }
	}
	_, err := env.Client.Call(ctx, users.FriendCheck, map[string]any{"From_Account": from, "To_Account": to, "CheckType": kind}, &out)
	framework.Require(err, "check the friendship with friend_check")
	got := map[string]string{}
	for _, it := range out.InfoItem {
		got[it.To_Account] = it.Relation
	}
	return got
}

// frExpectRel fails the check unless friend_check (both lists) from from
// gives want for to.
func frExpectRel(ctx ginkgo.SpecContext, from, to, want, after string) {
	ginkgo.GinkgoHelper()
	if got := frRels(ctx, from, "CheckResult_Type_Both", to)[to]; got != want {
		framework.Failf("sns/friend_check from %s gave %s for %s after %s; want %s", from, frShowRel(got), to, after, want)
	}
}

func frShowRel(r string) string {
	if r == "" {
		return "no InfoItem entry"
	}
	return r
}

// frValue is one friend field as friend_get and friend_get_list return it.
type frValue struct {
	Tag   string
	Value json.RawMessage
}

type frPage struct {
	UserDataItem []struct {
		To_Account string
		ValueItem  []frValue
	}
	StandardSequence, CustomSequence int64
	FriendNum, CompleteFlag          int
	NextStartIndex                   int
}

// frGet reads one page of owner's friends with friend_get.
func frGet(ctx ginkgo.SpecContext, owner string, start int, std, custom int64) frPage {
	ginkgo.GinkgoHelper()
	var p frPage
	_, err := env.Client.Call(ctx, users.FriendGet, map[string]any{"From_Account": owner, "StartIndex": start, "StandardSequence": std, "CustomSequence": custom}, &p)
	framework.Require(err, "read the friends with friend_get")
	return p
}

// frList walks owner's friend_get pages and returns every friend listed
// with its fields, and the FriendNum of each page.
func frList(ctx ginkgo.SpecContext, owner string) (friends map[string][]frValue, order []string, nums []int) {
	ginkgo.GinkgoHelper()
	friends = map[string][]frValue{}
	start := 0
	for page := 0; ; page++ {
		if page == 100 {
			framework.Failf("sns/friend_get of %s gave 100 pages without CompleteFlag; want an end", owner)
		}
		p := frGet(ctx, owner, start, 0, 0)
		nums = append(nums, p.FriendNum)
		for _, d := range p.UserDataItem {
			order = append(order, d.To_Account)
			friends[d.To_Account] = d.ValueItem
		}
		if p.CompleteFlag != 0 {
			return friends, order, nums
		}
		if p.NextStartIndex <= start {
			framework.Failf("sns/friend_get of %s gave NextStartIndex %d after StartIndex %d with CompleteFlag 0; want the next page's start", owner, p.NextStartIndex, start)
		}
		start = p.NextStartIndex
	}
}

// frFields reads tags of owner's friend with friend_get_list.
func frFields(ctx ginkgo.SpecContext, owner, friend string, tags ...string) map[string]json.RawMessage {
	ginkgo.GinkgoHelper()
	var out struct {
		InfoItem []struct {
			To_Account     string
			SnsProfileItem []frValue
			ResultCode     int
		}
	}
	x, err := env.Client.Call(ctx, users.FriendGetList, map[string]any{"From_Account": owner, "To_Account": []string{friend}, "TagList": tags}, &out)
	framework.Require(err, "read the friend's fields with friend_get_list")
	if len(out.InfoItem) != 1 || out.InfoItem[0].ResultCode != 0 {
		framework.BlockedBy(x, "friend_get_list has no successful item for "+friend)
	}
	return frByTag(out.InfoItem[0].SnsProfileItem)
}

func frByTag(items []frValue) map[string]json.RawMessage {
	got := map[string]json.RawMessage{}
	for _, it := range items {
		got[it.Tag] = it.Value
	}
	return got
}

// frHasLists reports whether a Tag_SNS_IM_Group value holds exactly names.
func frHasLists(raw json.RawMessage, names ...string) bool {
	var got []string
	if json.Unmarshal(raw, &got) != nil {
		return false
	}
	sort.Strings(got)
	want := slices.Clone(names)
	sort.Strings(want)
	return slices.Equal(got, want)
}

// frName is a friend list name or remark no other check uses.
func frName(prefix string) string { return fmt.Sprintf("%s%d", prefix, rand.Uint32()%1000000) }

// frExpectFields fails the check unless got holds want's values.
func frExpectFields(got map[string]json.RawMessage, want []profField, call, after string) {
	ginkgo.GinkgoHelper()
	for _, f := range want {
		if !profSame(got[f.Tag], f.Value) {
			framework.Failf("%s returned %s for %s after %s; want %s", call, profShow(got[f.Tag]), f.Tag, after, profWant(f.Value))
		}
	}
}

var _ = users.Checks.It("USERS-FRIEND-001", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Single"})
	frExpectCode(x, b, 0, "a one-way add")
	frExpectRel(ctx, a, b, users.RelAWithB, "a one-way add")
	frExpectRel(ctx, b, a, users.RelBWithA, "a one-way add")
	if friends, _, _ := frList(ctx, b); friends[a] != nil {
		framework.Failf("sns/friend_get of %s listed %s after %s added it one-way; want it not listed", b, a, a)
	}
})

var _ = users.Checks.It("USERS-FRIEND-002", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"})
	frExpectCode(x, b, 0, "a two-way add to an account that allows anyone")
	frExpectRel(ctx, a, b, users.RelBothWay, "a two-way add")
	for _, p := range [][2]string{{a, b}, {b, a}} {
		if friends, _, _ := frList(ctx, p[0]); friends[p[1]] == nil {
			framework.Failf("sns/friend_get of %s did not list %s after a two-way add; want it listed", p[0], p[1])
		}
	}
})

var _ = users.Checks.It("USERS-FRIEND-003", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	frExpectCode(frAddX(ctx, a, []string{b}, nil, nil), b, 0, "an add without AddType")
	frExpectRel(ctx, a, b, users.RelBothWay, "an add without AddType (two-way by default)")
})

var _ = users.Checks.It("USERS-FRIEND-004", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.NeedConfirm)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"})
	frExpectCode(x, b, users.FriendPending, "a two-way add to an account that must confirm")
	frExpectRel(ctx, a, b, users.RelNoRelation, "a request still waiting for confirmation")
})

var _ = users.Checks.It("USERS-FRIEND-005", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.NeedConfirm)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both", "ForceAddFlags": 1})
	frExpectCode(x, b, 0, "a forced two-way add to an account that must confirm")
	frExpectRel(ctx, a, b, users.RelBothWay, "a forced two-way add")
})

var _ = users.Checks.It("USERS-FRIEND-006", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.DenyAny)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"})
	frExpectCode(x, b, users.FriendRefusesAll, "an add to an account that refuses every request")
	frExpectRel(ctx, a, b, users.RelNoRelation, "a refused add")
})

var _ = users.Checks.It("USERS-FRIEND-007", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	remark, list, wording := frName("rem"), frName("list"), frName("hello ")
	frForgetLists(a, list)
	x := frAddX(ctx, a, []string{b}, map[string]any{"Remark": remark, "GroupName": list, "AddWording": wording}, map[string]any{"AddType": "Add_Type_Single"})
	frExpectCode(x, b, 0, "a one-way add with Remark, GroupName and AddWording")
	want := []profField{{"Tag_SNS_IM_Remark", remark}, {"Tag_SNS_IM_AddSource", frSource}, {"Tag_SNS_IM_AddWording", wording}}
	for call, got := range map[string]map[string]json.RawMessage{
		users.FriendGetList: frFields(ctx, a, b, "Tag_SNS_IM_Remark", "Tag_SNS_IM_Group", "Tag_SNS_IM_AddSource", "Tag_SNS_IM_AddWording", "Tag_SNS_IM_AddTime"),
		users.FriendGet:     func() map[string]json.RawMessage { f, _, _ := frList(ctx, a); return frByTag(f[b]) }(),
	} {
		frExpectFields(got, want, call, "friend_add")
		if !frHasLists(got["Tag_SNS_IM_Group"], list) {
			framework.Failf("%s returned Tag_SNS_IM_Group %s after friend_add with GroupName %q; want [%q]", call, profShow(got["Tag_SNS_IM_Group"]), list, list)
		}
		var t int64
		if json.Unmarshal(got["Tag_SNS_IM_AddTime"], &t) != nil || t <= 0 {
			framework.Failf("%s returned Tag_SNS_IM_AddTime %s; want the add's time, an integer", call, profShow(got["Tag_SNS_IM_AddTime"]))
		}
	}
})

var _ = users.Checks.It("USERS-FRIEND-008", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	remark, list := frName("imp"), frName("old")
	frForgetLists(a, list)
	const at = 1420000001
	frForget(a, b)
	x := profDo(ctx, users.FriendImport, map[string]any{"From_Account": a, "AddFriendItem": []map[string]any{
		{"To_Account": b, "AddSource": frSource, "Remark": remark, "GroupName": []string{list}, "AddTime": at},
	}})
	frExpectCode(x, b, 0, "friend_import")
	frExpectRel(ctx, a, b, users.RelAWithB, "friend_import (one-way)")
	got := frFields(ctx, a, b, "Tag_SNS_IM_Remark", "Tag_SNS_IM_Group", "Tag_SNS_IM_AddSource", "Tag_SNS_IM_AddTime")
	frExpectFields(got, []profField{{"Tag_SNS_IM_Remark", remark}, {"Tag_SNS_IM_AddSource", frSource}, {"Tag_SNS_IM_AddTime", at}}, users.FriendGetList, "friend_import")
	if !frHasLists(got["Tag_SNS_IM_Group"], list) {
		framework.Failf("sns/friend_get_list returned Tag_SNS_IM_Group %s after friend_import with GroupName [%q]; want [%q]", profShow(got["Tag_SNS_IM_Group"]), list, list)
	}
})

var _ = users.Checks.It("USERS-FRIEND-009", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frImport(ctx, a, b, map[string]any{"Remark": frName("first")})
	remark, l1, l2 := frName("second"), frName("ga"), frName("gb")
	frForgetLists(a, l1, l2)
	x := profDo(ctx, users.FriendUpdate, map[string]any{"From_Account": a, "UpdateItem": []map[string]any{{"To_Account": b, "SnsItem": []map[string]any{
		{"Tag": "Tag_SNS_IM_Remark", "Value": remark}, {"Tag": "Tag_SNS_IM_Group", "Value": []string{l1, l2}},
	}}}})
	frExpectCode(x, b, 0, "friend_update of the remark and the lists")
	got := frFields(ctx, a, b, "Tag_SNS_IM_Remark", "Tag_SNS_IM_Group", "Tag_SNS_IM_AddSource")
	frExpectFields(got, []profField{{"Tag_SNS_IM_Remark", remark}, {"Tag_SNS_IM_AddSource", frSource}}, users.FriendGetList, "friend_update")
	if !frHasLists(got["Tag_SNS_IM_Group"], l1, l2) {
		framework.Failf("sns/friend_get_list returned Tag_SNS_IM_Group %s after friend_update to [%q, %q]; want those lists", profShow(got["Tag_SNS_IM_Group"]), l1, l2)
	}
})

// frDelete sends friend_delete of to from from with deleteType ("" for none).
func frDelete(ctx ginkgo.SpecContext, from string, deleteType string, to ...string) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"From_Account": from, "To_Account": to}
	if deleteType != "" {
		body["DeleteType"] = deleteType
	}
	return profDo(ctx, users.FriendDelete, body)
}

var _ = users.Checks.It("USERS-FRIEND-010", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frMake(ctx, a, b, true)
	frExpectCode(frDelete(ctx, a, "Delete_Type_Single", b), b, 0, "a one-way delete")
	frExpectRel(ctx, a, b, users.RelBWithA, "a one-way delete by "+a)
})

var _ = users.Checks.It("USERS-FRIEND-011", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frMake(ctx, a, b, true)
	frExpectCode(frDelete(ctx, a, "Delete_Type_Both", b), b, 0, "a two-way delete")
	frExpectRel(ctx, a, b, users.RelNoRelation, "a two-way delete")
})

var _ = users.Checks.It("USERS-FRIEND-012", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 3)
	a, b, c := ids[0], ids[1], ids[2]
	frMake(ctx, a, b, false)
	x := frDelete(ctx, a, "Delete_Type_Single", b, c)
	frExpectCode(x, c, users.FriendNotAFriend, "deleting an account that is not a friend")
	frExpectCode(x, b, 0, "deleting a friend in the same call")
})

// frDeleteAll sends friend_delete_all for from with deleteType ("" for none).
func frDeleteAll(ctx ginkgo.SpecContext, from, deleteType string) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"From_Account": from}
	if deleteType != "" {
		body["DeleteType"] = deleteType
	}
	return profDo(ctx, users.FriendDeleteAll, body)
}

var _ = users.Checks.It("USERS-FRIEND-013", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 3)
	a, b, c := ids[0], ids[1], ids[2]
	frMake(ctx, a, b, true)
	frMake(ctx, a, c, false)
	framework.Verifyf(frDeleteAll(ctx, a, ""), framework.BeOK(), "friend_delete_all without DeleteType")
	if p := frGet(ctx, a, 0, 0, 0); p.FriendNum != 0 || len(p.UserDataItem) != 0 {
		framework.Failf("sns/friend_get of %s gave FriendNum %d and %d friends after friend_delete_all; want none", a, p.FriendNum, len(p.UserDataItem))
	}
	frExpectRel(ctx, b, a, users.RelAWithB, "friend_delete_all by "+a+" without DeleteType (one-way by default)")
})

var _ = users.Checks.It("USERS-FRIEND-014", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 3)
	a, b, c := ids[0], ids[1], ids[2]
	frMake(ctx, a, b, true)
	frMake(ctx, a, c, true)
	framework.Verifyf(frDeleteAll(ctx, a, "Delete_Type_Both"), framework.BeOK(), "friend_delete_all with Delete_Type_Both")
	for _, id := range []string{b, c} {
		frExpectRel(ctx, a, id, users.RelNoRelation, "friend_delete_all with Delete_Type_Both")
	}
})

var _ = users.Checks.It("USERS-FRIEND-015", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 5)
	a, both, mine, theirs, none := ids[0], ids[1], ids[2], ids[3], ids[4]
	frMake(ctx, a, both, true)
	frMake(ctx, a, mine, false)
	frMake(ctx, theirs, a, false)
	for kind, want := range map[string]map[string]string{
		"CheckResult_Type_Both":   {both: users.RelBothWay, mine: users.RelAWithB, theirs: users.RelBWithA, none: users.RelNoRelation},
		"CheckResult_Type_Single": {both: users.RelAWithB, mine: users.RelAWithB, theirs: users.RelNoRelation, none: users.RelNoRelation},
	} {
		got := frRels(ctx, a, kind, both, mine, theirs, none)
		for _, id := range []string{both, mine, theirs, none} {
			if got[id] != want[id] {
				framework.Failf("sns/friend_check (%s) from %s gave %s for %s; want %s", kind, a, frShowRel(got[id]), id, want[id])
			}
		}
	}
})

var _ = users.Checks.It("USERS-FRIEND-016", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 4)
	a, mates := ids[0], ids[1:]
	if x := frDeleteAll(ctx, a, ""); !x.OK() {
		framework.BlockedBy(x, "empty the friend list first")
	}
	for _, m := range mates {
		frImport(ctx, a, m, nil)
	}
	_, order, nums := frList(ctx, a)
	seen := map[string]int{}
	for _, id := range order {
		seen[id]++
		if !slices.Contains(mates, id) {
			framework.Failf("sns/friend_get of %s listed %s, which is no friend of it; want %s only", a, id, strings.Join(mates, ", "))
		}
		if seen[id] > 1 {
			framework.Failf("sns/friend_get of %s listed %s twice across its pages; want each friend once", a, id)
		}
	}
	for _, m := range mates {
		if seen[m] == 0 {
			framework.Failf("sns/friend_get of %s did not list its friend %s; want every friend listed", a, m)
		}
	}
	for _, n := range nums {
		if n != len(mates) {
			framework.Failf("sns/friend_get of %s gave FriendNum %d; want %d, its number of friends", a, n, len(mates))
		}
	}
})

var _ = users.Checks.It("USERS-FRIEND-017", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	if x := frDeleteAll(ctx, a, ""); !x.OK() {
		framework.BlockedBy(x, "empty the friend list first")
	}
	frImport(ctx, a, b, map[string]any{"Remark": frName("seq")})
	first := frGet(ctx, a, 0, 0, 0)
	if len(first.UserDataItem) != 1 || len(first.UserDataItem[0].ValueItem) == 0 {
		framework.Failf("sns/friend_get of %s with StandardSequence 0 gave %d friends, the first with no fields; want %s with its standard fields", a, len(first.UserDataItem), b)
	}
	again := frGet(ctx, a, 0, first.StandardSequence, first.CustomSequence)
	for _, d := range again.UserDataItem {
		for _, v := range d.ValueItem {
			switch v.Tag {
			case "Tag_SNS_IM_AddSource", "Tag_SNS_IM_Remark", "Tag_SNS_IM_AddTime":
				framework.Failf("sns/friend_get with the current StandardSequence %d returned %s of %s; want no standard data, since nothing changed", first.StandardSequence, v.Tag, d.To_Account)
			}
		}
	}
	remark := frName("changed")
	x := profDo(ctx, users.FriendUpdate, map[string]any{"From_Account": a, "UpdateItem": []map[string]any{{"To_Account": b, "SnsItem": []map[string]any{{"Tag": "Tag_SNS_IM_Remark", "Value": remark}}}}})
	if code, ok := frItems(x).code(b); !x.OK() || !ok || code != 0 {
		framework.BlockedBy(x, "friend_update of the remark")
	}
	after := frGet(ctx, a, 0, first.StandardSequence, first.CustomSequence)
	if after.StandardSequence == first.StandardSequence {
		framework.Failf("sns/friend_get gave StandardSequence %d both before and after a friend_update of the remark; want it changed", after.StandardSequence)
	}
	var got json.RawMessage
	for _, d := range after.UserDataItem {
		if d.To_Account == b {
			got = frByTag(d.ValueItem)["Tag_SNS_IM_Remark"]
		}
	}
	if !profSame(got, remark) {
		framework.Failf("sns/friend_get with the earlier StandardSequence returned Tag_SNS_IM_Remark %s after friend_update; want the new %q", profShow(got), remark)
	}
})

var _ = users.Checks.It("USERS-FRIEND-018", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 3)
	a, b, c := ids[0], ids[1], ids[2]
	nick := profUnique("friend")
	profSet(ctx, b, profField{"Tag_Profile_IM_Nick", nick})
	frImport(ctx, a, b, nil)
	x := profDo(ctx, users.FriendGetList, map[string]any{"From_Account": a, "To_Account": []string{b, c}, "TagList": []string{"Tag_Profile_IM_Nick", "Tag_SNS_IM_AddSource"}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		InfoItem []struct {
			To_Account     string
			SnsProfileItem []frValue
			ResultCode     int
		}
		Fail_Account []string
	}
	framework.Require(x.Decode(&out), "decode friend_get_list's answer")
	var seenB, seenC bool
	for _, it := range out.InfoItem {
		switch it.To_Account {
		case b:
			seenB = true
			if it.ResultCode != 0 {
				framework.Failf("sns/friend_get_list gave ResultCode %d for the friend %s; want 0", it.ResultCode, b)
			}
			frExpectFields(frByTag(it.SnsProfileItem), []profField{{"Tag_Profile_IM_Nick", nick}, {"Tag_SNS_IM_AddSource", frSource}}, users.FriendGetList, "portrait_set and friend_import")
		case c:
			seenC = true
			if it.ResultCode == 0 || len(it.SnsProfileItem) > 0 {
				framework.Failf("sns/friend_get_list gave ResultCode %d and %d fields for %s, which is no friend of %s; want a non-zero ResultCode and no fields", it.ResultCode, len(it.SnsProfileItem), c, a)
			}
			framework.Variant("not a friend: ResultCode %d", it.ResultCode)
		}
	}
	if !seenB || !seenC {
		framework.Failf("sns/friend_get_list of %s and %s gave %d InfoItem entries without one of them; want an entry for each", b, c, len(out.InfoItem))
	}
	if !slices.Contains(out.Fail_Account, c) {
		framework.Failf("sns/friend_get_list left %s, which is no friend, out of Fail_Account; want it listed", c)
	}
})

var _ = users.Checks.It("USERS-FRIEND-019", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	profKeep(ctx, a, "Tag_Profile_IM_AdminForbidType")
	profSet(ctx, a, profField{"Tag_Profile_IM_AdminForbidType", "AdminForbid_Type_SendOut"})
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"})
	code, ok := frItems(x).code(b)
	switch {
	case x.OK() && ok && code == users.FriendForbidden:
		framework.Variant("30009 in the item")
	case !x.OK() && x.Envelope.ErrorCode == users.FriendForbidden:
		framework.Variant("30009 for the call")
	default:
		framework.Failf("sns/friend_add from %s, whom the admin forbids to send requests, answered ErrorCode %d with %s for %s; want 30009, per account or for the call", a, x.Envelope.ErrorCode, frShowCode(code, ok), b)
	}
	frExpectRel(ctx, a, b, users.RelNoRelation, "a refused add from a forbidden account")
})

// Callbacks.

// frPairs lists the From_Account>To_Account pairs of a callback's PairList.
func frPairs(c framework.Callback) []string {
	var pl []struct{ From_Account, To_Account string }
	json.Unmarshal(c.Fields["PairList"], &pl)
	out := make([]string, len(pl))
	for i, p := range pl {
		out[i] = p.From_Account + ">" + p.To_Account
	}
	return out
}

// frHookWith matches callbacks of cmd whose PairList holds a pair of a and
// b, in either direction.
func frHookWith(cmd, a, b string) func(framework.Callback) bool {
	return func(c framework.Callback) bool {
		if c.Command != cmd {
			return false
		}
		pairs := frPairs(c)
		return slices.Contains(pairs, a+">"+b) || slices.Contains(pairs, b+">"+a)
	}
}

var _ = profHookIt("USERS-HOOK-002", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	frExpectCode(frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"}), b, 0, "a two-way add")
	c := profHookOnce(ctx, users.HookFriendAdd, users.FriendAdd, frHookWith(users.HookFriendAdd, a, b))
	var body struct {
		PairList []struct{ From_Account, To_Account, Initiator_Account string }
	}
	json.Unmarshal(c.Body, &body)
	found := false
	for _, p := range body.PairList {
		if p.From_Account == a && p.To_Account == b {
			found = true
			if p.Initiator_Account != "" && p.Initiator_Account != a {
				framework.Failf("%s named Initiator_Account %q for the pair %s>%s; want %q, who added", users.HookFriendAdd, p.Initiator_Account, a, b, a)
			}
		}
	}
	if !found {
		framework.Failf("%s carried PairList %s; want a pair with From_Account %s and To_Account %s", users.HookFriendAdd, strings.Join(frPairs(c), " "), a, b)
	}
	framework.Variant("two-way add: %d pairs", len(body.PairList))
	if f, ok := c.Int("ForceFlag"); ok && f != 0 {
		framework.Failf("%s carried ForceFlag %d for an add without ForceAddFlags; want 0", users.HookFriendAdd, f)
	}
})

// frQuiet fails the check when a callback that matches arrives within
// frOnceWindow.
func frQuiet(ctx ginkgo.SpecContext, match func(framework.Callback) bool, what string) {
	ginkgo.GinkgoHelper()
	if got := env.Receiver.Quiet(ctx, frOnceWindow, 1, match); len(got) > 0 {
		framework.Failf("%s sent %s; want none", what, got[0].Command)
	}
}

var _ = profHookIt("USERS-HOOK-003", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frImport(ctx, a, b, nil)
	frQuiet(ctx, frHookWith(users.HookFriendAdd, a, b), "sns/friend_import")
})

var _ = profHookIt("USERS-HOOK-004", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.NeedConfirm)
	x := frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"})
	if code, ok := frItems(x).code(b); !x.OK() || !ok || code != users.FriendPending {
		framework.BlockedBy(x, "a friend request left pending (ResultCode 30539)")
	}
	frQuiet(ctx, frHookWith(users.HookFriendAdd, a, b), "a friend_add that left a pending request")
})

var _ = profHookIt("USERS-HOOK-005", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frMake(ctx, a, b, false)
	frExpectCode(frDelete(ctx, a, "Delete_Type_Single", b), b, 0, "a one-way delete")
	c := profHookOnce(ctx, users.HookFriendDelete, users.FriendDelete, frHookWith(users.HookFriendDelete, a, b))
	if pairs := frPairs(c); !slices.Contains(pairs, a+">"+b) {
		framework.Failf("%s carried PairList %s; want a pair with From_Account %s and To_Account %s", users.HookFriendDelete, strings.Join(pairs, " "), a, b)
	}
})

var _ = profHookIt("USERS-HOOK-006", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 3)
	a, b, c := ids[0], ids[1], ids[2]
	frMake(ctx, a, b, false)
	frMake(ctx, a, c, false)
	framework.Verify(frDeleteAll(ctx, a, ""), framework.BeOK())
	match := func(cb framework.Callback) bool {
		return frHookWith(users.HookFriendDelete, a, b)(cb) || frHookWith(users.HookFriendDelete, a, c)(cb)
	}
	got := env.Receiver.Quiet(ctx, frOnceWindow, 2, match)
	if len(got) == 0 {
		framework.Variant("friend_delete_all sends no %s", users.HookFriendDelete)
		return
	}
	var pairs []string
	for _, cb := range got {
		if v, err := schemas.ValidateWebhook(users.HookFriendDelete, cb.Body); err != nil || len(v) > 0 {
			framework.Failf("sns/friend_delete_all's %s breaks its schema; want a body valid against it\nbody: %s", users.HookFriendDelete, cb.Body)
		}
		pairs = append(pairs, frPairs(cb)...)
	}
	for _, want := range []string{a + ">" + b, a + ">" + c} {
		if !slices.Contains(pairs, want) {
			framework.Failf("sns/friend_delete_all's %s carried the pairs %s; want %s among them, a friend it deleted", users.HookFriendDelete, strings.Join(pairs, " "), want)
		}
	}
	framework.Variant("friend_delete_all sends %s: %d callbacks", users.HookFriendDelete, len(got))
})

var _ = profHookIt("USERS-HOOK-007", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	start := time.Now() // the receiver keeps earlier checks' callbacks, of client requests too
	frExpectCode(frAddX(ctx, a, []string{b}, nil, map[string]any{"AddType": "Add_Type_Both"}), b, 0, "a two-way add")
	frQuiet(ctx, func(c framework.Callback) bool {
		return c.Command == users.HookPrevFriendAdd && !c.At.Before(start) && (c.Str("From_Account") == a || c.Str("Requester_Account") == a)
	}, "sns/friend_add, a REST call,")
})

// Client friend requests and responses (the control API).

// frClientIt declares a check of a client's friend request or response:
// it needs the receiver and the control API's client sessions.
func frClientIt(id string, body func(ginkgo.SpecContext)) bool {
	return profHookIt(id, func(ctx ginkgo.SpecContext) {
		env.NeedSessions()
		body(ctx)
	})
}

// frRequest makes a client of from send a friend request to to and
// returns its ResultCode; the friendship it may make ends with the check.
func frRequest(ctx ginkgo.SpecContext, from, to string) int {
	ginkgo.GinkgoHelper()
	frForget(from, to)
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { // a request left pending
		appControl().RespondFriend(ctx, emulator.FriendResponse{From_Account: to, To_Account: from, Accept: false})
	})
	code, err := appControl().RequestFriend(ctx, emulator.FriendRequest{From_Account: from, To_Account: to, AddSource: frSource, AddWording: "hello"})
	framework.Require(err, "a client's friend request through the control API")
	return code
}

// frPending makes a client of from leave a friend request pending with to,
// who must confirm, as a precondition.
func frPending(ctx ginkgo.SpecContext, from, to string) {
	ginkgo.GinkgoHelper()
	frAllow(ctx, to, users.NeedConfirm)
	if code := frRequest(ctx, from, to); code != users.FriendPending {
		framework.Blocked("a client's friend request to an account that must confirm", fmt.Errorf("ResultCode %d, not %d (pending)", code, users.FriendPending))
	}
}

// frRefuse makes the receiver refuse cmd for from's item of to with
// ResultCode 38001, for the rest of the check.
func frRefuse(cmd, from, to string) {
	remove := env.Receiver.Answer(func(c framework.Callback) bool {
		return c.Command == cmd && c.Str("From_Account") == from
	}, map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "",
		"ResultItem": []map[string]any{{"To_Account": to, "ResultCode": 38001, "ResultInfo": "refused by chatconform"}}})
	ginkgo.DeferCleanup(remove)
}

// frItemTo matches callbacks of cmd from from whose item list (field
// items) names to, received since the check began (the receiver keeps
// earlier checks' callbacks, and accounts come back from the pool).
func frItemTo(cmd, items, from, to string) func(framework.Callback) bool {
	since := time.Now()
	return func(c framework.Callback) bool {
		if c.Command != cmd || c.Str("From_Account") != from || c.At.Before(since) {
			return false
		}
		var list []struct{ To_Account string }
		json.Unmarshal(c.Fields[items], &list)
		return slices.ContainsFunc(list, func(it struct{ To_Account string }) bool { return it.To_Account == to })
	}
}

// frListed reports whether friend_get's first page of owner lists other.
func frListed(ctx ginkgo.SpecContext, owner, other string) bool {
	ginkgo.GinkgoHelper()
	for _, it := range frGet(ctx, owner, 0, 0, 0).UserDataItem {
		if it.To_Account == other {
			return true
		}
	}
	return false
}

var _ = frClientIt("USERS-HOOK-008", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.AllowAny)
	match := frItemTo(users.HookPrevFriendAdd, "FriendItem", a, b)
	frRequest(ctx, a, b)
	c := profHookOnce(ctx, users.HookPrevFriendAdd, "a client's friend request", match)
	if r := c.Str("Requester_Account"); r != "" && r != a {
		framework.Failf("%s named Requester_Account %q for a request of %s; want %s", users.HookPrevFriendAdd, r, a, a)
	}
})

var _ = frClientIt("USERS-HOOK-009", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frAllow(ctx, b, users.NeedConfirm)
	frRefuse(users.HookPrevFriendAdd, a, b)
	match := frItemTo(users.HookPrevFriendAdd, "FriendItem", a, b)
	code := frRequest(ctx, a, b)
	if _, err := env.Receiver.Wait(ctx, match); err != nil {
		framework.Blocked("a client's friend request", fmt.Errorf("no %s arrived to refuse", users.HookPrevFriendAdd))
	}
	frExpectRel(ctx, a, b, users.RelNoRelation, "a client request the app refused")
	if frListed(ctx, a, b) || frListed(ctx, b, a) {
		framework.Failf("sns/friend_get lists %s and %s as friends after a request the app refused; want neither", a, b)
	}
	rc, err := appControl().RespondFriend(ctx, emulator.FriendResponse{From_Account: b, To_Account: a, Accept: true})
	if err == nil && rc == 0 {
		if rel := frRels(ctx, a, "CheckResult_Type_Both", b)[b]; rel != users.RelNoRelation {
			framework.Failf("sns/friend_check gave %s once %s accepted a request the app had refused (ResultCode %d); want %s: no request should be pending", frShowRel(rel), b, code, users.RelNoRelation)
		}
	}
	framework.Variant("the refused request answered ResultCode %d", code)
})

var _ = frClientIt("USERS-HOOK-010", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frPending(ctx, a, b)
	match := frItemTo(users.HookPrevFriendRsp, "ResponseFriendItem", b, a)
	code, err := appControl().RespondFriend(ctx, emulator.FriendResponse{From_Account: b, To_Account: a, Accept: true})
	framework.Require(err, "a client's response through the control API")
	profHookOnce(ctx, users.HookPrevFriendRsp, "a client's response", match)
	if code != 0 {
		framework.Failf("accepting a pending request gave ResultCode %d with the app allowing it; want 0", code)
	}
	frExpectRel(ctx, a, b, users.RelBothWay, "a client accepted the request")
})

var _ = frClientIt("USERS-HOOK-011", func(ctx ginkgo.SpecContext) {
	ids := frAccounts(ctx, 2)
	a, b := ids[0], ids[1]
	frPending(ctx, a, b)
	frRefuse(users.HookPrevFriendRsp, b, a)
	match := frItemTo(users.HookPrevFriendRsp, "ResponseFriendItem", b, a)
	code, err := appControl().RespondFriend(ctx, emulator.FriendResponse{From_Account: b, To_Account: a, Accept: true})
	framework.Require(err, "a client's response through the control API")
	if _, err := env.Receiver.Wait(ctx, match); err != nil {
		framework.Blocked("a client's response", fmt.Errorf("no %s arrived to refuse", users.HookPrevFriendRsp))
	}
	frExpectRel(ctx, a, b, users.RelNoRelation, "a response the app refused")
	framework.Variant("the refused response answered ResultCode %d", code)
})
