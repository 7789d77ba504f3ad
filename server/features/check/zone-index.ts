/**
 * The site check's zones in memory: for each polygon layer an R-tree of its features' boxes
 * (flatbush) over exact shapes (server/lib/inside-zone.ts, the JS twin of insideZoneSql), and, once
 * a distance is asked for, an R-tree of its boundaries on the EPSG:4547 grid
 * (server/lib/boundary-distance.ts), so a check with its distances costs no SQL beyond the revisions
 * query it shares with concurrent requests.
 *
 * Never stale: before answering, the index asks layers/revisions.ts for every layer's revision (a
 * query that began after the request arrived) and rebuilds each layer whose revision moved — after
 * an edit, import, undo or restore through this process or any other on the same database. A layer
 * is rebuilt once however many requests wait for it, from rows read after its revision, so the index
 * is never older than the revision it is filed under.
 */
import Flatbush from 'flatbush';
import type { Db, Queryable } from '../../db/db.ts';
import { type Boundaries, deepestBoundary, layerBoundaries, nearestBoundary } from '../../lib/boundary-distance.ts';
import { BoxSearch } from '../../lib/box-search.ts';
import { insideZone, zoneShape, type ZoneShape } from '../../lib/inside-zone.ts';
import { ZONE_MARGIN_DEG } from '../../lib/inside-zone.sql.ts';
import { spatialOrder } from '../../lib/spatial-order.ts';
import { polygonRings } from '../../lib/wkb.ts';
import { layerRevisions, readRevisions, type Revisions } from '../layers/revisions.ts';
import { type CoveringZone, stampOf, zoneRowStamps, zoneRows } from './check.repo.ts';

/**
 * A zone as a verdict names it (check.contract.ts: layer, id as text, name): made once per zone when
 * its layer is indexed and shared, frozen, by every verdict that names it (ten of them per point of
 * a batch were most of its garbage).
 */
export interface VerdictZone {
  readonly layer: string;
  readonly id: string;
  readonly name: string;
}

interface LayerIndex {
  layerId: string;
  zones: { id: number; name: string; shape: ZoneShape; named: VerdictZone }[];
  /** item k = zones[k], by bounding box */
  tree: Flatbush;
  /** zone id → its position in zones */
  byId: Map<number, number>;
  /** the zones' boundaries on the grid, built on the first distance asked */
  boundaries?: Boundaries;
  /** the rows it was built from (check.repo.ts, stampOf) */
  stamp: string;
}

interface Kept {
  revision: number;
  index: Promise<LayerIndex>;
  /** The index once built (a request that finds every layer built needs no await). */
  built?: LayerIndex;
}

const indexes = new WeakMap<Db, Map<string, Kept>>();

async function buildLayer(via: Queryable, layerId: string): Promise<LayerIndex> {
  const rows = await zoneRows(via, layerId);
  const zones = rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    shape: zoneShape(polygonRings(r.wkb)),
    named: Object.freeze({ layer: layerId, id: String(r.id), name: r.name }),
  }));
  const tree = new Flatbush(Math.max(1, zones.length));
  for (const z of zones) tree.add(z.shape.minX, z.shape.minY, z.shape.maxX, z.shape.maxY);
  if (zones.length === 0) tree.add(0, 0, 0, 0);
  tree.finish();
  return { layerId, zones, tree, byId: new Map(zones.map((z, k) => [z.id, k])), stamp: stampOf(rows) };
}

/**
 * The index of each layer at `revisions`, rebuilding the layers that moved, one after
 * another (`via` may be one connection, a transaction, that runs one statement at a time). With
 * `stamps` (zoneRowStamps), also each layer whose rows are no longer those it was built from.
 */
async function layersAt(db: Db, via: Queryable, revisions: Revisions, layerIds: readonly string[], stamps?: Map<string, string>): Promise<LayerIndex[]> {
  let kept = indexes.get(db);
  if (!kept) {
    kept = new Map();
    indexes.set(db, kept);
  }
  const out: LayerIndex[] = [];
  for (const layerId of layerIds) {
    const revision = revisions.get(layerId) ?? 0;
    let entry = kept.get(layerId);
    if (entry && stamps) {
      const built = entry.built ?? (await entry.index.catch(() => undefined));
      if (built?.stamp !== (stamps.get(layerId) ?? '')) entry = undefined;
    }
    // any other revision rebuilds (not only a higher one: a restored backup can set revisions back)
    if (!entry || entry.revision !== revision) {
      const fresh: Kept = { revision, index: buildLayer(via, layerId) };
      kept.set(layerId, fresh);
      fresh.index.then(
        (built) => {
          fresh.built = built;
        },
        () => {
          if (kept.get(layerId) === fresh) kept.delete(layerId);
        },
      );
      entry = fresh;
    }
    out.push(entry.built ?? (await entry.index));
  }
  return out;
}

