#!/usr/bin/env bash
# Idempotent setup for the throw-away Dovecot IMAP servers started by scripts/dovecot/server.ts
# (the `imap` vitest project). Safe to run any number of times, on a brand-new Debian machine too.
#   - installs dovecot-imapd (which brings dovecot-core and doveadm) if `dovecot` is missing,
#     WITHOUT starting the system dovecot service;
#   - creates the system user that owns the test maildirs (default: doleancesmail).
# Needs root (or sudo). The system dovecot service is never started, enabled or touched.
set -euo pipefail

MAIL_USER="${DOLEANCES_DOVECOT_MAIL_USER:-doleancesmail}"

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -n DOLEANCES_DOVECOT_MAIL_USER="$MAIL_USER" bash "$0" "$@"
  fi
  echo "scripts/dovecot/install.sh: must run as root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

if ! command -v dovecot >/dev/null 2>&1 || ! command -v doveadm >/dev/null 2>&1 \
   || [ ! -x /usr/lib/dovecot/imap ] || [ ! -x /usr/lib/dovecot/imap-login ]; then
  echo "[dovecot/install] installing dovecot-imapd (system service will NOT be started)"
  # Keep the package's postinst from starting the system service: invoke-rc.d and
  # deb-systemd-invoke both honour policy-rc.d (exit 101 = action forbidden).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  cleanup_policy() { if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi; }
  trap cleanup_policy EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
  cleanup_policy
  trap - EXIT
else
  echo "[dovecot/install] dovecot already installed: $(dovecot --version)"
fi

# setpriv (util-linux, essential on Debian) lets server.ts tie dovecot's life to the test process.
if ! command -v setpriv >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends util-linux >/dev/null || true
fi

# The users dovecot itself needs are created by dovecot-core's postinst; check anyway.
for u in dovenull dovecot; do
  if ! getent passwd "$u" >/dev/null; then
    echo "[dovecot/install] missing system user '$u' (dovecot-core should have created it)" >&2
    exit 1
  fi
done

if ! getent passwd "$MAIL_USER" >/dev/null; then
  echo "[dovecot/install] creating mail user $MAIL_USER"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin --comment "Doleances test maildirs owner" "$MAIL_USER"
else
  echo "[dovecot/install] mail user $MAIL_USER exists (uid $(id -u "$MAIL_USER"))"
fi
