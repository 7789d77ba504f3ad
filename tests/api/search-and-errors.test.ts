import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { searchResponseSchema } from '../../server/features/search/search.contract.ts';

const SITES = [
  { name: '御河东路住宅项目', permit_no: '140213202305120101' },
  { name: '古城墙修缮工程', permit_no: '140213202304010202' },
  { name: '100%_覆盖示范工地', permit_no: 'PC-100' },
].map((p, i) => ({
  type: 'Feature',
  properties: { ...p, site_type: 'building', status: 'active' },
  geometry: { type: 'Point', coordinates: [113.3 + i * 0.01, 40.09] },
}));

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db(), { TIANDITU_KEY: 'k123' });
    const layer = findLayer('construction_sites')!;
    await writeFeatures(
      db(),
      'construction_sites',
      SITES.map((s) => {
        const v = validateFeature(layer, s);
        if (!v.valid) throw new Error(v.reason);
        return v.feature;
      }),
    );
  });

  it('finds sites by part of the name or the permit number, with a point to zoom to', async () => {
    const byName = searchResponseSchema.parse((await request(app).get('/api/search').query({ q: '古城墙' }).expect(200)).body);
    expect(byName.results).toHaveLength(1);
    expect(byName.results[0]).toMatchObject({ layer: 'construction_sites', name: '古城墙修缮工程', code: '140213202304010202', lng: 113.31, lat: 40.09 });
    const byPermit = searchResponseSchema.parse((await request(app).get('/api/search').query({ q: '202305120101' }).expect(200)).body);
    expect(byPermit.results.map((r) => r.name)).toEqual(['御河东路住宅项目']);
  });

  it('treats % and _ in the query as literal characters', async () => {
    const res = searchResponseSchema.parse((await request(app).get('/api/search').query({ q: '100%_' }).expect(200)).body);
    expect(res.results.map((r) => r.name)).toEqual(['100%_覆盖示范工地']);
    expect((await request(app).get('/api/search').query({ q: '%' }).expect(200)).body.results.map((r: { name: string }) => r.name)).toEqual([
      '100%_覆盖示范工地',
    ]);
  });

  it('rejects empty, overlong and unknown search parameters with 400', async () => {
    for (const q of [{}, { q: '' }, { q: 'x'.repeat(101) }, { q: 'a', limit: '0' }, { q: 'a', drop: '1' }]) {
      const res = await request(app).get('/api/search').query(q);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PARAMETER');
    }
  });

  it('offers the offline basemap first, and Tianditu only with a key, which stays on the server', async () => {
    const res = await request(app).get('/api/config').expect(200);
    expect(res.body.basemaps.map((b: { id: string }) => b.id)).toEqual(['offline', 'tianditu-vec', 'tianditu-img']);
    expect(res.body.basemaps[1].tiles[0]).toBe('/basemap/tianditu/vec/{z}/{x}/{y}');
    expect(res.text).not.toContain('k123');
    const plain = await request(testApp(db())).get('/api/config').expect(200);
    expect(plain.body.basemaps.map((b: { id: string }) => b.id)).toEqual(['offline']);
  });

  it('answers unknown API paths with a JSON 404 and sets security headers', async () => {
    const res = await request(app).get('/api/nothing-here').expect(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('logs each request at debug (silent at the default info level), server errors at error', async () => {
    const linesAt = async (level: 'info' | 'debug') => {
      const lines: { level: number; msg: string; req?: { url: string } }[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
          done();
        },
      });
      const logged = createApp({ db: db(), config: {}, logger: createLogger(level, { pretty: false, destination }) });
      await request(logged).get('/api/config').expect(200);
      await request(logged).get('/api/nothing-here').expect(404);
      return lines.filter((l) => l.req);
    };
    expect(await linesAt('info')).toEqual([]);
    const debug = await linesAt('debug');
    expect(debug.map((l) => [l.level, l.req!.url])).toEqual([
      [20, '/api/config'],
      [20, '/api/nothing-here'],
    ]);
  });
});
