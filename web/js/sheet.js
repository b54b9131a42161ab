// The zone sheet ("fiche"): every indicator with its rank, its value at every
// level above (commune, agency territory, département) and over the layer;
// where the territory is split by QPV, the job-seekers living in a QPV and
// the others side by side; the zone's communes and QPVs; the published
// series as a small line chart; the nearest help places.

import { getJson, zoneFeature } from "./api.js";
import { lineChart } from "./chart.js";
import { distanceKm, escape, number, value } from "./format.js";

/** Fills the sheet panel with zone `code` of `layer`. Returns its feature. */
export async function showSheet(info, layer, code) {
  const feature = await zoneFeature(layer, code);
  const p = feature.properties;
  const layerInfo = info.zone_layers.find((z) => z.id === layer);
  document.getElementById("sheet-title").textContent = `${p.name} (${p.code})`;
  const body = document.getElementById("sheet-body");
  body.innerHTML = header(info, p, layerInfo) + indicatorTable(info, p) + members(info, p) +
    `<div id="series"></div><h3>Lieux d’aide les plus proches</h3><div id="nearest">…</div>`;
  body.dataset.zone = code;
  const panel = document.getElementById("sheet");
  panel.hidden = false;
  nearestPlaces(info, feature).then((html) => { document.getElementById("nearest").innerHTML = html; });
  seriesSection(layer, code).then((html) => { document.getElementById("series").innerHTML = html; });
  return feature;
}

function header(info, p, layerInfo) {
  const above = p.levels.map((l) => escape(l.name));
  const parents = p.parents.length > 1
    ? ` (${p.parents.map((x) => `${escape(x.name)} ${number(100 * x.share, 0)}&nbsp;%`).join(", ")})` : "";
  return `<p class="muted">${escape(layerInfo?.label ?? p.layer)}` +
    (above.length ? ` · dans ${above.join(" › ")}${parents}` : "") + `</p>`;
}

/** Label of a layer, from the service's list. */
function layerLabel(info, id) {
  return info.zone_layers.find((z) => z.id === id)?.label ?? id;
}

/** The zones below, by layer: a commune's QPVs, an agency territory's communes and QPVs. */
function members(info, p) {
  const byLayer = new Map();
  for (const c of p.children) {
    if (!byLayer.has(c.layer)) byLayer.set(c.layer, []);
    byLayer.get(c.layer).push(c);
  }
  return [...byLayer].map(([layer, list]) => {
    const items = list.map((c) => `<li>${escape(c.name)} <span class="muted">${escape(c.code)}</span>` +
      (c.share < 0.995 ? ` <span class="muted">(${number(100 * c.share, 0)}&nbsp;% de sa surface)</span>` : "") + `</li>`);
    return `<details class="members" data-layer="${escape(layer)}"><summary>${escape(layerLabel(info, layer))}&nbsp;: ${list.length}</summary><ul>${items.join("")}</ul></details>`;
  }).join("");
}

function indicatorTable(info, p) {
  const split = p.split_by && p.indicators.some((i) => i.parts);
  const head = split
    ? `<thead><tr><th scope="col">Indicateur</th><th scope="col">Zone</th><th scope="col">En QPV</th><th scope="col">Hors QPV</th></tr></thead>` : "";
  const rows = p.indicators.map((ind) => {
    const meta = info.indicators.find((i) => i.id === ind.id) ?? { label: ind.id, unit: "" };
    const mark = ind.secret ? `<span class="secret-mark" aria-hidden="true"></span>` : "";
    const rank = ind.rank ? `rang ${ind.rank} sur ${ind.ranked}` : "";
    const levels = ind.levels.map((v, k) => `${escape(p.levels[k].name)}&nbsp;: ${value(v, meta.unit)}`);
    const compare = [rank, ...levels, ind.layer.median !== null ? `médiane des zones&nbsp;: ${number(ind.layer.median)}` : ""]
      .filter(Boolean).join(" · ");
    const raw = ind.secret ? "secret" : ind.value ?? "";
    const parts = !split ? "" : ind.parts
      ? `<td class="value part" data-part="inside">${value(ind.parts.inside, meta.unit)}</td><td class="value part" data-part="outside">${value(ind.parts.outside, meta.unit)}</td>`
      : `<td class="part muted">—</td><td class="part muted">—</td>`;
    return `<tr data-indicator="${ind.id}" data-value="${raw}"><th scope="row">${escape(meta.label)}</th>` +
      `<td class="value">${mark}${value(ind, meta.unit)}</td>${parts}</tr>` +
      `<tr><td class="compare" colspan="${split ? 4 : 2}">${compare}</td></tr>`;
  });
  return `<table class="indicators${split ? " split" : ""}">${head}<tbody>${rows.join("")}</tbody></table>`;
}

/** The zone's published series: a line chart with its first and last months, or why there is none. */
async function seriesSection(layer, code) {
  const answer = await getJson(`/api/zones/${encodeURIComponent(layer)}/${encodeURIComponent(code)}/series`).catch(() => null);
  if (!answer) return "";
  return answer.series.map((s) => {
    const title = `<h3>${escape(s.label)}</h3>`;
    if (!s.points.length) return `${title}<p class="muted">Pas de série&nbsp;: ${escape(s.absent_because ?? "non publiée")}.</p>`;
    const known = s.points.filter((x) => x.value !== null);
    const first = known[0], last = known[known.length - 1];
    const change = s.change_12_months === null ? "" :
      ` · sur 12 mois&nbsp;: ${s.change_12_months > 0 ? "+" : ""}${number(s.change_12_months)}` +
      (s.change_12_months_pct === null ? "" : ` (${s.change_12_months_pct > 0 ? "+" : ""}${number(s.change_12_months_pct, 1)}&nbsp;%)`);
    return `${title}${lineChart(s.points, `${s.label}, ${escape(code)}`)}` +
      `<p class="muted series-ends">${month(first.period)}&nbsp;: ${number(first.value)} · ${month(last.period)}&nbsp;: ${number(last.value)}${change}</p>` +
      `<p class="muted">${escape(s.source)} ; données publiques, sans secret statistique.</p>`;
  }).join("");
}

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** "2024-12" → "décembre 2024". */
function month(period) {
  const [y, m] = period.split("-");
  return `${MONTHS[Number(m) - 1]} ${y}`;
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
    const items = near.map((x) => `<li>${escape(x.name || "sans nom")} — ${number(x.km, 1)}&nbsp;km</li>`).join("");
    return `<p><strong>${escape(layer.label)}</strong></p>` + (items ? `<ul class="places">${items}</ul>` : `<p class="muted">aucun à moins de 20&nbsp;km</p>`);
  }));
  return parts.join("");
}
