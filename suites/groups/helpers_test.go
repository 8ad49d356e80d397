package groups_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// do sends body to path with the retrying client; a call without an HTTP
// answer blocks the check.
func do(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

// must sends body to path as a precondition: anything but OK blocks the
// check. out, when not nil, receives the answer.
func must(ctx ginkgo.SpecContext, path string, body, out any, what string) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Client.Call(ctx, path, body, out)
	framework.Require(err, what)
	return x
}

func accounts(ctx ginkgo.SpecContext, n int) []string {
	ginkgo.GinkgoHelper()
	ids, err := env.Pool.Distinct(ctx, n)
	framework.Require(err, "accounts")
	return ids
}

// fresh returns a newly imported account that belongs to no group.
func fresh(ctx ginkgo.SpecContext) string {
	ginkgo.GinkgoHelper()
	id, err := env.Pool.Digits(ctx, true)
	framework.Require(err, "a new account")
	return id
}

// customID is a custom GroupId no other check uses.
func customID() string {
	return fmt.Sprintf("chatconform_%s_%d", env.Pool.Prefix(), rand.Uint32())
}

func members(accs ...string) []map[string]any {
	out := make([]map[string]any, len(accs))
	for i, a := range accs {
		out[i] = map[string]any{"Member_Account": a}
	}
	return out
}

// disband destroys the group id when the check ends.
func disband(id string) {
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { env.Call(ctx, groups.Destroy, map[string]any{"GroupId": id}) })
}

// newGroup creates a group of typ owned by owner (none when empty) with
// the initial members given, and destroys it when the check ends.
func newGroup(ctx ginkgo.SpecContext, typ, owner string, initial ...string) string {
	ginkgo.GinkgoHelper()
	body := map[string]any{"Type": typ, "Name": "chatconform"}
	if owner != "" {
		body["Owner_Account"] = owner
	}
	if len(initial) > 0 {
		body["MemberList"] = members(initial...)
	}
	return createWith(ctx, body)
}

// createWith creates a group from body and destroys it when the check ends.
func createWith(ctx ginkgo.SpecContext, body map[string]any) string {
	ginkgo.GinkgoHelper()
	var out struct{ GroupId string }
	must(ctx, groups.Create, body, &out, "create a "+fmt.Sprint(body["Type"])+" group")
	if out.GroupId == "" {
		framework.Require(fmt.Errorf("create_group answered OK without a GroupId"), "create a group")
	}
	disband(out.GroupId)
	return out.GroupId
}

func addMembers(ctx ginkgo.SpecContext, id string, accs ...string) {
	ginkgo.GinkgoHelper()
	must(ctx, groups.AddMember, map[string]any{"GroupId": id, "MemberList": members(accs...)}, nil, "add members")
}

// memberItem is one member as the member lists give it.
type memberItem struct {
	Member_Account  string
	Role            string
	JoinTime        int64
	MsgSeq          int64
	MsgFlag         string
	LastSendMsgTime int64
	MuteUntil       int64
	NameCard        string
}

// groupInfo is one item of get_group_info.
type groupInfo struct {
	GroupId         string
	ErrorCode       int
	Type            string
	Name            string
	Introduction    string
	Notification    string
	FaceUrl         string
	Owner_Account   string
	CreateTime      int64
	NextMsgSeq      int64
	MemberNum       *int
	MaxMemberNum    int
	ApplyJoinOption string
	MuteAllMember   string
	MemberList      []memberItem
	raw             map[string]json.RawMessage
	members         []map[string]json.RawMessage
}

// info returns the get_group_info item of id, with filter as its
// ResponseFilter when not nil.
func info(ctx ginkgo.SpecContext, id string, filter map[string]any) groupInfo {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupIdList": []string{id}}
	if filter != nil {
		body["ResponseFilter"] = filter
	}
	var out struct{ GroupInfo []json.RawMessage }
	must(ctx, groups.Info, body, &out, "read the group with get_group_info")
	if len(out.GroupInfo) != 1 {
		framework.Failf("get_group_info answered %d GroupInfo items for one GroupId; want one", len(out.GroupInfo))
	}
	var g groupInfo
	if err := json.Unmarshal(out.GroupInfo[0], &g); err != nil {
		framework.Failf("get_group_info answered a GroupInfo item that does not decode: %s", framework.Diagnose(err))
	}
	json.Unmarshal(out.GroupInfo[0], &g.raw)
	var ms struct{ MemberList []map[string]json.RawMessage }
	json.Unmarshal(out.GroupInfo[0], &ms)
	g.members = ms.MemberList
	return g
}

// found requires get_group_info to know the group.
func found(ctx ginkgo.SpecContext, id, why string) groupInfo {
	ginkgo.GinkgoHelper()
	g := info(ctx, id, nil)
	if g.ErrorCode != 0 {
		framework.Failf("get_group_info answered group %s with ErrorCode %d; want 0 (%s)", id, g.ErrorCode, why)
	}
	return g
}

