/**
 * Reliability item 3: the real server (a child process) is killed with SIGKILL in the middle of a
 * large import (append), a replace, and a burst of edits. After the kill the data is exactly the
 * state before or after each operation, and a server restarted on it answers: the imports are
 * all-or-nothing (checksum of every feature and the history equals the before-state, or the whole
 * file is there), and every edit of the burst is either fully applied (feature version + history
 * row) or not at all — and every edit the server acknowledged with 200 before it died is there. And the deterministic variant: a child process
 * running the import alone freezes inside the write transaction (old rows deleted, new ones
 * inserted) and is killed there; the layer is exactly as before and the same import then completes.
 * On the embedded database and on the server.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { BULK_MIN_ROWS } from '../../server/features/layers/features.repo.ts';
import { featureEtag } from '../../server/lib/feature-etag.ts';
import { fixture, layerState, postImport } from '../fixtures/io/helpers.ts';
import { makeUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { dataChecksum, type DataChecksum } from '../helpers/checksum.ts';
import { DB_KINDS } from '../helpers/db.ts';
import type { ServerDb } from '../../bench/server-process.ts';
import { prepareServerDb, startServer, type ServerProcess } from '../helpers/server-process.ts';
import { childNodeArgs } from '../helpers/child-node.ts';

/**
 * Features in the big import: BULK_MIN_ROWS (5 000), so that the replace imports take the bulk path
 * (a staging table swapped in for the partition at the end: server/features/layers/bulk-partition.repo.ts),
 * written in batches of 1000 (LIMITS.batchSize). The kill is sent once the first batch is reported
 * (the state that proves the write transaction is open), so four batches and the swap are still to
 * come when it lands (and if the commit wins the race, the test asserts the whole file is in); more
 * only make the parse phase, the write before the kill and the final import longer.
 */
const N = BULK_MIN_ROWS;
/** The partition's table: a bulk write (an empty layer, or a replace, of BULK_MIN_ROWS or more) swaps in a new one. */
const partitionOid = async (db: Db) => Number((await db.query<{ oid: string }>(`SELECT 'features_construction_sites'::regclass::oid::int8 AS oid`))[0]!.oid);

/** What a test compares after a kill: every feature and the history, and the imported layer. */
interface KnownState {
  data: DataChecksum;
  layer: Awaited<ReturnType<typeof layerState>>;
}
const readState = async (db: Db): Promise<KnownState> => ({ data: await dataChecksum(db), layer: await layerState(db, 'construction_sites') });
const say = (m: string) => process.env.CRASH_VERBOSE && console.log(`[crash] ${new Date().toISOString().slice(11, 19)} ${m}`);

async function bigFile(dir: string): Promise<string> {
  const path = join(dir, 'big.geojson');
  const w = createWriteStream(path);
  w.write('{"type":"FeatureCollection","features":[\n');
  for (let i = 0; i < N; i++)
    if (
      !w.write(
        `${i ? ',\n' : ''}{"type":"Feature","properties":{"name":"崩溃${i}","site_type":"road","status":"active"},"geometry":{"type":"Point","coordinates":[${(113.22 + (i % 200) * 0.0007).toFixed(6)},${(40.0 + Math.floor(i / 200) * 0.0009).toFixed(6)}]}}`,
      )
    )
      await once(w, 'drain');
  w.end(']}\n');
  await once(w, 'finish');
  return path;
}

/** Streams an import with ndjson progress and SIGKILLs the server once the write phase has begun. */
async function killDuringImport(server: ServerProcess, bearer: string, file: string, mode: 'append' | 'replace'): Promise<string> {
  const data = await readFile(file);
  const boundary = 'crashBOUNDARY';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.geojson"\r\nContent-Type: application/geo+json\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const seen: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/layers/construction_sites/import?mode=${mode}`,
      {
        method: 'POST',
        headers: {
          Authorization: bearer,
          Accept: 'application/x-ndjson',
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': body.length,
        },
      },
      (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          for (const line of buf.split('\n').slice(0, -1)) {
            seen.push(line);
            say(line.slice(0, 120));
          }
          buf = buf.slice(buf.lastIndexOf('\n') + 1);
          if (seen.some((l) => /"phase":"write","done":[1-9]/.test(l))) {
            void server.kill('SIGKILL').then(resolve, reject);
          } else if (seen.some((l) => l.startsWith('{"result"') || l.startsWith('{"error"'))) reject(new Error(`import ended before the kill: ${seen.at(-1)}`));
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', () => undefined); // the socket dies with the server
    req.end(body);
  });
  return seen.at(-1) ?? '';
}

