// Runner is chatconform's command: it runs the conformance suite against a
// target, serves the reference emulator, and makes UserSigs.
//
// Usage:
//
//	runner conformance [-target T] [-labels FILTER] [-report-dir DIR] [-procs N]
//	runner emulator [-addr HOST:PORT]
//	runner usersig [-identifier ID] [-expire DURATION]
//
// # conformance
//
// Runs the conformance suites with ginkgo (go tool ginkgo, pinned in
// go.mod) and prints a summary that names each failed check.
//
// The target (-target, default $TARGET) is one of:
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
// -labels (default $LABELS) is a ginkgo label filter, such as '!rate-limit'
// or 'auth || errors'. A filter that selects no check fails the run.
// Checks labelled disruptive (the rate-limit checks) run against the
// emulator and URL targets; against a region they are skipped, with the
// reason in the report, unless ALLOW_DISRUPTIVE=1, because they throttle a
// real app.
//
// Reports go to -report-dir (default $REPORT_DIR, else "reports"):
// junit.xml and ginkgo's report.json.
//
// # emulator
//
// Serves the reference emulator in the foreground on -addr (default
// 127.0.0.1:8080) until interrupted, with credentials from TIM_SDKAPPID,
// TIM_SECRET_KEY and TIM_ADMIN, or, when those are unset, fixed test
// credentials, which it prints.
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
// a check failed or the run could not complete, 2 for a usage or
// configuration error.
package main
