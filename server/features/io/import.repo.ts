/**
 * SQL the import needs beyond the layers feature's write path: PostGIS' verdict on geometry
 * validity (and its repair), distances to the features a layer already holds (datum-shift check)
 * and CRS definitions from spatial_ref_sys.
 */
import type { Queryable } from '../../db/db.ts';

export interface GeometryVerdict {
  /** 1-based position in the batch. */
  i: number;
  reason: string;
  /** ST_MakeValid result as GeoJSON (only when repair was asked for); null = nothing polygonal left. */
  repaired: string | null;
}

/**
 * Finds the invalid or empty geometries of a batch. With `repair`, ST_MakeValid fixes them and
 * ST_CollectionExtract keeps the polygonal part (a bow-tie becomes a MultiPolygon; slivers that
 * collapse to lines are dropped), wound the RFC 7946 way like every import. 15 decimals keep the
 * repaired coordinates exact.
 */
export function invalidGeometries(db: Queryable, geometries: readonly unknown[], repair: boolean): Promise<GeometryVerdict[]> {
  return db.query<GeometryVerdict>(
    `SELECT i::int AS i,
            CASE WHEN ST_IsEmpty(g) THEN 'empty geometry' ELSE ST_IsValidReason(g) END AS reason,
            CASE WHEN $2 AND NOT ST_IsEmpty(g) THEN ST_AsGeoJSON(ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(g), 3)), 15) END AS repaired
       FROM (SELECT i, ST_GeomFromGeoJSON(e) AS g FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, i)) s
      WHERE ST_IsEmpty(g) OR NOT ST_IsValid(g)`,
    [JSON.stringify(geometries), repair],
  );
}

/**
 * Median distance in metres from sampled geometries to the nearest feature the layer already holds:
 * Hausdorff distance in EPSG:4547 (true metres to < 0.1 % here), so a polygon shifted by 600 m scores
 * 600 m even though it still overlaps its original. The nearest feature is found by the GiST index.
 * The distances are a MATERIALIZED CTE: as a plain subquery the planner pulls the scalar subselect
 * up into both aggregates (percentile_cont and count), so every nearest-feature search ran twice.
 */
export async function medianDistanceToLayer(db: Queryable, layerId: string, geometries: readonly unknown[]) {
  const [row] = await db.query<{ median: number | null; n: number }>(
    `WITH x AS MATERIALIZED (
            SELECT (SELECT ST_HausdorffDistance(ST_Transform(s.g, 4547), ST_Transform(f.geom, 4547))
                      FROM features f
                     WHERE f.layer_id = $1
                     ORDER BY f.geom <-> s.g
                     LIMIT 1) AS d
              FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(e), 4326) AS g FROM jsonb_array_elements($2::jsonb) AS t(e)) s)
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median, count(d)::int AS n FROM x`,
    [layerId, JSON.stringify(geometries)],
  );
  return { median: row?.median ?? null, n: row?.n ?? 0 };
}

export async function layerFeatureCount(db: Queryable, layerId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM features WHERE layer_id = $1', [layerId]);
  return row?.n ?? 0;
}

/** A CRS definition from PostGIS' own table: offline, the same on both databases. */
export async function sridDefinition(db: Queryable, srid: number) {
  const [row] = await db.query<{ proj4text: string | null; srtext: string | null }>('SELECT proj4text, srtext FROM spatial_ref_sys WHERE srid = $1', [srid]);
  if (!row?.proj4text) return undefined;
  return { proj4text: row.proj4text, projected: /^\s*PROJCS/i.test(row.srtext ?? '') || !/longlat/.test(row.proj4text) };
}
