/**
 * The connection budget of heavy work. Coverage, the violation scan and exports can each hold a
 * connection for seconds; twenty of them at once held every pool connection for 22 s while a site
 * check waited (issue 20, item 15). Heavy routes talk to the database through `heavyDb(db)`: the
 * same database, but at most `heavyPermits` of its statements or transactions run at once, the rest
 * wait in line (first come, first served) in this process. The other connections stay free for the
 * cheap reads (checks, tiles, items, sign-in) whatever the heavy load.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Db } from './db.ts';

/** Statements heavy work may run at once: half the pool, at least one (PGlite: one). */
export const heavyPermits = (db: Db) => Math.max(1, Math.floor((db.connections ?? 1) / 2));

export interface HeavyDb extends Db {
  /** The line heavy work waits in: `activeCount` statements running, `pendingCount` waiting. */
  readonly budget: Pick<LimitFunction, 'activeCount' | 'pendingCount' | 'concurrency'>;
}

const views = new WeakMap<Db, HeavyDb>();

/** `db` within the heavy budget; one budget per database, shared by every heavy route. */
export function heavyDb(db: Db): HeavyDb {
  let view = views.get(db);
  if (!view) {
    const limit = pLimit(heavyPermits(db));
    view = {
      kind: db.kind,
      capabilities: db.capabilities,
      connections: db.connections,
      budget: limit,
      query: (sql, params) => limit(() => db.query(sql, params)),
      transaction: (fn, opts) => limit(() => db.transaction(fn, opts)),
      ...(db.checkSpace ? { checkSpace: (bytes: number) => db.checkSpace!(bytes) } : {}),
      close: () => db.close(),
    };
    views.set(db, view);
  }
  return view;
}
