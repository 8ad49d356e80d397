# chatconform: see README.md. Every target runs from a fresh clone.
GO        ?= go
TARGET    ?=
LABELS    ?=
REPORT_DIR ?= reports
ADDR      ?= 127.0.0.1:8080
CALLBACK_URL ?=
FUZZTIME  ?= 10s
KNOWN_GAPS ?=
OBSERVED  ?=
OPENAPI   ?= openapi.json
SUITES_BIN ?= bin/suites

# Settings the suite reads from the environment.
export ALLOW_DISRUPTIVE LEDGER CALLBACK_LISTEN CALLBACK_WAIT SETTLE_WAIT

# make test builds without cgo unless CGO_ENABLED is set in the
# environment: nothing here uses C, and a cold build of net and os/user
# then runs no C compiler and takes about 3 s less CPU, in each of the
# plain and fuzzing builds. The race detector needs cgo: the -race tests
# turn it back on (RACE_CGO). Other targets build as Go's default does
# (the runner then resolves names through the system's resolver).
test: export CGO_ENABLED ?= 0
RACE_CGO = CGO_ENABLED=1
# Test binaries linked without a symbol table or DWARF (stack traces and
# race reports use the runtime's own tables): each link takes about 0.6 s
# less CPU, and make test links some thirty.
TEST_LDFLAGS = '-ldflags=-s -w'

# The command, built once per make run; its exit status is 0, 1 or 2 (see
# README), which make itself reports as 2 whenever a command fails.
RUNNER = bin/runner

# Packages tested with plain `go test`; the ginkgo suites run through
# `make conformance` (their framework is a plain package).
M = github.com/chatconform/chatconform
UNIT_PKGS = $(shell $(GO) list ./... | grep -v /suites/) $(M)/suites/framework
# Where goroutines meet (the emulator and its webhook delivery, the signing
# client, the load generator and the callback receivers): tested under
# -race; the rest without, which compiles far less. None of these imports
# ginkgo, whose race build (with golang.org/x/tools and go/types) would
# cost a cold run about 30 s of CPU: the suites' framework wraps the load
# generator and the receivers, and is tested without.
RACE_PKGS = $(M)/emulator $(M)/internal/target $(M)/internal/load $(M)/internal/callbacks $(M)/internal/timedlock

.PHONY: runner compile conformance test unit fuzz lint vet e2e selftest list checks sweep record diff emulator openapi bench bench-prism

runner:
	@$(GO) build -o $(RUNNER) ./runner

## conformance: run the conformance suite (TARGET=emulator|region|URL, LABELS=filter, REPORT_DIR=reports, KNOWN_GAPS=file)
conformance: runner
	$(RUNNER) conformance -target "$(TARGET)" -labels "$(LABELS)" -report-dir "$(REPORT_DIR)" -known-gaps "$(KNOWN_GAPS)" -observed "$(OBSERVED)"

## test: everything CI runs. `go vet` first, which compiles every package
## and dependency once (go commands side by side would each compile what
## the others are compiling); then the steps side by side, each logging to
## bin/test-logs/<step>.log and printing a line when it starts and ends
## (and its whole log if it fails). The suite runs mostly wait, so they
## share the cores; the compiling steps run at a lower priority, and the
## throughput measurements take turns through a lock (internal/timedlock).
TEST_STEPS = conformance e2e selftest unit fuzz actionlint
TEST_LOGS  = bin/test-logs
NICE       = nice -n 15
test:
	@rm -rf $(TEST_LOGS) $(SUITES_BIN) && mkdir -p $(TEST_LOGS)
	@$(MAKE) --no-print-directory test-vet
	@CHATCONFORM_TIMED_LOCK=$(CURDIR)/bin/timed.lock CHATCONFORM_SUITES=$(CURDIR)/$(SUITES_BIN) \
		$(MAKE) --no-print-directory -j$(words $(TEST_STEPS)) $(addprefix test-,$(TEST_STEPS))
	@echo "test: every step passed"

# The steps that run the suites run them compiled once, in SUITES_BIN
# (CHATCONFORM_SUITES), instead of each run compiling and linking them.
test-conformance test-e2e test-selftest: test-compile

# test-<step>: one step of make test, logged (see test).
.PHONY: $(addprefix test-,vet compile $(TEST_STEPS))
test-vet test-compile test-conformance test-e2e test-selftest: test-%:
	@$(call step,$*,$(MAKE) --no-print-directory $*)
