package groups

import "github.com/chatconform/chatconform/suites/framework"

// attrChecks are the checks of group attributes and counters.
var attrChecks = []framework.Check{}
