import type { Queryable } from '../../db/db.ts';

export interface BoundaryDistance {
  /** 1-based position of the point in the batch. */
  i: number;
  layer_id: string;
  id: string;
  /** Grid distance in EPSG:4547 metres from the point to this polygon's boundary. */
  d: number;
  /** Eastings of the point and of the nearest boundary point (for the projection's scale factor). */
  x1: number;
  x2: number;
}

/**
 * The zones are EPSG:4326 polygons whose edges are straight in longitude/latitude: that is the
 * boundary the site check's ST_Covers decides against. A long east–west edge of that kind bows ≈ 1.6 m
 * (10 km edge) away from both the geodesic and the EPSG:4547 straight line, so the boundary is cut
 * into pieces of ≤ 0.005° (≈ 500 m, bow < 5 mm) before it is projected.
 */
const SEGMENT_DEG = 0.005;

/** Nearest polygons looked at per point and layer: the covering ones come first (distance 0). */
const CANDIDATES = 4;

/**
 * From this many points on, every boundary of the layers is projected once for the whole batch (a
 * MATERIALIZED `z`); below it, only the candidates' boundaries are, per point (the site check asks
 * for one point and must not project every zone of the district to answer it).
 */
const MATERIALIZE_FROM_POINTS = 20;

/**
 * The boundary distances as SQL computes them: the app measured them so before the in-process index
 * (server/lib/boundary-distance.ts, which follows this definition); kept as the benchmark's raw SQL
 * floor (bench/cases/check.bench.ts). Distances from every point of a batch to the boundaries of the nearest polygons of each layer, in
 * ONE statement: the points are unnested, and per layer a LATERAL subquery takes the few nearest
 * polygons by the partition's GiST index (KNN `<->`, in degrees: a shortlist, not the answer); each
 * boundary is transformed to EPSG:4547 in the `z` CTE and measured on the grid
 * with the nearest point's easting returned, so the caller can take out the Gauss–Krüger scale
 * factor (once per statement for a batch, once per candidate for a few points: see
 * MATERIALIZE_FROM_POINTS). Which polygons cover a point is the site check's verdict, not decided here.
 */
export function boundaryDistances(db: Queryable, lngs: readonly number[], lats: readonly number[], layerIds: readonly string[]) {
  if (lngs.length === 0 || layerIds.length === 0) return Promise.resolve([] as BoundaryDistance[]);
  const laterals = layerIds
    .map((_, k) => `(SELECT f.layer_id, f.id FROM features f WHERE f.layer_id = $${k + 3} ORDER BY f.geom <-> p.g LIMIT ${CANDIDATES})`)
    .join(' UNION ALL ');
  const ids = layerIds.map((_, k) => `$${k + 3}`).join(', ');
  return db.query<BoundaryDistance>(
    `WITH p AS (
       SELECT t.i::int AS i, g, ST_Transform(g, 4547) AS g2
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lng, lat, i),
              LATERAL ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326) AS g),
     z AS ${lngs.length > MATERIALIZE_FROM_POINTS ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
       SELECT layer_id, id, ST_Transform(ST_Segmentize(ST_Boundary(geom), ${SEGMENT_DEG}), 4547) AS b FROM features WHERE layer_id IN (${ids}))
     SELECT p.i, c.layer_id, c.id::text AS id, ST_Length(s) AS d, ST_X(p.g2) AS x1, ST_X(ST_EndPoint(s)) AS x2
       FROM p
      CROSS JOIN LATERAL (${laterals}) c
       JOIN z ON z.layer_id = c.layer_id AND z.id = c.id
      CROSS JOIN LATERAL ST_ShortestLine(p.g2, z.b) AS s`,
    [lngs, lats, ...layerIds],
  );
}
