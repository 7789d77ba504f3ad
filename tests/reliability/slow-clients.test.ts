/**
 * Issue 20, item 14: clients that never read. 100 anonymous clients asking for a layer of large
 * polygons and reading nothing ran the server out of heap: each export fetched its whole answer in
 * one 2 000-row batch and queued it in front of the socket. Now the answer is paged in batches
 * bounded by bytes, the next batch is read only when the socket took the last one, a client that
 * takes nothing for the write timeout is cut off, and heavy answers beyond a cap get 429.
 * Asserted on server-side state (rows fetched from the database, bytes handed to the socket, slots
 * of the cap), never on time.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import http from 'node:http';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { HeavyResponseCap } from '../../server/http/heavy-cap.ts';
import { insertFeaturesTx } from '../../server/features/layers/feature-write.service.ts';
import { testAdminToken } from '../helpers/app.ts';
import { BIG_POLYGON_LAYER, bigPolygons } from '../helpers/big-polygons.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { until } from '../helpers/until.ts';

const LAYER = BIG_POLYGON_LAYER;
const POLYGONS = 24;
const VERTICES = 25_000;

/** The database, counting the rows the streamed feature query (features.repo.ts streamFeatures) fetched. */
function counting(db: Db) {
  const seen = { rows: 0 };
  const wrapped = new Proxy(db, {
    get(target, key, receiver) {
      if (key !== 'query') {
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return async (sql: string, params?: readonly unknown[]) => {
        const rows = await target.query(sql, params);
        if (sql.includes('sized.candidates')) seen.rows += rows.length;
        return rows;
      };
    },
  });
  return { db: wrapped, seen };
}

/** A test server over the real app; each response object is kept so its state can be read. */
async function serve(db: Db, cap: HeavyResponseCap) {
  const app = createApp({ db, config: {}, logger: pino({ level: 'silent' }), heavyCap: cap });
  const responses: http.ServerResponse[] = [];
  const server = http.createServer(app);
  server.on('request', (_req, res) => responses.push(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, responses, port: (server.address() as AddressInfo).port };
}

/** A client that sends the request and reads nothing at all (its socket paused from the start). */
function stalledClient(port: number, path: string, token: string) {
  const socket = net.connect(port, '127.0.0.1');
  socket.pause();
  socket.on('error', () => undefined);
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  return socket;
}

onEachDatabase(({ db }) => {
  let token: string;
  beforeAll(async () => {
    await db().transaction((tx) => insertFeaturesTx(tx, LAYER, bigPolygons(POLYGONS, VERTICES)));
    token = await testAdminToken(db());
  }, 600_000);

  for (const path of [`/api/layers/${LAYER}/export.geojson`, `/ogc/collections/${LAYER}/items?limit=10000`, `/api/layers/${LAYER}/features`]) {
    it(`${path}: a client that never reads gets one batch's worth, not the answer; the write timeout cuts it and frees everything`, async () => {
      const { db: d, seen } = counting(db());
      const cap = new HeavyResponseCap({ max: 4, retryAfterSeconds: 5, writeTimeoutMs: 1500 });
      const { server, responses, port } = await serve(d, cap);
      try {
        // a client that reads: the whole answer, every row fetched
        const full = await request(server)
          .get(path)
          .set('Authorization', `Bearer ${token}`)
          .buffer(true)
          .parse((res, cb) => {
            let n = 0;
            res.on('data', (c: Buffer) => (n += c.length));
            res.on('end', () => cb(null, n));
          });
        expect(full.status).toBe(200);
        const fullBytes = full.body as number;
        expect(seen.rows).toBe(POLYGONS);
        expect(fullBytes).toBeGreaterThan(12_000_000);

        seen.rows = 0;
        const socket = stalledClient(port, path, token);
        await until('the stalled response to take a slot', () => cap.active === 1);
        const res = responses.at(-1)!;
        // the write timeout: the server cuts the client that took nothing and gives the slot back
        await until('the write timeout to cut the stalled client', () => res.destroyed && cap.active === 0);
        socket.destroy();
        expect(res.writableFinished, 'the stalled client must not have been sent the whole answer').toBe(false);
        const written = res.socket?.bytesWritten ?? Number.NaN;
        console.log(`${path}: full answer ${fullBytes} B from ${POLYGONS} rows; stalled client: ${seen.rows} rows fetched, ${written} B handed to the socket`);
        expect(seen.rows).toBeLessThan(POLYGONS * 0.7);
        expect(written).toBeLessThan(fullBytes * 0.7);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    }, 300_000);
  }

  it('beyond the cap a heavy answer gets 429 with Retry-After (zh/en); small answers pass; the slot comes back when the client goes', async () => {
    const cap = new HeavyResponseCap({ max: 1, retryAfterSeconds: 7, writeTimeoutMs: 600_000 });
    const { server, port } = await serve(db(), cap);
    try {
      const holder = stalledClient(port, `/api/layers/${LAYER}/export.geojson`, token);
      await until('the first export to take the only slot', () => cap.active === 1);
      const refused = await request(server).get(`/api/layers/${LAYER}/export.csv`).set('Authorization', `Bearer ${token}`);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('7');
      expect(refused.headers['content-disposition']).toBeUndefined();
      expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_HEAVY_RESPONSES', details: { retryAfterSeconds: 7, limit: 1 } });
      expect(refused.body.error.messageZh).toMatch(/7 秒后重试/);
      expect(refused.body.error.message).toMatch(/retry in 7 s/);
      // an answer that fits in one piece needs no slot
      const small = await request(server).get(`/ogc/collections/${LAYER}/items?limit=1`).set('Authorization', `Bearer ${token}`);
      expect(small.status).toBe(200);
      expect(small.body.numberReturned).toBe(1);

      holder.destroy();
      await until('the slot to come back', () => cap.active === 0);
      const again = await request(server).get(`/api/layers/${LAYER}/export.csv`).set('Authorization', `Bearer ${token}`);
      expect(again.status).toBe(200);
      expect(again.text.trim().split('\n')).toHaveLength(POLYGONS + 1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 300_000);

  it('a query that fails before the first byte is a coded error answer in every export format, not a hang-up', async () => {
    const d = db();
    const failing = new Proxy(d, {
      get(target, key, receiver) {
        if (key === 'query')
          return (sql: string, params?: readonly unknown[]) =>
            sql.includes('sized.candidates') ? Promise.reject(new Error('simulated database failure')) : target.query(sql, params);
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const app = createApp({ db: failing, config: {}, logger: pino({ level: 'silent' }) });
    for (const ext of ['geojson', 'csv', 'kml', 'shp.zip']) {
      const res = await request(app).get(`/api/layers/${LAYER}/export.${ext}`).set('Authorization', `Bearer ${token}`);
      expect(res.status, ext).toBe(500);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.error.code).toBe('INTERNAL');
    }
    for (const path of [`/ogc/collections/${LAYER}/items?limit=100`, `/api/layers/${LAYER}/features`]) {
      const res = await request(app).get(path).set('Authorization', `Bearer ${token}`);
      expect(res.status, path).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
    }
  });

  afterAll(() => undefined);
});
