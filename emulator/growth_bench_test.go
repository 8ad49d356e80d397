package emulator

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// grower drives a Handler in process (no sockets: the figure is the
// handler's own cost) while the benchmark grows its state.
type grower struct {
	b     *testing.B
	h     *Handler
	query string
}

// post sends one call and fails the benchmark unless it answers OK.
func (g *grower) post(path, body string) {
	req := httptest.NewRequest(http.MethodPost, "/v4/"+path+"?"+g.query, strings.NewReader(body))
	rec := httptest.NewRecorder()
	g.h.ServeHTTP(rec, req)
	if !bytes.Contains(rec.Body.Bytes(), []byte(`"ErrorCode":0`)) {
		g.b.Fatalf("%s %.200s: %s", path, body, rec.Body.Bytes())
	}
}

// hotCall is one call the benchmark times at each size; body returns the
// i-th request.
type hotCall struct {
	name, path string
	body       func(i int) string
}

const growthText = `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"growth"}}]`

// BenchmarkStateGrowth grows the emulator's state by steps of ten, from 10³
// to 10⁶ stored messages in one conversation plus as many spread over a
// tenth as many conversations (10⁵ conversations and accounts at the top),
// a group of its type's default maximum size (2,000) holding a tenth as
// many messages, and a friend list growing to 3,000, the documented
// maximum. At each size it times the hot calls (the median of five rounds,
// each call's rounds right after a garbage collection)
// and reports each one's cost at the largest size as a ratio to the
// smallest ("<call>-x", goal at most 1.5), and the heap each message
// stored in an existing conversation takes beyond its body ("B/msg", goal
// at most 200; "B/spread-msg" also counts the conversations, accounts'
// lists and indexes that messages to new peers start).
//
// CHATCONFORM_GROWTH_MAX lowers the largest size (10⁶ by default), for a
// quick look.
func BenchmarkStateGrowth(b *testing.B) {
	top := 1_000_000
	if v := os.Getenv("CHATCONFORM_GROWTH_MAX"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10_000 {
			b.Fatalf("CHATCONFORM_GROWTH_MAX=%q: want a number of messages of at least 10000", v)
		}
		top = n
	}
	for b.Loop() {
		growth(b, top)
	}
}

