#!/usr/bin/env bash
# bench/prism.sh: the reference emulator against Stoplight Prism, the generic
# mock server a user might reach for instead, under the same closed-loop load
# on the same machine in the same run, reported as a ratio (emulator/Prism).
#
# It generates the OpenAPI description (go run ./runner openapi), installs
# @stoplight/prism-cli with npm into bench/.cache/ when it is not there yet,
# starts `prism mock` on a free 127.0.0.1 port, and runs bench/cmd/loadcmp,
# which starts the emulator in-process (rate limits off) and alternates
# rounds between the two. Prism is stopped on exit.
#
# Needs Go, node and npm (Debian: apt-get install nodejs npm). Settings, from
# the environment:
#   CLIENTS=4 DURATION=5s ROUNDS=3   the load (COUNT=N: N calls per round instead of DURATION)
#   PRISM_VERSION=5.16.0             the @stoplight/prism-cli version
#   PRISM_VERBOSE=error              Prism's -v level; its default, info, logs every request
# Extra arguments go to loadcmp (go run ./bench/cmd/loadcmp -h).
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
case "${1:-}" in
-h | -help | --help)
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	"$GO" run ./bench/cmd/loadcmp -h 2>&1 || true
	exit 0
	;;
esac
CLIENTS=${CLIENTS:-4}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
COUNT=${COUNT:-0}
PRISM_VERSION=${PRISM_VERSION:-5.16.0}
PRISM_VERBOSE=${PRISM_VERBOSE:-error}

for tool in "$GO" node npm; do
	command -v "$tool" >/dev/null || { echo "prism.sh: $tool not found (Debian: apt-get install nodejs npm)" >&2; exit 2; }
done

cache=bench/.cache/prism-$PRISM_VERSION
prism=$cache/node_modules/.bin/prism
if [ ! -x "$prism" ]; then
	echo "prism.sh: installing @stoplight/prism-cli@$PRISM_VERSION into $cache" >&2
	mkdir -p "$cache"
	timeout 600 npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		"@stoplight/prism-cli@$PRISM_VERSION" >&2
fi

# Prism's log may hold request URLs: show it only with the usersig redacted.
redacted_log() { tail -n 30 "$tmp/prism.log" | sed -E 's/usersig=[^&[:space:]"]*/usersig=REDACTED/g' >&2; }

tmp=$(mktemp -d)
prism_pid=
cleanup() {
	if [ -n "$prism_pid" ] && kill -0 "$prism_pid" 2>/dev/null; then
		kill "$prism_pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$prism_pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$prism_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$GO" run ./runner openapi -o "$tmp/openapi.json"
"$GO" build -o "$tmp/loadcmp" ./bench/cmd/loadcmp

# A free loopback port, picked by the kernel.
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

"$prism" mock -h 127.0.0.1 -p "$port" -v "$PRISM_VERBOSE" "$tmp/openapi.json" >"$tmp/prism.log" 2>&1 &
prism_pid=$!

ready=
for _ in $(seq 120); do
	if ! kill -0 "$prism_pid" 2>/dev/null; then break; fi
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
	sleep 0.5
done
if [ -z "$ready" ]; then
	echo "prism.sh: Prism did not start listening on 127.0.0.1:$port within 60 s; its log:" >&2
	redacted_log
	exit 1
fi
echo "prism.sh: Prism $PRISM_VERSION (pid $prism_pid, -v $PRISM_VERBOSE) on 127.0.0.1:$port; $(nproc) cores" >&2

# The run is bounded by loadcmp's own limits; timeout is a backstop.
status=0
timeout 900 "$tmp/loadcmp" -prism "http://127.0.0.1:$port" -clients "$CLIENTS" -duration "$DURATION" \
	-rounds "$ROUNDS" -count "$COUNT" "$@" || status=$?
if [ "$status" -ne 0 ]; then
	echo "prism.sh: loadcmp failed (exit $status); the end of Prism's log:" >&2
	redacted_log
fi
exit "$status"
