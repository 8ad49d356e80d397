package emulator

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"maps"
	"math"
	"net"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits of the operations endpoints (their catalogue entries).
const (
	appInfoDays   = 30                 // getappinfo reports the last 30 days
	historyKept   = 7 * 24 * time.Hour // message files are kept 7 days
	historyLinkOK = time.Hour          // a download address works this long
	alertWindow   = time.Minute        // Alert.RequestOverLimit at most once per API per window
	// historyPath is where the control API serves the message files
	// get_history returns, under ControlPrefix.
	historyPath = "history/"
)

// Codes of the operations endpoints.
const (
	codeAppInfoParse    = 130001 // getappinfo: the body is not JSON, or a bad field
	codeHistoryParam    = 1002   // bad parameter, or the caller is not an App admin
	codeHistoryInternal = 1003
	codeHistoryNoFile   = 1004 // no file yet, or no message that hour
	codeHistoryExpired  = 1005
)

// historySvc is open_msg_svc: its page gives 1002 for any bad parameter
// (a body that is not JSON and a caller who is not an App admin included)
// and 1003 for a system error.
var historySvc = service{"open_msg_svc", codeHistoryParam, codeHistoryParam, codeHistoryInternal, codeHistoryParam}

// ipListSvc is ConfigSvc: its page has no table, so the common 60003 (not
// JSON), 60010 (not an App admin) and 70500 (internal) apply.
var ipListSvc = service{"ConfigSvc", codeBodyNotJSON, codeNeedsAdmin, codeLoginInternal, codeBodyNotJSON}

// opsState holds what getappinfo reports beyond the store's accounts and
// messages (logins per day), the message files get_history made, and when
// each API last raised Alert.RequestOverLimit (guarded by alertMu, not
// s.mu: the throttle point takes no store lock).
type opsState struct {
	days    map[string]*dayStats    // YYYYMMDD (UTC+8) → logins of the day
	msgDays map[string]*msgDay      // YYYYMMDD (UTC+8) of MsgTime → one-to-one messages stored
	files   map[string]*historyFile // file name → its content
	alertMu sync.Mutex
	alerted map[string]time.Time // path → when its alert was last sent
}

type dayStats struct {
	logins    int
	users     map[string]bool // accounts that logged in
	maxOnline int
}

// msgDay counts the one-to-one messages of one day (UTC+8, by MsgTime)
// as they are stored, so that getappinfo reads 30 days of counts instead
// of every message held (under the store's lock).
type msgDay struct {
	msgs    int
	senders map[string]bool
}

// countMessage adds a stored one-to-one message from sender at t to its
// day. The days kept reach no further back than twice getappinfo's 30
// from the newest day counted.
func (o *opsState) countMessage(sender string, t int64) {
	if o.msgDays == nil {
		o.msgDays = map[string]*msgDay{}
	}
	at := time.Unix(t, 0).In(beijing)
	key := at.Format("20060102")
	d := o.msgDays[key]
	if d == nil {
		d = &msgDay{senders: map[string]bool{}}
		o.msgDays[key] = d
		if len(o.msgDays) > 4*appInfoDays {
			newest, _ := time.ParseInLocation("20060102", slices.Max(slices.Collect(maps.Keys(o.msgDays))), beijing)
			dropDaysBefore(o.msgDays, newest.AddDate(0, 0, -2*appInfoDays))
		}
	}
	d.msgs++
	d.senders[sender] = true
}

// dropDaysBefore deletes the days (keyed YYYYMMDD) before the day of t.
func dropDaysBefore[V any](days map[string]V, t time.Time) {
	cut := t.Format("20060102")
	for k := range days {
		if k < cut {
			delete(days, k)
		}
	}
}

type historyFile struct {
	data    []byte // gzip
	expires time.Time
}

// stateKicked is the "state" of a session event that im_open_login_svc/kick
// causes.
const stateKicked = "Kicked"

