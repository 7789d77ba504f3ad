/**
 * The layer catalogue joined with what the database holds, feature reads as GeoJSON text, and the
 * one validated write path every layer's features take (the demo seed, imports and edits).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { textProblem } from '../../http/input-guard.ts';
import { Cql2Error, parseCql2Json, parseCql2Text } from '../../lib/cql2.ts';
import { bboxInsideSane, SANE_EXTENT_TEXT } from '../../lib/extent.ts';
import { CRS84, findOgcCrs, OGC_CRS_URIS } from '../../lib/ogc-crs.ts';
import { findLayer, LAYERS, type Layer } from './catalogue/index.ts';
import * as repo from './features.repo.ts';
import type { LayersResponse } from './layers.contract.ts';
import { checkFilter, type TypedFilter } from './queryables.ts';

export type { FeatureQuery, FeatureRow, NewFeature } from './features.repo.ts';
export { checkProperties, checkSortby, queryablesSchema, type SortKey, type TypedFilter } from './queryables.ts';

/** The allow-list gate: every route that takes a layer id passes through here first. */
export function requireLayer(id: string): Layer {
  const layer = findLayer(id);
  if (!layer) throw notFound({ zh: `图层 ${id.slice(0, 64)}`, en: `layer ${id.slice(0, 64)}` });
  return layer;
}

export async function listLayers(db: Db): Promise<LayersResponse> {
  const stats = new Map((await repo.layerStats(db)).map((s) => [s.layer_id, s]));
  const layers = LAYERS.map(({ schema: _schema, ...layer }) => {
    const s = stats.get(layer.id);
    return {
      ...layer,
      featureCount: s?.feature_count ?? 0,
      demoCount: s?.demo_count ?? 0,
      revision: s?.revision ?? 0,
      extent: extentOf(s),
    };
  });
  return { demo: layers.some((l) => l.demoCount > 0), layers };
}

/** [minLng, minLat, maxLng, maxLat] of a layer's features, or null for an empty layer. */
export type Extent = [number, number, number, number];

function extentOf(s: repo.LayerStatsRow | undefined): Extent | null {
  if (!s || s.xmin === null || s.ymin === null || s.xmax === null || s.ymax === null) return null;
  return [s.xmin, s.ymin, s.xmax, s.ymax];
}

export const featureToJson = (row: repo.FeatureRow): string => `{"type":"Feature","id":${row.id},"geometry":${row.geometry},"properties":${row.props}}`;

/** A layer's features (as the query selects them) as a GeoJSON FeatureCollection in text chunks. */
export const featureCollectionText = (db: Queryable, q: repo.FeatureQuery, extraMembers: Record<string, unknown> = {}) =>
  featureCollectionChunks(repo.streamFeatures(db, q), extraMembers);

/**
 * The one GeoJSON FeatureCollection streamer (layer reads and the GeoJSON export): rows in text
 * chunks of ~64 KB, so memory stays flat however large the layer; `extraMembers` go before "features".
 */
