// Search by commune or QPV name or code: suggestions come from the service
// (GET /api/search) as the user types, so the page never downloads every
// name. A QPV shows its commune; a commune offers its QPVs beneath it; a
// search that finds nothing says so. Keyboard: arrows, Enter, Escape.

import { getJson } from "./api.js";
import { escape } from "./format.js";

const WAIT_MS = 120;

/** Wires the search box; `onPick(layer, code)` is called with the chosen zone. */
export function searchBox(onPick) {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  let options = [], active = -1, timer = null, asked = 0;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; };
  const render = () => {
    list.innerHTML = options.length ? options.map(optionHtml).join("") : `<li role="option" aria-disabled="true" class="none">Aucun résultat</li>`;
    for (const li of list.querySelectorAll("li[data-i]")) li.setAttribute("aria-selected", String(Number(li.dataset.i) === active));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `suggestion-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (o) => { input.value = o.name; close(); onPick(o.layer, o.code); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { options = []; close(); return; }
    timer = setTimeout(async () => {
      const id = ++asked;
      const answer = await getJson(`/api/search?q=${encodeURIComponent(q)}&limit=8`).catch(() => null);
      if (!answer || id !== asked) return;
      options = flatten(answer.results);
      active = options.length ? 0 : -1;
      render();
    }, WAIT_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (options.length) active = (active + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      if (!list.hidden) render();
    } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      e.stopPropagation(); // closes the suggestions only, not the sheet
      close();
    }
  });
  list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("li[data-i]");
    if (li) { e.preventDefault(); pick(options[Number(li.dataset.i)]); }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

/** The results as options: each zone, then (for a commune) its QPVs indented. */
function flatten(results) {
  const out = [];
  for (const r of results) {
    out.push({ layer: r.layer, code: r.code, name: r.name, detail: detail(r), child: false });
    for (const c of r.contains.slice(0, 6)) {
      if (out.some((o) => o.layer === c.layer && o.code === c.code)) continue;
      out.push({ layer: c.layer, code: c.code, name: c.name, detail: `${c.code} · dans ${r.name}`, child: true });
    }
  }
  return out;
}

/** "QPV 2015 · Toulouse · QN03106M". */
function detail(r) {
  const where = r.within.length ? ` · ${r.within.slice(0, 2).join(", ")}` : "";
  return `${r.layer_label}${where} · ${r.code}`;
}

function optionHtml(o, i) {
  return `<li role="option" id="suggestion-${i}" data-i="${i}" class="${o.child ? "child" : ""}">${escape(o.name)} <small>${escape(o.detail)}</small></li>`;
}
