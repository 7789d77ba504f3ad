import type { Queryable } from '../../db/db.ts';

/** Feature counts of the given layers (the datum check compares a site list with the best-filled one). */
export function featureCounts(db: Queryable, layerIds: readonly string[]) {
  return db.query<{ layer_id: string; n: number }>(
    'SELECT layer_id, count(*)::int AS n FROM features WHERE layer_id = ANY($1::text[]) GROUP BY layer_id ORDER BY n DESC, layer_id',
    [layerIds],
  );
}

/**
 * PostgreSQL's JIT compiles a 10 000-point statement for ≈ 0.4–1.3 s before running it in 0.3 s;
 * off for this transaction only. (`jit` exists without LLVM too, so PGlite accepts it.)
 */
export async function withoutJit(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL jit = off');
}
