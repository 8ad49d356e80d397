package c2c

import "github.com/chatconform/chatconform/suites/framework"

// conversationChecks are the checks of conversations.
var conversationChecks = []framework.Check{}
