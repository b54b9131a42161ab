// "Intégrer" (an <iframe> of /embed with its options) and "Exporter" (a
// PNG or SVG picture through the static-map endpoint, with a preview). Both
// keep the selected zone: the embed outlines and frames it, the export can
// be framed on it.

import { escape } from "./format.js";
import { query } from "./permalink.js";

/** The /embed address for the current state and the dialog's options. */
export function embedUrl(state, options) {
  const q = new URLSearchParams(query(state));
  if (options.title) q.set("title", options.title);
  q.set("legend", options.legend ? "1" : "0");
  q.set("zoom", options.zoom ? "1" : "0");
  if (options.locked) q.set("locked", "1");
  return `${location.origin}/embed?${q}`;
}

/** The iframe code: every attribute escaped, whatever the title holds. */
export function iframeCode(url, width, height, title) {
  return `<iframe src="${escape(url)}" width="${width}" height="${height}" style="border:0" loading="lazy" title="${escape(title || "Carte zonage")}"></iframe>`;
}

/** Wires the embed dialog; `current()` gives the map's state. */
export function embedDialog(current) {
  const dialog = document.getElementById("embed-dialog");
  const field = (id) => document.getElementById(id);
  const update = () => {
    const options = { title: field("embed-title-text").value.trim(), legend: field("embed-legend").checked, zoom: field("embed-zoom").checked, locked: field("embed-locked").checked };
    const url = embedUrl(current(), options);
    const w = clamp(field("embed-width").value, 960), h = clamp(field("embed-height").value, 540);
    field("embed-code").value = iframeCode(url, w, h, options.title);
    field("embed-preview").href = url;
  };
  dialog.addEventListener("input", update);
  dialog.addEventListener("change", update);
  field("embed-copy").addEventListener("click", () => {
    field("embed-code").select();
    // The clipboard API needs HTTPS or localhost; elsewhere the selected text is copied the old way.
    if (navigator.clipboard) navigator.clipboard.writeText(field("embed-code").value).catch(() => document.execCommand("copy"));
    else document.execCommand("copy");
  });
  document.getElementById("embed-button").addEventListener("click", () => { update(); dialog.showModal(); });
}

/** A size typed in a field, within 150–4000 pixels. */
function clamp(raw, fallback) {
  const n = Math.round(Number(raw));
  return Number.isFinite(n) && n > 0 ? Math.min(4000, Math.max(150, n)) : fallback;
}

/** The static-map query for the state and the dialog's choices. */
function exportQuery(state, frame, b, size, title, points) {
  const [width, height] = size.split("x");
  const q = new URLSearchParams({ indicator: state.indicator, method: state.method, width, height });
  if (frame === "zone" && state.zone) q.set("zone", state.zone);
  else if (frame === "view") q.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(","));
  if (title) q.set("title", title);
  if (points.length) q.set("points", points.join(","));
  return q;
}

/** Wires the export dialog; `current()` gives the map's state, `bounds()` the view, `points()` the point layers shown. */
export function exportDialog(current, bounds, points) {
  const dialog = document.getElementById("export-dialog");
  const field = (id) => document.getElementById(id);
  let previewTimer = null;
  const update = () => {
    const state = current();
    const zoneOption = field("export-frame").querySelector('option[value="zone"]');
    zoneOption.disabled = !state.zone;
    if (!state.zone && field("export-frame").value === "zone") field("export-frame").value = "view";
    const shown = field("export-points").checked ? points() : [];
    const q = exportQuery(state, field("export-frame").value, bounds(), field("export-size").value, field("export-title-text").value.trim(), shown);
    const format = field("export-format").value;
    const link = field("export-link");
    link.href = `/api/map/${encodeURIComponent(state.layer)}.${format}?${q}`;
    link.download = `carte-${state.layer}-${state.indicator}${state.zone && field("export-frame").value === "zone" ? `-${state.zone}` : ""}.${format}`;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      const small = new URLSearchParams(q);
      small.set("width", "480");
      small.set("height", "270");
      field("export-preview").src = `/api/map/${encodeURIComponent(state.layer)}.png?${small}`;
    }, 250);
  };
  dialog.addEventListener("input", update);
  dialog.addEventListener("change", update);
  document.getElementById("export-button").addEventListener("click", () => {
    field("export-frame").value = current().zone ? "zone" : "view";
    update();
    dialog.showModal();
  });
}