// sessionEvent records a change of user's client sessions on platform ("" for
// all) to state (StateOnline for a login, StatePushOnline for the
// background, StateOffline for a logout, stateKicked for a kick) and fires
// State.StateChange: Login/Register when a session starts, Logout/Unregister
// when a logout ends one, Disconnect/LinkClose when a kick ends them; a move
// to the background of a session that exists fires nothing. Call it before
// the change, with s.mu held.
func (h *Handler) sessionEvent(user, platform, state string) {
	s := h.store
	now := h.opts.Now()
	had := len(s.sessions[user]) > 0
	if platform != "" {
		_, had = s.sessions[user][platform]
	}
	action, reason := "", ""
	switch {
	case state == StateOnline, state == StatePushOnline && !had:
		action, reason = "Login", "Register"
		day := s.app.ops.day(now)
		day.logins++
		day.users[user] = true
		online := len(s.sessions)
		if len(s.sessions[user]) == 0 {
			online++
		}
		day.maxOnline = max(day.maxOnline, online)
	case state == StateOffline && had:
		action, reason = "Logout", "Unregister"
	case state == stateKicked && had:
		action, reason = "Disconnect", "LinkClose"
	}
	if action == "" || h.hooks == nil {
		return
	}
	h.after("State.StateChange", map[string]any{
		"EventTime": now.UnixMilli(),
		"Info":      map[string]any{"Action": action, "To_Account": user, "Reason": reason},
	})
}

func (o *opsState) day(now time.Time) *dayStats {
	key := now.In(beijing).Format("20060102")
	d := o.days[key]
	if d == nil {
		d = &dayStats{users: map[string]bool{}}
		o.days[key] = d
		if len(o.days) > 2*appInfoDays {
			dropDaysBefore(o.days, now.In(beijing).AddDate(0, 0, -appInfoDays))
		}
	}
	return d
}

// overLimit fires Alert.RequestOverLimit for an API a call was throttled
// on, at most once per API per alertWindow. Request is the rate the call
// would have made: the limit plus that call.
func (h *Handler) overLimit(path string, now time.Time) {
	if h.hooks == nil {
		return
	}
	o := &h.store.app.ops
	o.alertMu.Lock()
	last, seen := o.alerted[path]
	if seen && now.Sub(last) < alertWindow {
		o.alertMu.Unlock()
		return
	}
	o.alerted[path] = now
	o.alertMu.Unlock()
	limit := int(math.Ceil(float64(h.limiters[path].Limit())))
	svc, cmd, _ := strings.Cut(path, "/")
	h.after("Alert.RequestOverLimit", map[string]any{
		"ServiceName": svc, "Command": cmd, "Request": limit + 1, "Limit": limit,
	})
}

// appInfoFields are the fields getappinfo reports, as its page lists them.
var appInfoFields = []string{
	"AppName", "AppId", "Company", "ActiveUserNum", "RegistUserNumOneDay", "RegistUserNumTotal",
	"LoginTimes", "LoginUserNum", "UpMsgNum", "SendMsgUserNum", "APNSMsgNum", "C2CUpMsgNum",
	"C2CDownMsgNum", "C2CSendMsgUserNum", "C2CAPNSMsgNum", "MaxOnlineNum", "DownMsgNum",
	"ChainIncrease", "ChainDecrease", "GroupUpMsgNum", "GroupDownMsgNum", "GroupSendMsgUserNum",
	"GroupAPNSMsgNum", "GroupSendMsgGroupNum", "GroupJoinGroupTimes", "GroupQuitGroupTimes",
	"GroupNewGroupNum", "GroupAllGroupNum", "GroupDestroyGroupNum", "CallBackReq", "CallBackRsp", "Date",
}

// noMsgs and noLogins stand for a day without messages or logins (read
// only).
var (
	noMsgs   msgDay
	noLogins dayStats
)

