import type { Queryable } from '../../db/db.ts';

export interface CoveringZone {
  /** 1-based position of the point in the request. */
  i: number;
  layer_id: string;
  id: number;
  name: string;
}

/**
 * Every polygon of the given layers that covers each point: one statement for one point (the site
 * check) or ten thousand (batch screening), so both answer with the same predicate. ST_Covers, not
 * ST_Contains: a point on a zone's boundary is inside it (the plan's zones include their edges).
 * `layer_id = ANY($3)` is pruned per partition, and each partition's GiST index answers the bbox part.
 */
export function coveringZones(db: Queryable, lngs: readonly number[], lats: readonly number[], layerIds: readonly string[]) {
  return db.query<CoveringZone>(
    `SELECT p.i::int AS i, f.layer_id, f.id, f.name
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lng, lat, i)
       JOIN features f
         ON f.layer_id = ANY($3::text[])
        AND ST_Covers(f.geom, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326))
      ORDER BY p.i, f.layer_id, f.id`,
    [lngs, lats, layerIds],
  );
}
