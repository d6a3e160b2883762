#!/usr/bin/env bash
# Runs one command against a throwaway MongoDB-compatible server (FerretDB 1.x on SQLite), for
# machines with no MongoDB:
#
#   scripts/mongo-local.sh npm test
#   scripts/mongo-local.sh npx jest shared/store/src/dao
#
# It builds FerretDB once (into $(go env GOPATH)/bin, or uses $FERRETDB_BIN when that is set),
# starts it on a free 127.0.0.1 port with its data in a fresh temporary directory, waits until it
# answers `ping`, runs the command with these variables exported, then stops FerretDB, deletes the
# directory and exits with the command's status:
#
#   MONGODB_URI        mongodb://127.0.0.1:<port>/
#   FERRETDB_BIN       absolute path of the ferretdb binary, so that a test can start its own
#                      instance (fault tests: stop it, restart it on the same port and directory)
#   FERRETDB_PID       process id of the shared instance
#   FERRETDB_PORT      its port
#   FERRETDB_DATA_DIR  its SQLite directory
#
# A test that starts its own instance passes the same flags as start_ferretdb below, with its own
# port and directories: --listen-addr=127.0.0.1:<port> --handler=sqlite
# --sqlite-url=file:<dir>/ --state-dir=<dir> --debug-addr=- --telemetry=disable
set -euo pipefail

readonly FERRETDB_VERSION=v1.24.2
readonly FERRETDB_MODULE=github.com/FerretDB/FerretDB
readonly START_TIMEOUT_MS=30000
readonly SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HELPER="$SCRIPTS_DIR/mongo-local-helper.cjs"
# shellcheck source=build-go-command.sh
source "$SCRIPTS_DIR/build-go-command.sh"

log() { printf 'mongo-local: %s\n' "$*" >&2; }

if [[ $# -eq 0 ]]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

# A usable binary prints its version; one from a plain `go install` panics instead (see below).
usable() { [[ -x $1 ]] && "$1" --version >/dev/null 2>&1; }

# FerretDB's published module lacks the git-ignored build/version/version.txt, and a binary built
# without it panics at start-up, so `go install $FERRETDB_MODULE/cmd/ferretdb@$FERRETDB_VERSION`
# does not give a working server: the build writes that file first.
write_ferretdb_version() { echo "$FERRETDB_VERSION" >build/version/version.txt; }

build_ferretdb() {
  local target=$1
  if ! command -v go >/dev/null; then
    log "FerretDB is not installed and Go is not available to build it; install Go or set FERRETDB_BIN"
    exit 1
  fi
  log "building FerretDB $FERRETDB_VERSION into $target (first run only, about a minute)"
  build_go_command "$FERRETDB_MODULE" "$FERRETDB_VERSION" ./cmd/ferretdb "$target" write_ferretdb_version
}

if [[ -n ${FERRETDB_BIN:-} ]]; then
  usable "$FERRETDB_BIN" || { log "FERRETDB_BIN=$FERRETDB_BIN does not run"; exit 1; }
else
  FERRETDB_BIN="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin/ferretdb"
  usable "$FERRETDB_BIN" || build_ferretdb "$FERRETDB_BIN"
fi

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/mongo-local.XXXXXX")
ferretdb_pid=""
command_pid=""

stop_ferretdb() {
  [[ -n $ferretdb_pid ]] || return 0
  kill -TERM "$ferretdb_pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$ferretdb_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$ferretdb_pid" 2>/dev/null || true
  wait "$ferretdb_pid" 2>/dev/null || true
  ferretdb_pid=""
}

cleanup() {
  stop_ferretdb
  rm -rf "$work_dir"
}
trap cleanup EXIT
interrupted=0
on_signal() {
  [[ -n $command_pid ]] || exit 130
  interrupted=1
  kill -TERM "$command_pid" 2>/dev/null || true
}
trap on_signal INT TERM

start_ferretdb() {
  local port=$1
  mkdir -p "$work_dir/data" "$work_dir/state"
  DO_NOT_TRACK=1 "$FERRETDB_BIN" \
    --listen-addr="127.0.0.1:$port" \
    --handler=sqlite \
    --sqlite-url="file:$work_dir/data/" \
    --state-dir="$work_dir/state" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=warn \
    >>"$work_dir/ferretdb.log" 2>&1 &
  ferretdb_pid=$!
}

# The free port may be taken between the probe and FerretDB's bind, so try a few.
port=""
for _ in 1 2 3; do
  candidate=$(node "$HELPER" free-port)
  start_ferretdb "$candidate"
  if node "$HELPER" wait "mongodb://127.0.0.1:$candidate/" "$START_TIMEOUT_MS" "$ferretdb_pid"; then
    port=$candidate
    break
  fi
  stop_ferretdb
done
if [[ -z $port ]]; then
  log "FerretDB did not start; its log:"
  cat "$work_dir/ferretdb.log" >&2
  exit 1
fi

export MONGODB_URI="mongodb://127.0.0.1:$port/"
export FERRETDB_BIN FERRETDB_PID=$ferretdb_pid FERRETDB_PORT=$port FERRETDB_DATA_DIR="$work_dir/data"
log "FerretDB $FERRETDB_VERSION (pid $ferretdb_pid) at $MONGODB_URI"

# In the background so that INT/TERM reach the trap at once and are passed on; `<&0` keeps the
# terminal's stdin, which background commands would otherwise lose.
set +e
"$@" <&0 &
command_pid=$!
# A trapped signal makes `wait` return early; wait again for the command's own status.
while :; do
  interrupted=0
  wait "$command_pid"
  status=$?
  ((interrupted)) || break
done
exit "$status"
