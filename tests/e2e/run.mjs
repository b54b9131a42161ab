// End-to-end tests of the map application, in Debian's Chromium driven by
// playwright-core. Starts `zonage serve` on the Occitanie reference data
// (../shared/geodata) — or on a generated territory when those files are
// absent outside CI — and walks through what users do. With
// ZONAGE_TERRITORY=hauts-de-france it serves the Hauts-de-France manifest
// instead (QPV 2024, agency territories, QPV / outside-QPV parts, series) and
// adds the steps those need. Screenshots of each step go to
// target/e2e-screenshots/ (a subfolder for Hauts-de-France;
// ZONAGE_SCREENSHOTS to change it).
//
//   cargo build && npm ci --prefix tests/e2e && node tests/e2e/run.mjs
//   ZONAGE_TERRITORY=hauts-de-france node tests/e2e/run.mjs

import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.ZONAGE_BIN ?? path.join(root, "target/debug/zonage");
const hdf = process.env.ZONAGE_TERRITORY === "hauts-de-france";
const shots = path.join(process.env.ZONAGE_SCREENSHOTS ?? path.join(root, "target/e2e-screenshots"), hdf ? "hauts-de-france" : "");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
mkdirSync(shots, { recursive: true });

/** The manifest and data folder to serve. */
function territory() {
  const data = process.env.ZONAGE_DATA ?? path.join(root, "../shared/geodata");
  const name = hdf ? "hauts-de-france" : "occitanie";
  if (existsSync(path.join(data, name))) return [path.join(root, `geodata/${name}.toml`), data];
  if (process.env.CI) throw new Error(`${data}: reference data missing under CI`);
  const out = mkdtempSync(path.join(tmpdir(), "zonage-e2e-"));
  execFileSync(bin, ["generate", "--out", out, "--communes", "300", "--seekers", "30000", "-q"]);
  return [path.join(out, "territoire.toml"), out];
}

/** Starts the service on a free port; resolves with its base URL. */
function serve() {
  const [manifest, data] = territory();
  const child = spawn(bin, ["serve", manifest, "--data", data, "--bind", "127.0.0.1:0", "-q"], { stdio: ["ignore", "inherit", "pipe"] });
  return new Promise((resolve, reject) => {
    // The service says where it listens on standard error.
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      const m = /\(port (\d+)\)/.exec(chunk.toString());
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, child });
    });
    child.on("exit", (code) => reject(new Error(`zonage serve exited with ${code}`)));
  });
}

const results = [];
async function step(name, fn) {
  try {
    await fn();
    results.push([true, name]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([false, name]);
    console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
  }
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

// A run that hangs (a browser that never starts or never answers) fails
// with a message instead of holding CI until its time-out: a CI run once
// waited 8 minutes on a browser that had not started.
const WATCHDOG_MINUTES = 12;
let server = null;
setTimeout(() => {
  console.log(`FAIL the browser tests took more than ${WATCHDOG_MINUTES} minutes: stopped`);
  server?.kill();
  process.exit(1);
}, WATCHDOG_MINUTES * 60_000).unref();

const { base, child } = await serve();
server = child;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS, timeout: 60_000 });
const consoleErrors = [];
const external = [];
async function open(url, viewport = { width: 1280, height: 720 }) {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${url}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`${url}: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url()); });
  await page.goto(base + url);
  return page;
}
const api = async (p) => (await fetch(base + p)).json();
/** Waits until the choropleth shows and no tile of any layer is still loading. */
const tilesLoaded = (page) => page.waitForFunction(() =>
  document.querySelectorAll(".choropleth-tiles img.leaflet-tile-loaded").length > 0 &&
  document.querySelectorAll("img.leaflet-tile:not(.leaflet-tile-loaded)").length === 0, null, { timeout: 20000 })
  .then(() => page.waitForTimeout(400)); // Leaflet fades tiles in over 200 ms

/** A position inside zone `code` of `layer`, checked with the service's look-up. */
async function inside(layer, code) {
  const feature = await api(`/api/zones/${layer}/${code}`);
  const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const ring = polygons.map((p) => p[0]).sort((a, b) => b.length - a.length)[0];
  const mean = ring.reduce(([x, y], [u, v]) => [x + u / ring.length, y + v / ring.length], [0, 0]);
  for (const t of [0, 0.3, 0.5, 0.7]) for (const [u, v] of [mean, ...ring.filter((_, i) => i % 7 === 0)]) {
    const [lon, lat] = [mean[0] + (u - mean[0]) * t, mean[1] + (v - mean[1]) * t];
    const found = await api(`/api/lookup?lon=${lon}&lat=${lat}`);
    if (found.layers.find((l) => l.layer === layer)?.zones.some((z) => z.code === code)) return { lon, lat };
  }
  throw new Error(`no inner point found for ${code}`);
}

const axeSource = readFileSync(path.join(root, "tests/e2e/node_modules/axe-core/axe.min.js"), "utf8");
/** Serious and critical accessibility violations axe-core finds on the page as it is. */
async function axeViolations(page, label) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`));
  return found.map((v) => `${label}: ${v}`);
}
const axeFound = [];

