import type { Db } from './db.ts';
import { openPg } from './pg.driver.ts';
import { openPglite } from './pglite.driver.ts';
import { defaultPoolSize } from './pool-size.ts';

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir: string;
  /** pg pool size; undefined = defaultPoolSize for the URL */
  poolSize?: number;
}

/** DATABASE_URL set → PostGIS server through pg; otherwise embedded PGlite persisted in dataDir. */
export function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPg({ connectionString: opts.databaseUrl, poolSize: opts.poolSize ?? defaultPoolSize(opts.databaseUrl) });
  return openPglite({ dataDir: opts.dataDir });
}
