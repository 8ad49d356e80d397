package setmsgread_test

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/c2c"
	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

func mustJSON(v any) []byte {
	ginkgo.GinkgoHelper()
	b, err := json.Marshal(v)
	framework.Require(err, "a precondition")
	return b
}

// setRead calls admin_set_msg_read with body (any JSON value, or raw bytes
// sent as they are) through the retrying client.
func setRead(ctx ginkgo.SpecContext, body any) *target.Exchange {
	ginkgo.GinkgoHelper()
	raw, ok := body.([]byte)
	if !ok {
		raw = mustJSON(body)
	}
	x, err := env.Client.Do(ctx, target.Request{Endpoint: setmsgread.SetMsgRead, Body: raw})
	framework.Require(err, "a precondition")
	return x
}

// expectUnread asserts to's unread count in its conversation with peer.
func expectUnread(ctx ginkgo.SpecContext, to, peer string, want int, why string) {
	ginkgo.GinkgoHelper()
	got, err := c2c.Unread(ctx, env.Client, to, peer)
	framework.Require(err, "a precondition")
	if got != want {
		framework.Failf("get_c2c_unread_msg_num answered an unread count of %d for %s in its conversation with %s; want %d: %s", got, to, peer, want, why)
	}
}
