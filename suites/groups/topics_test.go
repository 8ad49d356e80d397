package groups_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/groups"
)

// topicCommunity creates a topic-enabled community owned by a new account
// and returns its GroupId and owner.
func topicCommunity(ctx ginkgo.SpecContext) (string, string) {
	ginkgo.GinkgoHelper()
	owner := accounts(ctx, 1)[0]
	gid := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Community", "Name": "chatconform", "SupportTopic": 1})
	topicOwners.Store(gid, owner)
	return gid, owner
}

// topicOwners are the owners of the communities topicCommunity made, the
// From_Account of get_topic.
var topicOwners sync.Map

// topicID is a custom TopicId of the community gid no other check uses.
func topicID(gid string) string {
	return fmt.Sprintf("%s%st%08x", gid, groups.TopicInfix, rand.Uint32())
}

// topicNew creates a topic from body in gid as a precondition and returns
// its TopicId.
func topicNew(ctx ginkgo.SpecContext, gid string, body map[string]any) string {
	ginkgo.GinkgoHelper()
	body["GroupId"] = gid
	if body["TopicName"] == nil {
		body["TopicName"] = unique("topic")
	}
	var out struct{ TopicId string }
	must(ctx, groups.CreateTopic, body, &out, "create a topic")
	if out.TopicId == "" {
		framework.Require(fmt.Errorf("create_topic answered OK without a TopicId"), "create a topic")
	}
	return out.TopicId
}

// topicInfo is one item of get_topic.
type topicInfo struct {
	ErrorCode int
	TopicInfo map[string]json.RawMessage
}

func (t topicInfo) str(field string) string {
	var s string
	json.Unmarshal(t.TopicInfo[field], &s)
	return s
}

func (t topicInfo) id() string { return t.str("TopicId") }

// topicList returns get_topic's items for gid with the extra fields given.
func topicList(ctx ginkgo.SpecContext, gid string, extra map[string]any) []topicInfo {
	ginkgo.GinkgoHelper()
	owner, _ := topicOwners.Load(gid)
	body := map[string]any{"GroupId": gid, "From_Account": owner}
	for k, v := range extra {
		body[k] = v
	}
	var out struct{ TopicAndSelfInfo []topicInfo }
	must(ctx, groups.GetTopic, body, &out, "read the topics with get_topic")
	return out.TopicAndSelfInfo
}

// topicFind returns the live topic id as get_topic lists it without
// TopicIdList.
func topicFind(ctx ginkgo.SpecContext, gid, id string) (topicInfo, bool) {
	ginkgo.GinkgoHelper()
	for _, t := range topicList(ctx, gid, nil) {
		if t.id() == id && t.ErrorCode == 0 {
			return t, true
		}
	}
	return topicInfo{}, false
}

// topicMust requires get_topic to list the topic.
func topicMust(ctx ginkgo.SpecContext, gid, id, why string) topicInfo {
	ginkgo.GinkgoHelper()
	t, ok := topicFind(ctx, gid, id)
	if !ok {
		framework.Failf("get_topic did not list topic %s; want it listed (%s)", id, why)
	}
	return t
}

func topicIDs(list []topicInfo) []string {
	out := make([]string, 0, len(list))
	for _, t := range list {
		if t.ErrorCode == 0 {
			out = append(out, t.id())
		}
	}
	return out
}

func topicExpect(t topicInfo, field, want string) {
	ginkgo.GinkgoHelper()
	if got := t.str(field); got != want {
		framework.Failf("get_topic gave topic %s %s %q; want %q", t.id(), field, got, want)
	}
}

var _ = it("GROUPS-TOPIC-001", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	fields := map[string]string{"TopicName": unique("topic"), "Introduction": "chatconform intro", "Notification": "chatconform notice",
		"FaceUrl": "http://chatconform.example/face.png", "CustomString": "chatconform custom"}
	body := map[string]any{}
	for k, v := range fields {
		body[k] = v
	}
	id := topicNew(ctx, gid, body)
	if !strings.HasPrefix(id, gid+groups.TopicInfix) {
		framework.Failf("create_topic answered TopicId %q; want it to start with the GroupId and %s", id, groups.TopicInfix)
	}
	t := topicMust(ctx, gid, id, "create_topic answered OK")
	for _, k := range []string{"TopicName", "Introduction", "Notification", "FaceUrl", "CustomString"} {
		topicExpect(t, k, fields[k])
	}
	topicExpect(t, "MuteAllMember", "Off")
})

