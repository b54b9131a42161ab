// The legend: the same classes and colours as the server's tiles, a
// hatched class for secret values, and the source line with the data's
// vintage. It folds away (a button) so that a phone keeps its map.

import { getJson } from "./api.js";
import { foldable } from "./fold.js";
import { escape, number, plural, unitShown } from "./format.js";

const METHOD_LABELS = { quantiles: "effectifs égaux (quantiles)", jenks: "seuils naturels (Jenks)", equal_intervals: "intervalles égaux" };

/** A Leaflet control showing the legend of an indicator over a layer;
 * folded at first with `collapsed`. */
export function legendControl({ position = "bottomright", collapsed = false } = {}) {
  const control = L.control({ position });
  control.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.setAttribute("role", "region");
    div.setAttribute("aria-label", "Légende");
    div.innerHTML = `<button type="button" class="fold" aria-expanded="${!collapsed}" aria-controls="legend-body">Légende</button><div id="legend-body"${collapsed ? " hidden" : ""}></div>`;
    foldable(div.querySelector("button.fold"), div.querySelector("#legend-body"));
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  /** Shows the legend of `indicator` on `layer` with classes by `method`;
   * `info` is the service's description (sources, vintage). With
   * `onMethod`, a picker of the classification calls it with the method chosen. */
  control.show = async (layer, indicator, info, method = "quantiles", onMethod = null) => {
    const answer = await getJson(`/api/legend/${encodeURIComponent(layer)}/${encodeURIComponent(indicator)}?method=${method}`);
    const body = control.getContainer().querySelector("#legend-body");
    body.innerHTML = legendHtml(answer, info) + (onMethod ? methodPicker(method) : "");
    body.querySelector("select.method")?.addEventListener("change", (e) => onMethod(e.target.value));
    return answer;
  };
  return control;
}

function methodPicker(current) {
  const options = Object.entries(METHOD_LABELS)
    .map(([m, label]) => `<option value="${m}"${m === current ? " selected" : ""}>${label}</option>`).join("");
  return `<label class="method-label">Classes <select class="method">${options}</select></label>`;
}

function legendHtml(answer, info) {
  const { legend } = answer;
  const bounds = legend.classes.flatMap((c) => [c.min, c.max]);
  const whole = bounds.every(Number.isInteger);
  const top = Math.max(...bounds.map(Math.abs));
  const decimals = whole ? 0 : top >= 100 ? 0 : top >= 10 ? 1 : 2;
  const rows = legend.classes.map((c) =>
    `<li class="row"><span class="swatch" style="background:${c.colour}"></span>${number(c.min, decimals)} – ${number(c.max, decimals)}</li>`);
  if (legend.secret.zones > 0) {
    rows.push(`<li class="row" data-class="secret"><span class="swatch secret"></span>Secret statistique (${plural(legend.secret.zones, "zone", "zones")})</li>`);
  }
  if (legend.missing.zones > 0) {
    rows.push(`<li class="row"><span class="swatch" style="background:${legend.missing.colour}"></span>Non disponible (${plural(legend.missing.zones, "zone", "zones")})</li>`);
  }
  const unit = unitShown(answer.unit) ? `<p class="unit">en\u00a0${escape(answer.unit)}</p>` : "";
  const sources = [info.source, answer.source].filter(Boolean).map(escape).join("\u202f; ");
  const vintage = info.date ? ` Données\u00a0: ${escape(info.date)}.` : "";
  const note = legend.secret.zones > 0
    ? `<p class="note">Secret statistique\u00a0: moins de ${info.secrecy_threshold}\u00a0personnes, ou de quoi les retrouver.</p>` : "";
  return `<h2 class="legend-title">${escape(answer.label)}</h2>${unit}<ul class="classes">${rows.join("")}</ul>${note}` +
    `<p class="source">Sources\u00a0: ${sources}.${vintage}</p>`;
}
