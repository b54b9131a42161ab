// A small line chart of a monthly series, as inline SVG (no library): the
// curve, its lowest and highest values on the left, and a title for screen
// readers. Gaps (months without a value) break the line.

import { escape, number } from "./format.js";

const W = 300, H = 90, LEFT = 44, TOP = 6, BOTTOM = 14;

/** The SVG of `points` ([{period, value}]), labelled `title`. */
export function lineChart(points, title) {
  const values = points.map((p) => p.value).filter((v) => v !== null);
  const lo = Math.min(...values), hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (k) => LEFT + (k * (W - LEFT - 4)) / Math.max(points.length - 1, 1);
  const y = (v) => TOP + ((hi - v) * (H - TOP - BOTTOM)) / span;
  let path = "", pen = false;
  points.forEach((p, k) => {
    if (p.value === null) { pen = false; return; }
    path += `${pen ? "L" : "M"}${x(k).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const first = points[0]?.period.slice(0, 4) ?? "", last = points[points.length - 1]?.period.slice(0, 4) ?? "";
  return `<svg class="series-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escape(title)}">` +
    `<text x="${LEFT - 4}" y="${TOP + 8}" text-anchor="end">${number(hi)}</text>` +
    `<text x="${LEFT - 4}" y="${H - BOTTOM}" text-anchor="end">${number(lo)}</text>` +
    `<text x="${LEFT}" y="${H - 2}">${first}</text><text x="${W - 4}" y="${H - 2}" text-anchor="end">${last}</text>` +
    `<line x1="${LEFT}" y1="${H - BOTTOM}" x2="${W - 4}" y2="${H - BOTTOM}" class="axis"/>` +
    `<path d="${path}" class="curve"/></svg>`;
}