/** French typography problems in the texts the page shows (and its labels for assistive technology). */
function typographyProblems(page, label) {
  return page.evaluate((label) => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest("script, style, textarea, code, .leaflet-control-attribution, #description")) continue;
      if (parent.closest("[hidden]") || n.textContent.trim() === "") continue;
      texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      for (const a of ["aria-label", "title", "placeholder", "alt"]) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
    }
    const rules = [[/ [%:;!?»]/, "espace ordinaire avant une ponctuation haute"], [/« /, "espace ordinaire après «"],
      [/\d (km|m|%|personnes|habitants|lieux|agences|zones)\b/, "espace ordinaire entre un nombre et son unité"],
      [/\p{L}'\p{L}/u, "apostrophe droite"], [/(^|[^\d])[01] (agences|lieux|zones|personnes)\b/, "pluriel après 0 ou 1"]];
    const out = [];
    for (const t of texts) for (const [re, what] of rules) if (re.test(t)) out.push(`${label}: ${what}: «${t.slice(0, 80)}»`);
    return out;
  }, label);
}
const typography = [];

/** Boxes of the place names shown; checks that no two overlap. */
async function labelBoxes(page) {
  const boxes = await page.$$eval(".place-label", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; }));
  for (let i = 0; i < boxes.length; i += 1) for (let j = i + 1; j < boxes.length; j += 1) {
    const [a, b] = [boxes[i], boxes[j]];
    const overlap = a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
    check(!overlap, `the labels «${a[4]}» and «${b[4]}» overlap`);
  }
  return boxes.map((b) => b[4]);
}
const labelsShown = (page) => page.waitForFunction(() => document.querySelectorAll(".place-label").length > 0, null, { timeout: 10000 });

let main;
const firstLoad = { bytes: 0, zoneTables: 0 };
await step("the page loads light, choropleth tiles arrive, the legend and the place names show", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`/: ${m.text()}`); });
  page.on("response", async (r) => {
    if (r.url().includes("limit=50000")) firstLoad.zoneTables += 1;
    const body = await r.body().catch(() => null);
    firstLoad.bytes += body?.length ?? 0;
  });
  await page.goto(base + "/");
  main = page;
  await tilesLoaded(main);
  await main.waitForSelector(".legend .row .swatch");
  await labelsShown(main);
  check(await main.locator(".legend .legend-title").count() === 1, "a legend title");
  check((await main.locator(".legend .source").innerText()).startsWith("Sources"), "a source line");
  check(firstLoad.zoneTables === 0, "no whole table downloaded on first load");
  check(firstLoad.bytes < 1_500_000, `${firstLoad.bytes} bytes on first load (was 1.5 MB)`);
  console.log(`     first load: ${(firstLoad.bytes / 1e6).toFixed(2)} MB decoded, no whole table`);
  await labelBoxes(main);
  await main.screenshot({ path: `${shots}/01-main-1280x720.png` });
  axeFound.push(...await axeViolations(main, "/"));
  typography.push(...await typographyProblems(main, "/"));
});

