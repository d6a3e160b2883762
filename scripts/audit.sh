#!/usr/bin/env bash
# Fails on any high or critical advisory against the production dependencies. Where the registry
# does not serve its audit endpoint (a mirror or proxy that answers 405), it says so plainly and
# does not pass for an audit that found nothing.
set -uo pipefail
cd "$(dirname "$0")/.."

report=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
status=$?
if [ "$status" -eq 0 ]; then
  echo "npm audit: no high or critical advisory in the production dependencies"
  exit 0
fi
if printf '%s' "$report" | grep -q '"message": "40[0-9] [A-Za-z ]*- POST [^"]*advisories/bulk"'; then
  echo "npm audit: NOT RUN: the registry here does not serve the audit endpoint ($(printf '%s' "$report" | grep -o '40[0-9] [A-Za-z ]*' | head -1))"
  exit 0
fi
npm audit --omit=dev --audit-level=high
exit 1
