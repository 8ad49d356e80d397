package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/chatconform/chatconform/schemas"
)

// DefaultCallbackTimeout is how long the emulator waits for the app's
// answer to a callback: the documented two seconds.
const DefaultCallbackTimeout = 2 * time.Second

// callbackQueue bounds the "after" callbacks waiting for delivery; past it
// they are dropped and reported through Options.Logf, so a receiver that
// stalls never holds up the API or grows memory without bound.
const callbackQueue = 4096

// delivered are the CallbackCommands the emulator sends, each checked
// against the catalogue when the package loads.
var delivered = withWebhookEntries(
	"C2C.CallbackBeforeSendMsg",
	"C2C.CallbackAfterSendMsg",
	"C2C.CallbackAfterMsgReport",
	"C2C.CallbackAfterMsgWithDraw",
	"Group.CallbackBeforeCreateGroup",
	"Group.CallbackAfterCreateGroup",
	"Group.CallbackAfterNewMemberJoin",
	"Group.CallbackAfterMemberExit",
	"Group.CallbackBeforeSendMsg",
	"Group.CallbackAfterSendMsg",
	"Group.CallbackAfterGroupDestroyed",
	"Group.CallbackAfterGroupInfoChanged",
	"Group.CallbackAfterRecallMsg",
	"Group.CallbackSendMsgException",
	"Group.CallbackAfterReadReceipt",
	"Group.CallbackAfterChangeGroupOwner",
	"Group.CallbackOnMemberStateChange",
	"Group.CallbackAfterGroupAttrChanged",
	"Group.CallbackBeforeCreateTopic",
	"Group.CallbackAfterCreateTopic",
	"Group.CallbackAfterTopicDestroyed",
	"Group.CallbackAfterTopicInfoChanged",
	"Group.CallbackBeforeInviteJoinGroup",
	"Group.CallbackBeforeApplyJoinGroup",
	"Group.CallbackAfterGroupFull",
	"Group.CallbackAfterMemberFieldChanged",
	"Profile.CallbackPortraitSet",
	"Sns.CallbackFriendAdd",
	"Sns.CallbackFriendDelete",
	"Sns.CallbackPrevFriendAdd",
	"Sns.CallbackPrevFriendResponse",
	"Sns.CallbackBlackListAdd",
	"Sns.CallbackBlackListDelete",
	"State.StateChange",
	"Alert.RequestOverLimit",
	"Bot.OnC2CMessage",
)

func withWebhookEntries(cmds ...string) []string {
	cat := schemas.MustLoad()
	for _, c := range cmds {
		if _, ok := cat.Webhook(c); !ok {
			panic("emulator: callback " + c + " has no catalogue entry")
		}
	}
	return cmds
}

// Webhooks returns the CallbackCommands the emulator delivers to
// Options.CallbackURL.
func Webhooks() []string { return append([]string(nil), delivered...) }

// hooks sends callbacks to the app's callback URL.
type hooks struct {
	url      string
	token    string
	appID    uint64
	timeout  time.Duration
	refuse   bool // a "before" callback without an answer refuses
	client   *http.Client
	now      func() time.Time
	logf     func(string, ...any)
	queue    chan delivery
	wg       sync.WaitGroup
	stopOnce sync.Once
	quit     chan struct{} // closed when Close gives up waiting
}

// closeWait is how long Close waits for queued callbacks to be delivered
// before it drops the rest.
const closeWait = 5 * time.Second

type delivery struct {
	command string
	body    []byte
}

func newHooks(o Options) *hooks {
	if o.CallbackURL == "" {
		return nil
	}
	hk := &hooks{
		url: o.CallbackURL, token: o.CallbackToken, appID: o.SDKAppID,
		timeout: o.CallbackTimeout, refuse: o.RefuseOnCallbackTimeout,
		client: o.CallbackClient, now: o.Now, logf: o.Logf,
		queue: make(chan delivery, callbackQueue),
		quit:  make(chan struct{}),
	}
	if hk.timeout <= 0 {
		hk.timeout = DefaultCallbackTimeout
	}
	if hk.client == nil {
		hk.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	}
	hk.wg.Add(1)
	go hk.run()
	return hk
}

