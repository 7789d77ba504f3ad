/**
 * Large layers as vector tiles. Above TILE_THRESHOLD features a layer is not fetched as GeoJSON and
 * clustered in the browser: its source becomes the server's `/tiles/{layer}/{z}/{x}/{y}.mvt`, whose
 * low-zoom point tiles are already thinned to one feature per grid cell with `point_count` (the same
 * property the browser clusters carry, so the layer styles keep working). The layers drawing it are
 * re-added with `source-layer` and the cluster marks adjusted to the denser server grid.
 */
import type { ExpressionSpecification, LayerSpecification, Map as MLMap } from 'maplibre-gl';
import type { TileMode } from '../lib/urlState.ts';
import { layerIds, sourceId, type BuiltLayer } from './specs.ts';

/**
 * Layers with more features than this are drawn from vector tiles. Measured with `npm run bench`'s
 * browser case (docs/PERFORMANCE.md): navigation to the first map idle with every point on the map.
 */
export const TILE_THRESHOLD = 20_000;

/** Whether a layer of `featureCount` features is drawn from tiles; `mode` is the link's override (tiles=on|off). */
export const drawsAsTiles = (featureCount: number, mode: TileMode = 'auto'): boolean => mode === 'on' || (mode === 'auto' && featureCount > TILE_THRESHOLD);

/** Deepest zoom the server is asked for; MapLibre over-zooms beyond it (points are exact from z14). */
const TILE_MAXZOOM = 16;

export const tilesUrl = (layerId: string, revision: number) => `${location.origin}/tiles/${encodeURIComponent(layerId)}/{z}/{x}/{y}.mvt?v=${revision}`;

// server clusters sit on a 32-px grid (CLUSTER_CELL on the server): marks up to 21 px across, counts abbreviated
const CLUSTER_RADIUS: ExpressionSpecification = ['step', ['get', 'point_count'], 5, 10, 6.5, 100, 8.5, 1000, 10.5];
const COUNT_TEXT: ExpressionSpecification = [
  'case',
  ['>=', ['get', 'point_count'], 1000],
  ['concat', ['to-string', ['round', ['/', ['get', 'point_count'], 1000]]], 'k'],
  ['to-string', ['get', 'point_count']],
];

/**
 * Re-points a data layer at the tile endpoint (or a newer revision of it). Visibility, filters and
 * paint set since the layers were built are kept; only the source and the cluster marks change.
 */
export function showAsTiles(map: MLMap, layerId: string, built: readonly BuiltLayer[], revision: number): void {
  const src = sourceId(layerId);
  const kept = built.map((b) => map.getLayer(b.spec.id) && (map.getStyle().layers.find((l) => l.id === b.spec.id) as LayerSpecification | undefined));
  for (const b of built) if (map.getLayer(b.spec.id)) map.removeLayer(b.spec.id);
  if (map.getSource(src)) map.removeSource(src);
  map.addSource(src, { type: 'vector', tiles: [tilesUrl(layerId, revision)], minzoom: 0, maxzoom: TILE_MAXZOOM });
  const ids = layerIds(layerId);
  built.forEach((b, i) => {
    const spec = { ...((kept[i] || b.spec) as LayerSpecification & { source: string }), source: src, 'source-layer': layerId } as LayerSpecification;
    if (spec.id === ids.cluster && spec.type === 'circle') spec.paint = { ...spec.paint, 'circle-radius': CLUSTER_RADIUS, 'circle-stroke-width': 1.5 };
    if (spec.id === ids.clusterCount && spec.type === 'symbol')
      spec.layout = { ...spec.layout, 'text-field': COUNT_TEXT, 'text-size': 10, 'text-allow-overlap': false };
    map.addLayer(spec, b.before);
  });
}
