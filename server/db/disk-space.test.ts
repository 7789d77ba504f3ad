/**
 * A full disk is answered 507 DISK_FULL wherever it is reported: SQLSTATE 53100 from a PostGIS
 * server (or PGlite), ENOSPC from a scratch file. (The embedded database end to end:
 * tests/reliability/disk-full.test.ts, on a tmpfs.)
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorMiddleware } from '../http/error.middleware.ts';
import { DISK_RESERVE_BYTES, freeBytes, requireSpace } from './disk-space.ts';

function appThrowing(err: unknown) {
  const app = express();
  app.get('/', () => {
    throw err;
  });
  app.use(errorMiddleware({ error: () => undefined }));
  return app;
}

describe('disk full', () => {
  it.each([
    [
      'SQLSTATE 53100 (pg)',
      Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100', severity: 'ERROR' }),
    ],
    ['ENOSPC (a scratch file)', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 })],
  ])('%s → 507 DISK_FULL with both languages and no internals', async (_name, err) => {
    const res = await request(appThrowing(err)).get('/');
    expect(res.status).toBe(507);
    expect(res.body.error.code).toBe('DISK_FULL');
    expect(res.body.error.messageZh).toMatch(/磁盘空间不足/);
    expect(JSON.stringify(res.body)).not.toMatch(/base\/16384|ENOSPC/);
  });

  it('other database errors stay 500', async () => {
    const res = await request(appThrowing(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).get('/');
    expect(res.status).toBe(500);
  });

  it('the guard passes with room and refuses past the reserve', () => {
    const free = freeBytes('.');
    expect(free).toBeGreaterThan(0);
    if (free > DISK_RESERVE_BYTES) expect(() => requireSpace('.')).not.toThrow();
    expect(() => requireSpace('.', free)).toThrow(/disk is full/);
  });
});
