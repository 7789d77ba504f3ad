/**
 * Signed distance in metres from a point to the nearest boundary of each zone layer the plan
 * attaches restrictions to: negative inside (how far in), positive outside (how far away). Inside or
 * outside is the site check's own verdict (`zones` from checkPoint), never decided again here; this
 * adds only the measuring, for one point or a whole batch in a single SQL statement: on the
 * EPSG:4547 grid with its scale factor taken out (within a few centimetres of PostGIS geography
 * here, at a fraction of its cost).
 */
import type { Queryable } from '../../db/db.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import { boundaryDistances } from './distance.repo.ts';

/** Zone layers with restrictions in the catalogue, in catalogue order. */
export const DISTANCE_LAYER_IDS: readonly string[] = LAYERS.filter((l) => l.geometryType === 'Polygon' && l.restrictions.length > 0).map((l) => l.id);

/** Default "near a boundary" threshold in metres. */
export const NEAR_DEFAULT_M = 50;

export interface PointVerdict {
  lng: number;
  lat: number;
  /** The covering zones as the site check returned them. */
  zones: readonly { layer: string; id: string }[];
}

/** Layer id → signed metres (0.1 m precision); a layer without polygons has no entry. */
export type Distances = Record<string, number>;

const round1 = (m: number) => Math.round(m * 10) / 10;

/** Gaussian mean radius of GRS80 at Pingcheng's latitude (40.1°N), metres. */
const R = 6_374_600;
/** EPSG:4547's false easting; eastings are measured from the central meridian 114°E. */
const FALSE_EASTING = 500_000;

/**
 * Grid distance → distance on the ellipsoid. A Gauss–Krüger grid with scale 1 on the central
 * meridian stretches a line by k = 1 + (E1² + E1·E2 + E2²) / 6R² (E from the meridian): ≈ 5·10⁻⁵
 * at Pingcheng (≈ 60 km west of 114°E), half a metre over 10 km, taken out here (left: < 1 mm/km).
 */
export function gridToGround(d: number, x1: number, x2: number): number {
  const e1 = x1 - FALSE_EASTING;
  const e2 = x2 - FALSE_EASTING;
  return d / (1 + (e1 * e1 + e1 * e2 + e2 * e2) / (6 * R * R));
}

export async function zoneDistances(db: Queryable, points: readonly PointVerdict[]): Promise<Distances[]> {
  const rows = await boundaryDistances(
    db,
    points.map((p) => p.lng),
    points.map((p) => p.lat),
    DISTANCE_LAYER_IDS,
  );
  const out: Distances[] = points.map(() => ({}));
  // inside: depth = the farthest-in of the covering polygons; outside: the nearest boundary
  const inside = new Map<string, number>();
  const outside = new Map<string, number>();
  for (const r of rows) {
    const p = points[r.i - 1]!;
    const key = `${r.i}\u0000${r.layer_id}`;
    const m = gridToGround(r.d, r.x1, r.x2);
    if (p.zones.some((z) => z.layer === r.layer_id && z.id === r.id)) inside.set(key, Math.max(inside.get(key) ?? 0, m));
    else outside.set(key, Math.min(outside.get(key) ?? Infinity, m));
  }
  points.forEach((p, idx) => {
    for (const layer of DISTANCE_LAYER_IDS) {
      const key = `${idx + 1}\u0000${layer}`;
      const covered = p.zones.some((z) => z.layer === layer);
      const m = covered ? -(inside.get(key) ?? 0) : outside.get(key);
      if (m !== undefined) out[idx]![layer] = round1(m) + 0; // + 0: no -0 in JSON
    }
  });
  return out;
}

/** The layers whose boundary lies within `thresholdM` of the point. */
export const nearLayers = (d: Distances, thresholdM: number) => Object.keys(d).filter((l) => Math.abs(d[l]!) <= thresholdM);
