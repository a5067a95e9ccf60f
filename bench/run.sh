#!/usr/bin/env bash
# Fan-out benchmark: the hub (embedded Grizzly, from target/ssehub-cli.jar) pinned to CPU 0, the load
# generator (src/test/java/io/ssehub/bench/FanoutLoad.java) pinned to CPU 1, loopback only.
# Usage: bench/run.sh [scenario ...]   where a scenario is SUBSCRIBERSxRATE, e.g. 1000x50 (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_SCENARIO=${SECONDS_PER_SCENARIO:-20}
scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  scenarios=(100x1000 1000x50 5000x10)
fi

mvn -B -q -o -DskipTests package test-compile >/dev/null
ulimit -n "$(ulimit -Hn)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

for scenario in "${scenarios[@]}"; do
  subscribers=${scenario%x*}
  rate=${scenario#*x}
  # The load comes from one address and one publisher: lift the per-address and publish-rate limits.
  SSEHUB_PORT=$port SSEHUB_HOST=127.0.0.1 SSEHUB_TICK_INTERVAL=0 SSEHUB_LOG_CAPACITY=100000 \
    SSEHUB_STREAMS_MAX=100000 SSEHUB_STREAMS_MAX_PER_ADDRESS=100000 SSEHUB_PUBLISH_RATE=1000000 SSEHUB_PUBLISH_BURST=1000000 \
    taskset -c 0 java -Xmx2g -cp target/ssehub-cli.jar io.ssehub.runtime.EmbeddedHub >target/bench-hub.log 2>&1 &
  hub=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  taskset -c 1 java -Xmx2g -cp target/test-classes:target/ssehub-cli.jar io.ssehub.bench.FanoutLoad \
    "http://127.0.0.1:$port/" "$hub" "$subscribers" "$rate" "$SECONDS_PER_SCENARIO"
  kill "$hub"; wait "$hub" || true
done
