package users

import (
	"strings"

	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of push to all users.
const (
	PushSetAttrName   = "all_member_push/im_set_attr_name"
	PushGetAttrName   = "all_member_push/im_get_attr_name"
	PushSetAttr       = "all_member_push/im_set_attr"
	PushGetAttr       = "all_member_push/im_get_attr"
	PushRemoveAttr    = "all_member_push/im_remove_attr"
	PushAddTag        = "all_member_push/im_add_tag"
	PushGetTag        = "all_member_push/im_get_tag"
	PushRemoveTag     = "all_member_push/im_remove_tag"
	PushRemoveAllTags = "all_member_push/im_remove_all_tags"
	PushSend          = "all_member_push/im_push"
)

// Limits of push to all users, from the catalogue entries.
const (
	MaxTagsPerAdd  = 10  // tags one user gets in one im_add_tag item
	MaxTagsPerUser = 100 // tags one user holds
	MaxPushUsers   = 100 // accounts one attribute or tag call names
	MaxPushesADay  = 100 // the default daily quota of im_push
)

// LabelDisruptive marks checks that use up or throttle something of the
// app (a daily quota, a rate limit, its chatbot slots).
const LabelDisruptive = "disruptive"

// endpointLabel is an endpoint's label: its path with a dot.
func endpointLabel(path string) string { return strings.ReplaceAll(path, "/", ".") }

func pushLabels(path string, kind ...string) []string {
	return append([]string{LabelPush, endpointLabel(path)}, kind...)
}

// pushChecks are the checks of push to all users.
var pushChecks = []framework.Check{
	{ID: "USERS-PUSH-001", Title: "im_get_attr_name reports the attribute names im_set_attr_name set",
		Description: "After all_member_push/im_set_attr_name answers OK for two attribute numbers, all_member_push/im_get_attr_name MUST map each of those numbers to the name set.",
		Doc:         DocOf(PushGetAttrName), Basis: framework.Documented, Labels: pushLabels(PushSetAttrName, LabelBehaviour)},
	{ID: "USERS-PUSH-002", Title: "an attribute number outside 0 to 9 is refused",
		Description: "all_member_push/im_set_attr_name MUST refuse an attribute number outside \"0\" to \"9\" (an app has 10 attributes) with 90001, the page's only request code, and im_get_attr_name MUST NOT report it, while the same call for number \"9\" answers OK.",
		Doc:         DocOf(PushSetAttrName), Basis: framework.Inferred, Labels: pushLabels(PushSetAttrName, LabelErrors)},
	{ID: "USERS-PUSH-003", Title: "im_get_attr reports the values im_set_attr set, {} for a user without",
		Description: "After all_member_push/im_set_attr answers OK for a user and an attribute the app has named, all_member_push/im_get_attr MUST report that value for the user, and Attrs {} for a user given no attribute.",
		Doc:         DocOf(PushGetAttr), Basis: framework.Documented, Labels: pushLabels(PushSetAttr, LabelBehaviour)},
	{ID: "USERS-PUSH-004", Title: "im_set_attr refuses an attribute the app has not named",
		Description: "all_member_push/im_set_attr MUST refuse an attribute name the app has not set with im_set_attr_name, with 90033 (invalid attribute), and im_get_attr MUST NOT report it, while the same call with a named attribute answers OK.",
		Doc:         DocOf(PushSetAttr), Basis: framework.Inferred, Labels: pushLabels(PushSetAttr, LabelErrors)},
	{ID: "USERS-PUSH-005", Title: "im_remove_attr removes only the attributes named",
		Description: "After all_member_push/im_remove_attr answers OK for one of a user's two attributes, all_member_push/im_get_attr MUST NOT report that attribute and MUST still report the other with its value.",
		Doc:         DocOf(PushRemoveAttr), Basis: framework.Documented, Labels: pushLabels(PushRemoveAttr, LabelBehaviour)},
	{ID: "USERS-PUSH-006", Title: "im_get_tag reports the tags im_add_tag added, per user",
		Description: "After all_member_push/im_add_tag answers OK for two users with different tags, all_member_push/im_get_tag MUST report each user's tags, and only those.",
		Doc:         DocOf(PushGetTag), Basis: framework.Documented, Labels: pushLabels(PushAddTag, LabelBehaviour)},
	{ID: "USERS-PUSH-007", Title: "im_remove_tag removes the tags named, im_remove_all_tags every tag",
		Description: "After all_member_push/im_remove_tag answers OK for one of a user's tags, all_member_push/im_get_tag MUST report the user's other tags only; after all_member_push/im_remove_all_tags answers OK, it MUST report no tag for the user.",
		Doc:         DocOf(PushRemoveTag), Basis: framework.Documented, Labels: pushLabels(PushRemoveTag, LabelBehaviour)},
	{ID: "USERS-PUSH-008", Title: "more than 10 tags for one user in one im_add_tag is refused",
		Description: "all_member_push/im_add_tag MUST refuse 11 tags for one user in one request with 90032 and add none of them, while the same call with 10 tags answers OK.",
		Doc:         DocOf(PushAddTag), Basis: framework.Inferred, Labels: pushLabels(PushAddTag, LabelErrors)},
	{ID: "USERS-PUSH-009", Title: "a user holds at most 100 tags",
		Description: "Once a user holds 100 tags, all_member_push/im_add_tag of one more MUST NOT leave the user with 101: it MUST fail, or all_member_push/im_get_tag MUST still report at most 100 tags.",
		Doc:         DocOf(PushAddTag), Basis: framework.Inferred, Labels: pushLabels(PushAddTag, LabelErrors)},
	{ID: "USERS-PUSH-010", Title: "im_get_tag of more than 100 accounts fails with 90018",
		Description: "all_member_push/im_get_tag MUST answer FAIL with 90018 for 101 accounts, while the same call for 100 of them answers OK.",
		Doc:         DocOf(PushGetTag), Basis: framework.Documented, Labels: pushLabels(PushGetTag, LabelErrors)},
	{ID: "USERS-PUSH-011", Title: "a TagsAnd push reaches the users with every tag, and no other",
		Description: "all_member_push/im_push with Condition TagsAnd of two tags MUST answer OK with a TaskId and MUST reach the user who has both tags, and MUST NOT reach a user with one of them or an untagged user.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelBehaviour, framework.LabelAppWide)},
	{ID: "USERS-PUSH-012", Title: "a TagsOr push reaches the users with any of the tags, and no other",
		Description: "all_member_push/im_push with Condition TagsOr of two tags MUST reach each user who has one of them, and MUST NOT reach an untagged user.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelBehaviour, framework.LabelAppWide)},
	{ID: "USERS-PUSH-013", Title: "AttrsAnd and AttrsOr pushes reach the users whose attributes match",
		Description: "all_member_push/im_push with Condition AttrsAnd MUST reach only the users whose attributes hold every value given, and with AttrsOr every user whose attributes hold one of them; neither MUST reach a user without those values.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelBehaviour, framework.LabelAppWide)},
	{ID: "USERS-PUSH-014", Title: "a push without a condition reaches every imported user",
		Description: "all_member_push/im_push without Condition MUST reach every imported account, tagged or not.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelBehaviour, framework.LabelAppWide)},
	{ID: "USERS-PUSH-015", Title: "a push with MsgLifeTime 0 reaches online users only",
		Description: "all_member_push/im_push with MsgLifeTime 0 MUST reach a matching user whose client is online, and MUST NOT reach a matching user who is offline.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelBehaviour, LabelSessions, framework.LabelAppWide)},
	{ID: "USERS-PUSH-016", Title: "tag and attribute conditions together are refused with 90039",
		Description: "all_member_push/im_push MUST answer FAIL with 90039 for a Condition holding both TagsOr and AttrsOr, while the same push with TagsOr alone answers OK.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelErrors, framework.LabelAppWide)},
	{ID: "USERS-PUSH-017", Title: "two pushes less than a second apart: the second fails with 90024",
		Description: "A second all_member_push/im_push of the same sender sent right after one that answered OK MUST answer FAIL with 90024 (pushes must be more than a second apart), and a push sent more than a second later MUST answer OK.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelErrors, framework.LabelAppWide)},
	{ID: "USERS-PUSH-018", Title: "a removed tag no longer selects the user",
		Description: "After all_member_push/im_remove_tag answers OK for a user's tag, an all_member_push/im_push with Condition TagsOr of that tag MUST NOT reach the user, while it reaches another user who still has it.",
		Doc:         DocOf(PushRemoveTag), Basis: framework.Documented, Labels: pushLabels(PushRemoveTag, LabelBehaviour, framework.LabelAppWide)},
	{ID: "USERS-PUSH-019", Title: "the app makes at most 100 pushes a day: then 90047",
		Description: "all_member_push/im_push MUST answer FAIL with 90047 once the app has made its default 100 pushes of the day: at most 100 pushes MUST answer OK before it, and the push after it MUST fail the same way.",
		Doc:         DocOf(PushSend), Basis: framework.Documented, Labels: pushLabels(PushSend, LabelErrors, LabelDisruptive, framework.LabelAppWide)},
}
