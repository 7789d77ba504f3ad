import type { Queryable } from '../../db/db.ts';

export interface CoveringZone {
  layer_id: string;
  id: number;
  name: string;
}

/**
 * Every polygon of the given layers that covers the point. ST_Covers, not ST_Contains: a point on
 * a zone's boundary is inside it (the plan's zones include their edges). `layer_id = ANY($3)` is
 * pruned per partition at run time, and each partition's GiST index answers the bbox part.
 */
export function coveringZones(db: Queryable, lng: number, lat: number, layerIds: readonly string[]) {
  return db.query<CoveringZone>(
    `SELECT layer_id, id, name
       FROM features
      WHERE layer_id = ANY($3::text[])
        AND ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
      ORDER BY layer_id, id`,
    [lng, lat, layerIds],
  );
}
