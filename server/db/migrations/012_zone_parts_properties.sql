-- 012: each zone part carries its zone's attributes (the feature's `properties`), so a rule that
-- reads the zone's own attributes (nrmm.low_stage: the zone's `min_stage`) joins sites with parts
-- only. Joining the zone's feature row for every site–part pair cost an index look-up per pair
-- (440 000 on 100 000 sites × 1 000 zones) outside the parallel part of the plan
-- (server/features/rules/violations.sql.ts, docs/PERFORMANCE.md). Kept current by the same row
-- triggers, which now also fire on a change of `properties` alone: that one updates the parts'
-- copy in place instead of cutting the polygon again.
ALTER TABLE zone_parts ADD COLUMN properties jsonb NOT NULL DEFAULT '{}'::jsonb;

UPDATE zone_parts z SET properties = f.properties FROM features f WHERE f.layer_id = z.layer_id AND f.id = z.feature_id;

-- (no ';' at a line end inside the body: the migration runner splits statements there)
CREATE OR REPLACE FUNCTION zone_parts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP = 'UPDATE' AND NEW.geom IS NOT DISTINCT FROM OLD.geom AND NEW.id = OLD.id AND NEW.layer_id = OLD.layer_id THEN UPDATE zone_parts
    SET properties = NEW.properties WHERE layer_id = NEW.layer_id AND feature_id = NEW.id AND properties IS DISTINCT FROM NEW.properties; RETURN NULL
  ; END IF; IF TG_OP <> 'INSERT' THEN DELETE FROM zone_parts WHERE layer_id = OLD.layer_id AND feature_id = OLD.id; END IF; IF TG_OP <> 'DELETE' THEN
    INSERT INTO zone_parts (layer_id, feature_id, geom, properties) SELECT NEW.layer_id, NEW.id, ST_Subdivide(NEW.geom, 256), NEW.properties; END IF; RETURN NULL; END $$;

DROP TRIGGER zone_parts_sync ON features_coal_ban_zones;
DROP TRIGGER zone_parts_sync ON features_built_up_areas;
DROP TRIGGER zone_parts_sync ON features_nrmm_control_zones;
DROP TRIGGER zone_parts_sync ON features_ash_yards;
DROP TRIGGER zone_parts_sync ON features_clean_heating_areas;
DROP TRIGGER zone_parts_sync ON features_streets;
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_coal_ban_zones FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_built_up_areas FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_nrmm_control_zones FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_ash_yards FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_clean_heating_areas FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
CREATE TRIGGER zone_parts_sync AFTER INSERT OR DELETE OR UPDATE OF geom, id, properties ON features_streets FOR EACH ROW EXECUTE FUNCTION zone_parts_sync();
