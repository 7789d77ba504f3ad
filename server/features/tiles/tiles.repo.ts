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

const CANDIDATES = `
  SELECT id, name, is_demo, properties, ${SIMPLIFIED} AS geom
    FROM features
   WHERE layer_id = $1
     AND geom && ST_Transform(ST_TileEnvelope($2, $3, $4, margin => ${MARGIN}), 4326)`;

/** PostGIS server: one statement from envelope to encoded tile. */
export async function mvtTile(db: Queryable, layerId: string, z: number, x: number, y: number, tolerance: number): Promise<Buffer> {
  const [row] = await db.query<{ mvt: Buffer | Uint8Array | null }>(
    `WITH candidates AS (${CANDIDATES}),
          shaped AS (
            SELECT id, name, is_demo, properties,
                   ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($2, $3, $4), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
              FROM candidates)
     SELECT ST_AsMVT(shaped.*, $1, ${TILE_EXTENT}, 'geom', 'id') AS mvt
       FROM shaped
      WHERE geom IS NOT NULL`,
    [layerId, z, x, y, tolerance],
  );
  return Buffer.from(row?.mvt ?? new Uint8Array());
}

export interface TileFeatureRow {
  id: number;
  props: string;
  geometry: string;
}

/** Embedded fallback: the same candidates as GeoJSON text, encoded in JS by the service. */
export function tileFeatures(db: Queryable, layerId: string, z: number, x: number, y: number, tolerance: number) {
  return db.query<TileFeatureRow>(
    `SELECT id, (jsonb_build_object('name', name, 'is_demo', is_demo) || properties)::text AS props,
            ST_AsGeoJSON(geom, 9) AS geometry
       FROM (${CANDIDATES}) c`,
    [layerId, z, x, y, tolerance],
  );
}

export async function layerRevision(db: Queryable, layerId: string): Promise<number> {
  const [row] = await db.query<{ revision: number }>('SELECT revision FROM layers WHERE id = $1', [layerId]);
  return row?.revision ?? 0;
}
