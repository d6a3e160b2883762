#!/usr/bin/env bash
# Renders one overlay of deploy/kubernetes as the checks see it: the real Secrets
# (overlays/<name>/secrets/*.env) are not committed, so their examples (*.env.example) stand in.
#
#   scripts/render-kubernetes.sh dev|prod      prints every object as YAML
#
# Uses `kubectl kustomize` when kubectl is installed; otherwise builds kustomize once from the Go
# module proxy into $(go env GOPATH)/bin/kustomize (about a minute on 2 cores).
set -euo pipefail

readonly KUSTOMIZE_VERSION=v5.5.0
readonly KUSTOMIZE_PACKAGE=sigs.k8s.io/kustomize/kustomize/v5
readonly ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf 'render-kubernetes: %s\n' "$*" >&2; }

overlay=${1:-}
if [[ -z $overlay || ! -f $ROOT/deploy/kubernetes/overlays/$overlay/kustomization.yaml ]]; then
  log "usage: $0 OVERLAY (one of: $(ls "$ROOT/deploy/kubernetes/overlays" | tr '\n' ' '))"
  exit 2
fi

# The kustomize that go install built, at the version wanted (`kustomize version` says "(devel)"
# for such a build, so ask Go which module version it was built from).
kustomize_binary() {
  local binary
  binary="$(go env GOPATH)/bin/kustomize"
  if ! go version -m "$binary" 2>/dev/null | grep -q "mod[[:space:]]*$KUSTOMIZE_PACKAGE[[:space:]]*$KUSTOMIZE_VERSION"; then
    log "building kustomize $KUSTOMIZE_VERSION into $binary (first run only)"
    GOBIN=$(dirname "$binary") go install "$KUSTOMIZE_PACKAGE@$KUSTOMIZE_VERSION" >&2
  fi
  printf '%s\n' "$binary"
}

if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
  render=(kubectl kustomize)
elif command -v go >/dev/null; then
  render=("$(kustomize_binary)" build)
else
  log "neither kubectl nor Go (to build kustomize) is installed"
  exit 1
fi

copy=$(mktemp -d "${TMPDIR:-/tmp}/render-kubernetes.XXXXXX")
trap 'rm -rf "$copy"' EXIT
cp -R "$ROOT/deploy/kubernetes/." "$copy/"
for example in "$copy"/overlays/*/secrets/*.env.example; do
  cp "$example" "${example%.example}"
done
"${render[@]}" "$copy/overlays/$overlay"
