#!/usr/bin/env bash
# A three-node exchange cluster on loopback: one etcd, three exchange-server nodes (hot standbys; etcd
# picks the primary). Ctrl-C stops everything. docs/replication.md explains what runs.
#
#   bash samples/cluster/start-cluster.sh                 # SyncReplicated, data in ./cluster-data
#   MODE=AsyncReplicated DATA=/tmp/c bash samples/cluster/start-cluster.sh
#
# Node n: gateway 127.0.0.1:700n, replication 710n, HTTP (health, metrics) 708n; logs in $DATA/node$n.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${DATA:-$PWD/cluster-data}
mode=${MODE:-SyncReplicated}
etcd_port=${ETCD_PORT:-2379}

if ! command -v etcd > /dev/null; then
  echo "etcd is not installed (Debian/Ubuntu: sudo apt-get install etcd-server)" >&2
  exit 1
fi

mkdir -p "$data"
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
}
trap cleanup INT TERM EXIT

# A short election timeout lets etcd grant a 1 s lease (its minimum is 1.5 election timeouts).
etcd --name exchange-etcd --data-dir "$data/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
  --initial-cluster "exchange-etcd=http://127.0.0.1:$((etcd_port + 1))" \
  --heartbeat-interval 50 --election-timeout 500 > "$data/etcd.log" 2>&1 &
pids+=($!)

dotnet build "$root/src/Exchange.Server" -c Release -v quiet -nologo > "$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
server="$root/src/Exchange.Server/bin/Release/net10.0/exchange-server.dll"
for n in 1 2 3; do
  dotnet "$server" --node-id "$n" --data-directory "$data/node$n" --port "700$n" --replication-port "710$n" --http-port "708$n" \
    --etcd-endpoints "http://127.0.0.1:$etcd_port" --replication "$mode" > "$data/node$n.log" 2>&1 &
  pids+=($!)
done

echo "etcd on 127.0.0.1:$etcd_port; nodes 1-3 on gateway ports 7001-7003 ($mode); logs in $data"
for _ in $(seq 1 240); do
  for n in 1 2 3; do
    if curl -fs "http://127.0.0.1:708$n/health/ready" > /dev/null 2>&1; then
      echo "node $n is the primary: clients connect to 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 (the SDKs try each in turn)"
      echo "Ctrl-C stops the cluster"
      wait
      exit 0
    fi
  done
  sleep 0.5
done
echo "no primary after 120 s; see $data/*.log" >&2
exit 1
