import type { Queryable } from '../../db/db.ts';

export interface SearchRow {
  layer_id: string;
  id: number;
  name: string;
  code: string | null;
  lng: number;
  lat: number;
}

/**
 * Finds features by name or by the register numbers inspectors carry (permit, registration,
 * licence, zone code). The pattern is a parameter with LIKE wildcards escaped by the caller.
 */
export function searchFeatures(db: Queryable, pattern: string, limit: number) {
  return db.query<SearchRow>(
    `SELECT layer_id, id, name,
            coalesce(properties->>'permit_no', properties->>'reg_code', properties->>'licence_no', properties->>'code') AS code,
            ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
       FROM features
      WHERE name ILIKE $1
         OR properties->>'permit_no' ILIKE $1
         OR properties->>'reg_code' ILIKE $1
         OR properties->>'licence_no' ILIKE $1
         OR properties->>'code' ILIKE $1
      ORDER BY (name ILIKE $1) DESC, length(name), id
      LIMIT $2`,
    [pattern, limit],
  );
}
