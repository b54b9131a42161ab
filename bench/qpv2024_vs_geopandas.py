#!/usr/bin/env python3
"""Per-QPV job-seeker counts on Hauts-de-France (QPV 2024), zonage against
GeoPandas, in one run, and the time each takes for the same work.

Same files (../shared/geodata/hauts-de-france): the synthetic job-seekers
with coordinates (WGS84), the 204 QPVs of 2024 and the 3,808 communes. The
rule compared is zonage's: a job-seeker is in a QPV when inside its outline
(points on the boundary count, `intersects`) *and* in one of the communes
its official list `insee_communes` names. GeoPandas does it with two
`sjoin`s and a filter; zonage with `zonage report --layer qpv` (whole
manifest: it also builds the agency territories and every indicator, so its
time is an upper bound of the join's).

Usage: python3 bench/qpv2024_vs_geopandas.py [DATA_DIR]
Needs: pip install geopandas shapely pyogrio pyproj; a release build.
"""
import csv, io, os, subprocess, sys, time

import geopandas as gpd
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "geodata")
HDF = os.path.join(DATA, "hauts-de-france")


def geopandas_counts():
    start = time.perf_counter()
    qpv = gpd.read_file(os.path.join(HDF, "qpv_2024.geojson"))[["code_qp", "insee_communes", "geometry"]]
    communes = gpd.read_file(os.path.join(HDF, "communes.geojson"))[["code", "geometry"]]
    df = pd.read_csv(os.path.join(HDF, "demandeurs_emploi_synthetiques.csv"), usecols=["longitude", "latitude"]).dropna()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df.longitude, df.latitude), crs=4326)
    in_qpv = gpd.sjoin(points, qpv, how="inner", predicate="intersects")[["code_qp", "insee_communes"]]
    in_commune = gpd.sjoin(points, communes, how="inner", predicate="intersects")[["code"]]
    both = in_qpv.join(in_commune, how="inner")
    kept = both[[c in l.split("|") for c, l in zip(both.code, both.insee_communes)]]
    counts = kept.reset_index().drop_duplicates(["index", "code_qp"]).groupby("code_qp").size()
    return counts.to_dict(), time.perf_counter() - start


def zonage_counts():
    start = time.perf_counter()
    out = subprocess.run([os.path.join(ROOT, "target/release/zonage"), "report", os.path.join(ROOT, "geodata/hauts-de-france.toml"),
                          "--data", DATA, "--layer", "qpv", "-q"], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rows = csv.DictReader(io.StringIO(out.stdout))
    return {r["code"]: r["demandeurs"] for r in rows}, seconds


def main():
    print(f"geopandas {gpd.__version__}, {os.cpu_count()} cores")
    theirs, gpd_s = geopandas_counts()
    ours, zonage_s = zonage_counts()
    same = sum(1 for code, n in ours.items() if n != "s" and int(n) == theirs.get(code, 0))
    secret = sum(1 for n in ours.values() if n == "s")
    differ = [(code, n, theirs.get(code, 0)) for code, n in ours.items() if n != "s" and int(n) != theirs.get(code, 0)]
    print(f"QPVs: {len(ours)}; same count: {same}; masked by secrecy: {secret}; different: {len(differ)} {differ[:5]}")
    print(f"job-seekers in a QPV: zonage {sum(int(n) for n in ours.values() if n != 's')}, GeoPandas {sum(theirs.values())}")
    print(f"time: GeoPandas {gpd_s:.2f} s (read + 2 sjoin + filter), zonage {zonage_s:.2f} s (whole manifest) → {gpd_s / zonage_s:.1f}×")


if __name__ == "__main__":
    main()
