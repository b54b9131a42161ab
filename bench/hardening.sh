#!/usr/bin/env bash
# Hardening benchmarks (issue 9), release build, Occitanie manifest, loopback.
#  1. a 33 MB CSV and a 33 MB JSON body to POST /api/lookup: time to the 413
#     and the server's peak memory growth;
#  2. 8 concurrent 30 MB uploads (200,000 rows each) while wrk measures /health;
#  3. 2,000 uploads stalled after 64 KB: answers (408 after the time-out, 503
#     beyond the batch permits) and the server's memory while they hang; then
#     30 uploads stopped after 16 MB;
#  4. eviction: the tile list warm, then 50,000 distinct z14 tiles through a
#     64 MiB cache, then the tile list again (throughput kept within 20 %?);
#  5. /metrics size after 5,000 requests with made-up methods;
#  6. Jenks, cold, over 5,000 and 35,000 values (cargo bench --bench jenks).
# Needs: wrk, python3, curl. Run when `uptime` is low; repeat for the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
PORT=${PORT:-18090}
ulimit -n 65536 2>/dev/null || true
cargo build --release --quiet
BIN=target/release/zonage
rss() { awk '/VmRSS/ {print $2 / 1024}' /proc/$1/status; }
peak() { awk '/VmHWM/ {print $2 / 1024}' /proc/$1/status; }
wait_port() { for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && return; sleep 0.2; done; }
start() { "$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:$PORT -q "$@" & Z=$!; wait_port; }
stop() { kill $Z; wait $Z 2>/dev/null || true; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

python3 - "$TMP" <<'PY'
import sys, os
d = sys.argv[1]
with open(os.path.join(d, "big.csv"), "w") as f:
    f.write("lon,lat\n" + "1.4,43.6\n" * (33_000_000 // 9))
with open(os.path.join(d, "big.json"), "w") as f:
    f.write("[" + ",".join(['{"lon":1.4,"lat":43.6}'] * (33_000_000 // 23)) + "]")
with open(os.path.join(d, "z14.txt"), "w") as f:
    n = 0
    for x in range(8177, 8414):
        for y in range(2950, 3200):
            if n < 50_000:
                f.write(f"14/{x}/{y}\n"); n += 1
PY

echo "== 1. 33 MB bodies"
start
for kind in csv json; do
  before=$(rss $Z)
  ct=$([ $kind = csv ] && echo text/csv || echo application/json)
  curl -s -o /dev/null -w "$kind: HTTP %{http_code} in %{time_total} s" -H "Content-Type: $ct" --data-binary @"$TMP/big.$kind" "http://127.0.0.1:$PORT/api/lookup" || true
  echo ", RSS ${before} MB before, peak $(peak $Z) MB, $(rss $Z) MB after"
done
stop

echo "== 2. 8 concurrent 30 MB uploads, /health under wrk meanwhile"
start
python3 bench/hostile_clients.py uploads $PORT 8 30 4 & U=$!
sleep 1.5 # the client builds its 30 MB body first
wrk -t1 -c4 -d8s --latency "http://127.0.0.1:$PORT/health" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
wait $U
echo "peak RSS $(peak $Z) MB"
stop

stalled() { # uploads, bytes sent by each, seconds the client waits, seconds before reading RSS
  start
  local base; base=$(rss $Z)
  python3 bench/hostile_clients.py stalled $PORT "$1" "$2" "$3" & S=$!
  sleep "$4"; echo "RSS ${base} MB before, $(rss $Z) MB with $1 stalled uploads ($4 s in)"
  wait $S
  echo "RSS after: $(rss $Z) MB"
  stop
}
echo "== 3. 2,000 uploads stalled after 64 KB (body time-out 30 s)"
stalled 2000 65536 40 10
echo "== 3b. 30 uploads stopped after 16 MB (the audit's case)"
stalled 30 16000000 35 15

echo "== 4. tile cache eviction (8 MiB cache: the tile list takes 6 MB, the 50,000 z14 tiles 13 MB)"
start --tile-cache-mb 8
bench() { TILE_LIST=$1 wrk -t2 -c16 -d${2} --latency -s bench/tiles.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|  99%" | tr -s ' \n' ' '; echo; }
misses() { curl -s "http://127.0.0.1:$PORT/metrics" | grep -o 'result="miss"} [0-9]*' | cut -d' ' -f2; }
bench bench/tiles.txt 5s >/dev/null
for i in 1 2 3; do echo -n "-- tile list, warm: "; bench bench/tiles.txt 10s; done
echo -n "-- 50,000 distinct z14 tiles, 20 s: "; bench "$TMP/z14.txt" 20s
echo "misses so far: $(misses)"
for i in 1 2 3; do echo -n "-- tile list again: "; bench bench/tiles.txt 10s; done
echo "misses so far: $(misses) (the list is 341 tiles)"
stop

echo "== 5. metrics"
start
python3 bench/hostile_clients.py methods $PORT 5000
stop

echo "== 6. Jenks"
cargo bench --quiet --bench jenks 2>/dev/null | grep jenks
