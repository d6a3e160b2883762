#!/usr/bin/env bash
# Builds Hive Router (the Rust GraphQL federation router the benchmark compares the gateway with)
# once into a cache folder and prints the binary's absolute path:
#
#   scripts/hive-router.sh            # build when missing (about 20 minutes on 2 cores), print path
#   scripts/hive-router.sh --path     # print the path only if the binary is already there
#
# The cache folder is $HIVE_ROUTER_ROOT, or ~/.cache/people-bench/hive-router. The bench runs the
# binary at that path when it exists and skips the peer otherwise.
#
# Version 0.2.0 is pinned: newer ones need a newer rustc than many machines have, and without the
# graphiql feature its build fetches an npm package that no longer exists.
set -euo pipefail

readonly HIVE_ROUTER_VERSION=0.2.0
readonly ROOT=${HIVE_ROUTER_ROOT:-$HOME/.cache/people-bench/hive-router}
readonly BIN="$ROOT/bin/hive_router"

log() { printf 'hive-router: %s\n' "$*" >&2; }

# The crate installs its binary as hive_router; accept the dashed name too in case that changes.
find_binary() {
  local candidate
  for candidate in "$ROOT/bin/hive_router" "$ROOT/bin/hive-router"; do
    if [[ -x $candidate ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if found=$(find_binary); then
  echo "$found"
  exit 0
fi
if [[ ${1:-} == --path ]]; then
  exit 1
fi
if ! command -v cargo >/dev/null; then
  log "cargo is not installed; install Rust (rustup) to build Hive Router"
  exit 1
fi
log "building hive-router $HIVE_ROUTER_VERSION into $ROOT (first run only, about 20 minutes)"
# nice: the build takes every core for a long time; let interactive work go first.
nice -n 19 cargo install hive-router --version "$HIVE_ROUTER_VERSION" --locked \
  --features graphiql --root "$ROOT"
find_binary || {
  log "the build finished but no binary is in $ROOT/bin (expected $BIN)"
  exit 1
}
