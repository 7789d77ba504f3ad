-- Finds the clean-heating coverage of the built-up area (art. 6, target 100 %): totals, per street
-- office, and the gap pieces, in one statement so the unions are computed once per request.
--   built  = union of the built-up polygons (overlapping areas count once)
--   heated = union of the clean-heating areas
--   raw_parts = the connected polygons of built − heated, each measured once
--   gap_parts = those that count: a part smaller than $1 m² or thinner on average than $3 m (2·area /
--            perimeter) is an artefact of overlaying boundaries digitised separately (a 3 km long,
--            3 mm wide sliver along an edge both layers share), not a place anyone lives in. The
--            perimeter in metres is needed only near that line: the perimeter in degrees times
--            2e5 m/° bounds it from above (a degree is at most 111.7 km on the ellipsoid, and the
--            Gauss–Krüger scale stays under 1.79 within thousands of km of the central meridian), so
--            a part that passes with the bound passes with the exact perimeter, which is then only
--            computed (projected: about an area's cost per part) for the thin or small ones
--   heated_outside = area of heated − built: rural coverage, which the plan asks to extend but which
--            does not count towards the built-up target. Measured without a second overlay, as
--            area(heated) − area(heated ∩ built) = area(heated) − (area(built) − area(built − heated)):
--            the same quantity to ~1e-11 of it (the overlay's own rounding), for one area instead of
--            an overlay of the two unions
--   pieces = each gap part cut along the street offices whose boxes it meets, one per connected
--            polygon, with its street (NULL for a part no street polygon covers) and a point on it for
--            the map to zoom to. Cutting the small parts, not the whole gap, lets a part that meets no
--            street office stay as it is, already measured and already judged no sliver
--   by_street = built-up land per street office (an overlay of the built-up union with the street),
--            and its gap: the street's pieces before the sliver rule (the same area as gap ∩ street)
-- Overlays run in EPSG:4326; areas are area_m2(): m² in EPSG:4547 (migration 002 says why and how).
-- $1 = smallest gap (m²), $3 = thinnest mean gap width (m) that count; pieces cut by streets are
--      listed by the same rule. $2 = whether pieces carry their GeoJSON geometry.
WITH built AS MATERIALIZED (
  SELECT ST_Union(geom) AS g FROM features WHERE layer_id = 'built_up_areas'
), heated AS MATERIALIZED (
  SELECT ST_Union(geom) AS g FROM features WHERE layer_id = 'clean_heating_areas'
), raw_parts AS MATERIALIZED (
  SELECT d.geom AS g, area_m2(d.geom) AS area
    FROM built, heated,
         ST_Dump(ST_CollectionExtract(CASE WHEN heated.g IS NULL THEN built.g ELSE ST_Difference(built.g, heated.g) END, 3)) AS d
), gap_parts AS MATERIALIZED (
  SELECT g, area FROM raw_parts
   WHERE area >= $1::float8
     AND (2 * area / (ST_Perimeter(g) * 2e5) >= $3::float8 OR 2 * area / ST_Perimeter(ST_Transform(g, 4547)) >= $3::float8)
), streets AS MATERIALIZED (
  SELECT id, name, properties ->> 'code' AS code, geom FROM features WHERE layer_id = 'streets'
), street_union AS MATERIALIZED (
  SELECT ST_Union(geom) AS g FROM streets
), cut AS (
  -- whole: the part itself, uncut (it meets no street office's box), so its area and sliver test stand
  SELECT s.id, s.code, s.name, ST_Intersection(p.g, s.geom) AS g, NULL::float8 AS area, false AS whole
    FROM gap_parts p JOIN streets s ON p.g && s.geom AND ST_Intersects(p.g, s.geom)
  UNION ALL
  SELECT NULL, NULL, NULL, p.g, p.area, true
    FROM gap_parts p, street_union u
   WHERE u.g IS NULL OR NOT p.g && u.g
  UNION ALL
  SELECT NULL, NULL, NULL, ST_Difference(p.g, u.g), NULL, false
    FROM gap_parts p, street_union u
   WHERE p.g && u.g
), pieces AS MATERIALIZED (
  -- intersections along shared edges also yield lines and points: keep the polygons only
  SELECT c.id, c.code, c.name, d.geom AS g, coalesce(c.area, area_m2(d.geom)) AS area, c.whole
    FROM cut c, ST_Dump(CASE WHEN c.whole THEN c.g ELSE ST_CollectionExtract(c.g, 3) END) AS d
), listed AS (
  SELECT code, name, g, area, ST_PointOnSurface(g) AS p
    FROM pieces
   WHERE whole
      OR area >= $1::float8
         AND (2 * area / (ST_Perimeter(g) * 2e5) >= $3::float8 OR 2 * area / ST_Perimeter(ST_Transform(g, 4547)) >= $3::float8)
), by_street AS (
  SELECT s.id::text AS id, s.code, s.name,
         coalesce(area_m2(ST_Intersection(built.g, s.geom)), 0) AS built_up_m2,
         coalesce((SELECT sum(pc.area) FROM pieces pc WHERE pc.id = s.id), 0) AS gap_m2
    FROM streets s, built
), totals AS (
  SELECT coalesce(area_m2(built.g), 0) AS built_m2,
         coalesce(area_m2(heated.g), 0) AS heated_m2,
         (SELECT coalesce(sum(area), 0) FROM raw_parts) AS raw_m2,
         (SELECT coalesce(sum(area), 0) FROM gap_parts) AS gap_m2
    FROM built, heated
)
SELECT t.built_m2 AS built_up_m2,
       t.gap_m2,
       t.raw_m2 - t.gap_m2 AS noise_m2,
       greatest(t.heated_m2 - t.built_m2 + t.raw_m2, 0) AS heated_outside_m2,
       (SELECT coalesce(json_agg(b ORDER BY b.code, b.id), '[]') FROM by_street b) AS streets,
       (SELECT coalesce(json_agg(json_build_object(
                 'street_code', l.code, 'street_name', l.name, 'area_m2', l.area, 'lng', ST_X(l.p), 'lat', ST_Y(l.p),
                 'geometry', CASE WHEN $2::boolean THEN ST_AsGeoJSON(l.g, 9)::json END)
               ORDER BY l.area DESC, l.code, ST_X(l.p), ST_Y(l.p)), '[]')
          FROM listed l) AS pieces
  FROM totals t
