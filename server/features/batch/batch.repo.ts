import type { Queryable } from '../../db/db.ts';

/** Feature counts of the given layers (the datum check compares a site list with the best-filled one). */
export function featureCounts(db: Queryable, layerIds: readonly string[]) {
  return db.query<{ layer_id: string; n: number }>(
    'SELECT layer_id, count(*)::int AS n FROM features WHERE layer_id = ANY($1::text[]) GROUP BY layer_id ORDER BY n DESC, layer_id',
    [layerIds],
  );
}
