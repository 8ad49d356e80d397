#!/usr/bin/env bash
# What `make test` costs on a fresh clone, step by step: once with an empty
# build cache (cold: everything compiled, the Go module cache as it is, the
# way .ci/run leaves it after `go mod download`) and once more with the
# cache that run filled (warm). Prints one table row per step and the
# totals. The clone is of HEAD; the steps are make test's, in its order.
# Usage: bash bench/ci-cost.sh [cold|both]   (default both; about 20 min; the
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

steps="lint unit fuzz conformance e2e selftest"
declare -A took
run_all() { # $1: cold or warm
  for step in $steps; do
    local start end
    start=$(date +%s.%N)
    if ! (cd "$work/clone" && make "$step" >"$work/$1-$step.log" 2>&1); then
      echo "ci-cost: make $step failed ($1); its log:" >&2
      tail -40 "$work/$1-$step.log" >&2
      exit 1
    fi
    end=$(date +%s.%N)
    took[$1-$step]=$(echo "$end - $start" | bc)
    echo "  $1 $step: ${took[$1-$step]} s" >&2
  done
}

rm -rf "$GOCACHE"
echo "cold run (empty build cache)..." >&2
run_all cold
[ "$which" = cold ] || { echo "warm run..." >&2; run_all warm; }

printf '\n| step | cold (s) | warm (s) |\n|---|---|---|\n'
cold_total=0 warm_total=0
for step in $steps; do
  c=${took[cold-$step]:-} w=${took[warm-$step]:-}
  printf '| %s | %s | %s |\n' "$step" "${c:+$(printf %.0f "$c")}" "${w:+$(printf %.0f "$w")}"
  [ -n "$c" ] && cold_total=$(echo "$cold_total + $c" | bc)
  [ -n "$w" ] && warm_total=$(echo "$warm_total + $w" | bc)
done
printf '| **make test** | %.0f | %.0f |\n' "$cold_total" "$warm_total"
