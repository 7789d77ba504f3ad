-- Finds each zone layer's size: its feature count and the area of the union of its polygons in m²
-- (area_m2(): EPSG:4547, migration 002), so zones of one layer that overlap are counted once.
-- $1 = the zone layer ids; layers without features come back with zeros.
SELECT l.id AS layer_id,
       count(f.id) AS feature_count,
       coalesce(area_m2(ST_Union(f.geom)), 0) AS area_m2
  FROM unnest($1::text[]) AS l(id)
  LEFT JOIN features f ON f.layer_id = l.id
 GROUP BY l.id