const qpv = (await api("/api/hotspots?layer=qpv&indicator=demandeurs&limit=1&min_size=0")).zones[0].code;
let sheetPage;
await step(`clicking the QPV ${qpv} opens its sheet with the API's values, the chosen indicator first`, async () => {
  const p = await inside("qpv", qpv);
  sheetPage = await open(`/?layer=qpv&indicator=demandeurs&view=${p.lat},${p.lon},16`);
  await tilesLoaded(sheetPage);
  const box = await sheetPage.locator("#map").boundingBox();
  await sheetPage.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await sheetPage.waitForSelector(`#sheet-body[data-zone="${qpv}"]`);
  const shown = await sheetPage.$$eval("tr[data-indicator]", (rows) => rows.map((r) => [r.dataset.indicator, r.dataset.value]));
  const truth = (await api(`/api/zones/qpv/${qpv}`)).properties.indicators;
  check(shown.length === truth.length, `${shown.length} indicators shown, ${truth.length} in the API`);
  check(shown[0][0] === "demandeurs", `the chosen indicator first: ${shown[0][0]}`);
  for (const ind of truth) {
    const expected = ind.secret ? "secret" : String(ind.value ?? "");
    const row = shown.find(([id]) => id === ind.id);
    check(row && row[1] === expected, `${ind.id}: ${row?.[1]} shown, ${expected} in the API`);
  }
  const chosen = await sheetPage.locator(".chosen").innerText();
  check(/valeur la plus forte sur/.test(chosen) || /Pas de rang/.test(chosen), `the rank said in words: ${chosen}`);
  check(/personnes/.test(chosen), `the value with its unit: ${chosen}`);
  await sheetPage.screenshot({ path: `${shots}/02-qpv-sheet.png` });
  axeFound.push(...await axeViolations(sheetPage, "sheet open"));
  typography.push(...await typographyProblems(sheetPage, "sheet"));
});

await step("hovering a zone outlines it and names it", async () => {
  const box = await sheetPage.locator("#map").boundingBox();
  await sheetPage.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 3);
  await sheetPage.waitForSelector(".zone-tip", { timeout: 5000 });
  check((await sheetPage.locator(".zone-tip").innerText()).length > 3, "a tooltip with the zone's name");
});

const commune = (await api("/api/zones/communes?sort=demandeurs&order=desc&limit=1")).zones[0];
await step(`keyboard only: type ${commune.name}, Enter, the sheet has the focus, Escape closes it and the focus is back in the search box`, async () => {
  await main.focus("#search");
  await main.keyboard.type(commune.name, { delay: 20 });
  await main.waitForSelector("#suggestions li[data-i]");
  const first = await main.locator("#suggestions li[data-i]").first().innerText();
  check(first.startsWith(commune.name), `exact match first: ${first}`);
  await main.keyboard.press("Enter");
  await main.waitForSelector(`#sheet-body[data-zone="${commune.code}"]`);
  await main.waitForFunction(() => document.activeElement?.id === "sheet-title");
  check(await main.locator("#layer").inputValue() === "communes", "the layer switched to communes");
  check((await main.locator("#announce").innerText()).includes(commune.name), "one line for screen readers");
  await main.screenshot({ path: `${shots}/03-search.png` });
  await main.keyboard.press("Escape");
  check(await main.locator("#sheet").isHidden(), "Escape closes the sheet");
  check(await main.evaluate(() => document.activeElement?.id) === "search", "the focus is back in the search box");
});

await step("search: a QPV shows its commune, a commune offers its QPVs, nothing found says so", async () => {
  const withQpv = (await api("/api/search?q=" + encodeURIComponent(commune.name))).results.find((r) => r.contains.length);
  await main.fill("#search", "");
  await main.fill("#search", commune.name);
  await main.waitForSelector("#suggestions li.child");
  const child = await main.locator("#suggestions li.child").first().innerText();
  check(child.includes(`dans ${withQpv?.name ?? commune.name}`), `a QPV under its commune: ${child}`);
  const qpvName = (await api(`/api/zones/qpv/${qpv}`)).properties.name;
  await main.fill("#search", qpvName);
  await main.waitForFunction((n) => [...document.querySelectorAll("#suggestions li[data-i]")].some((li) => li.textContent.startsWith(n)), qpvName);
  const line = await main.locator("#suggestions li[data-i]").first().innerText();
  const within = (await api(`/api/search?q=${encodeURIComponent(qpvName)}`)).results[0].within[0];
  check(line.includes(within), `the QPV's commune shown: ${line}`);
  await main.fill("#search", "zzqxw");
  await main.waitForSelector("#suggestions li.none");
  check((await main.locator("#suggestions").innerText()).includes("Aucun résultat"), "Aucun résultat");
  await main.keyboard.press("Escape");
});

