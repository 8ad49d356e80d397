package c2c

import "github.com/chatconform/chatconform/suites/framework"

// webhookChecks are the checks of webhooks.
var webhookChecks = []framework.Check{}
