package users

import "github.com/chatconform/chatconform/suites/framework"

// Paths and callback of chatbots.
const (
	BotCreate  = "openim_robot_http_svc/create_robot"
	BotDelete  = "openim_robot_http_svc/delete_robot"
	BotGetAll  = "openim_robot_http_svc/get_all_robots"
	HookBotMsg = "Bot.OnC2CMessage"
	// BotPrefix starts every chatbot UserID.
	BotPrefix = "@RBT#"
	// MaxBots is how many chatbots an app holds.
	MaxBots = 20
)

func botLabels(path string, kind ...string) []string {
	return append([]string{LabelChatbots, endpointLabel(path)}, kind...)
}

func botHookLabels() []string {
	return []string{LabelChatbots, "openim.sendmsg", LabelWebhook, "webhook:" + HookBotMsg}
}

// botChecks are the checks of chatbots.
var botChecks = []framework.Check{
	{ID: "USERS-BOT-001", Title: "a created chatbot is listed and is an account",
		Description: "After openim_robot_http_svc/create_robot answers OK for a UserID starting with @RBT#, openim_robot_http_svc/get_all_robots MUST list it and im_open_login_svc/account_check MUST report it Imported.",
		Doc:         DocOf(BotCreate), Basis: framework.Documented, Labels: botLabels(BotCreate, LabelBehaviour)},
	{ID: "USERS-BOT-002", Title: "creating the same chatbot twice makes one",
		Description: "When openim_robot_http_svc/create_robot is called twice with the same UserID, openim_robot_http_svc/get_all_robots MUST list that UserID once.",
		Doc:         DocOf(BotCreate), Basis: framework.Documented, Labels: botLabels(BotCreate, LabelBehaviour)},
	{ID: "USERS-BOT-003", Title: "a chatbot UserID without @RBT# is refused with 10004",
		Description: "openim_robot_http_svc/create_robot MUST answer FAIL with 10004 for a UserID that does not start with @RBT#, and get_all_robots MUST NOT list it, while the same call with the prefix answers OK.",
		Doc:         DocOf(BotCreate), Basis: framework.Documented, Labels: botLabels(BotCreate, LabelErrors)},
	{ID: "USERS-BOT-004", Title: "a deleted chatbot is no longer listed, its UserID stays",
		Description: "After openim_robot_http_svc/delete_robot answers OK for a chatbot, openim_robot_http_svc/get_all_robots MUST NOT list it, while im_open_login_svc/account_check MUST still report its UserID Imported (the bot is made invalid, its UserID is not deleted).",
		Doc:         DocOf(BotDelete), Basis: framework.Inferred, Labels: botLabels(BotDelete, LabelBehaviour)},
	{ID: "USERS-BOT-005", Title: "an app holds at most 20 chatbots",
		Description: "openim_robot_http_svc/create_robot MUST refuse a chatbot that would make the app hold more than 20 (with 10008, the code its sibling pages give for the limit), and openim_robot_http_svc/get_all_robots MUST NOT list more than 20.",
		Doc:         DocOf(BotCreate), Basis: framework.Inferred, Labels: botLabels(BotCreate, LabelErrors, LabelDisruptive, framework.LabelAppWide)},
	{ID: "USERS-BOT-006", Title: "a message to a chatbot fires Bot.OnC2CMessage once, with the message",
		Description: "After openim/sendmsg to a chatbot answers OK, the target MUST POST Bot.OnC2CMessage once, valid against its schema, with the message's From_Account, To_Account, MsgKey and MsgBody, while a message to an ordinary account MUST NOT fire it.",
		Doc:         HookDoc(HookBotMsg), Basis: framework.Documented, Labels: botHookLabels()},
	{ID: "USERS-BOT-007", Title: "a message to a deleted chatbot fires no Bot.OnC2CMessage",
		Description: "After openim_robot_http_svc/delete_robot answers OK for a chatbot, openim/sendmsg to its UserID MUST NOT fire Bot.OnC2CMessage.",
		Doc:         HookDoc(HookBotMsg), Basis: framework.Inferred, Labels: botHookLabels()},
}
