/**
 * SQL over the partitioned `features` table. Every statement filters on `layer_id` first so
 * PostgreSQL prunes to that layer's partition (and its own GiST index).
 * Rows come back with GeoJSON geometry and properties as JSON text: responses are assembled from
 * strings without a parse/stringify round trip, which keeps exports flat in memory and fast.
 */
import type { Db, KeepableDb, Queryable } from '../../db/db.ts';
import { copyText } from '../../db/pg-copy.ts';
import { stageEmptyPartition, type StagedPartition } from './bulk-partition.repo.ts';
import { bboxParts, type Bbox } from '../../lib/bbox.ts';
import { toEwkbHex } from '../../lib/ewkb.ts';
import { type Bind, compileCql2, operand } from './cql2-filter.sql.ts';
import { compileFilters, type PropertyFilter } from './property-filter.ts';
import type { SortKey, TypedFilter } from './queryables.ts';

export interface FeatureRow {
  id: number;
  /** JSON object text: name, is_demo, then the layer's attributes. */
  props: string;
  /** GeoJSON geometry text, WGS84, up to 9 decimals (≈0.1 mm). */
  geometry: string;
  version: number;
  updated_at: string;
}

/** How feature geometry is written: in another SRID (x/y order, or flipped to y/x) and to how many decimals. */
export interface GeometryOutput {
  srid: number;
  /** Write north first (latitude/northing), as EPSG:4326, 4490, 4547 and 4526 define their axes. */
  swapped: boolean;
  digits: number;
}

function binder(params: unknown[]): Bind {
  return (value, cast) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
}

/** How a page of features is written: geometry CRS, order and which properties. */
export interface PageShape {
  crs?: GeometryOutput;
  /** ORDER BY these keys, then id (missing values last). */
  sortby?: readonly SortKey[];
  /** Only these of name, is_demo and the attributes. */
  properties?: readonly string[];
}

/** The feature columns; geometry as GeoJSON in WGS84 lon/lat to 9 decimals unless `out` says otherwise. */
function selectFeature(bind: Bind, out?: GeometryOutput, only?: readonly string[], extraColumns = '') {
  let geometry = 'ST_AsGeoJSON(geom, 9)';
  if (out && (out.srid !== 4326 || out.swapped)) {
    let g = out.srid === 4326 ? 'geom' : `ST_Transform(geom, ${bind(out.srid, 'int')})`;
    if (out.swapped) g = `ST_FlipCoordinates(${g})`;
    // options 0: no "crs" member (the Content-Crs header says it)
    geometry = `ST_AsGeoJSON(${g}, ${bind(out.digits, 'int')}, 0)`;
  }
  let props = "(jsonb_build_object('name', name, 'is_demo', is_demo) || properties)";
  if (only)
    props = `(SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each(${props}) AS e WHERE e.key = ANY(${bind(only, 'text[]')}))`;
  return `
  SELECT id,
         ${props}::text AS props,
         ${geometry} AS geometry,
         version,
         updated_at::text AS updated_at${extraColumns}
    FROM features`;
}

export interface FeatureQuery {
  layerId: string;
  /** West, south, east, north in WGS84 (west > east crosses the antimeridian), or x/y in `bboxSrid`. */
  bbox?: Bbox;
  /** The SRID of `bbox` when not 4326 (a projected or other geographic CRS, x/y order). */
  bboxSrid?: number;
  filters?: readonly PropertyFilter[];
  /** A CQL2 filter checked against the layer's queryables (queryables.ts). */
  cql?: TypedFilter;
  /** Only these feature ids (e.g. the violating ones, resolved by the rules feature). */
  ids?: readonly number[];
}

