/**
 * The one write path of a layer's features (the demo seed, imports, edits, restores, undo): the
 * layer's write lock, batched inserts, deletes, and the revision bump clients cache on.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { requireLayer } from './layer-catalogue.service.ts';
import * as repo from './features.repo.ts';

export type { NewFeature } from './features.repo.ts';

const BATCH = 1000;

/**
 * Inserts validated features inside the caller's transaction and bumps the layer revision. A caller
 * that inserts many batches in one transaction (import) passes `bumpRevision: false` and bumps once.
 */
export async function insertFeaturesTx(
  tx: Queryable,
  layerId: string,
  features: readonly repo.NewFeature[],
  opts: { bumpRevision?: boolean } = {},
): Promise<number[]> {
  requireLayer(layerId);
  const ids: number[] = [];
  for (let i = 0; i < features.length; i += BATCH) ids.push(...(await repo.insertFeatures(tx, layerId, features.slice(i, i + BATCH))));
  if (opts.bumpRevision ?? true) await repo.bumpRevision(tx, layerId);
  return ids;
}

/**
 * Inserts validated features arriving in batches (an import, a bulk load) inside the caller's
 * transaction, the database writing one batch while the caller prepares the next
 * (features.repo.ts, insertFeatureStream), at least `rowsPerCopy` rows per statement (default
 * 5 000); `onWritten` hears the rows written so far after each statement. No revision bump: the
 * caller bumps once at the end. Into an empty layer, a large stream takes the bulk path (the rows
 * staged in a table of their own, swapped in for the layer's partition at the end:
 * bulk-partition.repo.ts); `readWritten` reads the new rows from the table it is given before that swap.
 */
export function insertFeatureStreamTx(
  tx: Queryable,
  layerId: string,
  batches: AsyncIterable<readonly repo.NewFeature[]>,
  onWritten?: (rows: number) => void,
  rowsPerCopy?: number,
  readWritten?: (ids: readonly number[], table: string) => Promise<void>,
): Promise<number[]> {
  requireLayer(layerId);
  return repo.insertFeatureStream(tx, layerId, batches, onWritten, rowsPerCopy, readWritten);
}

/** Marks a layer changed inside the caller's transaction. */
export function bumpRevisionTx(tx: Queryable, layerId: string): Promise<number> {
  requireLayer(layerId);
  return repo.bumpRevision(tx, layerId);
}

/** Deletes all of a layer's features inside the caller's transaction (import's replace mode). */
export function deleteLayerFeaturesTx(tx: Queryable, layerId: string): Promise<number> {
  requireLayer(layerId);
  return repo.deleteLayerFeatures(tx, layerId);
}

/**
 * The one way into a transaction that writes a layer's features (edits, restores, imports, undo):
 * it first takes the layer's write lock, so writes to one layer run one after another for their
 * whole transaction. Without it, on a PostGIS server, two replace imports each deleted what they
 * saw and both files stayed, and an edit in flight when a replace import snapshotted the layer into
 * the history collided with it on a duplicate key (500). PGlite has one connection and serialised
 * them already. A transaction writes one layer, so no two of them can wait on each other.
 */
export function writeLayerTx<T>(db: Db, layerId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  requireLayer(layerId);
  return db.transaction(async (tx) => {
    await repo.lockLayerForWrite(tx, layerId);
    return fn(tx);
  });
}

/** Writes validated features in one transaction: all or nothing. */
export function writeFeatures(db: Db, layerId: string, features: readonly repo.NewFeature[]): Promise<number[]> {
  return writeLayerTx(db, layerId, (tx) => insertFeaturesTx(tx, layerId, features));
}
