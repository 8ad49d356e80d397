// Runner is chatconform's command: it runs the conformance suite against a
// target, serves the reference emulator, records and compares observed
// profiles, cleans up after crashed runs, and makes UserSigs.
//
// Usage:
//
//	runner conformance [-target T] [-labels FILTER] [-report-dir DIR] [-procs N] [-rate-procs N]
//	                   [-known-gaps FILE] [-observed FILE] [-ledger FILE]
//	runner record      [-target T] [-observed FILE] [same flags as conformance]
//	runner diff        REFERENCE.json OTHER.json
//	runner list
//	runner compile     -o DIR
//	runner sweep       -target T [-ledger FILE]
//	runner emulator    [-addr HOST:PORT]
//	runner openapi     [-o FILE]
//	runner usersig     [-identifier ID] [-expire DURATION]
//
// Every flag also has an environment variable, named in its help text
// (TARGET, LABELS, REPORT_DIR, KNOWN_GAPS, OBSERVED, LEDGER).
//
// # conformance
//
// Runs the conformance suites with ginkgo (go tool ginkgo, pinned in
// go.mod), writes the reports and prints a summary that names each failed
// check.
//
// The target is one of:
//
//   - empty or "emulator": the reference emulator, started in-process on a
//     free loopback port with its test credentials;
//   - a region: china, singapore, seoul, frankfurt, mumbai, silicon-valley,
//     jakarta or tokyo, called over HTTPS at its documented domain;
//   - an http:// or https:// base URL, such as a mock on http://127.0.0.1:9000.
//
// A region or URL needs credentials from the environment: TIM_SDKAPPID,
// TIM_SECRET_KEY and TIM_ADMIN (default "administrator"). Without them the
// command stops before sending anything. The key and every UserSig stay out
// of the output: URLs are printed with usersig=REDACTED, and reproductions
// read the UserSig from $USERSIG.
//
// -labels is a ginkgo label filter, such as '!rate-limit' or
// 'auth || errors'. A filter that selects no check fails the run. Checks
// labelled disruptive (the rate-limit checks) run against the emulator and
// URL targets; against a region they are skipped, with the reason in the
// report, unless ALLOW_DISRUPTIVE=1, because they throttle a real app.
//
// The rate-limit checks run first, in a pass of their own with no other
// check of their suite calling the target: the generated ones -rate-procs
// endpoints at a time (default 4, and 8 on the embedded emulator, whose
// limits are per endpoint only, unless CHATCONFORM_TIMED_LOCK says the
// machine is shared), the hand-written ones one by one, and the
// app-wide checks (label app-wide: they read or load the app as a whole)
// one by one with them. The other checks then run on -procs ginkgo
// processes (default 4, or the number of cores if more; most of a check's
// time is waiting), webhook checks among them: every process sees every
// callback. Against the embedded emulator, where each suite has an
// emulator of its own, a pass runs its suites side by side, each line of
// their output prefixed with the suite's name; -one-by-one runs them one
// after another, as against a region or URL. Each pass ends with a line
// giving its time. With CHATCONFORM_TIMED_LOCK naming a
// file (make test sets it), runs sharing a machine take turns at the rate
// pass through a lock on it, and run the other pass at a lower priority
// (see internal/timedlock). CALLBACK_WAIT and
// SETTLE_WAIT (Go durations) bound the waits for a callback (default 10s)
// and for state the pages say catches up later (default 30s).
//
// Reports go to -report-dir (default "reports"): report.html, summary.md,
// junit.xml (one test case per check) and ginkgo's report.json.
//
// -known-gaps names a YAML manifest of checks the target is known to fail,
// each with a reason and an expiry date: such a failure is reported as a
// known gap and does not fail the run (see package gaps).
//
// -observed names an observed profile (see record): the checks whose rule
// the documentation leaves open, and the probes, must then answer exactly as
// recorded.
//
// Against a region or URL every account the suite creates is recorded in
// the ledger (default .chatconform/ledger.jsonl in the module) before it is
// created.
//
// # record and diff
//
// record runs the same suite and writes, instead of the reports, an
// observed profile: what the target answered to every check and probe,
// normalised (default file observed/<target>.json). diff compares two
// profiles on what a conformance run would hold (the probes and the checks
// whose answers the docs leave open) and prints each one where they
// disagree; it exits 1 when they do.
//
// Each run compiles the suites it runs (go test -c) and removes them at
// the end. With CHATCONFORM_SUITES naming a folder that runner compile
// filled, it runs the suites compiled there instead: for a job that runs
// the suite several times (make test does). The runner does not check that
// they are the checkout's current code; a folder without every suite is a
// configuration error.
//
// # list
//
// Prints the list of checks, as committed in suites/conformance.yaml.
//
// # compile
//
// Compiles every suite into -o, each as <folder>/<name>/<name>.test, for
// runs that name the folder in CHATCONFORM_SUITES.
//
// # sweep
//
// Deletes the accounts the ledger says a crashed or interrupted run left on
// the target (the API cannot list accounts).
//
// # emulator
//
// Serves the reference emulator in the foreground on -addr (default
// 127.0.0.1:8080) until interrupted, with credentials from TIM_SDKAPPID,
// TIM_SECRET_KEY and TIM_ADMIN, or, when those are unset, fixed test
// credentials, which it prints.
//
// # openapi
//
// Writes an OpenAPI description of the endpoints, generated from the JSON
// Schemas and the documented samples.
//
// # usersig
//
// Prints a UserSig for -identifier (default $TIM_ADMIN, else
// "administrator") made with TIM_SDKAPPID and TIM_SECRET_KEY, or with the
// emulator's test credentials when those are unset, so that
// USERSIG=$(go run ./runner usersig) can feed curl. It prints nothing else.
//
// # Exit status
//
// 0 when every selected check passed (or the command did its job), 1 when
// a check failed, profiles differ or the run could not complete, 2 for a
// usage or configuration error.
package main