var _ = it("GROUPS-TOPIC-002", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	want := topicID(gid)
	name := unique("custom topic")
	x := do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicId": want, "TopicName": name})
	framework.Verify(x, framework.BeOK())
	var out struct{ TopicId string }
	x.Decode(&out)
	if out.TopicId != want {
		framework.Failf("create_topic answered TopicId %q for the custom TopicId %q; want it kept as given", out.TopicId, want)
	}
	list := topicList(ctx, gid, map[string]any{"TopicIdList": []string{want}})
	if len(list) != 1 || list[0].ErrorCode != 0 || list[0].id() != want {
		framework.Failf("get_topic answered %d items (ids %s) for custom TopicId %s; want that one topic with ErrorCode 0", len(list), names(topicIDs(list)), want)
	}
	topicExpect(list[0], "TopicName", name)
})

var _ = it("GROUPS-TOPIC-003", func(ctx ginkgo.SpecContext) {
	owner := accounts(ctx, 1)[0]
	plain := createWith(ctx, map[string]any{"Owner_Account": owner, "Type": "Community", "Name": "chatconform"})
	public := newGroup(ctx, "Public", owner)
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": plain, "TopicName": "chatconform"}),
		framework.FailWith(groups.TopicNotEnabled), "create_topic in a Community without SupportTopic")
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": public, "TopicName": "chatconform"}),
		framework.FailWith(groups.TopicNotEnabled), "create_topic in a Public group")
	gid, _ := topicCommunity(ctx)
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicName": "chatconform"}), framework.BeOK(),
		"the same create_topic in a Community with SupportTopic 1")
})

var _ = it("GROUPS-TOPIC-004", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	ids := []string{topicNew(ctx, gid, map[string]any{}), topicNew(ctx, gid, map[string]any{}), topicNew(ctx, gid, map[string]any{})}
	if got := topicIDs(topicList(ctx, gid, nil)); !sameSet(got, ids) {
		framework.Failf("get_topic without TopicIdList listed %s; want the three topics %s", names(got), names(ids))
	}
	if got := topicIDs(topicList(ctx, gid, map[string]any{"TopicIdList": ids[1:2]})); !sameSet(got, ids[1:2]) {
		framework.Failf("get_topic with TopicIdList [%s] listed %s; want only that topic", ids[1], names(got))
	}
})

var _ = it("GROUPS-TOPIC-005", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("filtered")
	id := topicNew(ctx, gid, map[string]any{"TopicName": name, "Introduction": "chatconform intro", "CustomString": "chatconform"})
	if t := topicMust(ctx, gid, id, "no filter"); t.TopicInfo["Introduction"] == nil || t.TopicInfo["CustomString"] == nil {
		framework.Require(fmt.Errorf("get_topic without ResponseFilter gives no Introduction or CustomString"), "read the unfiltered topic")
	}
	list := topicList(ctx, gid, map[string]any{"TopicIdList": []string{id}, "ResponseFilter": []string{"TopicName"}})
	if len(list) != 1 {
		framework.Failf("get_topic answered %d items for one TopicId; want one", len(list))
	}
	topicExpect(list[0], "TopicName", name)
	for _, f := range []string{"Introduction", "CustomString"} {
		if _, ok := list[0].TopicInfo[f]; ok {
			framework.Failf("get_topic with ResponseFilter [TopicName] gave %s; want only the fields the filter names", f)
		}
	}
})

var _ = it("GROUPS-TOPIC-006", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	a, b, keep := topicNew(ctx, gid, map[string]any{}), topicNew(ctx, gid, map[string]any{}), topicNew(ctx, gid, map[string]any{})
	x := do(ctx, groups.DestroyTopic, map[string]any{"GroupId": gid, "TopicIdList": []string{a, b}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		DestroyResultItem []struct {
			ErrorCode int
			TopicId   string
		}
	}
	x.Decode(&out)
	codes := map[string]int{a: -1, b: -1}
	for _, r := range out.DestroyResultItem {
		codes[r.TopicId] = r.ErrorCode
	}
	for _, id := range []string{a, b} {
		if codes[id] != 0 {
			framework.Failf("destroy_topic answered topic %s with ErrorCode %d (-1: no item); want a DestroyResultItem with ErrorCode 0", id, codes[id])
		}
	}
	got := topicIDs(topicList(ctx, gid, nil))
	if has(got, a) || has(got, b) || !has(got, keep) {
		framework.Failf("get_topic listed %s after destroy_topic of %s and %s; want only %s", names(got), a, b, keep)
	}
})

