import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures, type NewFeature } from '../../server/features/layers/feature-write.service.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { layersResponseSchema } from '../../server/features/layers/layers.contract.ts';

/** More features than one stream batch (2000), so paging inside the export is exercised. */
const N = 4321;
const sites = Array.from({ length: N }, (_, i) => ({
  type: 'Feature',
  properties: { name: `工地${i}`, site_type: 'building', status: 'active', above_scale: i % 3 === 0, permit_no: `PC-${i}` },
  geometry: { type: 'Point', coordinates: [113.2 + (i % 97) * 0.002, 40.0 + Math.floor(i / 97) * 0.003] },
}));

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    const layer = findLayer('construction_sites')!;
    const features = sites.map((s) => {
      const v = validateFeature(layer, s);
      if (!v.valid) throw new Error(v.reason);
      return v.feature;
    });
    await writeFeatures(db(), 'construction_sites', features as NewFeature[]);
  });

  it('streams the whole layer as an RFC 7946 FeatureCollection download', async () => {
    const res = await request(app)
      .get('/api/layers/construction_sites/export.geojson')
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?construction_sites-\d{4}-\d{2}-\d{2}\.geojson"?$/);
    const fc = JSON.parse(res.body as string);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(N);
    const byName = new Map(fc.features.map((f: { properties: { name: string } }) => [f.properties.name, f]));
    for (const s of [sites[0]!, sites[2000]!, sites[N - 1]!]) {
      const f = byName.get(s.properties.name) as { geometry: unknown; properties: Record<string, unknown> };
      // exported with 9 decimals (≈0.1 mm): equal within 1e-9°
      const [x, y] = (f.geometry as { coordinates: [number, number] }).coordinates;
      expect(Math.abs(x - s.geometry.coordinates[0]!)).toBeLessThan(1e-9);
      expect(Math.abs(y - s.geometry.coordinates[1]!)).toBeLessThan(1e-9);
      expect(f.properties).toMatchObject({ ...s.properties, is_demo: false });
    }
    expect(new Set(fc.features.map((f: { id: number }) => f.id)).size).toBe(N);
  });

  it('exports a bbox subset and rejects unknown layers and bad bboxes', async () => {
    const res = await request(app).get('/api/layers/construction_sites/features?bbox=113.2,40.0,113.21,40.01').expect(200);
    const want = sites.filter(
      ({
        geometry: {
          coordinates: [x, y],
        },
      }) => x! <= 113.21 && y! <= 40.01,
    ).length;
    expect(res.body.features).toHaveLength(want);
    await request(app).get('/api/layers/nope/export.geojson').expect(404);
    await request(app).get('/api/layers/construction_sites/export.geojson?bbox=1,2').expect(400);
    await request(app).get('/api/layers/construction_sites/export.geojson?x=1').expect(400);
  });

  it('lists layers with feature counts from the database', async () => {
    const body = layersResponseSchema.parse((await request(app).get('/api/layers').expect(200)).body);
    const sitesLayer = body.layers.find((l) => l.id === 'construction_sites')!;
    expect(sitesLayer.featureCount).toBe(N);
    expect(sitesLayer.attributes.map((a) => a.key)).toContain('video_online');
    // the extent is a bbox the map can fit to, equal to the sites' own min/max
    const xs = sites.map((f) => f.geometry.coordinates[0]!);
    const ys = sites.map((f) => f.geometry.coordinates[1]!);
    const want = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    expect(sitesLayer.extent).toHaveLength(4);
    for (const [i, v] of sitesLayer.extent!.entries()) expect(v).toBeCloseTo(want[i]!, 6);
    expect(body.layers.find((l) => l.id === 'boilers')!.extent).toBeNull();
    expect(body.demo).toBe(false);
  });
});
