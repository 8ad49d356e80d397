// Package c2c holds the behaviour checks of the one-to-one messaging and
// conversation families: what each call does, seen through other calls.
// Its specs are in the package's tests; each topic keeps its checks in a
// file of its own (messages.go, conversations.go, sessions.go, webhooks.go).
package c2c

import (
	"slices"

	"github.com/chatconform/chatconform/suites/framework"
)

// Labels of the family's checks besides their kind.
const (
	LabelFamily    = "family:c2c"
	LabelConvs     = "family:conversations"
	LabelBehaviour = "behaviour"
	LabelErrors    = "errors"
	LabelSessions  = "sessions"
	LabelWebhook   = framework.LabelWebhook
)

// Checks are every check of the suite.
var Checks = framework.NewChecks(slices.Concat(messageChecks, conversationChecks, sessionChecks, webhookChecks)...)
