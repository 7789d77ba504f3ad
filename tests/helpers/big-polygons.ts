/**
 * Large polygons for load tests (issue 20, item 14: 20 polygons of 100 000 vertices brought the
 * server down when clients never read the export): star-shaped rings, so always valid, placed on a
 * grid in the district, for the ash-yard layer (a polygon site layer).
 */
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import type { NewFeature } from '../../server/features/layers/feature-write.service.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';

export const BIG_POLYGON_LAYER = 'ash_yards';

/** Polygon `i` of `vertices` points around a grid cell, radius ~300 m with a ripple. */
function bigPolygon(i: number, vertices: number) {
  const [lng, lat] = [113.2 + (i % 6) * 0.02, 40.03 + Math.floor(i / 6) * 0.02];
  const ring: [number, number][] = [];
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices;
    const r = 0.003 * (1 + 0.1 * Math.sin(a * 40 + i));
    ring.push([Number((lng + r * Math.cos(a)).toFixed(9)), Number((lat + r * Math.sin(a)).toFixed(9))]);
  }
  ring.push(ring[0]!);
  return { type: 'Feature', properties: { name: `大储灰场 ${i}`, status: 'active' }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/** `count` polygons of `vertices` vertices, validated as the app validates them, ready to insert. */
export function bigPolygons(count: number, vertices: number): NewFeature[] {
  const layer = findLayer(BIG_POLYGON_LAYER)!;
  return Array.from({ length: count }, (_, i) => {
    const v = validateFeature(layer, bigPolygon(i, vertices));
    if (!v.valid) throw new Error(v.reason);
    return v.feature;
  });
}
