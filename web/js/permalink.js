// The state of the map in the URL (layer, indicator, view, selected zone),
// so that reloading or sharing the address gives the same map.

/** How classes may be chosen; the first is the service's default. */
export const METHODS = ["quantiles", "jenks", "equal_intervals"];

/** Reads the state from the address: missing parts are null. */
export function read(search = location.search) {
  const q = new URLSearchParams(search);
  const view = (q.get("view") ?? "").split(",").map(Number);
  return {
    layer: q.get("layer"),
    indicator: q.get("indicator"),
    zone: q.get("zone"),
    method: METHODS.includes(q.get("method")) ? q.get("method") : null,
    view: view.length === 3 && view.every(Number.isFinite) ? { lat: view[0], lng: view[1], zoom: view[2] } : null,
  };
}

/** The query string of a state. */
export function query(state) {
  const q = new URLSearchParams();
  if (state.layer) q.set("layer", state.layer);
  if (state.indicator) q.set("indicator", state.indicator);
  if (state.view) q.set("view", `${state.view.lat.toFixed(5)},${state.view.lng.toFixed(5)},${state.view.zoom}`);
  if (state.method && state.method !== METHODS[0]) q.set("method", state.method);
  if (state.zone) q.set("zone", state.zone);
  return q.toString();
}

/** Writes the state into the address without a new history entry. */
export function write(state) {
  history.replaceState(null, "", `${location.pathname}?${query(state)}`);
}
