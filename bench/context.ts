/** What every benchmark case gets: the database under test, the app on a socket, the data files. */
import { createReadStream } from 'node:fs';
import type { Db } from '../server/db/db.ts';
import { findLayer } from '../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../server/features/layers/feature-validation.ts';
import { bumpRevisionTx, insertFeatureStreamTx, type NewFeature } from '../server/features/layers/feature-write.service.ts';

export interface BenchContext {
  db: Db;
  /** base URL of the app under test */
  url: string;
  /** postgres URL when the database is a server (floors such as ogr2ogr need it) */
  databaseUrl?: string;
  /** schema holding the bench tables on a server */
  schema?: string;
  sites: number;
  zones: number;
  sitesPath: string;
  zonesPath: string;
  quick: boolean;
}

/**
 * Reads a one-feature-per-line FeatureCollection (as bench/generate.ts writes it) lazily. Lines are
 * cut from the file's decoded chunks with indexOf, not by readline, whose per-line events cost as
 * much as the JSON.parse of a site (the import case reads a million).
 */
export async function* readFeatureLines(path: string, range: FeatureRange = {}): AsyncGenerator<unknown> {
  const { skip = 0, limit = Infinity } = range;
  let i = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
      if (!text.startsWith('{"type":"Feature"', start)) continue;
      if (i++ < skip) continue;
      if (i > skip + limit) return;
      yield parseLine(text.slice(start, end));
    }
    rest = text.slice(start);
  }
  if (rest.startsWith('{"type":"Feature"') && i++ >= skip && i <= skip + limit) yield parseLine(rest);
}

/** One feature line without its line end and the comma between features. */
function parseLine(line: string): unknown {
  let end = line.length;
  if (line[end - 1] === '\r') end--;
  if (line[end - 1] === ',') end--;
  return JSON.parse(end === line.length ? line : line.slice(0, end));
}

/** Which features of a file to read: `limit` of them after the first `skip`. */
export interface FeatureRange {
  skip?: number;
  limit?: number;
}

/**
 * Validates and inserts a generated file through the app's own write path, in one transaction:
 * validated features handed over 500 at a time (they die young: the write path encodes them at
 * once and gathers a COPY's worth of rows), the next ones validated while the database ingests the
 * previous COPY (insertFeatureStreamTx).
 */
export async function loadFile(db: Db, layerId: string, path: string, range: FeatureRange = {}): Promise<number> {
  const layer = findLayer(layerId)!;
  async function* batches() {
    let batch: NewFeature[] = [];
    for await (const f of readFeatureLines(path, range)) {
      const v = validateFeature(layer, f);
      if (!v.valid) throw new Error(`${path}: ${v.reason}`);
      batch.push(v.feature);
      if (batch.length === 500) {
        yield batch;
        batch = [];
      }
    }
    yield batch;
  }
  return db.transaction(async (tx) => {
    const ids = await insertFeatureStreamTx(tx, layerId, batches());
    await bumpRevisionTx(tx, layerId);
    return ids.length;
  });
}

/** GDAL's PG: connection string in key=value form (its URI form takes no schema options). */
export function gdalPg(databaseUrl: string, extra: Record<string, string> = {}): string {
  const u = new URL(databaseUrl);
  const parts = {
    host: u.hostname,
    port: u.port || '5432',
    dbname: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...extra,
  };
  return `PG:${Object.entries(parts)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}='${v.replace(/'/g, "\\'")}'`)
    .join(' ')}`;
}
