#!/usr/bin/env bash
# Browser test of the web chat: builds the host, starts it on 127.0.0.1, and drives the real page (Web Chat from npm)
# in Debian's headless Chromium with Playwright. Writes docs/webchat.png. Needs Node.js, npm and /usr/bin/chromium
# (apt-get install -y chromium); Playwright's own browser downloads are not used.
set -euo pipefail
cd "$(dirname "$0")/../.."

port="${PORT:-5199}"
base_url="http://127.0.0.1:${port}"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser test..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

(cd web && npm ci --no-audit --no-fund)
(cd tests/e2e && npm ci --no-audit --no-fund)
dotnet build src/BackPainBot

data_dir="$(mktemp -d)"
log="$(mktemp)"
# A process group of its own, so that stopping it stops the host that `dotnet run` started.
Storage__DataDirectory="$data_dir" setsid dotnet run --project src/BackPainBot --no-build -- --urls "$base_url" >"$log" 2>&1 &
host_pid=$!
cleanup() {
  kill -- "-${host_pid}" 2>/dev/null || true
  wait "$host_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "${base_url}/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$host_pid" 2>/dev/null; then
    cat "$log" >&2
    echo "the host stopped before it was ready" >&2
    exit 1
  fi
  sleep 0.5
done

mkdir -p docs
BASE_URL="$base_url" SCREENSHOT="docs/webchat.png" node --test tests/e2e/webchat.test.mjs
