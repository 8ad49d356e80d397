// Package users holds the behaviour checks of the families around the
// app's users: profiles, relationships (friends, friend lists, the
// blocklist), global mute, push to all users, operations and chatbots,
// each rule seen through other calls. Its specs are in the package's
// tests; each topic keeps its checks in a file of its own.
package users

import (
	"slices"

	"github.com/chatconform/chatconform/schemas"
	"github.com/chatconform/chatconform/suites/framework"
)

// Labels of the suite's checks besides their endpoint and kind.
const (
	LabelAccounts      = "family:accounts"
	LabelRelationships = "family:relationships"
	LabelMute          = "family:global-mute"
	LabelPush          = "family:push"
	LabelOperations    = "family:operations"
	LabelChatbots      = "family:chatbots"
	LabelOnlineStatus  = "family:online-status"
	LabelBehaviour     = "behaviour"
	LabelErrors        = "errors"
	LabelSessions      = "sessions"
	LabelWebhook       = framework.LabelWebhook
)

// Checks are every check of the suite.
var Checks = framework.NewChecks(slices.Concat(profileChecks, accountChecks, friendChecks, listChecks, muteChecks, pushChecks, opsChecks, botChecks)...)

// DocOf is an endpoint's doc page, from the catalogue.
func DocOf(path string) string {
	e, ok := schemas.MustLoad().Entry(path)
	if !ok {
		panic("users: no catalogue entry for " + path)
	}
	return e.Doc
}

// HookDoc is a callback's doc page, from the catalogue.
func HookDoc(cmd string) string {
	w, ok := schemas.MustLoad().Webhook(cmd)
	if !ok {
		panic("users: no catalogue entry for " + cmd)
	}
	return w.Doc
}