// gone requires get_group_info to answer the group's item with a "no such
// group" code.
func gone(ctx ginkgo.SpecContext, id, why string) {
	ginkgo.GinkgoHelper()
	g := info(ctx, id, nil)
	if !inCodes(g.ErrorCode, groups.NoGroupCodes) {
		framework.Failf("get_group_info answered group %s with ErrorCode %d; want 10010 or 10015, no such group (%s)", id, g.ErrorCode, why)
	}
	framework.Variant("no group: ErrorCode %d", g.ErrorCode)
}

func inCodes(code int, codes []int) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// roles returns each account's role in the group, by get_role_in_group.
func roles(ctx ginkgo.SpecContext, id string, accs ...string) map[string]string {
	ginkgo.GinkgoHelper()
	var out struct {
		UserIdList []struct{ Member_Account, Role string }
	}
	must(ctx, groups.Role, map[string]any{"GroupId": id, "User_Account": accs}, &out, "read roles with get_role_in_group")
	got := map[string]string{}
	for _, it := range out.UserIdList {
		got[it.Member_Account] = it.Role
	}
	return got
}

func expectRole(ctx ginkgo.SpecContext, id, acc, want, why string) {
	ginkgo.GinkgoHelper()
	if got := roles(ctx, id, acc)[acc]; got != want {
		framework.Failf("get_role_in_group answered %s for %s; want %s (%s)", orNone(got), acc, want, why)
	}
}

func orNone(s string) string {
	if s == "" {
		return "no role"
	}
	return s
}

// memberList returns the group's members by get_group_member_info with
// the extra fields given, and MemberNum.
func memberList(ctx ginkgo.SpecContext, id string, extra map[string]any) ([]memberItem, int) {
	ginkgo.GinkgoHelper()
	body := map[string]any{"GroupId": id}
	for k, v := range extra {
		body[k] = v
	}
	var out struct {
		MemberNum  int
		MemberList []memberItem
	}
	must(ctx, groups.MemberInfo, body, &out, "read the members with get_group_member_info")
	return out.MemberList, out.MemberNum
}

func accountsOf(list []memberItem) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = m.Member_Account
	}
	return out
}

func find(list []memberItem, acc string) (memberItem, bool) {
	for _, m := range list {
		if m.Member_Account == acc {
			return m, true
		}
	}
	return memberItem{}, false
}

// names renders a list of IDs for a headline.
func names(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	s := append([]string(nil), list...)
	sort.Strings(s)
	return strings.Join(s, ", ")
}

// sameSet reports whether a and b hold the same strings, each once.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// muted returns the group's muted accounts and their MutedUntil.
func muted(ctx ginkgo.SpecContext, id string) map[string]int64 {
	ginkgo.GinkgoHelper()
	var out struct {
		MutedAccountList []struct {
			Member_Account string
			MutedUntil     int64
		}
	}
	must(ctx, groups.Muted, map[string]any{"GroupId": id}, &out, "read the muted list with get_group_muted_account")
	got := map[string]int64{}
	for _, m := range out.MutedAccountList {
		got[m.Member_Account] = m.MutedUntil
	}
	return got
}

func mutedNames(m map[string]int64) string {
	var list []string
	for k := range m {
		list = append(list, k)
	}
	return names(list)
}

// joinedItem is one item of get_joined_group_list.
type joinedItem struct {
	GroupId  string
	Name     string
	Type     string
	SelfInfo *struct {
		Role   string
		MsgSeq *int64
	}
}

// joined returns acc's groups by get_joined_group_list with the extra
// fields given, and TotalCount.
func joined(ctx ginkgo.SpecContext, acc string, extra map[string]any) ([]joinedItem, int) {
	ginkgo.GinkgoHelper()
	body := map[string]any{"Member_Account": acc}
	for k, v := range extra {
		body[k] = v
	}
	var out struct {
		TotalCount  int
		GroupIdList []joinedItem
	}
	must(ctx, groups.Joined, body, &out, "read the joined groups with get_joined_group_list")
	return out.GroupIdList, out.TotalCount
}

func joinedIDs(list []joinedItem) []string {
	out := make([]string, len(list))
	for i, g := range list {
		out[i] = g.GroupId
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// eventually polls cond until it holds or within passes; the error says
// it never held. The caller words the verdict.
func eventually(ctx context.Context, within time.Duration, cond func(context.Context) bool) error {
	return gomega.InterceptGomegaFailure(func() {
		gomega.Eventually(ctx, cond).WithTimeout(within).WithPolling(200 * time.Millisecond).Should(gomega.BeTrue())
	})
}

func it(id string, body func(ginkgo.SpecContext), decorators ...any) bool {
	return groups.Checks.It(id, body, append(decorators, ginkgo.SpecTimeout(framework.SpecTimeout))...)
}
