-- 002: one definition of "area in m²" for the analytics (clean-heating coverage, zone statistics).
-- EPSG:4547 (CGCS2000 / 3-degree Gauss–Krüger CM 114E) is the survey projection the bureau's own
-- figures use; at Datong (0.7° west of the central meridian) its area scale error is < 0.01 %.
-- ST_Segmentize first (0.0005° ≈ 45–55 m): our polygons are stored with edges straight in lon/lat, and
-- a long edge projected as one straight chord would give a polygon a slightly different area than the
-- same polygon cut into pieces (tens of m² per km² piece); densified, whole and pieces agree to < 0.01 m².
CREATE FUNCTION area_m2(g geometry) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT ST_Area(ST_Transform(ST_Segmentize(g, 0.0005), 4547))';
