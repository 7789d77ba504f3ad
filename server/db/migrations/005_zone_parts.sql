-- 005: every polygon cut into parts of at most 256 vertices (ST_Subdivide), for the spatial joins
-- of the violation scan. A site-in-zone test against a whole zone of 50 000 vertices reads (and
-- de-TOASTs) the whole polygon for every site; against its parts, the GiST index finds the one or
-- two small parts around the site. Measured in bench/cases/scan.bench.ts (docs/PERFORMANCE.md).
-- The parts cover exactly the polygon (boundary included), so ST_Covers against any part of a
-- zone is ST_Covers against the zone. Kept current by row triggers on the polygon partitions, so
-- every write path (edits, imports, history restores, seeds) updates them in the same transaction.

CREATE TABLE zone_parts (
  layer_id   text NOT NULL,
  feature_id bigint NOT NULL,
  geom       geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX zone_parts_geom_idx ON zone_parts USING gist (geom);
CREATE INDEX zone_parts_feature_idx ON zone_parts (layer_id, feature_id);

-- (no ';' at a line end inside the body: the migration runner splits statements there)
CREATE FUNCTION zone_parts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP <> 'INSERT' THEN DELETE FROM zone_parts WHERE layer_id = OLD.layer_id AND feature_id = OLD.id; END IF; IF TG_OP <> 'DELETE' THEN
    INSERT INTO zone_parts (layer_id, feature_id, geom) SELECT NEW.layer_id, NEW.id, ST_Subdivide(NEW.geom, 256); END IF; RETURN NULL; END $$;

CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_coal_ban_zones FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_built_up_areas FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_nrmm_control_zones FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_ash_yards FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_clean_heating_areas FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id ON features_streets FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();

INSERT INTO zone_parts (layer_id, feature_id, geom)
SELECT layer_id, id, ST_Subdivide(geom, 256) FROM features WHERE GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON');
