-- Counts the features of each site layer. $1 = site layers; empty layers are not returned.
SELECT layer_id AS site_layer, count(*) AS n
  FROM features
 WHERE layer_id = ANY($1::text[])
 GROUP BY layer_id
