#!/usr/bin/env bash
# Builds the real bot and the echo bot in Release, then runs the load test against both.
# Arguments go to the load generator, e.g.: tests/bench/run-load.sh --conversations 2000
# With --only echo the real bot is not built, so the generator can be checked while the host is unfinished.
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

dotnet run -c Release --project "$repo_root/tests/bench/LoadTest" -- "$@"
