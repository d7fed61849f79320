#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, from Debian's packages only; idempotent (a no-op when
# everything is there). Called by scripts/run-tests.mjs before vitest, so `npm test` alone works on a fresh
# machine (and `.ci/run`, which calls npm test).
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-deps: missing ${missing[*]}; run as root (or: sudo apt-get install -y ${missing[*]}) and retry" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: missing ${missing[*]} and no apt-get here; install ${missing[*]} with this system's package manager" >&2
  exit 1
fi
echo "ensure-test-deps: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
