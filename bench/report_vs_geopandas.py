#!/usr/bin/env python3
"""The whole Occitanie report, zonage against GeoPandas, in one run.

Same files (../shared/geodata), same work as `zonage report
geodata/occitanie.toml --layer qpv`: read the 4,485 communes (GeoJSON), the
105 QPVs (Lambert-93 shapefile), the 616,032 job-seekers (CSV in Lambert-93)
and the help places (mediation places and France Services, CSV in WGS84;
agencies, GeoJSON); join the job-seekers to the QPVs and the communes; the
distance of each job-seeker to the nearest mediation place or France
Service; per zone: job-seekers, those not autonomous online, their share,
median and 90th-percentile distance, share beyond 10 km, places inside; write
the QPV table as CSV. GeoPandas works in Lambert-93 metres (planar distances
from a spatial index, the fastest it offers); zonage converts everything to
WGS84 and measures great-circle distances, so it does a little more.

Wall time of whole runs, reading included, on both sides: zonage with
hyperfine-like repeats of the release binary, GeoPandas in this process.
Prints the median and the spread of each and the ratio.

Usage: python3 bench/report_vs_geopandas.py [DATA_DIR] [RUNS]
Needs: pip install geopandas shapely pyogrio pyproj; cargo build --release.
"""
import os, statistics, subprocess, sys, time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "geodata")
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def read():
    occ, fr = os.path.join(DATA, "occitanie"), os.path.join(DATA, "france")
    communes = gpd.read_file(os.path.join(occ, "communes.geojson"))[["code", "geometry"]].to_crs(2154)
    qpv = gpd.read_file(os.path.join(occ, "qpv_2015_lambert93", "QP_OCCITANIE_LB93.shp"))[["CODE_QP", "geometry"]]
    qpv = qpv.set_crs(2154, allow_override=True)
    seekers = pd.read_csv(os.path.join(occ, "demandeurs_emploi_synthetiques.csv"),
                          usecols=["x", "y", "autonomie_numerique"]).dropna(subset=["x", "y"])
    seekers = gpd.GeoDataFrame(seekers, geometry=gpd.points_from_xy(seekers.x, seekers.y), crs=2154)
    places = []
    for name in ["lieux_mediation_numerique_2022.csv", "france_services_2024.csv"]:
        df = pd.read_csv(os.path.join(fr, name), usecols=["latitude", "longitude"]).dropna()
        places.append(gpd.GeoDataFrame(geometry=gpd.points_from_xy(df.longitude, df.latitude), crs=4326))
    help_ = pd.concat(places, ignore_index=True).to_crs(2154)
    return communes, qpv, seekers, help_


def per_zone(joined, key, distance):
    g = joined.assign(non=joined.autonomie_numerique != "autonome", d=distance[joined.index] / 1000)
    out = g.groupby(key).agg(demandeurs=("non", "size"), non_autonomes=("non", "sum"),
                             distance_km=("d", "median"),
                             distance_p90_km=("d", lambda s: s.quantile(0.9)),
                             beyond=("d", lambda s: (s > 10).mean() * 100))
    out["part_non_autonomes"] = out.non_autonomes / out.demandeurs * 100
    return out


def geopandas_report():
    start = time.perf_counter()
    communes, qpv, seekers, help_ = read()
    # Nearest help place of every job-seeker, from the places' spatial index.
    _, distance = help_.sindex.nearest(seekers.geometry, return_distance=True, return_all=False)
    distance = pd.Series(distance, index=seekers.index)
    rows = []
    for zones, key in [(qpv, "CODE_QP"), (communes, "code")]:
        joined = gpd.sjoin(seekers, zones, how="inner", predicate="intersects")
        table = per_zone(joined, key, distance)
        inside = gpd.sjoin(help_, zones, how="inner", predicate="intersects").groupby(key).size()
        rows.append(table.join(inside.rename("lieux"), how="left"))
    rows[0].to_csv(os.devnull)
    return time.perf_counter() - start


def zonage_report():
    binary = os.path.join(ROOT, "target", "release", "zonage")
    start = time.perf_counter()
    subprocess.run([binary, "report", "geodata/occitanie.toml", "--data", DATA, "--layer", "qpv",
                    "-o", os.devnull, "-q"], cwd=ROOT, check=True)
    return time.perf_counter() - start


def spread(times):
    return f"median {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


def main():
    print(f"geopandas {gpd.__version__}, shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
          f"pandas {pd.__version__}, numpy {np.__version__}, {os.cpu_count()} cores, {RUNS} runs each, interleaved")
    zonage_report(), geopandas_report()  # warm the file cache
    ours, theirs = [], []
    for _ in range(RUNS):
        ours.append(zonage_report())
        theirs.append(geopandas_report())
    print(f"zonage report:    {spread(ours)}")
    print(f"GeoPandas:        {spread(theirs)}")
    print(f"ratio (medians):  {statistics.median(theirs) / statistics.median(ours):.1f}×")


if __name__ == "__main__":
    main()
