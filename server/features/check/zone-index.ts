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

interface LayerIndex {
  layerId: string;
  zones: { id: number; name: string; shape: ZoneShape }[];
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
  const zones = rows.map((r) => ({ id: Number(r.id), name: r.name, shape: zoneShape(polygonRings(r.wkb)) }));
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

/** The zone layers as of one revision read: the answers of one request come from the same state. */
export interface ZoneIndex {
  /**
   * Every zone holding each point, as check.repo's coveringZones answers it (same rows, same order:
   * point, layer, id).
   */
  covering(lngs: readonly number[], lats: readonly number[]): CoveringZone[];
  /**
   * Ground metres from the EPSG:4547 point (x, y) (gridPoint) to the nearest boundary of the layer's
   * zones; undefined when the layer has none.
   */
  boundaryDistance(layerId: string, x: number, y: number): number | undefined;
  /**
   * How deep the EPSG:4547 point (x, y) lies inside the layer's zones `ids` (covering zones of the
   * point): ground metres to the farthest of their boundaries (deepestBoundary), 0 when none of them
   * is in the layer or has a boundary.
   */
  boundaryDepth(layerId: string, x: number, y: number, ids: readonly number[]): number;
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
  // the positions of one depth question's zones (no await inside: one question at a time)
  const positions: number[] = [];
  return {
    covering: (lngs, lats) => covering(layers, lngs, lats),
    boundaryDistance(layerId, x, y) {
      const layer = byLayer.get(layerId);
      return layer && nearestBoundary(boundariesOf(layer), x, y);
    },
    boundaryDepth(layerId, x, y, ids) {
      const layer = byLayer.get(layerId);
      if (!layer) return 0;
      positions.length = 0;
      for (const id of ids) {
        const k = layer.byId.get(id);
        if (k !== undefined) positions.push(k);
      }
      return positions.length === 0 ? 0 : deepestBoundary(boundariesOf(layer), x, y, positions);
    },
  };
}

/** The zones whose box holds the point (its own buffers: insideZone searches with others). */
const nearZones = new BoxSearch();

function covering(layers: readonly LayerIndex[], lngs: readonly number[], lats: readonly number[]): CoveringZone[] {
  const m = ZONE_MARGIN_DEG;
  const found: CoveringZone[] = [];
  // the points in curve order, for the caches (spatial-order.ts); the answer is put back in point order below
  const order = spatialOrder(lngs, lats);
  const perPoint = new Uint32Array(lngs.length);
  for (const i of order) {
    const x = lngs[i]!;
    const y = lats[i]!;
    for (const layer of layers) {
      const n = nearZones.run(layer.tree, x - m, y - m, x + m, y + m);
      // in id order: zones are kept in id order (zoneRows: ORDER BY id), so positions sort as ids
      // do; the few hits sort in place
      const hits = nearZones.found;
      for (let j = 1; j < n; j++) {
        const k = hits[j]!;
        let at = j;
        for (; at > 0 && hits[at - 1]! > k; at--) hits[at] = hits[at - 1]!;
        hits[at] = k;
      }
      for (let j = 0; j < n; j++) {
        const z = layer.zones[hits[j]!]!;
        if (insideZone(z.shape, x, y)) {
          found.push({ i: i + 1, layer_id: layer.layerId, id: z.id, name: z.name });
          perPoint[i]!++;
        }
      }
    }
  }
  // point order (then layer and id, as each point's rows were found): a counting sort on the point
  const at = new Uint32Array(lngs.length);
  for (let i = 1; i < lngs.length; i++) at[i] = at[i - 1]! + perPoint[i - 1]!;
  const out = new Array<CoveringZone>(found.length);
  for (const z of found) out[at[z.i - 1]!++] = z;
  return out;
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
