/**
 * What a hostile or broken upload, or a failing database, must not do: expand entities, escape the
 * scratch directory, inflate a zip bomb, exceed the size limit, or leave a layer half-written.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/db/db.ts';
import { errorMiddleware } from '../../server/http/error.middleware.ts';
import { ioRoutes } from '../../server/features/io/io.routes.ts';
import { layerState, postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { ioFormatsResponseSchema } from '../../server/features/io/io.contract.ts';

/** A Db whose transaction fails at the n-th INSERT: the database failing mid-import. */
function failingAtInsert(db: Db, n: number): Db {
  return {
    ...db,
    query: db.query.bind(db),
    transaction: (fn) =>
      db.transaction((tx) => {
        let inserts = 0;
        const wrapped: Queryable = {
          query: (sql, params) => {
            if (/INSERT INTO features/.test(sql) && ++inserts === n) throw new Error('simulated database failure');
            return tx.query(sql, params);
          },
        };
        return fn(wrapped);
      }),
  };
}

const manySites = (n: number) =>
  Buffer.from(
    JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: n }, (_, i) => ({
        type: 'Feature',
        properties: { name: `批量${i}`, site_type: 'building', status: 'active' },
        geometry: { type: 'Point', coordinates: [113.22 + (i % 100) * 0.0015, 40.0 + Math.floor(i / 100) * 0.002] },
      })),
    }),
  );

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
  });

  it.each([
    ['billion-laughs.kml', 400, 'UNSAFE_XML'],
    ['zip-slip.zip', 400, 'UNSAFE_ZIP'],
    ['zip-bomb.zip', 400, 'UNSAFE_ZIP'],
    ['no-shapefile.zip', 415, 'UNSUPPORTED_FORMAT'],
  ])('refuses %s with %i %s and leaves the layer alone', async (file, status, code) => {
    const before = await layerState(db(), 'construction_sites');
    const res = await postImport(app, 'construction_sites', file).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(await layerState(db(), 'construction_sites')).toEqual(before);
  });

  it('refuses files that are not a supported format, with a hint', async () => {
    const shp = Buffer.alloc(100);
    shp.writeInt32BE(9994, 0);
    const bare = await postImport(app, 'construction_sites', { name: 'layer.shp', data: shp }).expect(415);
    expect(bare.body.error.message).toMatch(/\.zip/);
    await postImport(app, 'construction_sites', { name: 'x.bin', data: Buffer.from([0, 1, 2, 3, 0, 0, 0, 9]) }).expect(415);
    await postImport(app, 'construction_sites', { name: 'x.gpx', data: Buffer.from('<gpx></gpx>') }).expect(415);
    const broken = await postImport(app, 'construction_sites', { name: 'x.geojson', data: Buffer.from('{"type":"FeatureCollection","features":[{') }).expect(
      400,
    );
    expect(broken.body.error.code).toBe('MALFORMED_FILE');
    const nocoords = await postImport(app, 'construction_sites', { name: 'x.csv', data: Buffer.from('名称,地址\n甲,迎宾街\n') }).expect(422);
    expect(nocoords.body.error.code).toBe('NO_COORDINATE_COLUMNS');
  });

  it('checks the request before reading the file', async () => {
    await postImport(app, 'nope', 'sites.geojson').expect(404);
    await postImport(app, 'construction_sites', 'sites.geojson', 'mode=merge').expect(400);
    await postImport(app, 'construction_sites', 'sites.geojson', 'dryrun=true').expect(400);
    await request(app).post('/api/layers/construction_sites/import').send({ a: 1 }).expect(415);
    const nofile = await request(app).post('/api/layers/construction_sites/import').field('other', 'x').expect(400);
    expect(nofile.body.error.code).toBe('NO_FILE');
  });

  it('tells the import dialog what it accepts', async () => {
    const body = ioFormatsResponseSchema.parse((await request(app).get('/api/io/formats').expect(200)).body);
    expect(body.import.map((f) => f.id).sort()).toEqual(['csv', 'geojson', 'kml', 'kmz', 'shapefile', 'xlsx']);
    expect(body.export.map((f) => f.extension)).toEqual(['geojson', 'csv', 'kml', 'shp.zip']);
    expect(body.crs.map((c) => c.id)).toEqual(['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'epsg4547', 'epsg4526']);
    expect(body.maxUploadBytes).toBe(200 * 1024 * 1024);
  });

  it('answers 413 beyond the upload limit', async () => {
    const small = express();
    small.use(ioRoutes(db(), { maxUploadBytes: 2048 }));
    small.use(errorMiddleware(pino({ level: 'silent' })));
    const big = { name: 'big.geojson', data: manySites(200) };
    const res = await postImport(small, 'construction_sites', big).expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // also when the size is only discovered while streaming: a chunked body has no Content-Length
    const server = small.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const boundary = 'xxBOUNDARYxx';
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/api/layers/construction_sites/import',
            headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.geojson"\r\nContent-Type: application/json\r\n\r\n`);
        req.write(big.data);
        req.end(`\r\n--${boundary}--\r\n`);
      });
      expect(status).toBe(413);
    } finally {
      server.close();
    }
  });

  it('a database failure in the middle of the write leaves the layer exactly as it was (append and replace)', async () => {
    const before = await layerState(db(), 'construction_sites');
    const broken = testApp(failingAtInsert(db(), 2)); // the second batch of 1000 fails
    const file = { name: 'many.geojson', data: manySites(2500) };
    for (const mode of ['append', 'replace']) {
      const res = await postImport(broken, 'construction_sites', file, `mode=${mode}`);
      expect(res.status).toBe(500);
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    }
    // the same file through a healthy database imports completely
    const ok = await postImport(app, 'construction_sites', file, 'mode=replace').expect(200);
    expect(ok.body).toMatchObject({ imported: 2500, replaced: before.n, revision: before.revision + 1 });
  });
});
