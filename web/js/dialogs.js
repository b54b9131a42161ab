// "Intégrer" (an <iframe> of /embed with its options) and "Exporter" (the
// current view as PNG or SVG through the static-map endpoint).

import { query } from "./permalink.js";

/** The /embed address for the current state and the dialog's options. */
export function embedUrl(state, options) {
  const q = new URLSearchParams(query({ ...state, zone: null }));
  if (options.title) q.set("title", options.title);
  q.set("legend", options.legend ? "1" : "0");
  q.set("zoom", options.zoom ? "1" : "0");
  if (options.locked) q.set("locked", "1");
  return `${location.origin}/embed?${q}`;
}

/** Wires the embed dialog; `current()` gives the map's state. */
export function embedDialog(current) {
  const dialog = document.getElementById("embed-dialog");
  const field = (id) => document.getElementById(id);
  const update = () => {
    const options = { title: field("embed-title-text").value.trim(), legend: field("embed-legend").checked, zoom: field("embed-zoom").checked, locked: field("embed-locked").checked };
    const url = embedUrl(current(), options);
    const w = Number(field("embed-width").value) || 960, h = Number(field("embed-height").value) || 540;
    field("embed-code").value = `<iframe src="${url.replace(/&/g, "&amp;")}" width="${w}" height="${h}" style="border:0" loading="lazy" title="${options.title || "Carte zonage"}"></iframe>`;
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

/** Wires the export dialog; `current()` gives the map's state, `bounds()` the view, `points()` the point layers shown. */
export function exportDialog(current, bounds, points) {
  const dialog = document.getElementById("export-dialog");
  const field = (id) => document.getElementById(id);
  const update = () => {
    const state = current();
    const [width, height] = field("export-size").value.split("x");
    const b = bounds();
    const q = new URLSearchParams({ indicator: state.indicator, method: state.method, bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(","), width, height });
    const title = field("export-title-text").value.trim();
    if (title) q.set("title", title);
    if (field("export-points").checked && points().length) q.set("points", points().join(","));
    const format = field("export-format").value;
    const link = field("export-link");
    link.href = `/api/map/${state.layer}.${format}?${q}`;
    link.download = `carte-${state.layer}-${state.indicator}.${format}`;
  };
  dialog.addEventListener("input", update);
  dialog.addEventListener("change", update);
  document.getElementById("export-button").addEventListener("click", () => { update(); dialog.showModal(); });
}
