-- Counts the sites of each site layer per street office. A site belongs to the street whose polygon
-- holds it, boundary inclusive to the millimetre (the inside placeholder, server/lib/inside-zone.sql.ts;
-- a point on the surface for polygon sites); where streets overlap or the site is on a shared edge, the lowest street code wins — the same assignment as the violations list
-- (rules/violations.sql.ts), so the two never disagree. Sites outside every street are not
-- returned (the service derives them from the totals).
-- Street-first with DISTINCT ON rather than a per-site LATERAL: each street part is probed against
-- the site partition's GiST index with its prepared geometry reused (see sites_by_zone.sql).
-- $1 = point site layers, $2 = polygon site layers.
WITH assigned AS (
  SELECT DISTINCT ON (s.layer_id, s.id) s.layer_id, x.id AS street_id
    FROM zone_parts xp
    JOIN features x ON x.layer_id = 'streets' AND x.id = xp.feature_id
    JOIN features s ON s.layer_id = ANY($1::text[]) AND {{inside xp.geom, s.geom}}
   WHERE xp.layer_id = 'streets'
   ORDER BY s.layer_id, s.id, x.properties ->> 'code', x.id
), assigned_polygons AS (
  SELECT DISTINCT ON (s.layer_id, s.id) s.layer_id, x.id AS street_id
    FROM zone_parts xp
    JOIN features x ON x.layer_id = 'streets' AND x.id = xp.feature_id
    JOIN features s ON s.layer_id = ANY($2::text[]) AND {{inside xp.geom, ST_PointOnSurface(s.geom)}}
   WHERE xp.layer_id = 'streets'
   ORDER BY s.layer_id, s.id, x.properties ->> 'code', x.id
)
SELECT layer_id AS site_layer, street_id::text AS street_id, count(*) AS n
  FROM (SELECT * FROM assigned UNION ALL SELECT * FROM assigned_polygons) a
 GROUP BY layer_id, street_id
