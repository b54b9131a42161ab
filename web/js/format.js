// Numbers and values the French way.

const formats = new Map();

/** "12 345,6": a decimal comma and a space between thousands. */
export function number(x, decimals) {
  const d = decimals ?? (Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  if (!formats.has(d)) {
    formats.set(d, new Intl.NumberFormat("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d }));
  }
  return formats.get(d).format(x);
}

/** A value of the service ({value, secret}) with its unit, in words when it has none. */
export function value(v, unit) {
  if (v.secret) return "secret statistique";
  if (v.value === null || v.value === undefined) return "non disponible";
  return `${number(v.value)}${suffix(unit)}`;
}

/** The unit written after a number: none for head counts and scores, whose label says it. */
export function suffix(unit) {
  return unit && unit !== "personnes" && !unit.startsWith("score") ? ` ${unit}` : "";
}

/** Escapes text for HTML. */
export function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Lower case without accents, for searching. */
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Great-circle distance in kilometres. */
export function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLon = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
