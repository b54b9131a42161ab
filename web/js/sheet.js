// The zone sheet ("fiche"): every indicator with its rank, its value in the
// parent zone(s) and over the layer, and the nearest help places.

import { getJson, zoneFeature } from "./api.js";
import { distanceKm, escape, number, value } from "./format.js";

/** Fills the sheet panel with zone `code` of `layer`. Returns its feature. */
export async function showSheet(info, layer, code) {
  const feature = await zoneFeature(layer, code);
  const p = feature.properties;
  const layerInfo = info.zone_layers.find((z) => z.id === layer);
  document.getElementById("sheet-title").textContent = `${p.name} (${p.code})`;
  const body = document.getElementById("sheet-body");
  body.innerHTML = header(p, layerInfo) + indicatorTable(info, p) + `<h3>Lieux d'aide les plus proches</h3><div id="nearest">…</div>`;
  body.dataset.zone = code;
  const panel = document.getElementById("sheet");
  panel.hidden = false;
  nearestPlaces(info, feature).then((html) => { document.getElementById("nearest").innerHTML = html; });
  return feature;
}

function header(p, layerInfo) {
  const parents = p.parents.map((x) => `${escape(x.name)}${x.share < 0.995 ? ` (${number(100 * x.share, 0)} %)` : ""}`);
  const children = p.children.map((c) => escape(c.name));
  return `<p class="muted">${escape(layerInfo?.label ?? p.layer)}` +
    (parents.length ? ` · dans ${parents.join(", ")}` : "") + `</p>` +
    (children.length ? `<p class="muted">Contient : ${children.join(", ")}</p>` : "");
}

function indicatorTable(info, p) {
  const rows = p.indicators.map((ind) => {
    const meta = info.indicators.find((i) => i.id === ind.id) ?? { label: ind.id, unit: "" };
    const mark = ind.secret ? `<span class="secret-mark" aria-hidden="true"></span>` : "";
    const rank = ind.rank ? `rang ${ind.rank} sur ${ind.ranked}` : "";
    const parent = ind.parents[0];
    const compare = [
      rank,
      parent ? `commune : ${value(parent, meta.unit)}` : "",
      ind.layer.median !== null ? `médiane des zones : ${number(ind.layer.median)}` : "",
    ].filter(Boolean).join(" · ");
    const raw = ind.secret ? "secret" : ind.value ?? "";
    return `<tr data-indicator="${ind.id}" data-value="${raw}"><th scope="row">${escape(meta.label)}</th>` +
      `<td class="value">${mark}${value(ind, meta.unit)}</td></tr>` +
      `<tr><td class="compare" colspan="2">${compare}</td></tr>`;
  });
  return `<table class="indicators"><tbody>${rows.join("")}</tbody></table>`;
}

/** The zone's centre: the middle of its outer rings' vertices. */
function centre(feature) {
  const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let lat = 0, lng = 0, n = 0;
  for (const ring of polygons.map((p) => p[0])) for (const [x, y] of ring) { lng += x; lat += y; n += 1; }
  return { lat: lat / n, lng: lng / n };
}

/** The three nearest places of each public point layer, within about 20 km. */
async function nearestPlaces(info, feature) {
  const c = centre(feature);
  const d = 0.25;
  const bbox = [c.lng - d, c.lat - d, c.lng + d, c.lat + d].map((x) => x.toFixed(5)).join(",");
  const parts = await Promise.all(info.point_layers.map(async (layer) => {
    const found = await getJson(`/api/points/${layer.id}?bbox=${bbox}`);
    const near = found.features
      .map((f) => ({ name: f.properties.name, km: distanceKm(c, { lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }) }))
      .sort((a, b) => a.km - b.km).slice(0, 3);
    const items = near.map((x) => `<li>${escape(x.name || "sans nom")} — ${number(x.km, 1)} km</li>`).join("");
    return `<p><strong>${escape(layer.label)}</strong></p>` + (items ? `<ul class="places">${items}</ul>` : `<p class="muted">aucun à moins de 20 km</p>`);
  }));
  return parts.join("");
}