// run delivers the "after" callbacks in order, off the request path.
func (hk *hooks) run() {
	defer hk.wg.Done()
	for d := range hk.queue {
		select {
		case <-hk.quit:
			hk.logf("emulator: callback %s dropped: the emulator closed", d.command)
			continue
		default:
		}
		if _, err := hk.post(d.command, d.body); err != nil {
			hk.logf("emulator: callback %s: %v", d.command, err)
		}
	}
}

// stop delivers what is queued, for up to closeWait, and ends the worker.
func (hk *hooks) stop() {
	if hk == nil {
		return
	}
	hk.stopOnce.Do(func() {
		close(hk.queue)
		done := make(chan struct{})
		go func() { hk.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(closeWait):
			close(hk.quit)
			<-done
		}
	})
}

// after queues a callback that reports an event; the app's answer is
// ignored, as documented. Nothing is sent without a callback URL.
func (h *Handler) after(command string, body map[string]any) {
	hk := h.hooks
	if hk == nil {
		return
	}
	body["CallbackCommand"] = command
	data, err := json.Marshal(body)
	if err != nil {
		h.opts.Logf("emulator: encode callback %s: %v", command, err)
		return
	}
	select {
	case hk.queue <- delivery{command, data}:
	default:
		h.opts.Logf("emulator: callback %s dropped: %d callbacks are waiting for the receiver", command, callbackQueue)
	}
}

// verdict is the app's answer to a "before" callback.
type verdict struct {
	// Sent is false when no callback URL is set (the action goes ahead).
	Sent bool
	// Code is the answer's ErrorCode; TimedOut says no usable answer came.
	Code     int
	TimedOut bool
	// Answer is the decoded answer, for fields that replace the action's
	// (a modified MsgBody, say).
	Answer map[string]json.RawMessage
}

// before sends a callback and waits for the app's answer, which gates the
// action. A callback that gets no HTTP 200 JSON answer within the timeout
// counts as timed out.
func (h *Handler) before(command string, body map[string]any) verdict {
	hk := h.hooks
	if hk == nil {
		return verdict{}
	}
	body["CallbackCommand"] = command
	data, err := json.Marshal(body)
	if err != nil {
		h.opts.Logf("emulator: encode callback %s: %v", command, err)
		return verdict{}
	}
	answer, err := hk.post(command, data)
	if err != nil {
		h.opts.Logf("emulator: callback %s: %v", command, err)
		return verdict{Sent: true, TimedOut: true}
	}
	v := verdict{Sent: true, Answer: answer}
	if err := json.Unmarshal(answer["ErrorCode"], &v.Code); err != nil {
		h.opts.Logf("emulator: callback %s: the answer has no integer ErrorCode", command)
		v.TimedOut = true
	}
	return v
}

// post sends one callback: POST to the callback URL with the documented
// query string (and Sign and RequestTime when a token is set), the body as
// JSON; it returns the decoded answer.
func (hk *hooks) post(command string, body []byte) (map[string]json.RawMessage, error) {
	u, err := url.Parse(hk.url)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("SdkAppid", strconv.FormatUint(hk.appID, 10))
	q.Set("CallbackCommand", command)
	q.Set("contenttype", "json")
	q.Set("ClientIP", "127.0.0.1")
	q.Set("OptPlatform", "RESTAPI")
	if hk.token != "" {
		t := strconv.FormatInt(hk.now().Unix(), 10)
		q.Set("RequestTime", t)
		q.Set("Sign", CallbackSign(hk.token, t))
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), hk.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hk.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the receiver answered HTTP %d", resp.StatusCode)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("the receiver's answer is not a JSON object")
	}
	return m, nil
}

// CallbackSign is the documented callback signature: the hex SHA-256 of the
// token followed by the request time, so a receiver can check that a
// callback comes from the app's server.
func CallbackSign(token, requestTime string) string {
	sum := sha256.Sum256([]byte(token + requestTime))
	return hex.EncodeToString(sum[:])
}
