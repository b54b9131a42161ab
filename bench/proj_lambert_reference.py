"""Writes tests/fixtures/proj_lambert.csv: PROJ's own figures for Lambert-93
(EPSG:2154) on a 100 x 100 grid over metropolitan France and Corsica, and for
the nine conic conformal zones CC42-CC50 (EPSG:3942-3950) on a 20 x 10 grid
each around their latitude, for tests/crs_reference.rs.

Run: python3 bench/proj_lambert_reference.py  (needs pyproj; PROJ's version
is written in the file's first line).
"""
import pathlib
import pyproj

out = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/proj_lambert.csv"
rows = []
to_l93 = pyproj.Transformer.from_crs(4326, 2154, always_xy=True)
for i in range(100):
    for j in range(100):
        lon = -5.2 + 14.8 * i / 99  # -5.2 to 9.6
        lat = 41.3 + 9.8 * j / 99  # 41.3 to 51.1
        x, y = to_l93.transform(lon, lat)
        rows.append((2154, lon, lat, x, y))
for zone in range(42, 51):
    t = pyproj.Transformer.from_crs(4326, 3900 + zone, always_xy=True)
    for i in range(20):
        for j in range(10):
            lon = -5.0 + 14.0 * i / 19
            lat = zone - 0.5 + 1.0 * j / 9
            x, y = t.transform(lon, lat)
            rows.append((3900 + zone, lon, lat, x, y))
with out.open("w") as f:
    f.write(f"# PROJ {pyproj.proj_version_str} (pyproj {pyproj.__version__}): epsg,lon,lat,x,y\n")
    for code, lon, lat, x, y in rows:
        f.write(f"{code},{lon:.10f},{lat:.10f},{x:.5f},{y:.5f}\n")
print(f"{len(rows)} points written to {out}")