// getAppInfo implements v4/openconfigsvr/getappinfo: one row per day of
// the last 30 (UTC+8), newest first, every value a string as in the
// samples. The message counts come from the one-to-one messages the
// emulator has stored (by their MsgTime, counted as they are stored:
// countMessage), the login counts from the control
// API's sessions, RegistUserNumTotal (today's row) from the accounts; the
// fields the emulator does not model are "0".
func getAppInfo(h *Handler, c *call) (any, *apiError) {
	want := appInfoFields
	if raw, ok := c.f["RequestField"]; ok {
		list, st := fields{"RequestField": raw}.stringArray("RequestField")
		if st != valid {
			return nil, fail(codeAppInfoParse, "RequestField must be an array of field names")
		}
		for _, f := range list {
			if !slices.Contains(appInfoFields, f) {
				return nil, fail(codeAppInfoParse, "RequestField names an unknown field "+strconv.Quote(f))
			}
		}
		if len(list) > 0 {
			want = append(list, "Date")
		}
	}
	today := c.now.In(beijing)
	s := h.store
	s.mu.Lock()
	msgDays := s.app.ops.msgDays
	accounts := len(s.accounts)
	keys := slices.Clone(want)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	rows := make([]appInfoRow, appInfoDays)
	for i := range rows {
		date := today.AddDate(0, 0, -i).Format("20060102")
		md := msgDays[date]
		if md == nil {
			md = &noMsgs
		}
		ld := s.app.ops.days[date]
		if ld == nil {
			ld = &noLogins
		}
		active := len(md.senders)
		for u := range ld.users {
			if !md.senders[u] {
				active++
			}
		}
		total := 0
		if i == 0 {
			total = accounts
		}
		row := appInfoRow{keys: keys, vals: make([]string, len(keys))}
		for k, f := range keys {
			v := "0" // a field the emulator does not model
			switch f {
			case "AppName":
				v = "chatconform emulator"
			case "AppId":
				v = strconv.FormatUint(h.opts.SDKAppID, 10)
			case "Company":
				v = "chatconform"
			case "ActiveUserNum":
				v = strconv.Itoa(active)
			case "RegistUserNumTotal":
				v = strconv.Itoa(total)
			case "LoginTimes":
				v = strconv.Itoa(ld.logins)
			case "LoginUserNum":
				v = strconv.Itoa(len(ld.users))
			case "UpMsgNum", "C2CUpMsgNum", "C2CDownMsgNum", "DownMsgNum":
				v = strconv.Itoa(md.msgs)
			case "SendMsgUserNum", "C2CSendMsgUserNum":
				v = strconv.Itoa(len(md.senders))
			case "MaxOnlineNum":
				v = strconv.Itoa(ld.maxOnline)
			case "Date":
				v = date
			}
			row.vals[k] = v
		}
		rows[i] = row
	}
	s.mu.Unlock()
	return struct{ Result []appInfoRow }{rows}, nil
}

// appInfoRow is one day of getappinfo: its fields sorted by name, as a
// map's would be, written without sorting each row's keys again (which
// was most of the call's cost).
type appInfoRow struct {
	keys, vals []string // the names and values are printable ASCII
}

func (r appInfoRow) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 32*len(r.keys))
	b = append(b, '{')
	for i, k := range r.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, k)
		b = append(b, ':')
		b = strconv.AppendQuote(b, r.vals[i])
	}
	return append(b, '}'), nil
}

// historyMsg is one message of a message file, in the documented format.
type historyMsg struct {
	From_Account string
	To_Account   string
	MsgTimestamp int64
	MsgSeq       uint32
	MsgRandom    uint32
	MsgBody      json.RawMessage
}

