package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/chatconform/chatconform/internal/usersig"
	"github.com/chatconform/chatconform/schemas"
)

// Fixed test credentials, used when Options leave them empty. They are test
// values, printed freely; never use them for a real app.
const (
	TestSDKAppID uint64 = 1400000000
	TestKey             = "chatconform-emulator-test-key-not-a-secret"
	TestAdmin           = "administrator"
)

// DefaultMaxBodyBytes caps request bodies when Options.MaxBodyBytes is 0.
// The documentation gives no cap for the REST layer; see the package docs.
const DefaultMaxBodyBytes = 1 << 20

// Options configures an emulator. The zero value is usable: test
// credentials, the documented rate limits and the real clock.
type Options struct {
	// SDKAppID and Key are the app's credentials. Zero values select
	// TestSDKAppID and TestKey.
	SDKAppID uint64
	Key      string
	// Admins are the App admin UserIDs; empty selects TestAdmin.
	Admins []string
	// Now is the clock. Nil selects time.Now. Message times, MsgReadTime
	// defaults, UserSig expiry and rate limits all read it.
	Now func() time.Time
	// Limits overrides the documented call-rate limit (calls per second) of
	// the endpoints it names, by path such as "openim/admin_set_msg_read"; a
	// value of 0 or less removes that endpoint's limit.
	Limits map[string]float64
	// NoLimits removes every rate limit, for benchmarks.
	NoLimits bool
	// MaxBodyBytes caps request bodies; 0 selects DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxAccounts caps the number of imported accounts (a Trial app holds
	// 100); 0 means no cap. Imports past it answer 70398.
	MaxAccounts int
	// SwapAccountCodes answers admin_set_msg_read's account errors with the
	// other documented mapping (Report_Account 90003, Peer_Account 90008).
	SwapAccountCodes bool
	// Addr is the listen address of NewServer; empty selects 127.0.0.1:0.
	Addr string
	// Logf receives one line per internal failure. Nil discards them.
	// Nothing logged carries a UserSig.
	Logf func(format string, args ...any)

	// ProfileCustomTags are the custom fields the app defines in its
	// console: custom profile fields (Tag_Profile_Custom_ and 1 to 8
	// letters) and custom friend fields (Tag_SNS_Custom_ and 1 to 8
	// letters). Calls that name any other custom field answer 40009 on
	// profile endpoints and 30001 on sns ones.
	ProfileCustomTags []string

	// CallbackURL is the app's callback URL: the emulator POSTs every
	// callback of Webhooks() there, with the documented query string. Empty
	// sends none.
	CallbackURL string
	// CallbackToken, when set, adds the documented Sign and RequestTime to
	// every callback's query string (see CallbackSign).
	CallbackToken string
	// CallbackTimeout bounds the wait for the app's answer; 0 selects the
	// documented DefaultCallbackTimeout (2 s).
	CallbackTimeout time.Duration
	// RefuseOnCallbackTimeout makes a "before" callback without an answer
	// refuse the action, as the console setting does; by default the action
	// goes ahead, as documented.
	RefuseOnCallbackTimeout bool
	// CallbackClient sends the callbacks; set its TLS config for a receiver
	// that asks for a client certificate (mutual TLS). Nil selects a default
	// client.
	CallbackClient *http.Client
}

// service groups the codes that depend on the service an endpoint belongs to.
type service struct {
	name       string
	parse      int // body is not a JSON object
	needsAdmin int // the identifier is not an App admin
	internal   int // the emulator failed
	tooLong    int // body over the cap
}

var (
	loginSvc  = service{"im_open_login_svc", codeLoginParam, codeLoginNeedsAdmin, codeLoginInternal, codeLoginParam}
	openimSvc = service{"openim", codeParse, codeOpenNeedsAdmin, codeOpenInternal, codeMsgTooLong}
	// snsSvc is the relationship service: 30001 for a body that is not JSON
	// (or too long), 30004 for a caller who is not an App admin, 30006 internal.
	snsSvc = service{"sns", 30001, 30004, 30006, 30001}
	// configSvc is openconfigsvr: 130001 for a body that is not JSON (or too
	// long), the common 60010 for a caller who is not an App admin (its pages
	// list none), 130014 internal.
	configSvc = service{"openconfigsvr", codeMuteParse, codeNeedsAdmin, codeMuteInternal, codeMuteParse}
)

