-- Lists the street offices (id, division code, name) in code order, for per-street tables.
SELECT id::text AS id, properties ->> 'code' AS code, name
  FROM features
 WHERE layer_id = 'streets'
 ORDER BY properties ->> 'code', id