await step("points chauds sorted by volume have the API's order, small zones are left out, listed zones outlined, CSV offered", async () => {
  await main.selectOption("#layer", "communes");
  await main.selectOption("#indicator", "part_non_autonomes");
  await main.click("#hotspots-button");
  await main.selectOption("#hotspots-sort", "volume");
  await main.fill("#hotspots-min", "200");
  await main.locator("#hotspots-min").dispatchEvent("change");
  const truth = await api("/api/hotspots?layer=communes&indicator=part_non_autonomes&sort=volume&min_size=200&limit=20");
  await main.waitForFunction((code) => document.querySelector("#hotspots-list button[data-code]")?.dataset.code === code, truth.zones[0].code);
  const codes = await main.$$eval("#hotspots-list button[data-code]", (b) => b.map((x) => x.dataset.code));
  check(codes.join() === truth.zones.map((z) => z.code).join(), `order ${codes} vs API ${truth.zones.map((z) => z.code)}`);
  check(truth.zones.every((z) => z.size >= 200) && truth.excluded_small > 0, "the minimum size excludes small zones");
  const csv = await main.request.get(base + await main.locator("#hotspots-csv").getAttribute("href"));
  check(csv.status() === 200 && (csv.headers()["content-disposition"] ?? "").includes("points-chauds"), "a named CSV download");
  await main.waitForFunction(() => document.querySelectorAll('path[stroke="#d55e00"]').length > 0);
  await tilesLoaded(main);
  await main.screenshot({ path: `${shots}/03b-hotspots.png` });
  axeFound.push(...await axeViolations(main, "hotspots open"));
  typography.push(...await typographyProblems(main, "hotspots"));
  const first = main.locator("#hotspots-list button[data-code]").first();
  await first.click();
  await main.waitForSelector(`#sheet-body[data-zone="${truth.zones[0].code}"]`)
    .catch(async (e) => { throw new Error(`${e.message}\n     the page says: ${await main.locator("#description").innerText()}`); });
  await main.click("#hotspots-button");
});

await step("a permalink restores layer, indicator and zone", async () => {
  await main.fill("#search", commune.name);
  await main.locator("#suggestions li[data-i]", { hasText: commune.code }).first().click();
  await main.waitForSelector(`#sheet-body[data-zone="${commune.code}"]`);
  await main.selectOption("#indicator", "part_non_autonomes");
  await main.waitForFunction(() => location.search.includes("indicator=part_non_autonomes"));
  const link = main.url();
  const again = await open(link.replace(base, ""));
  await again.waitForSelector(`#sheet-body[data-zone="${commune.code}"]`);
  check(await again.locator("#layer").inputValue() === "communes", "layer restored");
  check(await again.locator("#indicator").inputValue() === "part_non_autonomes", "indicator restored");
  await tilesLoaded(again);
  await again.screenshot({ path: `${shots}/04-permalink.png` });
});

