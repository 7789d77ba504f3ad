import type { Queryable } from '../../db/db.ts';
import { insideZoneSql } from '../../lib/inside-zone.sql.ts';

export interface CoveringZone {
  layer_id: string;
  id: number;
  name: string;
}

/**
 * Every polygon of the given layers that holds the point, boundary inclusive to the millimetre
 * (insideZoneSql, the definition the violation scan shares): a point on a zone's edge is inside
 * it (the plan's zones include their edges). `layer_id = ANY($3)` is pruned per partition at run
 * time, and each partition's GiST index answers the bounding-box part.
 */
export function coveringZones(db: Queryable, lng: number, lat: number, layerIds: readonly string[]) {
  return db.query<CoveringZone>(
    `SELECT layer_id, id, name
       FROM features, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) pt
      WHERE layer_id = ANY($3::text[])
        AND ${insideZoneSql('geom', 'pt.p')}
      ORDER BY layer_id, id`,
    [lng, lat, layerIds],
  );
}
