package selftest

// GroupMsgDeviants break the group message modification, deletion and extension rules.
var GroupMsgDeviants = []Variant{}
