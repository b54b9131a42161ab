// Search by commune or QPV name or code, with suggestions: accents and case
// ignored, keyboard navigation (arrows, Enter, Escape).

import { zoneTable } from "./api.js";
import { escape, fold } from "./format.js";

const MAX_SUGGESTIONS = 8;

/** Wires the search box; `onPick(layer, code)` is called with the chosen zone. */
export async function searchBox(info, onPick) {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  const entries = [];
  for (const layer of info.zone_layers) {
    for (const row of (await zoneTable(layer.id)).values()) {
      entries.push({ layer: layer.id, layerLabel: layer.label, code: row.code, name: row.name, key: fold(`${row.name} ${row.code}`) });
    }
  }
  let matches = [];
  let active = -1;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
  const render = () => {
    list.innerHTML = matches.map((m, i) =>
      `<li role="option" id="suggestion-${i}" aria-selected="${i === active}" data-i="${i}">${escape(m.name)} <small>${escape(m.code)} · ${escape(m.layerLabel)}</small></li>`).join("");
    list.hidden = matches.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    input.setAttribute("aria-activedescendant", active >= 0 ? `suggestion-${active}` : "");
  };
  const pick = (m) => { input.value = m.name; close(); onPick(m.layer, m.code); };
  input.addEventListener("input", () => {
    const q = fold(input.value.trim());
    matches = q.length < 2 ? [] : rank(entries, q);
    active = matches.length ? 0 : -1;
    render();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (matches.length) active = (active + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      pick(matches[active]);
    } else if (e.key === "Escape") close();
  });
  list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("li");
    if (li) { e.preventDefault(); pick(matches[Number(li.dataset.i)]); }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

/** Names that start with the query first, then those that contain it. */
function rank(entries, q) {
  const starts = [], contains = [];
  for (const e of entries) {
    if (e.key.startsWith(q) || e.code.toLowerCase() === q) starts.push(e);
    else if (e.key.includes(q)) contains.push(e);
    if (starts.length >= MAX_SUGGESTIONS) break;
  }
  return starts.concat(contains).slice(0, MAX_SUGGESTIONS);
}
