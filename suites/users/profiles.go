package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the profile calls.
const (
	PortraitSet = "profile/portrait_set"
	PortraitGet = "profile/portrait_get"
)

// The profile callback.
const HookPortraitSet = "Profile.CallbackPortraitSet"

// Documented profile limits and codes the checks hold a target to.
const (
	ProfileMaxBytes  = 500 // string fields (Nick, SelfSignature, Image, custom)
	ProfileNoSuchTag = 40009
	ProfileBadValue  = 40605
	ProfileWrongType = 40610
	ProfileTooLong   = 40601
)

// Codes a profile check accepts where the documentation names more than one.
var (
	// A value of the wrong JSON type: the dedicated code, or the generic
	// invalid-parameter code the page's failure sample answers.
	ProfileWrongTypeCodes = []int{ProfileWrongType, 40001}
)

const (
	labelPortraitSet = "profile.portrait_set"
	labelPortraitGet = "profile.portrait_get"
)

func profileLabels(kind string) []string {
	return []string{LabelAccounts, labelPortraitSet, labelPortraitGet, kind}
}

// profileChecks are the checks of profile/portrait_set and portrait_get.
var profileChecks = []framework.Check{
	{ID: "USERS-PROFILE-001", Title: "portrait_get returns every standard field as portrait_set stored it, with its documented JSON type",
		Description: "After profile/portrait_set of every standard profile field with a valid value (strings for Nick, Gender, Location, SelfSignature, AllowType, Image, AdminForbidType; integers for BirthDay, Language, MsgSettings, Level, Role), profile/portrait_get of those tags MUST return each value exactly as set: the same string, or the same integer as a JSON number, never a string.",
		Doc:         DocOf(PortraitSet), Basis: framework.Documented, Labels: profileLabels(LabelBehaviour)},
	{ID: "USERS-PROFILE-002", Title: "account_import's Nick and FaceUrl are the profile's Nick and Image",
		Description: "After im_open_login_svc/account_import with Nick and FaceUrl, profile/portrait_get MUST return them as Tag_Profile_IM_Nick and Tag_Profile_IM_Image; a later portrait_set of Tag_Profile_IM_Nick MUST replace the imported Nick.",
		Doc:         DocOf("im_open_login_svc/account_import"), Basis: framework.Documented, Labels: []string{LabelAccounts, labelPortraitGet, "im_open_login_svc.account_import", LabelBehaviour}},
	{ID: "USERS-PROFILE-003", Title: "portrait_set changes only the fields it names",
		Description: "profile/portrait_set of one field MUST leave the user's other fields as they were: after setting Nick and Level, then SelfSignature alone, portrait_get MUST return the first Nick and Level and the new SelfSignature.",
		Doc:         DocOf(PortraitSet), Basis: framework.Documented, Labels: profileLabels(LabelBehaviour)},
	{ID: "USERS-PROFILE-004", Title: "a value of the wrong JSON type is refused and stores nothing",
		Description: "profile/portrait_set of an integer field (Tag_Profile_IM_Level) with a JSON string, or of a string field (Tag_Profile_IM_Nick) with a JSON number, MUST answer FAIL with ErrorCode 40610 (or the generic 40001), and portrait_get MUST then return the field's earlier value.",
		Doc:         DocOf(PortraitSet), Basis: framework.Documented, Open: true, Labels: profileLabels(LabelErrors)},
	{ID: "USERS-PROFILE-005", Title: "a value outside a field's documented values is refused with 40605",
		Description: "profile/portrait_set of Tag_Profile_IM_Gender or Tag_Profile_IM_AllowType with a string that is not one of the field's documented values MUST answer FAIL with ErrorCode 40605, and portrait_get MUST then return the field's earlier value.",
		Doc:         DocOf(PortraitSet), Basis: framework.Documented, Labels: profileLabels(LabelErrors)},
	{ID: "USERS-PROFILE-006", Title: "string fields hold 500 bytes, and 501 are refused with 40601",
		Description: "profile/portrait_set of Tag_Profile_IM_Nick with exactly 500 bytes MUST answer OK and portrait_get MUST return those 500 bytes; with 501 bytes it MUST answer FAIL with ErrorCode 40601 and the stored Nick MUST stay the 500-byte one.",
		Doc:         DocOf(PortraitSet), Basis: framework.Documented, Labels: profileLabels(LabelErrors)},
	{ID: "USERS-PROFILE-007", Title: "a custom field the app has not defined answers 40009",
		Description: "A well-formed custom tag (Tag_Profile_Custom_ and letters) that the app's console has not defined MUST be refused with ErrorCode 40009 by profile/portrait_set and by profile/portrait_get, and the user's other fields MUST be unchanged.",
		Doc:         DocOf(PortraitSet), Basis: framework.Inferred, Labels: profileLabels(LabelErrors)},
	{ID: "USERS-PROFILE-008", Title: "a tag that is no profile field answers 40009",
		Description: "profile/portrait_set and profile/portrait_get naming Tag_Profile_IM_ followed by a name that is no standard profile field MUST answer FAIL with ErrorCode 40009.",
		Doc:         DocOf(PortraitGet), Basis: framework.Documented, Labels: profileLabels(LabelErrors)},
	{ID: "USERS-PROFILE-009", Title: "portrait_get of several users returns each user's own fields",
		Description: "profile/portrait_get of two users whose Nick and Level differ MUST return one UserProfileItem per user, each with its To_Account, ResultCode 0 and that user's own values.",
		Doc:         DocOf(PortraitGet), Basis: framework.Documented, Labels: profileLabels(LabelBehaviour)},

	{ID: "USERS-HOOK-001", Title: "portrait_set fires CallbackPortraitSet once, with the fields set",
		Description: "After profile/portrait_set answers OK, the target MUST POST Profile.CallbackPortraitSet exactly once, valid against its schema, with From_Account the user whose profile changed and a ProfileItem holding each field set with its value (integers as JSON numbers); a portrait_set that fails MUST NOT fire it.",
		Doc:         HookDoc(HookPortraitSet), Basis: framework.Documented, Labels: []string{LabelRelationships, labelPortraitSet, LabelWebhook, "webhook:" + HookPortraitSet}},
}