await step("changing the classes keeps the old tiles until the new ones have loaded (no blank map)", async () => {
  const blank = main.evaluate(() => new Promise((resolve) => {
    let seenBlank = false;
    const t0 = performance.now();
    const tick = () => {
      if (document.querySelectorAll(".choropleth-tiles img.leaflet-tile-loaded").length === 0) seenBlank = true;
      if (performance.now() - t0 < 1500) requestAnimationFrame(tick); else resolve(seenBlank);
    };
    tick();
  }));
  await main.selectOption(".legend select.method", "jenks");
  check(!(await blank), "the map went blank while the new tiles loaded");
  await main.waitForFunction(() => location.search.includes("method=jenks"));
  const layer = await main.locator("#layer").inputValue();
  const indicator = await main.locator("#indicator").inputValue();
  const jenks = (await api(`/api/legend/${layer}/${indicator}?method=jenks`)).legend.classes.length;
  await main.waitForFunction((n) => document.querySelectorAll(".legend .row .swatch:not(.secret)").length >= n, jenks);
  await main.waitForFunction(() => [...document.querySelectorAll(".choropleth-tiles img")].every((i) => i.src.includes("method=jenks")), null, { timeout: 10000 });
  await tilesLoaded(main);
  await main.screenshot({ path: `${shots}/04b-jenks.png` });
});

await step("the table view: sorted with the keyboard, the API's values, a row opens the sheet", async () => {
  await main.click("#table-button");
  await main.waitForFunction(() => document.activeElement?.id === "table-title");
  await main.waitForSelector("table.zones tbody tr");
  const sorter = main.locator('button[data-sort="value"]');
  await sorter.focus();
  await main.keyboard.press("Enter");
  await main.waitForFunction(() => document.querySelector('th:has(button[data-sort="value"])')?.getAttribute("aria-sort") === "ascending");
  const indicator = await main.locator("#indicator").inputValue();
  const layer = await main.locator("#layer").inputValue();
  const truth = await api(`/api/zones/${layer}?sort=${indicator}&order=asc&limit=3`);
  const firstCells = await main.$$eval("table.zones tbody td.num[data-value]", (tds) => tds.slice(0, 3).map((t) => t.dataset.value));
  check(firstCells.join() === truth.zones.map((z) => String(z.indicators[indicator].value)).join(), `${firstCells} vs ${truth.zones.map((z) => z.indicators[indicator].value)}`);
  await main.screenshot({ path: `${shots}/05-table.png` });
  axeFound.push(...await axeViolations(main, "table open"));
  typography.push(...await typographyProblems(main, "table"));
  const code = await main.locator("table.zones tbody button[data-code]").first().getAttribute("data-code");
  await main.locator("table.zones tbody button[data-code]").first().click();
  await main.waitForSelector(`#sheet-body[data-zone="${code}"]`);
  await main.keyboard.press("Escape");
  await main.click("#table-button");
});

const city = hdf ? { name: "Lille", lat: 50.632, lng: 3.06 } : { name: "Toulouse", lat: 43.575, lng: 1.40 };
await step(`names over ${city.name} at z8 and z12, none overlapping, and in the 960×540 embed`, async () => {
  const z8 = await open(`/?layer=qpv&indicator=part_non_autonomes&view=${city.lat},${city.lng},8`, { width: 1366, height: 768 });
  await labelsShown(z8);
  check((await labelBoxes(z8)).includes(city.name), `${city.name} named at z8`);
  await tilesLoaded(z8);
  await z8.screenshot({ path: `${shots}/06a-names-z8.png` });
  const z12 = await open(`/?layer=qpv&indicator=part_non_autonomes&view=${city.lat},${city.lng},12`, { width: 1366, height: 768 });
  await z12.waitForFunction(() => document.querySelectorAll(".place-label.place-qpv").length > 0, null, { timeout: 10000 });
  const names = await labelBoxes(z12);
  check(names.includes(city.name), `names at z12: ${names}`);
  await tilesLoaded(z12);
  await z12.screenshot({ path: `${shots}/06b-names-z12.png` });
  const embed = await open(`/embed?layer=qpv&indicator=part_non_autonomes&view=${city.lat},${city.lng},12`, { width: 960, height: 540 });
  await labelsShown(embed);
  await labelBoxes(embed);
  await tilesLoaded(embed);
  await embed.screenshot({ path: `${shots}/06c-embed-names-960x540.png` });
});

