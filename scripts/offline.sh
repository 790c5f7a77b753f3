#!/usr/bin/env bash
# Run a command with no network but loopback.
#
# Where the system allows a private network namespace (Linux, as root: `unshare -n`), the
# command runs inside one whose only interface is loopback, brought up here: no path out
# exists, whatever the command does. Elsewhere it runs as is, and the network guard
# (tools/netguard, put in every Python process by conftest.py and run_notebooks.py)
# refuses and logs any attempt. EXPLAINER_OFFLINE tells the command which applies.
# `make test` and `make notebooks` run through this script; see docs/decisions.md §4.
set -euo pipefail
if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
  export EXPLAINER_OFFLINE=namespace
  exec unshare -n bash -c 'ip link set lo up && exec "$@"' offline "$@"
fi
echo "offline.sh: no private network namespace here (needs root and unshare); the network guard alone applies" >&2
export EXPLAINER_OFFLINE=guard
exec "$@"
