// The zone sheet ("fiche"): the chosen indicator first, with its class
// colour, its rank said in words and its value at every level above
// (commune, agency territory, département) and the layer's median; then
// every indicator with its unit; where the territory is split by QPV, the
// job-seekers living in a QPV and the others side by side; the zone's
// communes and QPVs; the published series; the nearest help places with
// their address and distance.

import { getJson, zoneFeature } from "./api.js";
import { lineChart } from "./chart.js";
import { classColour, distanceKm, escape, number, ordinal, unitShown, value, withUnit } from "./format.js";

/** Fills the sheet panel with zone `code` of `layer`, `indicator` first;
 * `legend` (classes and colours) gives the zone's colour. Returns its feature. */
export async function showSheet(info, layer, code, indicator, legend) {
  const feature = await zoneFeature(layer, code);
  const p = feature.properties;
  const layerInfo = info.zone_layers.find((z) => z.id === layer);
  document.getElementById("sheet-title").innerHTML = `${escape(p.name)} <small class="muted">${escape(p.code)}</small>`;
  const body = document.getElementById("sheet-body");
  const dossier = `/api/dossier/${encodeURIComponent(layer)}/${encodeURIComponent(code)}.pdf?indicator=${encodeURIComponent(indicator)}`;
  body.innerHTML = header(p, layerInfo) +
    `<p><a id="dossier-link" class="button" href="${escape(dossier)}" download>Dossier (PDF, 7 diapositives)</a></p>` +
    chosen(info, p, layer, indicator, legend) + indicatorTable(info, p, indicator) +
    members(info, p) + `<div id="series"></div><h3>Lieux d’aide les plus proches</h3><div id="nearest">…</div>`;
  body.dataset.zone = code;
  document.getElementById("sheet").hidden = false;
  nearestPlaces(info, feature).then((html) => { document.getElementById("nearest").innerHTML = html; });
  seriesSection(layer, code).then((html) => { document.getElementById("series").innerHTML = html; });
  return feature;
}

/** "Quartiers prioritaires · dans Toulouse › Haute-Garonne". */
function header(p, layerInfo) {
  const above = p.levels.map((l) => escape(l.name));
  const parents = p.parents.length > 1
    ? ` (à cheval sur ${p.parents.map((x) => `${escape(x.name)} ${number(100 * x.share, 0)}\u202f%`).join(", ")})` : "";
  return `<p class="muted">${escape(layerInfo?.label ?? p.layer)}` +
    (above.length ? ` · dans ${above.join(" › ")}${parents}` : "") + `</p>`;
}

/** What the zones of a layer are called in a rank: "QPV", "communes"… */
function noun(layer, n) {
  const nouns = { qpv: ["QPV", "QPV"], communes: ["commune", "communes"], departements: ["département", "départements"], agences: ["territoire d’agence", "territoires d’agence"] };
  const [one, many] = nouns[layer] ?? ["zone", "zones"];
  return n >= 2 ? many : one;
}

/** The chosen indicator, highlighted: value, class colour, rank in words, levels above, median. */
function chosen(info, p, layer, indicator, legend) {
  const ind = p.indicators.find((i) => i.id === indicator);
  const meta = info.indicators.find((i) => i.id === indicator);
  if (!ind || !meta) return "";
  const colour = classColour(legend, ind);
  const swatch = colour ? `<span class="swatch" style="background:${colour}" title="Classe de la carte"></span>`
    : ind.secret ? `<span class="swatch secret" title="Secret statistique"></span>` : "";
  const rank = ind.rank
    ? `<p class="rank">${ordinal(ind.rank)} valeur la plus forte sur ${number(ind.ranked, 0)}\u00a0${noun(layer, ind.ranked)} (la 1ʳᵉ est la plus forte)</p>`
    : `<p class="rank muted">Pas de rang\u00a0: ${ind.secret ? "valeur soumise au secret statistique" : "valeur non disponible"}.</p>`;
  const rows = p.levels.map((l, k) => `<tr><th scope="row">${escape(l.name)} <span class="muted">(${escape(l.label)})</span></th><td>${value(ind.levels[k], meta.unit)}</td></tr>`);
  if (ind.layer.median !== null) rows.push(`<tr><th scope="row">Médiane des ${noun(layer, 2)}</th><td>${withUnit(ind.layer.median, unitShown(meta.unit))}</td></tr>`);
  return `<section class="chosen" aria-labelledby="chosen-title"><h3 id="chosen-title">${escape(meta.label)}</h3>` +
    `<p class="big">${swatch}<strong>${value(ind, meta.unit)}</strong></p>${rank}` +
    (rows.length ? `<table class="compare"><caption class="visually-hidden">Valeurs de comparaison</caption><tbody>${rows.join("")}</tbody></table>` : "") +
    `</section>`;
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
      (c.share < 0.995 ? ` <span class="muted">(${number(100 * c.share, 0)}\u202f% de sa surface)</span>` : "") + `</li>`);
    return `<details class="members" data-layer="${escape(layer)}"><summary>${escape(layerLabel(info, layer))}\u00a0: ${list.length}</summary><ul>${items.join("")}</ul></details>`;
  }).join("");
}

