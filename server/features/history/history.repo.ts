/**
 * SQL of the edit history: events, per-feature changes, and the snapshots they hold. A snapshot is
 * the feature as GeoJSON text PostGIS writes (15 decimals = the shortest exact form of each double),
 * with name and is_demo inside `properties`, as the API shows features.
 */
import type { Queryable } from '../../db/db.ts';

/** The feature row `f` as a GeoJSON Feature (jsonb). */
export const SNAPSHOT = `jsonb_build_object(
    'type', 'Feature', 'id', f.id,
    'geometry', ST_AsGeoJSON(f.geom, 15)::jsonb,
    'properties', jsonb_build_object('name', f.name, 'is_demo', f.is_demo) || f.properties)`;

export type EventKind = 'create' | 'update' | 'delete' | 'restore' | 'import' | 'undo';

export interface SnapshotFeature {
  type: 'Feature';
  id: number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown> & { name?: string; is_demo?: boolean };
}

export async function snapshot(db: Queryable, layerId: string, id: number) {
  const [row] = await db.query<{ version: number; feature: SnapshotFeature }>(
    `SELECT f.version, ${SNAPSHOT} AS feature FROM features f WHERE f.layer_id = $1 AND f.id = $2`,
    [layerId, id],
  );
  return row;
}

export interface NewEvent {
  kind: EventKind;
  layerId: string;
  userId: number | null;
  username: string;
  featureCount: number;
  summary?: Record<string, unknown>;
  undoes?: number;
}

export async function insertEvent(db: Queryable, e: NewEvent): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO edit_events (kind, layer_id, user_id, username, feature_count, summary, undoes)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
    [e.kind, e.layerId, e.userId, e.username, e.featureCount, JSON.stringify(e.summary ?? {}), e.undoes ?? null],
  );
  return row!.id;
}

export async function finishEvent(db: Queryable, id: number, featureCount: number, summary: Record<string, unknown>) {
  await db.query('UPDATE edit_events SET feature_count = $2, summary = summary || $3::jsonb WHERE id = $1', [id, featureCount, JSON.stringify(summary)]);
}

export interface NewChange {
  eventId: number;
  layerId: string;
  featureId: number;
  versionBefore: number | null;
  versionAfter: number;
  before: SnapshotFeature | null;
  /** 'row': snapshot the feature as it now is (at versionAfter); null: it is gone (deleted). */
  after: 'row' | null;
}

export async function insertChange(db: Queryable, c: NewChange): Promise<void> {
  const rows = await db.query(
    `INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
     SELECT $1, $2, $3, $4, $5, $6::jsonb,
            CASE WHEN $7 THEN (SELECT ${SNAPSHOT} FROM features f WHERE f.layer_id = $2 AND f.id = $3 AND f.version = $5) END
     RETURNING after IS NOT NULL AS has_after`,
    [c.eventId, c.layerId, c.featureId, c.versionBefore, c.versionAfter, c.before && JSON.stringify(c.before), c.after === 'row'],
  );
  if (c.after === 'row' && !(rows[0] as { has_after?: boolean } | undefined)?.has_after)
    throw new Error(`history: ${c.layerId}/${c.featureId} v${c.versionAfter} not found to snapshot`);
}

/** Every feature of a layer, recorded as deleted (before a replace-mode import empties it). */
export async function insertLayerDeletion(db: Queryable, eventId: number, layerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `WITH c AS (
       INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
       SELECT $1, f.layer_id, f.id, f.version, f.version + 1, ${SNAPSHOT}, NULL FROM features f WHERE f.layer_id = $2
       RETURNING 1)
     SELECT count(*)::int AS n FROM c`,
    [eventId, layerId],
  );
  return row?.n ?? 0;
}

/**
 * New features (by id), recorded as created: one statement however many (an import's 100 000 in
 * one), snapshots made in SQL from the written rows; the ids are joined as a relation, so the
 * planner can hash them instead of probing the key once per id. `table`: `features`, or the staging
 * table an import's rows are in until its swap (server/features/layers/bulk-partition.repo.ts).
 */
export async function insertCreated(db: Queryable, eventId: number, layerId: string, ids: readonly number[], table = 'features'): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `WITH c AS (
       INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
       SELECT $1, f.layer_id, f.id, NULL, f.version, NULL, ${SNAPSHOT}
         FROM ${table} f JOIN unnest($3::bigint[]) AS i(id) ON f.id = i.id
        WHERE f.layer_id = $2
       RETURNING 1)
     SELECT count(*)::int AS n FROM c`,
    [eventId, layerId, ids],
  );
  return row?.n ?? 0;
}

/** The live version, else the newest recorded version (a tombstone when deleted). */
export async function featureState(db: Queryable, layerId: string, id: number) {
  const [row] = await db.query<{ live: number | null; recorded: number | null }>(
    `SELECT (SELECT version FROM features WHERE layer_id = $1 AND id = $2) AS live,
            (SELECT max(version_after) FROM feature_changes WHERE layer_id = $1 AND feature_id = $2) AS recorded`,
    [layerId, id],
  );
  return row ?? { live: null, recorded: null };
}

