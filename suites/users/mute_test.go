package users_test

import (
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// muteAccount is an account no other check has muted, unmuted again when
// the check ends.
func muteAccount(ctx ginkgo.SpecContext, n int) []string {
	ginkgo.GinkgoHelper()
	ids := relAccounts(ctx, n)
	relAfter(users.SetNoSpeaking, map[string]any{"Set_Account": ids[0], "C2CmsgNospeakingTime": 0, "GroupmsgNospeakingTime": 0})
	return ids
}

// muteSet calls setnospeaking for id with the times given ("c2c",
// "group"); a nil time is left out.
func muteSet(ctx ginkgo.SpecContext, id string, c2c, group *int64) *target.Exchange {
	ginkgo.GinkgoHelper()
	body := map[string]any{"Set_Account": id}
	if c2c != nil {
		body["C2CmsgNospeakingTime"] = *c2c
	}
	if group != nil {
		body["GroupmsgNospeakingTime"] = *group
	}
	return relDo(ctx, users.SetNoSpeaking, body)
}

func muteSecs(n int64) *int64 { return &n }

// muteGet is getnospeaking's answer for id: the seconds left of each mute.
func muteGet(ctx ginkgo.SpecContext, id string) (c2c, group int64) {
	ginkgo.GinkgoHelper()
	var out struct{ C2CmsgNospeakingTime, GroupmsgNospeakingTime *int64 }
	relNeed(ctx, users.GetNoSpeaking, map[string]any{"Get_Account": id}, &out, "read the mutes with openconfigsvr/getnospeaking")
	if out.C2CmsgNospeakingTime != nil {
		c2c = *out.C2CmsgNospeakingTime
	}
	if out.GroupmsgNospeakingTime != nil {
		group = *out.GroupmsgNospeakingTime
	}
	return c2c, group
}

var _ = users.Checks.It("USERS-MUTE-001", func(ctx ginkgo.SpecContext) {
	id := muteAccount(ctx, 1)[0]
	set := time.Now()
	framework.Verify(muteSet(ctx, id, muteSecs(users.MuteForever), muteSecs(7200)), framework.BeOK())
	c2c, group := muteGet(ctx, id)
	elapsed := int64(time.Since(set).Seconds()) + 2
	if c2c != users.MuteForever {
		framework.Failf("openconfigsvr/getnospeaking answered C2CmsgNospeakingTime %d after a mute for ever; want 4294967295", c2c)
	}
	if group > 7200 || group <= 7200-elapsed {
		framework.Failf("openconfigsvr/getnospeaking answered GroupmsgNospeakingTime %d %d s after a mute of 7200 s; want the time left, at most 7200 and more than %d", group, elapsed, 7200-elapsed)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-MUTE-002", func(ctx ginkgo.SpecContext) {
	id := muteAccount(ctx, 1)[0]
	relNeed(ctx, users.SetNoSpeaking, map[string]any{"Set_Account": id, "C2CmsgNospeakingTime": users.MuteForever, "GroupmsgNospeakingTime": users.MuteForever}, nil, "mute both kinds")
	framework.Verifyf(muteSet(ctx, id, nil, muteSecs(0)), framework.BeOK(), "GroupmsgNospeakingTime 0 alone")
	if c2c, group := muteGet(ctx, id); group != 0 || c2c != users.MuteForever {
		framework.Failf("openconfigsvr/getnospeaking answered C2CmsgNospeakingTime %d and GroupmsgNospeakingTime %d after GroupmsgNospeakingTime 0 alone; want 4294967295 and 0", c2c, group)
	}
	framework.Verifyf(muteSet(ctx, id, muteSecs(0), nil), framework.BeOK(), "C2CmsgNospeakingTime 0 alone")
	if c2c, group := muteGet(ctx, id); group != 0 || c2c != 0 {
		framework.Failf("openconfigsvr/getnospeaking answered C2CmsgNospeakingTime %d and GroupmsgNospeakingTime %d after both were set to 0; want 0 and 0", c2c, group)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-MUTE-003", func(ctx ginkgo.SpecContext) {
	ids := muteAccount(ctx, 2)
	muted, peer := ids[0], ids[1]
	relNeed(ctx, users.SetNoSpeaking, map[string]any{"Set_Account": muted, "C2CmsgNospeakingTime": users.MuteForever}, nil, "mute one-to-one sends")
	x, text := relSend(ctx, muted, peer)
	expectRefusedOrDelivered(ctx, x, muted, peer, text, users.CodeSenderMuted, "a muted account sends")
	x, text = relSend(ctx, peer, muted)
	expectDelivered(ctx, x, peer, muted, text, "a message to the muted account")
	relNeed(ctx, users.SetNoSpeaking, map[string]any{"Set_Account": muted, "C2CmsgNospeakingTime": 0}, nil, "unmute one-to-one sends")
	x, text = relSend(ctx, muted, peer)
	expectDelivered(ctx, x, muted, peer, text, "the account sends once unmuted")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-MUTE-004", func(ctx ginkgo.SpecContext) {
	ids := muteAccount(ctx, 2)
	muted, peer := ids[0], ids[1]
	framework.Verify(muteSet(ctx, muted, muteSecs(2), nil), framework.BeOK())
	if c2c, _ := muteGet(ctx, muted); c2c < 1 || c2c > 2 {
		framework.Failf("openconfigsvr/getnospeaking answered C2CmsgNospeakingTime %d right after a mute of 2 s; want 1 or 2", c2c)
	}
	last := int64(-1)
	missed := gomega.InterceptGomegaFailure(func() {
		gomega.Eventually(ctx, func() int64 {
			var out struct{ C2CmsgNospeakingTime int64 }
			if _, err := env.Client.Call(ctx, users.GetNoSpeaking, map[string]any{"Get_Account": muted}, &out); err != nil {
				return -1
			}
			last = out.C2CmsgNospeakingTime
			return last
		}).WithTimeout(10 * time.Second).WithPolling(250 * time.Millisecond).Should(gomega.BeZero())
	})
	if missed != nil {
		framework.Failf("openconfigsvr/getnospeaking still answered C2CmsgNospeakingTime %d 10 s after a mute of 2 s; want 0, the mute run out", last)
	}
	x, text := relSend(ctx, muted, peer)
	expectDelivered(ctx, x, muted, peer, text, "the account sends once its mute ran out")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-MUTE-005", func(ctx ginkgo.SpecContext) {
	id := muteAccount(ctx, 1)[0]
	relNeed(ctx, users.SetNoSpeaking, map[string]any{"Set_Account": id, "GroupmsgNospeakingTime": users.MuteForever}, nil, "mute group sends")
	framework.Verify(muteSet(ctx, id, nil, nil), framework.FailWith(users.CodeMuteNoTime))
	if c2c, group := muteGet(ctx, id); c2c != 0 || group != users.MuteForever {
		framework.Failf("openconfigsvr/getnospeaking answered C2CmsgNospeakingTime %d and GroupmsgNospeakingTime %d after the refused call; want 0 and 4294967295, as before it", c2c, group)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))
