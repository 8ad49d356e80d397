package users_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// profField is one Tag/Value pair of portrait_set.
type profField struct {
	Tag   string
	Value any
}

// profDo sends body to path with the retrying client; a call without an
// HTTP answer blocks the check.
func profDo(ctx ginkgo.SpecContext, path string, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	x, err := env.Call(ctx, path, body)
	if err != nil {
		framework.Unreachable(path, err)
	}
	return x
}

// profSetX sends portrait_set of fields for id and returns the exchange.
func profSetX(ctx ginkgo.SpecContext, id string, fields ...profField) *target.Exchange {
	ginkgo.GinkgoHelper()
	return profDo(ctx, users.PortraitSet, map[string]any{"From_Account": id, "ProfileItem": fields})
}

// profSet sets fields for id as a precondition.
func profSet(ctx ginkgo.SpecContext, id string, fields ...profField) {
	ginkgo.GinkgoHelper()
	if x := profSetX(ctx, id, fields...); !x.OK() {
		framework.BlockedBy(x, "set profile fields with portrait_set")
	}
}

// profGet reads tags of ids with portrait_get: each account's values by
// tag, raw. A call that does not answer OK, or an account whose item is
// missing or failed, blocks the check.
func profGet(ctx ginkgo.SpecContext, ids []string, tags ...string) map[string]map[string]json.RawMessage {
	ginkgo.GinkgoHelper()
	x := profDo(ctx, users.PortraitGet, map[string]any{"To_Account": ids, "TagList": tags})
	if !x.OK() {
		framework.BlockedBy(x, "read profile fields with portrait_get")
	}
	var out struct {
		UserProfileItem []struct {
			To_Account  string
			ProfileItem []struct {
				Tag   string
				Value json.RawMessage
			}
			ResultCode int
		}
	}
	framework.Require(x.Decode(&out), "decode portrait_get's answer")
	got := map[string]map[string]json.RawMessage{}
	for _, u := range out.UserProfileItem {
		if u.ResultCode != 0 {
			framework.BlockedBy(x, fmt.Sprintf("ResultCode %d for %s", u.ResultCode, u.To_Account))
		}
		got[u.To_Account] = map[string]json.RawMessage{}
		for _, it := range u.ProfileItem {
			got[u.To_Account][it.Tag] = it.Value
		}
	}
	for _, id := range ids {
		if got[id] == nil {
			framework.BlockedBy(x, "no UserProfileItem for "+id)
		}
	}
	return got
}

// profOne is id's raw value of tag, from portrait_get.
func profOne(ctx ginkgo.SpecContext, id, tag string) json.RawMessage {
	ginkgo.GinkgoHelper()
	return profGet(ctx, []string{id}, tag)[id][tag]
}

// profSame reports whether a returned raw value is want with want's JSON
// type: the same string, or the same integer as a JSON number.
func profSame(raw json.RawMessage, want any) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var got any
	if dec.Decode(&got) != nil {
		return false
	}
	switch w := want.(type) {
	case string:
		s, ok := got.(string)
		return ok && s == w
	case int:
		n, ok := got.(json.Number)
		return ok && n.String() == strconv.Itoa(w)
	}
	return false
}

// profShow renders a returned value for a verdict: its JSON text, or
// "nothing".
func profShow(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if len(raw) > 80 {
		return string(raw[:80]) + "…"
	}
	return string(raw)
}

func profWant(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// profKeep restores id's fields tags, as they are now, when the check ends,
// for fields other checks read (AllowType, AdminForbidType).
func profKeep(ctx ginkgo.SpecContext, id string, tags ...string) {
	ginkgo.GinkgoHelper()
	now := profGet(ctx, []string{id}, tags...)[id]
	var fields []profField
	for _, t := range tags {
		var v any
		if json.Unmarshal(now[t], &v) == nil {
			if f, ok := v.(float64); ok {
				v = int(f)
			}
			fields = append(fields, profField{t, v})
		}
	}
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { profSetX(ctx, id, fields...) })
}

