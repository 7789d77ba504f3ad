-- 006: zone_parts is found by its geometry, and by feature id (the sync trigger, the zone filter),
-- never by layer alone. The (layer_id, feature_id) index of 005 let the planner AND a scan of
-- "every part of the control-zone layer" (13 000 rows) into each site's probe of the GiST index:
-- the 1 000 000-site violation scan took 117 s, against 26 s with the index below (bench/cases/
-- scan.bench.ts, docs/PERFORMANCE.md). Feature ids are unique across layers (one sequence).
DROP INDEX zone_parts_feature_idx;
CREATE INDEX zone_parts_feature_id_idx ON zone_parts (feature_id);
