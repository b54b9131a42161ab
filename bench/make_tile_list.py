#!/usr/bin/env python3
"""Writes bench/tiles.txt: a fixed list of z/x/y tiles over Occitanie, zooms 6
to 13, around the region's main towns (the tiles people actually look at).
Deterministic: the same list every time."""
import math, os

TOWNS = [(1.4437, 43.6045), (3.8767, 43.6108), (2.8948, 42.6887), (4.3601, 43.8367), (2.1480, 43.9277),
         (2.5734, 44.3506), (0.0781, 43.2328), (2.3491, 43.2130), (3.2150, 43.3442), (1.3530, 44.0176),
         (0.5857, 43.6460), (3.4993, 44.5181), (1.6041, 42.9653), (4.0226, 44.1281)]

def tile(lon, lat, z):
    n = 2 ** z
    lat = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n)

tiles = []
for z in range(6, 14):
    radius = 1 if z < 12 else 0
    for lon, lat in TOWNS:
        x0, y0 = tile(lon, lat, z)
        for dx in range(-radius, radius + 1):
            for dy in range(-radius, radius + 1):
                t = (z, x0 + dx, y0 + dy)
                if t not in tiles:
                    tiles.append(t)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiles.txt"), "w") as f:
    f.writelines(f"{z}/{x}/{y}\n" for z, x, y in tiles)
print(len(tiles), "tiles")
