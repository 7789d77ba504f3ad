import type { Db } from './db.ts';
import { openPg } from './pg.driver.ts';
import { openPglite } from './pglite.driver.ts';

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
}

/** DATABASE_URL set → PostGIS server through pg; otherwise embedded PGlite persisted in dataDir. */
export function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPg({ connectionString: opts.databaseUrl, poolSize: opts.poolSize });
  return openPglite({ dataDir: opts.dataDir });
}