var _ = it("GROUPS-TOPIC-007", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	dead, live := topicNew(ctx, gid, map[string]any{}), topicNew(ctx, gid, map[string]any{})
	must(ctx, groups.DestroyTopic, map[string]any{"GroupId": gid, "TopicIdList": []string{dead}}, nil, "delete a topic")
	x := do(ctx, groups.DestroyTopic, map[string]any{"GroupId": gid, "TopicIdList": []string{live, dead}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		DestroyResultItem []struct {
			ErrorCode int
			TopicId   string
		}
	}
	x.Decode(&out)
	deadCode := -1 // no item
	for _, r := range out.DestroyResultItem {
		if r.TopicId == dead {
			deadCode = r.ErrorCode
		}
	}
	switch deadCode {
	case -1:
		framework.Failf("destroy_topic answered no DestroyResultItem for the topic deleted before, %s; want one with a non-zero ErrorCode (110003)", dead)
	case 0:
		framework.Failf("destroy_topic answered the topic deleted before, %s, with ErrorCode 0; want a non-zero code (110003)", dead)
	}
	if _, ok := topicFind(ctx, gid, live); ok {
		framework.Failf("get_topic still listed %s after destroy_topic answered OK for it; want it deleted", live)
	}
	list := topicList(ctx, gid, map[string]any{"TopicIdList": []string{dead}})
	if len(list) != 1 || !inCodes(list[0].ErrorCode, groups.NoTopicCodes) {
		code := -1
		if len(list) > 0 {
			code = list[0].ErrorCode
		}
		framework.Failf("get_topic answered %d items, the first with ErrorCode %d, for the deleted topic; want one item with 110003 (or 10010)", len(list), code)
	}
	framework.Variant("deleted topic in get_topic: ErrorCode %d", list[0].ErrorCode)
})

var _ = it("GROUPS-TOPIC-008", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	id := topicNew(ctx, gid, map[string]any{})
	want := map[string]string{"TopicName": unique("renamed"), "Introduction": "chatconform new intro", "Notification": "chatconform new notice",
		"FaceUrl": "http://chatconform.example/new.png", "CustomString": "chatconform new custom", "MuteAllMember": "On"}
	body := map[string]any{"GroupId": gid, "TopicId": id}
	for k, v := range want {
		body[k] = v
	}
	framework.Verify(do(ctx, groups.ModifyTopic, body), framework.BeOK())
	t := topicMust(ctx, gid, id, "modify_topic answered OK")
	for _, k := range []string{"TopicName", "Introduction", "Notification", "FaceUrl", "CustomString", "MuteAllMember"} {
		topicExpect(t, k, want[k])
	}
})

var _ = it("GROUPS-TOPIC-009", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("kept")
	id := topicNew(ctx, gid, map[string]any{"TopicName": name})
	framework.Verifyf(do(ctx, groups.ModifyTopic, map[string]any{"GroupId": gid, "TopicId": topicID(gid), "TopicName": unique("ghost")}),
		framework.FailWith(groups.TopicMissingCode), "modify_topic of a topic that does not exist")
	topicExpect(topicMust(ctx, gid, id, "the community's topic"), "TopicName", name)
})

var _ = it("GROUPS-TOPIC-010", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	long := strings.Repeat("n", groups.MaxTopicName+1)
	bad := topicID(gid)
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicId": bad, "TopicName": long}),
		framework.FailWith(10004), "create_topic with a 31-byte TopicName")
	if _, ok := topicFind(ctx, gid, bad); ok {
		framework.Failf("get_topic listed %s, the topic create_topic refused; want no such topic", bad)
	}
	name := strings.Repeat("k", groups.MaxTopicName)
	id := topicNew(ctx, gid, map[string]any{"TopicName": name})
	framework.Verifyf(do(ctx, groups.ModifyTopic, map[string]any{"GroupId": gid, "TopicId": id, "TopicName": long}),
		framework.FailWith(10004), "modify_topic with a 31-byte TopicName")
	topicExpect(topicMust(ctx, gid, id, "a 30-byte TopicName is taken"), "TopicName", name)
})

