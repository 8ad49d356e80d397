package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths of the global-mute calls.
const (
	SetNoSpeaking = "openconfigsvr/setnospeaking"
	GetNoSpeaking = "openconfigsvr/getnospeaking"
)

// Documented values and codes of global mute.
const (
	MuteForever     = 4294967295 // a mute time that never runs out
	CodeMuteNoTime  = 130008     // neither mute time is given
	CodeSenderMuted = 20012      // a one-to-one send of a muted account
)

func muteLabels(kind string, paths ...string) []string {
	out := []string{LabelMute}
	for _, p := range paths {
		out = append(out, relEndpoint(p))
	}
	return append(out, kind)
}

// muteChecks are the checks of global mute.
var muteChecks = []framework.Check{
	{ID: "USERS-MUTE-001", Title: "getnospeaking reports the mutes setnospeaking set, counting down",
		Description: "After openconfigsvr/setnospeaking with C2CmsgNospeakingTime 4294967295 and GroupmsgNospeakingTime 7200, openconfigsvr/getnospeaking MUST answer C2CmsgNospeakingTime 4294967295 (for ever) and a GroupmsgNospeakingTime of at most 7200 and more than 7200 less the seconds since the set (the time left).",
		Doc:         DocOf(GetNoSpeaking), Basis: framework.Documented, Labels: muteLabels(LabelBehaviour, SetNoSpeaking, GetNoSpeaking)},
	{ID: "USERS-MUTE-002", Title: "a mute time of 0 unmutes that kind only",
		Description: "After both mutes were set, openconfigsvr/setnospeaking with GroupmsgNospeakingTime 0 alone MUST answer OK; getnospeaking MUST then answer GroupmsgNospeakingTime 0 with the one-to-one mute unchanged, and after C2CmsgNospeakingTime 0 both MUST be 0.",
		Doc:         DocOf(SetNoSpeaking), Basis: framework.Documented, Labels: muteLabels(LabelBehaviour, SetNoSpeaking, GetNoSpeaking)},
	{ID: "USERS-MUTE-003", Title: "a muted account's one-to-one sends are refused with 20012 or let through; once unmuted they go",
		Description: "While an account's one-to-one mute holds, openim/sendmsg from it MUST either answer FAIL with ErrorCode 20012 and store nothing (the mute page) or be delivered (sendmsg's page says the REST API does not check mutes); messages to it MUST still be delivered; after setnospeaking with C2CmsgNospeakingTime 0 its sends MUST be delivered.",
		Doc:         DocOf(SetNoSpeaking), Basis: framework.Inferred, Labels: muteLabels(LabelBehaviour, SetNoSpeaking, "openim/sendmsg")},
	{ID: "USERS-MUTE-004", Title: "a mute for a few seconds runs out by itself",
		Description: "After openconfigsvr/setnospeaking with C2CmsgNospeakingTime 2, getnospeaking MUST answer a C2CmsgNospeakingTime from 1 to 2 at once and 0 within 10 seconds, and openim/sendmsg from the account MUST then be delivered.",
		Doc:         DocOf(SetNoSpeaking), Basis: framework.Documented, Labels: muteLabels(LabelBehaviour, SetNoSpeaking, GetNoSpeaking)},
	{ID: "USERS-MUTE-005", Title: "setnospeaking without a mute time answers 130008 and changes nothing",
		Description: "openconfigsvr/setnospeaking with Set_Account and neither C2CmsgNospeakingTime nor GroupmsgNospeakingTime MUST answer FAIL with ErrorCode 130008, and getnospeaking MUST then answer the mutes as they were.",
		Doc:         DocOf(SetNoSpeaking), Basis: framework.Documented, Labels: muteLabels(LabelErrors, SetNoSpeaking, GetNoSpeaking)},
}
