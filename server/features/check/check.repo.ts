import type { Queryable } from '../../db/db.ts';
import { insideZoneSql } from '../../lib/inside-zone.sql.ts';

export interface CoveringZone {
  /** 1-based position of the point in the request. */
  i: number;
  layer_id: string;
  id: number;
  name: string;
}

/**
 * Every polygon of the given layers that holds each point, boundary inclusive to the millimetre
 * (insideZoneSql, the definition the violation scan shares): one statement for one point (the site
 * check) or ten thousand (batch screening), so both answer with the same predicate. A point on a
 * zone's edge is inside it (the plan's zones include their edges). `layer_id = ANY($3)` is pruned
 * per partition, and each partition's GiST index answers the bounding-box part.
 */
export function coveringZones(db: Queryable, lngs: readonly number[], lats: readonly number[], layerIds: readonly string[]) {
  return db.query<CoveringZone>(
    `SELECT p.i::int AS i, f.layer_id, f.id, f.name
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lng, lat, i)
       CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326) AS g) pt
       JOIN features f
         ON f.layer_id = ANY($3::text[])
        AND ${insideZoneSql('f.geom', 'pt.g')}
      ORDER BY p.i, f.layer_id, f.id`,
    [lngs, lats, layerIds],
  );
}

export interface ZoneRow {
  layer_id: string;
  id: number;
  name: string;
  /** ST_AsBinary of the polygon: exact doubles. */
  wkb: Uint8Array;
  /** The row version's creating transaction (any write to the row changes it): see zoneRowStamps. */
  xmin: string;
}

/** Every polygon of one layer, for the in-process zone index (zone-index.ts). */
export function zoneRows(db: Queryable, layerId: string) {
  return db.query<ZoneRow>(`SELECT layer_id, id, name, ST_AsBinary(geom) AS wkb, xmin::text AS xmin FROM features WHERE layer_id = $1 ORDER BY id`, [layerId]);
}

/** What stampOf makes of zoneRows' rows: "id:xmin" in id order, comma-separated ("" for no rows). */
export const stampOf = (rows: readonly Pick<ZoneRow, 'id' | 'xmin'>[]) => rows.map((r) => `${r.id}:${r.xmin}`).join(',');

/**
 * Each layer's rows as they are now, as stampOf writes them: any insert, update or delete of a
 * zone, through the app or not (a revision is bumped only by the app's write path), changes its
 * layer's stamp. Reads no geometry: a few milliseconds for a thousand zones.
 */
export async function zoneRowStamps(db: Queryable, layerIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ layer_id: string; stamp: string }>(
    `SELECT layer_id, string_agg(id::text || ':' || xmin::text, ',' ORDER BY id) AS stamp FROM features WHERE layer_id = ANY($1::text[]) GROUP BY layer_id`,
    [layerIds],
  );
  return new Map(rows.map((r) => [r.layer_id, r.stamp]));
}
