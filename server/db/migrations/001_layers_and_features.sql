-- 001: the layer catalogue and one features table, list-partitioned by layer.
-- Why partitions: every layer gets its own GiST index, so a join of 1M site points against a
-- handful of zone polygons never wades through the other layers' geometries, while import,
-- export, history and the OGC API stay one generic code path over one table.

CREATE TABLE layers (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,62}$'),
  layer_group   text NOT NULL CHECK (layer_group IN ('zones', 'sites', 'reference')),
  geometry_type text NOT NULL CHECK (geometry_type IN ('Point', 'Polygon')),
  regulated     boolean NOT NULL DEFAULT false,
  title_zh      text NOT NULL,
  title_en      text NOT NULL,
  sort_order    integer NOT NULL,
  -- bumped whenever the layer's features change: tile caches and ETags key on it
  revision      bigint NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE feature_id_seq AS bigint;

CREATE TABLE features (
  layer_id   text NOT NULL REFERENCES layers (id),
  id         bigint NOT NULL DEFAULT nextval('feature_id_seq'),
  name       text NOT NULL DEFAULT '',
  properties jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(properties) = 'object'),
  geom       geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  is_demo    boolean NOT NULL DEFAULT false,
  version    integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (layer_id, id)
) PARTITION BY LIST (layer_id);

-- Declared on the parent, created on every partition.
CREATE INDEX features_geom_idx ON features USING gist (geom);
CREATE INDEX features_name_idx ON features (layer_id, lower(name));

INSERT INTO layers (id, layer_group, geometry_type, regulated, title_zh, title_en, sort_order) VALUES
  ('coal_ban_zones',     'zones',     'Polygon', true,  '禁煤区',                   'Coal-ban zones',                 10),
  ('built_up_areas',     'zones',     'Polygon', true,  '建成区',                   'Built-up areas',                 20),
  ('nrmm_control_zones', 'zones',     'Polygon', true,  '非道路移动机械排放控制区', 'NRMM emission control zones',    30),
  ('ash_yards',          'sites',     'Polygon', true,  '电厂储灰场',               'Power-plant ash yards',          40),
  ('construction_sites', 'sites',     'Point',   true,  '建筑施工工地',             'Construction sites',             50),
  ('coal_sales_points',  'sites',     'Point',   false, '散煤销售点',               'Loose-coal sales points',        60),
  ('boilers',            'sites',     'Point',   false, '燃煤锅炉及工业炉窑',       'Boilers and industrial furnaces', 70),
  ('gas_stations',       'sites',     'Point',   false, '加油站',                   'Gas stations',                   80),
  ('nrmm_machines',      'sites',     'Point',   false, '非道路移动机械',           'Non-road mobile machinery',      90),
  ('truck_units',        'sites',     'Point',   false, '重点用车单位',             'Units with heavy truck traffic', 100),
  ('clean_heating_areas','reference', 'Polygon', false, '清洁取暖改造区域',         'Clean-heating areas',            110),
  ('aq_stations',        'reference', 'Point',   false, '空气质量监测站',           'Air-quality stations',           120),
  ('streets',            'reference', 'Polygon', false, '街道办事处辖区',           'Street-office areas',            130);

-- One partition per layer; the CHECK keeps each layer's geometry type honest at the database level.
CREATE TABLE features_coal_ban_zones PARTITION OF features FOR VALUES IN ('coal_ban_zones');
CREATE TABLE features_built_up_areas PARTITION OF features FOR VALUES IN ('built_up_areas');
CREATE TABLE features_nrmm_control_zones PARTITION OF features FOR VALUES IN ('nrmm_control_zones');
CREATE TABLE features_ash_yards PARTITION OF features FOR VALUES IN ('ash_yards');
CREATE TABLE features_construction_sites PARTITION OF features FOR VALUES IN ('construction_sites');
CREATE TABLE features_coal_sales_points PARTITION OF features FOR VALUES IN ('coal_sales_points');
CREATE TABLE features_boilers PARTITION OF features FOR VALUES IN ('boilers');
CREATE TABLE features_gas_stations PARTITION OF features FOR VALUES IN ('gas_stations');
CREATE TABLE features_nrmm_machines PARTITION OF features FOR VALUES IN ('nrmm_machines');
CREATE TABLE features_truck_units PARTITION OF features FOR VALUES IN ('truck_units');
CREATE TABLE features_clean_heating_areas PARTITION OF features FOR VALUES IN ('clean_heating_areas');
CREATE TABLE features_aq_stations PARTITION OF features FOR VALUES IN ('aq_stations');
CREATE TABLE features_streets PARTITION OF features FOR VALUES IN ('streets');

ALTER TABLE features_coal_ban_zones ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_built_up_areas ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_nrmm_control_zones ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_ash_yards ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_clean_heating_areas ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_streets ADD CONSTRAINT polygonal CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'));
ALTER TABLE features_construction_sites ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_coal_sales_points ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_boilers ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_gas_stations ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_nrmm_machines ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_truck_units ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_aq_stations ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
