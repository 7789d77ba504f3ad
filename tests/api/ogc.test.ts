import { bbox as turfBbox, booleanIntersects, bboxPolygon } from '@turf/turf';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer, LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import {
  collectionSchema,
  collectionsSchema,
  conformanceSchema,
  itemsSchema,
  landingPageSchema,
  ogcFeatureSchema as featureSchema,
} from '../../server/features/ogc/ogc.contract.ts';
import { COAL_BAN } from '../fixtures/check-zones.ts';

/** 25 gas stations on a grid; sales rise by 400 t each so filters and bboxes have known answers. */
const STATIONS = Array.from({ length: 25 }, (_, i) => ({
  type: 'Feature' as const,
  properties: {
    name: `测试加油站${i}`,
    annual_sales_t: 3000 + i * 400,
    online_monitoring: i % 2 === 0,
    vapour_recovery: true,
  },
  geometry: { type: 'Point' as const, coordinates: [113.22 + (i % 5) * 0.03, 40.0 + Math.floor(i / 5) * 0.03] },
}));

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    const layer = findLayer('gas_stations')!;
    const valid = STATIONS.map((f) => validateFeature(layer, f)).map((v) => (v.valid ? v.feature : Promise.reject(v.reason)));
    await writeFeatures(db(), 'gas_stations', valid as never);
    const zone = validateFeature(findLayer('coal_ban_zones')!, COAL_BAN);
    if (zone.valid) await writeFeatures(db(), 'coal_ban_zones', [zone.feature]);
  });

  it('serves a landing page and conformance with the core and GeoJSON classes', async () => {
    const landing = await request(app).get('/ogc').expect(200);
    const rels = landingPageSchema.parse(landing.body).links.map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'conformance', 'data']));
    const conf = await request(app).get('/ogc/conformance').expect(200);
    expect(conformanceSchema.parse(conf.body).conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
  });

  it('lists every layer as a collection with an items link, in catalogue order', async () => {
    const res = await request(app).get('/ogc/collections').expect(200);
    const { collections } = collectionsSchema.parse(res.body);
    // the suite's admin may read cases: the ledger's read-only collection follows the layers
    expect(collections.map((c) => c.id)).toEqual([...LAYERS.map((l) => l.id), 'cases']);
    const gas = collections.find((c) => c.id === 'gas_stations')!;
    expect(gas.links.find((l) => l.rel === 'items')!.href).toMatch(/\/ogc\/collections\/gas_stations\/items$/);
    const ext = gas.extent.spatial.bbox[0]!;
    expect(ext[0]).toBeCloseTo(113.22, 6);
    expect(ext[3]).toBeCloseTo(40.12, 6);
    expect(collectionSchema.parse((await request(app).get('/ogc/collections/gas_stations').expect(200)).body).id).toBe('gas_stations');
  });

  it('pages with limit/offset and next links until every feature was seen once', async () => {
    const seen: number[] = [];
    let url: string | undefined = '/ogc/collections/gas_stations/items?limit=7';
    let pages = 0;
    while (url) {
      const res = await request(app).get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
      const body = itemsSchema.parse(res.body);
      expect(body.numberMatched).toBe(25);
      expect(body.numberReturned).toBe(body.features.length);
      seen.push(...body.features.map((f) => f.id));
      const next = body.links.find((l) => l.rel === 'next')?.href;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(25);
  });

  it('filters by bbox exactly as an independent intersection test does', async () => {
    const box: [number, number, number, number] = [113.245, 40.025, 113.305, 40.085];
    const res = await request(app)
      .get(`/ogc/collections/gas_stations/items?limit=100&bbox=${box.join(',')}`)
      .expect(200);
    const got = res.body.features.map((f: { properties: { name: string } }) => f.properties.name).sort();
    const want = STATIONS.filter((s) => booleanIntersects(s, bboxPolygon(box)))
      .map((s) => s.properties.name)
      .sort();
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it('filters by property equality in the attribute type', async () => {
    const exact = await request(app).get('/ogc/collections/gas_stations/items?annual_sales_t=5000').expect(200);
    expect(exact.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['测试加油站5']);
    const off = await request(app).get('/ogc/collections/gas_stations/items?online_monitoring=false&limit=100').expect(200);
    expect(off.body.numberMatched).toBe(STATIONS.filter((s) => !s.properties.online_monitoring).length);
    const byName = await request(app)
      .get(`/ogc/collections/gas_stations/items?name=${encodeURIComponent('测试加油站3')}`)
      .expect(200);
    expect(byName.body.numberMatched).toBe(1);
  });

  it('returns one item with geometry equal to what was stored, and 404 for unknown ids', async () => {
    const list = await request(app).get('/ogc/collections/gas_stations/items?limit=1').expect(200);
    const id = list.body.features[0].id;
    const one = await request(app).get(`/ogc/collections/gas_stations/items/${id}`).expect(200);
    const f = featureSchema.parse(one.body);
    const source = STATIONS.find((s) => s.properties.name === f.properties.name)!;
    expect(f.geometry.coordinates).toEqual(source.geometry.coordinates);
    expect(one.headers.etag).toMatch(/^".+"$/);
    await request(app).get('/ogc/collections/gas_stations/items/999999999').expect(404);
    await request(app).get('/ogc/collections/gas_stations/items/abc').expect(404);
  });

  it('keeps polygon holes through the API', async () => {
    const res = await request(app).get('/ogc/collections/coal_ban_zones/items').expect(200);
    expect(res.body.features[0].geometry.coordinates).toEqual(COAL_BAN.geometry.coordinates);
    expect(turfBbox(res.body.features[0])).toEqual(turfBbox(COAL_BAN));
  });

  describe('bad requests get a 4xx JSON error, never a 500', () => {
    const cases: [string, number][] = [
      ['/ogc/collections/nope', 404],
      ['/ogc/collections/nope/items', 404],
      ["/ogc/collections/gas_stations'--/items", 404],
      ['/ogc/collections/gas_stations/items?limit=0', 400],
      ['/ogc/collections/gas_stations/items?limit=100001', 400],
      ['/ogc/collections/gas_stations/items?limit=-1', 400],
      ['/ogc/collections/gas_stations/items?offset=x', 400],
      ['/ogc/collections/gas_stations/items?bbox=1,2,3', 400],
      ['/ogc/collections/gas_stations/items?bbox=40,113,41,114', 400],
      ['/ogc/collections/gas_stations/items?bbox=a,b,c,d', 400],
      ['/ogc/collections/gas_stations/items?bbox=113,41,114,40', 400],
      ['/ogc/collections/gas_stations/items?nonsense=1', 400],
      ['/ogc/collections/gas_stations/items?annual_sales_t=abc', 400],
      ['/ogc/collections/gas_stations/items?online_monitoring=maybe', 400],
      ['/ogc/collections/gas_stations/items?limit=1&limit=2', 400],
      ['/ogc/collections/gas_stations/items?f=html', 400],
      ['/ogc/collections/gas_stations/items?bbox-crs=EPSG:3857', 400],
      ["/ogc/collections/gas_stations/items?name=x'%20OR%201=1--", 200],
    ];
    it.each(cases)('%s → %i', async (url, status) => {
      const res = await request(app).get(url);
      expect(res.status).toBe(status);
      if (status >= 400) {
        expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
        expect(JSON.stringify(res.body)).not.toMatch(/stack|syntax error|SELECT /i);
      } else {
        expect(res.body.numberMatched).toBe(0);
      }
    });
  });
});
