package framework

import (
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
	_ = x
}

// Unreachable ends the check as blocked by a call that got no HTTP answer.
func Unreachable(endpoint string, err error) {
	ginkgo.GinkgoHelper()
	block(endpoint + ": " + Diagnose(err))
}

func block(cause string) {
	ginkgo.GinkgoHelper()
	cause = target.Redact(cause)
	ginkgo.AddReportEntry(ReportBlocked, cause)
	ginkgo.Fail("blocked by " + cause)
}

// Answered says in one line what an exchange came back with:
// "account_import answered HTTP 200, FAIL, ErrorCode 70402", or, for an
// answer that is not the JSON envelope, "…: HTTP 422 application/problem+json,
// not the JSON envelope".
func Answered(x *target.Exchange) string {
	if x == nil {
		return "no exchange"
	}
	if x.DecodeErr != nil {
		ct := x.Header.Get("Content-Type")
		if ct == "" {
			ct = "no Content-Type"
		}
		return fmt.Sprintf("%s: HTTP %d %s, not the JSON envelope", x.Endpoint, x.Status, ct)
	}
	return fmt.Sprintf("%s answered HTTP %d, %s, ErrorCode %d", x.Endpoint, x.Status, x.Envelope.ActionStatus, x.Envelope.ErrorCode)
}

// Diagnose renders an error in one line without Go value formatting:
// "connection refused", "no answer within 10 s", or the error's own text.
func Diagnose(err error) string {
	switch {
	case err == nil:
		return "no error"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Sprintf("no answer within %s", durationWords(CallTimeout))
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

func durationWords(d interface{ Seconds() float64 }) string {
	return fmt.Sprintf("%g s", d.Seconds())
}
