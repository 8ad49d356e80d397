package setmsgread_test

import (
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

const sent = 3 // messages Peer_Account sends in the behaviour checks

// conversation returns a fresh pair where peer has sent report n live
// messages, imported with past times: the checks that set read "now" then
// do not depend on whether the target counts the boundary second (the docs
// do not say), and the pair has exchanged messages (the docs do not say
// what a set-read answers for a pair that never did).
func conversation(ctx ginkgo.SpecContext, n int) (report, peer string) {
	ginkgo.GinkgoHelper()
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	framework.Require(c2c.ImportPast(ctx, env.Client, peer, report, n), "a precondition")
	return report, peer
}

var _ = setmsgread.Checks.It("SETREAD-OK-001", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, 1)
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, nil)), framework.BeOK())
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-001", func(ctx ginkgo.SpecContext) {
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	framework.Require(c2c.Send(ctx, env.Client, peer, report, sent), "a precondition")
	expectUnread(ctx, report, peer, sent, "after the peer sent that many messages with sendmsg")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-002", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, sent)
	expectUnread(ctx, report, peer, sent, "precondition")
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, nil)), framework.BeOK())
	expectUnread(ctx, report, peer, 0, "after admin_set_msg_read without MsgReadTime")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-003", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, sent)
	framework.Require(c2c.Send(ctx, env.Client, report, peer, 2), "a precondition")
	expectUnread(ctx, peer, report, 2, "precondition: the peer's unread of what report sent")
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, nil)), framework.BeOK())
	expectUnread(ctx, peer, report, 2, "report's read must not touch the peer's unread")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-004", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, sent)
	other, err := env.Pool.PeerOf(ctx, report)
	framework.Require(err, "a precondition")
	framework.Require(c2c.Send(ctx, env.Client, other, report, 2), "a precondition")
	expectUnread(ctx, report, other, 2, "precondition")
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, nil)), framework.BeOK())
	expectUnread(ctx, report, peer, 0, "the conversation set read")
	expectUnread(ctx, report, other, 2, "another conversation of report")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

// importedConversation returns a fresh pair with three live messages from
// peer to report dated 300, 200 and 100 seconds ago, and their times.
func importedConversation(ctx ginkgo.SpecContext) (report, peer string, times []int64) {
	ginkgo.GinkgoHelper()
	report, peer, err := env.Pool.Pair(ctx)
	framework.Require(err, "a precondition")
	now := time.Now().Unix()
	times = []int64{now - 300, now - 200, now - 100}
	for _, t := range times {
		framework.Require(c2c.Import(ctx, env.Client, peer, report, t), "a precondition")
	}
	expectUnread(ctx, report, peer, len(times), "precondition: imported live messages count as unread")
	return report, peer, times
}

var _ = setmsgread.Checks.It("SETREAD-BEH-005", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, setmsgread.Seconds(times[0]-50))), framework.BeOK())
	expectUnread(ctx, report, peer, len(times), "MsgReadTime older than every message")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-006", func(ctx ginkgo.SpecContext) {
	report, peer, times := importedConversation(ctx)
	// Strictly between the second and third message: no boundary second.
	framework.Verify(setRead(ctx, setmsgread.SetReadBody(report, peer, setmsgread.Seconds(times[1]+50))), framework.BeOK())
	expectUnread(ctx, report, peer, 1, "MsgReadTime between the second and the third message")
}, ginkgo.SpecTimeout(framework.SpecTimeout))

var _ = setmsgread.Checks.It("SETREAD-BEH-007", func(ctx ginkgo.SpecContext) {
	report, peer := conversation(ctx, sent)
	framework.Require(c2c.Send(ctx, env.Client, report, peer, 1), "a precondition")
	body := setmsgread.SetReadBody(report, peer, nil)
	framework.Verify(setRead(ctx, body), framework.BeOK())
	expectUnread(ctx, report, peer, 0, "after the first call")
	framework.Verifyf(setRead(ctx, body), framework.BeOK(), "the repeated call")
	expectUnread(ctx, report, peer, 0, "after the repeated call")
	expectUnread(ctx, peer, report, 1, "the peer's own unread, after the repeated call")
}, ginkgo.SpecTimeout(framework.SpecTimeout))
