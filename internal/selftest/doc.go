// Package selftest proves that chatconform's conformance checks can fail.
//
// Deviants are the reference emulator wrapped so that each breaks one
// documented clause, the way a hurried mock author might; every check must
// be killed (made to fail) by at least one of them. Perturbations change
// only what the documentation leaves free (extra fields, key order, headers,
// wording, latency, connection handling, the other documented variant);
// the suite must pass against every one (most of them combined into two
// servers that take every freedom of a group at once; see
// PerturbationRuns). The test in this package builds
// the suite once, runs it against each variant on loopback, and prints
// which checks each deviant killed.
package selftest
