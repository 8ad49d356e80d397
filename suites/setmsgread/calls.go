package setmsgread

import "strconv"

// SetMsgRead is the endpoint the suites are about.
const SetMsgRead = "openim/admin_set_msg_read"

// SetReadBody builds an admin_set_msg_read request body; readTime, when
// not nil, is sent as MsgReadTime as is (a string or a number).
func SetReadBody(report, peer string, readTime any) map[string]any {
	b := map[string]any{"Report_Account": report, "Peer_Account": peer}
	if readTime != nil {
		b["MsgReadTime"] = readTime
	}
	return b
}

// Seconds renders UNIX seconds as the documented MsgReadTime string.
func Seconds(t int64) string { return strconv.FormatInt(t, 10) }
