#!/usr/bin/env python3
"""The spatial join alone, zonage against GeoPandas sjoin (shapely 2), in one run.

Same files (../shared/geodata/occitanie), same work: the job-seekers with
coordinates, read from Lambert-93 and converted to WGS84, joined to the 4,485
communes and to the 105 QPVs (Lambert-93 shapefile converted to WGS84).
Loading and reprojection are not timed on either side; building the spatial
index and joining are. GeoPandas uses predicate="intersects" so that, like
zonage, a point on a boundary counts for the zone. Median of 5 runs each.

Usage: python3 bench/sjoin_vs_geopandas.py [DATA_DIR]
Needs: pip install geopandas shapely pyogrio pyproj (versions are printed).
"""
import json, os, statistics, subprocess, sys, time

import geopandas as gpd
import pandas as pd
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "geodata")


def load():
    occ = os.path.join(DATA, "occitanie")
    communes = gpd.read_file(os.path.join(occ, "communes.geojson"))[["code", "geometry"]]
    qpv = gpd.read_file(os.path.join(occ, "qpv_2015_lambert93", "QP_OCCITANIE_LB93.shp")).to_crs(4326)[["CODE_QP", "geometry"]]
    df = pd.read_csv(os.path.join(occ, "demandeurs_emploi_synthetiques.csv"), usecols=["x", "y"]).dropna()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df.x, df.y), crs=2154).to_crs(4326)
    return points, {"communes": communes, "qpv": qpv}


def geopandas_join(points, zones):
    times, pairs = [], 0
    for _ in range(5):
        start = time.perf_counter()
        joined = gpd.sjoin(points, zones, how="inner", predicate="intersects")
        times.append(time.perf_counter() - start)
        pairs = len(joined)
    return statistics.median(times), pairs


def zonage_join(threads):
    env = {**os.environ, "ZONAGE_DATA": DATA, "RAYON_NUM_THREADS": str(threads), "ZONAGE_NATIONAL": "0"}
    out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "join"], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=env)
    rows = map(json.loads, filter(None, out.stdout.splitlines()))
    return {r["zones"]: r for r in rows if r.get("method", "grid") == "grid"}


def main():
    print(f"geopandas {gpd.__version__}, shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
          f"{os.cpu_count()} cores")
    points, layers = load()
    cores = os.cpu_count()
    ours = {1: zonage_join(1), cores: zonage_join(cores)}
    print("GeoPandas runs on one core; zonage is shown on one core and on all of them.")
    print(f"{'zones':<10}{'points':>9}{'pairs gpd':>10}{'pairs zng':>10}{'GeoPandas s':>12}"
          f"{'zonage 1 core':>15}{'zonage ' + str(cores) + ' cores':>16}")
    for name, zones in layers.items():
        seconds, pairs = geopandas_join(points, zones)
        one, all_ = ours[1][name], ours[cores][name]
        assert one["pairs"] == all_["pairs"]
        print(f"{name:<10}{len(points):>9}{pairs:>10}{one['pairs']:>10}{seconds:>12.3f}"
              f"{one['seconds']:>8.3f} ({seconds / one['seconds']:.1f}×)"
              f"{all_['seconds']:>8.3f} ({seconds / all_['seconds']:.1f}×)")


if __name__ == "__main__":
    main()
