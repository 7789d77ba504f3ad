import { PGlite } from '@electric-sql/pglite';
import { DomainError } from '../lib/errors.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { slimPostgis } from './postgis-bundle.ts';
import type { KeepableDb, Queryable } from './db.ts';
import { diskFull, DISK_RESERVE_BYTES, freeBytes, isDiskFull, requireSpace } from './disk-space.ts';
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
 *
 * On disk: the data directory is locked for this process (data-dir-lock.ts), and writes are refused
 * with DISK_FULL while its disk has less than the reserve free (disk-space.ts), before PGlite could
 * run out mid-transaction and break its session. Should that happen anyway, the instance is not
 * used again: writes answer DISK_FULL, reads DATABASE_UNAVAILABLE, until a restart.
 */
export async function openPglite(opts: PgliteOptions = {}): Promise<KeepableDb & { raw: PGlite }> {
  // before PGlite touches a file: a second process on the directory stops here (data-dir-lock.ts)
  let lock: ReturnType<typeof lockDataDir> | undefined;
  try {
    lock = opts.dataDir ? lockDataDir(opts.dataDir) : undefined;
  } catch (err) {
    throw opts.dataDir ? startFailure(err, opts.dataDir) : err; // writing the lock file may find the disk full
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      extensions: { postgis: slimPostgis },
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    // PGlite may open on a full disk, but the migrations and the first write would fail: say why now
    if (opts.dataDir && freeBytes(opts.dataDir) < DISK_RESERVE_BYTES) {
      await pg.close();
      throw startFailure(undefined, opts.dataDir);
    }
  } catch (err) {
    lock?.release();
    throw opts.dataDir ? startFailure(err, opts.dataDir) : err;
  }
  const dir = opts.dataDir;
  const take = createTurns();
  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) => (await q.query<R>(sql, params as unknown[] | undefined)).rows;
  /**
   * Statements and transactions started on the connection so far, whatever they were. PGlite is
   * the only connection to its data directory (locked to this process), so while this stands
   * still nothing in the database moves: readKeepable's answers hold exactly that long. Counted
   * when each starts, inside its turn; `raw` (tests: closed, dumpDataDir) is not counted.
   */
  let started = 0;

  /** Set once a disk-full error left the session unusable (a probe after it failed). */
  let broken = false;
  const usable = (write: boolean) => {
    if (broken) throw write ? diskFull() : unavailable();
    if (write && dir) requireSpace(dir);
  };
  /** After a disk-full error: does the session still answer? If not, never touch it again. */
  const probe = async (err: unknown): Promise<never> => {
    if (isDiskFull(err)) {
      await pg.query('SELECT 1').catch(() => (broken = true));
      throw diskFull();
    }
    throw err;
  };

  return {
    kind: 'pglite',
    capabilities: { mvt: false, copy: true },
    raw: pg,
    query: <R>(sql: string, params?: readonly unknown[]) =>
      take(async () => {
        usable(!READ_ONLY.test(sql));
        started++;
        return run<R>(pg, sql, params).catch(probe);
      }),
    readKeepable: <R>(sql: string, params?: readonly unknown[]) =>
      take(async () => {
        usable(!READ_ONLY.test(sql));
        const mark = ++started;
        const rows = await run<R>(pg, sql, params).catch(probe);
        return { rows, unchanged: () => started === mark };
      }),
    transaction: (fn, opts) =>
      take(async () => {
        usable(!opts?.readOnly);
        started++;
        return pg
          .transaction(async (t) => {
            if (opts?.readOnly) await t.query('SET TRANSACTION READ ONLY');
            // and so does each of its statements: its start already ends every earlier hold, but the
            // rule stays one line long (every statement counts)
            const tx: Queryable = {
              query: (sql, params) => {
                started++;
                return run(t, sql, params);
              },
              copyFrom: (sql, chunks) => {
                started++;
                return copyFromBlob(t, sql, chunks);
              },
            };
            return fn(tx);
          })
          .catch(probe);
      }),
    ...(dir
      ? {
          checkSpace(bytes: number) {
            if (broken) throw diskFull();
            requireSpace(dir, bytes);
          },
        }
      : {}),
    close: () => (broken ? Promise.resolve() : pg.close()).finally(() => lock?.release()),
  };
}

/** Statements that write nothing (a plain SELECT, SHOW, EXPLAIN or WITH … SELECT); anything else counts as a write for the disk guard. */
const READ_ONLY = /^\s*(?:SELECT|SHOW|EXPLAIN|WITH)\b(?![\s\S]*\b(?:INSERT|UPDATE|DELETE|MERGE|nextval|setval)\b)/i;

const unavailable = () =>
  new DomainError('DATABASE_UNAVAILABLE', {
    zh: '嵌入式数据库因磁盘写满而停止服务，请清理磁盘空间后重启服务',
    en: 'The embedded database stopped after the disk filled up; free disk space and restart the server',
  });

/** PGlite says only "failed to initialize properly" when it cannot start: name a full disk when that is the cause. */
function startFailure(err: unknown, dataDir: string): unknown {
  if (err instanceof DomainError) return err; // DATA_DIR_LOCKED, or this very message
  let free: number;
  try {
    free = freeBytes(dataDir);
  } catch {
    return err;
  }
  if (err !== undefined && free >= DISK_RESERVE_BYTES && !isDiskFull(err)) return err;
  const e = diskFull(free);
  return new DomainError(e.code, {
    zh: `嵌入式数据库无法启动：数据目录 ${dataDir} 所在磁盘已满（剩余 ${Math.round(free / 1048576)} MB，至少需要 ${DISK_RESERVE_BYTES / 1048576} MB）。请清理磁盘空间后重试`,
    en: `The embedded database cannot start: the disk holding the data directory ${dataDir} is full (DISK_FULL: ${Math.round(free / 1048576)} MB free, at least ${DISK_RESERVE_BYTES / 1048576} MB needed). Free disk space and start again${err === undefined ? '' : ` (PGlite: ${(err as Error).message})`}`,
  });
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
