package users_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// appCall sends body to path with the retrying client; a call that gets no
// HTTP answer blocks the check.
func appCall(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

// appNeed makes a call the check needs: anything but OK blocks it.
func appNeed(ctx ginkgo.SpecContext, path string, body, out any, what string) *target.Exchange {
	ginkgo.GinkgoHelper()
	x := appCall(ctx, path, body)
	if !x.OK() {
		framework.BlockedBy(x, what)
	}
	if out != nil {
		if err := x.Decode(out); err != nil {
			framework.Failf("%s answered a body that does not decode: %v", path, err)
		}
	}
	return x
}

// appFresh returns n accounts imported for this check alone: no other
// check gave them tags, attributes or client sessions.
func appFresh(ctx ginkgo.SpecContext, n int) []string {
	ginkgo.GinkgoHelper()
	out := make([]string, n)
	for i := range out {
		id, err := env.Pool.Digits(ctx, true)
		framework.Require(err, "an account of the check's own")
		out[i] = id
	}
	return out
}

func appControl() emulator.Control {
	return emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
}

// appNeedPushRecord skips a check that must see whom a push reached, which
// only the emulator's control API tells.
func appNeedPushRecord() {
	if !env.Target.Has(framework.CapSessions) {
		ginkgo.Skip("needs the emulator's push record: a REST-only target does not say whom a push reached")
	}
}

// appNeedDisruptive skips, on a region without ALLOW_DISRUPTIVE, a check
// that uses up or throttles something of the app.
func appNeedDisruptive(what string) {
	if env.Target.Region && !env.Target.AllowDisruptive {
		ginkgo.Skip("disruptive: it " + what + " on " + env.Target.String() + "; set ALLOW_DISRUPTIVE=1 to run it")
	}
}

// appName is a name no other check or run uses: for tags and attributes.
func appName(what string) string {
	return fmt.Sprintf("cc-%s-%s-%d", env.Pool.Prefix(), what, rand.Uint32()%1000000)
}

// Attribute numbers and names the checks use. The contract fixtures name
// 0 to 3; the numbers below name the same attributes in every process and
// run, so concurrent checks never rename each other's. USERS-PUSH-001 and
// -002 own 7, 8 and 9.
var appAttrs = map[string]string{"4": "chatconform-city", "5": "chatconform-tier", "6": "chatconform-lang"}

const (
	appCity = "chatconform-city"
	appTier = "chatconform-tier"
	appLang = "chatconform-lang"
)

// appNameAttrs sets the shared attribute names.
func appNameAttrs(ctx ginkgo.SpecContext) {
	ginkgo.GinkgoHelper()
	appNeed(ctx, users.PushSetAttrName, map[string]any{"AttrNames": appAttrs}, nil, "name the app's push attributes")
}

func appAttrNames(ctx ginkgo.SpecContext) map[string]string {
	ginkgo.GinkgoHelper()
	var out struct{ AttrNames map[string]string }
	appNeed(ctx, users.PushGetAttrName, map[string]any{}, &out, "read the attribute names")
	return out.AttrNames
}

// appUserAttrs is im_get_attr's answer: account → attribute → value.
func appUserAttrs(ctx ginkgo.SpecContext, ids ...string) map[string]map[string]string {
	ginkgo.GinkgoHelper()
	var out struct {
		UserAttrs []struct {
			To_Account string
			Attrs      map[string]string
		}
	}
	appNeed(ctx, users.PushGetAttr, map[string]any{"To_Account": ids}, &out, "read the attributes")
	m := map[string]map[string]string{}
	for _, u := range out.UserAttrs {
		m[u.To_Account] = u.Attrs
	}
	return m
}

func appSetAttrs(ctx ginkgo.SpecContext, attrs map[string]map[string]string) {
	ginkgo.GinkgoHelper()
	var items []map[string]any
	for id, a := range attrs {
		items = append(items, map[string]any{"To_Account": id, "Attrs": a})
	}
	appNeed(ctx, users.PushSetAttr, map[string]any{"UserAttrs": items}, nil, "set the users' attributes")
}

// appTags is im_get_tag's answer: account → tags.
func appTags(ctx ginkgo.SpecContext, ids ...string) map[string][]string {
	ginkgo.GinkgoHelper()
	var out struct {
		UserTags []struct {
			To_Account string
			Tags       []string
		}
	}
	appNeed(ctx, users.PushGetTag, map[string]any{"To_Account": ids}, &out, "read the tags")
	m := map[string][]string{}
	for _, u := range out.UserTags {
		m[u.To_Account] = u.Tags
	}
	return m
}

func appAddTags(ctx ginkgo.SpecContext, tags map[string][]string) {
	ginkgo.GinkgoHelper()
	var items []map[string]any
	for id, t := range tags {
		items = append(items, map[string]any{"To_Account": id, "Tags": t})
	}
	appNeed(ctx, users.PushAddTag, map[string]any{"UserTags": items}, nil, "tag the users")
}

func appSameSet(got, want []string) bool {
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func appList(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// appPushBody is an im_push body from sender with cond (nil for none):
// MsgLifeTime 0 keeps it to online users where the check allows.
func appPushBody(sender string, cond map[string]any, lifetime int) map[string]any {
	body := map[string]any{
		"From_Account": sender, "MsgRandom": rand.Uint32(), "MsgLifeTime": lifetime,
		"MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "chatconform push"}}},
	}
	if cond != nil {
		body["Condition"] = cond
	}
	return body
}

// appPush sends a push, waiting out 90024 (pushes must be more than a
// second apart: an earlier check may have pushed just now), and returns the
// answer. A push refused with 90047 blocks the check: the app's pushes of
// the day are used up (by USERS-PUSH-019 of an earlier run, say).
func appPush(ctx ginkgo.SpecContext, body map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x := appPushOrQuota(ctx, body)
	if x.Envelope.ErrorCode == 90047 {
		framework.BlockedBy(x, "the app's pushes of the day are used up")
	}
	return x
}

// appPushOrQuota is appPush without the block, for the check of the quota
// itself.
func appPushOrQuota(ctx ginkgo.SpecContext, body map[string]any) *target.Exchange {
	ginkgo.GinkgoHelper()
	for attempt := 0; ; attempt++ {
		x := appCall(ctx, users.PushSend, body)
		if x.Envelope.ErrorCode != 90024 || attempt == 5 {
			return x
		}
		framework.Quiet(ctx, 1100*time.Millisecond) // the documented interval, and a little
	}
}

// appPushed pushes body, which must answer OK with a TaskId, and returns
// the accounts the push reached, from the emulator's record.
func appPushed(ctx ginkgo.SpecContext, body map[string]any, what string) []string {
	ginkgo.GinkgoHelper()
	x := appPush(ctx, body)
	framework.Verifyf(x, framework.BeOK(), "%s", what)
	var out struct{ TaskId string }
	x.Decode(&out)
	if out.TaskId == "" {
		framework.Failf("%s answered OK without a TaskId for %s; want the push task's ID", users.PushSend, what)
	}
	rec, err := appControl().Pushes(ctx, out.TaskId)
	framework.Require(err, "the emulator's record of push "+out.TaskId)
	return rec.Recipients
}

// appExpectReach fails unless the push reached exactly the wanted ones of
// the accounts watched.
func appExpectReach(reached, watched, want []string, what string) {
	ginkgo.GinkgoHelper()
	for _, id := range watched {
		in, wanted := slices.Contains(reached, id), slices.Contains(want, id)
		switch {
		case in && !wanted:
			framework.Failf("%s (%s) reached %s; want only %s of %s", users.PushSend, what, id, appList(want), appList(watched))
		case !in && wanted:
			framework.Failf("%s (%s) did not reach %s; want %s of %s", users.PushSend, what, id, appList(want), appList(watched))
		}
	}
}

var _ = users.Checks.It("USERS-PUSH-001", func(ctx ginkgo.SpecContext) {
	names := map[string]string{"7": appName("a7"), "8": appName("a8")}
	framework.Verify(appCall(ctx, users.PushSetAttrName, map[string]any{"AttrNames": names}), framework.BeOK())
	got := appAttrNames(ctx)
	for n, name := range names {
		if got[n] != name {
			framework.Failf("%s reported attribute %s as %q after %s named it %q; want that name", users.PushGetAttrName, n, got[n], users.PushSetAttrName, name)
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-002", func(ctx ginkgo.SpecContext) {
	name := appName("a10")
	framework.Verifyf(appCall(ctx, users.PushSetAttrName, map[string]any{"AttrNames": map[string]string{"10": name}}), framework.FailWith(90001), "attribute number 10")
	framework.Variant("ErrorCode 90001")
	if got, ok := appAttrNames(ctx)["10"]; ok {
		framework.Failf("%s reported attribute 10 as %q after it was refused; want no attribute 10", users.PushGetAttrName, got)
	}
	if x := appCall(ctx, users.PushSetAttrName, map[string]any{"AttrNames": map[string]string{"9": name}}); !x.OK() {
		framework.BlockedBy(x, "the same name for attribute 9, the control, was refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-003", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 2)
	appNameAttrs(ctx)
	body := map[string]any{"UserAttrs": []map[string]any{{"To_Account": ids[0], "Attrs": map[string]string{appCity: "Shenzhen", appTier: "gold"}}}}
	framework.Verify(appCall(ctx, users.PushSetAttr, body), framework.BeOK())
	got := appUserAttrs(ctx, ids...)
	if got[ids[0]][appCity] != "Shenzhen" || got[ids[0]][appTier] != "gold" {
		framework.Failf("%s reported %s's %s %q and %s %q; want Shenzhen and gold, as set", users.PushGetAttr, ids[0], appCity, got[ids[0]][appCity], appTier, got[ids[0]][appTier])
	}
	if attrs, listed := got[ids[1]]; !listed || len(attrs) != 0 {
		framework.Failf("%s reported %d attributes for %s (listed: %t), who was given none; want it listed with Attrs {}", users.PushGetAttr, len(attrs), ids[1], listed)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-004", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 1)
	appNameAttrs(ctx)
	unnamed := appName("unnamed")
	framework.Verifyf(appCall(ctx, users.PushSetAttr, map[string]any{"UserAttrs": []map[string]any{{"To_Account": ids[0], "Attrs": map[string]string{unnamed: "x"}}}}),
		framework.FailWith(90033), "an attribute the app has not named")
	if v, ok := appUserAttrs(ctx, ids[0])[ids[0]][unnamed]; ok {
		framework.Failf("%s reported the refused attribute %s as %q; want it not stored", users.PushGetAttr, unnamed, v)
	}
	if x := appCall(ctx, users.PushSetAttr, map[string]any{"UserAttrs": []map[string]any{{"To_Account": ids[0], "Attrs": map[string]string{appCity: "x"}}}}); !x.OK() {
		framework.BlockedBy(x, "the same call with an attribute the app named, the control, was refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-005", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 1)
	id := ids[0]
	appNameAttrs(ctx)
	appSetAttrs(ctx, map[string]map[string]string{id: {appCity: "Oslo", appLang: "no"}})
	framework.Verify(appCall(ctx, users.PushRemoveAttr, map[string]any{"UserAttrs": []map[string]any{{"To_Account": id, "Attrs": []string{appCity}}}}), framework.BeOK())
	got := appUserAttrs(ctx, id)[id]
	if v, ok := got[appCity]; ok {
		framework.Failf("%s still reported %s %q for %s after %s removed it; want it gone", users.PushGetAttr, appCity, v, id, users.PushRemoveAttr)
	}
	if got[appLang] != "no" {
		framework.Failf("%s reported %s %q for %s after %s removed only %s; want it kept as no", users.PushGetAttr, appLang, got[appLang], id, users.PushRemoveAttr, appCity)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-006", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 2)
	t1, t2, t3 := appName("t1"), appName("t2"), appName("t3")
	body := map[string]any{"UserTags": []map[string]any{{"To_Account": ids[0], "Tags": []string{t1, t2}}, {"To_Account": ids[1], "Tags": []string{t3}}}}
	framework.Verify(appCall(ctx, users.PushAddTag, body), framework.BeOK())
	got := appTags(ctx, ids...)
	for id, want := range map[string][]string{ids[0]: {t1, t2}, ids[1]: {t3}} {
		if !appSameSet(got[id], want) {
			framework.Failf("%s reported the tags %s for %s; want %s, as added", users.PushGetTag, appList(got[id]), id, appList(want))
		}
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-007", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 1)
	id := ids[0]
	t1, t2 := appName("t1"), appName("t2")
	appAddTags(ctx, map[string][]string{id: {t1, t2}})
	framework.Verify(appCall(ctx, users.PushRemoveTag, map[string]any{"UserTags": []map[string]any{{"To_Account": id, "Tags": []string{t1}}}}), framework.BeOK())
	if got := appTags(ctx, id)[id]; !appSameSet(got, []string{t2}) {
		framework.Failf("%s reported the tags %s for %s after %s removed %s; want %s only", users.PushGetTag, appList(got), id, users.PushRemoveTag, t1, t2)
	}
	framework.Verify(appCall(ctx, users.PushRemoveAllTags, map[string]any{"To_Account": []string{id}}), framework.BeOK())
	if got := appTags(ctx, id)[id]; len(got) != 0 {
		framework.Failf("%s reported the tags %s for %s after %s; want none", users.PushGetTag, appList(got), id, users.PushRemoveAllTags)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

func appTagList(n int) []string {
	stem := appName("n")
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", stem, i)
	}
	return out
}

var _ = users.Checks.It("USERS-PUSH-008", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 1)
	id := ids[0]
	eleven := appTagList(users.MaxTagsPerAdd + 1)
	framework.Verifyf(appCall(ctx, users.PushAddTag, map[string]any{"UserTags": []map[string]any{{"To_Account": id, "Tags": eleven}}}),
		framework.FailWith(90032), "11 tags for one user")
	if got := appTags(ctx, id)[id]; len(got) != 0 {
		framework.Failf("%s reported %d tags for %s after adding 11 was refused; want none added", users.PushGetTag, len(got), id)
	}
	if x := appCall(ctx, users.PushAddTag, map[string]any{"UserTags": []map[string]any{{"To_Account": id, "Tags": eleven[:users.MaxTagsPerAdd]}}}); !x.OK() {
		framework.BlockedBy(x, "10 of the same tags, the control, were refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-009", func(ctx ginkgo.SpecContext) {
	ids := appFresh(ctx, 1)
	id := ids[0]
	tags := appTagList(users.MaxTagsPerUser + 1)
	for i := 0; i < users.MaxTagsPerUser; i += users.MaxTagsPerAdd {
		appAddTags(ctx, map[string][]string{id: tags[i : i+users.MaxTagsPerAdd]})
	}
	x := appCall(ctx, users.PushAddTag, map[string]any{"UserTags": []map[string]any{{"To_Account": id, "Tags": tags[users.MaxTagsPerUser:]}}})
	n := len(appTags(ctx, id)[id])
	if n > users.MaxTagsPerUser {
		framework.Failf("%s reported %d tags for %s after %s answered %s for the 101st; want at most 100", users.PushGetTag, n, id, users.PushAddTag, framework.Answered(x))
	}
	if x.OK() {
		framework.Variant("the 101st tag answered OK and the user kept %d tags", n)
	} else {
		framework.Variant("the 101st tag failed with %d", x.Envelope.ErrorCode)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-PUSH-010", func(ctx ginkgo.SpecContext) {
	ids, err := env.Pool.Distinct(ctx, users.MaxPushUsers+1)
	framework.Require(err, "101 accounts")
	framework.Verifyf(appCall(ctx, users.PushGetTag, map[string]any{"To_Account": ids}), framework.FailWith(90018), "101 accounts")
	if x := appCall(ctx, users.PushGetTag, map[string]any{"To_Account": ids[:users.MaxPushUsers]}); !x.OK() {
		framework.BlockedBy(x, "100 of the same accounts, the control, were refused too")
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// The checks that push run one at a time, in this order: pushes must be a
// second apart, and the last one uses up the day's quota.
var _ = ginkgo.Describe("push to all users", ginkgo.Ordered, ginkgo.Serial, ginkgo.ContinueOnFailure, func() {
	users.Checks.It("USERS-PUSH-011", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord()
		ids := appFresh(ctx, 4)
		sender, both, one, none := ids[0], ids[1], ids[2], ids[3]
		t1, t2 := appName("t1"), appName("t2")
		appAddTags(ctx, map[string][]string{both: {t1, t2}, one: {t1}})
		reached := appPushed(ctx, appPushBody(sender, map[string]any{"TagsAnd": []string{t1, t2}}, 60), "a TagsAnd push")
		appExpectReach(reached, []string{both, one, none}, []string{both}, "TagsAnd of two tags")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-012", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord()
		ids := appFresh(ctx, 4)
		sender, a, b, none := ids[0], ids[1], ids[2], ids[3]
		t1, t2 := appName("t1"), appName("t2")
		appAddTags(ctx, map[string][]string{a: {t1}, b: {t2}})
		reached := appPushed(ctx, appPushBody(sender, map[string]any{"TagsOr": []string{t1, t2}}, 60), "a TagsOr push")
		appExpectReach(reached, []string{a, b, none}, []string{a, b}, "TagsOr of two tags")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-013", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord()
		ids := appFresh(ctx, 5)
		sender, both, city, tier, none := ids[0], ids[1], ids[2], ids[3], ids[4]
		appNameAttrs(ctx)
		c, t := appName("city"), appName("tier")
		appSetAttrs(ctx, map[string]map[string]string{both: {appCity: c, appTier: t}, city: {appCity: c}, tier: {appTier: t}, none: {appLang: c}})
		watched := []string{both, city, tier, none}
		reached := appPushed(ctx, appPushBody(sender, map[string]any{"AttrsAnd": map[string]string{appCity: c, appTier: t}}, 60), "an AttrsAnd push")
		appExpectReach(reached, watched, []string{both}, "AttrsAnd of two attributes")
		reached = appPushed(ctx, appPushBody(sender, map[string]any{"AttrsOr": map[string]string{appCity: c, appTier: t}}, 60), "an AttrsOr push")
		appExpectReach(reached, watched, []string{both, city, tier}, "AttrsOr of two attributes")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-014", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord() // before any push: on a real app it would reach every user
		ids := appFresh(ctx, 3)
		sender, tagged, untagged := ids[0], ids[1], ids[2]
		appAddTags(ctx, map[string][]string{tagged: {appName("t")}})
		reached := appPushed(ctx, appPushBody(sender, nil, 60), "a push without a condition")
		appExpectReach(reached, []string{tagged, untagged}, []string{tagged, untagged}, "no condition")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-015", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord()
		env.NeedSessions()
		ids := appFresh(ctx, 3)
		sender, online, offline := ids[0], ids[1], ids[2]
		tag := appName("t")
		appAddTags(ctx, map[string][]string{online: {tag}, offline: {tag}})
		framework.Require(appControl().Login(ctx, online, "iPhone"), "a client logs in")
		ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { appControl().Logout(ctx, online, "") })
		reached := appPushed(ctx, appPushBody(sender, map[string]any{"TagsOr": []string{tag}}, 0), "a push with MsgLifeTime 0")
		appExpectReach(reached, []string{online, offline}, []string{online}, "MsgLifeTime 0, one of the two tagged users online")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-016", func(ctx ginkgo.SpecContext) {
		ids := appFresh(ctx, 1)
		appNameAttrs(ctx)
		tag := appName("t")
		both := map[string]any{"TagsOr": []string{tag}, "AttrsOr": map[string]string{appCity: appName("c")}}
		framework.Verifyf(appPush(ctx, appPushBody(ids[0], both, 0)), framework.FailWith(90039), "TagsOr and AttrsOr together")
		if x := appPush(ctx, appPushBody(ids[0], map[string]any{"TagsOr": []string{tag}}, 0)); !x.OK() {
			framework.BlockedBy(x, "the same push with TagsOr alone, the control, was refused too")
		}
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-017", func(ctx ginkgo.SpecContext) {
		ids := appFresh(ctx, 1)
		cond := map[string]any{"TagsOr": []string{appName("t")}} // reaches no one
		if x := appPush(ctx, appPushBody(ids[0], cond, 0)); !x.OK() {
			framework.BlockedBy(x, "the first push")
		}
		framework.Verifyf(appCall(ctx, users.PushSend, appPushBody(ids[0], cond, 0)), framework.FailWith(90024), "a second push right after the first")
		framework.Quiet(ctx, 1100*time.Millisecond) // more than the documented second
		framework.Verifyf(appCall(ctx, users.PushSend, appPushBody(ids[0], cond, 0)), framework.BeOK(), "a push more than a second after the first")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	users.Checks.It("USERS-PUSH-018", func(ctx ginkgo.SpecContext) {
		appNeedPushRecord()
		ids := appFresh(ctx, 3)
		sender, removed, kept := ids[0], ids[1], ids[2]
		tag := appName("t")
		appAddTags(ctx, map[string][]string{removed: {tag}, kept: {tag}})
		appNeed(ctx, users.PushRemoveTag, map[string]any{"UserTags": []map[string]any{{"To_Account": removed, "Tags": []string{tag}}}}, nil, "remove the tag")
		reached := appPushed(ctx, appPushBody(sender, map[string]any{"TagsOr": []string{tag}}, 60), "a push by the removed tag")
		appExpectReach(reached, []string{removed, kept}, []string{kept}, "TagsOr of a tag removed from one of its two users")
	}, ginkgo.SpecTimeout(framework.SpecTimeout))

	// Last: it uses up the day's pushes.
	users.Checks.It("USERS-PUSH-019", func(ctx ginkgo.SpecContext) {
		appNeedDisruptive("uses up the app's pushes of the day")
		senders, err := env.Pool.Distinct(ctx, users.MaxPushesADay+2)
		framework.Require(err, "102 accounts to push from")
		cond := map[string]any{"TagsOr": []string{appName("t")}} // reaches no one
		accepted := 0
		for i := 0; ; i++ {
			x := appPushOrQuota(ctx, appPushBody(senders[i], cond, 0))
			if x.OK() {
				accepted++
				if accepted > users.MaxPushesADay {
					framework.Failf("%s accepted push %d of the day; want 90047 once the app has made 100", users.PushSend, accepted)
				}
				continue
			}
			if x.Envelope.ErrorCode != 90047 {
				framework.Verifyf(x, framework.FailWith(90047), "push %d of the day, after %d accepted", i+1, accepted)
			}
			break
		}
		framework.Variant("%d pushes accepted by this check before 90047", accepted)
		framework.Verifyf(appPushOrQuota(ctx, appPushBody(senders[users.MaxPushesADay+1], cond, 0)), framework.FailWith(90047), "a push after the quota was used up")
	}, ginkgo.SpecTimeout(4*time.Minute))
})