/** Every indicator, the chosen one first, each with its unit and its levels above. */
function indicatorTable(info, p, indicator) {
  const split = p.split_by && p.indicators.some((i) => i.parts);
  const head = `<thead><tr><th scope="col">Indicateur</th><th scope="col">Zone</th>` +
    (split ? `<th scope="col">En QPV</th><th scope="col">Hors QPV</th>` : "") + `</tr></thead>`;
  const ordered = [...p.indicators].sort((a, b) => (b.id === indicator) - (a.id === indicator));
  const rows = ordered.map((ind) => {
    const meta = info.indicators.find((i) => i.id === ind.id) ?? { label: ind.id, unit: "" };
    // Four columns leave no room for "personnes" in each cell: the unit goes to the row's label.
    const inCells = !split || meta.unit === "%" ? meta.unit : "";
    const unitLabel = split && unitShown(meta.unit) && meta.unit !== "%" ? ` <span class="muted">(${escape(meta.unit)})</span>` : "";
    const mark = ind.secret ? `<span class="secret-mark" aria-hidden="true"></span>` : "";
    const rank = ind.rank ? `${ordinal(ind.rank)} sur ${number(ind.ranked, 0)}` : "";
    const levels = ind.levels.map((v, k) => `${escape(p.levels[k].name)}\u00a0: ${value(v, meta.unit)}`);
    const compare = [rank, ...levels].filter(Boolean).join(" · ");
    const raw = ind.secret ? "secret" : ind.value ?? "";
    const parts = !split ? "" : ind.parts
      ? `<td class="value part" data-part="inside">${value(ind.parts.inside, inCells)}</td><td class="value part" data-part="outside">${value(ind.parts.outside, inCells)}</td>`
      : `<td class="part muted">—</td><td class="part muted">—</td>`;
    const cls = ind.id === indicator ? ` class="chosen-row"` : "";
    return `<tr data-indicator="${escape(ind.id)}" data-value="${raw}"${cls}><th scope="row">${escape(meta.label)}${unitLabel}</th>` +
      `<td class="value">${mark}${value(ind, inCells)}</td>${parts}</tr>` +
      (compare ? `<tr class="compare-row"><td class="compare" colspan="${split ? 4 : 2}">${compare}</td></tr>` : "");
  });
  return `<h3>Tous les indicateurs</h3><table class="indicators${split ? " split" : ""}">${head}<tbody>${rows.join("")}</tbody></table>`;
}

/** The zone's published series: a line chart with its first and last months, or why there is none. */
async function seriesSection(layer, code) {
  const answer = await getJson(`/api/zones/${encodeURIComponent(layer)}/${encodeURIComponent(code)}/series`).catch(() => null);
  if (!answer) return "";
  return answer.series.map((s) => {
    const title = `<h3>${escape(s.label)}</h3>`;
    if (!s.points.length) return `${title}<p class="muted">Pas de série\u00a0: ${escape(s.absent_because ?? "non publiée")}.</p>`;
    const known = s.points.filter((x) => x.value !== null);
    const first = known[0], last = known[known.length - 1];
    const change = s.change_12_months === null ? "" :
      ` · sur 12 mois\u00a0: ${s.change_12_months > 0 ? "+" : ""}${number(s.change_12_months)}` +
      (s.change_12_months_pct === null ? "" : ` (${s.change_12_months_pct > 0 ? "+" : ""}${number(s.change_12_months_pct, 1)}\u202f%)`);
    return `${title}${lineChart(s.points, `${s.label}, ${escape(code)}`)}` +
      `<p class="muted series-ends">${month(first.period)}\u00a0: ${withUnit(first.value, s.unit)} · ${month(last.period)}\u00a0: ${withUnit(last.value, s.unit)}${change}</p>` +
      `<p class="muted">${escape(s.source)}\u202f; données publiques, sans secret statistique.</p>`;
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

/** The three nearest places of each public point layer, within about 20 km, with address and distance. */
async function nearestPlaces(info, feature) {
  const c = centre(feature);
  const d = 0.25;
  const bbox = [c.lng - d, c.lat - d, c.lng + d, c.lat + d].map((x) => x.toFixed(5)).join(",");
  const parts = await Promise.all(info.point_layers.map(async (layer) => {
    const found = await getJson(`/api/points/${encodeURIComponent(layer.id)}?bbox=${bbox}`);
    const near = found.features
      .map((f) => ({ ...f.properties, km: distanceKm(c, { lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }) }))
      .sort((a, b) => a.km - b.km).slice(0, 3);
    const items = near.map((x) => `<li><strong>${escape(x.name || "sans nom")}</strong> — ${withUnit(x.km, "km", 1)}` +
      (x.address ? `<br><span class="muted">${escape(x.address)}</span>` : "") + `</li>`).join("");
    return `<h4>${escape(layer.label)}</h4>` + (items ? `<ul class="places">${items}</ul>` : `<p class="muted">aucun à moins de 20\u00a0km</p>`);
  }));
  return parts.join("") + `<p class="muted">Distances à vol d’oiseau depuis le centre de la zone.</p>`;
}