type route struct {
	svc    service
	handle func(*Handler, *call) (any, *apiError)
	entry  *schemas.Entry // the catalogue's facts: rate limit, codes
}

// routes is every endpoint the emulator serves, one line each. Documented
// facts (the rate limit among them) come from the catalogue.
var routes = withEntries(map[string]route{
	"im_open_login_svc/account_import":      {svc: loginSvc, handle: accountImport},
	"im_open_login_svc/multiaccount_import": {svc: loginSvc, handle: multiImport},
	"im_open_login_svc/account_delete":      {svc: loginSvc, handle: accountDelete},
	"im_open_login_svc/account_check":       {svc: loginSvc, handle: accountCheck},
	"openim/admin_set_msg_read":             {svc: openimSvc, handle: setMsgRead},
	"openim/sendmsg":                        {svc: openimSvc, handle: sendMsg},
	"openim/importmsg":                      {svc: openimSvc, handle: importMsg},
	"openim/get_c2c_unread_msg_num":         {svc: openimSvc, handle: unreadNum},
	"openim/admin_getroammsg":               {svc: openimSvc, handle: getRoamMsg},
	"openim/admin_msgwithdraw":              {svc: openimSvc, handle: withdraw},
	"openim/querystate":                     {svc: openimSvc, handle: queryState},
	"openim/query_online_status":            {svc: openimSvc, handle: queryState},
	"im_open_login_svc/kick":                {svc: loginSvc, handle: kick},
	// One-to-one messages: batches, modification, extensions (c2c_more.go).
	"openim/batchsendmsg":                    {svc: openimSvc, handle: batchSendMsg},
	"openim/modify_c2c_msg":                  {svc: openimSvc, handle: modifyMsg},
	"openim_msg_ext_http_svc/set_key_values": {svc: extSvc, handle: setKeyValues},
	"openim_msg_ext_http_svc/get_key_values": {svc: extSvc, handle: getKeyValues},
	// Conversations: lists, groups and marks (conversations.go).
	"recentcontact/get_list":             {svc: recentSvc, handle: getList},
	"recentcontact/delete":               {svc: recentSvc, handle: deleteRecent},
	"recentcontact/create_contact_group": {svc: recentSvc, handle: createContactGroup},
	"recentcontact/update_contact_group": {svc: recentSvc, handle: updateContactGroup},
	"recentcontact/del_contact_group":    {svc: recentSvc, handle: delContactGroup},
	"recentcontact/mark_contact":         {svc: recentSvc, handle: markContact},
	"recentcontact/search_contact_group": {svc: recentSvc, handle: searchContactGroup},
	"recentcontact/get_contact_group":    {svc: recentSvc, handle: getContactGroup},
	// Groups and members (groups.go, group_members.go).
	"group_open_http_svc/create_group":             {svc: groupSvc, handle: createGroup},
	"group_open_http_svc/destroy_group":            {svc: groupSvc, handle: destroyGroup},
	"group_open_http_svc/get_group_info":           {svc: groupSvc, handle: getGroupInfo},
	"group_open_http_svc/modify_group_base_info":   {svc: groupSvc, handle: modifyGroupBaseInfo},
	"group_open_http_svc/get_appid_group_list":     {svc: groupSvc, handle: getAppIDGroupList},
	"group_open_http_svc/get_joined_group_list":    {svc: groupSvc, handle: getJoinedGroupList},
	"group_open_http_svc/add_group_member":         {svc: groupSvc, handle: addGroupMember},
	"group_open_http_svc/delete_group_member":      {svc: groupSvc, handle: deleteGroupMember},
	"group_open_http_svc/get_group_member_info":    {svc: groupSvc, handle: getGroupMemberInfo},
	"group_open_http_svc/modify_group_member_info": {svc: groupSvc, handle: modifyGroupMemberInfo},
	"group_open_http_svc/get_role_in_group":        {svc: groupSvc, handle: getRoleInGroup},
	"group_open_http_svc/change_group_owner":       {svc: groupSvc, handle: changeGroupOwner},
	"group_open_http_svc/forbid_send_msg":          {svc: groupSvc, handle: forbidSendMsg},
	"group_open_http_svc/get_group_muted_account":  {svc: groupSvc, handle: getGroupMutedAccount},
	"group_open_http_svc/import_group":             {svc: groupSvc, handle: importGroup},
	"group_open_http_svc/import_group_member":      {svc: groupSvc, handle: importGroupMember},
	// Group messages (group_messages.go).
	"group_open_http_svc/send_group_msg":                 {svc: groupSvc, handle: sendGroupMsg},
	"group_open_http_svc/group_msg_get_simple":           {svc: groupSvc, handle: groupMsgGetSimple},
	"group_open_http_svc/group_msg_recall":               {svc: groupSvc, handle: groupMsgRecall},
	"group_open_http_svc/set_unread_msg_num":             {svc: groupSvc, handle: setUnreadMsgNum},
	"group_open_http_svc/import_group_msg":               {svc: groupSvc, handle: importGroupMsg},
	"group_open_http_svc/send_group_system_notification": {svc: groupSvc, handle: sendGroupSystemNotification},
	"openim/modify_group_msg":                            {svc: openimSvc, handle: modifyGroupMsg},
	"group_open_http_svc/delete_group_msg_by_sender":     {svc: groupSvc, handle: deleteGroupMsgBySender},
	"openim_msg_ext_http_svc/group_set_key_values":       {svc: extSvc, handle: groupSetKeyValues},
	"openim_msg_ext_http_svc/group_get_key_values":       {svc: extSvc, handle: groupGetKeyValues},
	// Group read receipts (group_receipts.go).
	"group_open_http_svc/get_group_msg_receipt":        {svc: groupSvc, handle: getGroupMsgReceipt},
	"group_open_http_svc/get_group_msg_receipt_detail": {svc: groupSvc, handle: getGroupMsgReceiptDetail},
	// Live-streaming groups (AVChatRoom), bans and broadcasts (group_avchatroom.go).
	"group_open_http_svc/get_online_member_num":       {svc: groupSvc, handle: avOnlineMemberNum},
	"group_open_avchatroom_http_svc/get_members":      {svc: avSvc, handle: avGetMembers},
	"group_open_avchatroom_http_svc/modify_user_info": {svc: avSvc, handle: avModifyUserInfo},
	"group_open_http_svc/get_group_ban_member":        {svc: groupSvc, handle: avGetBanMember},
	"group_open_http_svc/ban_group_member":            {svc: groupSvc, handle: avBanMember},
	"group_open_http_svc/unban_group_member":          {svc: groupSvc, handle: avUnbanMember},
	"group_open_http_svc/send_broadcast_msg":          {svc: groupSvc, handle: avBroadcastMsg},
	// Group attributes and counters (group_attrs.go).
	"group_open_attr_http_svc/get_group_attr":  {svc: groupAttrSvc, handle: getGroupAttr},
	"group_open_http_svc/modify_group_attr":    {svc: groupSvc, handle: modifyGroupAttr},
	"group_open_http_svc/clear_group_attr":     {svc: groupSvc, handle: clearGroupAttr},
	"group_open_http_svc/set_group_attr":       {svc: groupSvc, handle: setGroupAttr},
	"group_open_http_svc/delete_group_attr":    {svc: groupSvc, handle: deleteGroupAttr},
	"group_open_http_svc/get_group_counter":    {svc: groupSvc, handle: getGroupCounter},
	"group_open_http_svc/update_group_counter": {svc: groupSvc, handle: updateGroupCounter},
	"group_open_http_svc/delete_group_counter": {svc: groupSvc, handle: deleteGroupCounter},
	// Communities and topics (group_topics.go).
	"million_group_open_http_svc/create_topic":  {svc: millionGroupSvc, handle: createTopic},
	"million_group_open_http_svc/destroy_topic": {svc: millionGroupSvc, handle: destroyTopic},
	"million_group_open_http_svc/get_topic":     {svc: millionGroupSvc, handle: getTopic},
	"million_group_open_http_svc/modify_topic":  {svc: millionGroupSvc, handle: modifyTopic},
	"group_open_http_svc/import_topic":          {svc: groupSvc, handle: importTopic},
	"million_group_open_http_svc/import_topic":  {svc: millionGroupSvc, handle: importTopic},
	// Profiles and friends (profiles.go, friends.go).
	"profile/portrait_set":  {svc: profileSvc, handle: portraitSet},
	"profile/portrait_get":  {svc: profileSvc, handle: portraitGet},
	"sns/friend_add":        {svc: snsSvc, handle: friendAdd},
	"sns/friend_import":     {svc: snsSvc, handle: friendImport},
	"sns/friend_update":     {svc: snsSvc, handle: friendUpdate},
	"sns/friend_delete":     {svc: snsSvc, handle: friendDelete},
	"sns/friend_delete_all": {svc: snsSvc, handle: friendDeleteAll},
	"sns/friend_check":      {svc: snsSvc, handle: friendCheck},
	"sns/friend_get":        {svc: snsSvc, handle: friendGet},
	"sns/friend_get_list":   {svc: snsSvc, handle: friendGetList},
	// Relationships: friend lists and the blocklist (friendlists.go, blocklist.go).
	"sns/group_add":         {svc: snsSvc, handle: groupAdd},
	"sns/group_delete":      {svc: snsSvc, handle: groupDelete},
	"sns/group_get":         {svc: snsSvc, handle: groupGet},
	"sns/black_list_add":    {svc: snsSvc, handle: blackListAdd},
	"sns/black_list_delete": {svc: snsSvc, handle: blackListDelete},
	"sns/black_list_get":    {svc: snsSvc, handle: blackListGet},
	"sns/black_list_check":  {svc: snsSvc, handle: blackListCheck},
	// Global mute (mute.go).
	"openconfigsvr/setnospeaking": {svc: configSvc, handle: setNoSpeaking},
	"openconfigsvr/getnospeaking": {svc: configSvc, handle: getNoSpeaking},
	// Push to all users, operations, chatbots (push.go, ops.go, bots.go).
	"all_member_push/im_set_attr_name":     {svc: pushSvc, handle: setAttrName},
	"all_member_push/im_get_attr_name":     {svc: pushSvc, handle: getAttrName},
	"all_member_push/im_set_attr":          {svc: pushSvc, handle: setAttr},
	"all_member_push/im_get_attr":          {svc: pushSvc, handle: getAttr},
	"all_member_push/im_remove_attr":       {svc: pushSvc, handle: removeAttr},
	"all_member_push/im_add_tag":           {svc: pushSvc, handle: addTag},
	"all_member_push/im_get_tag":           {svc: pushSvc, handle: getTag},
	"all_member_push/im_remove_tag":        {svc: pushSvc, handle: removeTag},
	"all_member_push/im_remove_all_tags":   {svc: pushSvc, handle: removeAllTags},
	"all_member_push/im_push":              {svc: pushSvc, handle: imPush},
	"openconfigsvr/getappinfo":             {svc: configSvc, handle: getAppInfo},
	"open_msg_svc/get_history":             {svc: historySvc, handle: getHistory},
	"ConfigSvc/GetIPList":                  {svc: ipListSvc, handle: getIPList},
	"openim_robot_http_svc/create_robot":   {svc: robotSvc, handle: createRobot},
	"openim_robot_http_svc/delete_robot":   {svc: robotSvc, handle: deleteRobot},
	"openim_robot_http_svc/get_all_robots": {svc: robotSvc, handle: getAllRobots},
})

