#!/usr/bin/env bash
# Checks deploy/kubernetes without a cluster: renders both overlays (kubectl kustomize, or kustomize
# built from the Go module proxy where kubectl is missing), then runs the test that validates every
# rendered object against the Kubernetes API schemas (kubernetes-models) and checks the
# cross-references: Services and their pods, probes against the running services, settings against
# the config loaders, network policies against the architecture, docker-compose.yml against the
# manifests.
#
#   scripts/check-kubernetes.sh        (npm run check:kubernetes)
set -euo pipefail

readonly ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

for overlay in dev prod; do
  objects=$(scripts/render-kubernetes.sh "$overlay" | grep -c '^kind: ')
  printf 'check-kubernetes: overlays/%s renders %s objects\n' "$overlay" "$objects" >&2
done
npx jest --ci stack/src/__tests__/kubernetes.test.ts
