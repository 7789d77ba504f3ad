-- Finds how much ground each pair of zone layers shares: the area in m² (area_m2(), EPSG:4547) of
-- the intersection of the two layers' unions, e.g. the built-up area inside the coal-ban zone.
-- $1 = the zone layer ids. One row per unordered pair of layers that both have features.
WITH u AS (
  SELECT layer_id, ST_Union(geom) AS g FROM features WHERE layer_id = ANY($1::text[]) GROUP BY layer_id
)
SELECT a.layer_id AS layer_a,
       b.layer_id AS layer_b,
       coalesce(area_m2(ST_Intersection(a.g, b.g)), 0) AS area_m2
  FROM u a
  JOIN u b ON a.layer_id < b.layer_id
