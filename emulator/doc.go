// Package emulator is chatconform's reference emulator of the Tencent Cloud
// Chat server REST API: an in-memory, stateful stand-in for the endpoints
// around v4/openim/admin_set_msg_read, shaped like net/http/httptest.
//
//	srv, err := emulator.NewServer(emulator.Options{})
//	if err != nil { ... }
//	defer srv.Close()
//	// POST srv.URL() + "/v4/openim/admin_set_msg_read?sdkappid=...&identifier=administrator&usersig=...&random=1&contenttype=json"
//
// NewHandler gives the same emulator as an http.Handler to mount elsewhere.
// With zero Options it uses the test credentials TestSDKAppID, TestKey and
// TestAdmin, the documented rate limits and the real clock; Options.Now
// gives it a clock a test can move.
//
// # Endpoints
//
// im_open_login_svc: account_import, multiaccount_import, account_delete,
// account_check. openim: admin_set_msg_read, sendmsg, importmsg,
// get_c2c_unread_msg_num, admin_getroammsg, admin_msgwithdraw. Endpoints() lists
// every served path. Each has the call-rate limit its catalogue entry
// documents (package schemas), per SDKAppID.
//
// # What every call goes through
//
// Every answer is HTTP 200 with a JSON body whose first fields are
// ActionStatus, ErrorCode and ErrorInfo (ErrorInfo is always present, "" on
// success), and the Content-Type application/json. Checks run in this order,
// and the first that fails answers:
//
//   - the path is /v4/{service}/{command} of a served endpoint, else 60009;
//   - the method is POST, else 60002;
//   - sdkappid is present (else 60012) and is this app's (else 60006);
//   - identifier is present, else 60004;
//   - random is an integer from 0 to 4294967295, else 60002;
//   - contenttype is exactly "json", else 60002;
//   - the endpoint's rate limit has room, else 60007;
//   - usersig is present (else 70002), decodes (else 70003), was made for
//     this SDKAppID (else 70014) and this identifier (else 70013), has not
//     expired by the emulator's clock (else 70001) and verifies with this
//     app's key (else 70009), as checked by tls-sig-api-v2-golang;
//   - the identifier is an App admin, else the service's "needs admin" code:
//     70403 on im_open_login_svc, 90009 on openim;
//   - the body is at most Options.MaxBodyBytes (1 MiB by default; the docs
//     give no cap), else 93000 on openim and 70402 on im_open_login_svc;
//   - the body is one JSON object in valid UTF-8 (Go's decoder also bounds
//     nesting depth), else 90001 on openim and 70402 on im_open_login_svc.
//
// Any Content-Type request header is accepted. A UserSig that verified is
// remembered until it expires, so verification costs one HMAC per UserSig.
//
// # Choices where the documentation is silent or contradicts itself
//
// The conformance suite accepts every documented variant of these; the
// emulator picks one, listed here.
//
//   - admin_set_msg_read's error table names To_Account (90003) and
//     From_Account (90008) for fields called Report_Account and Peer_Account.
//     The emulator answers 90008 for a missing, mistyped or unknown
//     Report_Account and 90003 for Peer_Account. Options.SwapAccountCodes
//     selects the other mapping.
//   - MsgReadTime is documented as a String of UNIX seconds; the emulator
//     also accepts a JSON integer. Anything else (a non-numeric or negative
//     value) answers 90001, since no code is documented for it.
//   - Messages with MsgTime less than or equal to MsgReadTime become read:
//     the boundary second is included. Without MsgReadTime the emulator's
//     clock is used, so everything up to the current second becomes read. A
//     read message never becomes unread again; an older MsgReadTime later
//     changes nothing.
//   - admin_set_msg_read does not set IsPeerRead (that flag belongs to read
//     receipts) and fires no webhook (the emulator has none).
//   - Rate limits are token buckets per endpoint refilled at the documented
//     rate, a quarter of a second's calls deep (50 for 200/s): sustained
//     load is held to the limit, and a client that paces itself below it is
//     not throttled for a short stall. Calls are counted once the query string is
//     well formed, before the UserSig is checked. No app-wide limit (60011)
//     is modelled, since no number is documented.
//   - An unknown command or service answers 60009, a GET 60002, a missing
//     or out-of-range random 60002, a contenttype other than json 60002.
//   - An empty body is a parse error (90001 / 70402).
//   - A field of the wrong JSON type that has no documented code of its own
//     answers 90001 on openim (for example get_c2c_unread_msg_num's
//     Peer_Account as a string, or more than 10 of them) and 70402 on
//     im_open_login_svc.
//   - sendmsg: a missing From_Account means the admin sends; an unknown
//     From_Account answers 90008, an unknown To_Account 90012. MsgLifeTime
//     over 604800 is clamped to 7 days, not rejected; MsgLifeTime 0 delivers
//     nothing to history or unread counts. SyncOtherMachine 2 hides the
//     message from the sender's history only. SendMsgControl NoUnread keeps
//     it out of the recipient's unread count. The 2025 dedup window is not
//     modelled. MsgBody over 12 KB answers 93000.
//   - importmsg: SyncFromOldSystem 5 counts as unread, 2 does not. 1, the
//     live mode of the older pages that clients still send, is accepted and
//     treated exactly like 5 (counted as unread), although the current pages
//     allow only 2 and 5. Any other value answers 90030. A message with the
//     same MsgSeq, MsgRandom and MsgTimeStamp in the same conversation, in
//     either direction, is a duplicate: the call answers OK and the first
//     import stays.
//   - get_c2c_unread_msg_num returns AllC2CUnreadMsgNum only without
//     Peer_Account, and C2CUnreadMsgNumList with it; unknown peers go to
//     ErrorList with 70107, which is left out when empty. Recalled messages
//     do not count as unread.
//   - admin_getroammsg accepts Operator_Account/Peer_Account and the older
//     From_Account/To_Account. MinTime and MaxTime are inclusive. Pages walk
//     backwards from MaxTime: each page holds the newest MaxCnt messages
//     not yet returned, listed oldest first, and LastMsgTime/LastMsgKey name
//     its oldest message. A page also stops before it would pass about
//     13 KB. To continue, send MaxTime = LastMsgTime and LastMsgKey; messages
//     older than that key are returned. Complete is 1 on the last page.
//     Recalled messages are listed with MsgFlagBits 8; IsPeerRead is 0.
//   - admin_msgwithdraw: a MsgKey not shaped Seq_Random_Time answers 90054,
//     an unknown one 20022, a second recall 20023.
//   - account_import accepts the older Identifier for UserID. UserIDs must
//     be 1 to 32 bytes of letters, digits, '_' and '-', else 70402. Nick or
//     FaceUrl over 500 bytes answers 40601.
//   - multiaccount_import accepts AccountList and the older Accounts; with
//     both, AccountList is used. Invalid UserIDs go to FailAccounts, which is
//     always present. More than 100 accounts, or none, answers 70402.
//   - account_delete removes the account and all its one-to-one
//     conversations, on both sides; unknown accounts get ResultCode 70107 in
//     their item while the call answers OK. App admins always exist and
//     cannot be deleted (deleting one answers OK and changes nothing).
//   - Options.MaxAccounts models the Trial edition's account cap (70398).
//
// Internal failures (a panic in a handler) answer 91000 on openim and 70500
// on im_open_login_svc, and are reported through Options.Logf.
//
// # One-to-one messages: batches, modification, extensions
//
// (choices of batchsendmsg, modify_c2c_msg and the message extensions)
//
// # Conversations
//
// (choices of the recentcontact endpoints)
package emulator
