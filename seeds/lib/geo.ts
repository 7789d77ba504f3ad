/**
 * Small geometry helpers for hand-drawing illustrative shapes in WGS84 lon/lat. Shapes are drawn
 * as plain coordinate lists; everything written out goes through `finishGeometry`, which rounds to
 * 7 decimals (≈1 cm), drops repeated vertices and orients rings the RFC 7946 way (exterior
 * counter-clockwise, holes clockwise).
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';

export type LonLat = [number, number];
export type Ring = Position[];
export type Areal = Polygon | MultiPolygon;

const DEG = Math.PI / 180;

/** Metres per degree of longitude and latitude at a latitude, on the WGS84 ellipsoid (series to cos 5φ). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const p = lat * DEG;
  return {
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
    lat: 111132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p) - 0.0023 * Math.cos(6 * p),
  };
}

/** The point `dx` metres east and `dy` metres north of `from` (local flat approximation, fine at km scale). */
export function offset(from: LonLat, dx: number, dy: number): LonLat {
  const m = metresPerDegree(from[1]);
  return [from[0] + dx / m.lon, from[1] + dy / m.lat];
}

export const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
export const roundPosition = (p: Position): LonLat => [round7(p[0]!), round7(p[1]!)];

/** Twice the signed planar area of a ring; positive when counter-clockwise in lon/lat. */
export function signedArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

const closed = (ring: Ring): Ring => {
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
};

function withoutRepeats(ring: Ring): Ring {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
}

function oriented(ring: Ring, counterClockwise: boolean): Ring {
  return signedArea2(ring) > 0 === counterClockwise ? ring : [...ring].reverse();
}

function finishRings(rings: Ring[]): Ring[] {
  return rings.map((r) => withoutRepeats(closed(r.map(roundPosition)))).map((r, i) => oriented(r, i === 0));
}

/** Rounds, closes and orients a polygonal geometry (a new object; the input is untouched). */
export function finishGeometry<G extends Areal | Point>(g: G): G {
  const out: Areal | Point =
    g.type === 'Point'
      ? { type: 'Point', coordinates: roundPosition(g.coordinates) }
      : g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: finishRings(g.coordinates) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map(finishRings) };
  return out as G; // same `type` as the input, so the same G
}

/** A polygon from an exterior ring and optional holes, each an open or closed list of positions. */
export const polygon = (exterior: Ring, ...holes: Ring[]): Polygon => finishGeometry({ type: 'Polygon', coordinates: [exterior, ...holes] });

/** A rectangle given west, south, east, north. */
export const rectangle = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
];

/**
 * An irregular oval for organic shapes (a lake, a yard): `wobble` scales the radius at equally
 * spaced bearings, so the shape is hand-tuned by a short list of numbers, not by randomness.
 */
export function blob(center: LonLat, radiusEastM: number, radiusNorthM: number, wobble: readonly number[], rotateDeg = 0): Ring {
  const rot = rotateDeg * DEG;
  return wobble.map((k, i) => {
    const a = (2 * Math.PI * i) / wobble.length;
    const x = Math.cos(a) * radiusEastM * k;
    const y = Math.sin(a) * radiusNorthM * k;
    return offset(center, x * Math.cos(rot) - y * Math.sin(rot), x * Math.sin(rot) + y * Math.cos(rot));
  });
}

// ---- overlay operations (turf / polyclip), returning bare geometries -----------------------------

const asFeature = (g: Areal): Feature<Areal> => turf.feature(g);

export function intersection(a: Areal, b: Areal): Areal | null {
  return turf.intersect(turf.featureCollection([asFeature(a), asFeature(b)]))?.geometry ?? null;
}

export function difference(a: Areal, ...minus: Areal[]): Areal | null {
  return turf.difference(turf.featureCollection([asFeature(a), ...minus.map(asFeature)]))?.geometry ?? null;
}

export function union(...parts: Areal[]): Areal | null {
  if (parts.length === 1) return parts[0]!;
  return turf.union(turf.featureCollection(parts.map(asFeature)))?.geometry ?? null;
}

/** Geodesic area in square metres. */
export const areaM2 = (g: Areal): number => turf.area(g);

/** Inside or on the boundary: the same decision as PostGIS ST_Covers, which the rules use. */
export const covers = (g: Areal, p: Position): boolean => turf.booleanPointInPolygon(p, g);

/** Strictly inside: off the boundary as well. */
export const strictlyInside = (g: Areal, p: Position): boolean => turf.booleanPointInPolygon(p, g, { ignoreBoundary: true });

/** Distance in metres from a point to the nearest edge of a polygonal geometry, whichever side it is on. */
export const distanceToEdgeM = (g: Areal, p: Position): number => Math.abs(turf.pointToPolygonDistance(p, asFeature(g), { units: 'meters' }));
