// The embed page: the map alone, for an <iframe> in a slide or a web page.
// Options in the address: layer, indicator, view, title, legend (1/0),
// zoom (buttons, 1/0), locked (1: the view cannot be moved).

import { getJson } from "./api.js";
import { escape } from "./format.js";
import { basemap, Choropleth } from "./layers.js";
import { legendControl } from "./legend.js";
import * as permalink from "./permalink.js";

const info = await getJson("/api/layers");
const q = new URLSearchParams(location.search);
const wanted = permalink.read();
const layer = info.zone_layers.some((z) => z.id === wanted.layer) ? wanted.layer : info.zone_layers[0].id;
const indicator = info.indicators.some((i) => i.id === wanted.indicator) ? wanted.indicator : info.indicators[0].id;
const locked = q.get("locked") === "1";
const map = L.map("map", {
  zoomControl: q.get("zoom") !== "0" && !locked,
  dragging: !locked, scrollWheelZoom: !locked, doubleClickZoom: !locked, boxZoom: !locked, keyboard: !locked, touchZoom: !locked,
});
map.attributionControl.setPrefix(false);
if (wanted.view) map.setView([wanted.view.lat, wanted.view.lng], wanted.view.zoom);
else map.fitBounds([[info.extent[1], info.extent[0]], [info.extent[3], info.extent[2]]]);
basemap(map, info);
const method = wanted.method ?? "quantiles";
new Choropleth(map, info).show(layer, indicator, method);
if (q.get("title")) {
  const title = L.control({ position: "topleft" });
  title.onAdd = () => Object.assign(L.DomUtil.create("div", "embed-title"), { innerHTML: escape(q.get("title")) });
  title.addTo(map);
}
if (q.get("legend") !== "0") legendControl().addTo(map).show(layer, indicator, info.source, method);
else map.attributionControl.addAttribution(escape(`Sources : ${info.source}`));
L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
