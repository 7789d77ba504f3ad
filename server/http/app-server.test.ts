import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import express from 'express';
import { expect, it } from 'vitest';
import { listenWithAppServer } from './app-server.ts';

function testApp() {
  const app = express();
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.locals.seen = true;
    next();
  });
  app.get('/echo/:id', (req, res) => {
    res.set('X-Proto', String(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
    res.json({ id: req.params.id, q: req.query, app: req.app === app, locals: res.locals.seen });
  });
  return app;
}

const listening = (server: Server) =>
  new Promise<string>((resolve) => server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

async function answers(url: string) {
  const out = [];
  for (const path of ['/echo/7?a=1', '/nothing']) {
    const res = await fetch(url + path);
    out.push({
      status: res.status,
      type: res.headers.get('content-type'),
      etag: res.headers.get('etag'),
      proto: res.headers.get('x-proto'),
      body: await res.text(),
    });
  }
  return out;
}

it('answers as Express’s own listen does', async () => {
  const plain = testApp().listen(0, '127.0.0.1');
  const ours = testApp();
  listenWithAppServer(ours);
  const server = ours.listen(0, '127.0.0.1');
  const urls = [listening(plain), listening(server)];
  try {
    const a = await answers(await urls[0]!);
    const b = await answers(await urls[1]!);
    expect(b).toEqual(a);
    expect(b[0]).toMatchObject({ status: 200, proto: 'true', body: JSON.stringify({ id: '7', q: { a: '1' }, app: true, locals: true }) });
    expect(b[1]!.status).toBe(404);
  } finally {
    plain.close();
    server.close();
  }
});

it('calls the listen callback once: on listening, or with the error', async () => {
  const app = testApp();
  listenWithAppServer(app);
  const calls: unknown[][] = [];
  const first = app.listen(0, '127.0.0.1', (...a: unknown[]) => calls.push(a));
  await listening(first);
  expect(calls).toEqual([[]]);
  const taken = (first.address() as AddressInfo).port;
  const failed = await new Promise<unknown[]>((resolve) => app.listen(taken, '127.0.0.1', (...a: unknown[]) => resolve(a)));
  expect((failed[0] as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  first.close();
});

// V8's own answer, in a child process (it needs --allow-natives-syntax): two requests in flight at
// once have the same hidden class (map) on our server, and not on Express's (the test's control).
// Both objects are first brought to their map's current version (%TryMigrateInstance): when a later
// object stores a field in a more general representation (a fraction where whole numbers were, say),
// V8 deprecates the earlier map and moves its objects over on their next access — the same hidden
// class for the inline caches, but not yet for %HaveSameMap: the likely cause of one failure
// (both maps different on our server) in eleven fresh-clone CI runs.
const SAME_MAP = `
import express from 'express';
import { appServer } from './server/http/app-server.ts';
const app = express();
app.use((req, res, next) => { req.seen = 1; res.locals.seen = 1; next(); });
let waiting;
const result = {};
app.get('/x', (req, res) => {
  if (!waiting) { waiting = [req, res]; return; }
  for (const o of [...waiting, req, res]) %TryMigrateInstance(o);
  result.req = %HaveSameMap(waiting[0], req);
  result.res = %HaveSameMap(waiting[1], res);
  waiting[1].end(); res.end();
});
const server = process.argv[1] === 'ours' ? appServer(app) : (await import('node:http')).createServer(app);
server.listen(0, '127.0.0.1', async () => {
  const url = 'http://127.0.0.1:' + server.address().port + '/x';
  await Promise.all([fetch(url).then((r) => r.text()), fetch(url).then((r) => r.text())]);
  console.log(JSON.stringify(result));
  server.close();
});
`;

it('gives every request and response the same hidden classes (Express alone gives each its own)', async () => {
  const run = async (which: string) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', SAME_MAP, which],
      { cwd: new URL('../../', import.meta.url).pathname },
    );
    return JSON.parse(stdout) as { req: boolean; res: boolean };
  };
  expect(await run('ours')).toEqual({ req: true, res: true });
  expect(await run('express')).toEqual({ req: false, res: false });
});
