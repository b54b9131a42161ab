#!/usr/bin/env bash
# Raster tiles and static maps over Occitanie: the 341 tiles of
# bench/tiles.txt as PNG (64 connections, wrk, tile cache off then warm), and
# static maps timed with hyperfine (curl, one request at a time).
# Needs: wrk, hyperfine (apt-get install wrk hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
DURATION=${DURATION:-15s}
cargo build --release --quiet
BIN=target/release/zonage
PNG=".png?indicator=part_non_autonomes"

run() { # name, suffix
  for t in $(cat bench/tiles.txt); do curl -s -o /dev/null "http://127.0.0.1:18080/tiles/communes/$t$2"; done # warm-up pass
  echo "== $1"
  TILE_PREFIX=/tiles/communes/ TILE_SUFFIX=$2 wrk -t2 -c64 -d"$DURATION" --latency -s bench/tiles.lua http://127.0.0.1:18080 \
    | grep -E "Requests/sec|  50%|  99%|Non-2xx"
}
wait_port() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:18080/health" && return; sleep 0.2; done; }

"$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:18080 --no-tile-cache -q & Z=$!
wait_port; run "PNG tiles, tile cache off" "$PNG"; run "PNG tiles @2x, tile cache off" "$PNG&scale=2"; kill $Z; wait $Z 2>/dev/null || true
"$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:18080 -q & Z=$!
wait_port; run "PNG tiles, tile cache warm" "$PNG"
M=http://127.0.0.1:18080/api/map
hyperfine -N --warmup 2 --runs 10 \
  -n "communes.png 1600×900 (region)" "curl -s -o /dev/null '$M/communes.png?indicator=score_exclusion_numerique'" \
  -n "communes.svg 1600×900 (region)" "curl -s -o /dev/null '$M/communes.svg?indicator=score_exclusion_numerique'" \
  -n "qpv.png 1920×1080, one zone, all points" "curl -s -o /dev/null '$M/qpv.png?indicator=part_non_autonomes&zone=QP031003&points=all&width=1920&height=1080'" \
  -n "communes.png 3840×2160 (region)" "curl -s -o /dev/null '$M/communes.png?indicator=non_autonomes&width=3840&height=2160'"
kill $Z; wait $Z 2>/dev/null || true
