#!/usr/bin/env bash
# Bad input at volume: starts the real host (Debug build) on 127.0.0.1 with a throwaway data folder and posts 10,000
# seeded, generated malformed requests to /api/messages and the Direct Line endpoints, then checks that none got a 5xx,
# that the host still serves patients, that its memory stayed bounded and that it stops cleanly on SIGTERM. Prints the
# figures and TAP ending in "# pass N" / "# fail N" (.ci/run adds those up). Builds first unless SKIP_BUILD=1.
# Options go to the fuzzer, e.g.: tests/fuzz/run.sh --seed 7 --requests 20000   (see tests/fuzz/README.md)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/BackPainBot --nologo -v quiet
  dotnet build tests/fuzz/Fuzz --nologo -v quiet
fi

exec timeout --kill-after=10 300 dotnet tests/fuzz/Fuzz/bin/Debug/net10.0/Fuzz.dll "$@"