var _ = it("GROUPS-TOPIC-011", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	at := time.Now().Add(-time.Hour).Unix()
	name := unique("imported")
	var out struct{ TopicId string }
	x := do(ctx, groups.ImportTopic, map[string]any{"GroupId": gid, "TopicName": name, "Introduction": "chatconform imported", "CreateTime": at})
	framework.Verify(x, framework.BeOK())
	x.Decode(&out)
	t := topicMust(ctx, gid, out.TopicId, "import_topic answered OK")
	topicExpect(t, "TopicName", name)
	topicExpect(t, "Introduction", "chatconform imported")
	var got int64
	json.Unmarshal(t.TopicInfo["CreateTime"], &got)
	if got != at {
		framework.Failf("get_topic gave the imported topic CreateTime %d; want %d, the one imported", got, at)
	}
})

var _ = it("GROUPS-TOPIC-012", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("first")
	id := topicNew(ctx, gid, map[string]any{"TopicId": topicID(gid), "TopicName": name})
	framework.Verifyf(do(ctx, groups.ImportTopic, map[string]any{"GroupId": gid, "TopicId": id, "TopicName": unique("second")}),
		framework.FailWith(groups.TopicIDInUseCode), "import_topic with a TopicId in use")
	topicExpect(topicMust(ctx, gid, id, "the topic whose ID was reused"), "TopicName", name)
})

var _ = it("GROUPS-TOPIC-013", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name, intro := unique("first"), "chatconform first intro"
	id := topicNew(ctx, gid, map[string]any{"TopicId": topicID(gid), "TopicName": name, "Introduction": intro})
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicId": id, "TopicName": unique("second"), "Introduction": "chatconform second intro"}),
		framework.FailWith(groups.TopicIDTakenCode), "create_topic with a TopicId in use")
	t := topicMust(ctx, gid, id, "the topic whose ID was reused")
	topicExpect(t, "TopicName", name)
	topicExpect(t, "Introduction", intro)
})

var _ = it("GROUPS-TOPIC-014", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	other, _ := topicCommunity(ctx)
	name := unique("misplaced")
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicId": topicID(other), "TopicName": name}),
		framework.FailWith(10004), "create_topic with a TopicId of another community's GroupId")
	for _, g := range []string{gid, other} {
		for _, t := range topicList(ctx, g, nil) {
			if t.str("TopicName") == name {
				framework.Failf("get_topic listed topic %s named %q, the one create_topic refused; want none", t.id(), name)
			}
		}
	}
})

var _ = it("GROUPS-TOPIC-015", func(ctx ginkgo.SpecContext) {
	gid, owner := topicCommunity(ctx)
	id := topicNew(ctx, gid, map[string]any{})
	text := unique("chatconform topic msg")
	framework.Verifyf(sendText(ctx, gid, owner, text, map[string]any{"TopicId": id}), framework.BeOK(), "send_group_msg with TopicId")
	if !hasText(history(ctx, gid, map[string]any{"TopicId": id}), text) {
		framework.Failf("group_msg_get_simple with TopicId did not list the message sent to the topic; want it listed")
	}
	if hasText(history(ctx, gid, nil), text) {
		framework.Failf("group_msg_get_simple without TopicId listed the message sent to a topic; want it in the topic's history only")
	}
})

// Callbacks.

var _ = hookIt("GROUPS-TOPIC-HOOK-001", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("hook topic")
	id := topicNew(ctx, gid, map[string]any{"TopicName": name})
	got := env.Receiver.AwaitEachOnce(ctx,
		framework.Once{Cmd: groups.HookBeforeCreateTopic, After: groups.CreateTopic, Match: framework.CallbackOf(groups.HookBeforeCreateTopic, "Name", name)},
		framework.Once{Cmd: groups.HookAfterCreateTopic, After: groups.CreateTopic, Match: framework.CallbackOf(groups.HookAfterCreateTopic, "Name", name)})
	before, after := got[0], got[1]
	for _, c := range []framework.Callback{before, after} {
		expectField(c, "Type", "Community")
	}
	expectField(after, "GroupId", gid)
	expectField(after, "TopicId", id)
})

