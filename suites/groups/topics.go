package groups

import "github.com/chatconform/chatconform/suites/framework"

// topicChecks are the checks of communities and topics.
var topicChecks = []framework.Check{}