// getHistory implements v4/open_msg_svc/get_history: for ChatType C2C and
// an hour (YYYYMMDDHH, UTC+8) of the last 7 days that holds one-to-one
// messages, one gzip file in the documented format, served by the control
// API at the URL returned for an hour. The file is made at once, even for
// the current hour. Group answers 1004: no group message file is made.
func getHistory(h *Handler, c *call) (any, *apiError) {
	chatType, st := c.f.str("ChatType")
	if st != valid || chatType != "C2C" && chatType != "Group" {
		return nil, fail(codeHistoryParam, "ChatType must be C2C or Group")
	}
	hour, st := c.f.str("MsgTime")
	start, err := time.ParseInLocation("2006010215", hour, beijing)
	if st != valid || len(hour) != 10 || err != nil {
		return nil, fail(codeHistoryParam, "MsgTime must name an hour as YYYYMMDDHH")
	}
	end := start.Add(time.Hour)
	switch {
	case end.Before(c.now.Add(-historyKept)):
		return nil, fail(codeHistoryExpired, "the files of "+hour+" have expired: files are kept 7 days")
	case start.After(c.now):
		return nil, fail(codeHistoryNoFile, "the hour "+hour+" has not begun")
	case chatType == "Group":
		return nil, fail(codeHistoryNoFile, "the emulator makes no group message files")
	}
	s := h.store
	s.mu.Lock()
	var msgs []*message
	for _, conv := range s.convs {
		for _, m := range conv.msgs {
			if m.Time >= start.Unix() && m.Time < end.Unix() && m.FlagBits&recalledFlag == 0 {
				msgs = append(msgs, m)
			}
		}
	}
	s.mu.Unlock()
	if len(msgs) == 0 {
		return nil, fail(codeHistoryNoFile, "no one-to-one message was sent in "+hour)
	}
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].before(msgs[j]) })
	var plain bytes.Buffer
	head, _ := json.Marshal(map[string]any{"SdkAppId": h.opts.SDKAppID, "ChatType": "C2C", "MsgTime": hour})
	plain.Write(head[:len(head)-1])
	plain.WriteString(`,"MsgList":[` + "\n")
	for i, m := range msgs {
		line, _ := json.Marshal(historyMsg{m.From, m.To, m.Time, m.Seq, m.Random, m.Body})
		plain.Write(line)
		if i < len(msgs)-1 {
			plain.WriteByte(',')
		}
		plain.WriteByte('\n')
	}
	plain.WriteString("]}\n")
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(plain.Bytes())
	if err := zw.Close(); err != nil {
		return nil, fail(codeHistoryInternal, "the file could not be made")
	}
	name := strconv.FormatUint(h.opts.SDKAppID, 10) + "_C2C_" + hour + ".gz"
	expires := c.now.Add(historyLinkOK)
	s.mu.Lock()
	files := s.app.ops.files
	for k, f := range files {
		if !c.now.Before(f.expires) {
			delete(files, k)
		}
	}
	files[name] = &historyFile{data: zipped.Bytes(), expires: expires}
	s.mu.Unlock()
	sum := func(b []byte) string { d := md5.Sum(b); return hex.EncodeToString(d[:]) }
	type file struct {
		URL        string
		ExpireTime string
		FileSize   int
		FileMD5    string
		GzipSize   int
		GzipMD5    string
	}
	return struct{ File []file }{[]file{{
		URL:        "http://" + c.host + ControlPrefix + historyPath + name,
		ExpireTime: expires.In(beijing).Format("2006-01-02 15:04:05"),
		FileSize:   plain.Len(), FileMD5: sum(plain.Bytes()),
		GzipSize: zipped.Len(), GzipMD5: sum(zipped.Bytes()),
	}}}, nil
}

// serveHistory answers GET /chatconform/v1/history/{file}: a message file
// get_history made, until its address expires.
func (h *Handler) serveHistory(w http.ResponseWriter, name string) {
	s := h.store
	now := h.opts.Now()
	s.mu.Lock()
	f := s.app.ops.files[name]
	s.mu.Unlock()
	if f == nil || !now.Before(f.expires) {
		controlReply(w, http.StatusNotFound, map[string]string{"error": "no message file " + name + ", or its address expired"})
		return
	}
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Write(f.data)
}

// getIPList implements v4/ConfigSvc/GetIPList: the emulator's own address,
// as the call reached it (127.0.0.1 when that is a name, not an address),
// whatever nettype asks for.
func getIPList(h *Handler, c *call) (any, *apiError) {
	host := c.host
	if hp, _, err := net.SplitHostPort(host); err == nil {
		host = hp
	}
	if net.ParseIP(host) == nil {
		host = "127.0.0.1"
	}
	return struct{ IPList []string }{[]string{host}}, nil
}

// appControl serves the control API's calls of push to all users and
// operations, and reports whether cmd was one of them:
//
//	GET /chatconform/v1/pushes?TaskId=…     a push's record (Push)
//	GET /chatconform/v1/history/{file}      a message file get_history returned
func (h *Handler) appControl(w http.ResponseWriter, r *http.Request, cmd string) bool {
	if r.Method != http.MethodGet {
		return false
	}
	switch {
	case cmd == "pushes":
		h.servePush(w, r)
	case strings.HasPrefix(cmd, historyPath):
		h.serveHistory(w, strings.TrimPrefix(cmd, historyPath))
	default:
		return false
	}
	return true
}
