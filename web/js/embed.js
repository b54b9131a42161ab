// The embed page: the map alone, for an <iframe> in a slide or a web page.
// Options in the address: layer, indicator, view, zone (outlined and
// framed), title, legend (1/0), zoom (buttons, 1/0), locked (1: the view
// cannot be moved).

import { getJson, zoneFeature } from "./api.js";
import { escape } from "./format.js";
import { LabelLayer } from "./labels.js";
import { basemap, Boundaries, Choropleth, frenchScale, frenchZoom } from "./layers.js";
import { legendControl } from "./legend.js";
import * as permalink from "./permalink.js";

const info = await getJson("/api/layers");
const q = new URLSearchParams(location.search);
const wanted = permalink.read();
const layer = info.zone_layers.some((z) => z.id === wanted.layer) ? wanted.layer : info.zone_layers[0].id;
const indicator = info.indicators.some((i) => i.id === wanted.indicator) ? wanted.indicator : info.indicators[0].id;
const locked = q.get("locked") === "1";
const map = L.map("map", {
  zoomControl: false,
  dragging: !locked, scrollWheelZoom: !locked, doubleClickZoom: !locked, boxZoom: !locked, keyboard: !locked, touchZoom: !locked,
});
if (q.get("zoom") !== "0" && !locked) frenchZoom(map);
map.attributionControl.setPrefix(false);
if (wanted.view) map.setView([wanted.view.lat, wanted.view.lng], wanted.view.zoom);
else map.fitBounds([[info.extent[1], info.extent[0]], [info.extent[3], info.extent[2]]]);
basemap(map, info);
const method = wanted.method ?? "quantiles";
new Choropleth(map, info).show(layer, indicator, method);
new Boundaries(map, info).show(layer);
new LabelLayer(map, info).show(layer);
if (wanted.zone) {
  const feature = await zoneFeature(layer, wanted.zone).catch(() => null);
  if (feature) {
    const outline = L.geoJSON(feature, { style: { color: "#000", weight: 3.5, fill: false }, interactive: false }).addTo(map);
    map.fitBounds(outline.getBounds(), { maxZoom: 15, padding: [30, 30] });
  }
}
if (q.get("title")) {
  const title = L.control({ position: "topleft" });
  title.onAdd = () => Object.assign(L.DomUtil.create("div", "embed-title"), { innerHTML: `<h1>${escape(q.get("title"))}</h1>` });
  title.addTo(map);
}
if (q.get("legend") !== "0") legendControl().addTo(map).show(layer, indicator, info, method);
else map.attributionControl.addAttribution(escape(`Sources\u00a0: ${info.source}${info.date ? `. Données\u00a0: ${info.date}` : ""}`));
frenchScale(map);
