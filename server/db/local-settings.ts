/** Statements that need planner settings of their own, without changing the session's. */
import type { Db, Queryable } from './db.ts';

/**
 * `sql` in its own read-only transaction after `settings` (`SET LOCAL …`, gone when it ends). A
 * caller's transaction (a Queryable without `transaction`) runs the statement as it is: its
 * settings would outlive the statement there.
 */
export async function queryWithLocalSettings<R>(db: Queryable, settings: readonly string[], sql: string, params: readonly unknown[]): Promise<R[]> {
  if (!('transaction' in db)) return db.query<R>(sql, params);
  return (db as Db).transaction(
    async (tx) => {
      for (const setting of settings) await tx.query(setting);
      return tx.query<R>(sql, params);
    },
    { readOnly: true },
  );
}
