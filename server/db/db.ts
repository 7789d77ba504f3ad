/**
 * The database behind a small interface. Two drivers implement it: `pg` for a PostGIS server and
 * PGlite + pglite-postgis for the embedded database. Features never learn which one they talk to,
 * except through `capabilities`, which picks a tested fallback where PGlite lacks a function.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * `COPY … FROM STDIN` (text format) inside this transaction; resolves to the rows copied. Both
   * drivers' transactions have it; callers fall back to batched INSERTs when it is absent.
   */
  copyFrom?(sql: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<number>;
}

export interface DbCapabilities {
  /** ST_AsMVT / ST_AsMVTGeom exist (PostGIS built with protobuf-c). */
  mvt: boolean;
  /** COPY FROM STDIN inside a transaction (pg: the COPY protocol; PGlite: a /dev/blob). */
  copy: boolean;
}

/** Rows of Db.readKeepable, and whether they are still what the database holds. */
export interface KeepableRead<R> {
  rows: R[];
  /** No other statement or transaction has started on the connection since this read did. */
  unchanged(): boolean;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  readonly capabilities: DbCapabilities;
  /** Connections the driver holds at most (the pg pool's size; PGlite is one). Undefined: one. */
  readonly connections?: number;
  /**
   * Runs fn in one transaction: commit when it resolves, roll back when it throws. `readOnly`: a
   * READ ONLY transaction (several reads on one connection, e.g. with SET LOCAL), which the
   * embedded database's disk guard lets through on a full disk.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: { readOnly?: boolean }): Promise<T>;
  /**
   * Throws DISK_FULL unless the database's disk can take a write of about `bytes` (beyond its
   * reserve). Only the embedded database has it: a PostGIS server manages its own disk and answers
   * SQLSTATE 53100 when full, which rolls the transaction back cleanly.
   */
  checkSpace?(bytes: number): void;
  /**
   * Only the embedded database has it: a read whose answer may be kept while `unchanged()` says
   * so. PGlite is one connection in one process (its data directory locked to that process:
   * data-dir-lock.ts), so only a statement on that connection can change what the read saw.
   * `unchanged()` is true until any other statement or transaction starts on it, read or write:
   * while it is, the same read now would answer the same rows. A PostGIS server has other
   * connections and other processes this one never hears of, so the pg driver has no such method
   * and its readers ask again.
   */
  readKeepable?<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<KeepableRead<R>>;
  /**
   * Only the PostGIS server's driver: `sql` prepared by each connection once, under `name`, and
   * only bound and run after (PostgreSQL parses and plans it once per connection, not per call).
   * For the few statements nearly every request runs, such as the layers' revisions; one name is
   * one text, and its result columns must not change while the app runs.
   */
  queryPrepared?<R = Record<string, unknown>>(name: string, sql: string, params?: readonly unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A database whose reads can be kept (the embedded one). */
export type KeepableDb = Db & Required<Pick<Db, 'readKeepable'>>;
