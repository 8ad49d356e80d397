// Package groups holds the behaviour checks of the group families: group
// types and what each accepts, groups and members, group messages, read
// receipts, attributes and counters, live-streaming groups, communities
// and topics, each rule seen through other calls. Its specs are in the
// package's tests; each topic keeps its checks in a file of its own.
package groups

import (
	"slices"

	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// Labels of the suite's checks besides their endpoint and kind.
const (
	LabelGroups     = "family:groups"
	LabelMessages   = "family:group-messages"
	LabelAttributes = "family:group-attributes"
	LabelAVChatRoom = "family:avchatroom"
	LabelCommunity  = "family:communities"
	LabelBehaviour  = "behaviour"
	LabelErrors     = "errors"
	LabelWebhook    = framework.LabelWebhook
)

// Checks are every check of the suite.
var Checks = framework.NewChecks(slices.Concat(groupChecks, memberChecks, messageChecks, extraChecks, attrChecks, avChecks, topicChecks, msgMoreChecks, memberHookChecks)...)

// DocOf is an endpoint's doc page, from the catalogue.
func DocOf(path string) string {
	e, ok := schemas.MustLoad().Entry(path)
	if !ok {
		panic("groups: no catalogue entry for " + path)
	}
	return e.Doc
}

// HookDoc is a callback's doc page, from the catalogue.
func HookDoc(cmd string) string {
	w, ok := schemas.MustLoad().Webhook(cmd)
	if !ok {
		panic("groups: no catalogue entry for " + cmd)
	}
	return w.Doc
}
