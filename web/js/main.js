// The map application: wiring of the map, its controls and panels.

import { getJson, zoneAt, zoneFeature, zoneTable } from "./api.js";
import { embedDialog, exportDialog } from "./dialogs.js";
import { escape, value } from "./format.js";
import { Hotspots } from "./hotspots.js";
import { LabelLayer } from "./labels.js";
import { basemap, Boundaries, Choropleth, frenchScale, frenchZoom, Highlight } from "./layers.js";
import { legendControl } from "./legend.js";
import * as permalink from "./permalink.js";
import { Places } from "./points.js";
import { searchBox } from "./search.js";
import { showSheet } from "./sheet.js";
import { ZoneTable } from "./table.js";

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
/** The legend answer shown (classes and colours), for the sheet's swatch. */
let shownLegend = null;
/** Where the focus goes back when the sheet closes. */
let sheetOpener = null;

/** `wanted` if it is one of `valid`, else `fallback` if valid, else the first. */
function pick(wanted, valid, fallback) {
  if (valid.includes(wanted)) return wanted;
  return valid.includes(fallback) ? fallback : valid[0];
}

const map = L.map("map", { zoomSnap: 1, minZoom: 4, maxZoom: 18, attributionControl: true, zoomControl: false });
frenchZoom(map);
map.attributionControl.setPrefix(false);
if (state.view) map.setView([state.view.lat, state.view.lng], state.view.zoom);
else map.fitBounds([[info.extent[1], info.extent[0]], [info.extent[3], info.extent[2]]]);
basemap(map, info);
const choropleth = new Choropleth(map, info);
const boundaries = new Boundaries(map, info);
const labels = new LabelLayer(map, info);
const legend = legendControl({ collapsed: window.innerWidth < 700 }).addTo(map);
frenchScale(map);
const places = new Places(map, info);
places.control({ collapsed: window.innerWidth < 700 }).addTo(map);
const hover = new Highlight(map, { color: "#212121", weight: 1.5, fill: false });
const selected = new Highlight(map, { color: "#000", weight: 3.5, fill: false });
const hotspots = new Hotspots(map, info, (layer, code) => selectZone(layer, code, true));
const table = new ZoneTable(info, (layer, code) => selectZone(layer, code, true));

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
wirePanels();
searchBox((layer, code) => selectZone(layer, code, true, byId("search")));
embedDialog(() => state);
exportDialog(() => state, () => map.getBounds(), () => places.shown());
if (initial.zone) selectZone(state.layer, initial.zone, !initial.view);

function fillSelects() {
  byId("layer").innerHTML = info.zone_layers.map((z) => `<option value="${escape(z.id)}">${escape(z.label)}</option>`).join("");
  byId("indicator").innerHTML = info.indicators.map((i) => `<option value="${escape(i.id)}">${escape(i.label)}${i.unit ? ` (${escape(i.unit)})` : ""}</option>`).join("");
  byId("layer").value = state.layer;
  byId("indicator").value = state.indicator;
  byId("layer").addEventListener("change", (e) => { state.layer = e.target.value; closeSheet(false); apply(); });
  byId("indicator").addEventListener("change", (e) => { state.indicator = e.target.value; apply(); });
}

/** Shows the chosen layer and indicator everywhere. */
function apply() {
  choropleth.show(state.layer, state.indicator, state.method);
  boundaries.show(state.layer);
  labels.show(state.layer);
  const chooseMethod = (method) => { state.method = method; apply(); };
  legend.show(state.layer, state.indicator, info, state.method, chooseMethod)
    .then((answer) => {
      shownLegend = answer.legend;
      if (state.zone && !byId("sheet").hidden) refreshSheet(); // its class colour
    })
    .catch(report);
  const meta = info.indicators.find((i) => i.id === state.indicator);
  byId("description").textContent = meta.description ? `${meta.label}\u00a0: ${meta.description}` : meta.label;
  if (!byId("hotspots").hidden) hotspots.show(state.layer, state.indicator).catch(report);
  if (!byId("table-panel").hidden) table.show(state.layer, state.indicator, shownLegend).catch(report);
  permalink.write(state);
}

/** Opens the sheet of a zone, outlines it, zooms to it when `fit`; the
 * focus moves to the sheet's title and comes back to `opener` on closing. */
async function selectZone(layer, code, fit, opener = document.activeElement) {
  if (layer !== state.layer) {
    state.layer = layer;
    byId("layer").value = layer;
    apply();
  }
  try {
    const feature = await showSheet(info, layer, code, state.indicator, shownLegend);
    selected.show(`${layer}/${code}`, feature);
    map.invalidateSize();
    if (fit) map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 15, padding: [30, 30] });
    state.zone = code;
    sheetOpener = opener && opener !== document.body ? opener : byId("search");
    byId("sheet-title").focus();
    announce(`Fiche ouverte\u00a0: ${feature.properties.name}.`);
    permalink.write(state);
  } catch (e) {
    report(e);
  }
}

/** Shows the open sheet again (indicator or classes changed). */
function refreshSheet() {
  showSheet(info, state.layer, state.zone, state.indicator, shownLegend).catch(report);
}

/** Closes the sheet; with `giveFocusBack`, the focus returns where it came from. */
function closeSheet(giveFocusBack = true) {
  if (byId("sheet").hidden) return;
  byId("sheet").hidden = true;
  selected.clear();
  state.zone = null;
  map.invalidateSize();
  permalink.write(state);
  if (giveFocusBack) (sheetOpener && document.contains(sheetOpener) ? sheetOpener : byId("search")).focus();
  announce("Fiche fermée.");
}

/** Panels: buttons that open and close them, close buttons, Escape. */
function wirePanels() {
  const toggles = { hotspots: byId("hotspots-button"), "table-panel": byId("table-button") };
  const toggle = (id) => {
    const panel = byId(id);
    panel.hidden = !panel.hidden;
    toggles[id].setAttribute("aria-expanded", String(!panel.hidden));
    map.invalidateSize();
    if (panel.hidden) { toggles[id].focus(); if (id === "hotspots") hotspots.clear(); return; }
    const shown = id === "hotspots" ? hotspots.show(state.layer, state.indicator) : table.show(state.layer, state.indicator, shownLegend);
    shown.then(() => panel.querySelector("h2").focus()).catch(report);
  };
  for (const id of Object.keys(toggles)) toggles[id].addEventListener("click", () => toggle(id));
  for (const button of document.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => (button.dataset.close === "sheet" ? closeSheet() : toggle(button.dataset.close)));
  }
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || document.querySelector("dialog[open]") || !byId("suggestions").hidden) return;
    if (!byId("sheet").hidden) closeSheet();
    else for (const id of ["table-panel", "hotspots"]) if (!byId(id).hidden) { toggle(id); break; }
  });
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
      tooltip.setLatLng(at).setContent(`<strong>${escape(zone.name)}</strong><br>${escape(meta.label)}\u00a0: ${value(row.indicators[state.indicator], meta.unit)}`);
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

/** Says one line to screen readers (the live region holds nothing else). */
function announce(text) {
  byId("announce").textContent = text;
}

/** Shows a problem to the user (the service's French message). */
function report(error) {
  const line = byId("description");
  line.textContent = `⚠ ${error.message}`;
  line.setAttribute("role", "alert");
}