await step("the embed dialog escapes the iframe code and keeps the zone; the embed frames it", async () => {
  await main.fill("#search", commune.name);
  await main.locator("#suggestions li[data-i]", { hasText: commune.code }).first().click();
  await main.waitForSelector(`#sheet-body[data-zone="${commune.code}"]`);
  await main.click("#embed-button");
  await main.fill("#embed-title-text", `Quartiers "prioritaires" & <communes>`);
  const code = await main.locator("#embed-code").inputValue();
  check(code.startsWith("<iframe src=") && code.includes("/embed?") && code.includes(`zone=${commune.code}`), code);
  check(code.includes('title="Quartiers &quot;prioritaires&quot; &amp; &lt;communes&gt;"'), `title escaped: ${code}`);
  const parsed = await main.evaluate((html) => { const d = document.createElement("div"); d.innerHTML = html; return d.firstElementChild?.getAttribute("title"); }, code);
  check(parsed === `Quartiers "prioritaires" & <communes>`, `the browser reads the title back: ${parsed}`);
  await main.screenshot({ path: `${shots}/07-embed-dialog.png` });
  axeFound.push(...await axeViolations(main, "embed dialog"));
  typography.push(...await typographyProblems(main, "embed dialog"));
  await main.keyboard.press("Escape");
  check(await main.evaluate(() => document.activeElement?.id) === "embed-button", "the focus is back on the button");
  const url = (await main.locator("#embed-preview").getAttribute("href")).replace(base, "");
  const embed = await open(url, { width: 640, height: 360 });
  await tilesLoaded(embed);
  await embed.waitForSelector(".legend .row");
  await embed.waitForSelector('path[stroke="#000"]');
  const legend = await embed.locator(".legend").boundingBox();
  await embed.screenshot({ path: `${shots}/08-embed-640x360.png` });
  check(legend.y >= 0 && legend.y + legend.height <= 360 && legend.x >= 0 && legend.x + legend.width <= 640, `the legend fits the frame: ${JSON.stringify(legend)}`);
  axeFound.push(...await axeViolations(embed, "/embed"));
  typography.push(...await typographyProblems(embed, "/embed"));
});

await step("the sheet's « Dossier » link gives the zone's dossier as a PDF", async () => {
  const href = await main.locator("#dossier-link").getAttribute("href");
  check(href.includes(`/api/dossier/communes/${commune.code}.pdf`), href);
  const [download] = await Promise.all([main.waitForEvent("download"), main.click("#dossier-link")]);
  const file = await download.path();
  const bytes = readFileSync(file);
  check(bytes.subarray(0, 5).toString() === "%PDF-", "a PDF");
  check(download.suggestedFilename().startsWith("dossier-"), download.suggestedFilename());
});

await step("export: a PNG framed on the selected zone, an SVG with the names as <text>, the vintage printed", async () => {
  await main.click("#export-button");
  check(await main.locator("#export-frame").inputValue() === "zone", "framed on the selected zone by default");
  await main.waitForFunction(() => document.querySelector("#export-preview")?.complete && document.querySelector("#export-preview").naturalWidth === 480);
  const href = await main.locator("#export-link").getAttribute("href");
  check(href.includes(`zone=${commune.code}`), href);
  const response = await main.request.get(base + href);
  check(response.status() === 200 && response.headers()["content-type"] === "image/png", `status ${response.status()}`);
  check((await response.body()).subarray(1, 4).toString() === "PNG", "PNG bytes");
  const svg = await (await main.request.get(base + href.replace(".png?", ".svg?"))).text();
  check(svg.includes(`${commune.name} (${commune.code})`), "the subtitle names the zone the picture is framed on");
  check(svg.includes(`>${commune.name}</text>`), "the zone's name as <text>");
  const info = await api("/api/layers");
  const svgText = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");
  if (info.date) check(svgText.includes(`Données\u00a0: ${info.date}`), `the vintage ${info.date} printed`);
  await main.screenshot({ path: `${shots}/09-export-dialog.png` });
  axeFound.push(...await axeViolations(main, "export dialog"));
  typography.push(...await typographyProblems(main, "export dialog"));
  await main.keyboard.press("Escape");
});