// withEntries binds each route to its catalogue entry; a route the
// catalogue does not describe is a build defect.
func withEntries(rs map[string]route) map[string]route {
	cat := schemas.MustLoad()
	for p, r := range rs {
		e, ok := cat.Entry(p)
		if !ok {
			panic("emulator: route " + p + " has no catalogue entry")
		}
		r.entry = e
		rs[p] = r
	}
	return rs
}

// Endpoints returns the paths the emulator serves, such as "openim/sendmsg".
func Endpoints() []string {
	out := make([]string, 0, len(routes))
	for p := range routes {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// call is one authenticated request as handlers see it.
type call struct {
	f          fields
	now        time.Time
	identifier string
	path       string // as called: an alias of the endpoint's path, maybe
	host       string // the Host the call came to, for addresses the emulator serves
}

// Handler is the emulator as an http.Handler.
type Handler struct {
	opts     Options
	hooks    *hooks // nil without a callback URL
	store    *store
	limiters map[string]*rate.Limiter
	sigs     sigCache
	codes    struct{ report, peer int }
}

// NewHandler returns an emulator with empty state.
func NewHandler(opts Options) (*Handler, error) {
	if opts.SDKAppID == 0 {
		opts.SDKAppID = TestSDKAppID
	}
	if opts.Key == "" {
		opts.Key = TestKey
	}
	if len(opts.Admins) == 0 {
		opts.Admins = []string{TestAdmin}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	for _, a := range opts.Admins {
		if !validUserID(a) {
			return nil, fmt.Errorf("admin %q is not a valid UserID", a)
		}
	}
	for p := range opts.Limits {
		if _, ok := routes[p]; !ok {
			return nil, fmt.Errorf("limit for unknown endpoint %q", p)
		}
	}
	h := &Handler{opts: opts, store: newStore(opts.Admins), limiters: map[string]*rate.Limiter{}}
	h.hooks = newHooks(opts)
	h.codes.report, h.codes.peer = codeFromAccount, codeToAccount
	if opts.SwapAccountCodes {
		h.codes.report, h.codes.peer = codeToAccount, codeFromAccount
	}
	h.sigs.entries = map[string]sigEntry{}
	if !opts.NoLimits {
		now := opts.Now()
		for p, r := range routes {
			limit, _ := r.entry.Limit()
			if v, ok := opts.Limits[p]; ok {
				limit = v
			}
			if limit <= 0 {
				continue
			}
			lim := rate.NewLimiter(rate.Limit(limit), burst(limit))
			lim.AllowN(now, 0)
			h.limiters[p] = lim
		}
	}
	return h, nil
}

// burst is the token-bucket depth for a limit: a quarter of a second's
// calls, so that a client pacing itself below the limit is not throttled for
// a scheduling hiccup.
func burst(limit float64) int {
	b := int(limit / 4)
	if b < 1 {
		b = 1
	}
	return b
}

// Close delivers the callbacks still queued and stops their delivery. A
// Handler without a callback URL needs no Close.
func (h *Handler) Close() { h.hooks.stop() }

// ServeHTTP answers one REST call (every answer is HTTP 200 with the JSON
// envelope, whatever the request) or, under ControlPrefix, a call of the
// control API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		h.control(w, r)
		return
	}
	path, _ := strings.CutPrefix(r.URL.Path, "/v4/")
	rt, known := routes[path]
	if !known || !strings.HasPrefix(r.URL.Path, "/v4/") {
		writeEnvelope(w, codeBadResource, "no such service or command", nil)
		return
	}
	defer func() {
		if v := recover(); v != nil {
			h.opts.Logf("emulator: panic serving %s: %v", path, v)
			writeEnvelope(w, rt.svc.internal, "internal error", nil)
		}
	}()
	if r.Method != http.MethodPost {
		writeEnvelope(w, codeHTTPParse, "the REST API takes POST only", nil)
		return
	}
	now := h.opts.Now()
	identifier, aerr := h.authenticate(r.URL.RawQuery, path, rt, now)
	if aerr != nil {
		writeEnvelope(w, aerr.Code, aerr.Info, nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeEnvelope(w, rt.svc.tooLong, "request body is over "+strconv.FormatInt(h.opts.MaxBodyBytes, 10)+" bytes", nil)
			return
		}
		writeEnvelope(w, codeHTTPParse, "request body could not be read", nil)
		return
	}
	f, bad := decodeBody(body)
	if bad != "" {
		writeEnvelope(w, rt.svc.parse, bad, nil)
		return
	}
	result, aerr := rt.handle(h, &call{f: f, now: now, identifier: identifier, path: path, host: r.Host})
	if aerr != nil {
		writeEnvelope(w, aerr.Code, aerr.Info, nil)
		return
	}
	var out []byte
	if result != nil {
		if out, err = json.Marshal(result); err != nil {
			h.opts.Logf("emulator: encode %s result: %v", path, err)
			writeEnvelope(w, rt.svc.internal, "internal error", nil)
			return
		}
	}
	writeEnvelope(w, 0, "", out)
}

// authenticate checks the query string of a call: sdkappid, identifier,
// usersig, random and contenttype, then the rate limit, then the UserSig and
// that the identifier is an App admin. It returns the identifier.
func (h *Handler) authenticate(rawQuery, path string, rt route, now time.Time) (string, *apiError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fail(codeHTTPParse, "the query string cannot be parsed")
	}
	appID := q.Get("sdkappid")
	if appID == "" {
		return "", fail(codeNoSDKAppID, "sdkappid is missing")
	}
	if n, err := strconv.ParseUint(appID, 10, 64); err != nil || n != h.opts.SDKAppID {
		return "", fail(codeBadSDKAppID, "sdkappid is not this app's")
	}
	identifier := q.Get("identifier")
	if identifier == "" {
		return "", fail(codeAccountOrSig, "identifier is missing")
	}
	if _, err := strconv.ParseUint(q.Get("random"), 10, 32); err != nil {
		return "", fail(codeHTTPParse, "random must be an integer from 0 to 4294967295")
	}
	if q.Get("contenttype") != "json" {
		return "", fail(codeHTTPParse, "contenttype must be json")
	}
	if lim := h.limiters[path]; lim != nil && !lim.AllowN(now, 1) {
		h.overLimit(path, now) // Alert.RequestOverLimit (ops.go)
		return "", fail(codeAPIRateLimit, "call rate of "+path+" is over its limit")
	}
	sig := q.Get("usersig")
	if sig == "" {
		return "", fail(codeSigEmpty, "usersig is missing")
	}
	if err := h.verify(identifier, sig, now); err != nil {
		return "", err
	}
	if !h.store.admins[identifier] {
		return "", fail(rt.svc.needsAdmin, "identifier is not an App admin")
	}
	return identifier, nil
}

