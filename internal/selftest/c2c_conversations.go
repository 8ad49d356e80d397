package selftest

// ConversationDeviants break the rules of the c2c suite's conversations checks; they run
// the c2c suite.
var ConversationDeviants = []Variant{}
