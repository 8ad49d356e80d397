package users_test

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// appBotID is a chatbot UserID no other check or run uses.
func appBotID() string {
	return users.BotPrefix + "cc" + strconv.FormatUint(rand.Uint64()%(1<<50), 36)
}

// appBot creates a chatbot, deleted again when the check ends.
func appBot(ctx ginkgo.SpecContext) string {
	ginkgo.GinkgoHelper()
	id := appBotID()
	appNeed(ctx, users.BotCreate, map[string]any{"UserID": id}, nil, "create a chatbot")
	appDeleteBotLater(id)
	return id
}

func appDeleteBotLater(id string) {
	ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) {
		env.Call(ctx, users.BotDelete, map[string]any{"Robot_Account": id})
	})
}

// appBots is how often get_all_robots lists each UserID.
func appBots(ctx ginkgo.SpecContext) map[string]int {
	ginkgo.GinkgoHelper()
	var out struct{ Robot_Account []string }
	appNeed(ctx, users.BotGetAll, map[string]any{}, &out, "list the chatbots")
	m := map[string]int{}
	for _, id := range out.Robot_Account {
		m[id]++
	}
	return m
}

// appImported reports whether account_check says id is imported.
func appImported(ctx ginkgo.SpecContext, id string) bool {
	ginkgo.GinkgoHelper()
	var out struct {
		ResultItem []struct{ UserID, AccountStatus string }
	}
	appNeed(ctx, "im_open_login_svc/account_check", map[string]any{"CheckItem": []map[string]string{{"UserID": id}}}, &out, "check the account")
	for _, r := range out.ResultItem {
		if r.UserID == id {
			return r.AccountStatus == "Imported"
		}
	}
	return false
}

