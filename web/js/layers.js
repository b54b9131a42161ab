// The map's layers: an optional basemap, the parent layer's outlines for
// context, the choropleth from the server's PNG tiles, and the highlight of
// the zone under the pointer.

const scale = window.devicePixelRatio > 1 ? 2 : 1;

/** The background: the manifest's basemap, if any (none works offline). */
export function basemap(map, info) {
  if (!info.basemap) return null;
  return L.tileLayer(info.basemap.url, { attribution: info.basemap.attribution, maxZoom: 19 }).addTo(map);
}

/** Choropleth and context tiles of a layer, replaced when the choice changes. */
export class Choropleth {
  constructor(map, info) {
    this.map = map;
    this.info = info;
    this.tiles = null;
    this.context = null;
  }

  /** Shows `indicator` on `layer` (classes by `method`), with the parent layer's outlines beneath. */
  show(layer, indicator, method = "quantiles") {
    for (const old of [this.tiles, this.context]) if (old) this.map.removeLayer(old);
    const parent = this.info.zone_layers.find((z) => z.id === layer)?.parent;
    this.context = parent && !this.info.basemap
      ? L.tileLayer(`/tiles/${parent}/{z}/{x}/{y}.png?style=outlines&scale=${scale}`, { maxZoom: 19, className: "context-tiles" }).addTo(this.map)
      : null;
    const url = `/tiles/${layer}/{z}/{x}/{y}.png?indicator=${encodeURIComponent(indicator)}&method=${method}&scale=${scale}`;
    this.tiles = L.tileLayer(url, { maxZoom: 19, className: "choropleth-tiles" }).addTo(this.map);
  }
}

/** The outline of one zone (hovered or selected). */
export class Highlight {
  constructor(map, style) {
    this.map = map;
    this.style = style;
    this.layer = null;
    this.key = null;
  }

  /** Draws `feature` (GeoJSON) under `key`; nothing when it is already drawn. */
  show(key, feature) {
    if (key === this.key) return;
    this.clear();
    this.key = key;
    this.layer = L.geoJSON(feature, { style: this.style, interactive: false }).addTo(this.map);
  }

  clear() {
    if (this.layer) this.map.removeLayer(this.layer);
    this.layer = null;
    this.key = null;
  }
}
