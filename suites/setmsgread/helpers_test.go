package setmsgread_test

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
)

func mustJSON(v any) []byte {
	ginkgo.GinkgoHelper()
	b, err := json.Marshal(v)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
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
	x, err := env.Client.Do(ctx, target.Request{Endpoint: framework.SetMsgRead, Body: raw})
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return x
}

// expectUnread asserts to's unread count in its conversation with peer.
func expectUnread(ctx ginkgo.SpecContext, to, peer string, want int, why string) {
	ginkgo.GinkgoHelper()
	got, err := framework.Unread(ctx, env.Client, to, peer)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	gomega.Expect(got).To(gomega.Equal(want), "unread count of %s in its conversation with %s: %s", to, peer, why)
}
