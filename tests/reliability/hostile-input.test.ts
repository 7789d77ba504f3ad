/**
 * Issue 20, items 5–10 and 18: input an independent attack run still turned into a 500 (or a wrong
 * answer), on both databases. Each answer must be a coded 4xx that writes nothing, logs no stack
 * trace, and leaves the server answering:
 *   5  NUL (%00) in text query parameters and in the sign-in name
 *   6  NUL / lone UTF-16 surrogates in edits (400) and in imported files (that feature rejected, the
 *      rest imported; the dry run reports exactly what the real run does)
 *   7  3D/4D and mixed-dimension coordinates in POST/PUT/PATCH
 *   8  JSON bodies nested 20 000 deep
 *   9  denormal, out-of-area, whole-world, antimeridian and 0,0 geometry in edits (refused as the
 *      importer refuses them), and tiles robust to such a stored point
 *  10  impossible audit dates (and the CSV export not cut mid-stream)
 *  18  bbox with west > east (antimeridian) outside /ogc, answered as /ogc answers it
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { checksum, SITE, ZONE } from '../fixtures/edit/features.ts';
import { postImport } from '../fixtures/io/helpers.ts';

const XRW = ['X-Requested-With', 'fetch'] as const;
const SITES = '/ogc/collections/construction_sites/items';
const ZONES = '/ogc/collections/coal_ban_zones/items';

/** The app with a logger whose error lines the test can read (a 500 logs "unhandled error" with its stack). */
function appWithLog(db: Parameters<typeof createApp>[0]['db']) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const app = createApp({ db, config: {}, logger: pino({ level: 'error' }, sink) });
  return { app, unhandled: () => lines.filter((l) => /unhandled error|"stack"/.test(l)) };
}

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const site = (coordinates: unknown, props: Record<string, unknown> = {}) => ({
  ...SITE,
  properties: { ...SITE.properties, ...props },
  geometry: { type: 'Point', coordinates },
});
const zone = (geometry: unknown) => ({ ...ZONE, geometry });

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof createApp>;
  let unhandled: () => string[];
  let admin: TestUser;
  let siteId: number;
  let siteEtag: string;
  let zoneId: number;
  let zoneEtag: string;

  beforeAll(async () => {
    ({ app, unhandled } = appWithLog(db()));
    admin = await makeUser(db(), 'hostile-admin', 'admin');
    await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').set('Authorization', admin.bearer).expect(200);
    await postImport(app, 'coal_ban_zones', 'zones.kml', 'mode=replace').set('Authorization', admin.bearer).expect(200);
    const s = await request(app).post(SITES).set('Authorization', admin.bearer).send(SITE).expect(201);
    [siteId, siteEtag] = [s.body.id, s.headers.etag!];
    const z = await request(app).post(ZONES).set('Authorization', admin.bearer).send(ZONE).expect(201);
    [zoneId, zoneEtag] = [z.body.id, z.headers.etag!];
  });

  /** Every refusal: a 4xx with a code and both languages, nothing written, no stack trace logged. */
  async function refused(send: () => request.Test, status = 400): Promise<string> {
    const before = await checksum(db());
    const logged = unhandled().length;
    const res = await send();
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    expect(res.body.error?.code).toMatch(/^[A-Z_]+$/);
    expect(res.body.error?.message && res.body.error?.messageZh).toBeTruthy();
    expect(unhandled().slice(logged)).toEqual([]);
    expect(await checksum(db())).toBe(before);
    return res.body.error.code as string;
  }

  describe('5: NUL in query parameters and the sign-in name', () => {
    it.each([
      '/ogc/collections/construction_sites/items?permit_no=a%00b',
      '/ogc/collections/construction_sites/items?name=%00',
      '/api/search?q=%E5%B7%A5%00',
      '/api/violations?street=%00%E8%BF%8E',
      '/api/violations.geojson?zone=a%00',
      '/api/layers/construction_sites/export.csv?name=%00',
      '/api/layers/construction_sites%00/features',
      '/api/admin/audit?user=a%00',
    ])('GET %s → coded 400 without a sign-in, nothing logged', async (path) => {
      expect(
        await refused(() =>
          request(app)
            .get(path)
            .set(path.includes('admin') ? 'Authorization' : 'X-Ignored', admin.bearer),
        ),
      ).toBe('INVALID_TEXT');
    });

    it('sign-in with a NUL in the user name → coded 400', async () => {
      await refused(() =>
        request(app)
          .post('/api/auth/login')
          .set(...XRW)
          .send({ username: 'hostile\u0000admin', password: 'whatever-password' }),
      );
    });
  });

  describe('6: NUL and lone surrogates in names and attributes', () => {
    it.each([
      ['NUL in the name', { name: 'a\u0000b' }],
      ['lone high surrogate in the name', { name: '工地\ud800' }],
      ['lone low surrogate in an attribute', { permit_no: 'PC-\udc00' }],
      ['NUL in an attribute', { developer: '\u0000' }],
    ])('an edit with a %s → 400', async (_what, props) => {
      await refused(() =>
        request(app)
          .post(SITES)
          .set('Authorization', admin.bearer)
          .send(site([113.3, 40.09], props)),
      );
      await refused(() =>
        request(app)
          .patch(`${SITES}/${siteId}`)
          .set('Authorization', admin.bearer)
          .set('If-Match', siteEtag)
          .set('Content-Type', 'application/merge-patch+json')
          .send(JSON.stringify({ properties: props })),
      );
    });

    it('an import of 2001 features with two such values rejects those two and imports the rest; the dry run says the same', async () => {
      const features = Array.from({ length: 2001 }, (_, i) =>
        site([113.2 + (i % 50) * 0.004, 40.0 + Math.floor(i / 50) * 0.004], { name: `批量工地 ${i}`, permit_no: `PC-${i}` }),
      );
      features[700]!.properties.name = 'bad\u0000name';
      features[1500]!.properties.permit_no = 'PC-\ud83d';
      const file = { name: 'many.geojson', data: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) };
      const dry = await postImport(app, 'construction_sites', file, 'mode=append&dryRun=true').set('Authorization', admin.bearer).expect(200);
      const real = await postImport(app, 'construction_sites', file, 'mode=append').set('Authorization', admin.bearer);
      expect(real.status, real.text.slice(0, 300)).toBe(200);
      for (const r of [dry.body, real.body]) {
        expect(r).toMatchObject({ total: 2001, imported: 1999, rejectedCount: 2 });
        expect(r.rejected.map((x: { index: number; code: string }) => [x.index, x.code])).toEqual([
          [700, 'ATTRIBUTES'],
          [1500, 'ATTRIBUTES'],
        ]);
      }
      const [row] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM features WHERE layer_id = 'construction_sites' AND name LIKE '批量工地 %'`);
      expect(row!.n).toBe(1999);
      expect(unhandled()).toEqual([]);
    });
  });

  describe('7: coordinates with Z or M', () => {
    it('POST, PUT and PATCH with 3D, 4D or mixed-dimension coordinates → 400, nothing written', async () => {
      await refused(() =>
        request(app)
          .post(SITES)
          .set('Authorization', admin.bearer)
          .send(site([113.3, 40.09, 1050])),
      );
      await refused(() =>
        request(app)
          .post(SITES)
          .set('Authorization', admin.bearer)
          .send(site([113.3, 40.09, 1050, 7])),
      );
      const ring3 = [
        [113.2, 40.0, 1],
        [113.3, 40.0, 1],
        [113.3, 40.1, 1],
        [113.2, 40.0, 1],
      ];
      const ring2 = [
        [113.4, 40.0],
        [113.5, 40.0],
        [113.5, 40.1],
        [113.4, 40.0],
      ];
      await refused(() =>
        request(app)
          .put(`${ZONES}/${zoneId}`)
          .set('Authorization', admin.bearer)
          .set('If-Match', zoneEtag)
          .send(zone({ type: 'Polygon', coordinates: [ring3] })),
      );
      await refused(() =>
        request(app)
          .patch(`${ZONES}/${zoneId}`)
          .set('Authorization', admin.bearer)
          .set('If-Match', zoneEtag)
          .set('Content-Type', 'application/merge-patch+json')
          .send(JSON.stringify({ geometry: { type: 'MultiPolygon', coordinates: [[ring2], [ring3]] } })),
      );
    });
  });

  describe('8: deeply nested JSON bodies', () => {
    it.each([
      ['PATCH (merge patch)', () => request(app).patch(`${SITES}/${siteId}`).set('If-Match', siteEtag).set('Content-Type', 'application/merge-patch+json')],
      ['POST an item', () => request(app).post(SITES).set('Content-Type', 'application/geo+json')],
      [
        'sign-in',
        () =>
          request(app)
            .post('/api/auth/login')
            .set(...XRW)
            .set('Content-Type', 'application/json'),
      ],
    ])('%s nested 20 000 deep → 400 JSON_TOO_DEEP', async (_what, req) => {
      const body = `{"type":"Feature","properties":${nested(20_000)}}`;
      expect(await refused(() => req().set('Authorization', admin.bearer).send(body))).toBe('JSON_TOO_DEEP');
      // the server still answers
      await request(app).get(`${SITES}/${siteId}`).expect(200);
    });
  });

  describe('9: geometry the importer refuses is refused by edits too', () => {
    const world = {
      type: 'Polygon',
      coordinates: [
        [
          [-180, -90],
          [180, -90],
          [180, 90],
          [-180, 90],
          [-180, -90],
        ],
      ],
    };
    const antimeridian = {
      type: 'Polygon',
      coordinates: [
        [
          [179, 40],
          [-179, 40],
          [-179, 41],
          [179, 41],
          [179, 40],
        ],
      ],
    };
    it.each([
      ['a denormal latitude', site([113.3, 5e-324])],
      ['a denormal longitude', site([5e-324, 40.05])],
      ['0,0', site([0, 0])],
      ['a point far outside the district', site([116.4, 39.9])],
      ['a whole-world polygon', zone(world)],
      ['an antimeridian polygon', zone(antimeridian)],
    ])('POST with %s → 400, and the importer rejects the same feature', async (_what, feature) => {
      const url = (feature.geometry as { type: string }).type === 'Point' ? SITES : ZONES;
      await refused(() => request(app).post(url).set('Authorization', admin.bearer).send(feature));
      const layer = url === SITES ? 'construction_sites' : 'coal_ban_zones';
      const file = { name: 'one.geojson', data: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature] })) };
      const dry = await postImport(app, layer, file, 'mode=append&dryRun=true&crs=wgs84').set('Authorization', admin.bearer).expect(200);
      expect(dry.body).toMatchObject({ imported: 0, rejectedCount: 1 });
    });

    it('a stored point at 5e-324 does not break the tiles 0/0/0 and 8/208/127–128', async () => {
      await db().query(
        `INSERT INTO features (layer_id, name, properties, geom) VALUES ('construction_sites', 'denormal', '{"site_type":"building","status":"active"}', ST_SetSRID(ST_MakePoint(113.3, 5e-324), 4326))`,
      );
      await db().query(`UPDATE layers SET revision = revision + 1 WHERE id = 'construction_sites'`);
      for (const t of ['0/0/0', '8/208/127', '8/208/128', '14/13402/8191']) {
        const res = await request(app).get(`/tiles/construction_sites/${t}.mvt`).buffer(true);
        expect(res.status, t).toBeLessThan(300);
      }
      // and the other readers of the layer
      for (const path of [
        '/api/violations',
        '/api/stats',
        '/api/coverage',
        '/api/layers',
        '/api/check?lng=113.3&lat=40.1',
        '/ogc/collections/construction_sites/items?limit=10000',
        '/api/layers/construction_sites/export.csv',
        '/api/layers/construction_sites/export.kml',
        '/api/layers/construction_sites/export.shp.zip',
      ]) {
        const res = await request(app).get(path).buffer(true);
        expect(res.status, `${path}: ${String(res.text).slice(0, 200)}`).toBe(200);
      }
      expect(unhandled()).toEqual([]);
    });
  });

  describe('10: audit date filters', () => {
    it.each(['from=2023-13-45', 'from=0000-01-01', 'to=2023-02-30', 'from=0000-01-01T00:00:00Z', 'to=99999-01-01'])(
      '%s → 400 on the log and on both exports (not a cut stream)',
      async (q) => {
        for (const path of ['/api/admin/audit', '/api/admin/audit/export.csv', '/api/admin/audit/export.ndjson'])
          expect(await refused(() => request(app).get(`${path}?${q}`).set('Authorization', admin.bearer))).toBe('INVALID_PARAMETER');
      },
    );

    it('a query that fails on the first page is an error answer, not a CSV cut after its header', async () => {
      const d = db();
      const failing: typeof d = {
        ...d,
        transaction: d.transaction.bind(d),
        query: (sql, params) => (/JOIN feature_changes/.test(sql) ? Promise.reject(new Error('simulated database failure')) : d.query(sql, params)),
      };
      const broken = createApp({ db: failing, config: {}, logger: pino({ level: 'silent' }) });
      for (const path of ['/api/admin/audit/export.csv', '/api/admin/audit/export.ndjson']) {
        const res = await request(broken).get(path).set('Authorization', admin.bearer);
        expect(res.status, path).toBe(500);
        expect(res.body.error.code).toBe('INTERNAL');
      }
    });

    it('real dates still filter', async () => {
      await request(app).get('/api/admin/audit?from=2023-01-01&to=2099-12-31').set('Authorization', admin.bearer).expect(200);
      const csv = await request(app).get('/api/admin/audit/export.csv?from=1970-01-01').set('Authorization', admin.bearer).expect(200);
      expect(csv.text.split('\n').length).toBeGreaterThan(2);
    });
  });

  describe('18: bbox across the antimeridian (west > east)', () => {
    // 113.3°E eastwards to 170°W: of the district, only what lies east of 113.3°E
    const BBOX = '113.3,39.5,-170,40.5';
    const expected = async () =>
      (
        await db().query<{ id: number }>(
          `SELECT id FROM features WHERE layer_id = 'construction_sites' AND ST_X(geom) >= 113.3 AND ST_Y(geom) BETWEEN 39.5 AND 40.5 ORDER BY id`,
        )
      ).map((r) => Number(r.id));
    const ids = (fc: { features: { id: number }[] }) => fc.features.map((f) => Number(f.id)).sort((a, b) => a - b);

    it('/ogc items, layer features, the GeoJSON export and violations all split the box in two', async () => {
      const want = await expected();
      expect(want.length).toBeGreaterThan(0);
      const [{ n: all }] = (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM features WHERE layer_id = 'construction_sites'`)) as [
        { n: number },
      ];
      expect(want.length).toBeLessThan(all);
      const ogc = await request(app).get(`${SITES}?limit=10000&bbox=${BBOX}`).expect(200);
      expect(ids(ogc.body)).toEqual(want);
      const features = await request(app).get(`/api/layers/construction_sites/features?bbox=${BBOX}`).expect(200);
      expect(ids(JSON.parse(features.text))).toEqual(want);
      const exported = await request(app).get(`/api/layers/construction_sites/export.geojson?bbox=${BBOX}`).buffer(true).expect(200);
      expect(ids(JSON.parse(exported.text))).toEqual(want);
      const violations = await request(app).get(`/api/violations?bbox=${BBOX}`).expect(200);
      const everything = await request(app).get('/api/violations').expect(200);
      type V = { lng: number; lat: number };
      const inBox = (everything.body.violations as V[]).filter((v) => v.lng >= 113.3 && v.lat >= 39.5 && v.lat <= 40.5);
      expect(inBox.length).toBeGreaterThan(0);
      expect((violations.body.violations as V[]).length).toBe(inBox.length);
    });
  });
});
