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
import { mkdirSync, existsSync, mkdtempSync } from "node:fs";
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

const { base, child } = await serve();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
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

let main;
await step("the page loads, choropleth tiles arrive and the legend shows", async () => {
  main = await open("/");
  await tilesLoaded(main);
  await main.waitForSelector(".legend .row .swatch");
  check(await main.locator(".legend h4").count() === 1, "a legend title");
  check((await main.locator(".legend .source").innerText()).startsWith("Sources"), "a source line");
  await main.screenshot({ path: `${shots}/01-main-1280x720.png` });
});

const qpv = (await api("/api/hotspots?layer=qpv&indicator=demandeurs&limit=1")).zones[0].code;
let sheetPage;
await step(`clicking the QPV ${qpv} opens its sheet with the API's values`, async () => {
  const p = await inside("qpv", qpv);
  sheetPage = await open(`/?layer=qpv&indicator=demandeurs&view=${p.lat},${p.lon},16`);
  await tilesLoaded(sheetPage);
  const box = await sheetPage.locator("#map").boundingBox();
  await sheetPage.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await sheetPage.waitForSelector(`#sheet-body[data-zone="${qpv}"]`);
  const shown = await sheetPage.$$eval("tr[data-indicator]", (rows) => rows.map((r) => [r.dataset.indicator, r.dataset.value]));
  const truth = (await api(`/api/zones/qpv/${qpv}`)).properties.indicators;
  check(shown.length === truth.length, `${shown.length} indicators shown, ${truth.length} in the API`);
  for (const ind of truth) {
    const expected = ind.secret ? "secret" : String(ind.value ?? "");
    const row = shown.find(([id]) => id === ind.id);
    check(row && row[1] === expected, `${ind.id}: ${row?.[1]} shown, ${expected} in the API`);
  }
  await sheetPage.screenshot({ path: `${shots}/02-qpv-sheet.png` });
});

await step("hovering a zone outlines it and names it", async () => {
  const box = await sheetPage.locator("#map").boundingBox();
  await sheetPage.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 3);
  await sheetPage.waitForSelector(".zone-tip", { timeout: 5000 });
  check((await sheetPage.locator(".zone-tip").innerText()).length > 3, "a tooltip with the zone's name");
});

const commune = (await api("/api/zones/communes?sort=demandeurs&order=desc&limit=1")).zones[0];
await step(`search finds the commune ${commune.name}`, async () => {
  await main.fill("#search", commune.name.slice(0, 6));
  await main.waitForSelector("#suggestions li");
  await main.locator("#suggestions li", { hasText: commune.code }).first().click();
  await main.waitForSelector(`#sheet-body[data-zone="${commune.code}"]`);
  check(await main.locator("#layer").inputValue() === "communes", "the layer switched to communes");
  await main.screenshot({ path: `${shots}/03-search.png` });
});

await step("points chauds list the top zones, and a click opens the zone's sheet", async () => {
  await main.click("#hotspots-button");
  await main.waitForSelector("#hotspots-list button[data-code]");
  const first = main.locator("#hotspots-list button[data-code]").first();
  const code = await first.getAttribute("data-code");
  const layer = await main.locator("#layer").inputValue();
  const indicator = await main.locator("#indicator").inputValue();
  const top = (await api(`/api/hotspots?layer=${layer}&indicator=${indicator}&limit=1`)).zones[0];
  check(code === top.code, `${code} listed first, ${top.code} in the API`);
  await first.click();
  await main.waitForSelector(`#sheet-body[data-zone="${code}"]`);
  await tilesLoaded(main);
  await main.screenshot({ path: `${shots}/03b-hotspots.png` });
  await main.click("#hotspots-button");
});