function whereClause(q: FeatureQuery, params: unknown[] = []) {
  const bind = binder(params);
  let sql = ` WHERE layer_id = ${bind(q.layerId, 'text')}`;
  if (q.bbox) {
    // one envelope, or two for a geographic box across the antimeridian (lib/bbox.ts); a box in
    // another CRS is densified to 100 units (metres) first: its straight edges are curves in WGS84
    const srid = q.bboxSrid ?? 4326;
    const boxes = bboxParts(q.bbox).map((b) => {
      const [w, s, e, n] = b.map((v) => bind(v, 'float8'));
      if (srid === 4326) return `ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
      return `ST_Intersects(geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, ${bind(srid, 'int')}), 100), 4326))`;
    });
    sql += ` AND (${boxes.join(' OR ')})`;
  }
  if (q.ids) sql += ` AND id = ANY(${bind(q.ids, 'bigint[]')})`;
  const f = compileFilters(q.filters ?? [], params.length + 1);
  params.push(...f.params);
  sql += f.sql;
  if (q.cql) sql += ` AND ${compileCql2(q.cql, bind)}`;
  return { sql, params, bind };
}

export async function countFeatures(db: Queryable, q: FeatureQuery): Promise<number> {
  const w = whereClause(q);
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM features${w.sql}`, w.params);
  return row?.n ?? 0;
}

/** A batch stops after this many rows… */
const BATCH_ROWS = 2000;
/**
 * …or once its rows' stored size (geometry + attributes, read from the column headers without
 * decompressing: pg_column_size) passes this; the row that crosses it is the batch's last, so a
 * single feature larger than this is still one batch. 20 polygons of 100 000 vertices are ~1.6 MB
 * each: one per batch, not all twenty at once.
 */
const BATCH_BYTES = 1024 * 1024;

export function pageFeatures(db: Queryable, q: FeatureQuery, limit: number, offset: number, shape: PageShape = {}) {
  const w = whereClause(q);
  const select = selectFeature(w.bind, shape.crs, shape.properties);
  const order = [...(shape.sortby ?? []).map((k) => `${operand(k.operand, w.bind)} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`), 'id'].join(', ');
  return db.query<FeatureRow>(`${select}${w.sql} ORDER BY ${order} LIMIT ${w.bind(limit, 'int')} OFFSET ${w.bind(offset, 'int')}`, w.params);
}

/**
 * Keyset pages (id > last), each bounded in rows and in bytes, so an export or a large page holds
 * one small batch at a time however large the layer or its features; nothing (no cursor, no
 * connection) is held between batches, so a stalled client costs no database resources.
 * `offset`/`limit`: skip that many matching rows first, stop after `limit` rows (OGC pages).
 */
