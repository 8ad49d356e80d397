package contract_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/suites/contract"
	"github.com/chatconform/chatconform/suites/framework"
)

// resolve makes the preconditions of the plan's sample on the target, each
// undone beside its creation, and returns the sample's body with the
// placeholders filled in. A step that fails blocks the check.
func resolve(ctx ginkgo.SpecContext, p contract.Plan) []byte {
	ginkgo.GinkgoHelper()
	s := p.Sample
	vals := map[string]json.RawMessage{
		"now":    json.RawMessage(strconv.FormatInt(time.Now().Unix(), 10)),
		"random": json.RawMessage(strconv.FormatUint(uint64(rand.Uint32()), 10)),
		// The current hour as YYYYMMDDHH in China time, the zone of the
		// pages' dates (the hour of get_history).
		"hour": json.RawMessage(strconv.Quote(time.Now().In(time.FixedZone("UTC+8", 8*3600)).Format("2006010215"))),
	}
	for i, st := range s.Setup {
		switch {
		case st.Account || st.Fresh:
			id, err := env.Pool.Digits(ctx, st.Account)
			if err != nil {
				framework.Blocked(fmt.Sprintf("setup step %d (an account)", i+1), err)
			}
			vals[st.ID], _ = json.Marshal(id)
		case st.Control != "":
			body, err := contract.Fill(st.Body, vals)
			if err != nil {
				framework.Blocked(fmt.Sprintf("setup step %d (%s)", i+1, st.Control), err)
			}
			ctl := emulator.Control{BaseURL: env.Target.BaseURL, Client: env.Target.HTTPClient}
			if err := ctl.Post(ctx, st.Control, body); err != nil {
				framework.Blocked(fmt.Sprintf("setup step %d (control call %s)", i+1, st.Control), err)
			}
		default:
			body, err := contract.Fill(st.Body, vals)
			if err != nil {
				framework.Blocked(fmt.Sprintf("setup step %d (%s)", i+1, st.Call), err)
			}
			x, err := env.Call(ctx, st.Call, json.RawMessage(body))
			if err != nil {
				framework.Unreachable(st.Call, err)
			}
			if !x.OK() {
				framework.BlockedBy(x, fmt.Sprintf("setup step %d", i+1))
			}
			if st.Cleanup != nil {
				undo, err := contract.Fill(st.Cleanup.Body, vals)
				if err == nil {
					call := st.Cleanup.Call
					ginkgo.DeferCleanup(func(ctx ginkgo.SpecContext) { env.Call(ctx, call, json.RawMessage(undo)) })
				}
			}
			if st.ID != "" {
				v, err := contract.Pick(x.Body, st.Pick)
				if err != nil {
					framework.BlockedBy(x, fmt.Sprintf("setup step %d: %v", i+1, err))
				}
				vals[st.ID] = v
			}
		}
	}
	body, err := contract.Prepare(s, vals)
	if err != nil {
		framework.Blocked("the documented sample "+s.Name, err)
	}
	return body
}
