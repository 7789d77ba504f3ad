/**
 * SQL over the partitioned `features` table. Every statement filters on `layer_id` first so
 * PostgreSQL prunes to that layer's partition (and its own GiST index).
 * Rows come back with GeoJSON geometry and properties as JSON text: responses are assembled from
 * strings without a parse/stringify round trip, which keeps exports flat in memory and fast.
 */
import type { Queryable } from '../../db/db.ts';
import { copyText } from '../../db/pg-copy.ts';
import { bboxParts, type Bbox } from '../../lib/bbox.ts';
import { toEwkbHex } from '../../lib/ewkb.ts';
import { compileFilters, type PropertyFilter } from './property-filter.ts';

export interface FeatureRow {
  id: number;
  /** JSON object text: name, is_demo, then the layer's attributes. */
  props: string;
  /** GeoJSON geometry text, WGS84, up to 9 decimals (≈0.1 mm). */
  geometry: string;
  version: number;
  updated_at: string;
}

const SELECT_FEATURE = `
  SELECT id,
         (jsonb_build_object('name', name, 'is_demo', is_demo) || properties)::text AS props,
         ST_AsGeoJSON(geom, 9) AS geometry,
         version,
         updated_at::text AS updated_at
    FROM features`;

export interface FeatureQuery {
  layerId: string;
  bbox?: Bbox;
  filters?: readonly PropertyFilter[];
  /** Only these feature ids (e.g. the violating ones, resolved by the rules feature). */
  ids?: readonly number[];
}

function whereClause(q: FeatureQuery) {
  const params: unknown[] = [q.layerId];
  let sql = ' WHERE layer_id = $1';
  if (q.bbox) {
    // one envelope, or two for a box across the antimeridian (lib/bbox.ts)
    const boxes = bboxParts(q.bbox).map((b) => {
      params.push(...b);
      const n = params.length;
      return `ST_Intersects(geom, ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4326))`;
    });
    sql += ` AND (${boxes.join(' OR ')})`;
  }
  if (q.ids) {
    params.push(q.ids);
    sql += ` AND id = ANY($${params.length}::bigint[])`;
  }
  const f = compileFilters(q.filters ?? [], params.length + 1);
  return { sql: sql + f.sql, params: [...params, ...f.params] };
}

export async function countFeatures(db: Queryable, q: FeatureQuery): Promise<number> {
  const w = whereClause(q);
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM features${w.sql}`, w.params);
  return row?.n ?? 0;
}

export function pageFeatures(db: Queryable, q: FeatureQuery, limit: number, offset: number) {
  const w = whereClause(q);
  const n = w.params.length;
  return db.query<FeatureRow>(`${SELECT_FEATURE}${w.sql} ORDER BY id LIMIT $${n + 1} OFFSET $${n + 2}`, [...w.params, limit, offset]);
}

/** Keyset pages (id > last) so a million-feature export never holds more than one batch. */
export async function* streamFeatures(db: Queryable, q: FeatureQuery, batchSize = 2000): AsyncGenerator<FeatureRow> {
  const w = whereClause(q);
  const n = w.params.length;
  const sql = `${SELECT_FEATURE}${w.sql} AND id > $${n + 1} ORDER BY id LIMIT $${n + 2}`;
  let after = 0;
  for (;;) {
    const rows = await db.query<FeatureRow>(sql, [...w.params, after, batchSize]);
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function getFeature(db: Queryable, layerId: string, id: number): Promise<FeatureRow | undefined> {
  const [row] = await db.query<FeatureRow>(`${SELECT_FEATURE} WHERE layer_id = $1 AND id = $2`, [layerId, id]);
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
export async function insertFeatures(tx: Queryable, layerId: string, batch: readonly NewFeature[]): Promise<number[]> {
  if (batch.length === 0) return [];
  if (tx.copyFrom && batch.length >= COPY_MIN_ROWS) {
    const ids = await copyFeatures(tx, layerId, batch);
    if (ids) return ids;
  }
  const payload = JSON.stringify(batch.map((f) => ({ n: f.name, p: f.properties, g: f.geometry, d: f.isDemo })));
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO features (layer_id, name, properties, geom, is_demo)
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
async function copyFeatures(tx: Queryable, layerId: string, batch: readonly NewFeature[]): Promise<number[] | undefined> {
  const wkb: string[] = [];
  for (const f of batch) {
    const hex = toEwkbHex(f.geometry);
    if (hex === undefined) return undefined;
    wkb.push(hex);
  }
  const ids = (await tx.query<{ id: number }>(`SELECT nextval('feature_id_seq') AS id FROM generate_series(1, $1::int)`, [batch.length]))
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
  const layer = copyText(layerId);
  function* lines() {
    let chunk = '';
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i]!;
      chunk += `${layer}\t${ids[i]}\t${copyText(f.name)}\t${copyText(JSON.stringify(f.properties))}\t${wkb[i]}\t${f.isDemo ? 't' : 'f'}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const n = await tx.copyFrom!('COPY features (layer_id, id, name, properties, geom, is_demo) FROM STDIN', lines());
  if (n !== batch.length) throw new Error(`COPY wrote ${n} of ${batch.length} features`);
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

/** Every layer's revision (server/features/layers/revisions.ts asks, once for many requests). */
export function allRevisions(db: Queryable) {
  return db.query<{ id: string; revision: number }>('SELECT id, revision FROM layers');
}

/** Marks a layer changed: caches and ETags that key on the revision become stale at once. */
export async function bumpRevision(tx: Queryable, layerId: string): Promise<void> {
  await tx.query('UPDATE layers SET revision = revision + 1 WHERE id = $1', [layerId]);
}

export async function totalFeatureCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM features');
  return row?.n ?? 0;
}