func profAccount(ctx ginkgo.SpecContext) string {
	ginkgo.GinkgoHelper()
	ids, err := env.Pool.Distinct(ctx, 1)
	framework.Require(err, "an account")
	return ids[0]
}

// profUnique is a short string no other check sets.
func profUnique(prefix string) string { return prefix + strconv.FormatUint(rand.Uint64()%1e9, 36) }

var _ = users.Checks.It("USERS-PROFILE-001", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	profKeep(ctx, id, "Tag_Profile_IM_AllowType", "Tag_Profile_IM_AdminForbidType")
	fields := []profField{
		{"Tag_Profile_IM_Nick", profUnique("nick")},
		{"Tag_Profile_IM_Gender", "Gender_Type_Female"},
		{"Tag_Profile_IM_BirthDay", 20190419},
		{"Tag_Profile_IM_Location", profUnique("loc")},
		{"Tag_Profile_IM_SelfSignature", profUnique("sig")},
		{"Tag_Profile_IM_AllowType", users.AllowAny},
		{"Tag_Profile_IM_Language", 2},
		{"Tag_Profile_IM_Image", "https://example.com/" + profUnique("face") + ".png"},
		{"Tag_Profile_IM_MsgSettings", 0},
		{"Tag_Profile_IM_AdminForbidType", "AdminForbid_Type_SendOut"},
		{"Tag_Profile_IM_Level", 1 + rand.IntN(200)},
		{"Tag_Profile_IM_Role", 1 + rand.IntN(200)},
	}
	framework.Verifyf(profSetX(ctx, id, fields...), framework.BeOK(), "portrait_set of every standard field")
	tags := make([]string, len(fields))
	for i, f := range fields {
		tags[i] = f.Tag
	}
	got := profGet(ctx, []string{id}, tags...)[id]
	for _, f := range fields {
		if !profSame(got[f.Tag], f.Value) {
			framework.Failf("profile/portrait_get returned %s for %s; want %s, as portrait_set stored it", profShow(got[f.Tag]), f.Tag, profWant(f.Value))
		}
	}
})

var _ = users.Checks.It("USERS-PROFILE-002", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	nick, face := profUnique("imported"), "https://example.com/"+profUnique("f")+".png"
	_, err := env.Client.Call(ctx, "im_open_login_svc/account_import", map[string]any{"UserID": id, "Nick": nick, "FaceUrl": face}, nil)
	framework.Require(err, "import the account with a Nick and a FaceUrl")
	got := profGet(ctx, []string{id}, "Tag_Profile_IM_Nick", "Tag_Profile_IM_Image")[id]
	if !profSame(got["Tag_Profile_IM_Nick"], nick) {
		framework.Failf("profile/portrait_get returned Nick %s after account_import with Nick %q; want it", profShow(got["Tag_Profile_IM_Nick"]), nick)
	}
	if !profSame(got["Tag_Profile_IM_Image"], face) {
		framework.Failf("profile/portrait_get returned Image %s after account_import with FaceUrl %q; want it", profShow(got["Tag_Profile_IM_Image"]), face)
	}
	later := profUnique("set")
	profSet(ctx, id, profField{"Tag_Profile_IM_Nick", later})
	if v := profOne(ctx, id, "Tag_Profile_IM_Nick"); !profSame(v, later) {
		framework.Failf("profile/portrait_get returned Nick %s after portrait_set of %q; want the new Nick", profShow(v), later)
	}
})

