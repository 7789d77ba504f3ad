-- Counts the sites of each site layer lying in each zone layer: a site counts once per zone layer
-- when it lies in any zone of that layer, boundary inclusive to the millimetre (the inside
-- placeholder, server/lib/inside-zone.sql.ts, as the violation rules decide); a polygon site (ash
-- yard) counts by a point on its surface.
-- Written zone-first over the zones' parts (zone_parts, ≤ 256 vertices each) so each part is probed
-- against the site partition's GiST index and PostGIS reuses the part's prepared geometry across
-- consecutive sites (a site-first loop over whole zones alternates zones and rebuilds it every
-- time: ~60 s instead of ~1 s for 100 000 sites and a 20 000-vertex zone); the parts keep the
-- distance test of a site near an edge short.
-- $1 = point site layers, $2 = polygon site layers, $3 = zone layers. Only non-zero counts come back.
SELECT s.layer_id AS site_layer, z.layer_id AS zone_layer, count(DISTINCT s.id) AS n
  FROM zone_parts z
  JOIN features s ON s.layer_id = ANY($1::text[]) AND {{inside z.geom, s.geom}}
 WHERE z.layer_id = ANY($3::text[])
 GROUP BY s.layer_id, z.layer_id
UNION ALL
SELECT s.layer_id, z.layer_id, count(DISTINCT s.id)
  FROM zone_parts z
  JOIN features s ON s.layer_id = ANY($2::text[]) AND {{inside z.geom, ST_PointOnSurface(s.geom)}}
 WHERE z.layer_id = ANY($3::text[])
 GROUP BY s.layer_id, z.layer_id
