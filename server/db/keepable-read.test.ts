/**
 * The embedded driver's kept reads (Db.readKeepable; layers/revisions.ts keeps the layers'
 * revisions with them): a read's answer counts as unchanged only while nothing else has started on
 * PGlite's one connection since it did — any statement or transaction, read or write, failed or
 * rolled back. The PostGIS server's driver has no kept reads: other processes write there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../tests/helpers/db.ts';
import type { KeepableDb } from './db.ts';

const REVISION = `SELECT revision FROM layers WHERE id = 'coal_ban_zones'`;
const BUMP = `UPDATE layers SET revision = revision + 1 WHERE id = 'coal_ban_zones'`;

describe('PGlite kept reads', () => {
  let handle: TestDb;
  let db: KeepableDb;
  const read = () => db.readKeepable<{ revision: number }>(REVISION);

  beforeAll(async () => {
    // the worker's PGlite, a schema of this file's on it: the wrapper (tests/helpers/db.ts) hands kept
    // reads, statements and transactions to the driver in order, and sets the search_path only on
    // the file's first statement, so every count below is the driver's own
    handle = await openTestDb('pglite');
    db = handle.db as KeepableDb;
  }, 120_000);
  afterAll(() => handle?.close());

  it('hold while nothing runs on the connection, whatever the time', async () => {
    const r = await read();
    expect(r.unchanged()).toBe(true);
    await new Promise((done) => setTimeout(done, 20));
    expect(r.unchanged()).toBe(true);
    // another kept read is a statement too: the first one's hold ends, the second's begins
    const again = await read();
    expect(r.unchanged()).toBe(false);
    expect(again.unchanged()).toBe(true);
  });

  it('end at any other statement or transaction: a read, a write, a failed statement, a transaction committed, rolled back or read-only', async () => {
    const others: [string, () => Promise<unknown>][] = [
      ['a read', () => db.query('SELECT 1')],
      ['a write', () => db.query(BUMP)],
      ['a failed statement', () => db.query('SELECT * FROM no_such_table').catch(() => 'failed')],
      ['an empty transaction', () => db.transaction(async () => undefined)],
      ['a write in a transaction', () => db.transaction((tx) => tx.query(BUMP))],
      [
        'a rolled-back transaction',
        () =>
          db
            .transaction(async () => {
              throw new Error('rolled back');
            })
            .catch(() => 'rolled back'),
      ],
      ['a read-only transaction', () => db.transaction((tx) => tx.query('SELECT 1'), { readOnly: true })],
    ];
    for (const [what, other] of others) {
      const r = await read();
      expect(r.unchanged(), `before ${what}`).toBe(true);
      await other();
      expect(r.unchanged(), `after ${what}`).toBe(false);
    }
  });

  it('a read asked while a write runs sees the write; a statement asked after the read ends its hold', async () => {
    const [before] = await db.query<{ revision: number }>(REVISION);
    const write = db.transaction((tx) => tx.query(BUMP));
    const kept = read();
    const after = db.query('SELECT 1');
    const [, r] = await Promise.all([write, kept, after]);
    expect(r.rows).toEqual([{ revision: Number(before!.revision) + 1 }]);
    expect(r.unchanged()).toBe(false);
    expect((await read()).unchanged()).toBe(true);
  });
});