var _ = hookIt("GROUPS-TOPIC-HOOK-002", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("refused topic")
	answerWith(framework.CallbackOf(groups.HookBeforeCreateTopic, "Name", name), refuse)
	id := topicID(gid)
	framework.Verifyf(do(ctx, groups.CreateTopic, map[string]any{"GroupId": gid, "TopicId": id, "TopicName": name}),
		framework.FailWith(groups.HookRefusedCode), "create_topic the app refused")
	if _, ok := topicFind(ctx, gid, id); ok {
		framework.Failf("get_topic listed %s, the topic the app refused; want no such topic", id)
	}
	expectNone(ctx, "for a topic the app refused", framework.CallbackOf(groups.HookAfterCreateTopic, "Name", name))
})

var _ = hookIt("GROUPS-TOPIC-HOOK-003", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	id := topicNew(ctx, gid, map[string]any{})
	framework.Verify(do(ctx, groups.DestroyTopic, map[string]any{"GroupId": gid, "TopicIdList": []string{id}}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookTopicDestroyed, groups.DestroyTopic, framework.CallbackOf(groups.HookTopicDestroyed, "GroupId", gid))
	var list []string
	if err := json.Unmarshal(c.Fields["TopicIdList"], &list); err != nil {
		if one := c.Str("TopicIdList"); one != "" {
			list = []string{one}
		}
	}
	if !has(list, id) {
		framework.Failf("%s carried TopicIdList [%s]; want the deleted topic %s in it", c.Command, names(list), id)
	}
})

var _ = hookIt("GROUPS-TOPIC-HOOK-004", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	id := topicNew(ctx, gid, map[string]any{})
	notice := unique("chatconform notice")
	framework.Verify(do(ctx, groups.ModifyTopic, map[string]any{"GroupId": gid, "TopicId": id, "Notification": notice}), framework.BeOK())
	c := env.Receiver.AwaitOnce(ctx, groups.HookTopicChanged, groups.ModifyTopic, framework.CallbackOf(groups.HookTopicChanged, "GroupId", gid))
	expectField(c, "Notification", notice)
})

var _ = hookIt("GROUPS-TOPIC-HOOK-005", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	id := topicNew(ctx, gid, map[string]any{})
	custom := unique("chatconform custom")
	framework.Verify(do(ctx, groups.ModifyTopic, map[string]any{"GroupId": gid, "TopicId": id, "CustomString": custom}), framework.BeOK())
	topicExpect(topicMust(ctx, gid, id, "modify_topic answered OK"), "CustomString", custom)
	expectNone(ctx, "for a change of CustomString alone", framework.CallbackOf(groups.HookTopicChanged, "GroupId", gid))
})

var _ = hookIt("GROUPS-TOPIC-HOOK-006", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	name := unique("imported topic")
	var out struct{ TopicId string }
	must(ctx, groups.ImportTopic, map[string]any{"GroupId": gid, "TopicName": name}, &out, "import a topic")
	expectNone(ctx, "for an imported topic", func(c framework.Callback) bool {
		return c.Str("Name") == name || (out.TopicId != "" && c.Str("TopicId") == out.TopicId)
	})
})

var _ = hookIt("GROUPS-TOPIC-HOOK-007", func(ctx ginkgo.SpecContext) {
	gid, _ := topicCommunity(ctx)
	profile := map[string]string{"TopicName": unique("steady"), "Introduction": "chatconform intro", "Notification": "chatconform notice",
		"FaceUrl": "http://chatconform.example/face.png"}
	body := map[string]any{}
	for k, v := range profile {
		body[k] = v
	}
	id := topicNew(ctx, gid, body)
	same := map[string]any{"GroupId": gid, "TopicId": id}
	for k, v := range profile {
		same[k] = v
	}
	framework.Verify(do(ctx, groups.ModifyTopic, same), framework.BeOK())
	t := topicMust(ctx, gid, id, "modify_topic answered OK")
	for k, v := range profile {
		topicExpect(t, k, v)
	}
	expectNone(ctx, "for a modify_topic that changed nothing", framework.CallbackOf(groups.HookTopicChanged, "GroupId", gid))
})
