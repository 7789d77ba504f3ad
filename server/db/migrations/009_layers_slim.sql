-- 009: the layers table keeps what the database itself uses: the id (partitions, foreign keys from
-- history and user_layers) and the revision (tile caches and ETags key on it). Titles, groups,
-- geometry types, display order and the "regulated" flag live in the layer catalogue
-- (server/features/layers/catalogue/*.layer.ts), which is what the API serves; the copies made
-- here by 001 were never read, and updated_at was only ever written. A test checks that the
-- partitions and their geometry CHECKs equal the catalogue (tests/api/layer-catalogue.test.ts).
ALTER TABLE layers
  DROP COLUMN layer_group,
  DROP COLUMN geometry_type,
  DROP COLUMN regulated,
  DROP COLUMN title_zh,
  DROP COLUMN title_en,
  DROP COLUMN sort_order,
  DROP COLUMN updated_at;