await step("a spreadsheet: LibreOffice opens the semicolon CSV with its accents and numbers", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "zonage-csv-"));
  const bytes = Buffer.from(await (await fetch(`${base}/api/zones/communes?format=csv&sep=semicolon&labels=true`)).arrayBuffer());
  check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, "a UTF-8 byte-order mark");
  writeFileSync(path.join(dir, "zones.csv"), bytes);
  // No character set given: LibreOffice must find UTF-8 from the mark, as a spreadsheet does on a double click.
  execFileSync("soffice", ["--headless", "--norestore", "--infilter=CSV:59,34,,1,,1036", "--convert-to", "xlsx", "--outdir", dir, path.join(dir, "zones.csv")], { stdio: "ignore", timeout: 120000 });
  const strings = execFileSync("unzip", ["-p", path.join(dir, "zones.xlsx"), "xl/sharedStrings.xml"]).toString();
  const sheet = execFileSync("unzip", ["-p", path.join(dir, "zones.xlsx"), "xl/worksheets/sheet1.xml"], { maxBuffer: 1 << 28 }).toString();
  const accented = bytes.toString("utf8").split("\n").slice(2).map((l) => l.split(";")[1]).find((n) => /[éèàç]/.test(n ?? ""));
  check(strings.includes("Demandeurs d’emploi (personnes)") && strings.includes(accented), `accents intact (${accented})`);
  const lines = bytes.toString("utf8").split("\n");
  const header = lines[1].split(";");
  const col = header.indexOf("part_non_autonomes");
  const k = lines.findIndex((l, i) => i > 1 && /^\d+,\d+$/.test(l.split(";")[col] ?? ""));
  const letter = String.fromCharCode(65 + col);
  const cell = new RegExp(`<c r="${letter}${k + 1}"[^>]*t="n"[^>]*><v>([^<]+)</v>`).exec(sheet);
  check(cell && Number(cell[1]) === Number(lines[k].split(";")[col].replace(",", ".")), `a numeric cell ${letter}${k + 1}: ${cell?.[1]} for ${lines[k].split(";")[col]}`);
});

