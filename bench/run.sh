#!/usr/bin/env bash
# The benchmarks of the README's performance section, in one run:
#   1. the whole Occitanie manifest (load, join, compute, write the QPV report);
#   2. the spatial join alone against GeoPandas sjoin (bench/sjoin_vs_geopandas.py);
#   3. a generated national-scale territory (35,000 communes, 5 million job-seekers).
# Needs: hyperfine and GNU time (apt-get install hyperfine time), and for 2,
# pip install geopandas shapely pyogrio pyproj. Data: ../shared/geodata or $ZONAGE_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAGE_DATA:-../shared/geodata}
NATIONAL=${NATIONAL_DIR:-/tmp/zonage-national}

cargo build --release --quiet
BIN=target/release/zonage
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(lscpu | sed -n 's/Model name: *//p')"

echo "== 1. Occitanie: whole manifest, wall time and peak memory"
hyperfine --warmup 1 --runs 10 "$BIN report geodata/occitanie.toml --data $DATA --layer qpv -o /dev/null"
/usr/bin/time -f "peak memory: %M KB, wall: %e s" "$BIN" report geodata/occitanie.toml --data "$DATA" --layer qpv -o /dev/null

echo "== 1b. Hauts-de-France: whole manifest (QPV 2024, agency territories and départements built, QPV parts, series)"
hyperfine --warmup 1 --runs 10 "$BIN report geodata/hauts-de-france.toml --data $DATA --layer agences -o /dev/null"
/usr/bin/time -f "peak memory: %M KB, wall: %e s" "$BIN" report geodata/hauts-de-france.toml --data "$DATA" --layer agences -o /dev/null
"$BIN" report geodata/hauts-de-france.toml --data "$DATA" --layer agences -o /dev/null -v 2>&1 | sed 's/^.*INFO //'
python3 bench/qpv2024_vs_geopandas.py "$DATA"

echo "== 1c. The whole Occitanie report against GeoPandas doing the same work"
python3 bench/report_vs_geopandas.py "$DATA"
cargo bench --quiet --bench lambert

echo "== 2. The join alone, zonage against GeoPandas"
python3 bench/sjoin_vs_geopandas.py "$DATA"

echo "== 3. National scale (generated)"
[ -f "$NATIONAL/territoire.toml" ] || "$BIN" generate --out "$NATIONAL" --communes 35000 --seekers 5000000 --seed 7 >/dev/null
hyperfine --warmup 1 --runs 3 "$BIN report $NATIONAL/territoire.toml --layer communes -o /dev/null" \
  "$BIN report $NATIONAL/territoire.toml --layer communes --format json -o $NATIONAL/communes.json"
/usr/bin/time -f "peak memory: %M KB, wall: %e s" "$BIN" report "$NATIONAL/territoire.toml" --layer communes -o /dev/null
