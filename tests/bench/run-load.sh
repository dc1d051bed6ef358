#!/usr/bin/env bash
# Builds the real bot and the echo bot in Release, then runs the load test against both.
# Arguments go to the load generator, e.g.: tests/bench/run-load.sh --conversations 2000
# With --only echo the real bot is not built, so the generator can be checked while the host is unfinished.
# With --postgres auto the bot is also measured on PostgreSQL: a throwaway server (Debian's PostgreSQL, durable
# settings) is started on 127.0.0.1 for the run and removed afterwards, reached over TCP; --postgres socket starts the same
# throwaway server and reaches it over its Unix socket, as a bot sharing one host with its database would;
# --postgres CONNECTION uses an existing database.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

only=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --only) only="${args[i + 1]:-}" ;;
    --only=*) only="${args[i]#--only=}" ;;
  esac
done

if [[ "$only" != "echo" ]]; then
  dotnet build "$repo_root/src/BackPainBot/BackPainBot.csproj" -c Release --nologo -v quiet
fi
if [[ "$only" != "bot" ]]; then
  dotnet build "$repo_root/tests/bench/EchoBot/EchoBot.csproj" -c Release --nologo -v quiet
fi

for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[i]}" == "--postgres" && ( "${args[i + 1]:-}" == "auto" || "${args[i + 1]:-}" == "socket" ) ]]; then
    export PGTEST_PORT="${BENCH_PGTEST_PORT:-55450}" PGTEST_FSYNC=on
    export PGTEST_DIR
    PGTEST_DIR="$(mktemp -u /tmp/backpainbot-bench-pg.XXXXXX)"
    trap '"$repo_root/tests/support/postgres.sh" stop' EXIT
    "$repo_root/tests/support/postgres.sh" start >/dev/null
    psql -q -h 127.0.0.1 -p "$PGTEST_PORT" -U postgres -d postgres -c "CREATE DATABASE bpb_bench" >/dev/null
    host=127.0.0.1
    [[ "${args[i + 1]}" != "socket" ]] || host="$PGTEST_DIR/socket"
    args[i + 1]="Host=${host};Port=${PGTEST_PORT};Username=postgres;Database=bpb_bench"
  fi
done

dotnet run -c Release --project "$repo_root/tests/bench/LoadTest" -- "${args[@]}"