await step("works at 1920×1080 and on a phone (compact header, folded legend, export dialog within the screen)", async () => {
  for (const [name, viewport] of [["1920x1080", { width: 1920, height: 1080 }], ["phone", { width: 390, height: 844 }]]) {
    const page = await open("/", viewport);
    await tilesLoaded(page);
    await page.waitForSelector(".legend button.fold");
    await page.screenshot({ path: `${shots}/10-main-${name}.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name}: ${overflow} px of horizontal overflow`);
    if (name !== "phone") continue;
    const header = (await page.locator("header.bar").boundingBox()).height;
    check(header <= 130, `phone header ${header} px high`);
    check(await page.locator("#legend-body").isHidden() && await page.locator("#places-body").isHidden(), "legend and places folded on a phone");
    await page.click("#export-button");
    const dialog = await page.locator("#export-dialog").boundingBox();
    check(dialog.x >= 0 && dialog.y >= 0 && dialog.x + dialog.width <= 390 && dialog.y + dialog.height <= 844, `export dialog ${JSON.stringify(dialog)}`);
    await page.screenshot({ path: `${shots}/10-phone-export.png` });
  }
  const fresh = await open("/");
  await fresh.waitForSelector(".legend .row");
  await fresh.keyboard.press("Tab");
  check(await fresh.evaluate(() => document.activeElement?.className) === "skip-link", "the first Tab reaches the skip link");
  await fresh.keyboard.press("Enter");
  check(await fresh.evaluate(() => document.activeElement?.id) === "content", "the skip link moves the focus to the content");
  const focused = [];
  for (let i = 0; i < 12; i += 1) {
    await fresh.keyboard.press("Tab");
    focused.push(await fresh.evaluate(() => document.activeElement?.id || document.activeElement?.className));
  }
  const zoomTitles = await fresh.$$eval(".leaflet-control-zoom a", (a) => a.map((x) => x.title));
  check(zoomTitles.join() === "Zoom avant,Zoom arrière", `French zoom buttons: ${zoomTitles}`);
  const headings = await fresh.$$eval("h1, h2, h3, h4", (hs) => hs.filter((h) => h.offsetParent !== null).map((h) => Number(h.tagName[1])));
  check(headings[0] === 1 && headings.every((h, i) => i === 0 || h <= headings[i - 1] + 1), `headings in order: ${headings}`);
});

await step("the API documentation page renders the service's routes, offline", async () => {
  const page = await open("/api/docs");
  await page.waitForSelector(".opblock", { timeout: 20000 });
  const paths = await page.$$eval(".opblock-summary-path", (els) => els.map((e) => e.textContent));
  check(paths.some((p) => p.includes("/api/hotspots")) && paths.some((p) => p.includes("/api/labels")), `${paths.length} routes`);
  await page.screenshot({ path: `${shots}/11-api-docs.png` });
});

if (!hdf) await step("the main view with a QPV sheet and the help places (README screenshot)", async () => {
  const page = await open(`/?layer=qpv&indicator=part_non_autonomes&view=43.585,1.40,13&zone=${qpv}`, { width: 1600, height: 900 });
  await page.waitForSelector(`#sheet-body[data-zone="${qpv}"]`);
  await page.check('input[data-points="0"]');
  await page.check('input[data-points="1"]');
  await page.waitForSelector("#nearest li");
  await tilesLoaded(page);
  await page.screenshot({ path: `${shots}/00-main-view.png` });
});

if (hdf) await step("an agency territory's sheet: QPV and outside-QPV columns, its communes and QPVs, a series or why there is none", async () => {
  const truth = (await api("/api/zones/agences/62590")).properties;
  const page = await open("/?layer=agences&indicator=part_non_autonomes&zone=62590", { width: 1600, height: 900 });
  await page.waitForSelector('#sheet-body[data-zone="62590"]');
  check((await page.locator("#layer option").allTextContents()).some((t) => t.includes("agences")), "agency territories offered");
  const shown = await page.$$eval("tr[data-indicator]", (rows) => rows.map((r) => [r.dataset.indicator,
    r.querySelector('[data-part="inside"]')?.textContent, r.querySelector('[data-part="outside"]')?.textContent]));
  const parts = truth.indicators.filter((i) => i.parts);
  check(parts.length >= 4, `${parts.length} indicators with parts`);
  for (const ind of parts) {
    const row = shown.find(([id]) => id === ind.id);
    const words = (v) => (v.secret ? "secret" : v.value === null ? "non disponible" : null);
    for (const [k, side] of [[1, "inside"], [2, "outside"]]) {
      const v = ind.parts[side];
      const expected = words(v);
      check(row?.[k] && (expected ? row[k].includes(expected) : /\d/.test(row[k])), `${ind.id} ${side}: ${row?.[k]}`);
    }
  }
  for (const layer of ["communes", "qpv"]) {
    const summary = await page.locator(`details.members[data-layer="${layer}"] summary`).innerText();
    const count = truth.children.filter((c) => c.layer === layer).length;
    check(summary.includes(String(count)), `${layer}: ${summary} for ${count}`);
  }
  await page.waitForSelector("#series h3");
  check((await page.locator("#series").innerText()).includes("Pas de série"), "the territory's series is absent, and the sheet says why");
  await tilesLoaded(page);
  await page.screenshot({ path: `${shots}/09-agency-sheet.png` });
  const commune = await open("/?layer=communes&indicator=demandeurs&zone=62215", { width: 1600, height: 900 });
  await commune.waitForSelector("#series svg.series-chart path.curve");
  const ends = await commune.locator(".series-ends").innerText();
  check(ends.includes("janvier 2020") && ends.includes("décembre 2024") && ends.includes("sur 12 mois"), ends);
  await commune.screenshot({ path: `${shots}/10-commune-series.png` });
});

await step("axe-core: no serious or critical violation on /, /embed, the sheet, the table, the hotspots and each dialog", async () => {
  check(axeFound.length === 0, axeFound.join("\n"));
});

await step("French typography in every text the application shows", async () => {
  check(typography.length === 0, [...new Set(typography)].join("\n"));
});

await step("no console error on any page, and no request leaves the server (offline networks)", async () => {
  check(consoleErrors.length === 0, consoleErrors.join("\n"));
  check(external.length === 0, external.join("\n"));
});

await browser.close();
child.kill();
const failed = results.filter(([ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
