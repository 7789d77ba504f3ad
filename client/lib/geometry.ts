/** Small geometry helpers for the UI (pure; turf where it does the work). */
import { area, booleanIntersects, booleanPointInPolygon, centerOfMass, pointOnFeature, bbox as turfBbox } from '@turf/turf';

export type Bbox = [number, number, number, number];

/** A point guaranteed to lie on the feature: the point itself, or a point inside a polygon. */
export function representativePoint(geometry: GeoJSON.Geometry): [number, number] | null {
  if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
  try {
    const p = pointOnFeature({ type: 'Feature', geometry, properties: {} });
    return [p.geometry.coordinates[0]!, p.geometry.coordinates[1]!];
  } catch {
    return null;
  }
}

export function bboxOf(geojson: GeoJSON.GeoJSON): Bbox | null {
  const b = turfBbox(geojson);
  return b.every(Number.isFinite) && b[0] <= b[2] ? [b[0], b[1], b[2], b[3]] : null;
}

function signedArea(ring: GeoJSON.Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s / 2;
}

/**
 * A polygon covering `frame` with the given polygons cut out: the grey veil outside the district.
 * Holes get the winding opposite to the frame so renderers treat them as holes.
 */
export function maskOutside(features: readonly GeoJSON.Feature[], frame: Bbox): GeoJSON.Feature<GeoJSON.Polygon> | null {
  const outer: GeoJSON.Position[] = [
    [frame[0], frame[1]],
    [frame[2], frame[1]],
    [frame[2], frame[3]],
    [frame[0], frame[3]],
    [frame[0], frame[1]],
  ];
  const frameSign = Math.sign(signedArea(outer));
  const holes: GeoJSON.Position[][] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      const ring = poly[0];
      if (!ring || ring.length < 4) continue;
      holes.push(Math.sign(signedArea(ring)) === frameSign ? [...ring].reverse() : ring);
    }
  }
  if (!holes.length) return null;
  return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [outer, ...holes] } };
}

export function padBbox(b: Bbox, fraction: number): Bbox {
  const dx = (b[2] - b[0]) * fraction;
  const dy = (b[3] - b[1]) * fraction;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/**
 * Where a polygon's name goes: its centre of mass when that lies inside, else a point on its
 * surface; for a multipolygon, in its largest part. One label per feature (MapLibre would repeat
 * a polygon's label in every tile it crosses).
 */
export function labelPoint(geometry: GeoJSON.Geometry): [number, number] | null {
  let poly: GeoJSON.Polygon | null = null;
  if (geometry.type === 'Polygon') poly = geometry;
  else if (geometry.type === 'MultiPolygon') {
    let best = -1;
    for (const coordinates of geometry.coordinates) {
      const g: GeoJSON.Polygon = { type: 'Polygon', coordinates };
      const a = area(g);
      if (a > best) {
        best = a;
        poly = g;
      }
    }
  } else return representativePoint(geometry);
  if (!poly) return null;
  try {
    const c = centerOfMass(poly).geometry.coordinates as [number, number];
    if (booleanPointInPolygon(c, poly)) return [c[0], c[1]];
  } catch {
    /* degenerate polygon: fall through */
  }
  return representativePoint(poly);
}

/**
 * One label for each group of touching pieces (a gap split by a street boundary is one hole on the
 * map): placed on the group's largest piece, carrying the group's summed size, largest group first.
 */
export function touchingGroupLabels<F extends { geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon; size: number }>(
  pieces: readonly F[],
): { at: [number, number]; size: number; members: F[] }[] {
  const parent = pieces.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const boxes = pieces.map((p) => turfBbox(p.geometry));
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j < pieces.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
      if (root(i) !== root(j) && booleanIntersects(pieces[i]!.geometry, pieces[j]!.geometry)) parent[root(i)] = root(j);
    }
  const groups = new Map<number, F[]>();
  pieces.forEach((p, i) => {
    groups.set(root(i), [...(groups.get(root(i)) ?? []), p]);
  });
  const out: { at: [number, number]; size: number; members: F[] }[] = [];
  for (const members of groups.values()) {
    const largest = members.reduce((x, y) => (y.size > x.size ? y : x));
    const at = labelPoint(largest.geometry);
    if (at) out.push({ at, size: members.reduce((s, m) => s + m.size, 0), members });
  }
  return out.sort((x, y) => y.size - x.size);
}
