package groups

import (
	"slices"

	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of the custom-attribute and counter calls.
const (
	AttrGet       = "group_open_attr_http_svc/get_group_attr"
	AttrModify    = "group_open_http_svc/modify_group_attr"
	AttrClear     = "group_open_http_svc/clear_group_attr"
	AttrSet       = "group_open_http_svc/set_group_attr"
	AttrDelete    = "group_open_http_svc/delete_group_attr"
	AttrCounter   = "group_open_http_svc/get_group_counter"
	AttrUpdate    = "group_open_http_svc/update_group_counter"
	AttrUncounter = "group_open_http_svc/delete_group_counter"
	// AttrHook is the callback the attribute writes fire.
	AttrHook = "Group.CallbackAfterGroupAttrChanged"
)

// Documented limits and codes of the attribute and counter calls.
const (
	AttrMaxKey          = 32    // bytes of a key
	AttrMaxValue        = 4000  // bytes of a value
	AttrMaxKeys         = 16    // keys of a group
	AttrMaxTotal        = 16000 // bytes of all values
	AttrMaxWrites       = 5     // attribute writes a second, per group
	AttrMaxCounters     = 20    // counter keys
	AttrKeyTooLongCode  = 10045
	AttrValueLongCode   = 10046
	AttrTooManyCode     = 10047
	AttrTooLargeCode    = 10048
	AttrWriteRateCode   = 10049
	AttrNoKeyCode       = 10050
	AttrUltimateCode    = 10059 // the counters need the Ultimate edition
	AttrCountersMaxCode = 10063
)

// attrChecks are the checks of group attributes and counters.
var attrChecks = slices.Concat(attrAttrChecks, attrCounterChecks, attrHookChecks)

var attrAttrChecks = []framework.Check{
	{ID: "GROUPS-ATTR-001", Title: "modify_group_attr adds new keys and updates existing ones",
		Description: "After modify_group_attr with attributes a and b, then modify_group_attr with a new value of b and a new key c, get_group_attr MUST list exactly a (first value), b (new value) and c.",
		Doc:         DocOf(AttrModify), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrModify, AttrGet)},
	{ID: "GROUPS-ATTR-002", Title: "set_group_attr replaces every attribute",
		Description: "After modify_group_attr with attributes a and b, set_group_attr with only c MUST answer OK and get_group_attr MUST then list exactly c (a reset: the keys it leaves out are gone).",
		Doc:         DocOf(AttrSet), Basis: framework.Inferred, Labels: labels(LabelAttributes, LabelBehaviour, AttrSet, AttrGet)},
	{ID: "GROUPS-ATTR-003", Title: "clear_group_attr removes every attribute",
		Description: "After modify_group_attr with two attributes, clear_group_attr MUST answer OK and get_group_attr MUST then list no attribute (GroupAttrAry empty or absent).",
		Doc:         DocOf(AttrClear), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrClear, AttrGet)},
	{ID: "GROUPS-ATTR-004", Title: "delete_group_attr removes only the keys it names",
		Description: "After modify_group_attr with attributes a, b and c, delete_group_attr naming a and b MUST answer OK and get_group_attr MUST then list exactly c, with its value.",
		Doc:         DocOf(AttrDelete), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrDelete, AttrGet)},
	{ID: "GROUPS-ATTR-005", Title: "deleting a key that does not exist answers 10050",
		Description: "delete_group_attr naming only a key the group does not have MUST answer FAIL with ErrorCode 10050, and get_group_attr MUST still list the group's attribute unchanged.",
		Doc:         DocOf(AttrDelete), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrDelete, AttrGet)},
	{ID: "GROUPS-ATTR-006", Title: "a key over 32 bytes is refused with 10045",
		Description: "modify_group_attr with a 33-byte key (and a short value) MUST answer FAIL with ErrorCode 10045, and get_group_attr MUST list the group's earlier attribute only, unchanged; a 32-byte key MUST be accepted.",
		Doc:         DocOf(AttrModify), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrModify, AttrGet)},
	{ID: "GROUPS-ATTR-007", Title: "a value over 4,000 bytes is refused with 10046",
		Description: "modify_group_attr with a 4,001-byte value (and a short key) MUST answer FAIL with ErrorCode 10046, and get_group_attr MUST list the group's earlier attribute only, unchanged; a 4,000-byte value MUST be accepted.",
		Doc:         DocOf(AttrModify), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrModify, AttrGet)},
	{ID: "GROUPS-ATTR-008", Title: "more than 16 keys are refused with 10047",
		Description: "set_group_attr with 17 short attributes MUST answer FAIL with ErrorCode 10047, and get_group_attr MUST list the group's earlier attribute only; the same call with 16 MUST be accepted.",
		Doc:         DocOf(AttrSet), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrSet, AttrGet)},
	{ID: "GROUPS-ATTR-009", Title: "values over 16,000 bytes in all are refused with 10048",
		Description: "set_group_attr with five attributes of 4,000-byte values (20,000 bytes in all, each within its own limit) MUST answer FAIL with ErrorCode 10048, and get_group_attr MUST list the group's earlier attribute only.",
		Doc:         DocOf(AttrSet), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrSet, AttrGet)},
	{ID: "GROUPS-ATTR-010", Title: "every group type keeps custom attributes",
		Description: "For a new group of each type (Private, Public, ChatRoom, AVChatRoom, Community), modify_group_attr MUST answer OK and get_group_attr MUST then list the attribute written, as the type tables of both pages say.",
		Doc:         DocOf(AttrGet), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrModify, AttrGet)},
	{ID: "GROUPS-ATTR-011", Title: "a Community refuses clear_group_attr with 10007",
		Description: "clear_group_attr on a Community group, which its page lists as not supported, MUST answer FAIL with ErrorCode 10007, and get_group_attr MUST still list the attribute the group had.",
		Doc:         DocOf(AttrClear), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrClear, AttrGet)},
	{ID: "GROUPS-ATTR-012", Title: "over 5 attribute writes a second in one group answer 10049",
		Description: "Of twelve modify_group_attr calls sent at once to one group, each with its own value of one key, each MUST answer OK or FAIL with ErrorCode 10049, at least one MUST answer 10049 (twelve cannot fit in two seconds' five), and get_group_attr MUST then hold the value of a call that answered OK.",
		Doc:         DocOf(AttrModify), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrModify, AttrGet)},
}

