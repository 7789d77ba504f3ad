/**
 * Tile SQL. Both paths select the same rows: the layer's features intersecting the tile envelope
 * grown by the buffer, simplified by the same zoom-dependent tolerance, so the PostGIS encoder and
 * the JS fallback see identical input.
 */
import type { Queryable } from '../../db/db.ts';
import { TILE_BUFFER, TILE_EXTENT } from '../../lib/tile-math.ts';

const MARGIN = TILE_BUFFER / TILE_EXTENT;

// Points pass through untouched; polygons are simplified with topology preserved (no self-crossings).
const SIMPLIFIED = `CASE WHEN GeometryType(geom) = 'POINT' THEN geom ELSE ST_SimplifyPreserveTopology(geom, $5) END`;

const IN_TILE = `layer_id = $1 AND geom && ST_Transform(ST_TileEnvelope($2, $3, $4, margin => ${MARGIN}), 4326)`;

const PLAIN = `
  SELECT id, name, is_demo, properties, NULL::int AS point_count, ${SIMPLIFIED} AS geom
    FROM features
   WHERE ${IN_TILE}`;

/*
 * Thinned points (low zoom, point layers): one row per occupied grid cell. Cells are indexed on the
 * global Web-Mercator grid ($5 = 2^z · cells per tile side, computed from longitude/latitude without a
 * reprojection), so a cell in this tile's buffer is the same cell in the neighbouring tile and both
 * tiles show the same representative. The representative is the cell's lowest id at its own position;
 * a lone point keeps its attributes, a cell of several carries only `point_count`.
 */
const CELL_X = `floor((ST_X(geom) + 180) / 360 * $5::float8)`;
// tand/cosd take degrees: radians() multiplies, and PostgreSQL raises "value out of range: underflow"
// for a denormal latitude (a stored 5e-324 made every thinned tile over it a 500)
const CELL_Y = `floor((1 - ln(tand(ST_Y(geom)) + 1 / cosd(ST_Y(geom))) / pi()) / 2 * $5::float8)`;
const THINNED = `
  SELECT f.id,
         CASE WHEN c.n = 1 THEN f.name END AS name,
         CASE WHEN c.n = 1 THEN f.is_demo END AS is_demo,
         CASE WHEN c.n = 1 THEN f.properties END AS properties,
         CASE WHEN c.n > 1 THEN c.n END AS point_count,
         f.geom
    FROM (SELECT min(id) AS id, count(*)::int AS n
            FROM features
           WHERE ${IN_TILE}
           GROUP BY ${CELL_X}, ${CELL_Y}) c
    JOIN features f ON f.layer_id = $1 AND f.id = c.id`;

/** How a tile's rows are chosen: all of them, or thinned to one per grid cell (`cellsPerWorldSide`). */
export type TileSelection = { thin: false } | { thin: true; cellsPerWorldSide: number };

/** The candidate SQL and its fifth parameter: the simplification tolerance, or the grid size when thinning. */
function candidates(sel: TileSelection, tolerance: number): { sql: string; p5: number } {
  return sel.thin ? { sql: THINNED, p5: sel.cellsPerWorldSide } : { sql: PLAIN, p5: tolerance };
}

/** PostGIS server: one statement from envelope to encoded tile. */
export async function mvtTile(
  db: Queryable,
  layerId: string,
  z: number,
  x: number,
  y: number,
  tolerance: number,
  sel: TileSelection = { thin: false },
): Promise<Buffer> {
  const c = candidates(sel, tolerance);
  const [row] = await db.query<{ mvt: Buffer | Uint8Array | null }>(
    `WITH candidates AS (${c.sql}),
          shaped AS (
            SELECT id, name, is_demo, properties, point_count,
                   ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($2, $3, $4), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
              FROM candidates)
     SELECT ST_AsMVT(shaped.*, $1, ${TILE_EXTENT}, 'geom', 'id') AS mvt
       FROM shaped
      WHERE geom IS NOT NULL`,
    [layerId, z, x, y, c.p5],
  );
  return Buffer.from(row?.mvt ?? new Uint8Array());
}

export interface TileFeatureRow {
  id: number;
  props: string;
  geometry: string;
}

/** Embedded fallback: the same candidates as GeoJSON text, encoded in JS by the service. */
export function tileFeatures(db: Queryable, layerId: string, z: number, x: number, y: number, tolerance: number, sel: TileSelection = { thin: false }) {
  const c = candidates(sel, tolerance);
  return db.query<TileFeatureRow>(
    `SELECT id,
            (CASE WHEN point_count IS NULL THEN jsonb_build_object('name', name, 'is_demo', is_demo) || properties
                  ELSE jsonb_build_object('point_count', point_count) END)::text AS props,
            ST_AsGeoJSON(geom, 9) AS geometry
       FROM (${c.sql}) c`,
    [layerId, z, x, y, c.p5],
  );
}
