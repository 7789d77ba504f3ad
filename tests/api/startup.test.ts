/**
 * `npm start`'s server process as a user runs it: a cold start on an empty embedded data dir says
 * what it is doing, migrates, loads the demo data once and prints its URL; a restart reuses the data.
 * With DATABASE_URL the same process runs on a PostGIS server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD_LINE } from '../../server/logger.ts';
import { PATHS } from '../../server/paths.ts';
import { CHILD_TS_ARGS } from '../helpers/child-node.ts';

interface Started {
  child: ChildProcess;
  url: string;
  messages: string[];
}

function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [...CHILD_TS_ARGS, 'server/index.ts'], {
    cwd: PATHS.root,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const msg = (JSON.parse(line) as { msg: string }).msg;
        messages.push(msg);
        const m = /ready at (http:\/\/\S+?)\/? /.exec(msg);
        if (m) resolve({ child, url: m[1]!, messages });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}\n${messages.join('\n')}`)));
  });
}

async function stop(s: Started) {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function layerCounts(url: string) {
  const body = (await (await fetch(`${url}/api/layers`)).json()) as { demo: boolean; layers: { id: string; featureCount: number }[] };
  return {
    demo: body.demo,
    total: body.layers.reduce((n, l) => n + l.featureCount, 0),
    empty: body.layers.filter((l) => l.featureCount === 0).map((l) => l.id),
  };
}

describe('server start-up on the embedded database', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('cold-starts with progress messages, seeds the demo once, and restarts on the same data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pingcheng-start-'));
    const first = await startServer({ DATA_DIR: dataDir });
    try {
      expect(first.messages.join('\n')).toMatch(/first start takes about 20 s/);
      expect(first.messages.some((m) => /migrating 001_/.test(m))).toBe(true);
      expect(first.messages.some((m) => /loaded \d+ illustrative demo features/.test(m))).toBe(true);
      // the generated admin password stands alone on its marked line
      expect(first.messages.filter((m) => m.startsWith(PASSWORD_LINE)).map((m) => /^\S{10,}$/.test(m.slice(PASSWORD_LINE.length)))).toEqual([true]);
      const counts = await layerCounts(first.url);
      expect(counts.demo).toBe(true);
      expect(counts.empty).toEqual([]);
      const page = await fetch(`${first.url}/ogc`);
      expect(page.status).toBe(200);
      await stop(first);
      const second = await startServer({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'another-password-1' });
      expect(second.messages.some((m) => /loaded \d+ illustrative/.test(m))).toBe(false);
      expect(second.messages.some((m) => /ADMIN_PASSWORD is set but accounts already exist: it was ignored/.test(m))).toBe(true);
      expect(second.messages.some((m) => m.startsWith(PASSWORD_LINE))).toBe(false);
      expect(await layerCounts(second.url)).toEqual(counts);
      await stop(second);
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 180_000);
});

// Defined only with a server to talk to; CI always sets TEST_DATABASE_URL (global-setup enforces it).
if (process.env.TEST_DATABASE_URL)
  describe('server start-up with DATABASE_URL', () => {
    const name = `pingcheng_start_${randomBytes(4).toString('hex')}`;
    const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    afterAll(async () => {
      const c = admin();
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });

    it('creates the extension, migrates and seeds a fresh PostGIS database', async () => {
      const c = admin();
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const s = await startServer({ DATABASE_URL: url.toString() });
      try {
        expect(s.messages.join('\n')).toMatch(/PostGIS server/);
        const counts = await layerCounts(s.url);
        expect(counts.demo).toBe(true);
        expect(counts.empty).toEqual([]);
      } finally {
        await stop(s);
      }
    }, 120_000);
  });
