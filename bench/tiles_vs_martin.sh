#!/usr/bin/env bash
# Vector tiles, zonage against Martin, side by side in one run, on the same
# communes.geojson and the same 341 tiles (bench/tiles.txt, z6–z13 around the
# region's towns), 64 connections with wrk on loopback.
# Every request asks for gzip, as browsers, MapLibre and QGIS do.
# Needs: wrk (apt-get install wrk) and Martin with its file and PostGIS sources:
#   cargo install martin --version 1.14.0 --locked --no-default-features --features geojson,postgres
# (its default features also clone maplibre-native from GitHub at build time).
# With PostgreSQL and PostGIS (apt-get install postgresql-15 postgresql-15-postgis-3;
# POSTGIS=0 skips that part), a throwaway cluster on loopback holds the same
# communes (bench/postgis_communes.py), and Martin serves them from it, as a
# production deployment would.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
MARTIN=${MARTIN:-$(command -v martin || echo ~/.cargo/bin/martin)}
DURATION=${DURATION:-15s}
cargo build --release --quiet
BIN=target/release/zonage

run() { # name, url prefix, suffix, port
  local name=$1 prefix=$2 suffix=$3 port=$4
  for t in $(cat bench/tiles.txt); do curl -s -o /dev/null -H "Accept-Encoding: gzip" "http://127.0.0.1:$port$prefix$t$suffix"; done # warm-up pass
  echo "== $name"
  TILE_PREFIX=$prefix TILE_SUFFIX=$suffix wrk -t2 -c64 -d"$DURATION" --latency -H "Accept-Encoding: gzip" -s bench/tiles.lua "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|  50%|  99%|Non-2xx"
}
wait_port() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/$2" && return; sleep 0.2; done; }

"$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:18080 --no-tile-cache -q & Z=$!
wait_port 18080 health; run "zonage, tile cache off" /tiles/communes/ .mvt 18080; kill $Z; wait $Z 2>/dev/null || true
"$BIN" serve geodata/occitanie.toml --data "$DATA" --bind 127.0.0.1:18080 -q & Z=$!
wait_port 18080 health; run "zonage, tile cache warm" /tiles/communes/ .mvt 18080; kill $Z; wait $Z 2>/dev/null || true
"$MARTIN" --listen-addresses 127.0.0.1:13000 --cache-size 0 "$DATA/occitanie/communes.geojson" >/dev/null 2>&1 & M=$!
wait_port 13000 catalog; run "martin, cache off" /communes/ "" 13000; kill $M; wait $M 2>/dev/null || true
"$MARTIN" --listen-addresses 127.0.0.1:13000 "$DATA/occitanie/communes.geojson" >/dev/null 2>&1 & M=$!
wait_port 13000 catalog; run "martin, cache warm" /communes/ "" 13000; kill $M; wait $M 2>/dev/null || true

[ "${POSTGIS:-1}" = 0 ] && exit 0
PG=/usr/lib/postgresql/15/bin
PGDIR=$(mktemp -d /tmp/zonage-pg.XXXXXX)
chown postgres "$PGDIR"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PG/initdb" -D "$PGDIR/data" -U zonage --auth=trust >/dev/null
as_pg "$PG/pg_ctl" -D "$PGDIR/data" -o "-p 15432 -k $PGDIR -c listen_addresses=127.0.0.1" -l "$PGDIR/log" -w start >/dev/null
trap 'as_pg "$PG/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null; rm -rf "$PGDIR"' EXIT
as_pg "$PG/createdb" -h 127.0.0.1 -p 15432 -U zonage zonage
python3 bench/postgis_communes.py "$DATA/occitanie/communes.geojson" communes \
  | psql -q -h 127.0.0.1 -p 15432 -U zonage zonage >/dev/null
URL=postgresql://zonage@127.0.0.1:15432/zonage
"$MARTIN" --listen-addresses 127.0.0.1:13000 --cache-size 0 "$URL" >/dev/null 2>&1 & M=$!
wait_port 13000 catalog; run "martin on PostGIS, cache off" /communes/ "" 13000; kill $M; wait $M 2>/dev/null || true
"$MARTIN" --listen-addresses 127.0.0.1:13000 "$URL" >/dev/null 2>&1 & M=$!
wait_port 13000 catalog; run "martin on PostGIS, cache warm" /communes/ "" 13000; kill $M; wait $M 2>/dev/null || true
