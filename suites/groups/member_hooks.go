package groups

import "github.com/chatconform/chatconform/suites/framework"

// memberHookChecks are the checks of the member callbacks (join requests, invitations, full groups, field changes).
var memberHookChecks = []framework.Check{}
