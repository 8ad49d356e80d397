package selftest

// AVDeviants break the AVChatRoom, ban and broadcast rules.
var AVDeviants = []Variant{}
