/**
 * Basemaps this server serves itself: a PMTiles file (tiles decoded by the `pmtiles` reader, the
 * archive by byte range) and Tianditu through a key-holding proxy with a bounded disk cache,
 * against a fake upstream on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBuffer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { writePmtiles } from '../helpers/pmtiles.ts';

const png = (label: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(label)]);
/** Tile bytes: distinct per address, so a tile served for the wrong address shows. */
const RASTER = [
  { z: 12, x: 3385, y: 1546, data: png('a') },
  { z: 12, x: 3386, y: 1546, data: png('bb') },
  { z: 13, x: 6771, y: 3093, data: png('ccc') },
];
const MVT = [{ z: 12, x: 3385, y: 1546, data: Buffer.from('pretend-mvt-bytes-'.repeat(20)) }];

let dir: string;
let rasterFile: string;
let vectorFile: string;
let styleFile: string;
let upstream: Server;
let upstreamUrl: string;
const upstreamHits: string[] = [];
let upstreamBroken = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'basemap-test-'));
  rasterFile = join(dir, 'raster.pmtiles');
  vectorFile = join(dir, 'vector.pmtiles');
  styleFile = join(dir, 'style.json');
  await writeFile(rasterFile, writePmtiles(RASTER, { tileType: 2 }));
  await writeFile(vectorFile, writePmtiles(MVT, { tileType: 1, tileCompression: 2 }));
  await writeFile(
    styleFile,
    JSON.stringify({
      version: 8,
      sources: { base: { type: 'vector', url: 'pmtiles://whatever.pmtiles' } },
      layers: [{ id: 'roads', type: 'line', source: 'base', 'source-layer': 'roads' }],
    }),
  );
  // a fake Tianditu: PNG bytes naming the request, or an XML error page like a bad key gets
  upstream = createServer((req, res) => {
    upstreamHits.push(req.url!);
    if (upstreamBroken) {
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<error>invalid key</error>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(png(req.url!));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/{layer}/{z}/{x}/{y}?host={s}&tk={key}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

onEachDatabase(({ db }) => {
  describe('basemap switcher facts (/api/config)', () => {
    it('lists what is missing when nothing is configured', async () => {
      const res = await request(testApp(db())).get('/api/config').expect(200);
      expect(res.body.basemaps.map((b: { id: string }) => b.id)).toEqual(['offline']);
      expect(res.body.unavailable).toEqual([
        expect.objectContaining({ id: 'file', missing: ['BASEMAP_FILE'] }),
        expect.objectContaining({ id: 'tianditu-vec', missing: ['TIANDITU_KEY'] }),
        expect.objectContaining({ id: 'tianditu-img', missing: ['TIANDITU_KEY'] }),
      ]);
    });

    it('offers the file and Tianditu through this server, and never shows the key', async () => {
      const app = testApp(db(), { TIANDITU_KEY: 'secret-key-42', TIANDITU_URL: upstreamUrl, CACHE_DIR: join(dir, 'cache-config'), BASEMAP_FILE: rasterFile });
      const res = await request(app).get('/api/config').expect(200);
      expect(res.body.basemaps.map((b: { id: string }) => b.id)).toEqual(['offline', 'file', 'tianditu-vec', 'tianditu-img']);
      expect(res.body.basemaps[1]).toMatchObject({ kind: 'raster', tiles: ['/basemap/file/{z}/{x}/{y}'], maxzoom: 13 });
      expect(res.body.unavailable).toEqual([]);
      expect(res.text).not.toContain('secret-key-42');
      expect(res.headers['content-security-policy']).not.toContain('tianditu');
    });

    it('says a vector file needs BASEMAP_STYLE', async () => {
      const res = await request(testApp(db(), { BASEMAP_FILE: vectorFile }))
        .get('/api/config')
        .expect(200);
      expect(res.body.unavailable[0]).toMatchObject({ id: 'file', missing: ['BASEMAP_STYLE'] });
    });
  });

  describe('PMTiles file', () => {
    it('serves each tile by address with an ETag, 304 when unchanged, 204 where the archive has none', async () => {
      const app = testApp(db(), { BASEMAP_FILE: rasterFile });
      for (const t of RASTER) {
        const res = await getBuffer(app, `/basemap/file/${t.z}/${t.x}/${t.y}`).expect(200);
        expect(res.headers['content-type']).toBe('image/png');
        expect(Buffer.compare(res.body as Buffer, t.data)).toBe(0);
      }
      const first = await request(app).get('/basemap/file/12/3385/1546').expect(200);
      const other = await request(app).get('/basemap/file/12/3386/1546').expect(200);
      expect(first.headers.etag).toMatch(/^"/);
      expect(other.headers.etag).not.toBe(first.headers.etag);
      await request(app).get('/basemap/file/12/3385/1546').set('If-None-Match', first.headers.etag!).expect(304);
      await request(app).get('/basemap/file/12/3385/1546').set('If-None-Match', other.headers.etag!).expect(200);
      await request(app).get('/basemap/file/12/0/0').expect(204);
      await request(app).get('/basemap/file/5/0/0').expect(204);
      const bad = await request(app).get('/basemap/file/3/8/0').expect(400);
      expect(bad.body.error.code).toBe('INVALID_TILE');
    });

    it('serves the archive itself by byte range, with an ETag', async () => {
      const app = testApp(db(), { BASEMAP_FILE: rasterFile });
      const bytes = await readFile(rasterFile);
      const part = await getBuffer(app, '/basemap/file.pmtiles').set('Range', 'bytes=0-126').expect(206);
      expect(part.headers['content-range']).toBe(`bytes 0-126/${bytes.length}`);
      expect(part.headers['accept-ranges']).toBe('bytes');
      expect(Buffer.compare(part.body as Buffer, bytes.subarray(0, 127))).toBe(0);
      const tail = await getBuffer(app, '/basemap/file.pmtiles')
        .set('Range', `bytes=${bytes.length - 10}-`)
        .expect(206);
      expect(Buffer.compare(tail.body as Buffer, bytes.subarray(bytes.length - 10))).toBe(0);
      const whole = await getBuffer(app, '/basemap/file.pmtiles').expect(200);
      expect(whole.headers.etag).toBeTruthy();
      await request(app).get('/basemap/file.pmtiles').set('If-None-Match', whole.headers.etag!).expect(304);
      await request(app)
        .get('/basemap/file.pmtiles')
        .set('Range', `bytes=${bytes.length + 5}-`)
        .expect(416);
    });

    it('serves a vector file with its style pointed at this server, tiles decompressed', async () => {
      const app = testApp(db(), { BASEMAP_FILE: vectorFile, BASEMAP_STYLE: styleFile });
      const cfg = await request(app).get('/api/config').expect(200);
      expect(cfg.body.basemaps[1]).toMatchObject({ id: 'file', kind: 'style', url: '/basemap/file/style.json' });
      const style = await request(app).get('/basemap/file/style.json').expect(200);
      expect(style.body.sources.base).toEqual({ type: 'vector', tiles: ['/basemap/file/{z}/{x}/{y}'], minzoom: 12, maxzoom: 12 });
      expect(style.body.layers[0].id).toBe('roads');
      const tile = await getBuffer(app, '/basemap/file/12/3385/1546').expect(200);
      expect(tile.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(Buffer.compare(tile.body as Buffer, MVT[0]!.data)).toBe(0);
    });

    it('is for signed-in users only when READ_REQUIRES_LOGIN is set, like the data', async () => {
      const closed = testApp(db(), { BASEMAP_FILE: rasterFile, READ_REQUIRES_LOGIN: true }, { actAs: 'anonymous' });
      for (const path of ['/basemap/file/12/3385/1546', '/basemap/file.pmtiles', '/basemap/tianditu/vec/12/3385/1546'])
        expect((await request(closed).get(path).expect(401)).body.error.code).toBe('UNAUTHENTICATED');
      await request(testApp(db(), { BASEMAP_FILE: rasterFile }, { actAs: 'anonymous' }))
        .get('/basemap/file/12/3385/1546')
        .expect(200);
    });

    it('answers 404 BASEMAP_NOT_CONFIGURED without a file', async () => {
      const res = await request(testApp(db())).get('/basemap/file/12/3385/1546').expect(404);
      expect(res.body.error.code).toBe('BASEMAP_NOT_CONFIGURED');
      await request(testApp(db())).get('/basemap/file.pmtiles').expect(404);
    });
  });

  describe('Tianditu proxy', () => {
    it('adds the key upstream, caches the tile on disk, and serves it again from the cache', async () => {
      const cacheDir = join(dir, `cache-proxy-${Math.random().toString(36).slice(2)}`);
      const app = testApp(db(), { TIANDITU_KEY: 'secret-key-42', TIANDITU_URL: upstreamUrl, CACHE_DIR: cacheDir });
      upstreamHits.length = 0;
      const miss = await getBuffer(app, '/basemap/tianditu/vec/12/3385/1546').expect(200);
      expect(miss.headers['x-cache']).toBe('MISS');
      expect(upstreamHits).toEqual(['/vec/12/3385/1546?host=3&tk=secret-key-42']);
      expect(Buffer.compare(miss.body as Buffer, png(upstreamHits[0]!))).toBe(0);
      const hit = await getBuffer(app, '/basemap/tianditu/vec/12/3385/1546').expect(200);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(Buffer.compare(hit.body as Buffer, miss.body as Buffer)).toBe(0);
      expect(upstreamHits).toHaveLength(1);
      expect(await readdir(join(cacheDir, 'tianditu', 'vec', '12', '3385'))).toEqual(['1546.png']);
      // another app over the same cache directory (a restart) still has it
      const again = testApp(db(), { TIANDITU_KEY: 'secret-key-42', TIANDITU_URL: upstreamUrl, CACHE_DIR: cacheDir });
      expect((await request(again).get('/basemap/tianditu/vec/12/3385/1546').expect(200)).headers['x-cache']).toBe('HIT');
      expect(upstreamHits).toHaveLength(1);
    });

    it('passes an upstream error page on as 502 and caches nothing', async () => {
      const cacheDir = join(dir, `cache-broken-${Math.random().toString(36).slice(2)}`);
      const app = testApp(db(), { TIANDITU_KEY: 'k', TIANDITU_URL: upstreamUrl, CACHE_DIR: cacheDir });
      upstreamBroken = true;
      try {
        const res = await request(app).get('/basemap/tianditu/img/12/3385/1546').expect(502);
        expect(res.body.error.code).toBe('BASEMAP_UPSTREAM');
        expect(res.text).not.toContain('invalid key');
      } finally {
        upstreamBroken = false;
      }
      expect(await readdir(cacheDir, { recursive: true })).toEqual([]);
    });

    it('rejects unknown layers and answers 404 without a key', async () => {
      const app = testApp(db(), { TIANDITU_KEY: 'k', TIANDITU_URL: upstreamUrl, CACHE_DIR: join(dir, 'cache-bad') });
      expect((await request(app).get('/basemap/tianditu/xyz/1/0/0').expect(400)).body.error.code).toBe('INVALID_PARAMETER');
      expect((await request(testApp(db())).get('/basemap/tianditu/vec/1/0/0').expect(404)).body.error.code).toBe('BASEMAP_NOT_CONFIGURED');
    });
  });
});