/**
 * Every zone holding each point, without an object per zone: point k's zones are entries
 * start[k] … start[k + 1] − 1, each a layer (its position in ZoneIndex.layerIds) and a zone (its
 * position in that layer, ZoneIndex.zone), in the order covering answers (layer id, then zone id).
 */
export interface ZoneHits {
  start: Uint32Array;
  layer: Uint8Array;
  zone: Uint32Array;
}

/** The zone layers as of one revision read: the answers of one request come from the same state. */
export interface ZoneIndex {
  /** The layers asked for, by id (the order of covering's rows and of ZoneHits' layers). */
  layerIds: readonly string[];
  /**
   * Every zone holding each point (see ZoneHits). `order`: the order in which to visit the points
   * (spatialOrder of the same points; computed here when not given), for a caller that visits them
   * again in that order.
   */
  hits(lngs: readonly number[], lats: readonly number[], order?: Uint32Array): ZoneHits;
  /**
   * Every zone holding each point, as check.repo's coveringZones answers it (same rows, same order:
   * point, layer, id).
   */
  covering(lngs: readonly number[], lats: readonly number[]): CoveringZone[];
  /** Zone k of layer `layer` (positions as in ZoneHits), as a verdict names it. */
  zone(layer: number, k: number): VerdictZone;
  /** The positions of the layer's zones `ids` that it holds (ZoneHits' positions), in the order of `ids`, into `out`. */
  positions(layerId: string, ids: readonly number[], out: number[]): number[];
  /**
   * Ground metres from the EPSG:4547 point (x, y) (gridPoint) to the nearest boundary of the layer's
   * zones; undefined when the layer has none.
   */
  boundaryDistance(layerId: string, x: number, y: number): number | undefined;
  /**
   * How deep the EPSG:4547 point (x, y) lies inside the layer's zones at `positions` (covering zones
   * of the point): ground metres to the farthest of their boundaries (deepestBoundary), 0 when
   * there are none or none has a boundary.
   */
  boundaryDepth(layerId: string, x: number, y: number, positions: readonly number[]): number;
}

/**
 * The index of the given layers, current as of a revision read begun after this call. `via` runs
 * the queries (a transaction of the caller's, or `db`); the index is kept per `db`.
 * `rows: true` (the violation scan, which must see what the tables hold however they were
 * written): current as of the zones' rows too, read in `via` (zoneRowStamps), so a write that
 * bypassed the app's write path and its revision bump rebuilds the layer as well.
 */
export async function zoneIndex(db: Db, via: Queryable, layerIds: readonly string[], opts: { rows?: boolean } = {}): Promise<ZoneIndex> {
  // inside a caller's transaction (one connection) the revisions are read there; otherwise shared
  const revisions = via === db ? await layerRevisions(db).current() : await readRevisions(via);
  const stamps = opts.rows ? await zoneRowStamps(via, layerIds) : undefined;
  const layers = await layersAt(db, via, revisions, layerIds, stamps);
  // the same layers as the last request asked of this list (no layer moved): the same index, made once
  // (layersAt answers in the list's order, one entry per id)
  let last = lastIndexes.get(db);
  if (!last) {
    last = new WeakMap();
    lastIndexes.set(db, last);
  }
  const before = last.get(layerIds);
  if (before?.layers.every((l, k) => l === layers[k])) return before.index;
  const index = indexOf(layers);
  last.set(layerIds, { layers, index });
  return index;
}

/**
 * The last index made of each list of layers asked, per database, by the list's identity (the
 * services' lists are constants; a list made for one call is forgotten with it).
 */
const lastIndexes = new WeakMap<Db, WeakMap<readonly string[], { layers: readonly LayerIndex[]; index: ZoneIndex }>>();

