package framework

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/internal/target"
)

// A check ends in one of three ways besides passing: it fails (the target
// broke the clause the check names), it is blocked (a call the check needed
// to set up its preconditions did not conform, so the clause could not be
// judged), or it is skipped (the target lacks a capability). Every way out
// starts with a one-line headline that says what the target answered.

// ReportBlocked is the report entry that marks a blocked check; its value
// is the cause, one line.
const ReportBlocked = "blocked"

// Failf fails the check with a one-line headline.
func Failf(format string, args ...any) {
	ginkgo.GinkgoHelper()
	ginkgo.Fail(target.Redact(fmt.Sprintf(format, args...)))
}

// Blocked ends the check as blocked by what (a call, or a step) with err.
func Blocked(what string, err error) {
	ginkgo.GinkgoHelper()
	var ce *target.CallError
	var te *target.TransportError
	if errors.As(err, &ce) || errors.As(err, &te) {
		// The call is the cause; the step only says where it was made, and
		// checks blocked by the same call group under one cause.
		block(Diagnose(err))
	}
	block(what + ": " + Diagnose(err))
}

// BlockedBy ends the check as blocked by the exchange x, which did not
// answer as the precondition needed.
func BlockedBy(x *target.Exchange, why string) {
	ginkgo.GinkgoHelper()
	cause := Answered(x)
	if why != "" {
		cause += " (" + why + ")"
	}
	block(cause)
}

// Unreachable ends the check as blocked by a call that got no HTTP answer.
func Unreachable(endpoint string, err error) {
	ginkgo.GinkgoHelper()
	var te *target.TransportError
	if errors.As(err, &te) {
		block(Diagnose(err))
	}
	block(endpoint + ": " + Diagnose(err))
}

func block(cause string) {
	ginkgo.GinkgoHelper()
	cause = target.Redact(cause)
	ginkgo.AddReportEntry(ReportBlocked, cause)
	ginkgo.Fail("blocked by " + cause)
}

// Answered says in one line what an exchange came back with (see
// target.Exchange.Summary).
func Answered(x *target.Exchange) string {
	if x == nil {
		return "no exchange"
	}
	return x.Summary()
}

// Diagnose renders an error in one line without Go value formatting: a
// call's answer ("account_import answered HTTP 200, FAIL, ErrorCode 70402"),
// a call without one ("account_import: connection refused", "…: no answer
// within 10 s"), or the error's own first line.
func Diagnose(err error) string {
	var ce *target.CallError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	var te *target.TransportError
	if errors.As(err, &te) {
		return te.Endpoint + ": " + transport(te.Err)
	}
	if err == nil {
		return "no error"
	}
	return transport(err)
}

// Reason says in a few words why a call got no answer: "connection
// refused", "no answer within 10 s".
func Reason(err error) string { return transport(err) }

func transport(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer within %s", durationWords(CallTimeout))
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Sprintf("no answer within %s", durationWords(CallTimeout))
	}
	msg := strings.TrimSpace(err.Error())
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return target.Redact(msg)
}

// Require blocks the check when a precondition (err) failed; what names
// the step.
func Require(err error, what string) {
	ginkgo.GinkgoHelper()
	if err != nil {
		Blocked(what, err)
	}
}

func durationWords(d interface{ Seconds() float64 }) string {
	return fmt.Sprintf("%g s", d.Seconds())
}
