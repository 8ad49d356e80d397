package groups

import (
	"slices"

	"github.com/chatconform/chatconform/suites/framework"
)

// Paths of the topic calls.
const (
	CreateTopic  = "million_group_open_http_svc/create_topic"
	DestroyTopic = "million_group_open_http_svc/destroy_topic"
	GetTopic     = "million_group_open_http_svc/get_topic"
	ModifyTopic  = "million_group_open_http_svc/modify_topic"
	ImportTopic  = "group_open_http_svc/import_topic"
)

// The topic callbacks.
const (
	HookBeforeCreateTopic = "Group.CallbackBeforeCreateTopic"
	HookAfterCreateTopic  = "Group.CallbackAfterCreateTopic"
	HookTopicDestroyed    = "Group.CallbackAfterTopicDestroyed"
	HookTopicChanged      = "Group.CallbackAfterTopicInfoChanged"
)

// Documented facts of topics the checks use.
const (
	TopicInfix       = "@TOPIC#_" // a topic ID is its GroupId, this and a part of its own
	MaxTopicName     = 30         // bytes
	TopicNotEnabled  = 11000      // the group is not a topic-enabled community
	TopicDeletedCode = 110003     // destroy_topic, get_topic: the topic was deleted
	TopicMissingCode = 10010      // modify_topic: the topic was deleted
	TopicIDInUseCode = 10021      // import_topic: the topic ID is in use
	TopicIDTakenCode = 10025      // create_topic: the ID is in use
)

// Codes a check accepts where the documentation leaves the choice open.
var (
	// A topic that does not exist, item by item: "the topic was deleted"
	// (110003) or "the group or topic was deleted" (10010).
	NoTopicCodes = []int{110003, 10010}
)

// topicChecks are the checks of communities and topics.
var topicChecks = slices.Concat(topicRESTChecks, topicHookChecks)

