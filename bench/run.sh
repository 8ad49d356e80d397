#!/usr/bin/env bash
# The figures of BENCHMARKS.md in one command: each benchmark run several
# times, then benchstat's medians (with their 95% intervals) of the ratios.
# Usage: bash bench/run.sh [output-file]   (default: bench/results.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/results.txt}
benchstat="go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"

: > "$out"
echo "emulator vs bare net/http (3 x 6 runs)..." >&2
for i in 1 2 3; do
  go test -run '^$' -bench SetMsgReadVsBare -benchtime 20000x -count 6 ./emulator | tee -a "$out" >&2
done
echo "send_group_msg into a 200-member group vs bare net/http (6 runs)..." >&2
go test -run '^$' -bench SendGroupMsgVsBare -benchtime 10000x -count 6 ./emulator | tee -a "$out" >&2
echo "per-call cost as the state grows to 10^6 messages (3 runs, about a minute each)..." >&2
go test -run '^$' -bench StateGrowth -benchtime 1x -count 3 -v ./emulator | tee -a "$out" >&2
echo "suite wall time vs floor (6 x 2 runs)..." >&2
go test -run '^$' -bench SuiteWallTime -benchtime 2x -count 6 ./runner | tee -a "$out" >&2
echo "load generator accuracy (6 runs)..." >&2
go test -run '^$' -bench LoadAccuracy -benchtime 1x -count 6 ./internal/load | tee -a "$out" >&2

echo
echo "Medians (benchstat; raw results in $out):"
$benchstat -filter '.unit:(ratio OR wall-s OR floor-s OR acc-150 OR acc-200 OR acc-600 OR B/msg OR B/spread-msg OR /-x$/)' "$out"
