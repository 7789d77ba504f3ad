-- 014: two per-row costs of every feature write that bought nothing (issue 18: the million-site
-- import, bench/cases/import.bench.ts; docs/PERFORMANCE.md). Profiled on the PostGIS server
-- (perf, the backend of a 100 000-site COPY): the foreign key's check was a quarter of the
-- backend's CPU, the name index about a fifth of the rest.
--
-- 1. features_name_idx (layer_id, lower(name)): no statement reads it. The search matches
--    `name ILIKE`, which a btree on lower(name) cannot serve, and nothing sorts or looks up by
--    lower(name). Each insert still paid a collation-aware comparison per tree level.
DROP INDEX features_name_idx;

-- 2. The foreign key features.layer_id → layers(id): PostgreSQL checks it with one query per
--    inserted row (an AFTER trigger, an executor started for each). The partitioning already holds
--    what it held on insert: features has no DEFAULT partition, so a row whose layer_id is not one
--    of the partitions' values is refused (SQLSTATE 23514), and each partition is created in the
--    migration that adds its layer's row. What the key held on the other side, that a layer with
--    features cannot be deleted or renamed, the trigger below holds more strictly: a layer cannot be
--    deleted or renamed while a partition of features is bound to it, rows or none (so no partition
--    is ever left without its layer). Same SQLSTATE as the key's refusal (23503).
ALTER TABLE features DROP CONSTRAINT features_layer_id_fkey;

-- (no ';' at a line end inside the body: the migration runner splits statements there)
CREATE FUNCTION layers_keep_partitioned() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN RETURN NEW; END IF; IF EXISTS (
    SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = format('%I.features', TG_TABLE_SCHEMA)::regclass
       AND pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', OLD.id)) THEN RAISE EXCEPTION 'layer % still has its features partition', OLD.id
    USING ERRCODE = 'foreign_key_violation'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$;

CREATE TRIGGER layers_keep_partitioned BEFORE DELETE OR UPDATE OF id ON layers FOR EACH ROW EXECUTE FUNCTION layers_keep_partitioned();
