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
  close(): Promise<void>;
}
