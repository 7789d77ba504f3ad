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
import { type Boundaries, layerBoundaries, nearestBoundary } from '../../lib/boundary-distance.ts';
import { BoxSearch } from '../../lib/box-search.ts';
import { insideZone, zoneShape, type ZoneShape } from '../../lib/inside-zone.ts';
import { ZONE_MARGIN_DEG } from '../../lib/inside-zone.sql.ts';
import { polygonRings } from '../../lib/wkb.ts';
import { layerRevisions, readRevisions, type Revisions } from '../layers/revisions.ts';
import { type CoveringZone, zoneRows } from './check.repo.ts';

interface LayerIndex {
  layerId: string;
  zones: { id: number; name: string; shape: ZoneShape }[];
  /** item k = zones[k], by bounding box */
  tree: Flatbush;
  /** zone id → its position in zones */
  byId: Map<number, number>;
  /** the zones' boundaries on the grid, built on the first distance asked */
  boundaries?: Boundaries;
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
  return { layerId, zones, tree, byId: new Map(zones.map((z, k) => [z.id, k])) };
}

/**
 * The index of each layer at `revisions`, rebuilding the layers that moved, one after
 * another (`via` may be one connection, a transaction, that runs one statement at a time).
 */
async function layersAt(db: Db, via: Queryable, revisions: Revisions, layerIds: readonly string[]): Promise<LayerIndex[]> {
  let kept = indexes.get(db);
  if (!kept) {
    kept = new Map();
    indexes.set(db, kept);
  }
  const out: LayerIndex[] = [];
  for (const layerId of layerIds) {
    const revision = revisions.get(layerId) ?? 0;
    let entry = kept.get(layerId);
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
   * zones, or of zone `id` alone; undefined when the layer (or that zone) has none. A boundary
   * nearer than `unlessWithin` metres may end the search early (nearestBoundary).
   */
  boundaryDistance(layerId: string, x: number, y: number, id?: number, unlessWithin?: number): number | undefined;
}

/**
 * The index of the given layers, current as of a revision read begun after this call. `via` runs
 * the queries (a transaction of the caller's, or `db`); the index is kept per `db`.
 */
export async function zoneIndex(db: Db, via: Queryable, layerIds: readonly string[]): Promise<ZoneIndex> {
  // inside a caller's transaction (one connection) the revisions are read there; otherwise shared
  const revisions = via === db ? await layerRevisions(db).current() : await readRevisions(via);
  const layers = await layersAt(db, via, revisions, layerIds);
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
  return {
    covering: (lngs, lats) => covering(layers, lngs, lats),
    boundaryDistance(layerId, x, y, id, unlessWithin) {
      const layer = byLayer.get(layerId);
      if (!layer) return undefined;
      const only = id === undefined ? undefined : layer.byId.get(id);
      if (id !== undefined && only === undefined) return undefined;
      layer.boundaries ??= layerBoundaries(layer.zones.map((z) => z.shape));
      return nearestBoundary(layer.boundaries, x, y, only, unlessWithin);
    },
  };
}

/** The zones whose box holds the point (its own buffers: insideZone searches with others). */
const nearZones = new BoxSearch();

function covering(layers: readonly LayerIndex[], lngs: readonly number[], lats: readonly number[]): CoveringZone[] {
  const m = ZONE_MARGIN_DEG;
  const out: CoveringZone[] = [];
  for (let i = 0; i < lngs.length; i++) {
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
        if (insideZone(z.shape, x, y)) out.push({ i: i + 1, layer_id: layer.layerId, id: z.id, name: z.name });
      }
    }
  }
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
