/**
 * How the built client is served: hashed files under /assets compressed (brotli or gzip) and cached
 * for a year as immutable, the app shell (index.html and client-side routes) revalidated each time,
 * and the API's own streams left alone by the compression (the import's NDJSON progress arrives
 * uncompressed and chunked, not buffered into one compressed body).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../server/paths.ts';
import { postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { ensureClientBuilt } from '../helpers/client-build.ts';
import { onEachDatabase } from '../helpers/db.ts';

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** The bytes as sent (supertest would decode them): a GET on a loopback socket. */
async function rawGet(app: ReturnType<typeof testApp>, path: string, acceptEncoding: string) {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': acceptEncoding } }, resolve).on('error', reject),
    );
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return { headers: res.headers, status: res.statusCode, body: Buffer.concat(chunks) };
  } finally {
    server.close();
  }
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let entry: string;
  beforeAll(() => {
    ensureClientBuilt();
    app = testApp(db());
    entry = readdirSync(join(PATHS.clientDist, 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
  });

  describe('hashed assets', () => {
    it('are sent brotli-compressed when the browser accepts it, cached a year as immutable', async () => {
      const res = await rawGet(app, `/assets/${entry}`, 'br, gzip');
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe(YEAR_IMMUTABLE);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      const original = readFileSync(join(PATHS.clientDist, 'assets', entry));
      const body = res.body;
      expect(body.length).toBeLessThan(original.length / 2);
      expect(brotliDecompressSync(body).equals(original)).toBe(true);
    });

    it('fall back to gzip, and to the plain file for a client that accepts neither', async () => {
      const gz = await rawGet(app, `/assets/${entry}`, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(readFileSync(join(PATHS.clientDist, 'assets', entry)))).toBe(true);
      const plain = await request(app).get(`/assets/${entry}`).set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    });

    it('a missing asset is a 404, not the app shell under a script name', async () => {
      const res = await request(app).get('/assets/index-nothere.js').expect(404);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable/);
    });
  });

  describe('the app shell', () => {
    it('index.html and client-side routes are revalidated on every load (no-cache)', async () => {
      for (const path of ['/', '/index.html', '/some/client/route']) {
        const res = await request(app).get(path).set('Accept-Encoding', 'br, gzip').expect(200);
        expect(res.headers['content-type'], path).toMatch(/text\/html/);
        expect(res.headers['cache-control'], path).toBe('no-cache');
        expect(res.text, path).toContain(`/assets/${entry}`);
      }
    });

    it('the build manifest is not served', async () => {
      await request(app)
        .get('/.vite/manifest.json')
        .expect((r) => expect(r.text).not.toContain('"isEntry"'));
    });
  });

  describe('API responses', () => {
    it('the import progress stream is not compressed: NDJSON lines in chunks, as before', async () => {
      const res = await postImport(app, 'construction_sites', 'sites.geojson', 'dryRun=true')
        .set('Accept', 'application/x-ndjson')
        .set('Accept-Encoding', 'br, gzip')
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['transfer-encoding']).toBe('chunked');
      const [first, ...rest] = (res.text as string).trim().split('\n');
      expect(JSON.parse(first!)).toMatchObject({ progress: { phase: 'upload' } });
      expect(JSON.parse(rest.at(-1)!)).toMatchObject({ result: { imported: 5, dryRun: true } });
    });

    it('JSON answers keep their encoding as before (none)', async () => {
      const res = await request(app).get('/api/layers').set('Accept-Encoding', 'br, gzip').expect(200);
      expect(res.headers['content-encoding']).toBeUndefined();
    });
  });
});

describe('the production build', () => {
  it('ships none of the browser tests’ hooks (window.__pcMap, window.__pcMapInstance)', () => {
    ensureClientBuilt();
    // the names are live in the sources, so their absence below is the build dropping them
    const sources = ['client/map/drawing.ts', 'client/map/MapController.ts'].map((f) => readFileSync(join(PATHS.root, f), 'utf8')).join('\n');
    expect(sources).toContain('__pcMap =');
    expect(sources).toContain('__pcMapInstance =');
    const assets = join(PATHS.clientDist, 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(3);
    const carrying = scripts.filter((f) => readFileSync(join(assets, f), 'utf8').includes('__pcMap'));
    expect(carrying).toEqual([]);
  });
});
