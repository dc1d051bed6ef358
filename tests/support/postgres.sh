#!/usr/bin/env bash
# A throwaway PostgreSQL server for the storage tests, on 127.0.0.1 only, in a fresh data directory.
#
#   eval "$(tests/support/postgres.sh start)"   # prints the export lines for BACKPAINBOT_TEST_POSTGRES
#   tests/support/postgres.sh stop              # stops it and deletes its data directory
#   tests/support/postgres.sh halt|resume       # an outage: stops it at once (like a crash), then starts it again
#
# Uses Debian's PostgreSQL (apt-get install postgresql); .ci/run installs it. As root the server runs as the
# 'postgres' account (PostgreSQL refuses to run as root). fsync is off: the tests kill the bot, never the server,
# and a throwaway server needs no crash safety; PGTEST_FSYNC=on keeps PostgreSQL's durable defaults (benchmarks).
# PGTEST_PORT (default 55432) and PGTEST_DIR choose where.
set -euo pipefail

port="${PGTEST_PORT:-55432}"
dir="${PGTEST_DIR:-/tmp/backpainbot-pgtest-$port}"
durability="-c fsync=off -c full_page_writes=off"
[ "${PGTEST_FSYNC:-off}" != on ] || durability=""
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server_start() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket $durability -c max_connections=400" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case "${1:-}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir"
      mkdir -p "$dir/data" "$dir/socket"
      [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$dir"
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      server_start
    fi
    echo "export BACKPAINBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  resume)
    server_start
    ;;
  *)
    echo "usage: $0 start|stop|halt|resume" >&2
    exit 2
    ;;
esac
