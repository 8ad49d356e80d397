package selftest

// MessageDeviants break the rules of the c2c suite's messages checks; they run
// the c2c suite.
var MessageDeviants = []Variant{}
