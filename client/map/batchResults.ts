/**
 * Batch screening on the map: one circle per screened row at its WGS84 position, red where the
 * plan's restrictions apply, amber where a zone boundary is near, green otherwise; the row chosen
 * in the table drawn larger with a dark ring. One GeoJSON source and one layer above the data.
 *
 * Once the map is idle after a draw, the container gets `data-batch-drawn` (rows MapLibre rendered
 * in view) and `data-batch-flagged` (those of them with restrictions): what the browser tests read.
 */
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import type { MapController } from './MapController.ts';
import { SLOTS } from './specs.ts';

const SOURCE = 'batch-results';
const LAYER = 'batch-results-points';

export type BatchVerdict = 'restricted' | 'near' | 'clear';

/** Verdict colours; the panel's legend and table use the same. */
export const BATCH_COLORS: Record<BatchVerdict, string> = { restricted: '#d6336c', near: '#f08c00', clear: '#2f9e44' };

export interface BatchMark {
  row: number;
  lng: number;
  lat: number;
  verdict: BatchVerdict;
}

function ensureLayer(ctrl: MapController): GeoJSONSource {
  const map = ctrl.map;
  const existing = map.getSource(SOURCE) as GeoJSONSource | undefined;
  if (existing) return existing;
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const color: unknown[] = ['match', ['get', 'verdict']];
  for (const [v, c] of Object.entries(BATCH_COLORS)) color.push(v, c);
  color.push('#868e96');
  map.addLayer(
    {
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      layout: { 'circle-sort-key': ['case', ['get', 'selected'], 3, ['==', ['get', 'verdict'], 'restricted'], 2, 1] },
      paint: {
        'circle-color': color as never,
        // zoom only at the top of an interpolate: the selected row's size is chosen at each stop
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, ['case', ['get', 'selected'], 8, 4.5], 15, ['case', ['get', 'selected'], 11, 7]],
        'circle-stroke-color': ['case', ['get', 'selected'], '#212529', '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'selected'], 3, 1.5],
      },
    },
    map.getLayer(SLOTS.top) ? SLOTS.top : undefined,
  );
  return map.getSource(SOURCE) as GeoJSONSource;
}

function markRendered(ctrl: MapController): void {
  const map = ctrl.map;
  map.once('idle', () => {
    const rendered = map.queryRenderedFeatures({ layers: [LAYER] });
    const rows = new Set(rendered.map((f: MapGeoJSONFeature) => f.id));
    const flagged = new Set(rendered.filter((f: MapGeoJSONFeature) => f.properties.verdict === 'restricted').map((f: MapGeoJSONFeature) => f.id));
    const el = map.getContainer();
    el.dataset.batchDrawn = String(rows.size);
    el.dataset.batchFlagged = String(flagged.size);
  });
}

/** Draws the rows; with `fit` the camera frames them. */
export function showBatchResults(ctrl: MapController, marks: readonly BatchMark[], selected: number | null, opts: { fit?: boolean } = {}): void {
  const source = ensureLayer(ctrl);
  const el = ctrl.map.getContainer();
  delete el.dataset.batchDrawn;
  delete el.dataset.batchFlagged;
  void source.setData({
    type: 'FeatureCollection',
    features: marks.map((m) => ({
      type: 'Feature',
      id: m.row,
      geometry: { type: 'Point', coordinates: [m.lng, m.lat] },
      properties: { verdict: m.verdict, selected: m.row === selected },
    })),
  });
  if (opts.fit && marks.length > 0) {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const m of marks) [w, s, e, n] = [Math.min(w, m.lng), Math.min(s, m.lat), Math.max(e, m.lng), Math.max(n, m.lat)];
    const pad = Math.max(e - w, n - s) * 0.08 + 0.002;
    ctrl.fitBounds([w - pad, s - pad, e + pad, n + pad], 16);
  }
  markRendered(ctrl);
}

export function clearBatchResults(ctrl: MapController): void {
  const source = ctrl.map.getSource(SOURCE) as GeoJSONSource | undefined;
  void source?.setData({ type: 'FeatureCollection', features: [] });
  delete ctrl.map.getContainer().dataset.batchDrawn;
  delete ctrl.map.getContainer().dataset.batchFlagged;
}
