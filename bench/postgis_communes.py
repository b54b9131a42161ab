#!/usr/bin/env python3
"""Prints SQL that loads a GeoJSON zone file into a PostGIS table, for the
tile comparison with Martin on PostGIS (bench/tiles_vs_martin.sh).

Usage: python3 bench/postgis_communes.py FILE.geojson TABLE | psql ...
The table keeps the file's WGS84 (SRID 4326) geometry, as a user loading
Admin Express would, with a GiST index; `code` and `nom` as text.
"""
import json
import sys

path, table = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    features = json.load(f)["features"]
out = sys.stdout
out.write("SET client_min_messages = warning;\nCREATE EXTENSION IF NOT EXISTS postgis;\n")
out.write(f"DROP TABLE IF EXISTS {table};\n")
out.write(f"CREATE TABLE {table} (code text, nom text, geom geometry(MultiPolygon, 4326));\n")
out.write(f"COPY {table} (code, nom, geom) FROM STDIN;\n")
for feature in features:
    props = feature["properties"]
    geom = feature["geometry"]
    if geom["type"] == "Polygon":
        geom = {"type": "MultiPolygon", "coordinates": [geom["coordinates"]]}
    # COPY reads a geometry column as EWKT text: `SRID=4326;MULTIPOLYGON(...)`.
    def ring(r):
        return "(" + ",".join(f"{x} {y}" for x, y, *_ in r) + ")"
    wkt = "MULTIPOLYGON(" + ",".join("(" + ",".join(ring(r) for r in poly) + ")" for poly in geom["coordinates"]) + ")"
    clean = lambda v: str(v).replace("\t", " ").replace("\n", " ").replace("\\", "\\\\")
    out.write(f"{clean(props.get('code', ''))}\t{clean(props.get('nom', ''))}\tSRID=4326;{wkt}\n")
out.write("\\.\n")
out.write(f"CREATE INDEX ON {table} USING gist (geom);\nANALYZE {table};\n")
