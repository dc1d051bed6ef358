#!/usr/bin/env bash
# Browser test of the staff console with live takeover: builds the host, adds a staff account with the `staff add`
# command, starts the host on 127.0.0.1 with a temporary data folder, and drives two headless Chromium browsers (a
# patient in Web Chat on /, staff in the console on /staff) with Playwright. Writes docs/staff-console.png.
# Needs Node.js, npm and /usr/bin/chromium (apt-get install -y chromium); Playwright's own browser downloads are not used.
set -euo pipefail
cd "$(dirname "$0")/../../.."

port="${PORT:-5197}"
base_url="http://127.0.0.1:${port}"
staff_name="Dana"
staff_password="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser test..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The Web Chat bundle for the patient's page (the build fetches it too when it is missing).
[ -f src/BackPainBot/wwwroot/lib/webchat.js ] || (cd web && npm ci --no-audit --no-fund)
(cd tests/e2e/staff && npm ci --no-audit --no-fund)
dotnet build src/BackPainBot

data_dir="$(mktemp -d)"
log="$(mktemp)"
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then
    kill -- "-${host_pid}" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir" "$log"
}
trap cleanup EXIT

# The password goes in on standard input, as an operator would type it: never on the command line.
printf '%s\n' "$staff_password" | Storage__DataDirectory="$data_dir" timeout 120 dotnet run --project src/BackPainBot --no-build -- staff add "$staff_name"

# A process group of its own, so that stopping it stops the host that `dotnet run` started.
Storage__DataDirectory="$data_dir" setsid dotnet run --project src/BackPainBot --no-build -- --urls "$base_url" >"$log" 2>&1 &
host_pid=$!

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
status=0
BASE_URL="$base_url" STAFF_NAME="$staff_name" STAFF_PASSWORD="$staff_password" SCREENSHOT="docs/staff-console.png" \
  timeout 300 node --test tests/e2e/staff/staff.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- host log (ids and codes only, never patient text) ---" >&2
  tail -n 60 "$log" >&2
fi
exit "$status"