var _ = users.Checks.It("USERS-BOT-001", func(ctx ginkgo.SpecContext) {
	id := appBotID()
	framework.Verify(appCall(ctx, users.BotCreate, map[string]any{"UserID": id, "Nick": "chatconform bot"}), framework.BeOK())
	appDeleteBotLater(id)
	if appBots(ctx)[id] == 0 {
		framework.Failf("%s did not list %s after %s answered OK for it; want it listed", users.BotGetAll, id, users.BotCreate)
	}
	if !appImported(ctx, id) {
		framework.Failf("im_open_login_svc/account_check did not report the chatbot %s Imported; want it, a chatbot being an account", id)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-BOT-002", func(ctx ginkgo.SpecContext) {
	id := appBot(ctx)
	framework.Verifyf(appCall(ctx, users.BotCreate, map[string]any{"UserID": id}), framework.BeOK(), "the same chatbot created again")
	if n := appBots(ctx)[id]; n != 1 {
		framework.Failf("%s listed %s %d times after it was created twice; want once", users.BotGetAll, id, n)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-BOT-003", func(ctx ginkgo.SpecContext) {
	id := appBotID()
	bare := id[len(users.BotPrefix):]
	framework.Verifyf(appCall(ctx, users.BotCreate, map[string]any{"UserID": bare}), framework.FailWith(10004), "a chatbot UserID without @RBT#")
	if appBots(ctx)[bare] > 0 {
		framework.Failf("%s listed %s, whose creation was refused; want it not listed", users.BotGetAll, bare)
	}
	x := appCall(ctx, users.BotCreate, map[string]any{"UserID": id})
	if !x.OK() {
		framework.BlockedBy(x, "the same UserID with @RBT#, the control, was refused too")
	}
	appDeleteBotLater(id)
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-BOT-004", func(ctx ginkgo.SpecContext) {
	id := appBot(ctx)
	framework.Verify(appCall(ctx, users.BotDelete, map[string]any{"Robot_Account": id}), framework.BeOK())
	if appBots(ctx)[id] > 0 {
		framework.Failf("%s still listed %s after %s answered OK for it; want it no longer listed", users.BotGetAll, id, users.BotDelete)
	}
	if !appImported(ctx, id) {
		framework.Failf("im_open_login_svc/account_check no longer reported %s Imported after %s; want its UserID kept, as documented", id, users.BotDelete)
	}
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = users.Checks.It("USERS-BOT-005", func(ctx ginkgo.SpecContext) {
	appNeedDisruptive("takes every chatbot slot of the app")
	for i := 0; i <= users.MaxBots; i++ {
		id := appBotID()
		x := appCall(ctx, users.BotCreate, map[string]any{"UserID": id})
		if !x.OK() {
			framework.Verifyf(x, framework.FailWith(10008), "chatbot %d created by this check", i+1)
			framework.Variant("refused after %d chatbots created by this check", i)
			return
		}
		appDeleteBotLater(id)
		if n := len(appBots(ctx)); n > users.MaxBots {
			framework.Failf("%s listed %d chatbots after %s answered OK; want at most %d", users.BotGetAll, n, users.BotCreate, users.MaxBots)
		}
	}
	framework.Failf("%s answered OK for each of %d new chatbots; want the app held to %d", users.BotCreate, users.MaxBots+1, users.MaxBots)
}, ginkgo.Serial, ginkgo.SpecTimeout(framework.SpecTimeout))

// appBotHook matches the Bot.OnC2CMessage callbacks to to.
func appBotHook(to string) func(framework.Callback) bool {
	return func(c framework.Callback) bool { return c.Command == users.HookBotMsg && c.Str("To_Account") == to }
}

func appBodyText(c framework.Callback) string {
	var body []struct{ MsgContent struct{ Text string } }
	json.Unmarshal(c.Fields["MsgBody"], &body)
	if len(body) == 0 {
		return ""
	}
	return body[0].MsgContent.Text
}

var _ = appHookIt("USERS-BOT-006", func(ctx ginkgo.SpecContext) {
	bot := appBot(ctx)
	a, b, err := env.Pool.Pair(ctx)
	framework.Require(err, "two accounts")
	text := "chatconform to a bot " + strconv.FormatUint(rand.Uint64(), 36)
	sent := appSend(ctx, a, bot, text)
	c := appAwaitOnce(ctx, users.HookBotMsg, "openim/sendmsg to a chatbot", appBotHook(bot))
	for field, want := range map[string]string{"From_Account": a, "To_Account": bot, "MsgKey": sent.MsgKey} {
		if got := c.Str(field); got != want {
			framework.Failf("%s carried %s %q; want %q, the message's", users.HookBotMsg, field, got, want)
		}
	}
	if got := appBodyText(c); got != text {
		framework.Failf("%s carried the text %q; want %q, as sent", users.HookBotMsg, got, text)
	}
	appSend(ctx, a, b, "chatconform to a person")
	if got := env.Receiver.Quiet(ctx, appOnceWindow, 1, appBotHook(b)); len(got) > 0 {
		framework.Failf("the target sent %s for a message to %s, an ordinary account; want none", users.HookBotMsg, b)
	}
})

var _ = appHookIt("USERS-BOT-007", func(ctx ginkgo.SpecContext) {
	bot := appBot(ctx)
	appNeed(ctx, users.BotDelete, map[string]any{"Robot_Account": bot}, nil, "delete the chatbot")
	a := appFresh(ctx, 1)
	x := appCall(ctx, "openim/sendmsg", map[string]any{
		"From_Account": a[0], "To_Account": bot, "MsgRandom": rand.Uint32(),
		"MsgBody": []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "chatconform to a deleted bot"}}},
	})
	if x.OK() {
		framework.Variant("a message to a deleted chatbot is delivered")
	} else {
		framework.Variant("a message to a deleted chatbot fails with %d", x.Envelope.ErrorCode)
	}
	if got := env.Receiver.Quiet(ctx, appOnceWindow, 1, appBotHook(bot)); len(got) > 0 {
		framework.Failf("the target sent %s for a message to %s after %s answered OK for it; want none", users.HookBotMsg, bot, users.BotDelete)
	}
})