function indexOf(unsorted: readonly LayerIndex[]): ZoneIndex {
  const layers = [...unsorted].sort((a, b) => (a.layerId < b.layerId ? -1 : a.layerId > b.layerId ? 1 : 0));
  const byLayer = new Map(layers.map((l) => [l.layerId, l]));
  const boundariesOf = (layer: LayerIndex) => (layer.boundaries ??= layerBoundaries(layer.zones.map((z) => z.shape)));
  const hits = (lngs: readonly number[], lats: readonly number[], order?: Uint32Array) => zoneHits(layers, lngs, lats, order ?? spatialOrder(lngs, lats));
  return {
    layerIds: layers.map((l) => l.layerId),
    hits,
    covering(lngs, lats) {
      const h = hits(lngs, lats);
      const out = new Array<CoveringZone>(h.zone.length);
      for (let i = 0; i < lngs.length; i++) {
        for (let j = h.start[i]!; j < h.start[i + 1]!; j++) {
          const layer = layers[h.layer[j]!]!;
          const z = layer.zones[h.zone[j]!]!;
          out[j] = { i: i + 1, layer_id: layer.layerId, id: z.id, name: z.name };
        }
      }
      return out;
    },
    zone: (layer, k) => layers[layer]!.zones[k]!.named,
    positions(layerId, ids, out) {
      out.length = 0;
      const layer = byLayer.get(layerId);
      if (!layer) return out;
      for (const id of ids) {
        const k = layer.byId.get(id);
        if (k !== undefined) out.push(k);
      }
      return out;
    },
    boundaryDistance(layerId, x, y) {
      const layer = byLayer.get(layerId);
      return layer && nearestBoundary(boundariesOf(layer), x, y);
    },
    boundaryDepth(layerId, x, y, positions) {
      const layer = byLayer.get(layerId);
      return !layer || positions.length === 0 ? 0 : deepestBoundary(boundariesOf(layer), x, y, positions);
    },
  };
}

/** The zones whose box holds the point (its own buffers: insideZone searches with others). */
const nearZones = new BoxSearch();

/** The points visited in `order` (curve order, for the CPU's caches: spatial-order.ts); the answer is in point order. */
function zoneHits(layers: readonly LayerIndex[], lngs: readonly number[], lats: readonly number[], order: Uint32Array): ZoneHits {
  const m = ZONE_MARGIN_DEG;
  // found in visiting order: point, layer and zone of each hit
  let point = new Uint32Array(1024);
  let layerOf = new Uint8Array(1024);
  let zoneOf = new Uint32Array(1024);
  let found = 0;
  const perPoint = new Uint32Array(lngs.length);
  for (const i of order) {
    const x = lngs[i]!;
    const y = lats[i]!;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const n = nearZones.run(layer.tree, x - m, y - m, x + m, y + m);
      // in id order: zones are kept in id order (zoneRows: ORDER BY id), so positions sort as ids
      // do; the few hits sort in place
      const near = nearZones.found;
      for (let j = 1; j < n; j++) {
        const k = near[j]!;
        let at = j;
        for (; at > 0 && near[at - 1]! > k; at--) near[at] = near[at - 1]!;
        near[at] = k;
      }
      for (let j = 0; j < n; j++) {
        const k = near[j]!;
        if (!insideZone(layer.zones[k]!.shape, x, y)) continue;
        if (found === point.length) {
          point = grown(point);
          layerOf = grown(layerOf);
          zoneOf = grown(zoneOf);
        }
        point[found] = i;
        layerOf[found] = l;
        zoneOf[found] = k;
        found++;
        perPoint[i]!++;
      }
    }
  }
  // point order (then layer and id, as each point's hits were found): a counting sort on the point
  const start = new Uint32Array(lngs.length + 1);
  for (let i = 0; i < lngs.length; i++) start[i + 1] = start[i]! + perPoint[i]!;
  const at = start.slice(0, lngs.length);
  const layer = new Uint8Array(found);
  const zone = new Uint32Array(found);
  for (let j = 0; j < found; j++) {
    const to = at[point[j]!]!++;
    layer[to] = layerOf[j]!;
    zone[to] = zoneOf[j]!;
  }
  return { start, layer, zone };
}

/** A typed array twice as long, holding the same values first. */
function grown<T extends Uint8Array | Uint32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** Every zone of the given layers holding each point, from memory (zoneIndex(…).covering). */
export async function coveringZonesInProcess(
  db: Db,
  via: Queryable,
  lngs: readonly number[],
  lats: readonly number[],
  layerIds: readonly string[],
): Promise<CoveringZone[]> {
  return (await zoneIndex(db, via, layerIds)).covering(lngs, lats);
}
