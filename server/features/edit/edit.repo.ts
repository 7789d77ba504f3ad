/**
 * Row writes of single-feature edits on the partitioned `features` table, each guarded by the
 * version it expects (optimistic locking: the UPDATE/DELETE itself says `AND version = $n`, so two
 * writers holding the same ETag cannot both succeed, whatever the interleaving). Inserts of new
 * features go through the layers write path (feature-write.service.ts). Database refusals of a geometry become clean 400s here.
 */
import type { Queryable } from '../../db/db.ts';
import type { NewFeature } from '../layers/feature-write.service.ts';
import { invalidGeometry } from './edit.errors.ts';

const SQLSTATE = { checkViolation: '23514', uniqueViolation: '23505', internal: 'XX000' };

/** Distinguishes "someone else wrote first" from every other failure. */
export class StaleWrite extends Error {}

/** Maps what PostgreSQL refuses about a geometry (CHECK constraints, GeoJSON it cannot read) to 400. */
export async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message?: string };
    if (e.code === SQLSTATE.checkViolation) throw invalidGeometry(`rejected by the database (${e.constraint ?? 'check constraint'})`);
    if (e.code === SQLSTATE.uniqueViolation) throw new StaleWrite(e.message);
    if (e.code === SQLSTATE.internal && /geojson|geometry|coordinates/i.test(e.message ?? '')) throw invalidGeometry(e.message ?? 'unreadable');
    throw err;
  }
}

/**
 * PostGIS' opinion of a geometry before we write it: null when valid, else the reason with its
 * location (e.g. "Self-intersection[113.25 40.08]"). The CHECK constraint would refuse it anyway,
 * but without saying where.
 */
export async function geometryProblem(tx: Queryable, geometry: unknown): Promise<string | null> {
  const [row] = await guarded(() =>
    tx.query<{ problem: string | null }>(
      `SELECT CASE WHEN ST_IsEmpty(g) THEN 'empty geometry' WHEN NOT ST_IsValid(g) THEN ST_IsValidReason(g) END AS problem
         FROM (SELECT ST_GeomFromGeoJSON($1) AS g) s`,
      [JSON.stringify(geometry)],
    ),
  );
  return row?.problem ?? null;
}

/** Writes new content over version `expected`; returns the new version, or undefined if it moved on. */
export async function updateFeature(
  tx: Queryable,
  layerId: string,
  id: number,
  expected: number,
  f: NewFeature,
  opts: { setDemo?: boolean } = {},
): Promise<number | undefined> {
  const [row] = await guarded(() =>
    tx.query<{ version: number }>(
      `UPDATE features
          SET name = $4, properties = $5::jsonb, geom = ST_SetSRID(ST_GeomFromGeoJSON($6), 4326),
              is_demo = CASE WHEN $7 THEN $8 ELSE is_demo END,
              version = version + 1, updated_at = now()
        WHERE layer_id = $1 AND id = $2 AND version = $3
        RETURNING version`,
      [layerId, id, expected, f.name, JSON.stringify(f.properties), JSON.stringify(f.geometry), opts.setDemo ?? false, f.isDemo],
    ),
  );
  return row?.version;
}

/** Deletes version `expected`; false if the feature moved on (or is gone). */
export async function deleteFeature(tx: Queryable, layerId: string, id: number, expected: number): Promise<boolean> {
  const rows = await tx.query('DELETE FROM features WHERE layer_id = $1 AND id = $2 AND version = $3 RETURNING id', [layerId, id, expected]);
  return rows.length > 0;
}

/** Brings a deleted feature back under its old id at `version` (restore). StaleWrite if it is back already. */
export async function insertWithId(tx: Queryable, layerId: string, id: number, version: number, f: NewFeature): Promise<void> {
  await guarded(() =>
    tx.query(
      `INSERT INTO features (layer_id, id, name, properties, geom, is_demo, version)
       VALUES ($1, $2, $3, $4::jsonb, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6, $7)`,
      [layerId, id, f.name, JSON.stringify(f.properties), JSON.stringify(f.geometry), f.isDemo, version],
    ),
  );
}