test-unit test-fuzz: test-%:
	@$(call step,$*,$(NICE) $(MAKE) --no-print-directory $*)
# The unit step runs the TestAction tests (they are not -short).
test-actionlint:
	@$(call step,actionlint,$(NICE) $(MAKE) --no-print-directory actionlint-workflows)
step = start=$$(date +%s); echo "test: $(1) started (log: $(TEST_LOGS)/$(1).log)"; \
	if $(2) > $(TEST_LOGS)/$(1).log 2>&1; then echo "test: $(1) passed in $$(( $$(date +%s) - start )) s"; \
	else echo "test: $(1) FAILED after $$(( $$(date +%s) - start )) s; its log:"; cat $(TEST_LOGS)/$(1).log; exit 1; fi

## compile: compile the suites once into SUITES_BIN; runs with CHATCONFORM_SUITES=$(SUITES_BIN) use them as they are
compile: runner
	@$(RUNNER) compile -o $(SUITES_BIN)

## list: print the list of checks
list: runner
	@$(RUNNER) list

## checks: regenerate suites/conformance.yaml from the code (review the diff: IDs never change)
checks: runner
	$(RUNNER) list > suites/conformance.yaml

## record: record what TARGET answers into an observed profile (OBSERVED=file, default observed/<target>.json)
record: runner
	$(RUNNER) record -target "$(TARGET)" -labels "$(LABELS)" -report-dir "$(REPORT_DIR)" -observed "$(OBSERVED)"

## diff: compare two observed profiles (A=reference.json B=other.json)
diff: runner
	$(RUNNER) diff "$(A)" "$(B)"

## sweep: delete the accounts a crashed or interrupted run left on TARGET (from the ledger)
sweep: runner
	$(RUNNER) sweep -target "$(TARGET)"

lint: actionlint vet

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## actionlint: lint the example workflows and the GitHub Action with actionlint (pinned in go.mod): action.yml through
## the workflow that calls it (uses: ./) and, since actionlint skips a composite action's steps, those steps as a workflow
.PHONY: actionlint actionlint-workflows
actionlint: actionlint-workflows
	$(GO) test $(TEST_LDFLAGS) -count=1 -run '^TestAction' ./runner
actionlint-workflows:
	$(GO) tool actionlint examples/github-workflow.yml examples/action-selftest.yml

unit:
	$(RACE_CGO) $(GO) test -race $(TEST_LDFLAGS) -short -count=1 $(RACE_PKGS)
	$(GO) test $(TEST_LDFLAGS) -short -count=1 $(filter-out $(RACE_PKGS),$(UNIT_PKGS))

## e2e: the runner end to end: redaction, known gaps, sweep, reports (side by side: go test runs
## only GOMAXPROCS parallel tests at once by default, and these mostly wait)
e2e:
	$(GO) test $(TEST_LDFLAGS) -count=1 -timeout 30m -parallel 9 -run E2E -v ./runner

## selftest: run the suite against every deviant (each must be killed) and perturbation (each must pass)
selftest:
	$(GO) test $(TEST_LDFLAGS) -count=1 -timeout 45m -run TestSelfTest -v ./internal/selftest

## fuzz: fuzz the emulator's endpoints for FUZZTIME. A new input that widens the coverage is
## minimised for at most a second (go's default of a minute stalled a 10 s run after 3 s)
fuzz:
	$(GO) test $(TEST_LDFLAGS) -run '^$$' -fuzz FuzzEndpoint -fuzztime $(FUZZTIME) -fuzzminimizetime 1s ./emulator

## emulator: serve the reference emulator in the foreground on ADDR
emulator: runner
	$(RUNNER) emulator -addr $(ADDR) $(if $(CALLBACK_URL),-callback-url "$(CALLBACK_URL)")

## openapi: write the OpenAPI 3.1 description (generated from schemas/ and fixtures/) to OPENAPI
openapi: runner
	$(RUNNER) openapi -o $(OPENAPI)

## bench: the figures of BENCHMARKS.md, as ratios: emulator vs bare net/http, suite wall time vs its floor, load generator accuracy
bench:
	bash bench/run.sh

## bench-prism: the emulator against Stoplight Prism under the same load, as a ratio (needs node and npm)
bench-prism:
	bash bench/prism.sh
