import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { expect, it } from 'vitest';
import { installRequestLog } from './request-log.ts';

/** A log line, as far as these tests read it. */
interface Line {
  msg: string;
  req: { headers: Record<string, string> };
  responseTime?: number;
}

function loggedApp(level: string) {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Line),
      );
      done();
    },
  });
  const logger = pino({ level }, sink);
  // the censor runs each time a request is bound to a logger (every request carries the header here)
  let bound = 0;
  const censor = () => {
    bound++;
    return '[redacted]';
  };
  const app = express();
  app.set('query parser', 'simple');
  installRequestLog(app, logger, {
    redact: { paths: ['req.headers.authorization'], censor },
    levelOf: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'debug'),
  });
  app.get('/ok/:id', (req, res) => {
    req.log.info({ step: 1 }, 'inside');
    res.json({ ok: true });
  });
  app.get('/quiet', (_req, res) => res.json({ ok: true }));
  app.get('/fail', (_req, res) => res.status(503).json({ ok: false }));
  return { app, lines, bound: () => bound };
}

it('writes pino-http’s lines: the request as it arrived, the response, the time; credentials redacted', async () => {
  const { app, lines } = loggedApp('debug');
  await request(app).get('/ok/7?x=1').set('Authorization', 'Bearer s3cret').expect(200);
  await request(app).get('/fail').expect(503);
  expect(lines).toHaveLength(3);
  const [inside, done, failed] = lines as [Line, Line, Line];
  // req.log's lines carry the request, captured on arrival (params as the app-level middleware saw them)
  expect(inside).toMatchObject({ level: 30, msg: 'inside', step: 1, req: { id: 1, method: 'GET', url: '/ok/7?x=1', query: { x: '1' }, params: {} } });
  expect(inside.req.headers.authorization).toBe('[redacted]');
  expect(done).toMatchObject({ level: 20, msg: 'request completed', req: { id: 1, url: '/ok/7?x=1' }, res: { statusCode: 200 } });
  expect(done.req.headers.authorization).toBe('[redacted]');
  expect(typeof done.responseTime).toBe('number');
  expect(JSON.stringify(lines)).not.toContain('s3cret');
  expect(failed).toMatchObject({
    level: 50,
    msg: 'request errored',
    req: { id: 2, url: '/fail' },
    res: { statusCode: 503 },
    err: { message: 'failed with status code 503' },
  });
});

it('makes no per-request logger when nothing is written at the level', async () => {
  const { app, lines, bound } = loggedApp('info');
  const call = (path: string, status: number) => request(app).get(path).set('Authorization', 'Bearer s3cret').expect(status);
  await call('/quiet', 200);
  await call('/quiet', 200);
  expect(lines).toHaveLength(0);
  expect(bound()).toBe(0);
  // one that logs gets its logger (once, however many lines), and a 5xx its line
  await call('/ok/1', 200);
  await call('/fail', 503);
  expect(bound()).toBe(2);
  expect(lines.map((l) => l.msg)).toEqual(['inside', 'request errored']);
});
