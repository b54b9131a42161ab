// Numbers, units and words the French way: a decimal comma, narrow no-break
// spaces between thousands and before "%", a no-break space between a
// number and its unit, the singular for 0 and 1.

const formats = new Map();
/** No-break space (between a number and its unit, before ":"). */
export const NBSP = "\u00a0";
/** Narrow no-break space (before ";", "!", "?", "%"). */
export const NNBSP = "\u202f";

/** "12 345,6": a decimal comma and a narrow space between thousands. */
export function number(x, decimals) {
  const d = decimals ?? (Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  if (!formats.has(d)) {
    formats.set(d, new Intl.NumberFormat("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d }));
  }
  return formats.get(d).format(x);
}

/** A number with its unit: "12,5 %", "3,2 km", "1 563 personnes", "1 agence". */
export function withUnit(x, unit, decimals) {
  const n = number(x, decimals);
  if (!unit) return n;
  if (unit === "%") return `${n}${NNBSP}%`;
  return `${n}${NBSP}${agree(x, unit)}`;
}

/** A unit agreeing with its number: the singular for 0 and 1 ("0 lieu", "1 agence"). */
export function agree(x, unit) {
  if (Math.abs(x) >= 2) return unit;
  const singular = { personnes: "personne", habitants: "habitant", lieux: "lieu", agences: "agence", zones: "zone" };
  return singular[unit] ?? unit;
}

/** `n` and a noun in the singular (0, 1) or the plural: "1 zone", "3 zones". */
export function plural(n, singular, pluralForm) {
  return `${number(n, 0)}${NBSP}${Math.abs(n) >= 2 ? pluralForm : singular}`;
}

/** A value of the service ({value, secret}) with its unit, in words when there is none. */
export function value(v, unit) {
  if (v.secret) return "secret statistique";
  if (v.value === null || v.value === undefined) return "non disponible";
  return withUnit(v.value, unitShown(unit));
}

/** The unit written after a number: none for scores, whose label says it. */
export function unitShown(unit) {
  return unit && !unit.startsWith("score") ? unit : "";
}

/** "1ᵉʳ", "1ʳᵉ", "4ᵉ": a rank in words. */
export function ordinal(n, feminine = true) {
  if (n === 1) return feminine ? "1ʳᵉ" : "1ᵉʳ";
  return `${number(n, 0)}ᵉ`;
}

/** Escapes text for HTML (element content and quoted attributes). */
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

/** The class colour of a value in a legend answer, or null. */
export function classColour(legend, v) {
  if (!legend || v.secret || v.value === null || v.value === undefined) return null;
  const found = legend.classes.find((c) => v.value >= c.min && v.value <= c.max);
  return found?.colour ?? null;
}
