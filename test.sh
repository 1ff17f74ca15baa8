#!/usr/bin/env bash
# The project's test command (README "Tests"): installs what the suite needs on a fresh Debian machine, then runs it.
#   - redis-server: the distributed-limit tests start their own on a random loopback port (no persistence);
#   - Node.js and npm (Debian's packages) and the pinned official Node SDKs (tests/sdk-node, from its lockfile):
#     the SDK conformance tests run them against a proxy on loopback;
#   - chromium (Debian's, with a font): the admin console test drives it headless through Playwright's bundled
#     driver (ExecutablePath /usr/bin/chromium; Playwright's own browser download is never used).
# Idempotent and quiet when everything is there. Extra arguments go to `dotnet test` (e.g. --filter Name).
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi . || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} (Debian packages)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: need root or sudo to install ${need_apt[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f tests/sdk-node/package-lock.json ] && [ ! -d tests/sdk-node/node_modules ]; then
  echo "test.sh: installing the Node SDKs from tests/sdk-node/package-lock.json"
  (cd tests/sdk-node && npm ci --no-audit --no-fund --loglevel=error)
fi

exec dotnet test Guardrail.sln "$@"