// sigCache remembers UserSigs that verified, until they expire, so a client
// that reuses its UserSig pays for one HMAC only.
type sigCache struct {
	mu      sync.RWMutex
	entries map[string]sigEntry
}

type sigEntry struct {
	identifier string
	expires    time.Time
}

const sigCacheSize = 4096

func (h *Handler) verify(identifier, sig string, now time.Time) *apiError {
	h.sigs.mu.RLock()
	e, ok := h.sigs.entries[sig]
	h.sigs.mu.RUnlock()
	if ok && e.identifier == identifier && now.Before(e.expires) {
		return nil
	}
	doc, err := usersig.Decode(sig)
	if err != nil {
		return fail(codeSigInvalid, "usersig cannot be decoded")
	}
	switch err := usersig.Verify(h.opts.SDKAppID, h.opts.Key, identifier, sig, now); {
	case err == nil:
	case errors.Is(err, usersig.ErrSDKAppIDMismatch):
		return fail(codeSigSDKAppID, "usersig was made for another sdkappid")
	case errors.Is(err, usersig.ErrIdentifierMismatch):
		return fail(codeSigIdentifier, "usersig was made for another identifier")
	case errors.Is(err, usersig.ErrExpired):
		return fail(codeSigExpired, "usersig has expired")
	case errors.Is(err, usersig.ErrSigMismatch):
		return fail(codeSigMismatch, "usersig does not verify with this app's key")
	default:
		return fail(codeSigInvalid, "usersig is invalid")
	}
	h.sigs.mu.Lock()
	if len(h.sigs.entries) >= sigCacheSize {
		clear(h.sigs.entries)
	}
	h.sigs.entries[sig] = sigEntry{identifier, doc.Expires()}
	h.sigs.mu.Unlock()
	return nil
}

// Server is an emulator listening on a loopback port, shaped like
// net/http/httptest.Server.
type Server struct {
	handler *Handler
	srv     *http.Server
	ln      net.Listener
	url     string
	client  *http.Client
	done    chan struct{}
}

// NewServer starts an emulator on opts.Addr (127.0.0.1 on a free port by
// default). Call Close when done.
func NewServer(opts Options) (*Server, error) {
	h, err := NewHandler(opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	s := &Server{
		handler: h,
		srv:     &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		ln:      ln,
		url:     "http://" + ln.Addr().String(),
		client:  &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		done:    make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// URL is the base URL, such as http://127.0.0.1:43117, without a trailing slash.
func (s *Server) URL() string { return s.url }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.client }

// Handler returns the emulator behind the server.
func (s *Server) Handler() *Handler { return s.handler }

// Close stops the server and waits for it.
func (s *Server) Close() {
	s.srv.Close()
	<-s.done
	s.handler.Close()
	s.client.CloseIdleConnections()
}
