#!/usr/bin/env bash
# Checks docker-compose.yml with Docker Compose itself, with no container engine needed:
# `docker compose config` parses the file, interpolates it and validates it against the Compose
# specification. The file requires SUBGRAPH_SHARED_SECRET and BRIDGE_SHARED_SECRET: without them
# it must fail naming them; with them (as a .env would give them) it must be valid as checked in,
# and with .env.example copied to .env, the file the services read their settings from.
#
#   scripts/check-compose-file.sh        (npm run check:docker-compose)
#
# Uses `docker compose` when the plugin is installed; otherwise builds the Compose CLI once from
# the Go module proxy into $(go env GOPATH)/bin/docker-compose (about 90 s on 2 cores).
set -euo pipefail

readonly COMPOSE_VERSION=v2.40.3
readonly COMPOSE_MODULE=github.com/docker/compose/v2
readonly ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=build-go-command.sh
source "$ROOT/scripts/build-go-command.sh"

log() { printf 'check-compose-file: %s\n' "$*" >&2; }

build_compose() {
  local target=$1
  if ! command -v go >/dev/null; then
    log "Docker Compose is not installed and Go is not available to build it"
    exit 1
  fi
  log "building Docker Compose $COMPOSE_VERSION into $target (first run only)"
  # Not `go install $COMPOSE_MODULE/cmd@$COMPOSE_VERSION`: the module's go.mod has exclude
  # directives, which `go install pkg@version` refuses.
  build_go_command "$COMPOSE_MODULE" "$COMPOSE_VERSION" ./cmd "$target" "" \
    "-X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION"
}

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  binary="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin/docker-compose"
  [[ $("$binary" version --short 2>/dev/null) == "${COMPOSE_VERSION#v}" ]] || build_compose "$binary"
  compose=("$binary")
fi

# Copies in folders of their own, so that a developer's .env does not take part.
bare=$(mktemp -d "${TMPDIR:-/tmp}/compose-check.XXXXXX")
with_env=$(mktemp -d "${TMPDIR:-/tmp}/compose-check.XXXXXX")
trap 'rm -rf "$bare" "$with_env"' EXIT
cp "$ROOT/docker-compose.yml" "$bare/"
cp "$ROOT/docker-compose.yml" "$with_env/"
cp "$ROOT/.env.example" "$with_env/.env"

readonly SECRETS=(SUBGRAPH_SHARED_SECRET BRIDGE_SHARED_SECRET)
export SUBGRAPH_SHARED_SECRET=compose-check-subgraph-secret BRIDGE_SHARED_SECRET=compose-check-bridge-secret

# Each secret left out on its own: Docker Compose must refuse, naming it.
for name in "${SECRETS[@]}"; do
  if missing=$(env -u "$name" "${compose[@]}" --project-directory "$bare" -f "$bare/docker-compose.yml" config --quiet 2>&1); then
    log "docker-compose.yml is accepted without $name; it must refuse"
    exit 1
  fi
  if [[ $missing != *"$name"* ]]; then
    log "without $name, Docker Compose's message does not name it: $missing"
    exit 1
  fi
done

"${compose[@]}" --project-directory "$bare" -f "$bare/docker-compose.yml" config --quiet
"${compose[@]}" --project-directory "$with_env" -f "$with_env/docker-compose.yml" config --quiet
log "docker-compose.yml is valid ($("${compose[@]}" version --short), without and with .env.example as .env) and refuses to run without ${SECRETS[*]}"
