/**
 * Issue 20, item 16: an import's scratch directory (upload + spool, in the OS temp directory) stayed
 * behind when the server was killed by SIGKILL mid-import. Now the next start removes the
 * directories whose owner process is gone, and leaves those of live processes alone. Shapefile
 * exports' directories are named and swept the same way; older versions' names (no owner) are
 * swept when untouched since the start and not in use.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { open as fsOpen, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeScratchDir, sweepScratchDirs } from '../../server/features/io/scratch.ts';
import { firstAdminBearer, prepareServerDb, startServer, type ServerProcess } from '../helpers/server-process.ts';

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

  it('the sweep removes those of dead owners (imports and Shapefile exports), keeps those of live owners and other files', async () => {
    const base = join(dir, 'unit');
    await mkdir(base);
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid!;
    await once(child, 'exit');
    const dead = [`pc-import-${deadPid}-123456-aB3xYz`, `pc-shp-${deadPid}-123456-Qq1Ww2`];
    for (const name of [...dead, 'pc-server-Zx98Cv', 'other']) await mkdir(join(base, name));
    const mine = (await makeScratchDir('import', base)).slice(base.length + 1);
    const myExport = (await makeScratchDir('shp', base)).slice(base.length + 1);
    expect(mine).toMatch(new RegExp(`^pc-import-${process.pid}-\\d+-`));
    expect(myExport).toMatch(new RegExp(`^pc-shp-${process.pid}-\\d+-`));
    expect((await sweepScratchDirs(base)).sort()).toEqual(dead.sort());
    expect((await readdir(base)).sort()).toEqual([mine, myExport, 'other', 'pc-server-Zx98Cv'].sort());
  });

  it('old-style names (no owner: pc-import-xxxxxx, pc-shp-xxxxxx) go when untouched since this process started and nobody has a file open in them', async () => {
    const base = join(dir, 'legacy');
    await mkdir(base);
    const before = new Date(performance.timeOrigin - 3_600_000);
    const stale = ['pc-import-Qw12Er', 'pc-shp-Ty34Ui'];
    for (const name of stale) {
      await mkdir(join(base, name));
      await writeFile(join(base, name, 'upload.bin'), 'x');
      await utimes(join(base, name, 'upload.bin'), before, before);
      await utimes(join(base, name), before, before);
    }
    // written to after this process started: an older server may be uploading into it
    const fresh = 'pc-import-Op56As';
    await mkdir(join(base, fresh));
    await writeFile(join(base, fresh, 'upload.bin'), 'x');
    await utimes(join(base, fresh), before, before);
    // untouched for an hour but a file in it is open (here, by this process)
    const open = 'pc-import-Df78Gh';
    await mkdir(join(base, open));
    await writeFile(join(base, open, 'spool.ndjson'), 'x');
    const handle = await fsOpen(join(base, open, 'spool.ndjson'), 'r');
    await utimes(join(base, open, 'spool.ndjson'), before, before);
    await utimes(join(base, open), before, before);
    try {
      expect((await sweepScratchDirs(base)).sort()).toEqual(stale.sort());
      expect((await readdir(base)).sort()).toEqual([fresh, open].sort());
    } finally {
      await handle.close();
    }
  });

  it('a server killed by SIGKILL mid-upload leaves one; the next start removes it', async () => {
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const handle = await prepareServerDb('pglite', join(dir, 'data'), inject('pgliteTemplate'));
    const first = await startServer(handle.where, { TMPDIR: tmp });
    servers.push(first);
    // the admin the server made on its first start (adding one beforehand cost an embedded open)
    const bearer = await firstAdminBearer(first);
    // an upload that never finishes: the server has made its scratch directory and waits for bytes
    const { port } = new URL(first.url);
    const boundary = 'sweep-boundary';
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/layers/construction_sites/import?mode=append',
      headers: { authorization: bearer, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 10_000_000 },
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
    expect(second.output()).toMatch(/removed 1 scratch directory of imports or exports interrupted by an earlier crash/);
  }, 300_000);
});
