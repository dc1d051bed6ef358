#!/usr/bin/env bash
# Teams test with the real client: the Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground) emulates
# Teams (channel msteams) against the bot built from this repository, and Debian's headless Chromium drives its page
# with Playwright. Everything listens on 127.0.0.1 only. Writes docs/teams.png. Prints node's TAP summary
# ("# pass N", "# fail N"); exits non-zero when a test fails. Needs Node.js, npm, the .NET SDK and /usr/bin/chromium
# (installed here with apt-get when missing; Playwright's own browser downloads are not used). Builds the host unless
# SKIP_BUILD=1; PORT and PLAYGROUND_PORT choose the ports (default: free ones).
set -euo pipefail
cd "$(dirname "$0")/../../.."

here="tests/e2e/playground"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the Teams test..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/BackPainBot --nologo -v quiet
fi

free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}

host_port="${PORT:-$(free_port)}"
playground_port="${PLAYGROUND_PORT:-$(free_port)}"
while [ "$playground_port" = "$host_port" ]; do
  playground_port="$(free_port)"
done
host_url="http://127.0.0.1:${host_port}"
playground_url="http://127.0.0.1:${playground_port}"

work="$(mktemp -d)"
host_pid=""
playground_pid=""
cleanup() {
  # Each runs in a process group of its own (setsid), so stopping the group stops what `dotnet run` started too.
  for pid in "$playground_pid" "$host_pid"; do
    if [ -n "$pid" ]; then
      kill -- "-${pid}" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

logs() {
  for log in "$work"/*.log; do
    echo "--- $(basename "$log") (last lines)" >&2
    tail -n 40 "$log" >&2
  done
}

wait_for() { # url pid
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$2" 2>/dev/null; then
      logs
      echo "stopped before it answered at $1" >&2
      return 1
    fi
    sleep 0.5
  done
  logs
  echo "no answer at $1 within 60 s" >&2
  return 1
}

Storage__DataDirectory="$work/data" setsid dotnet run --project src/BackPainBot --no-build -- --urls "$host_url" \
  >"$work/host.log" 2>&1 &
host_pid=$!
wait_for "${host_url}/healthz" "$host_pid"

# The Playground has no option for its listening address and binds every interface; loopback.cjs, preloaded, binds
# it to 127.0.0.1. It runs in the temporary folder so that nothing it writes lands in the repository.
(
  cd "$work"
  TEAMSAPPTESTER_BROWSER=none \
  M365_AGENTS_PLAYGROUND_LOGFILE="$work/playground.log" \
  M365_AGENTS_PLAYGROUND_CONFIG_PATH="$OLDPWD/$here/playground.yml" \
  exec setsid node --require "$OLDPWD/$here/loopback.cjs" \
    "$OLDPWD/$here/node_modules/@microsoft/m365agentsplayground/cli.js" \
    --app-endpoint "${host_url}/api/messages" --channel-id msteams --port "$playground_port" --disable-telemetry
) >"$work/playground-console.log" 2>&1 &
playground_pid=$!
wait_for "$playground_url/" "$playground_pid"

mkdir -p docs
status=0
PLAYGROUND_URL="$playground_url" PLAYGROUND_PORT="$playground_port" PLAYGROUND_PID="$playground_pid" SCREENSHOT="docs/teams.png" \
  timeout 150 node --test --test-reporter=tap --test-timeout=60000 "$here/teams.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  logs
fi
exit "$status"
