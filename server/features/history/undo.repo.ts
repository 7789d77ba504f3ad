/**
 * Undo of one event, set-based so an import of 100 000 features reverts in a few statements. Every
 * statement only touches a feature still at the version the event left it in (`f.version =
 * c.version_after`); the service compares the counts with the event's size and rolls back on any
 * difference, so a feature edited since is never overwritten.
 * The new event's changes are recorded before each write, from the same rows.
 */
import type { Queryable } from '../../db/db.ts';
import { SNAPSHOT } from './history.repo.ts';

/** The feature columns written from a history snapshot `s` (exact: jsonb keeps the digits). */
const FROM_SNAPSHOT = {
  name: `COALESCE(s->'properties'->>'name', '')`,
  properties: `(s->'properties') - 'name' - 'is_demo'`,
  geom: `ST_SetSRID(ST_GeomFromGeoJSON((s->'geometry')::text), 4326)`,
  isDemo: `COALESCE((s->'properties'->>'is_demo')::boolean, false)`,
};

export interface UndoConflict {
  feature_id: number;
  expected_version: number;
  current_version: number | null;
}

/**
 * Features of the event that changed since: a different live version, alive when the event deleted
 * it, or any later recorded change.
 */
export function conflicts(db: Queryable, eventId: number, layerId: string, limit: number) {
  return db.query<UndoConflict>(
    `SELECT c.feature_id, c.version_after AS expected_version, f.version AS current_version
       FROM feature_changes c
       LEFT JOIN features f ON f.layer_id = $2 AND f.id = c.feature_id
      WHERE c.event_id = $1
        AND ((c.after IS NOT NULL AND f.version IS DISTINCT FROM c.version_after)
          OR (c.after IS NULL AND f.id IS NOT NULL)
          OR EXISTS (SELECT 1 FROM feature_changes l
                      WHERE l.layer_id = c.layer_id AND l.feature_id = c.feature_id AND l.version_after > c.version_after))
      ORDER BY c.feature_id LIMIT $3`,
    [eventId, layerId, limit],
  );
}

async function count(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(`WITH w AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM w`, params);
  return row?.n ?? 0;
}

/** Features the event created: record and delete them. */
export async function removeCreated(db: Queryable, eventId: number, undoId: number, layerId: string) {
  const recorded = await count(
    db,
    `INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
     SELECT $2, f.layer_id, f.id, f.version, f.version + 1, ${SNAPSHOT}, NULL
       FROM feature_changes c JOIN features f ON f.layer_id = $3 AND f.id = c.feature_id AND f.version = c.version_after
      WHERE c.event_id = $1 AND c.before IS NULL`,
    [eventId, undoId, layerId],
  );
  const written = await count(
    db,
    `DELETE FROM features f USING feature_changes c
      WHERE c.event_id = $1 AND c.before IS NULL AND f.layer_id = $2 AND f.id = c.feature_id AND f.version = c.version_after`,
    [eventId, layerId],
  );
  return { recorded, written };
}

/** Features the event updated: record, then put the before-image back as the next version. */
export async function revertUpdated(db: Queryable, eventId: number, undoId: number, layerId: string) {
  const recorded = await count(
    db,
    `INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
     SELECT $2, f.layer_id, f.id, f.version, f.version + 1, ${SNAPSHOT}, c.before
       FROM feature_changes c JOIN features f ON f.layer_id = $3 AND f.id = c.feature_id AND f.version = c.version_after
      WHERE c.event_id = $1 AND c.before IS NOT NULL AND c.after IS NOT NULL`,
    [eventId, undoId, layerId],
  );
  const written = await count(
    db,
    `UPDATE features f
        SET name = ${FROM_SNAPSHOT.name}, properties = ${FROM_SNAPSHOT.properties}, geom = ${FROM_SNAPSHOT.geom},
            is_demo = ${FROM_SNAPSHOT.isDemo}, version = f.version + 1, updated_at = now()
       FROM (SELECT feature_id, version_after, before AS s FROM feature_changes
              WHERE event_id = $1 AND before IS NOT NULL AND after IS NOT NULL) c
      WHERE f.layer_id = $2 AND f.id = c.feature_id AND f.version = c.version_after`,
    [eventId, layerId],
  );
  return { recorded, written };
}

/** Features the event deleted: bring them back with their ids, one version past the tombstone. */
export async function recreateDeleted(db: Queryable, eventId: number, undoId: number, layerId: string) {
  const written = await count(
    db,
    `INSERT INTO features (layer_id, id, name, properties, geom, is_demo, version)
     SELECT $2, c.feature_id, ${FROM_SNAPSHOT.name}, ${FROM_SNAPSHOT.properties}, ${FROM_SNAPSHOT.geom}, ${FROM_SNAPSHOT.isDemo}, c.version_after + 1
       FROM (SELECT feature_id, version_after, before AS s FROM feature_changes WHERE event_id = $1 AND after IS NULL) c`,
    [eventId, layerId],
  );
  const recorded = await count(
    db,
    `INSERT INTO feature_changes (event_id, layer_id, feature_id, version_before, version_after, before, after)
     SELECT $2, $3, c.feature_id, c.version_after, c.version_after + 1, NULL, ${SNAPSHOT}
       FROM feature_changes c JOIN features f ON f.layer_id = $3 AND f.id = c.feature_id AND f.version = c.version_after + 1
      WHERE c.event_id = $1 AND c.after IS NULL`,
    [eventId, undoId, layerId],
  );
  return { recorded, written };
}

export async function markUndone(db: Queryable, eventId: number, undoId: number): Promise<void> {
  await db.query('UPDATE edit_events SET undone_by = $2 WHERE id = $1', [eventId, undoId]);
}
