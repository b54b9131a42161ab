// "Points chauds": the zones ranked by the chosen indicator; a click zooms to
// the zone and opens its sheet.

import { getJson } from "./api.js";
import { escape, number, suffix } from "./format.js";

/** Fills the hotspots panel for `layer` and `indicator`. */
export async function showHotspots(info, layer, indicator, onPick) {
  const answer = await getJson(`/api/hotspots?layer=${encodeURIComponent(layer)}&indicator=${encodeURIComponent(indicator)}&limit=10`);
  const meta = info.indicators.find((i) => i.id === indicator);
  const layerLabel = info.zone_layers.find((z) => z.id === layer)?.label ?? layer;
  document.getElementById("hotspots-caption").textContent =
    `${layerLabel} : les 10 valeurs les plus fortes de « ${meta?.label ?? indicator} » parmi ${answer.ranked} zones (valeurs secrètes exclues).`;
  const list = document.getElementById("hotspots-list");
  list.innerHTML = answer.zones.map((z) =>
    `<li><button type="button" data-code="${escape(z.code)}">${escape(z.name)}</button> — ${number(z.value)}${escape(suffix(meta?.unit))}</li>`).join("");
  list.onclick = (e) => {
    const button = e.target.closest("button[data-code]");
    if (button) onPick(layer, button.dataset.code);
  };
}
