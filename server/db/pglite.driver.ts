import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';
import { createTurns } from './turns.ts';

export interface PgliteOptions {
  /** Directory to persist into; undefined = in memory. */
  dataDir?: string;
  /** A gzip data-dir dump to start from (tests clone one migrated database this way). */
  loadDataDir?: Blob;
}

/**
 * Embedded PostGIS. PGlite is a single connection: it queues statements itself, and its
 * `transaction()` holds the connection for the callback, so concurrent requests never interleave
 * inside a transaction. On top of that queue, statements and transactions take turns that leave
 * the event loop free to serve sockets between them (turns.ts). PostGIS here is built without
 * protobuf-c: no ST_AsMVT.
 */
export async function openPglite(opts: PgliteOptions = {}): Promise<Db & { raw: PGlite }> {
  const pg = await PGlite.create({
    extensions: { postgis },
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const take = createTurns();
  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await q.query<R>(sql, params as unknown[] | undefined)).rows;

  return {
    kind: 'pglite',
    capabilities: { mvt: false, copy: false },
    raw: pg,
    query: (sql, params) => take(() => run(pg, sql, params)),
    transaction: (fn) =>
      take(() =>
        pg.transaction(async (t) => {
          const tx: Queryable = { query: (sql, params) => run(t, sql, params) };
          return fn(tx);
        }),
      ),
    close: () => pg.close(),
  };
}
