import type { Queryable } from '../../db/db.ts';

export interface ZoneShape {
  layer_id: string;
  name: string;
  /** GeoJSON of the part inside the box. */
  geometry: string;
}

/** Polygons of the given layers within a WGS84 box, cut to it (the report's map draws only what shows). */
export function zonesInBox(db: Queryable, box: readonly [number, number, number, number], layerIds: readonly string[]) {
  return db.query<ZoneShape>(
    `SELECT layer_id, name, ST_AsGeoJSON(ST_Intersection(geom, e.env), 7) AS geometry
       FROM features, (SELECT ST_MakeEnvelope($1, $2, $3, $4, 4326) AS env) e
      WHERE layer_id = ANY($5::text[]) AND geom && e.env AND ST_Intersects(geom, e.env)
      ORDER BY layer_id, id`,
    [...box, layerIds],
  );
}
