#!/usr/bin/env bash
# Starts a throwaway PostgreSQL/PostGIS server (Debian's packages, installed
# if missing) listening only on a Unix socket in $ZONAGE_PG_DIR, and prints
# its connection string, for the PostGIS tests and benchmarks:
#   export ZONAGE_PG_URL="$(.ci/postgis.sh)"
# Stop it with: .ci/postgis.sh stop
set -euo pipefail
dir=${ZONAGE_PG_DIR:-/tmp/zonage-pg}
port=${ZONAGE_PG_PORT:-5499}

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
  echo "== installing postgresql and postgis" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgis >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

if [ "${1:-}" = stop ]; then
  run_as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  exit 0
fi

if ! run_as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  run_as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  # A test server: no durability, nothing listening on the network.
  run_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
fi
psql=("$bin/psql" -q -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'zonage_test'" | grep -q 1 \
  || "${psql[@]}" -d postgres -c "CREATE DATABASE zonage_test" >&2
"${psql[@]}" -d zonage_test -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2
echo "host=$dir port=$port user=postgres dbname=zonage_test"
