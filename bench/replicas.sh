#!/usr/bin/env bash
# Stateless replicas behind a cache, load-tested on loopback:
#   PostgreSQL/PostGIS (a throwaway server, .ci/postgis.sh) holding the
#   Occitanie reference data → 2 zonage replicas on geodata/occitanie-postgis.toml
#   → nginx with deploy/nginx-zonage.conf → wrk, 64 connections.
# Measures, each with wrk's throughput, p50/p99 and errors:
#   1. one replica alone, no nginx: the tile list (bench/tiles.txt), then the
#      API mix (bench/api_mix.lua: lookups at random places, tiles, tables);
#   2. the same through nginx and 2 replicas, with the cache hit ratio from
#      nginx's log;
#   3. the API mix through nginx while one replica is killed (SIGKILL) a
#      third of the way through and restarted: every request must succeed.
# Also checks that both replicas give the same ETag for the same request.
# Needs: wrk, nginx, postgresql, postgis (Debian; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
DURATION=${DURATION:-15}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

ZONAGE_PG_URL="$(.ci/postgis.sh)"
export ZONAGE_PG_URL
echo "== loading Occitanie into PostGIS (the PostGIS source's test: it also checks the report)"
cargo test --quiet --test integration sources::postgis::occitanie_from_postgis 2>&1 | grep "test result"
cargo build --release --quiet
BIN=target/release/zonage
WORK=$(mktemp -d /tmp/zonage-replicas.XXXXXX)
PIDS=()
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() { for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return; sleep 0.1; done; echo "port $1 never answered" >&2; exit 1; }
replica() { # port → starts a replica, its pid in REPLICA_PID
  "$BIN" serve geodata/occitanie-postgis.toml --data "$DATA" --bind "127.0.0.1:$1" -q >>"$WORK/replica-$1.log" 2>&1 &
  REPLICA_PID=$!
  PIDS+=("$REPLICA_PID")
}
load() { # name, url, script → wrk's summary lines
  echo "-- $1"
  local out
  out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -H "Accept-Encoding: gzip" -s "$3" "$2")
  echo "$out" | grep -E "Requests/sec|  50%|  99%|requests in"
  echo "$out" | grep -E "Non-2xx|Socket errors" || echo "   errors: none (no socket error, no answer outside 2xx/3xx)"
}

echo "== reading the 616,032 job-seekers: from PostGIS, then from the CSV file (zonage check -v, 3 runs each)"
for manifest in occitanie-postgis occitanie; do
  for _ in 1 2 3; do
    "$BIN" check "geodata/$manifest.toml" --data "$DATA" -v 2>&1 >/dev/null \
      | grep -o "reading point layer .demandeurs. .*" | sed "s/^/   $manifest: /"
  done
done

started=$(date +%s.%N)
replica 8081; R1=$REPLICA_PID
replica 8082; R2=$REPLICA_PID
wait_port 8081; wait_port 8082
echo "== 2 replicas loaded from PostGIS in $(echo "$(date +%s.%N) - $started" | bc) s (both at once, 2 cores)"

echo "== ETags of the same requests on the two replicas"
for path in /api/zones/communes /tiles/communes/10/515/373.mvt /api/legend/qpv/part_non_autonomes; do
  a=$(curl -s -D - -o /dev/null -H "Accept-Encoding: gzip" "http://127.0.0.1:8081$path" | grep -i '^etag' | tr -d '\r')
  b=$(curl -s -D - -o /dev/null -H "Accept-Encoding: gzip" "http://127.0.0.1:8082$path" | grep -i '^etag' | tr -d '\r')
  [ -n "$a" ] && [ "$a" = "$b" ] && echo "same   $path $a" || { echo "DIFFERENT $path: $a / $b"; exit 1; }
done

echo "== one replica, no nginx"
load "tile list" http://127.0.0.1:8081 bench/tiles.lua
load "API mix" http://127.0.0.1:8081 bench/api_mix.lua

sed "s#/var/cache/nginx/zonage#$WORK/cache#" deploy/nginx-zonage.conf >"$WORK/zonage.conf"
cat >"$WORK/nginx.conf" <<CONF
# Two cores for nginx, two replicas and wrk: one nginx worker.
worker_processes 1;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
  log_format cache '\$upstream_cache_status \$status \$upstream_addr';
  access_log $WORK/access.log cache;
  include $WORK/zonage.conf;
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:8080/health && break; sleep 0.1; done

echo "== nginx + 2 replicas"
: >"$WORK/access.log"
load "tile list" http://127.0.0.1:8080 bench/tiles.lua
hits=$(grep -c '^HIT ' "$WORK/access.log" || true); all=$(wc -l <"$WORK/access.log")
echo "   cache hit ratio on the tile list: $hits / $all = $(echo "scale=4; 100 * $hits / $all" | bc) %"
: >"$WORK/access.log"
load "API mix" http://127.0.0.1:8080 bench/api_mix.lua
hits=$(grep -c '^HIT ' "$WORK/access.log" || true); all=$(wc -l <"$WORK/access.log")
echo "   cache hit ratio on the API mix: $hits / $all = $(echo "scale=4; 100 * $hits / $all" | bc) %"

echo "== nginx + 2 replicas, replica :8081 killed at $((DURATION / 3)) s and restarted"
: >"$WORK/access.log"
( sleep $((DURATION / 3)); kill -9 "$R1"; echo "   killed :8081 at $(date +%T)";
  "$BIN" serve geodata/occitanie-postgis.toml --data "$DATA" --bind 127.0.0.1:8081 -q >>"$WORK/replica-8081.log" 2>&1 &
  echo $! >"$WORK/restarted.pid"; wait_port 8081; echo "   :8081 serving again at $(date +%T)" ) &
KILLER=$!
SEED=2 load "API mix" http://127.0.0.1:8080 bench/api_mix.lua
wait "$KILLER"; PIDS+=("$(cat "$WORK/restarted.pid")")
echo "   answers by status: $(awk '{print $2}' "$WORK/access.log" | sort | uniq -c | tr '\n' ' ')"
echo "   answered by: $(awk '{print $3}' "$WORK/access.log" | sort | uniq -c | sort -rn | head -4 | tr '\n' ' ')"
bad=$(awk '$2 >= 500' "$WORK/access.log" | wc -l)
echo "   errors (5xx) seen by clients: $bad"
grep -c "upstream" "$WORK/error.log" | sed 's/^/   upstream errors nginx recovered from (passed to the other replica): /'

echo "== the documented reload: data changed in PostGIS, then kill -HUP to each replica"
R1=$(cat "$WORK/restarted.pid")
version() { curl -s "http://127.0.0.1:$1/health" | sed 's/.*"version":"\([0-9a-f]*\)".*/\1/'; }
before=$(version 8081)
psql -q "$ZONAGE_PG_URL" -c "DELETE FROM occitanie.demandeurs WHERE rank = (SELECT max(rank) FROM occitanie.demandeurs)"
for pid in "$R1" "$R2"; do kill -HUP "$pid"; done
for _ in $(seq 100); do
  a=$(version 8081); b=$(version 8082)
  [ "$a" != "$before" ] && [ "$b" != "$before" ] && break
  sleep 0.2
done
echo "   version before: $before; after: :8081 $a, :8082 $b"
[ "$a" = "$b" ] && [ "$a" != "$before" ] || { echo "   the replicas do not agree on the new version"; exit 1; }
echo "   (the next run of this script loads the tables afresh)"
