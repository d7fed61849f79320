#!/usr/bin/env bash
# Installs what `npm test` needs beyond npm packages, from Debian packages only; idempotent (does nothing when
# everything is present). Called by scripts/run-tests.mjs before vitest, so `npm test` alone works on a fresh
# machine. As root it runs apt-get update once, then apt-get install -y for what is missing; otherwise it
# fails with the command to run.
set -euo pipefail

# Each line: the command that must exist, then the Debian package that provides it.
REQUIREMENTS=(
  "chromium chromium"
  "redis-server redis-server"
)

missing=()
for req in "${REQUIREMENTS[@]}"; do
  read -r cmd pkg <<<"$req"
  # SAF_MOCK_CHROMIUM points the browser tests at another Chromium build.
  if [ "$cmd" = chromium ] && [ -n "${SAF_MOCK_CHROMIUM:-}" ] && [ -x "${SAF_MOCK_CHROMIUM}" ]; then continue; fi
  if ! command -v "$cmd" >/dev/null 2>&1; then missing+=("$pkg"); fi
done

if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-deps: missing ${missing[*]} and not root: run  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: missing ${missing[*]} and no apt-get here: install them with this system's package manager" >&2
  exit 1
fi

echo "ensure-test-deps: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the lock (a machine still provisioning): wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
for req in "${REQUIREMENTS[@]}"; do
  read -r cmd pkg <<<"$req"
  command -v "$cmd" >/dev/null 2>&1 || { echo "ensure-test-deps: $pkg installed but $cmd is still missing" >&2; exit 1; }
done