var _ = users.Checks.It("USERS-PROFILE-003", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	nick, level, sig := profUnique("keep"), 1+rand.IntN(200), profUnique("sig")
	profSet(ctx, id, profField{"Tag_Profile_IM_Nick", nick}, profField{"Tag_Profile_IM_Level", level})
	framework.Verifyf(profSetX(ctx, id, profField{"Tag_Profile_IM_SelfSignature", sig}), framework.BeOK(), "portrait_set of SelfSignature alone")
	got := profGet(ctx, []string{id}, "Tag_Profile_IM_Nick", "Tag_Profile_IM_Level", "Tag_Profile_IM_SelfSignature")[id]
	for _, f := range []profField{{"Tag_Profile_IM_Nick", nick}, {"Tag_Profile_IM_Level", level}, {"Tag_Profile_IM_SelfSignature", sig}} {
		if !profSame(got[f.Tag], f.Value) {
			framework.Failf("profile/portrait_get returned %s for %s after a portrait_set of SelfSignature alone; want %s", profShow(got[f.Tag]), f.Tag, profWant(f.Value))
		}
	}
})

var _ = users.Checks.It("USERS-PROFILE-004", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	nick, level := profUnique("before"), 1+rand.IntN(200)
	profSet(ctx, id, profField{"Tag_Profile_IM_Nick", nick}, profField{"Tag_Profile_IM_Level", level})
	for _, bad := range []profField{{"Tag_Profile_IM_Level", strconv.Itoa(level + 1)}, {"Tag_Profile_IM_Nick", 12345}} {
		x := profSetX(ctx, id, bad)
		framework.Verifyf(x, framework.FailWith(users.ProfileWrongTypeCodes...), "portrait_set of %s as %s", bad.Tag, profWant(bad.Value))
		framework.Variant("%s as %s: ErrorCode %d", bad.Tag, profWant(bad.Value), x.Envelope.ErrorCode)
	}
	got := profGet(ctx, []string{id}, "Tag_Profile_IM_Nick", "Tag_Profile_IM_Level")[id]
	if !profSame(got["Tag_Profile_IM_Level"], level) || !profSame(got["Tag_Profile_IM_Nick"], nick) {
		framework.Failf("profile/portrait_get returned Level %s and Nick %s after refused values of the wrong type; want the earlier %d and %q", profShow(got["Tag_Profile_IM_Level"]), profShow(got["Tag_Profile_IM_Nick"]), level, nick)
	}
})

var _ = users.Checks.It("USERS-PROFILE-005", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	profKeep(ctx, id, "Tag_Profile_IM_AllowType")
	profSet(ctx, id, profField{"Tag_Profile_IM_Gender", "Gender_Type_Male"}, profField{"Tag_Profile_IM_AllowType", users.AllowAny})
	for _, bad := range []profField{{"Tag_Profile_IM_Gender", "Gender_Type_Other"}, {"Tag_Profile_IM_AllowType", "AllowType_Type_Friends"}} {
		framework.Verifyf(profSetX(ctx, id, bad), framework.FailWith(users.ProfileBadValue), "portrait_set of %s as %q", bad.Tag, bad.Value)
	}
	got := profGet(ctx, []string{id}, "Tag_Profile_IM_Gender", "Tag_Profile_IM_AllowType")[id]
	if !profSame(got["Tag_Profile_IM_Gender"], "Gender_Type_Male") || !profSame(got["Tag_Profile_IM_AllowType"], users.AllowAny) {
		framework.Failf("profile/portrait_get returned Gender %s and AllowType %s after refused values; want the earlier Gender_Type_Male and %s", profShow(got["Tag_Profile_IM_Gender"]), profShow(got["Tag_Profile_IM_AllowType"]), users.AllowAny)
	}
})