export async function* featureCollectionChunks(rows: AsyncIterable<repo.FeatureRow>, extraMembers: Record<string, unknown> = {}): AsyncGenerator<string> {
  const extra = Object.entries(extraMembers)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  yield `{"type":"FeatureCollection",${extra}"features":[\n`;
  let first = true;
  let chunk = '';
  for await (const row of rows) {
    chunk += (first ? '' : ',\n') + featureToJson(row);
    first = false;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

const FILTER_LANGS = ['cql2-text', 'cql2-json'] as const;
/** Longest filter text taken (a URL carries at most ~16 KB anyway). */
const MAX_FILTER_LENGTH = 8000;

/**
 * `filter=` (CQL2 text or JSON, `filter-lang`) parsed and checked against the layer's queryables,
 * geometry literals read in `filter-crs` (default CRS84); undefined when there is no filter. A
 * malformed filter, an unknown property or a value of the wrong type is `400 INVALID_FILTER` with
 * `details: {position, reason}` (the character for text, a JSON pointer for JSON).
 */
export function parseLayerFilter(layer: Layer, text: string | undefined, lang = 'cql2-text', crsUri = CRS84): TypedFilter | undefined {
  if (!(FILTER_LANGS as readonly string[]).includes(lang))
    throw badRequest('INVALID_PARAMETER', {
      zh: `参数 filter-lang 无效：可用 ${FILTER_LANGS.join('、')}`,
      en: `Invalid parameter filter-lang: ${FILTER_LANGS.join(' (default) or ')}`,
    });
  const crs = findOgcCrs(crsUri);
  if (!crs)
    throw badRequest(
      'UNSUPPORTED_CRS',
      {
        zh: `参数 filter-crs 不支持该坐标系：${crsUri.slice(0, 80)}`,
        en: `Unsupported filter-crs ${crsUri.slice(0, 80)}; offered: ${OGC_CRS_URIS.join(', ')}`,
      },
      { parameter: 'filter-crs', supported: OGC_CRS_URIS },
    );
  if (text === undefined) return undefined;
  if (text.length > MAX_FILTER_LENGTH)
    throw badRequest('INVALID_FILTER', {
      zh: `过滤条件过长（最多 ${MAX_FILTER_LENGTH} 个字符）`,
      en: `The filter is longer than ${MAX_FILTER_LENGTH} characters`,
    });
  try {
    return checkFilter(layer, lang === 'cql2-json' ? parseCql2Json(text) : parseCql2Text(text), crs);
  } catch (e) {
    if (!(e instanceof Cql2Error)) throw e;
    const at =
      typeof e.position === 'number'
        ? { zh: `第 ${e.position} 个字符处`, en: `at character ${e.position}` }
        : { zh: `${e.position || '/'} 处`, en: `at ${e.position || '/'}` };
    throw badRequest(
      'INVALID_FILTER',
      { zh: `过滤条件（${lang}）${at.zh}有误：${e.reason}`, en: `Invalid filter (${lang}) ${at.en}: ${e.reason}` },
      { position: e.position, reason: e.reason },
    );
  }
}

export const countFeatures = repo.countFeatures;
export const pageFeatures = repo.pageFeatures;
export const getFeature = repo.getFeature;
export const streamFeatures = repo.streamFeatures;
export const totalFeatureCount = repo.totalFeatureCount;

// ---------------------------------------------------------------------------------------------
// Validation of incoming GeoJSON features (expected failures are values, not throws)

const position = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number().finite());
const ring = z.array(position).min(4);
const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
type Geometry = z.infer<typeof geometrySchema>;

const ALLOWED_TYPES: Record<Layer['geometryType'], readonly Geometry['type'][]> = {
  Point: ['Point'],
  Polygon: ['Polygon', 'MultiPolygon'],
};

export type Validation = { valid: true; feature: repo.NewFeature } | { valid: false; reason: string };

function positions(g: Geometry): number[][] {
  if (g.type === 'Point') return [g.coordinates];
  if (g.type === 'Polygon') return g.coordinates.flat();
  return g.coordinates.flat(2);
}

/**
 * Checks one GeoJSON feature against the layer: geometry type, 2D positions inside the district's
 * sane extent (lib/extent.ts), closed rings, the attribute schema, and text PostgreSQL can store.
 * Edits and imports both pass here, so they refuse the same things (an import converts, rewinds and
 * drops Z/M first). Topological validity (self-intersection) is PostGIS' job at insert time.
 */
export function validateFeature(layer: Layer, input: unknown, opts: { isDemo?: boolean } = {}): Validation {
  const f = input as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') return { valid: false, reason: 'not a GeoJSON Feature' };
  if (f.geometry == null) return { valid: false, reason: 'geometry is empty (null)' };
  const g = geometrySchema.safeParse(f.geometry);
  if (!g.success) return { valid: false, reason: `unsupported or malformed geometry: ${g.error.issues[0]?.message ?? ''}` };
  if (!ALLOWED_TYPES[layer.geometryType].includes(g.data.type))
    return { valid: false, reason: `geometry type ${g.data.type} not allowed in ${layer.id} (expects ${layer.geometryType})` };
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of positions(g.data)) {
    if (p.length !== 2) return { valid: false, reason: `position with ${p.length} values: only 2D (longitude, latitude) is stored, not Z or M` };
    const [lng, lat] = p as [number, number];
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
      return { valid: false, reason: `coordinate (${lng}, ${lat}) outside WGS84 range; axes swapped or projected?` };
    [box[0], box[1], box[2], box[3]] = [Math.min(box[0], lng), Math.min(box[1], lat), Math.max(box[2], lng), Math.max(box[3], lat)];
  }
  if (!bboxInsideSane(box))
    return { valid: false, reason: `outside the district's area (${SANE_EXTENT_TEXT}): extent ${box.map((v) => String(v).slice(0, 12)).join(', ')}` };
  if (g.data.type !== 'Point') {
    const rings = g.data.type === 'Polygon' ? g.data.coordinates : g.data.coordinates.flat();
    for (const r of rings) {
      const a = r[0]!;
      const b = r[r.length - 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) return { valid: false, reason: 'polygon ring is not closed' };
    }
  }
  const raw = { ...((f.properties as Record<string, unknown> | null) ?? {}) };
  const name = raw.name;
  delete raw.name;
  delete raw.is_demo;
  const props = layer.schema.safeParse(raw);
  if (!props.success) {
    const issue = props.error.issues[0];
    return { valid: false, reason: `attribute ${issue?.path.join('.') || '?'}: ${issue?.message ?? 'invalid'}` };
  }
  const feature = {
    name: name == null ? '' : String(name),
    properties: dropNulls(props.data as Record<string, unknown>),
    geometry: g.data,
    isDemo: opts.isDemo ?? false,
  };
  for (const [key, value] of [['name', feature.name], ...Object.entries(feature.properties)] as [string, unknown][]) {
    const problem = typeof value === 'string' ? textProblem(value) : undefined;
    if (problem) return { valid: false, reason: `attribute ${key}: ${problem}` };
  }
  return { valid: true, feature };
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

const BATCH = 1000;

/**
 * Inserts validated features inside the caller's transaction and bumps the layer revision. A caller
 * that inserts many batches in one transaction (import) passes `bumpRevision: false` and bumps once.
 */
export async function insertFeaturesTx(
  tx: Queryable,
  layerId: string,
  features: readonly repo.NewFeature[],
  opts: { bumpRevision?: boolean } = {},
): Promise<number[]> {
  requireLayer(layerId);
  const ids: number[] = [];
  for (let i = 0; i < features.length; i += BATCH) ids.push(...(await repo.insertFeatures(tx, layerId, features.slice(i, i + BATCH))));
  if (opts.bumpRevision ?? true) await repo.bumpRevision(tx, layerId);
  return ids;
}

/** Marks a layer changed inside the caller's transaction. */
export function bumpRevisionTx(tx: Queryable, layerId: string): Promise<void> {
  requireLayer(layerId);
  return repo.bumpRevision(tx, layerId);
}

/** Deletes all of a layer's features inside the caller's transaction (import's replace mode). */
export function deleteLayerFeaturesTx(tx: Queryable, layerId: string): Promise<number> {
  requireLayer(layerId);
  return repo.deleteLayerFeatures(tx, layerId);
}

/**
 * The one way into a transaction that writes a layer's features (edits, restores, imports, undo):
 * it first takes the layer's write lock, so writes to one layer run one after another for their
 * whole transaction. Without it, on a PostGIS server, two replace imports each deleted what they
 * saw and both files stayed, and an edit in flight when a replace import snapshotted the layer into
 * the history collided with it on a duplicate key (500). PGlite has one connection and serialised
 * them already. A transaction writes one layer, so no two of them can wait on each other.
 */
export function writeLayerTx<T>(db: Db, layerId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  requireLayer(layerId);
  return db.transaction(async (tx) => {
    await repo.lockLayerForWrite(tx, layerId);
    return fn(tx);
  });
}

/** Writes validated features in one transaction: all or nothing. */
export function writeFeatures(db: Db, layerId: string, features: readonly repo.NewFeature[]): Promise<number[]> {
  return writeLayerTx(db, layerId, (tx) => insertFeaturesTx(tx, layerId, features));
}

export function invalidInput(reason: string) {
  return new AppError(400, 'INVALID_FEATURE', { zh: `要素无效：${reason}`, en: `Invalid feature: ${reason}` });
}
