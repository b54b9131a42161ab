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

const tables = new Map();

/** The whole indicator table of a zone layer (cached): code → row. */
export async function zoneTable(layer) {
  if (!tables.has(layer)) {
    tables.set(layer, getJson(`/api/zones/${encodeURIComponent(layer)}?limit=50000`).then((t) => {
      const byCode = new Map();
      for (const row of t.zones) byCode.set(row.code, row);
      return byCode;
    }));
  }
  return tables.get(layer);
}

const shapes = new Map();

/** One zone's sheet and full geometry (cached). */
export function zoneFeature(layer, code) {
  const key = `${layer}/${code}`;
  if (!shapes.has(key)) {
    shapes.set(key, getJson(`/api/zones/${encodeURIComponent(layer)}/${encodeURIComponent(code)}`));
  }
  return shapes.get(key);
}

/** The zone of `layer` under a position, or null. */
export async function zoneAt(layer, latlng) {
  const found = await getJson(`/api/lookup?lon=${latlng.lng.toFixed(6)}&lat=${latlng.lat.toFixed(6)}`);
  const entry = found.layers.find((l) => l.layer === layer);
  return entry?.zones[0] ?? null;
}
