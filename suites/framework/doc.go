// Package framework is what chatconform's conformance suites share: the
// target under test and its clients, conformance check metadata, domain
// matchers, the account pool and the load generator.
//
// Helpers here return errors; specs decide. The matchers (BeOK, FailWith,
// MatchSchema) print the request with its usersig redacted, the response,
// every schema violation and a curl line that reproduces the call.
package framework