var topicRESTChecks = []framework.Check{
	{ID: "GROUPS-TOPIC-001", Title: "a created topic is listed by get_topic with its fields",
		Description: "After create_topic in a Community created with SupportTopic 1 answers OK with a TopicId, that TopicId MUST start with the GroupId followed by @TOPIC#_, and get_topic without TopicIdList MUST list it with ErrorCode 0 and the TopicName, Introduction, Notification, FaceUrl and CustomString sent, and MuteAllMember Off.",
		Doc:         DocOf(CreateTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, CreateTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-002", Title: "a custom TopicId is kept as given",
		Description: "create_topic with a TopicId made of the GroupId, @TOPIC#_ and a custom part MUST answer OK with exactly that TopicId, and get_topic with that TopicId in TopicIdList MUST answer its item with ErrorCode 0 and the topic's TopicName.",
		Doc:         DocOf(CreateTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, CreateTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-003", Title: "topics need a Community created with SupportTopic 1",
		Description: "create_topic on a Community created without SupportTopic MUST answer FAIL with ErrorCode 11000, and on a Public group MUST answer FAIL with ErrorCode 11000 too (the table's code for a group without the topic feature), while the same call on a Community created with SupportTopic 1 answers OK.",
		Doc:         DocOf(CreateTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelErrors, CreateTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-004", Title: "get_topic lists every topic, or only the ones TopicIdList names",
		Description: "In a community with three topics, get_topic without TopicIdList MUST list all three, and with TopicIdList naming one of them MUST list exactly that one.",
		Doc:         DocOf(GetTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, GetTopic, CreateTopic)},
	{ID: "GROUPS-TOPIC-005", Title: "get_topic's ResponseFilter leaves out the fields it does not name",
		Description: "get_topic with ResponseFilter [TopicName] MUST give the topic's TopicName and MUST NOT give its Introduction or CustomString, which the same call without the filter gives.",
		Doc:         DocOf(GetTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, GetTopic)},
	{ID: "GROUPS-TOPIC-006", Title: "destroy_topic deletes each listed topic, with a result per topic",
		Description: "destroy_topic of two topics MUST answer OK with a DestroyResultItem of ErrorCode 0 for each TopicId; get_topic MUST then list neither of them and MUST still list the community's third topic.",
		Doc:         DocOf(DestroyTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, DestroyTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-007", Title: "a deleted topic is reported as such",
		Description: "destroy_topic listing a live topic and one already deleted MUST delete the live one (get_topic no longer lists it) and MUST give the deleted one a DestroyResultItem of its own with a non-zero ErrorCode (110003 is documented); get_topic with the deleted TopicId in TopicIdList MUST answer its item with 110003 (or 10010).",
		Doc:         DocOf(DestroyTopic), Basis: framework.Inferred, Labels: labels(LabelCommunity, LabelErrors, DestroyTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-008", Title: "modify_topic's changes are seen in get_topic",
		Description: "After modify_topic sets TopicName, Introduction, Notification, FaceUrl, CustomString and MuteAllMember On, get_topic MUST give the topic each of those values.",
		Doc:         DocOf(ModifyTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, ModifyTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-009", Title: "modify_topic of a topic that does not exist answers 10010",
		Description: "modify_topic naming a TopicId of the community that no topic has MUST answer FAIL with ErrorCode 10010, and the community's topic MUST keep its TopicName.",
		Doc:         DocOf(ModifyTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelErrors, ModifyTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-010", Title: "a TopicName over 30 bytes is refused",
		Description: "create_topic with a 31-byte TopicName MUST answer FAIL with ErrorCode 10004 and create no topic, and modify_topic with one MUST answer FAIL with 10004 and leave the topic's TopicName as it was, while 30 bytes are taken.",
		Doc:         DocOf(CreateTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelErrors, CreateTopic, ModifyTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-011", Title: "import_topic keeps the CreateTime it is given",
		Description: "import_topic with a CreateTime in the past MUST answer OK with a TopicId, and get_topic MUST list that topic with that CreateTime and the TopicName and Introduction imported.",
		Doc:         DocOf(ImportTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, ImportTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-012", Title: "import_topic refuses a TopicId in use with 10021",
		Description: "import_topic with the custom TopicId of a live topic MUST answer FAIL with ErrorCode 10021, and that topic MUST keep its TopicName.",
		Doc:         DocOf(ImportTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelErrors, ImportTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-013", Title: "create_topic refuses a TopicId in use",
		Description: "create_topic with the custom TopicId of a live topic MUST answer FAIL with ErrorCode 10025 (the table's code for an ID already in use), and get_topic MUST give that topic its TopicName and Introduction unchanged.",
		Doc:         DocOf(CreateTopic), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelErrors, CreateTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-014", Title: "a custom TopicId must derive from its GroupId",
		Description: "create_topic with a custom TopicId made of another community's GroupId, @TOPIC#_ and a custom part MUST answer FAIL with ErrorCode 10004, and get_topic MUST then list no topic of that TopicName.",
		Doc:         DocOf(CreateTopic), Basis: framework.Inferred, Labels: labels(LabelCommunity, LabelErrors, CreateTopic, GetTopic)},
	{ID: "GROUPS-TOPIC-015", Title: "a message sent with TopicId is in the topic's history only",
		Description: "send_group_msg with a TopicId MUST answer OK; group_msg_get_simple with that TopicId MUST list the message, and without TopicId (the community's own messages) MUST NOT.",
		Doc:         DocOf(Send), Basis: framework.Documented, Labels: labels(LabelCommunity, LabelBehaviour, Send, History, CreateTopic)},
}

var topicHookChecks = []framework.Check{
	{ID: "GROUPS-TOPIC-HOOK-001", Title: "create_topic fires CallbackBeforeCreateTopic and CallbackAfterCreateTopic once each",
		Description: "For a create_topic that answers OK, the target MUST POST Group.CallbackBeforeCreateTopic and Group.CallbackAfterCreateTopic once each, valid against their schemas, with the TopicName as Name and Type Community; the after-callback MUST carry the GroupId and the TopicId the call answered.",
		Doc:         HookDoc(HookAfterCreateTopic), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, CreateTopic, HookBeforeCreateTopic, HookAfterCreateTopic)},
	{ID: "GROUPS-TOPIC-HOOK-002", Title: "a before-create-topic answer with ErrorCode 1 refuses the topic",
		Description: "When the app answers Group.CallbackBeforeCreateTopic with ErrorCode 1, create_topic MUST answer FAIL with ErrorCode 10016, get_topic MUST NOT list a topic under the custom TopicId it named, and Group.CallbackAfterCreateTopic MUST NOT be sent for it.",
		Doc:         HookDoc(HookBeforeCreateTopic), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, CreateTopic, HookBeforeCreateTopic, HookAfterCreateTopic)},
	{ID: "GROUPS-TOPIC-HOOK-003", Title: "destroy_topic fires CallbackAfterTopicDestroyed once, with the deleted topic",
		Description: "After destroy_topic deletes a topic, the target MUST POST Group.CallbackAfterTopicDestroyed once, valid against its schema, with the GroupId and the deleted TopicId in TopicIdList.",
		Doc:         HookDoc(HookTopicDestroyed), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, DestroyTopic, HookTopicDestroyed)},
	{ID: "GROUPS-TOPIC-HOOK-004", Title: "a new topic notice fires CallbackAfterTopicInfoChanged once, with the notice",
		Description: "After modify_topic changes the Notification, the target MUST POST Group.CallbackAfterTopicInfoChanged once, valid against its schema, with the GroupId and the new Notification.",
		Doc:         HookDoc(HookTopicChanged), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, ModifyTopic, HookTopicChanged)},
	{ID: "GROUPS-TOPIC-HOOK-005", Title: "a change of CustomString alone fires no CallbackAfterTopicInfoChanged",
		Description: "modify_topic that changes only CustomString MUST answer OK (get_topic gives the new CustomString) and MUST NOT make the target POST Group.CallbackAfterTopicInfoChanged: the callback is documented for the name, introduction, notice and picture only.",
		Doc:         HookDoc(HookTopicChanged), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, ModifyTopic, HookTopicChanged)},
	{ID: "GROUPS-TOPIC-HOOK-006", Title: "import_topic fires no callback",
		Description: "import_topic MUST answer OK and MUST NOT make the target POST Group.CallbackBeforeCreateTopic or Group.CallbackAfterCreateTopic (or any callback naming the imported topic), as its page says.",
		Doc:         DocOf(ImportTopic), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, ImportTopic, HookBeforeCreateTopic, HookAfterCreateTopic)},
	{ID: "GROUPS-TOPIC-HOOK-007", Title: "modify_topic with the values the topic has fires no CallbackAfterTopicInfoChanged",
		Description: "modify_topic that gives the topic's own TopicName, Introduction, Notification and FaceUrl again MUST answer OK (get_topic gives the same values) and MUST NOT make the target POST Group.CallbackAfterTopicInfoChanged: the callback is documented for a change of the profile.",
		Doc:         HookDoc(HookTopicChanged), Basis: framework.Documented, Labels: hookLabels(LabelCommunity, ModifyTopic, HookTopicChanged)},
}
