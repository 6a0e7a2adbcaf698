#!/usr/bin/env bash
# Time from process start to "Exchange ready" of the real server on a data folder, then kill -9; N runs.
# Build first: dotnet build Exchange.sln -c Release. A long history to try it on:
#   dotnet run -c Release --project perf/Exchange.LatencyHarness -- restart --histories 10000000 --rounds 1 --keep-data /tmp/history-10m
# Usage: perf/scripts/restart-to-ready.sh <data-dir> [runs]
set -euo pipefail
dir=${1:?usage: restart-to-ready.sh <data-dir> [runs]}
runs=${2:-3}
server="$(dirname "$0")/../../src/Exchange.Server/bin/Release/net10.0/exchange-server.dll"
[ -f "$server" ] || { echo "build first: dotnet build Exchange.sln -c Release" >&2; exit 2; }
for i in $(seq 1 "$runs"); do
  log=$(mktemp)
  start=$(date +%s%N)
  dotnet "$server" --data-dir "$dir" --port 0 --http-port 0 --seed-demo false > "$log" 2>&1 &
  pid=$!
  until grep -q "Exchange ready" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the server exited:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: $(( (end - start) / 1000000 )) ms from process start to ready; $(grep -o '[0-9]* commands replayed' "$log")"
  rm -f "$log"
done
