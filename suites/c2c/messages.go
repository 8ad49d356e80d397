package c2c

import "github.com/chatconform/chatconform/suites/framework"

// messageChecks are the checks of messages.
var messageChecks = []framework.Check{}
