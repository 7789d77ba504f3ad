/**
 * Clean-heating coverage gaps (issue 4): built-up land no clean-heating area covers, drawn as a
 * hatched purple layer with a strong outline and its area as a label. Its own source and layers
 * (`ana:gaps:*`), hidden until asked for.
 */
import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { OVERLAY_LOOK } from '../layers/index.ts';
import { FONT_BOLD } from './fonts.ts';
import { HALO, SLOTS } from './specs.ts';
import { setVisibility } from './visibility.ts';

const GAP_COLOR = OVERLAY_LOOK.gaps.color;
const SOURCE = 'ana:gaps';
/** One point per label (not the polygons: MapLibre would label each piece in every tile it spans). */
const LABEL_SOURCE = 'ana:gaps:labels';
const HATCH = 'ana:gaps-hatch';
export const GAP_LAYERS = {
  fill: 'ana:gaps:fill',
  line: 'ana:gaps:line',
  label: 'ana:gaps:label',
} as const;

/** A 12 px tile with one diagonal stripe: repeated, it hatches the fill. */
function hatchImage(size = 12): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(GAP_COLOR.slice(i, i + 2), 16)) as [number, number, number];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = (x + y) % size;
      const on = d < 2 || d > size - 1;
      const i = (y * size + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = on ? 200 : 28;
    }
  return { width: size, height: size, data };
}

export class GapsLayer {
  constructor(private readonly map: MLMap) {
    if (!map.hasImage(HATCH)) map.addImage(HATCH, hatchImage(), { pixelRatio: 1 });
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource(LABEL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const hidden = { visibility: 'none' as const };
    map.addLayer({ id: GAP_LAYERS.fill, type: 'fill', source: SOURCE, layout: hidden, paint: { 'fill-pattern': HATCH, 'fill-opacity': 0.95 } }, SLOTS.lines);
    map.addLayer(
      {
        id: GAP_LAYERS.line,
        type: 'line',
        source: SOURCE,
        layout: { ...hidden, 'line-join': 'round' },
        paint: { 'line-color': GAP_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.6, 15, 2.8] },
      },
      SLOTS.rasterLabels,
    );
    map.addLayer(
      {
        id: GAP_LAYERS.label,
        type: 'symbol',
        source: LABEL_SOURCE,
        minzoom: 12.5,
        layout: {
          ...hidden,
          'text-field': ['get', 'label'],
          'text-font': FONT_BOLD,
          'text-size': 11.5,
          'text-max-width': 10,
          'text-padding': 6,
          // the largest gap's label wins where two would collide
          'symbol-sort-key': ['-', ['get', 'size']],
        },
        paint: { 'text-color': GAP_COLOR, 'text-halo-color': HALO, 'text-halo-width': 1.8 },
      },
      SLOTS.labels,
    );
  }

  /** The gap polygons, and their labels: points with `label` (drawn) and `size` (the larger wins a collision). */
  async set(fc: GeoJSON.FeatureCollection, labels: GeoJSON.FeatureCollection<GeoJSON.Point>): Promise<void> {
    await Promise.all([
      (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(fc),
      (this.map.getSource(LABEL_SOURCE) as GeoJSONSource | undefined)?.setData(labels),
    ]);
  }

  setVisible(on: boolean): void {
    for (const id of Object.values(GAP_LAYERS)) setVisibility(this.map, id, on);
  }

  /** Distinct gap pieces drawn in the current view, once the map has finished drawing. */
  renderedCountWhenIdle(): Promise<number> {
    return new Promise((resolve) => {
      this.map.once('idle', () => resolve(this.renderedCount()));
      this.map.triggerRepaint();
    });
  }

  private renderedCount(): number {
    if (this.map.getLayoutProperty(GAP_LAYERS.fill, 'visibility') !== 'visible') return 0;
    const ids = new Set(this.map.queryRenderedFeatures({ layers: [GAP_LAYERS.fill] }).map((f) => String(f.properties.id)));
    return ids.size;
  }
}
