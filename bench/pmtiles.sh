#!/usr/bin/env bash
# PMTiles archives with `zonage tiles`: time and size for the Occitanie
# communes and for the communes of France (IGN Admin Express 2018, 35,357
# communes, overseas included), z0–14; then Martin serves the Occitanie
# archive and its tiles are compared with the live service's on the 341
# tiles of bench/tiles.txt (decompressed bytes), and both are load-tested
# with wrk (64 connections, gzip asked, as MapLibre does).
# Needs: wrk, Node.js and npm (the pmtiles package, installed in a scratch
# folder), and Martin 1.14 with its PMTiles source:
#   cargo install martin --version 1.14.0 --locked --no-default-features --features geojson,postgres,pmtiles
# (MARTIN=path/to/martin if it is not the one on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
MARTIN=${MARTIN:-$(command -v martin || echo ~/.cargo/bin/martin)}
MAX_ZOOM=${MAX_ZOOM:-14}
DURATION=${DURATION:-10s}
cargo build --release --quiet
BIN=target/release/zonage
WORK=$(mktemp -d /tmp/zonage-pmtiles.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT

echo "== Occitanie communes, z0–$MAX_ZOOM"
/usr/bin/time -f "   %e s wall, %U s user, %M KB peak" \
  "$BIN" tiles geodata/occitanie.toml --data "$DATA" --layer communes --max-zoom "$MAX_ZOOM" -q -o "$WORK/communes.pmtiles"

echo "== France communes (Admin Express 2018), z0–$MAX_ZOOM"
cat >"$WORK/france.toml" <<TOML
[territory]
name = "France"
source = "IGN – Admin Express 2018 ; INSEE ; ANCT"
[[zones]]
id = "communes"
label = "Communes"
file = "france/communes_2018.geojson"
code = "code"
name = "nom"
[[zones.attributes]]
file = "france/communes_population.csv"
key = "code"
columns = { population = "population" }
[[points]]
id = "mediation"
label = "Lieux de médiation numérique"
file = "france/lieux_mediation_numerique_2022.csv"
lon = "longitude"
lat = "latitude"
[[indicators]]
id = "population"
label = "Population"
unit = "habitants"
kind = "attribute"
attribute = "population"
[[indicators]]
id = "lieux_mediation"
label = "Lieux de médiation numérique"
unit = "lieux"
kind = "services"
points = ["mediation"]
TOML
/usr/bin/time -f "   %e s wall, %U s user, %M KB peak" \
  "$BIN" tiles "$WORK/france.toml" --data "$DATA" --layer communes --max-zoom "$MAX_ZOOM" -q -o "$WORK/france.pmtiles"

wait_port() { for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$1/$2" && return; sleep 0.1; done; }
"$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:18090 -q & PIDS+=($!)
"$MARTIN" --listen-addresses 127.0.0.1:13090 "$WORK/communes.pmtiles" >"$WORK/martin.log" 2>&1 & PIDS+=($!)
wait_port 18090 health; wait_port 13090 catalog

echo "== the archive served by Martin against the live tiles (bench/tiles.txt)"
same=0; empty=0; differ=0
for t in $(cat bench/tiles.txt); do
  live=$(curl -s -w '%{http_code}' -o "$WORK/live" "http://127.0.0.1:18090/tiles/communes/$t.mvt" || true)
  martin=$(curl -s --compressed -w '%{http_code}' -o "$WORK/martin" "http://127.0.0.1:13090/communes/$t" || true)
  if [ "$live" = 204 ] && [ "$martin" = 204 ]; then empty=$((empty + 1))
  elif [ "$live" = 200 ] && [ "$martin" = 200 ] && cmp -s "$WORK/live" "$WORK/martin"; then same=$((same + 1))
  else differ=$((differ + 1)); echo "   differs: $t (live $live, Martin $martin)"; fi
done
echo "   $same tiles identical, $empty empty in both, $differ different"

echo "== the archive read by the pmtiles JavaScript library (MapLibre's) against the live tiles"
npm install --prefix "$WORK/js" pmtiles@4 --no-audit --no-fund --loglevel=error >/dev/null
cp bench/pmtiles_read.mjs "$WORK/js/"
node "$WORK/js/pmtiles_read.mjs" "$WORK/communes.pmtiles" http://127.0.0.1:18090/tiles/communes bench/tiles.txt

echo "== throughput on the same list, gzip asked"
for target in "zonage live (warm cache):18090:/tiles/communes/:.mvt" "Martin on the PMTiles archive:13090:/communes/:"; do
  IFS=: read -r name port prefix suffix <<<"$target"
  for t in $(cat bench/tiles.txt); do curl -s -o /dev/null -H "Accept-Encoding: gzip" "http://127.0.0.1:$port$prefix$t$suffix"; done
  echo "-- $name"
  TILE_PREFIX=$prefix TILE_SUFFIX=$suffix wrk -t2 -c64 -d"$DURATION" --latency -H "Accept-Encoding: gzip" -s bench/tiles.lua "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|  50%|  99%|Non-2xx"
done
