import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { lockDataDir } from './data-dir-lock.ts';
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
  // before PGlite touches a file: a second process on the directory stops here (data-dir-lock.ts)
  const lock = opts.dataDir ? lockDataDir(opts.dataDir) : undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      extensions: { postgis },
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    lock?.release();
    throw err;
  }
  const take = createTurns();
  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await q.query<R>(sql, params as unknown[] | undefined)).rows;

  return {
    kind: 'pglite',
    capabilities: { mvt: false, copy: true },
    raw: pg,
    query: (sql, params) => take(() => run(pg, sql, params)),
    transaction: (fn) =>
      take(() =>
        pg.transaction(async (t) => {
          const tx: Queryable = { query: (sql, params) => run(t, sql, params), copyFrom: (sql, chunks) => copyFromBlob(t, sql, chunks) };
          return fn(tx);
        }),
      ),
    close: () => pg.close().finally(() => lock?.release()),
  };
}

/**
 * `COPY … FROM STDIN` on PGlite, which has no client-side stream: it reads the COPY from the
 * virtual file /dev/blob handed over with the statement, so the chunks become one Blob first (a
 * write batch is a few MB at most).
 */
async function copyFromBlob(q: Pick<PGlite, 'query'>, sql: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number> {
  const fromBlob = sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
  if (fromBlob === sql) throw new Error(`copyFrom takes COPY … FROM STDIN, not: ${sql}`);
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const result = await q.query(fromBlob, [], { blob: new Blob(parts) });
  return result.affectedRows ?? 0;
}
