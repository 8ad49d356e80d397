package c2c

import "github.com/chatconform/chatconform/suites/framework"

// sessionChecks are the checks of sessions.
var sessionChecks = []framework.Check{}