export async function* streamFeatures(
  db: Queryable,
  q: FeatureQuery,
  opts: { offset?: number; limit?: number; batchRows?: number; batchBytes?: number; shape?: Omit<PageShape, 'sortby'> } = {},
): AsyncGenerator<FeatureRow> {
  const w = whereClause(q);
  // bound before `n` is read: the shape's parameters come first, the batch's four after them
  const select = selectFeature(w.bind, opts.shape?.crs, opts.shape?.properties, ', sized.candidates');
  const n = w.params.length;
  const sql = `${select}
      JOIN (SELECT id AS sized_id, size, sum(size) OVER (ORDER BY id) AS upto, count(*) OVER () AS candidates
              FROM (SELECT id, pg_column_size(geom) + pg_column_size(properties) AS size
                      FROM features${w.sql} AND id > $${n + 1}
                     ORDER BY id LIMIT $${n + 2} OFFSET $${n + 3}) page) sized
        ON features.layer_id = $1 AND features.id = sized.sized_id
     WHERE sized.upto - sized.size < $${n + 4}
     ORDER BY features.id`;
  const batchRows = opts.batchRows ?? BATCH_ROWS;
  let left = opts.limit ?? Number.POSITIVE_INFINITY;
  let after = 0;
  let offset = opts.offset ?? 0;
  while (left > 0) {
    const want = Math.min(batchRows, left);
    const rows = await db.query<FeatureRow & { candidates: number | string }>(sql, [...w.params, after, want, offset, opts.batchBytes ?? BATCH_BYTES]);
    offset = 0;
    for (const { candidates: _, ...row } of rows) yield row;
    left -= rows.length;
    // fewer candidates than asked for: the end of the layer (all of them were returned: the byte cut keeps at least one)
    if (rows.length === 0 || (Number(rows[0]!.candidates) < want && rows.length === Number(rows[0]!.candidates))) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function getFeature(db: Queryable, layerId: string, id: number, out?: GeometryOutput): Promise<FeatureRow | undefined> {
  const params: unknown[] = [layerId, id];
  const [row] = await db.query<FeatureRow>(`${selectFeature(binder(params), out)} WHERE layer_id = $1 AND id = $2`, params);
  return row;
}

export interface LayerStatsRow {
  layer_id: string;
  feature_count: number;
  demo_count: number;
  revision: number;
  /** ST_Extent of the layer's features; null when it has none. */
  xmin: number | null;
  ymin: number | null;
  xmax: number | null;
  ymax: number | null;
}

/** Whether the layer holds any demo feature (EXISTS: stops at the first). */
export async function layerHasDemo(db: Queryable, layerId: string): Promise<boolean> {
  const [row] = await db.query<{ demo: boolean }>('SELECT EXISTS (SELECT 1 FROM features WHERE layer_id = $1 AND is_demo) AS demo', [layerId]);
  return row?.demo === true;
}

export function layerStats(db: Queryable) {
  return db.query<LayerStatsRow>(`
    SELECT l.id AS layer_id,
           count(f.id) AS feature_count,
           count(f.id) FILTER (WHERE f.is_demo) AS demo_count,
           l.revision,
           ST_XMin(ST_Extent(f.geom)) AS xmin, ST_YMin(ST_Extent(f.geom)) AS ymin,
           ST_XMax(ST_Extent(f.geom)) AS xmax, ST_YMax(ST_Extent(f.geom)) AS ymax
      FROM layers l
      LEFT JOIN features f ON f.layer_id = l.id
     GROUP BY l.id, l.revision`);
}

export interface NewFeature {
  name: string;
  properties: Record<string, unknown>;
  /** GeoJSON geometry object, WGS84. */
  geometry: unknown;
  isDemo: boolean;
}

/**
 * Inserts a batch with one statement (a jsonb array unnested server-side): one round trip per batch
 * on both drivers. Returns the new ids in input order.
 */
export async function insertFeatures(tx: Queryable, layerId: string, batch: readonly NewFeature[], table = 'features'): Promise<number[]> {
  if (batch.length === 0) return [];
  if (tx.copyFrom && batch.length >= COPY_MIN_ROWS) {
    const ids = await copyFeatures(tx, layerId, batch, table);
    if (ids) return ids;
  }
  const payload = JSON.stringify(batch.map((f) => ({ n: f.name, p: f.properties, g: f.geometry, d: f.isDemo })));
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO ${table} (layer_id, name, properties, geom, is_demo)
     SELECT $1, e->>'n', e->'p', ST_SetSRID(ST_GeomFromGeoJSON(e->'g'), 4326), (e->>'d')::boolean
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, i)
      ORDER BY i
     RETURNING id`,
    [layerId, payload],
  );
  return rows.map((r) => r.id);
}

/** Below this many rows a COPY saves nothing over one INSERT statement. */
const COPY_MIN_ROWS = 50;

/**
 * The pg-server path: ids drawn from the sequence in one statement, then the rows sent with COPY
 * (geometry as hex EWKB, exact doubles), so PostgreSQL parses no JSON geometry. Same table, same
 * CHECKs (ST_IsValid, not empty, properties an object), same transaction as the INSERT path.
 * Returns undefined, having written nothing, when a geometry is not plain 2-D (the INSERT path
 * takes it as GeoJSON then).
 */
async function copyFeatures(tx: Queryable, layerId: string, batch: readonly NewFeature[], table: string): Promise<number[] | undefined> {
  const rows = copyRows(batch);
  if (!rows) return undefined;
  const ids = await drawIds(tx, rows.length);
  await copyEncoded(tx, layerId, ids, rows, table);
  return ids;
}

/**
 * Each feature as its COPY line after `layer_id\tid\t` (name, properties, hex EWKB, is_demo), or
 * undefined when a geometry is not plain 2-D.
 */
function copyRows(batch: readonly NewFeature[]): string[] | undefined {
  const rows: string[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const f = batch[i]!;
    const hex = toEwkbHex(f.geometry);
    if (hex === undefined) return undefined;
    rows[i] = `${copyText(f.name)}\t${copyText(JSON.stringify(f.properties))}\t${hex}\t${f.isDemo ? 't' : 'f'}\n`;
  }
  return rows;
}

/** `n` new feature ids, ascending: the order the rows are sent in. */
async function drawIds(tx: Queryable, n: number): Promise<number[]> {
  return (await tx.query<{ id: number }>(`SELECT nextval('feature_id_seq') AS id FROM generate_series(1, $1::int)`, [n]))
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

async function copyEncoded(tx: Queryable, layerId: string, ids: readonly number[], rows: readonly string[], table: string): Promise<void> {
  const layer = copyText(layerId);
  function* lines() {
    let chunk = '';
    for (let i = 0; i < rows.length; i++) {
      chunk += `${layer}\t${ids[i]}\t${rows[i]}`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const n = await tx.copyFrom!(`COPY ${table} (layer_id, id, name, properties, geom, is_demo) FROM STDIN`, lines());
  if (n !== rows.length) throw new Error(`COPY wrote ${n} of ${rows.length} features`);
}

/** The rows one COPY of a stream carries at least by default (the last one fewer): each COPY costs two round trips. */
const STREAM_COPY_ROWS = 5000;

/**
 * A stream into an empty partition takes the bulk path (bulk-partition.repo.ts: a staging table without
 * indexes, indexed once at the end, swapped in) when it brings at least this many rows. Below, the
 * swap's fixed cost is more than the per-row index inserts it saves: a dozen catalogue statements,
 * CREATE TABLE and DROP TABLE, two index builds' setup (about 35 ms of statements on the embedded
 * database), and every session's cached plans on `features` invalidated. Measured (sites into an
 * empty layer, median of 5, in one process: the embedded database's CPU, the server's wall time):
 * 2 000 rows 49 → 75 ms embedded, 53 → 64 ms server; 5 000 rows 107 → 102 ms, 88 → 98 ms;
 * 20 000 rows 510 → 358 ms, 286 → 231 ms. So the crossing is near 5 000 on both, and the many
 * small imports and edits keep the row-by-row path.
 */
export const BULK_MIN_ROWS = 5000;

/**
 * Inserts a stream of batches, overlapping the two sides: while the database ingests one COPY (in
 * flight on the transaction's connection), the caller's generator reads, parses and validates the
 * next features and this encodes them. Sequential batches left one side idle: the 100 000-site load
 * was 2.4 s of node CPU then 2.3 s of backend CPU, one after the other. Each incoming batch is
 * encoded at once and its rows are gathered until a COPY's worth (`rowsPerCopy`), so a caller may
 * pass small batches: its feature objects then die young, where batches of thousands
 * outlived the young generation and garbage collection took a third of a million-site load's CPU.
 * One COPY is in flight at a time, so the connection never queues more than one (the COPY's own
 * backpressure holds the rest in the generator); a COPY that fails ends the stream with its error,
 * and the caller's transaction rolls everything back. `onWritten` hears the rows the database has
 * taken so far, after each COPY or INSERT. Returns the new ids in input order.
 *
 * Into an empty partition, with BULK_MIN_ROWS rows or more (the first write waits until that many
 * are at hand, or the stream ends), the rows go to a staging table swapped in for the partition at
 * the end (bulk-partition.repo.ts). `readWritten` runs once every row is written, with the table that
 * holds them: `features`, or the staging table before the swap, so that a heavy read of the new
 * rows (the history's snapshots) does not run under the swap's lock on `features`.
 */
export async function insertFeatureStream(
  tx: Queryable,
  layerId: string,
  batches: AsyncIterable<readonly NewFeature[]>,
  onWritten?: (rows: number) => void,
  rowsPerCopy = STREAM_COPY_ROWS,
  readWritten?: (ids: readonly number[], table: string) => Promise<void>,
): Promise<number[]> {
  const ids: number[] = [];
  let inflight: Promise<void> | undefined;
  let pending: string[] = [];
  /** Where the rows go, chosen at the first write. */
  let table: string | undefined;
  let staged: StagedPartition | undefined;
  const into = async (rowsAtHand: number): Promise<string> => {
    if (table) return table;
    staged = rowsAtHand >= BULK_MIN_ROWS ? await stageEmptyPartition(tx, layerId) : undefined;
    table = staged?.table ?? 'features';
    return table;
  };
  const settle = async () => {
    if (!inflight) return;
    const copy = inflight;
    inflight = undefined;
    await copy;
    onWritten?.(ids.length); // the COPY in flight is the last one with ids
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const target = await into(pending.length);
    const all = pending;
    pending = [];
    // the rows gathered before the choice may be several COPYs' worth
    for (let i = 0; i < all.length; i += rowsPerCopy) {
      const rows = all.length <= rowsPerCopy ? all : all.slice(i, i + rowsPerCopy);
      await settle();
      const copyIds = await drawIds(tx, rows.length);
      for (const id of copyIds) ids.push(id); // not spread: a caller's batch may be larger than a call's arguments
      const copy = copyEncoded(tx, layerId, copyIds, rows, target);
      copy.catch(() => {}); // awaited by settle(); no unhandled rejection meanwhile
      inflight = copy;
    }
  };
  try {
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      const rows = tx.copyFrom ? copyRows(batch) : undefined;
      if (!rows) {
        // not plain 2-D (or no COPY): the rows gathered so far go first, then this batch by INSERT
        const target = await into(pending.length + batch.length);
        await flush();
        await settle();
        ids.push(...(await insertFeatures(tx, layerId, batch, target)));
        onWritten?.(ids.length);
        continue;
      }
      for (const row of rows) pending.push(row);
      if (pending.length >= (table ? rowsPerCopy : Math.max(rowsPerCopy, BULK_MIN_ROWS))) await flush();
    }
    await flush();
    await settle();
  } finally {
    // a generator that threw leaves a COPY in flight: let it end before the caller rolls back
    await inflight?.catch(() => {});
  }
  if (staged) await staged.swapIn(readWritten && ((t) => readWritten(ids, t)));
  else await readWritten?.(ids, 'features');
  return ids;
}

/** Deletes every feature of one layer (one partition); returns how many went. */
export async function deleteLayerFeatures(tx: Queryable, layerId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>('WITH d AS (DELETE FROM features WHERE layer_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [layerId]);
  return row?.n ?? 0;
}

/**
 * The layer's write lock, held to the end of the caller's transaction: the same row lock the
 * revision bump takes (FOR NO KEY UPDATE), taken first instead of last. Readers and the foreign-key
 * checks of inserts (FOR KEY SHARE) are not blocked.
 */
export async function lockLayerForWrite(tx: Queryable, layerId: string): Promise<void> {
  await tx.query('SELECT 1 FROM layers WHERE id = $1 FOR NO KEY UPDATE', [layerId]);
}

type RevisionRow = { id: string; revision: number };
const ALL_REVISIONS = 'SELECT id, revision FROM layers';

/**
 * Every layer's revision (server/features/layers/revisions.ts asks, once for many requests; on a
 * server nearly every request does, so it is a prepared statement there).
 */
export function allRevisions(db: Queryable | Db) {
  return 'queryPrepared' in db && db.queryPrepared ? db.queryPrepared<RevisionRow>('layer_revisions', ALL_REVISIONS) : db.query<RevisionRow>(ALL_REVISIONS);
}

/** The same read, kept by the embedded database while nothing else runs on its connection (Db.readKeepable). */
export function allRevisionsKeepable(db: KeepableDb) {
  return db.readKeepable<RevisionRow>(ALL_REVISIONS);
}

/**
 * Marks a layer changed: caches and ETags that key on the revision become stale at once. Returns
 * the new revision, the one this transaction commits (a read after the commit may see a later write's).
 */
export async function bumpRevision(tx: Queryable, layerId: string): Promise<number> {
  const [row] = await tx.query<{ revision: number }>('UPDATE layers SET revision = revision + 1 WHERE id = $1 RETURNING revision', [layerId]);
  return Number(row?.revision ?? 0);
}

export async function totalFeatureCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM features');
  return row?.n ?? 0;
}