var attrCounterChecks = []framework.Check{
	{ID: "GROUPS-COUNTER-001", Title: "update_group_counter Set stores the values given",
		Description: "update_group_counter with Mode Set and two counters MUST answer OK with both keys and values in GroupCounter, and get_group_counter (without GroupCounterKeys) MUST then list exactly those two counters with those values. Needs the Ultimate edition (10059 blocks the check).",
		Doc:         DocOf(AttrUpdate), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrUpdate, AttrCounter)},
	{ID: "GROUPS-COUNTER-002", Title: "Increase adds to the counter, from 0 for a new key",
		Description: "After a counter is Set to 5, update_group_counter with Mode Increase of 3 on it and of 4 on a new key MUST answer GroupCounter values 8 and 4, and get_group_counter MUST then report 8 and 4.",
		Doc:         DocOf(AttrUpdate), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrUpdate, AttrCounter)},
	{ID: "GROUPS-COUNTER-003", Title: "Decrease subtracts from the counter, from 0 for a new key",
		Description: "After a counter is Set to 5, update_group_counter with Mode Decrease of 2 on it and of 4 on a new key MUST answer GroupCounter values 3 and -4, and get_group_counter MUST then report 3 and -4.",
		Doc:         DocOf(AttrUpdate), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrUpdate, AttrCounter)},
	{ID: "GROUPS-COUNTER-004", Title: "GroupCounterKeys selects the counters get_group_counter returns",
		Description: "For a group with counters a, b and c, get_group_counter with GroupCounterKeys [a, c] MUST list exactly a and c with their values.",
		Doc:         DocOf(AttrCounter), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrCounter, AttrUpdate)},
	{ID: "GROUPS-COUNTER-005", Title: "delete_group_counter removes the keys it names, or every key",
		Description: "For a group with counters a, b and c, delete_group_counter with GroupCounterKeys [a] MUST answer OK and get_group_counter MUST then list b and c but not a; Increase of 1 on a MUST then give 1 (a deleted counter starts again from 0); delete_group_counter without GroupCounterKeys MUST then leave get_group_counter listing none.",
		Doc:         DocOf(AttrUncounter), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelBehaviour, AttrUncounter, AttrCounter)},
	{ID: "GROUPS-COUNTER-006", Title: "more than 20 counter keys in one call answer 10063",
		Description: "update_group_counter with 21 new keys (Mode Set, short keys) MUST answer FAIL with ErrorCode 10063, and get_group_counter MUST then list only the group's earlier counter, unchanged.",
		Doc:         DocOf(AttrUpdate), Basis: framework.Documented, Labels: labels(LabelAttributes, LabelErrors, AttrUpdate, AttrCounter)},
	{ID: "GROUPS-COUNTER-007", Title: "a Community has no counters",
		Description: "update_group_counter, get_group_counter and delete_group_counter on a Community group, which their pages list as not supported, MUST each answer FAIL (the pages name no code: 10007 or 10004 are accepted).",
		Doc:         DocOf(AttrUpdate), Basis: framework.Documented, Open: true, Labels: labels(LabelAttributes, LabelErrors, AttrUpdate, AttrCounter, AttrUncounter)},
}

var attrHookChecks = []framework.Check{
	{ID: "GROUPS-ATTR-HOOK-001", Title: "modify_group_attr fires CallbackAfterGroupAttrChanged once, with the attributes",
		Description: "After modify_group_attr answers OK, the target MUST POST Group.CallbackAfterGroupAttrChanged once, valid against its schema, with the GroupId and the written keys in GroupAttr.",
		Doc:         HookDoc(AttrHook), Basis: framework.Documented, Labels: hookLabels(LabelAttributes, AttrModify, AttrHook)},
	{ID: "GROUPS-ATTR-HOOK-002", Title: "set, delete and clear fire CallbackAfterGroupAttrChanged once each",
		Description: "After each of set_group_attr, delete_group_attr and clear_group_attr answers OK (each on a group of its own), the target MUST POST Group.CallbackAfterGroupAttrChanged once, valid against its schema, with the GroupId.",
		Doc:         HookDoc(AttrHook), Basis: framework.Documented, Labels: append(hookLabels(LabelAttributes, AttrSet, AttrHook), Label(AttrDelete), Label(AttrClear))},
	{ID: "GROUPS-ATTR-HOOK-003", Title: "a refused attribute write fires no callback",
		Description: "A modify_group_attr refused for a 33-byte key (10045) MUST NOT make the target POST Group.CallbackAfterGroupAttrChanged: no attribute changed.",
		Doc:         HookDoc(AttrHook), Basis: framework.Inferred, Labels: hookLabels(LabelAttributes, AttrModify, AttrHook)},
}
