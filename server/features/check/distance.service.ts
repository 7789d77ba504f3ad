/**
 * Signed distance in metres from a point to the nearest boundary of each zone layer the plan
 * attaches restrictions to: negative inside (how far in), positive outside (how far away). Inside or
 * outside is the site check's own verdict (its covering zones, check.service.ts), never decided
 * again here; this adds only the measuring, in the process from the zone index (zone-index.ts,
 * current after every write like the zones themselves): on the EPSG:4547 grid with its scale factor
 * taken out, within a few centimetres of PostGIS geography here (server/lib/boundary-distance.ts).
 */
import type { Db, Queryable } from '../../db/db.ts';
import { gridPoint } from '../../lib/boundary-distance.ts';
import { spatialOrder } from '../../lib/spatial-order.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import { type ZoneHits, type ZoneIndex, zoneIndex } from './zone-index.ts';

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

/**
 * Per point and layer: inside (the verdict names zones of the layer), the depth of the farthest-in of
 * those zones, negative; outside, the distance to the nearest boundary of any zone of the layer.
 */
export function signedDistances(index: ZoneIndex, points: readonly PointVerdict[]): Distances[] {
  const out = new Array<Distances>(points.length);
  const ids: number[] = [];
  // the points in curve order, for the CPU's caches (spatial-order.ts); each answer goes to its point's place
  const order = spatialOrder(
    points.map((p) => p.lng),
    points.map((p) => p.lat),
  );
  for (const k of order) {
    const p = points[k]!;
    for (const [j, layer] of DISTANCE_LAYER_IDS.entries()) {
      ids.length = 0;
      for (const z of p.zones) if (z.layer === layer) ids.push(Number(z.id));
      zonesIn[j] = ids.length > 0 ? index.positions(layer, ids, positions[j]!) : undefined;
    }
    out[k] = distancesAt(index, p.lng, p.lat);
  }
  return out;
}

/**
 * The same from the zone index's own answer for the points (ZoneIndex.hits; `lngs`, `lats`: the
 * verdicts' points, which the distances are measured from), visiting them in `order` (the order
 * the hits were found in).
 */
export function hitDistances(index: ZoneIndex, hits: ZoneHits, lngs: readonly number[], lats: readonly number[], order: Uint32Array): Distances[] {
  const out = new Array<Distances>(lngs.length);
  // the index's layer l is DISTANCE_LAYER_IDS[distanceLayer[l]], or none (−1)
  const distanceLayer = index.layerIds.map((id) => DISTANCE_LAYER_IDS.indexOf(id));
  for (const k of order) {
    for (const p of positions) p.length = 0;
    for (let h = hits.start[k]!; h < hits.start[k + 1]!; h++) {
      const j = distanceLayer[hits.layer[h]!]!;
      if (j >= 0) positions[j]!.push(hits.zone[h]!);
    }
    for (let j = 0; j < positions.length; j++) zonesIn[j] = positions[j]!.length > 0 ? positions[j] : undefined;
    out[k] = distancesAt(index, lngs[k]!, lats[k]!);
  }
  return out;
}

/**
 * One point's covering zones in each layer of DISTANCE_LAYER_IDS (at its place there): undefined
 * when its verdict names no zone of the layer, else their positions in the layer (ZoneHits'), kept in
 * `positions` (no await inside: one point at a time).
 */
const zonesIn: (readonly number[] | undefined)[] = DISTANCE_LAYER_IDS.map(() => undefined);
const positions: number[][] = DISTANCE_LAYER_IDS.map(() => []);

/** The signed distances of the point (lng, lat), its covering zones in zonesIn. */
function distancesAt(index: ZoneIndex, lng: number, lat: number): Distances {
  const [x, y] = gridPoint(lng, lat);
  const out: Distances = {};
  for (let j = 0; j < DISTANCE_LAYER_IDS.length; j++) {
    const layer = DISTANCE_LAYER_IDS[j]!;
    const inside = zonesIn[j];
    // inside: the depth of the farthest-in of the zones; outside: the nearest boundary of any
    const m = inside ? -index.boundaryDepth(layer, x, y, inside) : index.boundaryDistance(layer, x, y);
    if (m !== undefined) out[layer] = round1(m) + 0; // + 0: no -0 in JSON
  }
  return out;
}

/** The distances of each point, from the zone index of `db` at its current revisions; `via` runs the queries (a caller's transaction, or `db`). */
export async function zoneDistances(db: Db, points: readonly PointVerdict[], via: Queryable = db): Promise<Distances[]> {
  return signedDistances(await zoneIndex(db, via, DISTANCE_LAYER_IDS), points);
}

/** The layers whose boundary lies within `thresholdM` of the point. */
export const nearLayers = (d: Distances, thresholdM: number) => Object.keys(d).filter((l) => Math.abs(d[l]!) <= thresholdM);
