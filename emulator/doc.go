// Package emulator is chatconform's reference emulator of the Tencent Cloud
// Chat server REST API: an in-memory, stateful stand-in for the REST
// endpoints, their callbacks and the client state they read, shaped like
// net/http/httptest.
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
// Endpoints() lists every path the emulator serves (an older documented
// path, such as openim/query_online_status, is served beside the current
// one); the coverage section of every conformance report says which of
// the catalogue's 107 endpoints that is. Each has the call-rate limit its
// catalogue entry documents (package schemas), per SDKAppID. A path the
// emulator does not serve answers 60009. The sections below give, family
// by family, the state each endpoint keeps and every choice the emulator
// makes where the documentation leaves one open.
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
// # Client sessions and the control API
//
// Online status and kicks come from client SDK sessions on the real
// service, which REST calls cannot make. The emulator keeps them per
// account and platform (Platforms), changed through a small control API
// under ControlPrefix, a path that can never collide with /v4/ (see
// Control for a client):
//
//	GET  /chatconform/v1/                    what this is, {"sessions": true}
//	POST /chatconform/v1/sessions/login      {"UserID": "alice", "Platform": "iPhone"}
//	POST /chatconform/v1/sessions/background {"UserID": "alice", "Platform": "iPhone"}  (PushOnline)
//	POST /chatconform/v1/sessions/logout     {"UserID": "alice", "Platform": "iPhone"}  (every platform without one)
//	GET  /chatconform/v1/sessions?UserID=alice
//
// It answers plain JSON, HTTP 400 or 404 with {"error": "…"} on failure,
// and takes no credentials: it is the emulator's, for tests. openim/querystate
// (and its older path openim/query_online_status) reports an account
// Online when any of its sessions is, PushOnline when one is in the
// background, Offline otherwise; im_open_login_svc/kick ends every session
// of the account. Deleting an account ends its sessions.
//
// # Callbacks
//
// With Options.CallbackURL set, the emulator POSTs the callbacks Webhooks()
// lists to that URL, with the documented query string (SdkAppid,
// CallbackCommand, contenttype=json, ClientIP 127.0.0.1, OptPlatform
// RESTAPI; Sign and RequestTime with Options.CallbackToken, see
// CallbackSign) and a JSON body valid against the catalogue's schema:
//
//   - "after" callbacks (C2C.CallbackAfterSendMsg from sendmsg,
//     C2C.CallbackAfterMsgReport from admin_set_msg_read,
//     C2C.CallbackAfterMsgWithDraw from admin_msgwithdraw) are sent once per
//     event, in order, by one goroutine off the request path, so a slow
//     receiver never slows the API; their answers are ignored, as
//     documented, and nothing is retried. At most 4096 wait; past that they
//     are dropped and reported through Options.Logf. Close delivers what
//     is queued for up to 5 s.
//   - C2C.CallbackBeforeSendMsg is sent by sendmsg before the message is
//     stored, and its answer gates it: ErrorCode 0 delivers (an answer's
//     MsgBody or CloudCustomData replaces the message's, and the after
//     callback carries the replacement), 1 refuses with 20006, 2 drops the
//     message while sendmsg answers OK, 120001 to 130000 refuse with the
//     app's code and ErrorInfo. No HTTP 200 JSON answer within
//     Options.CallbackTimeout (the documented 2 s) lets the message through,
//     or refuses it with 80003 under Options.RefuseOnCallbackTimeout (the
//     console setting). Any other ErrorCode refuses with 20006: the page
//     gives it no meaning.
//   - EventTime is in milliseconds (the newer pages' unit); UnreadMsgNum is
//     the account's unread total over its one-to-one conversations.
//   - batchsendmsg and importmsg fire no callback, as their pages say.
//   - Options.CallbackClient carries a TLS configuration for a receiver
//     that asks for a client certificate (mutual TLS).
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
//     receipts); it fires C2C.CallbackAfterMsgReport (see Callbacks).
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
//     conversations, on both sides, and, as its page says, the account's
//     profile and relationship chain: its friends (others' friend entries
//     for it go too), its friend lists and its blocklist, so that a
//     re-imported account starts without them. The pages do not say what
//     happens to others' blocklists that name it: they keep it. Its global
//     mute, tags and attributes also stay, and so do its group memberships
//     (newer pages say groups go too). Unknown accounts get ResultCode
//     70107 in their item while the call answers OK. App admins always exist and
//     cannot be deleted (deleting one answers OK and changes nothing).
//   - Options.MaxAccounts models the Trial edition's account cap (70398).
//
// Internal failures (a panic in a handler) answer 91000 on openim and 70500
// on im_open_login_svc, and are reported through Options.Logf.
//
// # One-to-one messages: batches, modification, extensions
//
//   - batchsendmsg stores the message as sendmsg does: every recipient that
//     exists gets its own copy in its conversation with the sender, under the
//     batch's one MsgKey, counted as unread; SyncOtherMachine, SendMsgControl
//     NoUnread and SupportMessageExtension act as on sendmsg (the batch page
//     does not list the last). A missing From_Account means the admin sends.
//     A recipient listed twice gets the message once.
//   - Recipients that do not exist go to ErrorList with 70107 while the
//     others get the message; the answer is then ActionStatus OK with
//     ErrorCode 0 (the shared envelope has no SomeError). ErrorList is left
//     out when empty. When no recipient exists, or To_Account is empty, the
//     call answers 90012.
//   - batchsendmsg codes: To_Account missing or not an array of strings
//     90003, more than 500 recipients 90011, MsgSeq not a 32-bit unsigned
//     integer 90004, a From_Account that is empty, not a string or unknown
//     90008; a
//     MsgLifeTime, SyncOtherMachine or OnlineOnlyFlag of the wrong type or
//     value 90010 (the page lists no code of its own). MsgLifeTime 0 and
//     OnlineOnlyFlag 1 both deliver online only: nothing is stored or counted
//     as unread. MsgLifeTime 1 is an ordinary retention (the emulator does not
//     expire messages), and over 604800 is clamped as on sendmsg.
//   - modify_c2c_msg overwrites the MsgBody and/or CloudCustomData of the
//     message From_Account sent To_Account under MsgKey. The message keeps
//     its MsgKey, time, MsgSeq and read state, and both sides' history show
//     the new values; no marker says it was modified (MsgFlagBits stays 0).
//     With neither field the call answers OK and changes nothing.
//   - modify_c2c_msg codes: From_Account missing, mistyped or unknown 20003;
//     To_Account missing or mistyped 90003, unknown 90012; MsgKey missing,
//     mistyped or not shaped Seq_Random_Time 20001; no such message 20022
//     and a recalled message 20023 (admin_msgwithdraw's codes: the page
//     lists none).
//   - A message sent (sendmsg or batchsendmsg) with SupportMessageExtension
//     1 takes extensions; any value but 0 or 1 answers 90010. The extension
//     endpoints name the message by From_Account (the App admin when
//     absent), To_Account and MsgKey. A message that does not exist, between
//     accounts that may not exist either, answers 23004; one sent without the
//     flag answers 23002, on get_key_values too (its page lists no code for
//     it). The app is taken to have the edition and the console switch:
//     10008 is never answered.
//   - Seq is a version per message: every set_key_values call adds one, and
//     the pairs it writes take the new value, so pairs written together share
//     a Seq (as in the get sample). LatestSeq is that version and ClearSeq
//     the version of the last OperateType 3. An App admin's Seq is not
//     checked, as documented; every REST caller is an admin, so 23001 is
//     never answered (for any other caller a pair whose Seq is not the stored
//     one, 0 for a new key, fails with 23001 inside ExtensionList).
//   - set_key_values limits: ExtensionList of 1 to 20 pairs with OperateType
//     1 and 2 (ignored with 3); Key of 1 to 100 bytes; Value of at most 1,000
//     bytes, required to set and optional to delete; Seq, when sent, a
//     non-negative integer. Past any of them the whole call answers 10004 and
//     changes nothing, as does a set that would leave more than 300 pairs on
//     the message. Deleting a key that is not set succeeds. The 201st call on
//     one message within a rolling minute answers 23003; every call that
//     finds the message counts.
//   - get_key_values returns the pairs with Seq at least StartSeq, by Seq
//     then Key, at most 200 a page without splitting the pairs of one Seq;
//     CompleteFlag is 0 when more remain, and the next page starts at the
//     last Seq returned plus one.
//   - openim_msg_ext_http_svc answers 60003 for a body that is not one JSON
//     object, 10004 for any bad field and for a body over the cap, 60010 for
//     an identifier that is not an App admin and 10002 for an internal
//     failure.
//
// # Conversations
//
// recentcontact: get_list, delete, create_contact_group,
// update_contact_group, del_contact_group, mark_contact,
// search_contact_group, get_contact_group. Every stored one-to-one message
// (sendmsg, batchsendmsg, importmsg in either mode) updates the
// conversation in both users' lists; each user's list is kept ordered as
// messages arrive, so get_list reads one page of it.
//
//   - get_list lists a user's one-to-one conversations newest first: by
//     MsgTime, the time of the conversation's newest message (an imported
//     older message does not move it back), then by the last message to
//     arrive. Pages hold 100 conversations (the docs give no size). The
//     cursors name a position: TimeStamp is the MsgTime of the page's last
//     conversation and StartIndex how many conversations with that MsgTime
//     have been listed; both 0 start the list. CompleteFlag is 1 on the
//     page that reaches the end, and a conversation a message moves while a
//     client pages may be missed or seen twice.
//   - AssistFlags bit 0 lists pinned conversations first, with TopFlag 1,
//     paged by TopTimeStamp and TopStartIndex when bit 2 is set and all on
//     the first page otherwise; without bit 0 they are ordinary ones with
//     TopFlag 0. No REST call pins a conversation (client SDKs do), so none
//     is pinned yet: the store can pin one, for a control-API call to come.
//     Without bit 1, conversations
//     with no message the user can see (all sent by it with
//     SyncOtherMachine 2) are left out. Any bit above 2 (the 15 and 63 of
//     newer pages) adds the conversation's StandardMark, CustomMark and
//     ContactGroupId to its item. Items carry no unread count (none is
//     documented).
//   - MsgLifeTime 0 messages are never stored and change no conversation;
//     SendMsgControl NoLastMsg is not modelled yet.
//   - recentcontact/delete takes the conversation out of From_Account's list
//     only; the next message brings it back. It answers OK for a
//     conversation that is not listed. ClearRamble 1 also removes the
//     conversation's messages so far from From_Account's history
//     (admin_getroammsg no longer returns them to it, and they stop counting
//     as its unread); the peer's history is untouched. Without ClearRamble
//     unread counts are unchanged. The lower-case "type" a widely used
//     client sends is read when Type is absent. An unknown From_Account or
//     To_Account answers 50001. Group conversations are not served: Type 2
//     answers 50002, as for a ToGroupid that names no group.
//   - A body that is not JSON, and every missing or mistyped field, answers
//     50002 (the pages give the body no code of their own); a caller who is
//     not an App admin gets 50003.
//   - Conversation groups and marks are kept per user apart from the
//     conversation list: a conversation need not be listed (or ever have
//     had a message) to be grouped or marked, but its To_Account must be
//     imported, else its item gets ResultCode 50001 while the call answers
//     OK. A ContactItem of Type 2 gets ResultCode 51007 (no group resolves).
//     The emulator acts as the Ultimate edition: 51013 is never answered.
//   - create_contact_group takes exactly one group per call (50002
//     otherwise); GroupIds count from 1 per user and are never reused. A
//     name already in use answers 50002; an empty one 50002, one over 32
//     bytes 51011, a 21st group 51010. A ContactItem list may be empty.
//   - At most 1,000 conversations of a user hold group or mark data; a call
//     that would give data to more answers 51008 and changes nothing. A
//     conversation left with no group and no mark no longer counts and is
//     no longer returned.
//   - update_contact_group: UpdateType must be 1. UpdateGroupType 1 renames
//     OldGroupName to NewGroupName (same GroupId); 2 adds (ContactOptType 1)
//     and removes (2) conversations of the group OldGroupName, as the
//     page's sample names it. An unknown OldGroupName answers 51009, a new
//     name in use 50002; adding a member again or removing a non-member
//     gets ResultCode 0 and changes nothing.
//   - del_contact_group takes exactly one name (50002 otherwise); an unknown
//     one answers 51009. The group's ID leaves every conversation.
//   - mark_contact takes 1 to 100 marks, else 51006. OptType 1 applies
//     ClearMark, then SetMark, to the standard marks; 2 sets CustomMark
//     (absent: cleared); 3 both. Bit numbers are 0 to 63 and CustomMark is
//     at most 256 bytes, else 50002 for the whole call.
//   - StandardMark is rendered as binary digits, most significant first:
//     bit n is the (n+1)-th digit from the right; 0 is left out, as is an
//     empty CustomMark or ContactGroupId. Timestamp is the time of the
//     conversation's last group or mark change.
//   - search_contact_group returns, in ContactResultItem (the sample's name),
//     the data of each named conversation that has some (others are left
//     out), or of every such conversation without ContactItem, and in
//     GroupItem the groups they belong to. It accepts Type as "1" or "2";
//     over 300 conversations answer 50002.
//   - get_contact_group returns every group in GroupItem and 100
//     conversations per page, in the order they first got data;
//     NextStartIndex is the next page's StartIndex, and 0 with CompleteFlag
//     1 on the last page.
//   - Deleting an account drops its conversations from every list (a
//     re-imported account starts with none, and with no groups or marks).
//
// # Profiles and relationships
//
//   - portrait_set checks every item before it stores any, so one bad item
//     changes nothing: a tag that is neither a standard field nor a custom
//     one listed in Options.ProfileCustomTags answers 40009; a value of the
//     wrong JSON type 40610 (custom fields take strings only); a value
//     outside a field's documented values, or an integer outside 0 to
//     4294967295, 40605; a string over 500 bytes 40601 (Location too: the
//     China page's limit); a missing or mistyped From_Account, ProfileItem,
//     Tag or Value 40001; an unknown From_Account 40003. An empty
//     ProfileItem answers OK and changes nothing.
//   - Tag_Profile_IM_Nick and Tag_Profile_IM_Image are account_import's Nick
//     and FaceUrl: each call shows what the other set.
//   - portrait_get returns every tag asked of every account asked, in the
//     order asked; a field never set has its zero value: "" or 0,
//     Gender_Type_Unknown, AllowType_Type_NeedConfirm, AdminForbid_Type_None.
//     An account that does not exist gets ResultCode 40003 in its item,
//     without ProfileItem, and is listed in Fail_Account; the call answers
//     OK. To_Account missing or empty answers 40002, over 100 accounts or
//     mistyped 40001; TagList missing, empty or mistyped 40001; an unknown
//     tag 40009.
//   - Profile.CallbackPortraitSet follows each portrait_set that stored
//     something, with every item of the call as stored and Operator_Account
//     the App admin. Tag_Profile_IM_MsgSettings is stored but read by no
//     other call.
//   - Deleting an account ends its profile and friendships (both sides): an
//     account imported again starts with none.
//   - friend_add reads the receiver's Tag_Profile_IM_AllowType (never set:
//     AllowType_Type_NeedConfirm) and the adder's AdminForbidType. Per
//     item: oneself 30001, an unknown account 30003, a blocklist 30515 or
//     30525 (forced or not), AdminForbid_Type_SendOut on the adder 30009,
//     AllowType_Type_DenyAny 30516 (one-way adds too). ForceAddFlags 1 lifts
//     the last two and the confirmation, never a blocklist. A two-way add
//     (the default) to an account that must confirm leaves a pending
//     request, ResultCode 30539, and no friendship; no REST call accepts it.
//     A one-way add changes the adder's list only and needs no
//     confirmation. Adding a friend again answers 0 and changes nothing; a
//     two-way add completes a one-way friendship. Every non-zero item,
//     30539 too, is listed in Fail_Account.
//   - friend_add's Remark (at most 96 bytes), AddWording (256), AddSource
//     (AddSource_Type_ and 1 to 8 letters) and GroupName (1 to 96 bytes, as
//     its entry accepts) are checked for the whole call (30001); a
//     GroupName over 30 bytes, a list name's limit, fails its item with
//     30001, and a 33rd list with 30011. The added account's entry of a
//     two-way add has the same AddSource and AddWording, no Remark and no
//     list. AddTime is the call's second.
//   - friend_import makes one-way friendships whatever the friend's
//     settings and blocklists (its page lists none of their codes), in
//     place of an earlier entry and its lists; AddTime defaults to the
//     call's second. It fires no callback.
//   - Custom friend fields (Tag_SNS_Custom_ and 1 to 8 letters) must be
//     listed in Options.ProfileCustomTags, else friend_import,
//     friend_update and friend_get_list answer 30001; their values are
//     strings of at most 500 bytes or non-negative integers, returned as
//     given.
//   - friend_update writes Tag_SNS_IM_Remark, Tag_SNS_IM_Group (the
//     friend's lists become exactly those named, missing ones made) and
//     custom fields; any other tag answers 30001 for the call. An account
//     that is not From_Account's friend gets ResultCode 30001 in its item.
//   - friend_delete without DeleteType deletes both ways (the page is
//     silent); Delete_Type_Both removes whichever directions exist. An
//     account in neither direction (for Delete_Type_Single: not in
//     From_Account's list) gets 31704. friend_delete_all is one-way unless
//     told otherwise. Both send one Sns.CallbackFriendDelete per call that
//     removed something, with a pair for each direction removed.
//   - friend_check: AWithB means To_Account is in From_Account's list only,
//     BWithA the reverse, BothWay both; CheckResult_Type_Single reads
//     From_Account's list only. An account that does not exist gets
//     NoRelation with ResultCode 0.
//   - friend_get pages hold 100 friends, in the order they were made;
//     NextStartIndex is the next page's StartIndex, 0 with CompleteFlag 1 on
//     the last. StandardSequence and CustomSequence change with the user's
//     standard and custom friend data; a request that sends the current one
//     gets no standard (custom) fields. Fields without a value are left
//     out, here and in friend_get_list.
//   - friend_get_list takes profile and friend tags mixed; an unknown one
//     answers 30001. Profile fields come as on portrait_get. An account that
//     is not a friend gets ResultCode 30001 in its item (the sample's code)
//     and is listed in Fail_Account. To_Account has no cap.
//   - Sns.CallbackFriendAdd is sent once per friend_add that made a
//     friendship, with a pair for each direction made (two for a two-way
//     add), Initiator_Account the adder, ClientCmd friend_add,
//     Admin_Account the App admin and ForceFlag the call's ForceAddFlags.
//   - Sns.CallbackPrevFriendAdd and Sns.CallbackPrevFriendResponse are
//     documented for clients only, so no REST call sends them; the control
//     API's friends/request and friends/respond stand for the client. A
//     request is two-way and, once the app's PrevFriendAdd lets it through,
//     handled as friend_add handles it (30539: pending); a response to a
//     pending request (else HTTP 404) accepts it (both ways, with the
//     request's AddSource and AddWording, the response's Remark and
//     GroupName on the responder's side, then Sns.CallbackFriendAdd with
//     ClientCmd FriendResponse) or refuses it (the request is dropped).
//     Both callbacks have From_Account and Requester_Account the client's
//     user. A non-zero ResultCode of the app for the account refuses with
//     that code (a refused response leaves the request pending); no answer
//     in time lets it through or, under Options.RefuseOnCallbackTimeout,
//     refuses with 80003.
//   - Not modelled: the friend count limits (30010, 30014), the pending
//     request limit (30012) and the security policies (30540, 31707).
//   - sns codes: a missing, mistyped or empty field answers 30001 (a body
//     that is not JSON too), an unknown From_Account 30003, a caller who is
//     not an App admin 30004.
//   - Friend lists (group_add, group_delete, group_get) are per account, at
//     most 32, each name 1 to 30 bytes (else 30001; a 33rd list 30011).
//     group_add of a name the account already has, or twice in one call,
//     answers 30001; so does group_delete of a name it does not have; either
//     changes nothing. A To_Account of group_add that is not From_Account's
//     friend gets ResultCode 32216 (the sample's code) and is listed in
//     Fail_Account; the friends are put in every new list. ResultItem is left
//     out without To_Account.
//   - Deleting a list keeps its friends' friendships. A list shows only
//     current friends: a friendship that ends (friend_delete, a block)
//     takes the friend out of the owner's lists. CurrentSequence counts the
//     changes of the account's lists.
//   - group_get lists the lists in the order created or, with GroupName, the
//     lists named that exist, in the order named (other names are left
//     out). NeedFriend Need_Friend_Type_Yes adds To_Account (the members) to
//     each item, with GroupName too, as in the complete sample; any other
//     string is ignored.
//   - black_list_add, black_list_delete and black_list_check take 1 to 1000
//     To_Account (else 30001). Per item: blocking oneself or an account
//     already blocked 30001, an account never imported 30003, past 1000
//     blocked 30013; unblocking an account that is not blocked 30001;
//     failed items are listed in Fail_Account and the call answers OK.
//   - Blocking ends the friendship both ways and takes each out of the
//     other's friend lists; no Sns.CallbackFriendDelete is sent for it.
//     Unblocking restores nothing. friend_add refuses an adder blocked by
//     the receiver (30525) and one who blocked the receiver (30515).
//   - black_list_get lists the blocklist oldest first, from StartIndex, at
//     most MaxLimited (at least 1, else 30001) a page; StartIndex in the
//     answer is the next page's, 0 on the last. The sequence is answered as
//     CurruentSequence, the documented spelling, and LastSequence is read
//     but changes nothing. AddBlackTimeStamp is the second of the block.
//   - black_list_check: AWithB means From_Account blocked To_Account, BWithA
//     the reverse, BothWay both; BlackCheckResult_Type_Single reads
//     From_Account's blocklist only. A never-imported To_Account gets
//     ResultCode 30003 with BlackCheckResult_Type_NO.
//   - One-to-one messages: the blocklist page says a blocked account cannot
//     message its blocker, while sendmsg's and batchsendmsg's pages say the
//     REST API checks no blocklist. The emulator follows the blocklist page:
//     sendmsg from an account the recipient blocked answers 20007 (the
//     global table's code), and batchsendmsg lists such a recipient in
//     ErrorList with 20007; the blocker may still write. The before-send
//     callback is not sent for a refused message. The suite accepts both
//     readings.
//   - Sns.CallbackBlackListAdd and Sns.CallbackBlackListDelete are sent once
//     per call that changed the blocklist, with the pairs it added or
//     removed (failed items are left out); none when nothing changed.
//   - account_delete clears the account's friends, friend lists and
//     blocklist (see the choices above); others' blocklists still name it, and its
//     global mute outlives it.
//
// # Global mute
//
//   - setnospeaking sets each mute time given: 0 lifts that mute, 4294967295
//     mutes for ever, any other value for that many seconds from the call,
//     by the emulator's clock (Options.Now); a time not given is left as it
//     was. getnospeaking answers the seconds each mute still holds
//     (4294967295 for ever, 0 when not muted or run out), both fields always.
//   - Codes: Set_Account missing 130004, not a string or not an imported
//     account 130005 (the pages do not say whether a never-imported account
//     is invalid); Get_Account missing 130002, otherwise bad 130003; neither
//     time given 130008; a time that is not an integer from 0 to 4294967295
//     130001, as is a body that is not JSON. A caller who is not an App
//     admin gets the common 60010 (the pages list no code).
//   - One-to-one sends: the mute page says a muted account can send no
//     one-to-one message (20012, without the before-send callback), while
//     sendmsg's and batchsendmsg's pages say the REST API does not check
//     mutes. The emulator follows the mute page: sendmsg and batchsendmsg
//     from an account whose one-to-one mute holds answer 20012 and send no
//     callback; messages to it are delivered. The suite accepts both.
//   - The group mute (GroupmsgNospeakingTime) is stored and reported; its
//     effect on group sends (10017) comes with the group send calls.
//
// # Push to all users, operations and chatbots
//
//   - Push state: the app's attribute names (numbers "0" to "9"), each
//     user's attribute values and tags, indexed by value so a push finds its
//     recipients without a scan. im_set_attr_name changes only the numbers
//     it names; a name may stand for one number only (else 90001), and a
//     number outside 0 to 9, an empty or over-50-byte name, or no names
//     answer 90001. Users' values are kept by name: a renamed attribute's
//     values are no longer reported.
//   - Attribute and tag calls name 1 to 100 accounts (more: 90018); an
//     account never imported answers 70107 and nothing changes. im_set_attr,
//     im_remove_attr and im_push answer 90033 for an attribute the app has
//     not named, or a value that is not a string of at most 50 bytes.
//     im_get_attr reports {} for a user without attributes. Removing an
//     attribute or a tag a user lacks succeeds.
//   - Tags: at most 10 for one user in one im_add_tag item and 100 a user
//     (both 90032), at most 50 bytes (90020), never empty (90001); a tag
//     added twice is kept once, and im_get_tag lists them in the order added.
//     Tags and attributes outlive account_delete, but pushes reach imported
//     accounts only.
//   - im_push: no Condition (or only empty lists) reaches every imported
//     account; TagsAnd and AttrsAnd need every tag or value, TagsOr and
//     AttrsOr one of them, and both lists of a kind together must both hold.
//     The sender, App admins and chatbots are never recipients, and
//     MsgLifeTime 0 reaches accounts with a client Online only. Codes: tag
//     and attribute lists together 90039, more than 10 tags in a list 90032,
//     an empty tag 90040, a long one 90020, a tag twice (in one list or in
//     both) 90022, MsgLifeTime outside 0 to 604800 90026 (90001 when not an
//     integer), an unknown From_Account 70107.
//   - The push interval is kept per sender (From_Account, the admin when
//     absent): a second push of one sender within a second, or exactly a
//     second later, answers 90024 (the page says "more than one second";
//     it does not say whether different senders count together, and pushes
//     from different senders of a parallel test run must not collide). The
//     quota is 100 accepted pushes a day per app (90047), the day being the
//     UTC+8 calendar day. Refused pushes count toward neither.
//   - A push is delivered nowhere a REST call can see (the pages: no
//     roaming, no history); the emulator records it instead, and the control
//     API returns the record: GET /chatconform/v1/pushes?TaskId=… answers
//     the Push (sender, MsgRandom, MsgLifeTime, MsgTime, Condition, MsgBody
//     and the sorted Recipients), 404 for an unknown TaskId (see
//     Control.Pushes). TaskId is SDKAppID_sequence_MsgRandom_time.
//   - getappinfo answers 30 rows, one per UTC+8 day, newest first, every
//     value a string. Real: AppId, Date, C2CUpMsgNum and C2CDownMsgNum (the
//     one-to-one messages the emulator has stored, by MsgTime, recalled ones
//     and those of deleted accounts included, counted as they are stored;
//     UpMsgNum and DownMsgNum are the same), C2CSendMsgUserNum and
//     SendMsgUserNum (their senders), LoginTimes, LoginUserNum and
//     MaxOnlineNum (control API logins), ActiveUserNum (senders and
//     logged-in accounts), and RegistUserNumTotal on today's row (the
//     accounts held; 0 on earlier rows). AppName and Company are fixed
//     texts; every other field (APNs, groups, relationship chains,
//     callbacks, RegistUserNumOneDay) is "0". RequestField limits each row
//     to the fields named, plus Date; a name not in the page's list, or a
//     RequestField that is not an array of strings, answers 130001.
//   - get_history makes the file of an hour (MsgTime YYYYMMDDHH in UTC+8)
//     at once, even for the current hour, as one gzip in the documented
//     format: the header line, one line per one-to-one message (recalled
//     ones left out) in time order, then "]}". The control API serves it at
//     the URL returned, http://{the Host called}/chatconform/v1/history/
//     {SDKAppID}_C2C_{hour}.gz, for an hour (ExpireTime, UTC+8); then it
//     answers 404. An hour with no message, or not begun, answers 1004, one
//     that ended over 7 days ago 1005, ChatType Group 1004 (no group files
//     are made), any bad parameter 1002.
//   - GetIPList answers the address the call came to (127.0.0.1 when it
//     came to a host name), whatever nettype asks for.
//   - Chatbots: a chatbot is an account (account_check reports it Imported,
//     sendmsg reaches it) whose UserID is @RBT# and 1 to 27 letters, digits,
//     '_' or '-' (else 10004). create_robot of a valid chatbot changes
//     nothing; the app holds at most 20 valid ones (10008). delete_robot
//     makes it invalid: get_all_robots no longer lists it (in creation
//     order), it fires no Bot.OnC2CMessage and does not count toward the 20,
//     while its account stays; creating it again makes it valid. Deleting it
//     twice answers OK, deleting a UserID that was never a chatbot 10004. A
//     body that is not JSON answers the common 60003.
//   - Bot.OnC2CMessage is sent after sendmsg delivers to a valid chatbot
//     (after the before-send callback, with its changes), with SendMsgResult
//     0, ErrorInfo "send msg succeed" and the chatbot's unread total;
//     batchsendmsg fires none.
//   - State.StateChange: a control API login fires Login/Register (also a
//     login on a platform already online, a reconnect), and so does a
//     session that starts in the background; logout fires Logout/Unregister
//     when it ends a session; im_open_login_svc/kick fires
//     Disconnect/LinkClose when the account had one. One callback per call,
//     whatever the number of sessions; KickedDevice is never sent.
//   - Alert.RequestOverLimit is sent when a call is throttled (60007), at
//     most once per API a minute, with the API's ServiceName and Command,
//     Limit its calls per second and Request the limit plus one: the
//     emulator does not measure rates. Its query string carries ClientIP,
//     like every callback's.
//
// # Groups
//
// group_open_http_svc: create_group, destroy_group, get_group_info,
// modify_group_base_info, get_appid_group_list, get_joined_group_list,
// add_group_member, delete_group_member, get_group_member_info,
// modify_group_member_info, get_role_in_group, change_group_owner,
// forbid_send_msg, get_group_muted_account, import_group,
// import_group_member; send_group_msg, group_msg_get_simple,
// group_msg_recall, set_unread_msg_num, import_group_msg,
// send_group_system_notification; get_group_msg_receipt,
// get_group_msg_receipt_detail. Each group keeps its profile, its members
// in join order (role, join time, last read MsgSeq, name card, message
// flag, custom fields), its mutes and its messages by MsgSeq; the app
// keeps its groups by ID and in creation order, per type, and each
// account's groups, so no call scans every group.
//
//   - The service answers 10011 for a body that is not JSON, 10004 for any
//     bad or missing field (a GroupId that is not a string included), 10015
//     for an empty GroupId, 10010 for one that names no group, 10007 for a
//     caller who is not an App admin and 10002 for an internal failure.
//   - Types are answered by their REST names: Work is stored as Private and
//     Meeting as ChatRoom. Generated IDs are @TGS# and a type character (1
//     Private, 2 Public, 3 ChatRoom, a AVChatRoom) and eight capitals or
//     digits; a Community's are @TGS#_@TGS#c and ten more. A custom GroupId
//     is 1 to 48 bytes of printable ASCII that does not start with @TGS#
//     (a Community's must start with @TGS#_), else 10004; one in use
//     answers 10021. A disbanded group's ID can be used again.
//   - What each type refuses, as the pages' type tables say: an AVChatRoom
//     takes no initial members or add_group_member (10007),
//     delete_group_member (10004), get_group_member_info,
//     modify_group_member_info, get_role_in_group, change_group_owner,
//     import_group_member, import_group_msg, group_msg_get_simple and
//     group_msg_recall (10007), nor import_group; a Private (Work) group
//     refuses forbid_send_msg and MuteTime (10007). Private and AVChatRoom
//     groups have no admins (Role Admin answers 10007). The receipt pulls
//     refuse AVChatRoom and Community groups (10007). Where the page names
//     no code, 10007 is answered.
//   - An AVChatRoom keeps no member list: its owner is recorded but no
//     REST call makes members, get_group_info gives it no MemberNum or
//     MemberList, and get_joined_group_list never lists it. Any imported
//     account may post in it or be muted there.
//   - Defaults: MaxMemberNum 2000 (Community 100000), a larger
//     MaxMemberCount is lowered to 6000 (Community 100000), AVChatRoom
//     has none; ApplyJoinOption NeedPermission for Public and ChatRoom,
//     DisableApply for Private, FreeAccess for AVChatRoom and Community,
//     which ignore the field. An unknown Owner_Account or MemberList
//     account answers 10004, more initial members than MaxMemberCount 10038.
//   - get_group_info answers OK; each item carries its own ErrorCode (10010
//     for a group that does not exist). With a ResponseFilter only what it
//     names comes back: base fields from GroupBaseInfoFilter, members (with
//     Member_Account and the fields of MemberInfoFilter) only when
//     MemberInfoFilter or AppDefinedDataFilter_GroupMember is given, custom
//     fields only by key. Custom fields need no console setting here; an
//     empty Value deletes one.
//   - get_appid_group_list lists groups in creation order; Next is the
//     creation number of the page's last group, 0 when no more remain.
//     Limit 0 or absent means 10000. GroupType BChatRoom lists nothing.
//   - get_joined_group_list lists the account's groups by join time. A
//     Private group counts as activated once it has a message: until then
//     it is listed only with WithNoActiveGroups 1. Without ResponseFilter
//     items carry only GroupId. An account that was never imported has no
//     groups (OK, TotalCount 0).
//   - add_group_member gives Result 1 to new members, 2 to members (and to
//     an account listed twice), 0 to accounts never imported; when no
//     listed account exists it answers 10019. Result 3 (awaiting approval)
//     is never given: an App admin's invitation needs none. A group that
//     cannot take every new member adds none and answers 10014.
//   - The owner cannot be removed or demoted: delete_group_member naming
//     it answers 10007 and removes nobody, modify_group_member_info with a
//     Role for it answers 10007; change_group_owner is the way. It takes a
//     member only (10007 otherwise) and makes the old owner a Member.
//     Removing an account that is not a member is not an error.
//   - Mutes are kept per group and account apart from membership, so a
//     muted member who leaves and rejoins is still muted. MuteTime counts
//     from the emulator's clock; 4294967295 mutes for good (MutedUntil and
//     MuteUntil 4294967295); 0 unmutes. forbid_send_msg mutes only members
//     (any imported account in an AVChatRoom) and ignores other accounts;
//     get_group_muted_account lists live mutes of members by UserID. What
//     a TopicId does in these calls is under "Communities and topics".
//   - get_group_member_info lists members in join order with MemberNum;
//     Limit absent or 0 means all; a Community pages with Next (the join
//     number of the page's last member, "" when done) and ignores Offset.
//   - import_group takes a CreateTime in the past (10004 otherwise) and
//     fires no callback. import_group_member gives Result 0 to accounts
//     never imported, to a JoinTime before the group's creation or after
//     now, and when the group is full; UnreadMsgNum is lowered to the
//     group's message count.
//   - Messages get MsgSeq 1, 2, 3… per group in arrival order (sends and
//     imports alike) and never reuse one. A message sent with
//     OnlineOnlyFlag is stored nowhere and answers MsgSeq 0. The 5-minute
//     duplicate window of Random is not modelled. Without From_Account the
//     caller (the App admin) sends; a From_Account that is not imported
//     answers 10004, one that is not a member (outside an AVChatRoom)
//     10007, a muted one 10017, and with MuteAllMember On every plain
//     member gets 10017 (owner, admins and the App admin may speak).
//     MsgBody over 12 KB answers 80002. SendMsgControl and To_Account are
//     checked but not modelled (every member sees the message).
//   - A member's unread count is the messages after its MsgSeq (the last
//     one it read): sending moves the sender's to its message, a client
//     read (the control API) to the message read, set_unread_msg_num back
//     by the count (at most the group's messages), import_group_msg every
//     member's to the newest. ChatRoom and AVChatRoom groups accept
//     set_unread_msg_num and change nothing.
//   - group_msg_get_simple lists newest first, at most 20 per call
//     (ReqMsgNumber above 20 is lowered, with IsFinished 0 when more were
//     left), from ReqMsgSeq down (the newest without it; 0 lists nothing).
//     Recalled messages are left out, or with WithRecalledMsg 1 listed as
//     IsPlaceMsg 2 with an empty MsgBody and no CloudCustomData. MsgPriority
//     is 1 High, 2 Normal (the default), 3 Low, 4 Lowest.
//   - group_msg_recall answers OK with a RetCode per MsgSeq: 0, 10030 for
//     no such message, 10032 for one already recalled.
//   - import_group_msg takes 1 to 7 messages; each needs an imported
//     From_Account and a SendTime after the group's creation and newest
//     message and before now, else its Result is 10004 (80002 for a body
//     over 12 KB). MsgList as one object is taken as a list of one.
//   - send_group_system_notification reaches clients, which are not
//     modelled: it checks the group and that every ToMembers_Account is a
//     member (10004 otherwise, and for any list in an AVChatRoom).
//   - Read receipts: a message sent with NeedReadReceipt 1 in a group of at
//     most 200 members (not AVChatRoom or Community) goes to the members
//     at that moment but the sender. get_group_msg_receipt counts them
//     (ReadNum, UnreadNum); a message without a receipt gets item Code
//     10062, and get_group_msg_receipt_detail answers 10062 for it. The
//     detail lists recipients in join order, Count (at most 200) at a time;
//     Cursor is the index of the next one and "0" once done; the end flag
//     is sent under both documented names, IsFinished and IsFinish.
//   - Reads come from members' clients, through the control API:
//     POST /chatconform/v1/groups/read {"GroupId","UserID","MsgSeq"}
//     (Control.ReadGroupMsg) makes the member read that message, counted
//     once; it answers 404 for a group, member or message that does not
//     exist.
//   - Callbacks: create_group sends Group.CallbackBeforeCreateGroup, whose
//     answer gates it (ErrorCode 1 and codes outside 10100..10200 refuse
//     with 10016, 10100..10200 with the app's code and ErrorInfo; no answer
//     in time goes ahead, or refuses with 10016 under
//     Options.RefuseOnCallbackTimeout), then Group.CallbackAfterCreateGroup
//     with the initial members but the owner in MemberList.
//     send_group_msg sends Group.CallbackBeforeSendMsg, gated the same way
//     (2 drops the message while the call answers OK with MsgSeq 0; an
//     ErrorCode 0 answer's MsgBody or CloudCustomData replaces the
//     message's) and Group.CallbackAfterSendMsg; ForbidCallbackControl
//     skips either. add_group_member sends Group.CallbackAfterNewMemberJoin
//     (JoinType Invited, the new members only), delete_group_member
//     Group.CallbackAfterMemberExit (ExitType Kicked), destroy_group
//     Group.CallbackAfterGroupDestroyed, modify_group_base_info
//     Group.CallbackAfterGroupInfoChanged when it is given a Name,
//     Introduction, Notification or FaceUrl (those fields, as given),
//     group_msg_recall Group.CallbackAfterRecallMsg (the recalled MsgSeqs),
//     change_group_owner Group.CallbackAfterChangeGroupOwner. A callback's
//     Owner_Account or OldOwner_Account names the App admin that called
//     when the group has no owner (the fields may not be empty). The
//     import calls and set_unread_msg_num fire none.
//   - Deleting an account does not take it out of its groups.
//
// # Group attributes and counters
//
// group_open_attr_http_svc/get_group_attr; group_open_http_svc:
// modify_group_attr, clear_group_attr, set_group_attr, delete_group_attr,
// get_group_counter, update_group_counter, delete_group_counter. Each group
// keeps its attributes and counters by key, and the times of its last five
// attribute writes; they go with the group.
//
//   - Every type keeps attributes; clear_group_attr on a Community, and
//     the three counter calls on a Community, answer 10007 (the counter
//     pages name no code). get_group_attr always carries GroupAttrAry,
//     empty for a group without attributes, sorted by key.
//   - GroupAttr items need a key string of 1 to 32 bytes (10045 over it)
//     and, for modify and set, a string value of at most 4,000 bytes
//     (10046); a key given twice keeps its last value. The group may hold
//     16 keys (10047) and 16,000 bytes of values (10048), counted after
//     the change. modify_group_attr and delete_group_attr with an empty
//     GroupAttr answer 10004; set_group_attr with one removes every
//     attribute. delete_group_attr naming a key the group lacks answers
//     10050 and deletes nothing.
//   - A sixth attribute write within a second in one group answers 10049;
//     refused calls do not count. Options.NoLimits leaves this on.
//   - update_group_counter: Mode Set by default; 1 to 20 items (10063 over
//     20, and for a group left with over 20 keys); Key 1 to 128 bytes and
//     an integer Value, else 10004; items apply in order, a new key from 0;
//     a result outside 64 bits answers 10004. Nothing changes on a refusal.
//     It answers the new value of each key it named, in the call's order.
//   - get_group_counter lists the keys asked for that exist, in the order
//     asked (missing ones left out), or, with GroupCounterKeys absent or
//     empty, every counter by key. delete_group_counter deletes the keys it
//     names (missing ones ignored), or every counter. The Ultimate edition
//     is assumed: 10059 is never answered.
//   - Callbacks: each attribute write that answers OK sends
//     Group.CallbackAfterGroupAttrChanged with OptionType (modify, set,
//     delete, clear) and GroupAttr: the attributes written (modify), the
//     new set (set), the keys deleted, without values (delete), the
//     attributes removed (clear, maybe none).
//
// # Live-streaming groups (AVChatRoom) and bans
//
// group_open_http_svc: get_online_member_num, get_group_ban_member,
// ban_group_member, unban_group_member, send_broadcast_msg;
// group_open_avchatroom_http_svc: get_members, modify_user_info. Each
// AVChatRoom keeps, apart from its group profile, the members whose clients
// joined it (in join order, with their marks), its bans by account and the
// broadcasts it received; the app keeps the broadcast sequence. Every
// console switch these calls need is taken as on.
//
//   - Members come from clients, through the control API:
//     POST /chatconform/v1/groups/join {"GroupId","UserID"}
//     (Control.JoinAVChatRoom) needs a client session of the user (409
//     otherwise) and answers 403 while it is banned; groups/quit
//     (Control.QuitAVChatRoom) takes it out. A member whose user has no
//     session left (logout on every platform, kick) has left the room; this
//     is noticed at the room's next call, so a logout and a new login in
//     between go unseen. Joins and quits fire no member callback, and
//     get_group_info still gives an AVChatRoom no MemberNum.
//   - POST /chatconform/v1/groups/connection {"GroupId","UserID","State"}
//     (Control.AVConnection) makes a member's connection drop (Offline: a
//     heartbeat timeout) or come back (Online). An Offline member is not
//     counted or listed and loses its marks; each change sends
//     Group.CallbackOnMemberStateChange once, with that member only. A
//     member carrying mark 500 ignores drops for three days from the mark.
//   - get_online_member_num counts the members online (mark 600 ones too),
//     at once (the pages' 10 s refresh is not modelled). It and get_members
//     answer 10007 for any other group type (the 2023 pages).
//   - get_members lists the latest 1,000 online members in join order, 500
//     a page; NextTimestamp is the join number of the page's last member
//     (not a time), 0 on the last page. NickName and Avatar are the
//     account's Nick and FaceUrl. Without Mark, members marked 600 are left
//     out; with Mark, only the members carrying it are listed, 600 ones too.
//   - modify_user_info: CommandType 1 adds the marks, 2 removes them; marks
//     are 1000 to 2147483647, 500 or 600, else 10004. MemberList holds 1 to
//     500 items, each with a Member_Account and a non-empty Marks (10004).
//     Accounts that are not online members are left out of the answer,
//     whose items repeat the request's; when none is left the call answers
//     10004. The exception is mark 500 (the page's): a CommandType 1 item
//     giving it to a member whose connection dropped is taken, with the
//     item's other marks, and the member counts as online again for the
//     three days (giving it again to a member not online starts three new
//     days); accounts outside the room are still left out. More than 10
//     different marks in the group, or more than 1,000 members with one
//     mark, answers 10004 and changes nothing. Marks are read only through
//     get_members' Mark.
//   - Bans are for AVChatRoom groups only (the 2023 and 2024 pages); the
//     ban calls answer 10007 for other types. Members_Account holds 1 to 20
//     UserIDs (10005 over 20, 10004 empty); every account must be imported
//     (10004 otherwise) and need not be in the room. Duration is 1 to
//     4294967295 seconds (0 answers 10004) from the emulator's clock;
//     banning again sets the new end. A banned member leaves the room (with
//     its marks) and cannot join until the ban ends or is lifted. Posting is
//     not affected. Description is at most 1,000 bytes (10004). Unbanning
//     an account that is not banned is not an error.
//   - get_group_ban_member lists the live bans in the order they were first
//     made, with BannedUntil; Limit is 0 to 100 (0 or absent: 100), Offset
//     a count of bans; NextOffset is the next page's Offset, 0 on the last
//     page.
//   - send_broadcast_msg: MsgSeq counts broadcasts of the app (1, 2, 3…)
//     and is not a group's MsgSeq: a broadcast changes no group's
//     NextMsgSeq or history. Every AVChatRoom that exists at the call
//     receives it (none existing is not an error); the rooms' clients are
//     not modelled, so GET /chatconform/v1/groups/broadcasts?GroupId=…
//     (Control.AVBroadcasts) lists what a room received (its latest 1,000),
//     with From_Account (the App admin without one), Random, MsgTime,
//     MsgBody and CloudCustomData. A From_Account never imported answers
//     10004, a MsgBody over 12 KB 10004 (the page lists no 80002); the
//     5-minute duplicate window of Random is not modelled. The 1 call per
//     second limit comes from the catalogue.
//
// # Communities and topics
//
// million_group_open_http_svc/create_topic, destroy_topic, get_topic,
// modify_topic and group_open_http_svc/import_topic (also under the China
// page's million_group_open_http_svc path). A Community created with
// SupportTopic 1 keeps its topics by ID and in creation order; each topic
// keeps its profile, its own messages by MsgSeq and each account's last
// read MsgSeq in it. Topics go with their group.
//
//   - A group that is not a Community created with SupportTopic 1 answers
//     11000 to every topic call; an unknown group 10010, an empty GroupId
//     10015.
//   - Generated TopicIds are the GroupId, @TOPIC#_@TOPIC#c and eleven
//     capitals or digits. A custom TopicId must be the GroupId, @TOPIC#_
//     and 1 to 48 bytes of printable ASCII not starting with @TOPIC#, else
//     10004; one in use answers 10025 on create_topic (its table's "ID
//     already used" code) and 10021 on import_topic. A deleted topic's ID
//     can be used again.
//   - TopicName (1 to 30 bytes), Introduction (240), Notification (300),
//     FaceUrl (100) and CustomString (3000) over their byte limits answer
//     10004. create_topic and import_topic ignore MuteAllMember. The pages
//     give no topic count: a community holds at most 1000, then 10037.
//   - From_Account is taken as a string or a non-negative integer; when
//     given it must be an imported account (10004). get_topic's
//     From_Account need not be a member: its SelfInfo is its group mute
//     end (ShutUpTime), its last read MsgSeq in the topic and its MsgFlag
//     (AcceptAndNotify for a non-member).
//   - get_topic lists every topic in creation order without TopicIdList
//     (or with an empty one), else the listed ones in the list's order,
//     110003 for one that does not exist (its TopicInfo holds only the
//     TopicId). TopicInfo names the group GroupID, as the sample does.
//     With a ResponseFilter only the fields it names come, and TopicId and
//     GroupID always.
//   - destroy_topic answers OK with a DestroyResultItem per listed topic:
//     0, or 110003 for a topic that does not exist (or is listed twice).
//     modify_topic of a topic that does not exist answers 10010.
//   - import_topic takes a CreateTime in the past (10004 otherwise; the
//     request time without it) and a Type of Community only.
//   - send_group_msg with a TopicId stores the message in the topic (its
//     own MsgSeq 1, 2, 3…, NextMsgSeq and LastMsgTime; the sender reads it)
//     and group_msg_get_simple with a TopicId lists the topic's messages;
//     an unknown TopicId answers 10010, one in a group without topics
//     10004. With
//     the topic's MuteAllMember On only the owner, admins and the App
//     admin post there (10017). Recall, import_group_msg, mutes and system
//     notifications in topics are not modelled (TopicId answers 10004),
//     and the send callbacks carry no TopicId.
//   - Callbacks: create_topic sends Group.CallbackBeforeCreateTopic
//     (Operator_Account From_Account or the App admin, Type Community,
//     Name), gated as create_group's before-callback, then
//     Group.CallbackAfterCreateTopic with the GroupId and TopicId.
//     destroy_topic sends Group.CallbackAfterTopicDestroyed once with the
//     TopicIds it deleted; modify_topic sends
//     Group.CallbackAfterTopicInfoChanged, with the TopicId, only when it
//     changes the TopicName (as Name), Introduction, Notification or
//     FaceUrl, carrying the changed ones with their new values; giving the
//     values the topic has, or other fields only, fires nothing.
//     import_topic fires none.
//
// # Group messages: modification, deletion by sender, extensions
//
// openim/modify_group_msg, group_open_http_svc/delete_group_msg_by_sender,
// openim_msg_ext_http_svc/group_set_key_values and group_get_key_values
// change the group's stored messages (group_msg_changes.go); each message
// sent with SupportMessageExtension 1 keeps its own extensions.
//
//   - modify_group_msg overwrites MsgBody and/or CloudCustomData; the
//     message keeps its MsgSeq, sender, Random, time and place in the
//     history. Its page names no code for an unknown group or MsgSeq, a
//     recalled message, an AVChatRoom message, a call with neither field
//     or a TopicId: each answers 20001. No message type is refused (only
//     the client SDK's page restricts types).
//   - delete_group_msg_by_sender marks the sender's messages among the
//     group's newest 1,000 recalled, silently: no callback fires, and
//     group_msg_get_simple leaves them out, or lists them as placeholders
//     with WithRecalledMsg 1. Later messages are kept as usual. An account
//     with no messages (or never imported) answers OK; an AVChatRoom
//     answers OK and changes nothing; a TopicId answers 10004.
//   - Group extensions follow the one-to-one rules of set_key_values
//     (c2c_more.go): the message's version Seq rises with each write, the
//     pairs written take it, a clear moves ClearSeq; 20 pairs a call, 300 a
//     message, Key 100 and Value 1,000 bytes (10004), 200 writes a minute
//     (23003). Every REST caller is an App admin, whose Seq is not
//     checked, so 23001 never comes. A group that does not exist answers
//     23004, an AVChatRoom or Community group 10004, a message sent
//     without SupportMessageExtension 23002. A recalled message keeps its
//     extensions.
//   - Group.CallbackSendMsgException is sent only when send_group_msg
//     fails because the sender is muted (10017: muted alone, or every
//     member muted in the group or its topic), with the message, the
//     failure's ErrorCode and ErrorInfo. Of the other failures its page
//     lists, incorrect parameters fire nothing: for a GroupId no group has
//     the body's required Type would have no value, and a malformed body,
//     an unknown sender or TopicId and a sender not a member send nothing
//     either; the rate limit (10023) and the content filter are not
//     modelled.
//   - Group.CallbackAfterReadReceipt is sent when a member's client reads
//     a message with a read receipt for the first time (the control call
//     groups/read): one item for the message, with ReadNum and UnreadNum
//     after the read and only the new reader in ReadReceiptMembers. A read
//     that counts no new reader fires nothing; REST fires it through
//     group_msg_receipt only, which the emulator does not serve.
//
// # Group member callbacks
//
//   - add_group_member sends Group.CallbackBeforeInviteJoinGroup, outside
//     the lock, for the listed accounts that would join (imported, not yet
//     members; none sent when nobody would). ErrorCode 0 admits all but the
//     RefusedMembers_Account, which get Result 0 (the page does not say how
//     they are reported) while the call answers OK; 1 and codes outside
//     10100..10200 refuse the whole call with 10016, 10100..10200 with the
//     app's code and ErrorInfo; no answer in time goes ahead (10016 under
//     Options.RefuseOnCallbackTimeout). The full-group check (10014) comes
//     after the app's answer. create_group with a MemberList sends it not.
//   - Group.CallbackAfterGroupFull (GroupId, EventTime) is sent when
//     add_group_member or a client's join leaves the group at its
//     MaxMemberNum, and when either is refused with 10014 by a group
//     already at it; a call refused because it asks for more members than
//     the room left does not count as full. create_group,
//     import_group_member and AVChatRoom groups (no limit) never send it.
//   - modify_group_member_info sends Group.CallbackAfterMemberFieldChanged
//     when the Role or the NameCard it is given differs from the member's,
//     with only the changed field(s), new values; MsgFlag, MuteTime and
//     custom fields fire nothing.
//   - A client's join request comes through the control API:
//     POST /chatconform/v1/groups/apply {"GroupId","UserID","ApplyMsg"}
//     (Control.ApplyJoinGroup). It answers 404 for a group or account that
//     does not exist and 400 for an AVChatRoom (its members join with
//     groups/join); otherwise HTTP 200 with the ErrorCode the client would
//     get and a Result. A member asking again gets 10013 and no callback.
//     Group.CallbackBeforeApplyJoinGroup (Requestor_Account the applicant)
//     gates the request as create_group's does, for every ApplyJoinOption;
//     then FreeAccess joins at once (Result Joined, Group.CallbackAfterNewMemberJoin
//     with JoinType Apply and the applicant as Operator_Account; a full
//     group answers 10014), NeedPermission answers Result Pending but
//     keeps no request (nor its ApplyMsg): approving one is a client action not modelled and
//     no call shows a waiting request, so the applicant stays out of
//     get_group_member_info and asking again is a new request (its own
//     callback, Result Pending again); DisableApply (every Private group)
//     answers 10007.
package emulator