/** Runs tests/fixtures/io/import-child.ts until it is frozen inside the write transaction, then kills it with SIGKILL. */
async function killFrozenImport(where: ServerDb, file: string): Promise<void> {
  const env = where.kind === 'pg' ? { DB: 'pg', PG_URL: where.url, PG_SCHEMA: where.schema } : { DB: 'pglite', DATA_DIR: where.dataDir };
  const child = spawn(process.execPath, childNodeArgs('tests/fixtures/io/import-child.ts'), {
    env: { ...process.env, ...env, FILE: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('WRITING')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing: ${out} ${err.slice(-2000)}`)));
  });
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(out).not.toContain('FINISHED');
}

describe.each(DB_KINDS)('a server killed with SIGKILL on %s', (kind) => {
  let dir: string;
  let file: string;
  let handle: Awaited<ReturnType<typeof prepareServerDb>>;
  let bearer: string;
  let server: ServerProcess | undefined;
  /**
   * The data's checksum and the construction sites' layer state as last read, while nothing has
   * written since (a restarted server serves only reads): the next test's before-state without
   * opening the database again (embedded, an open costs seconds). Cleared when a test starts writing.
   */
  let known: KnownState | undefined;
  /** The features the edit burst patches (the first test, so read when the data is made). */
  let editTargets: { id: number; version: number }[];
  /** Opens the database in this process (for the embedded one only while no server runs). */
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await handle.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-crash-'));
    file = await bigFile(dir);
    // the users and the data in the same open as the migration check (embedded, an open costs seconds)
    const fill = async (db: Db) => {
      const admin = await makeUser(db, 'crash-admin', 'admin');
      await request(testApp(db)).post('/api/layers/construction_sites/import?mode=replace').attach('file', fixture('sites.geojson')).expect(200);
      // 300 more, for the edit burst
      const points = Array.from({ length: 300 }, (_, i) => ({
        type: 'Feature',
        properties: { name: `编辑${i}`, site_type: 'building', status: 'active' },
        geometry: { type: 'Point', coordinates: [113.25 + (i % 20) * 0.004, 40.05 + Math.floor(i / 20) * 0.003] },
      }));
      await request(testApp(db))
        .post('/api/layers/construction_sites/import?mode=append')
        .attach('file', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: points })), 'burst.geojson')
        .expect(200);
      bearer = admin.bearer;
      editTargets = await db.query<{ id: number; version: number }>(
        `SELECT id::int AS id, version FROM features WHERE layer_id = 'construction_sites' ORDER BY id LIMIT 200`,
      );
      known = await readState(db);
    };
    handle = await prepareServerDb(kind, join(dir, 'pglite'), inject('pgliteTemplate'), { fill });
  }, 180_000);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await handle?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The checksum before a test writes: the one read last, or read now. */
  async function beforeState(): Promise<DataChecksum> {
    const before = known ?? (await withDb(readState));
    known = undefined;
    return before.data;
  }

  /** The server for the next writes: the one restarted after the last kill, or a new one. */
  async function runningServer(): Promise<ServerProcess> {
    server ??= await startServer(handle.where);
    return server;
  }

  /**
   * After a kill: `read` runs on the data as the crash left it (one open), the data's checksum,
   * returned, becomes the next test's before-state, and a server restarted on that data answers. It
   * keeps running: the next test writes through it. Embedded, the data is read before the restart,
   * since one process at a time owns the data directory (that open recovers the data as the server's
   * own would; stopping the restarted server to read, then starting another for the next test, cost
   * two starts more per run). On the PostGIS server the server restarts first and the data is read
   * beside it.
   */
  async function afterRestart<T>(read: (db: Db) => Promise<T> = async () => undefined as T): Promise<{ after: DataChecksum; read: T }> {
    const readData = () => withDb(async (db) => ({ read: await read(db), state: await readState(db) }));
    const embedded = kind === 'pglite' ? await readData() : undefined;
    say('restarting');
    server = await startServer(handle.where);
    say(`restarted at ${server.url}`);
    const res = await fetch(`${server.url}/ogc/collections/construction_sites/items?limit=1`);
    expect(res.status).toBe(200);
    const out = embedded ?? (await readData());
    known = out.state;
    return { read: out.read, after: out.state.data };
  }

  // the edit burst first: its features and their versions are read when the data is made
  it('during an edit burst: every edit is all there or not at all, and every acknowledged edit survived', async () => {
    const before = await beforeState();
    const features = editTargets;
    expect(features.length).toBeGreaterThan(50);
    const up = await runningServer();
    const url = up.url;
    const acknowledged = new Set<number>();
    let sent = 0;
    let killed = false;
    // 8 editors at a time patch different features; the server dies after 40 acknowledgements
    const queue = [...features];
    const editor = async () => {
      for (let f = queue.shift(); f && !killed; f = queue.shift()) {
        sent++;
        try {
          const res = await fetch(`${url}/ogc/collections/construction_sites/items/${f.id}`, {
            method: 'PATCH',
            headers: { Authorization: bearer, 'Content-Type': 'application/merge-patch+json', 'If-Match': featureEtag('construction_sites', f.id, f.version) },
            body: JSON.stringify({ properties: { contractor: `burst-${f.id}` } }),
          });
          if (res.status === 200) acknowledged.add(f.id);
          else if (!killed) throw new Error(`PATCH ${f.id}: ${res.status} ${await res.text()}`);
        } catch (err) {
          if (!killed) throw err;
        }
        if (acknowledged.size >= 40 && !killed) {
          killed = true;
          await up.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, editor));
    server = undefined;
    expect(killed).toBe(true);
    const { read: rows, after } = await afterRestart((db) =>
      db.query<{ id: number; version: number; note: string | null; changes: number }>(
        `SELECT f.id::int AS id, f.version, f.properties->>'contractor' AS note,
                (SELECT count(*)::int FROM feature_changes c WHERE c.layer_id = f.layer_id AND c.feature_id = f.id) AS changes
           FROM features f WHERE f.layer_id = 'construction_sites' AND f.id = ANY($1::bigint[]) ORDER BY f.id`,
        [features.map((f) => f.id)],
      ),
    );
    expect(rows.map((r) => r.id)).toEqual(features.map((f) => f.id));
    let applied = 0;
    for (const [i, r] of rows.entries()) {
      const old = features[i]!;
      const edited = r.note === `burst-${r.id}`;
      if (edited) applied++;
      // all or nothing: the new note comes with the next version, never one without the other
      expect(r.version, `feature ${r.id}`).toBe(edited ? old.version + 1 : old.version);
      if (acknowledged.has(r.id)) expect(edited, `acknowledged edit of ${r.id} lost`).toBe(true);
    }
    // and each applied edit has exactly one history row more than the features that were not edited
    expect(after.historyChanges - before.historyChanges).toBe(applied);
    expect(after.features).toBe(before.features);
    console.log(
      `crash during an edit burst (${kind}): ${sent} sent, ${acknowledged.size} acknowledged, ${applied} applied after restart, 0 half-applied, 0 acknowledged lost`,
    );
  }, 600_000);

  for (const mode of ['append', 'replace'] as const) {
    it(`during a large import (${mode}): the data is exactly as before (or the whole file is in)`, async () => {
      const before = await beforeState();
      const up = await runningServer();
      say(`server up at ${up.url}`);
      const last = await killDuringImport(up, bearer, file, mode);
      server = undefined;
      say(`killed after ${last}`);
      expect(last).toMatch(/"phase":"write"/);
      const { after } = await afterRestart();
      if (after.featuresMd5 !== before.featuresMd5) {
        // the commit won the race: then the whole file is in, in one history event
        expect(after.features).toBe(mode === 'append' ? before.features + N : N);
        expect(after.historyEvents).toBe(before.historyEvents + 1);
      } else expect(after).toEqual(before);
      console.log(
        `crash during ${mode} import (${kind}): ${after.featuresMd5 === before.featuresMd5 ? 'before-state' : 'after-state'} (${after.features} features)`,
      );
    }, 600_000);
  }

  it('during an import frozen inside its transaction (replace): the layer is exactly as before, and the same import then completes', async () => {
    // the server restarted after the last kill is not needed: the child imports alone (embedded, it
    // needs the data directory to itself)
    await server?.kill('SIGTERM');
    server = undefined;
    // the state read after the last kill (the restarted server only answered a read since), and one
    // open after this kill (embedded, each costs seconds)
    const { data: before, layer: beforeLayer } = known ?? (await withDb(readState));
    known = undefined;
    expect(beforeLayer.n).toBeGreaterThan(0);
    await killFrozenImport(handle.where, file);
    const data = await readFile(file);
    await withDb(async (db) => {
      expect(await layerState(db, 'construction_sites')).toEqual(beforeLayer);
      expect(await dataChecksum(db)).toEqual(before);
      // the replace of N rows takes the bulk path (a staging table swapped in at the end: the one
      // the kills above and the freeze landed in); the partition is a new table after it
      const oid = await partitionOid(db);
      const res = await postImport(testApp(db), 'construction_sites', { name: 'big.geojson', data }, 'mode=replace').expect(200);
      expect(res.body.imported).toBe(N);
      expect((await layerState(db, 'construction_sites')).n).toBe(N);
      expect(await partitionOid(db)).not.toBe(oid);
    });
  }, 600_000);
});
