// The legend: the same classes and colours as the server's tiles, a
// hatched class for secret values, and the source line.

import { getJson } from "./api.js";
import { escape, number } from "./format.js";

const METHOD_LABELS = { quantiles: "effectifs égaux (quantiles)", jenks: "seuils naturels (Jenks)", equal_intervals: "intervalles égaux" };

/** A Leaflet control showing the legend of an indicator over a layer. */
export function legendControl(position = "bottomright") {
  const control = L.control({ position });
  control.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.setAttribute("role", "region");
    div.setAttribute("aria-label", "Légende");
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  /** Shows the legend of `indicator` on `layer` with classes by `method`;
   * `source` is the territory's attribution. With `onMethod`, a picker of
   * the classification calls it with the method chosen. */
  control.show = async (layer, indicator, source, method = "quantiles", onMethod = null) => {
    const answer = await getJson(`/api/legend/${encodeURIComponent(layer)}/${encodeURIComponent(indicator)}?method=${method}`);
    const div = control.getContainer();
    div.innerHTML = legendHtml(answer, source) + (onMethod ? methodPicker(method) : "");
    div.querySelector("select.method")?.addEventListener("change", (e) => onMethod(e.target.value));
    return answer;
  };
  return control;
}

function methodPicker(current) {
  const options = Object.entries(METHOD_LABELS)
    .map(([m, label]) => `<option value="${m}"${m === current ? " selected" : ""}>${label}</option>`).join("");
  return `<label class="method-label">Classes <select class="method">${options}</select></label>`;
}

function legendHtml(answer, source) {
  const { legend } = answer;
  const bounds = legend.classes.flatMap((c) => [c.min, c.max]);
  const whole = bounds.every(Number.isInteger);
  const decimals = whole ? 0 : Math.max(...bounds.map(Math.abs)) >= 100 ? 0 : Math.max(...bounds.map(Math.abs)) >= 10 ? 1 : 2;
  const rows = legend.classes.map((c) =>
    `<div class="row"><span class="swatch" style="background:${c.colour}"></span>${number(c.min, decimals)} – ${number(c.max, decimals)}</div>`);
  if (legend.secret.zones > 0) {
    const n = legend.secret.zones;
    rows.push(`<div class="row" data-class="secret"><span class="swatch secret"></span>Secret statistique (${n} zone${n > 1 ? "s" : ""})</div>`);
  }
  if (legend.missing.zones > 0) {
    rows.push(`<div class="row"><span class="swatch" style="background:${legend.missing.colour}"></span>Non disponible (${legend.missing.zones})</div>`);
  }
  const unit = answer.unit ? `<div class="unit">en ${escape(answer.unit)}</div>` : "";
  const sources = [source, answer.source].filter(Boolean).map(escape).join(" ; ");
  return `<h4>${escape(answer.label)}</h4>${unit}${rows.join("")}` +
    (legend.secret.zones > 0 ? `<div class="note">effectifs trop petits masqués</div>` : "") +
    `<div class="source">Sources : ${sources}</div>`;
}
