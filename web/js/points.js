// Help places (public point layers), toggled by type, thinned at low zoom
// so that the map stays readable: one place per 14-pixel cell is drawn.

import { getJson } from "./api.js";
import { foldable } from "./fold.js";
import { escape } from "./format.js";

/** Colours of the point layers, in the order the service lists them (as on static maps). */
export const POINT_COLOURS = ["#d55e00", "#0072b2", "#cc79a7", "#e69f00", "#56b4e9"];
const CELL_PX = 14;

/** The point layers and their toggles (a Leaflet control). */
export class Places {
  constructor(map, info) {
    this.map = map;
    this.layers = info.point_layers.map((l, i) => ({ ...l, colour: POINT_COLOURS[i % POINT_COLOURS.length], on: false, points: null, group: L.layerGroup() }));
    this.renderer = L.canvas({ padding: 0.2 });
    map.on("zoomend", () => this.redraw());
  }

  /** The toggles, as a control on the map; folded at first with `collapsed`. */
  control({ collapsed = false } = {}) {
    const control = L.control({ position: "topright" });
    control.onAdd = () => {
      const div = L.DomUtil.create("div", "points-control");
      div.setAttribute("role", "group");
      div.setAttribute("aria-label", "Lieux d’aide affichés");
      const boxes = this.layers.map((l, i) =>
        `<label><input type="checkbox" data-points="${i}"><span class="dot" style="background:${l.colour}"></span>${escape(l.label)}</label>`).join("");
      div.innerHTML = `<button type="button" class="fold" aria-expanded="${!collapsed}" aria-controls="places-body">Lieux d’aide</button>` +
        `<div id="places-body"${collapsed ? " hidden" : ""}>${boxes}</div>`;
      foldable(div.querySelector("button.fold"), div.querySelector("#places-body"));
      L.DomEvent.disableClickPropagation(div);
      div.addEventListener("change", (e) => this.toggle(Number(e.target.dataset.points), e.target.checked));
      return div;
    };
    return control;
  }

  /** Ids of the layers shown. */
  shown() {
    return this.layers.filter((l) => l.on).map((l) => l.id);
  }

  async toggle(i, on) {
    const layer = this.layers[i];
    layer.on = on;
    if (on && !layer.points) layer.points = (await getJson(`/api/points/${layer.id}`)).features;
    this.redraw();
  }

  redraw() {
    for (const layer of this.layers) {
      layer.group.clearLayers();
      if (!layer.on || !layer.points) { this.map.removeLayer(layer.group); continue; }
      const taken = new Set();
      for (const f of layer.points) {
        const [lng, lat] = f.geometry.coordinates;
        const p = this.map.project([lat, lng]);
        const cell = `${Math.floor(p.x / CELL_PX)},${Math.floor(p.y / CELL_PX)}`;
        if (this.map.getZoom() < 12 && taken.has(cell)) continue;
        taken.add(cell);
        L.circleMarker([lat, lng], { renderer: this.renderer, radius: 5, color: "#fff", weight: 1.5, fillColor: layer.colour, fillOpacity: 1 })
          .bindTooltip(escape(f.properties.name || layer.label)).addTo(layer.group);
      }
      layer.group.addTo(this.map);
    }
  }
}
