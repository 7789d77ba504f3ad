/**
 * Reliability item 7: the documented backup and restore commands (server/backup.ts) bring back the
 * exact features, history and accounts. Embedded: a data-directory dump restored into a new
 * directory. Server: pg_dump -Fc of the schema, the schema dropped, pg_restore.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { fixture } from '../fixtures/io/helpers.ts';
import { makeUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { stateChecksum, type StateChecksum } from '../helpers/checksum.ts';
import { DB_KINDS } from '../helpers/db.ts';
import { prepareServerDb, schemaUrl } from '../helpers/server-process.ts';
import { childNodeArgs } from '../helpers/child-node.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function backupCli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...childNodeArgs('server/backup.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`backup.ts ${args.join(' ')} → ${code}: ${out}`))));
  });
}

/** Some of everything: imported features of both geometry kinds, an edit, a delete, accounts. */
async function fill(db: Db) {
  const admin = await makeUser(db, 'backup-admin', 'admin');
  await makeUser(db, 'backup-editor', 'editor', ['construction_sites']);
  const app = testApp(db, {}, { actAs: 'anonymous' });
  await request(app)
    .post('/api/layers/construction_sites/import?mode=replace')
    .set('Authorization', admin.bearer)
    .attach('file', fixture('sites.geojson'))
    .expect(200);
  await request(app).post('/api/layers/coal_ban_zones/import?mode=replace').set('Authorization', admin.bearer).attach('file', fixture('zones.kml')).expect(200);
  const items = await request(app).get('/ogc/collections/construction_sites/items?limit=2').expect(200);
  const [a, b] = items.body.features as { id: number }[];
  const cur = await request(app).get(`/ogc/collections/construction_sites/items/${a!.id}`).expect(200);
  await request(app)
    .patch(`/ogc/collections/construction_sites/items/${a!.id}`)
    .set('Authorization', admin.bearer)
    .set('If-Match', cur.headers.etag!)
    .send({ properties: { contractor: '备份前的修改' } })
    .expect(200);
  const cur2 = await request(app).get(`/ogc/collections/construction_sites/items/${b!.id}`).expect(200);
  await request(app)
    .delete(`/ogc/collections/construction_sites/items/${b!.id}`)
    .set('Authorization', admin.bearer)
    .set('If-Match', cur2.headers.etag!)
    .expect(204);
}

describe.each(DB_KINDS)('backup and restore on %s', (kind) => {
  let dir: string;
  let handle: Awaited<ReturnType<typeof prepareServerDb>>;
  let before: StateChecksum;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-backup-'));
    // filled and fingerprinted in the same open as the migration check (embedded, an open costs seconds)
    handle = await prepareServerDb(kind, join(dir, 'data'), inject('pgliteTemplate'), {
      fill: async (db) => {
        await fill(db);
        before = await stateChecksum(db);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await handle?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores exactly the features, history and accounts that were backed up', async () => {
    expect(before.features).toBeGreaterThan(5);
    const file = join(dir, kind === 'pg' ? 'pingcheng.dump' : 'pingcheng-data.tar.gz');

    let db: Db;
    if (handle.where.kind === 'pg') {
      const env = { DATABASE_URL: schemaUrl(handle.where.url, handle.where.schema) };
      await backupCli(['backup', file, '--schema', handle.where.schema], env);
      // disaster: the whole schema is gone
      db = await handle.open();
      await db.query(`DROP SCHEMA ${handle.where.schema} CASCADE`);
      await db.close();
      await backupCli(['restore', file], env);
      db = await handle.open();
    } else {
      await backupCli(['backup', file], { DATA_DIR: handle.where.dataDir, DATABASE_URL: '' });
      const restored = join(dir, 'restored');
      // restore refuses to overwrite a data directory that holds data
      await expect(backupCli(['restore', file], { DATA_DIR: handle.where.dataDir, DATABASE_URL: '' })).rejects.toThrow(/not empty/);
      await backupCli(['restore', file], { DATA_DIR: restored, DATABASE_URL: '' });
      db = await openPglite({ dataDir: restored });
    }
    try {
      expect((await stat(file)).size).toBeGreaterThan(1000);
      expect(await stateChecksum(db)).toEqual(before);
      // and the restored database works: the app reads and writes through it
      const app = testApp(db);
      await request(app).get('/ogc/collections/construction_sites/items?limit=1').expect(200);
      await request(app).post('/api/layers/construction_sites/import?mode=append').attach('file', fixture('sites.geojson')).expect(200);
    } finally {
      await db.close();
    }
  }, 300_000);
});
