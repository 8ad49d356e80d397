package selftest

// MemberHookDeviants break the member callbacks.
var MemberHookDeviants = []Variant{}
