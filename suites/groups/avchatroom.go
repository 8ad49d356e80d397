package groups

import "github.com/chatconform/chatconform/suites/framework"

// avChecks are the checks of live-streaming groups (AVChatRoom), bans and broadcasts.
var avChecks = []framework.Check{}
