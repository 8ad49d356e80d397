package c2c_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
)

// maxListPages bounds a walk of get_list or get_contact_group: the users of
// these checks have a few dozen conversations at most.
const maxListPages = 50

// cvCall sends body to path with the retrying client and returns the
// exchange whatever the outcome; only a transport failure blocks.
func cvCall(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

// cvNeed blocks the check unless x, a precondition, answered OK.
func cvNeed(x *target.Exchange, why string) {
	ginkgo.GinkgoHelper()
	if !x.OK() {
		framework.BlockedBy(x, why)
	}
}

// cvEdition skips the check when x answered that the app's edition lacks
// conversation groups or standard marks.
func cvEdition(x *target.Exchange) {
	ginkgo.GinkgoHelper()
	if x.Envelope.ActionStatus == "FAIL" && x.Envelope.ErrorCode == c2c.ConvEditionCode {
		ginkgo.Skip(fmt.Sprintf("needs the Ultimate edition: %s answered ErrorCode %d", x.Endpoint, c2c.ConvEditionCode))
	}
}

// cvSend sends one text message from from to to and returns its MsgTime.
func cvSend(ctx ginkgo.SpecContext, from, to string) int64 {
	ginkgo.GinkgoHelper()
	var out struct{ MsgTime int64 }
	body := map[string]any{
		"From_Account": from, "To_Account": to, "MsgSeq": rand.Uint32N(1 << 31), "MsgRandom": rand.Uint32(),
		"MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "chatconform conversation"}}},
	}
	_, err := env.Client.Call(ctx, "openim/sendmsg", body, &out)
	framework.Require(err, "a precondition")
	return out.MsgTime
}

// cvFresh returns an account no check has used, so it has no conversation
// groups or marks yet.
func cvFresh(ctx ginkgo.SpecContext) string {
	ginkgo.GinkgoHelper()
	id, err := env.Pool.Digits(ctx, true)
	framework.Require(err, "a precondition")
	return id
}

type cvItem struct {
	Type       int
	To_Account string
	GroupId    string
	MsgTime    int64
	TopFlag    int
}

func listBody(user string, ts, si, tts, tsi int64) map[string]any {
	return map[string]any{"From_Account": user, "TimeStamp": ts, "StartIndex": si, "TopTimeStamp": tts, "TopStartIndex": tsi, "AssistFlags": 7}
}

// cvList walks user's conversation list with the cursors each page
// returns, until CompleteFlag 1. Every page must answer OK, the walk must
// end, and no conversation may be listed twice.
func cvList(ctx ginkgo.SpecContext, user string) []cvItem {
	ginkgo.GinkgoHelper()
	var items []cvItem
	seen := map[string]bool{}
	var ts, si, tts, tsi int64
	for page := 1; page <= maxListPages; page++ {
		x := cvCall(ctx, c2c.ConvGetList, listBody(user, ts, si, tts, tsi))
		framework.Verifyf(x, framework.BeOK(), "page %d of %s's conversation list", page, user)
		var out struct {
			SessionItem                                        []cvItem
			CompleteFlag                                       int
			TimeStamp, StartIndex, TopTimeStamp, TopStartIndex int64
		}
		if err := x.Decode(&out); err != nil {
			framework.Failf("%s answered a body that does not decode: %v", c2c.ConvGetList, err)
		}
		for _, it := range out.SessionItem {
			key := fmt.Sprintf("%d/%s%s", it.Type, it.To_Account, it.GroupId)
			if seen[key] {
				framework.Failf("%s listed the conversation with %s%s twice while paging %s's list (page %d); want each conversation once", c2c.ConvGetList, it.To_Account, it.GroupId, user, page)
			}
			seen[key] = true
			items = append(items, it)
		}
		if out.CompleteFlag == 1 {
			return items
		}
		ts, si, tts, tsi = out.TimeStamp, out.StartIndex, out.TopTimeStamp, out.TopStartIndex
	}
	framework.Failf("%s answered CompleteFlag 0 on %d pages in a row of %s's list, which holds %d conversations; want the walk with the returned cursors to end with CompleteFlag 1", c2c.ConvGetList, maxListPages, user, len(items))
	return nil
}

// cvFind returns the one-to-one conversation with peer, or nil.
func cvFind(items []cvItem, peer string) *cvItem {
	for i := range items {
		if items[i].Type == 1 && items[i].To_Account == peer {
			return &items[i]
		}
	}
	return nil
}

// cvExpectListed fails the check unless user's list has the conversation
// with peer; it returns the list.
func cvExpectListed(ctx ginkgo.SpecContext, user, peer, after string) []cvItem {
	ginkgo.GinkgoHelper()
	items := cvList(ctx, user)
	if cvFind(items, peer) == nil {
		framework.Failf("%s listed %d conversations for %s, none of Type 1 with To_Account %s; want it listed %s", c2c.ConvGetList, len(items), user, peer, after)
	}
	return items
}

// cvHistory counts the messages admin_getroammsg returns for op's
// conversation with peer, every page.
func cvHistory(ctx ginkgo.SpecContext, op, peer string) int {
	ginkgo.GinkgoHelper()
	n := 0
	body := map[string]any{"Operator_Account": op, "Peer_Account": peer, "MaxCnt": 100, "MinTime": 0, "MaxTime": time.Now().Unix() + 60}
	for page := 1; page <= maxListPages; page++ {
		x := cvCall(ctx, "openim/admin_getroammsg", body)
		framework.Verifyf(x, framework.BeOK(), "the history of %s with %s", op, peer)
		var out struct {
			Complete    int
			LastMsgTime int64
			LastMsgKey  string
			MsgList     []json.RawMessage
		}
		if err := x.Decode(&out); err != nil {
			framework.Failf("openim/admin_getroammsg answered a body that does not decode: %v", err)
		}
		n += len(out.MsgList)
		if out.Complete == 1 || len(out.MsgList) == 0 {
			return n
		}
		body["MaxTime"], body["LastMsgKey"] = out.LastMsgTime, out.LastMsgKey
	}
	return n
}

// cvConversation returns a fresh pair a, b that exchanged two messages,
// listed in a's conversation list.
func cvConversation(ctx ginkgo.SpecContext) (a, b string) {
	ginkgo.GinkgoHelper()
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	cvSend(ctx, a, b)
	cvSend(ctx, b, a)
	if cvFind(cvList(ctx, a), b) == nil {
		framework.Blocked("a precondition", fmt.Errorf("%s does not list %s's conversation with %s after they exchanged messages", c2c.ConvGetList, a, b))
	}
	return a, b
}

func deleteBody(user, peer string, clear *int) map[string]any {
	b := map[string]any{"From_Account": user, "Type": 1, "To_Account": peer}
	if clear != nil {
		b["ClearRamble"] = *clear
	}
	return b
}

var _ = c2c.Checks.It("C2C-CONV-001", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	sent := cvSend(ctx, a, b)
	for _, side := range [][2]string{{a, b}, {b, a}} {
		it := cvFind(cvExpectListed(ctx, side[0], side[1], "after sendmsg between them"), side[1])
		if it.MsgTime < sent-1 || it.MsgTime > sent+1 {
			framework.Failf("%s gave %s's conversation with %s MsgTime %d; want the message's time %d (within a second)", c2c.ConvGetList, side[0], side[1], it.MsgTime, sent)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-002", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	framework.Require(c2c.Import(ctx, env.Client, a, b, time.Now().Unix()-60), "a precondition")
	cvExpectListed(ctx, a, b, "after importmsg of a live message from it")
	cvExpectListed(ctx, b, a, "after importmsg of a live message to it")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-003", func(ctx ginkgo.SpecContext) {
	ids, err := env.Pool.Distinct(ctx, 4)
	framework.Require(err, "a precondition")
	user, peers := ids[0], ids[1:]
	sort.Strings(peers)
	// Times that follow neither the peers' names nor their reverse.
	now := time.Now().Unix()
	times := map[string]int64{peers[0]: now - 200, peers[1]: now - 300, peers[2]: now - 100}
	for _, p := range peers {
		framework.Require(c2c.Import(ctx, env.Client, p, user, times[p]), "a precondition")
	}
	// order returns the peers' positions in user's list, checking each
	// one's MsgTime, and the direction of the list.
	order := func(why string) (map[string]int, bool) {
		items := cvList(ctx, user)
		pos := map[string]int{}
		for _, p := range peers {
			i := slices.IndexFunc(items, func(it cvItem) bool { return it.Type == 1 && it.To_Account == p })
			if i < 0 {
				framework.Failf("%s did not list %s's conversation with %s %s; want it listed", c2c.ConvGetList, user, p, why)
			}
			if got, want := items[i].MsgTime, times[p]; got < want-1 || got > want+1 {
				framework.Failf("%s gave %s's conversation with %s MsgTime %d %s; want its last message's time %d", c2c.ConvGetList, user, p, got, why, want)
			}
			pos[p] = i
		}
		byTime := slices.Clone(peers)
		sort.Slice(byTime, func(i, j int) bool { return times[byTime[i]] > times[byTime[j]] })
		newestFirst := pos[byTime[0]] < pos[byTime[1]] && pos[byTime[1]] < pos[byTime[2]]
		oldestFirst := pos[byTime[0]] > pos[byTime[1]] && pos[byTime[1]] > pos[byTime[2]]
		if !newestFirst && !oldestFirst {
			framework.Failf("%s listed conversations with last messages at %d, %d and %d in positions %d, %d and %d %s; want them in MsgTime order", c2c.ConvGetList,
				times[byTime[0]], times[byTime[1]], times[byTime[2]], pos[byTime[0]], pos[byTime[1]], pos[byTime[2]], why)
		}
		return pos, newestFirst
	}
	_, newestFirst := order("after the imports")
	framework.Variant("newest first: %v", newestFirst)
	oldest := peers[1]
	times[oldest] = cvSend(ctx, oldest, user)
	pos, _ := order("after a new message in the oldest conversation")
	end := slices.Min([]int{pos[peers[0]], pos[peers[1]], pos[peers[2]]})
	if !newestFirst {
		end = slices.Max([]int{pos[peers[0]], pos[peers[1]], pos[peers[2]]})
	}
	if pos[oldest] != end {
		framework.Failf("%s kept the conversation with %s in position %d after a new message in it; want it at the newest end (position %d)", c2c.ConvGetList, oldest, pos[oldest], end)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-004", func(ctx ginkgo.SpecContext) {
	ids, err := env.Pool.Distinct(ctx, 4)
	framework.Require(err, "a precondition")
	for _, p := range ids[1:] {
		cvSend(ctx, ids[0], p)
	}
	items := cvList(ctx, ids[0]) // fails on a walk that does not end or repeats
	for _, p := range ids[1:] {
		if cvFind(items, p) == nil {
			framework.Failf("%s listed %d conversations for %s over every page, without the one with %s; want each conversation listed", c2c.ConvGetList, len(items), ids[0], p)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-005", func(ctx ginkgo.SpecContext) {
	a, b := cvConversation(ctx)
	framework.Verify(cvCall(ctx, c2c.ConvDelete, deleteBody(a, b, nil)), framework.BeOK())
	if cvFind(cvList(ctx, a), b) != nil {
		framework.Failf("%s still listed %s's conversation with %s after recentcontact/delete answered OK; want it gone", c2c.ConvGetList, a, b)
	}
	cvExpectListed(ctx, b, a, "for the peer, after the other side deleted the conversation")
	if n := cvHistory(ctx, a, b); n != 2 {
		framework.Failf("openim/admin_getroammsg returned %d messages of %s's conversation with %s after a delete without ClearRamble; want both messages kept", n, a, b)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-006", func(ctx ginkgo.SpecContext) {
	a, b := cvConversation(ctx)
	if n := cvHistory(ctx, a, b); n != 2 {
		framework.Blocked("a precondition", fmt.Errorf("openim/admin_getroammsg returned %d messages of %s's conversation with %s before the delete, not 2", n, a, b))
	}
	one := 1
	framework.Verify(cvCall(ctx, c2c.ConvDelete, deleteBody(a, b, &one)), framework.BeOK())
	if cvFind(cvList(ctx, a), b) != nil {
		framework.Failf("%s still listed %s's conversation with %s after recentcontact/delete with ClearRamble 1; want it gone", c2c.ConvGetList, a, b)
	}
	if n := cvHistory(ctx, a, b); n != 0 {
		framework.Failf("openim/admin_getroammsg returned %d messages for Operator_Account %s after it deleted the conversation with ClearRamble 1; want none", n, a)
	}
	if n := cvHistory(ctx, b, a); n != 2 {
		framework.Failf("openim/admin_getroammsg returned %d messages for Operator_Account %s after the other side cleared its history; want both messages kept for it", n, b)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-007", func(ctx ginkgo.SpecContext) {
	a, b := cvConversation(ctx)
	cvNeed(cvCall(ctx, c2c.ConvDelete, deleteBody(a, b, nil)), "the delete before the new message")
	sent := cvSend(ctx, b, a)
	it := cvFind(cvExpectListed(ctx, a, b, "after a new message that followed the delete"), b)
	if it.MsgTime < sent-1 || it.MsgTime > sent+1 {
		framework.Failf("%s gave the conversation that came back MsgTime %d; want the new message's time %d", c2c.ConvGetList, it.MsgTime, sent)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-008", func(ctx ginkgo.SpecContext) {
	a, _, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	cvNeed(cvCall(ctx, c2c.ConvGetList, listBody(a, 0, 0, 0, 0)), "the control: the same request for an imported account")
	framework.Verify(cvCall(ctx, c2c.ConvGetList, listBody(env.Pool.Unknown(), 0, 0, 0, 0)), framework.FailWith(50001))
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-009", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	cvSend(ctx, a, b)
	cvNeed(cvCall(ctx, c2c.ConvDelete, deleteBody(a, b, nil)), "the control: the same request for an imported account")
	framework.Verify(cvCall(ctx, c2c.ConvDelete, deleteBody(env.Pool.Unknown(), b, nil)), framework.FailWith(50001))
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CONV-010", func(ctx ginkgo.SpecContext) {
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	cvSend(ctx, a, b)
	cvNeed(cvCall(ctx, c2c.ConvDelete, deleteBody(a, b, nil)), "the control: deleting a one-to-one conversation of the same account")
	x := cvCall(ctx, c2c.ConvDelete, map[string]any{"From_Account": a, "Type": 2, "ToGroupid": "@TGS#chatconformnone"})
	framework.Verify(x, framework.FailWith(c2c.ConvUnknownGroupCodes...))
	framework.Variant("ErrorCode %d", x.Envelope.ErrorCode)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// cvGroups is a user's conversation groups and the group and mark data of
// its conversations, as get_contact_group returns them.
type cvGroups struct {
	ids      map[string]int // group name → GroupId
	groups   int
	contacts map[string]cvContact // peer → data
}

type cvContact struct {
	standard, custom string
	groups           []int
}

// cvContactGroups walks user's get_contact_group pages.
func cvContactGroups(ctx ginkgo.SpecContext, user string) cvGroups {
	ginkgo.GinkgoHelper()
	g := cvGroups{ids: map[string]int{}, contacts: map[string]cvContact{}}
	start := 0
	for page := 1; page <= maxListPages; page++ {
		x := cvCall(ctx, c2c.ConvGetGroups, map[string]any{"From_Account": user, "StartIndex": start})
		framework.Verifyf(x, framework.BeOK(), "page %d of %s's conversation groups", page, user)
		var out struct {
			ContactItem []struct {
				To_Account     string
				StandardMark   string
				CustomMark     string
				ContactGroupId []int
			}
			GroupItem []struct {
				GroupName string
				GroupId   int
			}
			CompleteFlag   int
			NextStartIndex int
		}
		if err := x.Decode(&out); err != nil {
			framework.Failf("%s answered a body that does not decode: %v", c2c.ConvGetGroups, err)
		}
		for _, gi := range out.GroupItem {
			if _, ok := g.ids[gi.GroupName]; !ok {
				g.groups++
			}
			g.ids[gi.GroupName] = gi.GroupId
		}
		for _, c := range out.ContactItem {
			if c.To_Account != "" {
				g.contacts[c.To_Account] = cvContact{c.StandardMark, c.CustomMark, c.ContactGroupId}
			}
		}
		if out.CompleteFlag == 1 || out.NextStartIndex <= start {
			return g
		}
		start = out.NextStartIndex
	}
	framework.Failf("%s answered CompleteFlag 0 on %d pages in a row for %s; want the walk with NextStartIndex to end", c2c.ConvGetGroups, maxListPages, user)
	return g
}

func createBody(user, name string, peers ...string) map[string]any {
	items := []map[string]any{}
	for _, p := range peers {
		items = append(items, map[string]any{"Type": 1, "To_Account": p})
	}
	return map[string]any{"From_Account": user, "GroupContactItem": []map[string]any{{"GroupName": name, "ContactItem": items}}}
}

// cvCreate creates the group name holding the conversations with peers, as
// a precondition, and returns its GroupId.
func cvCreate(ctx ginkgo.SpecContext, user, name string, peers ...string) int {
	ginkgo.GinkgoHelper()
	x := cvCall(ctx, c2c.ConvCreateGroup, createBody(user, name, peers...))
	cvEdition(x)
	cvNeed(x, "creating the conversation group "+name)
	id, ok := createdID(x)
	if !ok {
		framework.BlockedBy(x, "no GroupId for the group it created")
	}
	return id
}

func createdID(x *target.Exchange) (int, bool) {
	var out struct {
		GroupResultItem []struct {
			GroupItem struct {
				GroupName string
				GroupId   *int
			}
		}
	}
	if x.Decode(&out) != nil || len(out.GroupResultItem) != 1 || out.GroupResultItem[0].GroupItem.GroupId == nil {
		return 0, false
	}
	return *out.GroupResultItem[0].GroupItem.GroupId, true
}

// cvUserWith returns a fresh account and n peers it has written to.
func cvUserWith(ctx ginkgo.SpecContext, n int) (string, []string) {
	ginkgo.GinkgoHelper()
	user := cvFresh(ctx)
	peers := make([]string, n)
	for i := range peers {
		p, err := env.Pool.PeerOf(ctx, user)
		framework.Require(err, "a precondition")
		cvSend(ctx, user, p)
		peers[i] = p
	}
	return user, peers
}

func updateBody(user string, group map[string]any) map[string]any {
	return map[string]any{"From_Account": user, "UpdateType": 1, "UpdateGroup": group}
}

var _ = c2c.Checks.It("C2C-CGROUP-001", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	x := cvCall(ctx, c2c.ConvCreateGroup, createBody(user, "cc-first", peers[0]))
	cvEdition(x)
	framework.Verify(x, framework.BeOK())
	id, ok := createdID(x)
	if !ok {
		framework.Failf("%s answered OK without one GroupResultItem whose GroupItem has an integer GroupId; want the created group's GroupId", c2c.ConvCreateGroup)
	}
	g := cvContactGroups(ctx, user)
	if got, listed := g.ids["cc-first"]; !listed || got != id {
		framework.Failf("%s did not list the group cc-first with GroupId %d after it was created (listed: %v); want it listed", c2c.ConvGetGroups, id, listed)
	}
	if !slices.Contains(g.contacts[peers[0]].groups, id) {
		framework.Failf("%s gave the conversation with %s ContactGroupId %v; want it to hold the new group's GroupId %d", c2c.ConvGetGroups, peers[0], g.contacts[peers[0]].groups, id)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-002", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	id := cvCreate(ctx, user, "cc-old", peers[0])
	x := cvCall(ctx, c2c.ConvUpdateGroup, updateBody(user, map[string]any{"UpdateGroupType": 1, "OldGroupName": "cc-old", "NewGroupName": "cc-new"}))
	framework.Verify(x, framework.BeOK())
	g := cvContactGroups(ctx, user)
	if got, listed := g.ids["cc-new"]; !listed || got != id {
		framework.Failf("%s did not list the renamed group cc-new with its GroupId %d (listed: %v, GroupId %d); want the new name with the same GroupId", c2c.ConvGetGroups, id, listed, got)
	}
	if _, listed := g.ids["cc-old"]; listed {
		framework.Failf("%s still listed the group's old name cc-old after the rename; want only the new name", c2c.ConvGetGroups)
	}
	if !slices.Contains(g.contacts[peers[0]].groups, id) {
		framework.Failf("%s gave the renamed group's conversation ContactGroupId %v; want it to keep GroupId %d", c2c.ConvGetGroups, g.contacts[peers[0]].groups, id)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-003", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 2)
	in, out := peers[0], peers[1]
	id := cvCreate(ctx, user, "cc-members", out)
	contact := func(p string) map[string]any { return map[string]any{"Type": 1, "To_Account": p} }
	x := cvCall(ctx, c2c.ConvUpdateGroup, updateBody(user, map[string]any{"UpdateGroupType": 2, "OldGroupName": "cc-members",
		"ContactUpdateItem": []map[string]any{{"ContactOptType": 1, "ContactItem": contact(in)}, {"ContactOptType": 2, "ContactItem": contact(out)}}}))
	framework.Verify(x, framework.BeOK())
	g := cvContactGroups(ctx, user)
	if !slices.Contains(g.contacts[in].groups, id) {
		framework.Failf("%s gave the added conversation with %s ContactGroupId %v; want it to hold GroupId %d", c2c.ConvGetGroups, in, g.contacts[in].groups, id)
	}
	if slices.Contains(g.contacts[out].groups, id) {
		framework.Failf("%s still gave the removed conversation with %s GroupId %d; want it out of the group", c2c.ConvGetGroups, out, id)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-004", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	id := cvCreate(ctx, user, "cc-gone", peers[0])
	framework.Verify(cvCall(ctx, c2c.ConvDelGroup, map[string]any{"From_Account": user, "GroupName": []string{"cc-gone"}}), framework.BeOK())
	g := cvContactGroups(ctx, user)
	if _, listed := g.ids["cc-gone"]; listed {
		framework.Failf("%s still listed the group cc-gone after del_contact_group answered OK; want it gone", c2c.ConvGetGroups)
	}
	if slices.Contains(g.contacts[peers[0]].groups, id) {
		framework.Failf("%s still gave the conversation with %s the deleted group's GroupId %d; want it gone from the conversation too", c2c.ConvGetGroups, peers[0], id)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-005", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	cvCreate(ctx, user, "cc-kept", peers[0])
	framework.Verify(cvCall(ctx, c2c.ConvDelGroup, map[string]any{"From_Account": user, "GroupName": []string{"cc-never"}}), framework.FailWith(51009))
	cvNeed(cvCall(ctx, c2c.ConvDelGroup, map[string]any{"From_Account": user, "GroupName": []string{"cc-kept"}}), "the control: deleting a group the user has")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-006", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	for i := 1; i <= 20; i++ {
		x := cvCall(ctx, c2c.ConvCreateGroup, createBody(user, fmt.Sprintf("cc-g%02d", i), peers[0]))
		cvEdition(x)
		framework.Verifyf(x, framework.BeOK(), "group %d of 20", i)
	}
	framework.Verifyf(cvCall(ctx, c2c.ConvCreateGroup, createBody(user, "cc-g21", peers[0])), framework.FailWith(51010), "the 21st group")
	if g := cvContactGroups(ctx, user); g.groups != 20 {
		framework.Failf("%s listed %d conversation groups after 20 were created and a 21st refused; want 20", c2c.ConvGetGroups, g.groups)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-007", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	x := cvCall(ctx, c2c.ConvCreateGroup, createBody(user, "cc-"+strings.Repeat("n", 30), peers[0]))
	cvEdition(x)
	framework.Verify(x, framework.FailWith(51011))
	cvNeed(cvCall(ctx, c2c.ConvCreateGroup, createBody(user, "cc-"+strings.Repeat("n", 29), peers[0])), "the control: a GroupName of 32 bytes")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-CGROUP-008", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 2)
	one := cvCreate(ctx, user, "cc-s1", peers[0])
	two := cvCreate(ctx, user, "cc-s2", peers[0], peers[1])
	x := cvCall(ctx, c2c.ConvSearchGroups, map[string]any{"From_Account": user, "ContactItem": []map[string]any{{"Type": 1, "To_Account": peers[0]}}})
	framework.Verify(x, framework.BeOK())
	type found struct {
		To_Account     string
		ContactGroupId []int
	}
	var out struct {
		ContactResultItem []found
		ContactItem       []found
		GroupItem         []struct {
			GroupName string
			GroupId   int
		}
	}
	if err := x.Decode(&out); err != nil {
		framework.Failf("%s answered a body that does not decode: %v", c2c.ConvSearchGroups, err)
	}
	list, name := out.ContactResultItem, "ContactResultItem"
	if len(list) == 0 {
		list, name = out.ContactItem, "ContactItem"
	}
	framework.Variant("results in %s", name)
	i := slices.IndexFunc(list, func(f found) bool { return f.To_Account == peers[0] })
	if i < 0 || !slices.Contains(list[i].ContactGroupId, one) || !slices.Contains(list[i].ContactGroupId, two) {
		framework.Failf("%s did not return the conversation with %s holding GroupIds %d and %d; want it with both", c2c.ConvSearchGroups, peers[0], one, two)
	}
	named := map[string]int{}
	for _, g := range out.GroupItem {
		named[g.GroupName] = g.GroupId
	}
	if id, ok := named["cc-s1"]; !ok || id != one {
		framework.Failf("%s named %d groups in GroupItem, not cc-s1 with GroupId %d; want both of the conversation's groups named", c2c.ConvSearchGroups, len(out.GroupItem), one)
	}
	if id, ok := named["cc-s2"]; !ok || id != two {
		framework.Failf("%s named %d groups in GroupItem, not cc-s2 with GroupId %d; want both of the conversation's groups named", c2c.ConvSearchGroups, len(out.GroupItem), two)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// markReadings are the ways a StandardMark string may number its bits:
// from its right or left end, counting from 0 or from 1.
var markReadings = []string{"right end, from 0", "right end, from 1", "left end, from 0", "left end, from 1"}

// markBits returns the bit numbers set in mark under reading r, or false
// when mark is not binary digits.
func markBits(mark string, r int) ([]int, bool) {
	var bits []int
	for i := 0; i < len(mark); i++ {
		c := mark[i]
		if c != '0' && c != '1' {
			return nil, false
		}
		if c == '0' {
			continue
		}
		n := len(mark) - 1 - i
		if r >= 2 {
			n = i
		}
		bits = append(bits, n+r%2)
	}
	sort.Ints(bits)
	return bits, true
}

func markBody(user, peer string, opt int, extra map[string]any) map[string]any {
	item := map[string]any{"OptType": opt, "ContactItem": map[string]any{"Type": 1, "To_Account": peer}}
	for k, v := range extra {
		item[k] = v
	}
	return map[string]any{"From_Account": user, "MarkItem": []map[string]any{item}}
}

var _ = c2c.Checks.It("C2C-MARK-001", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	p := peers[0]
	x := cvCall(ctx, c2c.ConvMark, markBody(user, p, 1, map[string]any{"SetMark": []int{33, 40}}))
	cvEdition(x)
	framework.Verify(x, framework.BeOK())
	mark := cvContactGroups(ctx, user).contacts[p].standard
	readings := []int{}
	for r := range markReadings {
		if bits, ok := markBits(mark, r); ok && slices.Equal(bits, []int{33, 40}) {
			readings = append(readings, r)
		}
	}
	if len(readings) == 0 {
		framework.Failf("%s gave the conversation with %s StandardMark %q after SetMark 33 and 40; want exactly those two bits set", c2c.ConvGetGroups, p, mark)
	}
	framework.Verifyf(cvCall(ctx, c2c.ConvMark, markBody(user, p, 1, map[string]any{"ClearMark": []int{33}})), framework.BeOK(), "the ClearMark call")
	mark = cvContactGroups(ctx, user).contacts[p].standard
	for _, r := range readings {
		if bits, ok := markBits(mark, r); ok && slices.Equal(bits, []int{40}) {
			framework.Variant("StandardMark bits numbered from the %s", markReadings[r])
			return
		}
	}
	framework.Failf("%s gave the conversation with %s StandardMark %q after ClearMark 33; want only bit 40 left", c2c.ConvGetGroups, p, mark)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MARK-002", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	p := peers[0]
	framework.Verify(cvCall(ctx, c2c.ConvMark, markBody(user, p, 2, map[string]any{"CustomMark": "cc-custom"})), framework.BeOK())
	if got := cvContactGroups(ctx, user).contacts[p].custom; got != "cc-custom" {
		framework.Failf("%s gave the conversation with %s CustomMark %q after mark_contact set it; want %q", c2c.ConvGetGroups, p, got, "cc-custom")
	}
	x := cvCall(ctx, c2c.ConvMark, markBody(user, p, 1, map[string]any{"SetMark": []int{34}}))
	cvEdition(x)
	framework.Verifyf(x, framework.BeOK(), "the mark_contact call with OptType 1")
	if got := cvContactGroups(ctx, user).contacts[p].custom; got != "cc-custom" {
		framework.Failf("%s gave the conversation with %s CustomMark %q after a mark_contact with OptType 1; want it unchanged, %q", c2c.ConvGetGroups, p, got, "cc-custom")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = c2c.Checks.It("C2C-MARK-003", func(ctx ginkgo.SpecContext) {
	user, peers := cvUserWith(ctx, 1)
	one := markBody(user, peers[0], 2, map[string]any{"CustomMark": "cc-many"})
	items := one["MarkItem"].([]map[string]any)
	many := map[string]any{"From_Account": user, "MarkItem": slices.Repeat(items, 101)}
	framework.Verifyf(cvCall(ctx, c2c.ConvMark, many), framework.FailWith(51006), "101 marks")
	framework.Verifyf(cvCall(ctx, c2c.ConvMark, map[string]any{"From_Account": user, "MarkItem": []any{}}), framework.FailWith(51006), "no mark")
	cvNeed(cvCall(ctx, c2c.ConvMark, one), "the control: one mark")
}, ginkgo.SpecTimeout(framework.SpecTimeout))