/** The content a feature had at `version`: the after-image that made it, or the before-image that left it. */
export async function versionContent(db: Queryable, layerId: string, id: number, version: number) {
  const [row] = await db.query<{ feature: SnapshotFeature | null; tombstone: boolean }>(
    `SELECT COALESCE(
              (SELECT after FROM feature_changes WHERE layer_id = $1 AND feature_id = $2 AND version_after = $3),
              (SELECT before FROM feature_changes WHERE layer_id = $1 AND feature_id = $2 AND version_before = $3 LIMIT 1)) AS feature,
            EXISTS (SELECT 1 FROM feature_changes WHERE layer_id = $1 AND feature_id = $2 AND version_after = $3 AND after IS NULL) AS tombstone`,
    [layerId, id, version],
  );
  return row ?? { feature: null, tombstone: false };
}

export interface ChangeRow {
  event_id: number;
  kind: EventKind;
  at: Date;
  user_id: number | null;
  username: string;
  layer_id: string;
  feature_id: number;
  version_before: number | null;
  version_after: number;
  before: SnapshotFeature | null;
  after: SnapshotFeature | null;
  undoes: number | null;
  undone_by: number | null;
}

const CHANGE_COLUMNS = `c.event_id, e.kind, e.at, e.user_id, e.username, c.layer_id, c.feature_id,
  c.version_before, c.version_after, c.before, c.after, e.undoes, e.undone_by`;

/** Newest first; `belowVersion` pages back. */
export function featureChanges(db: Queryable, layerId: string, id: number, limit: number, belowVersion?: number) {
  return db.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS}
       FROM feature_changes c JOIN edit_events e ON e.id = c.event_id
      WHERE c.layer_id = $1 AND c.feature_id = $2 AND ($3::int IS NULL OR c.version_after < $3)
      ORDER BY c.version_after DESC LIMIT $4`,
    [layerId, id, belowVersion ?? null, limit],
  );
}

export interface EventRow {
  id: number;
  kind: EventKind;
  layer_id: string;
  user_id: number | null;
  username: string;
  at: Date;
  feature_count: number;
  summary: Record<string, unknown>;
  undoes: number | null;
  undone_by: number | null;
}

export interface EventFilter {
  user?: string | undefined;
  layer?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: EventKind | undefined;
}

/** The filter as SQL over edit_events `e`, parameters from $1. */
function eventWhere(f: EventFilter) {
  return {
    sql: `(CAST($1 AS text) IS NULL OR lower(e.username) = lower($1))
      AND (CAST($2 AS text) IS NULL OR e.layer_id = $2)
      AND (CAST($3 AS timestamptz) IS NULL OR e.at >= $3)
      AND (CAST($4 AS timestamptz) IS NULL OR e.at < $4)
      AND (CAST($5 AS text) IS NULL OR e.kind = $5)`,
    params: [f.user ?? null, f.layer ?? null, f.from ?? null, f.to ?? null, f.kind ?? null] as unknown[],
  };
}

const EVENT_COLUMNS = 'e.id, e.kind, e.layer_id, e.user_id, e.username, e.at, e.feature_count, e.summary, e.undoes, e.undone_by';

/** Newest first; `beforeId` pages back. */
export function listEvents(db: Queryable, f: EventFilter, limit: number, beforeId?: number) {
  const w = eventWhere(f);
  return db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM edit_events e
      WHERE ${w.sql} AND (CAST($6 AS bigint) IS NULL OR e.id < $6)
      ORDER BY e.id DESC LIMIT $7`,
    [...w.params, beforeId ?? null, limit],
  );
}

export async function getEvent(db: Queryable, id: number, opts: { lock?: boolean } = {}): Promise<EventRow | undefined> {
  const [row] = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM edit_events e WHERE e.id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export function eventChangeList(db: Queryable, eventId: number, limit: number) {
  return db.query<{ feature_id: number; version_before: number | null; version_after: number; had_before: boolean; has_after: boolean }>(
    `SELECT feature_id, version_before, version_after, before IS NOT NULL AS had_before, after IS NOT NULL AS has_after
       FROM feature_changes WHERE event_id = $1 ORDER BY feature_id LIMIT $2`,
    [eventId, limit],
  );
}

/**
 * Changes of the filtered events in (event, feature, version) order, a page after the given key:
 * keyset paging keeps an export of a million changes at one page in memory.
 */
export function exportPage(db: Queryable, f: EventFilter, after: [number, number, number], limit: number) {
  const w = eventWhere(f);
  return db.query<ChangeRow>(
    `SELECT ${CHANGE_COLUMNS}
       FROM edit_events e JOIN feature_changes c ON c.event_id = e.id
      WHERE ${w.sql} AND (c.event_id, c.feature_id, c.version_after) > (CAST($6 AS bigint), CAST($7 AS bigint), CAST($8 AS int))
      ORDER BY c.event_id, c.feature_id, c.version_after LIMIT $9`,
    [...w.params, ...after, limit],
  );
}

/** The features an event left in place (created, updated or brought back): what its warnings are about. */
export async function featuresLeftByEvent(db: Queryable, eventId: number): Promise<number[]> {
  const rows = await db.query<{ feature_id: string }>(
    'SELECT feature_id::text FROM feature_changes WHERE event_id = $1 AND after IS NOT NULL ORDER BY feature_id',
    [eventId],
  );
  return rows.map((r) => Number(r.feature_id));
}