func growth(b *testing.B, top int) {
	hs := &harness{t: b, now: time.Now()}
	h, err := NewHandler(Options{NoLimits: true, Now: hs.clock})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	hs.h = h
	hs.sig = hs.sigFor(TestAdmin)
	g := &grower{b: b, h: h, query: hs.query().Encode()}

	// The fixed cast: a pair whose conversation grows, a sender whose
	// conversations grow, a friend-list owner, a group owner.
	hs.importAccounts("gA", "gB", "gS", "gF", "gO")
	group := "growth"
	g.post("group_open_http_svc/create_group", `{"Owner_Account":"gO","Type":"Public","GroupId":"`+group+`","Name":"growth"}`)

	account := func(i int) string { return "g" + strconv.Itoa(i) }
	accounts, groupMembers, friends, oneConv, spread, groupMsgs := 0, 0, 0, 0, 0, 0
	addAccounts := func(n int) {
		for accounts < n {
			k := min(100, n-accounts)
			ids := make([]string, k)
			for j := range ids {
				ids[j] = strconv.Quote(account(accounts + j))
			}
			g.post("im_open_login_svc/multiaccount_import", `{"Accounts":[`+strings.Join(ids, ",")+`]}`)
			accounts += k
		}
	}
	send := func(from, to string) {
		if (oneConv+spread)%100 == 0 {
			hs.advance(time.Second) // a hundred messages a second
		}
		g.post("openim/sendmsg", `{"SyncOtherMachine":1,"From_Account":"`+from+`","To_Account":"`+to+`","MsgRandom":`+strconv.Itoa(oneConv+spread)+`,"MsgBody":`+growthText+`}`)
	}

	calls := []hotCall{
		{"sendmsg", "openim/sendmsg", func(i int) string {
			return `{"SyncOtherMachine":2,"From_Account":"gA","To_Account":"gB","MsgRandom":` + strconv.Itoa(i) + `,"MsgBody":` + growthText + `}`
		}},
		{"sendmsg_to_many", "openim/sendmsg", func(i int) string {
			// from the account with the most conversations, each to
			// the one it talked to longest ago
			return `{"SyncOtherMachine":1,"From_Account":"gS","To_Account":"` + account(i%accounts) + `","MsgRandom":` + strconv.Itoa(i) + `,"MsgBody":` + growthText + `}`
		}},
		{"get_c2c_unread_msg_num", "openim/get_c2c_unread_msg_num", func(int) string {
			return `{"To_Account":"gB","Peer_Account":["gA"]}`
		}},
		{"admin_getroammsg", "openim/admin_getroammsg", func(int) string {
			return `{"Operator_Account":"gB","Peer_Account":"gA","MaxCnt":100,"MinTime":0,"MaxTime":` + strconv.FormatInt(hs.clock().Unix()+1, 10) + `}`
		}},
		{"admin_set_msg_read", "openim/admin_set_msg_read", func(int) string {
			return `{"Report_Account":"gB","Peer_Account":"gA"}`
		}},
		{"send_group_msg", "group_open_http_svc/send_group_msg", func(i int) string {
			return `{"GroupId":"` + group + `","From_Account":"gO","Random":` + strconv.Itoa(i) + `,"MsgBody":` + growthText + `}`
		}},
		{"group_msg_get_simple", "group_open_http_svc/group_msg_get_simple", func(int) string {
			return `{"GroupId":"` + group + `","ReqMsgNumber":20}`
		}},
		{"friend_get", "sns/friend_get", func(int) string {
			return `{"From_Account":"gF","StartIndex":0,"StandardSequence":0,"CustomSequence":0}`
		}},
		{"recentcontact_get_list", "recentcontact/get_list", func(int) string {
			return `{"From_Account":"gS","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,"TopStartIndex":0,"AssistFlags":15}`
		}},
	}
	const rounds, perRound = 5, 200
	var sizes []int
	cost := map[string][]float64{} // ns per call, per size
	var perMsg, perSpread float64
	for size := 1_000; size <= top; size *= 10 {
		sizes = append(sizes, size)
		convs := size / 10
		addAccounts(convs)
		for groupMembers < min(convs, defaultMaxMembers-1) {
			k := min(maxAddMembers, min(convs, defaultMaxMembers-1)-groupMembers)
			items := make([]string, k)
			for j := range items {
				items[j] = `{"Member_Account":"` + account(groupMembers+j) + `"}`
			}
			g.post("group_open_http_svc/add_group_member", `{"GroupId":"`+group+`","Silence":1,"MemberList":[`+strings.Join(items, ",")+`]}`)
			groupMembers += k
		}
		for friends < min(convs, 3000) {
			k := min(100, min(convs, 3000)-friends)
			items := make([]string, k)
			for j := range items {
				items[j] = `{"To_Account":"` + account(friends+j) + `","AddSource":"AddSource_Type_Bench"}`
			}
			g.post("sns/friend_import", `{"From_Account":"gF","AddFriendItem":[`+strings.Join(items, ",")+`]}`)
			friends += k
		}
		// The last step also measures the heap each message takes: in a
		// conversation that exists (the figure per stored message), and
		// spread over conversations that this step starts (with theirs).
		last := size*10 > top
		heap := func() uint64 {
			if !last {
				return 0
			}
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			return ms.HeapAlloc
		}
		h0, added := heap(), size-oneConv
		for oneConv < size {
			send("gA", "gB")
			oneConv++
		}
		h1 := heap()
		for spread < size {
			send("gS", account(spread%convs))
			spread++
		}
		if last {
			body := float64(len(growthText))
			perMsg = float64(h1-h0)/float64(added) - body
			perSpread = float64(heap()-h1)/float64(added) - body
		}
		for groupMsgs < size/10 {
			g.post("group_open_http_svc/send_group_msg", `{"GroupId":"`+group+`","From_Account":"gO","Random":`+strconv.Itoa(groupMsgs)+`,"MsgBody":`+growthText+`}`)
			groupMsgs++
		}
		for _, c := range calls {
			// Each call is timed right after a collection: at 10⁶
			// messages the heap is gigabytes, and a mark phase running
			// beside the rounds would charge them the collector's work,
			// which grows with the heap whatever the handler does.
			runtime.GC()
			var samples []float64
			for r := range rounds {
				start := time.Now()
				for i := range perRound {
					g.post(c.path, c.body(size*rounds*perRound+r*perRound+i))
				}
				samples = append(samples, float64(time.Since(start).Nanoseconds())/perRound)
			}
			slices.Sort(samples)
			cost[c.name] = append(cost[c.name], samples[rounds/2])
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-24s", "ns per call at")
	for _, s := range sizes {
		fmt.Fprintf(&table, " %10s", fmt.Sprintf("%.0e", float64(s)))
	}
	table.WriteString("   ratio\n")
	for _, c := range calls {
		ns := cost[c.name]
		ratio := ns[len(ns)-1] / ns[0]
		fmt.Fprintf(&table, "%-24s", c.name)
		for _, v := range ns {
			fmt.Fprintf(&table, " %10.0f", v)
		}
		fmt.Fprintf(&table, "   %.2f\n", ratio)
		b.ReportMetric(ratio, c.name+"-x")
	}
	b.ReportMetric(perMsg, "B/msg")
	b.ReportMetric(perSpread, "B/spread-msg")
	b.Logf("state grown to %d + %d messages (%d conversations), %d accounts, group of %d with %d messages, %d friends\n%s",
		oneConv, spread, top/10, accounts+5, groupMembers+1, groupMsgs, friends, table.String())
}
