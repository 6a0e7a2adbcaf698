#!/usr/bin/env bash
# The exchange with its event stream on loopback: a nats-server with JetStream (port 4222, store in
# ./nats-data) and the exchange (gateway 7001, HTTP 7080, data in ./data) publishing every event to it.
# Ctrl-C stops both. docs/events.md explains what runs; watch the events with
#   dotnet run --project samples/Exchange.EventConsumer        or
#   python3 samples/python/events_consumer.py
#
#   bash samples/events/start-with-events.sh
#   NATS_PORT=4333 DATA=/tmp/x bash samples/events/start-with-events.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${DATA:-$PWD/data}
nats_data=${NATS_DATA:-$PWD/nats-data}
nats_port=${NATS_PORT:-4222}

nats=$(command -v nats-server || true)
[ -z "$nats" ] && [ -x /usr/sbin/nats-server ] && nats=/usr/sbin/nats-server
if [ -z "$nats" ]; then
  echo "nats-server is not installed (Debian/Ubuntu: sudo apt-get install nats-server)" >&2
  exit 1
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
}
trap cleanup INT TERM EXIT

"$nats" -js -a 127.0.0.1 -p "$nats_port" -sd "$nats_data" > "$PWD/nats-server.log" 2>&1 &
pids+=($!)
echo "nats-server on 127.0.0.1:$nats_port (JetStream store $nats_data, log ./nats-server.log)"

dotnet run --project "$root/src/Exchange.Server" -- --data-dir "$data" --events-url "nats://127.0.0.1:$nats_port" "$@" &
pids+=($!)
wait -n "${pids[@]}"
