// "Points chauds": the zones ranked by the chosen indicator or by the
// number of people concerned, small zones left out, each with its commune
// and its volume; the listed zones outlined on the map; a CSV download.
// A click opens the zone's sheet.

import { getJson, zoneFeature } from "./api.js";
import { escape, number, plural, unitShown, withUnit } from "./format.js";

const LISTED = 20;

/** The hotspots panel. */
export class Hotspots {
  constructor(map, info, onPick) {
    this.map = map;
    this.info = info;
    this.outlines = L.layerGroup().addTo(map);
    this.current = null;
    for (const id of ["hotspots-sort", "hotspots-min"]) {
      document.getElementById(id).addEventListener("change", () => this.current && this.show(...this.current));
    }
    document.getElementById("hotspots-list").addEventListener("click", (e) => {
      const button = e.target.closest("button[data-code]");
      if (button) onPick(this.current[0], button.dataset.code);
    });
  }

  /** The query of the list shown (the same for JSON and CSV). */
  query(layer, indicator) {
    const min = Number(document.getElementById("hotspots-min").value);
    const q = new URLSearchParams({ layer, indicator, sort: document.getElementById("hotspots-sort").value, min_size: String(Number.isFinite(min) && min >= 0 ? min : 50) });
    return q;
  }

  /** Fills the panel for `layer` and `indicator`. */
  async show(layer, indicator) {
    this.current = [layer, indicator];
    const q = this.query(layer, indicator);
    const answer = await getJson(`/api/hotspots?${q}&limit=${LISTED}`);
    const meta = this.info.indicators.find((i) => i.id === indicator);
    const volumeMeta = this.info.indicators.find((i) => i.id === answer.volume_indicator);
    document.getElementById("hotspots-caption").textContent = caption(this.info, answer, meta);
    document.getElementById("hotspots-list").innerHTML = answer.zones.map((z) => item(z, meta, volumeMeta, answer)).join("");
    const csv = document.getElementById("hotspots-csv");
    csv.href = `/api/hotspots?${q}&limit=10000&format=csv&sep=semicolon&labels=true`;
    this.outline(layer, answer.zones);
  }

  /** Outlines the listed zones on the map. */
  async outline(layer, zones) {
    this.outlines.clearLayers();
    const features = await Promise.all(zones.map((z) => zoneFeature(layer, z.code).catch(() => null)));
    for (const f of features.filter(Boolean)) {
      L.geoJSON(f, { style: { color: "#d55e00", weight: 2.5, dashArray: "6 4", fill: false }, interactive: false }).addTo(this.outlines);
    }
  }

  clear() {
    this.outlines.clearLayers();
  }
}

function caption(info, answer, meta) {
  const layerLabel = info.zone_layers.find((z) => z.id === answer.layer)?.label ?? answer.layer;
  const order = answer.sort === "volume" ? "par effectif concerné" : "par valeur";
  const small = answer.min_size !== null && answer.excluded_small > 0
    ? ` ${plural(answer.excluded_small, "zone", "zones")} de moins de ${number(answer.min_size, 0)}\u00a0demandeurs écartée${answer.excluded_small >= 2 ? "s" : ""}.` : "";
  return `${layerLabel}\u00a0: «\u00a0${meta?.label ?? answer.indicator}\u00a0», ${order}, parmi ${plural(answer.ranked, "zone classée", "zones classées")} (valeurs secrètes exclues).${small}`;
}

function item(z, meta, volumeMeta, answer) {
  const where = z.within.length ? ` <span class="muted">(${escape(z.within.slice(0, 2).join(", "))})</span>` : "";
  const volume = volumeMeta && answer.volume_indicator !== answer.indicator && z.volume !== null
    ? ` · ${escape(volumeMeta.label.toLowerCase())}\u00a0: ${withUnit(z.volume, unitShown(volumeMeta.unit))}` : "";
  return `<li><button type="button" data-code="${escape(z.code)}">${escape(z.name)}</button>${where}<br>` +
    `<span class="figures">${withUnit(z.value, unitShown(meta?.unit))}${volume}</span></li>`;
}
