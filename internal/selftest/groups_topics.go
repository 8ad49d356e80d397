package selftest

// TopicDeviants break the topic rules.
var TopicDeviants = []Variant{}
