#!/usr/bin/env bash
# What `make test` costs on a fresh clone: once with an empty build cache
# (cold: everything compiled, the Go module cache as it is, the way .ci/run
# leaves it after `go mod download`) and once more with the cache that run
# filled (warm). make test runs its steps side by side after `go vet`; the
# table gives each step's own time (from make test's "passed in" lines:
# they overlap) and the whole. The clone is of HEAD.
# Usage: bash bench/ci-cost.sh [cold|both]   (default both; about 6 min; the
# warm run needs the cache the cold one fills, so there is no warm alone)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
case "$which" in cold|both) ;; *) echo "usage: bash bench/ci-cost.sh [cold|both]" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/chatconform-ci-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
git clone -q . "$work/clone"
export GOCACHE="$work/gocache" GOFLAGS=-modcacherw
(cd "$work/clone" && go mod download)

steps="vet conformance e2e selftest unit fuzz actionlint"
declare -A took
run() { # $1: cold or warm
  local start end
  start=$(date +%s.%N)
  if ! (cd "$work/clone" && make test >"$work/$1.log" 2>&1); then
    # Keep what the failure left: make test's log, each step's and the reports.
    local kept
    kept=$(mktemp -d /tmp/chatconform-ci-cost-failed.XXXXXX)
    cp "$work/$1.log" "$kept/make-test.log"
    cp -r "$work/clone/bin/test-logs" "$kept/" 2>/dev/null || true
    cp -r "$work/clone/reports" "$kept/" 2>/dev/null || true
    echo "ci-cost: make test failed ($1); the logs and reports are kept in $kept; the end of its log:" >&2
    tail -60 "$work/$1.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  took[$1]=$(echo "$end - $start" | bc)
  for step in $steps; do
    took[$1-$step]=$(sed -n "s/^test: $step passed in \([0-9]*\) s$/\1/p" "$work/$1.log")
  done
  echo "  $1 make test: ${took[$1]} s" >&2
}

rm -rf "$GOCACHE"
echo "cold run (empty build cache)..." >&2
run cold
[ "$which" = cold ] || { echo "warm run..." >&2; run warm; }

printf '\n| step (side by side after vet) | cold (s) | warm (s) |\n|---|---|---|\n'
for step in $steps; do
  printf '| %s | %s | %s |\n' "$step" "${took[cold-$step]:-}" "${took[warm-$step]:-}"
done
printf '| **make test** | %.0f | %s |\n' "${took[cold]}" "$( [ -n "${took[warm]:-}" ] && printf %.0f "${took[warm]}")"
