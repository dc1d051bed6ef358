#!/usr/bin/env bash
# Fault and scale-out tests against real host processes on 127.0.0.1 (tests/e2e/faults/*.test.mjs, node's test runner,
# TAP summary lines for .ci/run):
#   kill9          kill -9 during booking confirmation, FAULT_TRIALS trials (default 50) on SQLite and PostgreSQL
#   multiinstance  two hosts on one PostgreSQL, one conversation alternating between them, Direct Line fan-out
#   outage         PostgreSQL stopped mid-traffic: 503 + Retry-After, readiness, recovery
# Starts its own throwaway PostgreSQL (tests/support/postgres.sh, port FAULTS_PGTEST_PORT, default 55440) when Debian's
# PostgreSQL is installed; without it the PostgreSQL parts report skipped, unless BACKPAINBOT_REQUIRE_POSTGRES=1 (CI).
# Needs Node.js 20+ only (no npm packages). FAULT_SEED replays the kill moments of an earlier run.
set -euo pipefail
cd "$(dirname "$0")/../../.."

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/BackPainBot
fi

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export PGTEST_PORT="${FAULTS_PGTEST_PORT:-55440}"
  export PGTEST_DIR
  PGTEST_DIR="$(mktemp -u /tmp/backpainbot-faults-pg.XXXXXX)"
  trap 'tests/support/postgres.sh stop' EXIT
  tests/support/postgres.sh start >/dev/null
  for db in faults multi outage; do
    psql -q -h 127.0.0.1 -p "$PGTEST_PORT" -U postgres -d postgres -c "CREATE DATABASE bpb_$db" >/dev/null
  done
  conn="Host=127.0.0.1;Port=${PGTEST_PORT};Username=postgres;Timeout=5"
  export BACKPAINBOT_TEST_POSTGRES_DB="${conn};Database=bpb_faults"
  export BACKPAINBOT_TEST_MULTI_DB="${conn};Database=bpb_multi"
  export BACKPAINBOT_TEST_OUTAGE_DB="${conn};Database=bpb_outage"
  export PGTEST_CONTROL="$PWD/tests/support/postgres.sh"
fi

if [ "$#" -eq 0 ]; then
  set -- tests/e2e/faults/*.test.mjs
fi
mkdir -p tests/bench/results
FAULT_REPORT="${FAULT_REPORT:-tests/bench/results/faults.json}" \
  node --experimental-websocket --test --test-concurrency=1 --test-reporter=tap "$@"