await step("a permalink restores layer, indicator and zone", async () => {
  await main.fill("#search", commune.name.slice(0, 6));
  await main.locator("#suggestions li", { hasText: commune.code }).first().click();
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

await step("the legend's classification picker changes tiles, legend and address together", async () => {
  await main.selectOption(".legend select.method", "jenks");
  await main.waitForFunction(() => location.search.includes("method=jenks"));
  const layer = await main.locator("#layer").inputValue();
  const indicator = await main.locator("#indicator").inputValue();
  const jenks = (await api(`/api/legend/${layer}/${indicator}?method=jenks`)).legend.classes.length;
  await main.waitForFunction((n) => document.querySelectorAll(".legend .row .swatch:not(.secret)").length >= n, jenks);
  const tiles = await main.$$eval(".choropleth-tiles img", (imgs) => imgs.map((i) => i.src));
  check(tiles.length > 0 && tiles.every((src) => src.includes("method=jenks")), "tiles drawn with Jenks classes");
  await tilesLoaded(main);
  await main.screenshot({ path: `${shots}/04b-jenks.png` });
});

await step("the embed dialog gives an iframe, and the embed page renders at 640×360 with its legend", async () => {
  await main.click("#embed-button");
  const code = await main.locator("#embed-code").inputValue();
  check(code.startsWith("<iframe src=") && code.includes("/embed?"), code);
  await main.screenshot({ path: `${shots}/05-embed-dialog.png` });
  await main.keyboard.press("Escape");
  const url = (await main.locator("#embed-preview").getAttribute("href")).replace(base, "");
  const embed = await open(url, { width: 640, height: 360 });
  await tilesLoaded(embed);
  await embed.waitForSelector(".legend .row");
  const legend = await embed.locator(".legend").boundingBox();
  check(legend.y >= 0 && legend.y + legend.height <= 360 && legend.x >= 0 && legend.x + legend.width <= 640, "the legend fits the frame");
  await embed.screenshot({ path: `${shots}/06-embed-640x360.png` });
});

await step("export returns a PNG of the view", async () => {
  await main.click("#export-button");
  const href = await main.locator("#export-link").getAttribute("href");
  const response = await main.request.get(base + href);
  check(response.status() === 200, `status ${response.status()}`);
  check(response.headers()["content-type"] === "image/png", response.headers()["content-type"]);
  const bytes = await response.body();
  check(bytes.subarray(1, 4).toString() === "PNG", "PNG bytes");
  await main.screenshot({ path: `${shots}/07-export-dialog.png` });
  await main.keyboard.press("Escape");
});

await step("works at 1920×1080 and on a phone, and is reachable with the keyboard", async () => {
  for (const [name, viewport] of [["1920x1080", { width: 1920, height: 1080 }], ["phone", { width: 390, height: 844 }]]) {
    const page = await open("/", viewport);
    await tilesLoaded(page);
    await page.waitForSelector(".legend .row");
    await page.screenshot({ path: `${shots}/08-main-${name}.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${name}: ${overflow} px of horizontal overflow`);
  }
  const fresh = await open("/");
  await fresh.waitForSelector(".legend .row");
  const focused = [];
  for (let i = 0; i < 8; i += 1) {
    await fresh.keyboard.press("Tab");
    focused.push(await fresh.evaluate(() => document.activeElement?.id));
  }
  for (const id of ["hotspots-button", "embed-button", "export-button"]) check(focused.includes(id), `Tab reaches #${id}: ${focused}`);
  for (const id of ["layer", "indicator", "search"]) check(focused.includes(id), `Tab reaches #${id}: ${focused}`);
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

if (!hdf) await step("the main view with a QPV sheet and the help places (README screenshot)", async () => {
  const page = await open(`/?layer=qpv&indicator=part_non_autonomes&view=43.585,1.40,13&zone=${qpv}`, { width: 1600, height: 900 });
  await page.waitForSelector(`#sheet-body[data-zone="${qpv}"]`);
  await page.check('input[data-points="0"]');
  await page.check('input[data-points="1"]');
  await page.waitForSelector("#nearest li");
  await tilesLoaded(page);
  await page.screenshot({ path: `${shots}/00-main-view.png` });
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
