// Place names over the map: the service places them for the whole territory
// at each zoom (GET /api/labels), so names never overlap, never move when
// the map is panned and are never cut at tile edges. Drawn in their own
// pane above the tiles, with a white halo; they do not catch the pointer.

import { getJson } from "./api.js";
import { escape } from "./format.js";
import { ancestors } from "./layers.js";

/** The label layer of a map. */
export class LabelLayer {
  constructor(map, info) {
    this.map = map;
    this.info = info;
    this.layers = [];
    this.group = L.layerGroup().addTo(map);
    this.request = 0;
    map.createPane("labels").classList.add("label-pane");
    map.on("moveend", () => this.refresh());
  }

  /** Names the zones of `layer` and of its parent layer (a QPV map names the communes). */
  show(layer) {
    this.layers = [layer, ...ancestors(this.info, layer).slice(0, 1)];
    this.refresh();
  }

  async refresh() {
    if (!this.layers.length) return;
    const id = ++this.request;
    const b = this.map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(",");
    const q = `layers=${this.layers.map(encodeURIComponent).join(",")}&zoom=${this.map.getZoom()}&bbox=${bbox}`;
    const answer = await getJson(`/api/labels?${q}`).catch(() => null);
    if (!answer || id !== this.request) return; // a newer view was asked for meanwhile
    this.group.clearLayers();
    for (const l of answer.labels) this.group.addLayer(marker(l));
  }
}

/** One name: a box of the size the service measured, the text centred in it. */
function marker(l) {
  const [w, h] = [l.box[2] - l.box[0], l.box[3] - l.box[1]];
  const icon = L.divIcon({
    className: `place-label place-${l.layer}`,
    html: `<span style="font-size:${l.size}px">${escape(l.name)}</span>`,
    iconSize: [w, h],
    iconAnchor: [w / 2, h / 2],
  });
  return L.marker([l.lat, l.lon], { icon, pane: "labels", interactive: false, keyboard: false });
}
