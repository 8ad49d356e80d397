package selftest

// AttrDeviants break the attribute and counter rules.
var AttrDeviants = []Variant{}