var _ = users.Checks.It("USERS-PROFILE-006", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	full := profUnique("n")
	full += strings.Repeat("x", users.ProfileMaxBytes-len(full))
	framework.Verifyf(profSetX(ctx, id, profField{"Tag_Profile_IM_Nick", full}), framework.BeOK(), "portrait_set of a Nick of exactly %d bytes", users.ProfileMaxBytes)
	if v := profOne(ctx, id, "Tag_Profile_IM_Nick"); !profSame(v, full) {
		framework.Failf("profile/portrait_get returned Nick %s after portrait_set of %d bytes; want those bytes", profShow(v), users.ProfileMaxBytes)
	}
	framework.Verifyf(profSetX(ctx, id, profField{"Tag_Profile_IM_Nick", full + "y"}), framework.FailWith(users.ProfileTooLong), "portrait_set of a Nick of %d bytes", users.ProfileMaxBytes+1)
	if v := profOne(ctx, id, "Tag_Profile_IM_Nick"); !profSame(v, full) {
		framework.Failf("profile/portrait_get returned Nick %s after a refused Nick of %d bytes; want the earlier one", profShow(v), users.ProfileMaxBytes+1)
	}
})

// profCustomTag is a custom tag no console defines: Tag_Profile_Custom_ and
// eight random letters.
func profCustomTag() string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte('a' + rand.IntN(26))
	}
	b[0] = 'Q'
	return "Tag_Profile_Custom_" + string(b)
}

var _ = users.Checks.It("USERS-PROFILE-007", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	nick := profUnique("before")
	profSet(ctx, id, profField{"Tag_Profile_IM_Nick", nick})
	tag := profCustomTag()
	framework.Verifyf(profSetX(ctx, id, profField{"Tag_Profile_IM_Nick", profUnique("x")}, profField{tag, "v"}), framework.FailWith(users.ProfileNoSuchTag), "portrait_set naming %s, which the app has not defined", tag)
	framework.Verifyf(profDo(ctx, users.PortraitGet, map[string]any{"To_Account": []string{id}, "TagList": []string{"Tag_Profile_IM_Nick", tag}}),
		framework.FailWith(users.ProfileNoSuchTag), "portrait_get naming %s", tag)
	if v := profOne(ctx, id, "Tag_Profile_IM_Nick"); !profSame(v, nick) {
		framework.Failf("profile/portrait_get returned Nick %s after a refused portrait_set that also named %s; want the earlier %q", profShow(v), tag, nick)
	}
})

var _ = users.Checks.It("USERS-PROFILE-008", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	tag := "Tag_Profile_IM_Shoesize"
	framework.Verifyf(profSetX(ctx, id, profField{tag, "42"}), framework.FailWith(users.ProfileNoSuchTag), "portrait_set of %s", tag)
	framework.Verifyf(profDo(ctx, users.PortraitGet, map[string]any{"To_Account": []string{id}, "TagList": []string{tag}}),
		framework.FailWith(users.ProfileNoSuchTag), "portrait_get of %s", tag)
})

var _ = users.Checks.It("USERS-PROFILE-009", func(ctx ginkgo.SpecContext) {
	ids, err := env.Pool.Distinct(ctx, 2)
	framework.Require(err, "two accounts")
	want := map[string][]profField{}
	for i, id := range ids {
		want[id] = []profField{{"Tag_Profile_IM_Nick", profUnique("u" + strconv.Itoa(i))}, {"Tag_Profile_IM_Level", 10*i + 1 + rand.IntN(9)}}
		profSet(ctx, id, want[id]...)
	}
	x := profDo(ctx, users.PortraitGet, map[string]any{"To_Account": ids, "TagList": []string{"Tag_Profile_IM_Nick", "Tag_Profile_IM_Level"}})
	framework.Verify(x, framework.BeOK())
	var out struct {
		UserProfileItem []struct {
			To_Account  string
			ProfileItem []struct {
				Tag   string
				Value json.RawMessage
			}
			ResultCode int
		}
	}
	framework.Require(x.Decode(&out), "decode portrait_get's answer")
	if len(out.UserProfileItem) != len(ids) {
		framework.Failf("profile/portrait_get of %d users returned %d UserProfileItem entries; want one per user", len(ids), len(out.UserProfileItem))
	}
	for _, u := range out.UserProfileItem {
		fields, ok := want[u.To_Account]
		if !ok || u.ResultCode != 0 {
			framework.Failf("profile/portrait_get returned an item for %q with ResultCode %d; want items for %s, each with ResultCode 0", u.To_Account, u.ResultCode, strings.Join(ids, " and "))
		}
		for _, f := range fields {
			var got json.RawMessage
			for _, it := range u.ProfileItem {
				if it.Tag == f.Tag {
					got = it.Value
				}
			}
			if !profSame(got, f.Value) {
				framework.Failf("profile/portrait_get returned %s for %s of %s; want %s, that user's own value", profShow(got), f.Tag, u.To_Account, profWant(f.Value))
			}
		}
	}
})

