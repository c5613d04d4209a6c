#!/usr/bin/env bash
# Idempotent setup of Debian's Chromium for the end-to-end browser tests (the `e2e` vitest project,
# driven by playwright-core). Installs the apt package `chromium` and the fonts the screenshots use
# when /usr/bin/chromium is missing; never downloads a browser build of its own. Safe to run any
# number of times, on a brand-new Debian machine too. Needs root (or sudo).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo -n bash "$0" "$@"; fi
  echo "scripts/chromium/install.sh: must run as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
packages=(chromium fonts-dejavu-core fonts-liberation2)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "[chromium/install] installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "[chromium/install] /usr/bin/chromium is missing after install" >&2
  exit 1
fi
echo "[chromium/install] $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium present')"
