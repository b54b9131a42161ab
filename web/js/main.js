// The map application: wiring of the map, its controls and panels.

import { getJson, zoneAt, zoneFeature, zoneTable } from "./api.js";
import { embedDialog, exportDialog } from "./dialogs.js";
import { escape, value } from "./format.js";
import { showHotspots } from "./hotspots.js";
import { basemap, Choropleth, Highlight } from "./layers.js";
import { legendControl } from "./legend.js";
import * as permalink from "./permalink.js";
import { Places } from "./points.js";
import { searchBox } from "./search.js";
import { showSheet } from "./sheet.js";

const info = await getJson("/api/layers");
const byId = (id) => document.getElementById(id);
byId("territory").textContent = `zonage · ${info.territory}`;

const initial = permalink.read();
const state = {
  layer: pick(initial.layer, info.zone_layers.map((z) => z.id), info.zone_layers.find((z) => z.parent)?.id),
  indicator: pick(initial.indicator, info.indicators.map((i) => i.id), "score_exclusion_numerique"),
  zone: null,
  view: initial.view,
  method: initial.method ?? "quantiles",
};

/** `wanted` if it is one of `valid`, else `fallback` if valid, else the first. */
function pick(wanted, valid, fallback) {
  if (valid.includes(wanted)) return wanted;
  return valid.includes(fallback) ? fallback : valid[0];
}

const map = L.map("map", { zoomSnap: 1, minZoom: 4, maxZoom: 18, attributionControl: true });
map.attributionControl.setPrefix(false);
if (state.view) map.setView([state.view.lat, state.view.lng], state.view.zoom);
else map.fitBounds([[info.extent[1], info.extent[0]], [info.extent[3], info.extent[2]]]);
basemap(map, info);
const choropleth = new Choropleth(map, info);
const legend = legendControl().addTo(map);
L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
const places = new Places(map, info);
places.control().addTo(map);
const hover = new Highlight(map, { color: "#212121", weight: 1.5, fill: false });
const selected = new Highlight(map, { color: "#000", weight: 3.5, fill: false });

fillSelects();
apply();
map.on("moveend", () => {
  const c = map.getCenter();
  state.view = { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
  permalink.write(state);
});
wireHover();
map.on("click", async (e) => {
  const zone = await zoneAt(state.layer, e.latlng).catch(report);
  if (zone) selectZone(state.layer, zone.code, false);
});
byId("hotspots-button").addEventListener("click", toggleHotspots);
for (const button of document.querySelectorAll("[data-close]")) {
  button.addEventListener("click", () => (button.dataset.close === "sheet" ? closeSheet() : toggleHotspots()));
}
searchBox(info, (layer, code) => selectZone(layer, code, true)).catch(report);
embedDialog(() => state);
exportDialog(() => state, () => map.getBounds(), () => places.shown());
if (initial.zone) selectZone(state.layer, initial.zone, !initial.view);

function fillSelects() {
  byId("layer").innerHTML = info.zone_layers.map((z) => `<option value="${z.id}">${escape(z.label)}</option>`).join("");
  byId("indicator").innerHTML = info.indicators.map((i) => `<option value="${i.id}">${escape(i.label)}${i.unit ? ` (${escape(i.unit)})` : ""}</option>`).join("");
  byId("layer").value = state.layer;
  byId("indicator").value = state.indicator;
  byId("layer").addEventListener("change", (e) => { state.layer = e.target.value; closeSheet(); apply(); });
  byId("indicator").addEventListener("change", (e) => { state.indicator = e.target.value; apply(); });
}

/** Shows the chosen layer and indicator everywhere. */
function apply() {
  choropleth.show(state.layer, state.indicator, state.method);
  const chooseMethod = (method) => { state.method = method; apply(); };
  legend.show(state.layer, state.indicator, info.source, state.method, chooseMethod).catch(report);
  const meta = info.indicators.find((i) => i.id === state.indicator);
  byId("description").textContent = meta.description ? `${meta.label} : ${meta.description}` : meta.label;
  if (!byId("hotspots").hidden) showHotspots(info, state.layer, state.indicator, (l, c) => selectZone(l, c, true)).catch(report);
  permalink.write(state);
}

/** Opens the sheet of a zone, outlines it, and zooms to it when `fit`. */
async function selectZone(layer, code, fit) {
  if (layer !== state.layer) {
    state.layer = layer;
    byId("layer").value = layer;
    apply();
  }
  try {
    const feature = await showSheet(info, layer, code);
    selected.show(`${layer}/${code}`, feature);
    map.invalidateSize();
    if (fit) map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 15, padding: [30, 30] });
    state.zone = code;
    permalink.write(state);
  } catch (e) {
    report(e);
  }
}

function closeSheet() {
  byId("sheet").hidden = true;
  selected.clear();
  state.zone = null;
  map.invalidateSize();
  permalink.write(state);
}

function toggleHotspots() {
  const panel = byId("hotspots");
  panel.hidden = !panel.hidden;
  byId("hotspots-button").setAttribute("aria-expanded", String(!panel.hidden));
  map.invalidateSize();
  if (!panel.hidden) showHotspots(info, state.layer, state.indicator, (l, c) => selectZone(l, c, true)).catch(report);
}

/** The zone under the pointer: outlined, named, with its value (one look-up at a time). */
function wireHover() {
  const tooltip = L.tooltip({ className: "zone-tip", direction: "top", offset: [0, -10] });
  let busy = false, last = null;
  map.on("mousemove", async (e) => {
    last = e.latlng;
    if (busy) return;
    busy = true;
    try {
      const at = last;
      const zone = await zoneAt(state.layer, at);
      if (!zone) { hover.clear(); map.closeTooltip(tooltip); return; }
      const row = (await zoneTable(state.layer)).get(zone.code);
      const meta = info.indicators.find((i) => i.id === state.indicator);
      tooltip.setLatLng(at).setContent(`<strong>${escape(zone.name)}</strong><br>${escape(meta.label)} : ${value(row.indicators[state.indicator], meta.unit)}`);
      map.openTooltip(tooltip);
      hover.show(`${state.layer}/${zone.code}`, await zoneFeature(state.layer, zone.code));
    } catch (err) {
      report(err);
    } finally {
      busy = false;
    }
  });
  map.on("mouseout", () => { hover.clear(); map.closeTooltip(tooltip); });
}

/** Shows a problem to the user (the service's French message). */
function report(error) {
  const line = byId("description");
  line.textContent = `⚠ ${error.message}`;
  line.setAttribute("role", "alert");
}