// profHookOnce waits for the one callback that matches, checks it against
// its schema and that no second copy follows.
func profHookOnce(ctx ginkgo.SpecContext, cmd, after string, match func(framework.Callback) bool) framework.Callback {
	ginkgo.GinkgoHelper()
	c, err := env.Receiver.Wait(ctx, match)
	if err != nil {
		framework.Failf("%s sent no %s within %s after the call answered OK; want one", after, cmd, framework.CallbackWait)
	}
	if v, err := schemas.ValidateWebhook(cmd, c.Body); err != nil || len(v) > 0 {
		what := "not JSON"
		if len(v) > 0 {
			what = v[0].String()
		}
		framework.Failf("%s's %s breaks its schema (%s); want a body valid against it\nbody: %s", after, cmd, what, c.Body)
	}
	if got := env.Receiver.Quiet(ctx, frOnceWindow, 2, match); len(got) > 1 {
		framework.Failf("%s sent %s %d times for one call; want once", after, cmd, len(got))
	}
	return c
}

// profHookIt declares a check that reads the target's callbacks; it runs
// in parallel with the rest, for its rules and matchers name only its own
// accounts and values.
func profHookIt(id string, body func(ginkgo.SpecContext)) bool {
	return users.Checks.It(id, func(ctx ginkgo.SpecContext) {
		env.NeedReceiver()
		body(ctx)
	}, ginkgo.SpecTimeout(framework.SpecTimeout))
}

var _ = profHookIt("USERS-HOOK-001", func(ctx ginkgo.SpecContext) {
	id := profAccount(ctx)
	nick, level := profUnique("hook"), 1+rand.IntN(200)
	framework.Verify(profSetX(ctx, id, profField{"Tag_Profile_IM_Nick", nick}, profField{"Tag_Profile_IM_Level", level}), framework.BeOK())
	mine := func(c framework.Callback) bool {
		return c.Command == users.HookPortraitSet && c.Str("From_Account") == id
	}
	this := func(c framework.Callback) bool { return mine(c) && bytes.Contains(c.Body, []byte(nick)) }
	c := profHookOnce(ctx, users.HookPortraitSet, users.PortraitSet, this)
	var body struct {
		ProfileItem []struct {
			Tag   string
			Value json.RawMessage
		}
	}
	json.Unmarshal(c.Body, &body)
	for _, f := range []profField{{"Tag_Profile_IM_Nick", nick}, {"Tag_Profile_IM_Level", level}} {
		var got json.RawMessage
		for _, it := range body.ProfileItem {
			if it.Tag == f.Tag {
				got = it.Value
			}
		}
		if !profSame(got, f.Value) {
			framework.Failf("%s carried %s for %s; want %s, the value portrait_set stored", users.HookPortraitSet, profShow(got), f.Tag, profWant(f.Value))
		}
	}
	// A refused portrait_set fires nothing.
	x := profSetX(ctx, id, profField{"Tag_Profile_IM_Level", "not a number"})
	if x.OK() {
		framework.BlockedBy(x, "a portrait_set that must fail")
	}
	later := func(f framework.Callback) bool { return mine(f) && f.At.After(c.At) }
	if got := env.Receiver.Quiet(ctx, frOnceWindow, 1, later); len(got) > 0 {
		framework.Failf("a portrait_set that answered ErrorCode %d sent %s; want none", x.Envelope.ErrorCode, users.HookPortraitSet)
	}
})
