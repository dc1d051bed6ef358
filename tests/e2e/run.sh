#!/usr/bin/env bash
# The web chat's browser tests and the Direct Line protocol tests with the real client (botframework-directlinejs).
# Builds the host (unless SKIP_BUILD=1), starts it twice on 127.0.0.1 with throwaway data folders (one as configured,
# one whose tokens last 5 seconds, for the expiry tests), and runs tests/e2e/*.test.mjs with node's test runner, which
# prints TAP ending in "# pass N" / "# fail N" (.ci/run adds those up). Writes docs/webchat.png.
# Needs Node.js 20+, npm and /usr/bin/chromium (installed here from Debian when missing); Playwright's own browser
# downloads are never used. Pass test files to run only those: tests/e2e/run.sh tests/e2e/directline.test.mjs
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The build fetches the Web Chat bundle when it is missing; fetch it again when web/ asks for another version.
bundle=src/BackPainBot/wwwroot/lib/webchat.js
if [ -e "$bundle" ] && [ web/package-lock.json -nt "$bundle" ]; then
  (cd web && npm ci --no-audit --no-fund)
fi
(cd tests/e2e && npm ci --no-audit --no-fund)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/BackPainBot
fi
if [ ! -e "$bundle" ]; then
  echo "$bundle is missing: run npm ci in web/" >&2
  exit 1
fi

free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

work="$(mktemp -d)"
host_pids=()
cleanup() {
  for pid in "${host_pids[@]}"; do
    kill -- "-${pid}" 2>/dev/null || true
  done
  for pid in "${host_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# start_host NAME [SETTING=VALUE...]: starts the host on a free port with its own data folder and log; host_url is
# its address.
start_host() {
  local name="$1" port
  shift
  port="$(free_port)"
  host_url="http://127.0.0.1:${port}"
  mkdir -p "$work/$name"
  # A session of its own, so that stopping it stops the host that `dotnet run` started.
  env Storage__DataDirectory="$work/$name" "$@" \
    setsid dotnet run --project src/BackPainBot --no-build -- --urls "$host_url" >"$work/$name.log" 2>&1 &
  host_pids+=("$!")
  host_names+=("$name")
  host_urls+=("$host_url")
}

# Waits (at most 60 s) until every started host answers /healthz.
wait_for_hosts() {
  local i
  for i in "${!host_pids[@]}"; do
    for _ in $(seq 1 120); do
      if curl -fsS --max-time 2 "${host_urls[$i]}/healthz" >/dev/null 2>&1; then
        continue 2
      fi
      if ! kill -0 "${host_pids[$i]}" 2>/dev/null; then
        cat "$work/${host_names[$i]}.log" >&2
        echo "the ${host_names[$i]} host stopped before it was ready" >&2
        return 1
      fi
      sleep 0.5
    done
    cat "$work/${host_names[$i]}.log" >&2
    echo "the ${host_names[$i]} host was not ready after 60 s" >&2
    return 1
  done
}

host_names=()
host_urls=()
# Every test comes from one address, so the per-address limits on new chats and on requests are raised.
limits=(DirectLine__TokensPerMinutePerClient=1000 RateLimits__DirectLine__Burst=10000 RateLimits__Page__Burst=10000)
start_host main "${limits[@]}"
base_url="$host_url"
start_host expiring "${limits[@]}" DirectLine__TokenLifetime=00:00:05
expiring_url="$host_url"
wait_for_hosts

if [ "$#" -eq 0 ]; then
  set -- tests/e2e/*.test.mjs
fi
mkdir -p docs
set +e
BASE_URL="$base_url" EXPIRING_BASE_URL="$expiring_url" SCREENSHOT="docs/webchat.png" \
  node --test --test-reporter=tap "$@"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  # The host logs rule codes and ids, never patients' words.
  for name in main expiring; do
    echo "--- last lines of the ${name} host's log" >&2
    tail -n 40 "$work/$name.log" >&2
  done
fi
exit "$status"
