/**
 * The only SQL runner of the rules feature: per-rule violation queries (built in violations.sql.ts)
 * and the look-ups that turn request filters into feature ids.
 */
import type { Queryable } from '../../db/db.ts';
import type { Rule } from './rule.ts';
import { violationQuery, type ViolationFilter, type ViolationRow } from './violations.sql.ts';

export type { ViolationFilter, ViolationRow } from './violations.sql.ts';

export function findViolations(db: Queryable, rule: Rule, filter: ViolationFilter, opts: { geometry?: boolean } = {}) {
  const q = violationQuery(rule, filter, opts);
  return db.query<ViolationRow>(q.sql, q.params);
}

export interface StreetRow {
  id: number;
  code: string | null;
  name: string;
}

/**
 * A street office by its division code or its feature id. Both look like digits, so the code is
 * tried first (it is what people type); an id only matches when no street has that code.
 */
export async function findStreet(db: Queryable, ref: string): Promise<StreetRow | undefined> {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : null;
  const [row] = await db.query<StreetRow>(
    `SELECT id, properties ->> 'code' AS code, name
       FROM features
      WHERE layer_id = 'streets' AND (properties ->> 'code' = $1::text OR id = $2::bigint)
      ORDER BY (properties ->> 'code' = $1::text) DESC NULLS LAST, id
      LIMIT 1`,
    [ref, id],
  );
  return row;
}

/** A feature of one of `layerIds` by id: which layer it is in, or undefined. */
export async function findFeatureLayer(db: Queryable, id: number, layerIds: readonly string[]) {
  const [row] = await db.query<{ layer_id: string; name: string }>('SELECT layer_id, name FROM features WHERE layer_id = ANY($1::text[]) AND id = $2::bigint', [
    layerIds,
    id,
  ]);
  return row;
}
