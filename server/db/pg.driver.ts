import pg from 'pg';
import type { Db, Queryable } from './db.ts';
import { copyFrom } from './pg-copy.ts';

// int8 (counts, ids) as JS numbers, as PGlite returns them: our ids and counts stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Every session's settings, sent in the startup packet (`options`), so a connection is set up
 * before it runs anything. PostGIS declares its spatial functions expensive, so the planner prices
 * a bbox query over a few thousand rows high enough to launch a parallel worker (setup cost 1 000),
 * and starting the worker takes ~45 ms for ~1 ms of work: an OGC items page went from 0.8 ms serial
 * to 52 ms, and the soak's items endpoint fell to 29 req/s (docs/RELIABILITY.md §6). At 10 000 the
 * short interactive queries run serially, while the violation scan over a million sites (cost
 * ~500 000) still gets its workers.
 */
const SESSION_OPTIONS = '-c parallel_setup_cost=10000';

/**
 * The connection string without its own `options` parameter, and the startup options: the URL's
 * first, then ours. pg lets a connection string's parameters override the config object's, so
 * both are merged here rather than one silently dropping the other.
 */
function startup(connectionString: string, schema?: string): { connectionString: string; options: string } {
  const ours = [SESSION_OPTIONS, ...(schema ? [`-c search_path=${schema},public`] : [])];
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { connectionString, options: ours.join(' ') };
  }
  const given = url.searchParams.get('options');
  if (given === null) return { connectionString, options: ours.join(' ') };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), options: [given, ...ours].join(' ') };
}

export interface PgOptions {
  connectionString: string;
  poolSize: number;
  /** Optional schema put first on the search_path (tests isolate themselves this way). */
  schema?: string;
}

export async function openPg(opts: PgOptions): Promise<Db> {
  const pool = new pg.Pool({ ...startup(opts.connectionString, opts.schema), max: opts.poolSize, types });
  pool.on('error', () => {
    /* an idle client died (server restart); the pool replaces it on next use */
  });
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await client.query(sql, params as unknown[] | undefined)).rows as R[];

  await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
  const [probe] = await run<{ mvt: boolean }>(pool, `SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'st_asmvt') AS mvt`);

  return {
    kind: 'pg',
    capabilities: { mvt: probe?.mvt ?? false, copy: true },
    connections: opts.poolSize,
    query: (sql, params) => run(pool, sql, params),
    queryPrepared: async <R>(name: string, sql: string, params?: readonly unknown[]) =>
      (await pool.query({ name, text: sql, values: params as unknown[] | undefined })).rows as R[],
    async transaction(fn, opts) {
      const client = await pool.connect();
      try {
        await client.query(opts?.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        const tx: Queryable = { query: (sql, params) => run(client, sql, params), copyFrom: (sql, chunks) => copyFrom(client, sql, chunks) };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
