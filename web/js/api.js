// Talking to the zonage service: JSON with the service's French error
// messages, and the few answers the application keeps for the session.

/** GET a JSON answer; throws an Error carrying the service's message. */
export async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body?.message ?? `Erreur ${response.status} pour ${path}`);
  }
  return body;
}

/** `cache.get(key)`, or `load()` kept under `key`; a failed load is
 * forgotten, so that the next call asks again instead of failing forever. */
function remembered(cache, key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => { if (cache.get(key) === promise) cache.delete(key); });
  }
  return cache.get(key);
}

const tables = new Map();

/** The whole indicator table of a zone layer (cached): code → row. */
export function zoneTable(layer) {
  return remembered(tables, layer, () => getJson(`/api/zones/${encodeURIComponent(layer)}?limit=50000`).then((t) => {
    const byCode = new Map();
    for (const row of t.zones) byCode.set(row.code, row);
    return byCode;
  }));
}

const shapes = new Map();

/** One zone's sheet and full geometry (cached). */
export function zoneFeature(layer, code) {
  return remembered(shapes, `${layer}/${code}`, () => getJson(`/api/zones/${encodeURIComponent(layer)}/${encodeURIComponent(code)}`));
}

/** The zone of `layer` under a position, or null. */
export async function zoneAt(layer, latlng) {
  const found = await getJson(`/api/lookup?lon=${latlng.lng.toFixed(6)}&lat=${latlng.lat.toFixed(6)}`);
  const entry = found.layers.find((l) => l.layer === layer);
  return entry?.zones[0] ?? null;
}
