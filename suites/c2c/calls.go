package c2c

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chatconform/chatconform/internal/target"
)

func textBody(text string) []map[string]any {
	return []map[string]any{{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": text}}}
}

// Send sends n text messages from from to to with sendmsg. MsgSeq grows
// from a random start, so messages sent in the same second keep their order.
func Send(ctx context.Context, c *target.Client, from, to string, n int) error {
	seq := rand.Uint32N(1 << 31)
	for i := 0; i < n; i++ {
		body := map[string]any{
			"From_Account": from, "To_Account": to, "SyncOtherMachine": 1,
			"MsgSeq": seq + uint32(i), "MsgRandom": rand.Uint32(), "MsgBody": textBody(fmt.Sprintf("chatconform %d", i)),
		}
		if _, err := c.Call(ctx, "openim/sendmsg", body, nil); err != nil {
			return fmt.Errorf("send message %d from %s to %s: %w", i, from, to, err)
		}
	}
	return nil
}

// Import imports one message from from to to dated at, as a live message
// (SyncFromOldSystem 5: counted as unread).
func Import(ctx context.Context, c *target.Client, from, to string, at int64) error {
	body := map[string]any{
		"SyncFromOldSystem": 5, "From_Account": from, "To_Account": to,
		"MsgSeq": rand.Uint32(), "MsgRandom": rand.Uint32(), "MsgTimeStamp": at, "MsgBody": textBody("chatconform import"),
	}
	if _, err := c.Call(ctx, "openim/importmsg", body, nil); err != nil {
		return fmt.Errorf("import message from %s to %s at %d: %w", from, to, at, err)
	}
	return nil
}

// ImportPast imports n live messages from from to to, dated a few minutes
// ago and a second apart, so that "now" is after every one of them
// whatever the target does at the boundary second.
func ImportPast(ctx context.Context, c *target.Client, from, to string, n int) error {
	start := time.Now().Unix() - 300
	for i := 0; i < n; i++ {
		if err := Import(ctx, c, from, to, start+int64(i)); err != nil {
			return err
		}
	}
	return nil
}

// Unread returns to's unread count in its conversation with peer, read with
// get_c2c_unread_msg_num.
func Unread(ctx context.Context, c *target.Client, to, peer string) (int, error) {
	var out struct {
		C2CUnreadMsgNumList []struct {
			Peer_Account    string
			C2CUnreadMsgNum *int
		}
	}
	if _, err := c.Call(ctx, "openim/get_c2c_unread_msg_num", map[string]any{"To_Account": to, "Peer_Account": []string{peer}}, &out); err != nil {
		return 0, fmt.Errorf("unread count of %s with %s: %w", to, peer, err)
	}
	for _, it := range out.C2CUnreadMsgNumList {
		if it.Peer_Account == peer && it.C2CUnreadMsgNum != nil {
			return *it.C2CUnreadMsgNum, nil
		}
	}
	return 0, fmt.Errorf("unread count of %s with %s: peer missing from C2CUnreadMsgNumList", to, peer)
}
