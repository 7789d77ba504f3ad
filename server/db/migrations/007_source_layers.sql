-- 007: the site layers for the sources arts. 11–13 of the plan regulate and the map lacked:
-- restaurants (fume purifiers, art. 12), auto-repair shops with spray painting (art. 12) and
-- enterprises emitting volatile organic compounds (arts. 4, 11, 13). Same shape as 001's layers:
-- a catalogue row, one partition each (its own GiST index from the parent), points only.
INSERT INTO layers (id, layer_group, geometry_type, regulated, title_zh, title_en, sort_order) VALUES
  ('restaurants',       'sites', 'Point', false, '餐饮单位',           'Restaurants',              101),
  ('auto_repair_shops', 'sites', 'Point', false, '汽车维修企业',       'Auto-repair shops',        102),
  ('voc_enterprises',   'sites', 'Point', false, '涉挥发性有机物企业', 'VOC-emitting enterprises', 103);

CREATE TABLE features_restaurants PARTITION OF features FOR VALUES IN ('restaurants');
CREATE TABLE features_auto_repair_shops PARTITION OF features FOR VALUES IN ('auto_repair_shops');
CREATE TABLE features_voc_enterprises PARTITION OF features FOR VALUES IN ('voc_enterprises');

ALTER TABLE features_restaurants ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_auto_repair_shops ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
ALTER TABLE features_voc_enterprises ADD CONSTRAINT punctual CHECK (GeometryType(geom) = 'POINT');
