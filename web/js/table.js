// The table view: the zones of the layer shown, with the indicator shown,
// as an accessible, sortable table: the text alternative of the map (same
// values, same secrecy marks). Column headers are buttons (keyboard:
// Tab, Enter); a zone's name opens its sheet; the whole table downloads as
// CSV for a spreadsheet.

import { getJson } from "./api.js";
import { escape, plural, value } from "./format.js";

/** The table panel. */
export class ZoneTable {
  constructor(info, onPick) {
    this.info = info;
    this.rows = [];
    this.sort = { key: "value", descending: true };
    this.current = null;
    const body = document.getElementById("table-body");
    body.addEventListener("click", (e) => {
      const sorter = e.target.closest("button[data-sort]");
      if (sorter) return this.resort(sorter.dataset.sort);
      const zone = e.target.closest("button[data-code]");
      if (zone) onPick(this.current.layer, zone.dataset.code);
    });
  }

  /** Shows `layer` with `indicator` (its size indicator beside it). */
  async show(layer, indicator) {
    const answer = await getJson(`/api/zones/${encodeURIComponent(layer)}?limit=50000`);
    const size = this.info.indicators.find((i) => i.id === "demandeurs" && i.id !== indicator);
    this.current = { layer, indicator, size };
    this.rows = answer.zones;
    const label = this.info.zone_layers.find((z) => z.id === layer)?.label ?? layer;
    document.getElementById("table-caption").textContent = `${label}\u00a0: ${plural(answer.total, "zone", "zones")}. Les valeurs sont celles de la carte\u202f; «\u00a0secret statistique\u00a0» marque les valeurs masquées.`;
    document.getElementById("table-csv").href = `/api/zones/${encodeURIComponent(layer)}?format=csv&sep=semicolon&labels=true`;
    this.render();
  }

  resort(key) {
    this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : key !== "name" };
    this.render();
    document.querySelector(`#table-body button[data-sort="${key}"]`)?.focus();
  }

  /** The sort key of a row (null sorts last). */
  key(row, key) {
    if (key === "name") return row.name;
    const id = key === "value" ? this.current.indicator : this.current.size?.id;
    const v = row.indicators[id];
    return v && !v.secret ? v.value : null;
  }

  render() {
    const { key, descending } = this.sort;
    const sign = descending ? -1 : 1;
    const sorted = [...this.rows].sort((a, b) => {
      const [x, y] = [this.key(a, key), this.key(b, key)];
      if (x === null || y === null) return (x === null) - (y === null);
      return (typeof x === "string" ? x.localeCompare(y, "fr") : x - y) * sign;
    });
    const meta = this.info.indicators.find((i) => i.id === this.current.indicator);
    const size = this.current.size;
    const th = (k, text) => {
      const state = key === k ? (descending ? "descending" : "ascending") : "none";
      return `<th scope="col" aria-sort="${state}"><button type="button" data-sort="${k}">${escape(text)}<span aria-hidden="true">${state === "none" ? " ↕" : descending ? " ↓" : " ↑"}</span></button></th>`;
    };
    const head = `<tr>${th("name", "Zone")}<th scope="col">Code</th>${th("value", meta.label)}${size ? th("size", size.label) : ""}</tr>`;
    const cells = (row) => {
      const v = row.indicators[this.current.indicator];
      const mark = v.secret ? `<span class="secret-mark" aria-hidden="true"></span>` : "";
      return `<tr data-code="${escape(row.code)}"><th scope="row"><button type="button" class="link" data-code="${escape(row.code)}">${escape(row.name)}</button></th>` +
        `<td>${escape(row.code)}</td><td class="num" data-value="${v.secret ? "secret" : v.value ?? ""}">${mark}${value(v, meta.unit)}</td>` +
        (size ? `<td class="num">${value(row.indicators[size.id], size.unit)}</td>` : "") + `</tr>`;
    };
    document.getElementById("table-body").innerHTML =
      `<table class="zones"><caption class="visually-hidden">Zones et valeurs de l’indicateur «\u00a0${escape(meta.label)}\u00a0», triables</caption>` +
      `<thead>${head}</thead><tbody>${sorted.map(cells).join("")}</tbody></table>`;
  }
}
