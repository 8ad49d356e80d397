package groups

import "github.com/chatconform/chatconform/suites/framework"

// msgMoreChecks are the checks of group message modification, deletion by sender and extensions.
var msgMoreChecks = []framework.Check{}
