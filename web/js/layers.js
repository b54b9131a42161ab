// The map's layers: an optional basemap, the parent layer's outlines for
// context, the choropleth from the server's PNG tiles (swapped without a
// blank: the old tiles stay until the new ones have loaded), the heavy
// outlines of the highest layer (départements), and the outline of one zone.

const scale = window.devicePixelRatio > 1 ? 2 : 1;

/** The background: the manifest's basemap, if any (none works offline). */
export function basemap(map, info) {
  if (!info.basemap) return null;
  return L.tileLayer(info.basemap.url, { attribution: info.basemap.attribution, maxZoom: 19 }).addTo(map);
}

/** Zoom buttons with French names. */
export function frenchZoom(map) {
  L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
}

/** A metric scale bar whose "5 km" keeps its number and unit together. */
export function frenchScale(map) {
  const scale = L.control.scale({ imperial: false, position: "bottomleft" });
  const update = scale._updateScale;
  scale._updateScale = function (element, text, ratio) {
    update.call(this, element, text.replace(" ", "\u00a0"), ratio);
  };
  return scale.addTo(map);
}

/** The layers above `layer`, nearest first, following the parent links. */
export function ancestors(info, layer) {
  const out = [];
  let current = info.zone_layers.find((z) => z.id === layer);
  while (current?.parent && !out.includes(current.parent) && current.parent !== layer) {
    out.push(current.parent);
    current = info.zone_layers.find((z) => z.id === current.parent);
  }
  return out;
}

/** Replaces `old` by `next` once `next` has loaded its tiles (no blank map). */
function swap(map, old, next) {
  next.addTo(map);
  if (!old) return next;
  const done = () => { if (map.hasLayer(old)) map.removeLayer(old); };
  next.once("load", done);
  setTimeout(done, 8000); // a tile that never comes must not keep both forever
  return next;
}

/** Choropleth and context tiles of a layer, replaced when the choice changes. */
export class Choropleth {
  constructor(map, info) {
    this.map = map;
    this.info = info;
    this.tiles = null;
    this.context = null;
    this.contextUrl = null;
  }

  /** Shows `indicator` on `layer` (classes by `method`), with the parent layer's outlines beneath. */
  show(layer, indicator, method = "quantiles") {
    const chain = ancestors(this.info, layer);
    const parent = chain.length > 1 && !this.info.basemap ? chain[0] : null;
    const contextUrl = parent ? `/tiles/${parent}/{z}/{x}/{y}.png?style=outlines&scale=${scale}` : null;
    if (contextUrl !== this.contextUrl) {
      if (this.context) this.map.removeLayer(this.context);
      this.context = contextUrl ? L.tileLayer(contextUrl, { maxZoom: 19, className: "context-tiles", zIndex: 0 }).addTo(this.map) : null;
      this.contextUrl = contextUrl;
    }
    const url = `/tiles/${layer}/{z}/{x}/{y}.png?indicator=${encodeURIComponent(indicator)}&method=${method}&scale=${scale}`;
    this.tiles = swap(this.map, this.tiles, L.tileLayer(url, { maxZoom: 19, className: "choropleth-tiles", zIndex: 2 }));
  }
}

/** The outlines of the highest layer above with several zones (départements), heavy, over the choropleth. */
export class Boundaries {
  constructor(map, info) {
    this.map = map;
    this.info = info;
    this.layer = null;
    this.id = null;
  }

  show(layer) {
    // The highest layer above with more than one zone: the départements, not the region's one outline.
    const many = (id) => (this.info.zone_layers.find((z) => z.id === id)?.zones ?? 0) > 1;
    const top = ancestors(this.info, layer).filter(many).at(-1) ?? null;
    if (top === this.id) return;
    if (this.layer) this.map.removeLayer(this.layer);
    this.id = top;
    this.layer = top ? L.tileLayer(`/tiles/${top}/{z}/{x}/{y}.png?style=boundaries&scale=${scale}`, { maxZoom: 19, className: "boundary-tiles", zIndex: 5 }).addTo(this.map) : null;
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
