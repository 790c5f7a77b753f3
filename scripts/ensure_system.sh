#!/usr/bin/env bash
# System packages the tests need, from Debian's archive: Chromium (the browser
# tests drive /usr/bin/chromium through Playwright) and Node.js with npm (for the
# pinned front-end files in package-lock.json), and iproute2 (`ip`, with which
# scripts/offline.sh brings up loopback in a private network namespace). Installs what is missing when run
# as root; otherwise says what to install and fails.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)  # scripts/offline.sh brings up loopback in its namespace
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
else
  echo "missing: ${missing[*]} — install them (e.g. sudo apt-get install ${missing[*]}) and run again" >&2
  exit 1
fi
