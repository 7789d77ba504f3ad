/**
 * Issue 20, item 16: an import's scratch directory (upload + spool, in the OS temp directory) stayed
 * behind when the server was killed by SIGKILL mid-import. Now the next start removes the
 * directories whose owner process is gone, and leaves those of live processes alone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeScratchDir, sweepScratchDirs } from '../../server/features/io/scratch.ts';
import { makeUser } from '../helpers/auth.ts';
import { prepareServerDb, startServer, type ServerProcess } from '../helpers/server-process.ts';

const scratchDirs = async (base: string) => (await readdir(base)).filter((n) => n.startsWith('pc-import-')).sort();

describe('import scratch directories', () => {
  let dir: string;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-sweep-'));
  });
  afterAll(async () => {
    for (const s of servers) await s.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('the sweep removes those of dead owners, keeps those of live owners, of older versions (owner unknown) and other files', async () => {
    const base = join(dir, 'unit');
    await mkdir(base);
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid!;
    await once(child, 'exit');
    const dead = `pc-import-${deadPid}-123456-aB3xYz`;
    const legacy = 'pc-import-Qw12Er';
    for (const name of [dead, legacy, 'pc-server-Zx98Cv', 'other']) await mkdir(join(base, name));
    const mine = (await makeScratchDir(base)).slice(base.length + 1);
    expect(mine).toMatch(new RegExp(`^pc-import-${process.pid}-\\d+-`));
    expect(await sweepScratchDirs(base)).toEqual([dead]);
    expect((await readdir(base)).sort()).toEqual([legacy, mine, 'other', 'pc-server-Zx98Cv'].sort());
  });

  it('a server killed by SIGKILL mid-upload leaves one; the next start removes it', async () => {
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const handle = await prepareServerDb('pglite', join(dir, 'data'), inject('pgliteTemplate'));
    const db = await handle.open();
    const admin = await makeUser(db, 'sweep-admin', 'admin');
    await db.close();

    const first = await startServer(handle.where, { TMPDIR: tmp });
    servers.push(first);
    // an upload that never finishes: the server has made its scratch directory and waits for bytes
    const { port } = new URL(first.url);
    const boundary = 'sweep-boundary';
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/layers/construction_sites/import?mode=append',
      headers: { authorization: admin.bearer, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 10_000_000 },
    });
    req.on('error', () => undefined); // the server dies under it
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.geojson"\r\n\r\n{"type":"FeatureCollection","features":[`);
    while ((await scratchDirs(tmp)).length === 0) await new Promise((r) => setTimeout(r, 50));
    await first.kill('SIGKILL');
    req.destroy();
    const left = await scratchDirs(tmp);
    expect(left).toHaveLength(1);

    const second = await startServer(handle.where, { TMPDIR: tmp });
    servers.push(second);
    expect(await scratchDirs(tmp), 'the scratch directory of the killed import is still there').toEqual([]);
    expect(second.output()).toMatch(/removed 1 scratch directory of imports interrupted by an earlier crash/);
  }, 300_000);
});
