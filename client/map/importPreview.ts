/**
 * The import dialog's preview on the map: the dry run's features (already converted to WGS84 by the
 * server) drawn dashed on top of the data layers, rejected ones in red. One GeoJSON source and
 * three layers, added on first use and emptied on clear.
 *
 * After each draw, once the map is idle, the container gets `data-import-preview` = the number of
 * preview features MapLibre actually rendered in view, and `data-import-preview-accepted` = those
 * of them that pass validation (what the browser tests read).
 */
import type { GeoJSONSource, LayerSpecification, MapGeoJSONFeature } from 'maplibre-gl';
import type { MapController } from './MapController.ts';
import { SLOTS } from './specs.ts';

const SOURCE = 'import-preview';
const ACCEPTED = '#0ca678';
const REJECTED = '#e03131';
const LAYERS = { fill: 'import-preview-fill', line: 'import-preview-line', point: 'import-preview-point' } as const;

export interface PreviewFeatureIn {
  id: number;
  geometry: GeoJSON.Geometry;
  properties: Record<string, unknown>;
  rejected?: { code: string; reason: string };
}

const colour = ['case', ['get', 'rejected'], REJECTED, ACCEPTED] as const;

function ensureLayers(ctrl: MapController): GeoJSONSource {
  const map = ctrl.map;
  const existing = map.getSource(SOURCE) as GeoJSONSource | undefined;
  if (existing) return existing;
  map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const before = map.getLayer(SLOTS.top) ? SLOTS.top : undefined;
  const specs: LayerSpecification[] = [
    {
      id: LAYERS.fill,
      type: 'fill',
      source: SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': colour as never, 'fill-opacity': 0.14 },
    },
    {
      id: LAYERS.line,
      type: 'line',
      source: SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': colour as never, 'line-width': 2.2, 'line-dasharray': [2, 1.5] },
    },
    {
      id: LAYERS.point,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 6,
        'circle-color': '#ffffff',
        'circle-opacity': 0.9,
        'circle-stroke-color': colour as never,
        'circle-stroke-width': 2.5,
      },
    },
  ];
  for (const spec of specs) map.addLayer(spec, before);
  return map.getSource(SOURCE) as GeoJSONSource;
}

function bboxOfAll(features: readonly PreviewFeatureIn[]): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else for (const x of c) visit(x);
  };
  for (const f of features) if ('coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

function markRendered(ctrl: MapController): void {
  const map = ctrl.map;
  map.once('idle', () => {
    const layers = Object.values(LAYERS).filter((id) => map.getLayer(id));
    const rendered = map.queryRenderedFeatures({ layers });
    const ids = new Set(rendered.map((f: MapGeoJSONFeature) => f.id));
    const accepted = new Set(rendered.filter((f: MapGeoJSONFeature) => !f.properties.rejected).map((f: MapGeoJSONFeature) => f.id));
    const el = map.getContainer();
    el.dataset.importPreview = String(ids.size);
    el.dataset.importPreviewAccepted = String(accepted.size);
  });
}

/** Draws the preview and (with `fit`) moves the camera to it. */
export function showImportPreview(ctrl: MapController, features: readonly PreviewFeatureIn[], opts: { fit?: boolean; rightPx?: number } = {}): void {
  const source = ensureLayers(ctrl);
  delete ctrl.map.getContainer().dataset.importPreview;
  delete ctrl.map.getContainer().dataset.importPreviewAccepted;
  void source.setData({
    type: 'FeatureCollection',
    // rejected first, so an importable feature on the same spot is drawn on top
    features: [...features.filter((f) => f.rejected), ...features.filter((f) => !f.rejected)].map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { name: f.properties.name ?? '', rejected: !!f.rejected },
    })),
  });
  // fitted to the importable features: a rejected one may lie far away (swapped axes, wrong CRS)
  const accepted = features.filter((f) => !f.rejected);
  const b = opts.fit ? bboxOfAll(accepted.length ? accepted : features) : null;
  if (b) {
    const pad = Math.max(b[2] - b[0], b[3] - b[1]) * 0.08 + 0.002;
    ctrl.fitBounds([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad], 16, opts.rightPx ?? 0);
  }
  markRendered(ctrl);
}

export function clearImportPreview(ctrl: MapController): void {
  const source = ctrl.map.getSource(SOURCE) as GeoJSONSource | undefined;
  void source?.setData({ type: 'FeatureCollection', features: [] });
  delete ctrl.map.getContainer().dataset.importPreview;
  delete ctrl.map.getContainer().dataset.importPreviewAccepted;
}
