-- Finds the clean-heating coverage of the built-up area (art. 6, target 100 %): totals, per street
-- office, and the gap pieces, in one statement so the unions are computed once per request.
--   built  = union of the built-up polygons (overlapping areas count once)
--   heated = union of the clean-heating areas
--   gap    = built − heated: built-up land still heated with loose coal, without the noise: a
--            connected gap polygon smaller than $1 m² or thinner on average than $3 m (2·area /
--            perimeter) is an artefact of overlaying boundaries digitised separately (a 3 km long,
--            3 mm wide sliver along an edge both layers share), not a place anyone lives in
--   heated_outside = heated − built: rural coverage, which the plan asks to extend but which does
--            not count towards the built-up target
--   pieces = the gap cut along street-office boundaries, one per connected polygon, with its street
--            (NULL for a part no street polygon covers) and a point on it for the map to zoom to
-- Overlays run in EPSG:4326; areas are area_m2(): m² in EPSG:4547 (migration 002 says why and how).
-- $1 = smallest gap (m²), $3 = thinnest mean gap width (m) that count; pieces cut by streets are
--      listed by the same rule. $2 = whether pieces carry their GeoJSON geometry.
WITH built AS (
  SELECT ST_Union(geom) AS g FROM features WHERE layer_id = 'built_up_areas'
), heated AS (
  SELECT ST_Union(geom) AS g FROM features WHERE layer_id = 'clean_heating_areas'
), raw_gap AS (
  SELECT CASE WHEN heated.g IS NULL THEN built.g ELSE ST_Difference(built.g, heated.g) END AS g
    FROM built, heated
), gap AS (
  -- ST_Collect of the parts of one valid polygonal geometry is a valid multipolygon; NULL when none is left
  SELECT ST_Collect(d.geom) AS g
    FROM raw_gap, ST_Dump(ST_CollectionExtract(raw_gap.g, 3)) AS d
   WHERE area_m2(d.geom) >= $1::float8
     AND 2 * area_m2(d.geom) / ST_Perimeter(ST_Transform(d.geom, 4547)) >= $3::float8
), streets AS (
  SELECT id, name, properties ->> 'code' AS code, geom FROM features WHERE layer_id = 'streets'
), by_street AS (
  SELECT s.id::text AS id, s.code, s.name,
         coalesce(area_m2(ST_Intersection(built.g, s.geom)), 0) AS built_up_m2,
         coalesce(area_m2(ST_Intersection(gap.g, s.geom)), 0) AS gap_m2
    FROM streets s, built, gap
), cut AS (
  SELECT s.code, s.name, ST_Intersection(gap.g, s.geom) AS g
    FROM gap JOIN streets s ON ST_Intersects(gap.g, s.geom)
  UNION ALL
  SELECT NULL, NULL, CASE WHEN u.g IS NULL THEN gap.g ELSE ST_Difference(gap.g, u.g) END
    FROM gap, (SELECT ST_Union(geom) AS g FROM streets) u
   WHERE gap.g IS NOT NULL
), pieces AS (
  -- intersections along shared edges also yield lines and points: keep the polygons only
  SELECT code, name, (ST_Dump(ST_CollectionExtract(g, 3))).geom AS g FROM cut
), measured AS (
  SELECT code, name, g, area_m2(g) AS area_m2, ST_PointOnSurface(g) AS p FROM pieces
)
SELECT coalesce(area_m2(built.g), 0) AS built_up_m2,
       coalesce(area_m2(gap.g), 0) AS gap_m2,
       coalesce(area_m2(raw_gap.g), 0) - coalesce(area_m2(gap.g), 0) AS noise_m2,
       coalesce(area_m2(CASE WHEN built.g IS NULL THEN heated.g ELSE ST_Difference(heated.g, built.g) END), 0) AS heated_outside_m2,
       (SELECT coalesce(json_agg(b ORDER BY b.code, b.id), '[]') FROM by_street b) AS streets,
       (SELECT coalesce(json_agg(json_build_object(
                 'street_code', m.code, 'street_name', m.name, 'area_m2', m.area_m2, 'lng', ST_X(m.p), 'lat', ST_Y(m.p),
                 'geometry', CASE WHEN $2::boolean THEN ST_AsGeoJSON(m.g, 9)::json END)
               ORDER BY m.area_m2 DESC, m.code, ST_X(m.p), ST_Y(m.p)), '[]')
          FROM measured m
         WHERE m.area_m2 >= $1::float8
           AND 2 * m.area_m2 / ST_Perimeter(ST_Transform(m.g, 4547)) >= $3::float8) AS pieces
  FROM built, heated, raw_gap, gap
