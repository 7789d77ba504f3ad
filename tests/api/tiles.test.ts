import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { createTileRenderer } from '../../server/features/tiles/tiles.service.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { COAL_BAN, NRMM } from '../fixtures/check-zones.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

/** The XYZ tile containing a WGS84 position at zoom z. */
function tileOf(lng: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x, y };
}

const POINTS = Array.from({ length: 40 }, (_, i) => ({
  type: 'Feature',
  properties: { name: `站${i}`, station_type: i % 2 ? 'micro' : 'street' },
  geometry: { type: 'Point', coordinates: [113.25 + (i % 8) * 0.01, 40.06 + Math.floor(i / 8) * 0.01] },
}));

function decode(buf: Buffer | Uint8Array, layer: string) {
  if (buf.byteLength === 0) return [];
  const vt = new VectorTile(new PbfReader(buf) as never);
  const l = vt.layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    return { id: Number(f.id), type: f.type, props: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])) };
  }).sort((a, b) => a.id - b.id);
}

/** Shoelace area in tile units, summed over rings (sign distinguishes holes). */
const ringArea = (ring: number[][]) =>
  ring.reduce((s, p, i) => {
    const q = ring[(i + 1) % ring.length]!;
    return s + p[0]! * q[1]! - q[0]! * p[1]!;
  }, 0) / 2;

onEachDatabase(({ db, kind }) => {
  let app: ReturnType<typeof testApp>;
  const t = tileOf(113.29, 40.08, 12);
  beforeAll(async () => {
    app = testApp(db());
    for (const [layer, features] of [
      ['coal_ban_zones', [COAL_BAN]],
      ['nrmm_control_zones', [NRMM]],
      ['aq_stations', POINTS],
    ] as const) {
      const l = findLayer(layer)!;
      await writeFeatures(
        db(),
        layer,
        features.map((f) => {
          const v = validateFeature(l, f);
          if (!v.valid) throw new Error(v.reason);
          return v.feature;
        }),
      );
    }
  });

  const getBinary = (url: string, headers: Record<string, string> = {}) =>
    request(app)
      .get(url)
      .set(headers)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });

  it('serves points with their attributes and integer positions inside the tile', async () => {
    const res = await getBinary(`/tiles/aq_stations/${t.z}/${t.x}/${t.y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/vnd\.mapbox-vector-tile/);
    const features = decode(res.body as Buffer, 'aq_stations');
    const n = 2 ** t.z;
    const inTile = POINTS.filter(
      ({
        geometry: {
          coordinates: [lng, lat],
        },
      }) => {
        const tt = tileOf(lng!, lat!, t.z);
        return tt.x === t.x && tt.y === t.y;
      },
    );
    expect(n).toBeGreaterThan(0);
    expect(features.length).toBeGreaterThanOrEqual(inTile.length);
    for (const p of inTile) {
      const f = features.find((g) => g.props.name === p.properties.name);
      expect(f?.props.station_type).toBe(p.properties.station_type);
      const [[[x, y]]] = f!.geometry as [[[number, number]]];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(4096);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(4096);
    }
  });

  // Only a PostGIS server has ST_AsMVT to compare against; the embedded run covers the JS path above.
  if (kind === 'pg')
    it('PostGIS ST_AsMVT and the JS fallback give equivalent tiles', async () => {
      const renderer = createTileRenderer(db());
      for (const layer of ['coal_ban_zones', 'nrmm_control_zones', 'aq_stations']) {
        for (const z of [9, 11, 12, 14]) {
          const c = tileOf(113.285, 40.08, z);
          const a = decode(await renderer.render(layer, c.z, c.x, c.y, 'postgis'), layer);
          const b = decode(await renderer.render(layer, c.z, c.x, c.y, 'js'), layer);
          expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
          for (let i = 0; i < a.length; i++) {
            expect(b[i]!.props).toEqual(a[i]!.props);
            expect(b[i]!.type).toBe(a[i]!.type);
            const areaA = a[i]!.geometry.reduce((s, r) => s + ringArea(r), 0);
            const areaB = b[i]!.geometry.reduce((s, r) => s + ringArea(r), 0);
            if (a[i]!.type === 3) expect(Math.abs(areaA - areaB) / Math.abs(areaA)).toBeLessThan(0.01);
            else expect(b[i]!.geometry).toEqual(a[i]!.geometry);
          }
        }
      }
    });

  it('answers 304 for a current ETag and changes the ETag when the layer is edited', async () => {
    const url = `/tiles/coal_ban_zones/${t.z}/${t.x}/${t.y}.mvt`;
    const first = await request(app).get(url).expect(200);
    const etag = first.headers.etag as string;
    await request(app).get(url).set('If-None-Match', etag).expect(304);
    const extra = validateFeature(findLayer('coal_ban_zones')!, { ...COAL_BAN, properties: { name: '新增', ...TEST_DESIGNATION } });
    if (!extra.valid) throw new Error(extra.reason);
    await writeFeatures(db(), 'coal_ban_zones', [extra.feature]);
    const after = await getBinary(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const names = decode(after.body as Buffer, 'coal_ban_zones').map((f) => f.props.name);
    expect(names).toContain('新增');
  });

  it('describes each layer with TileJSON and rejects impossible tile addresses', async () => {
    const tj = await request(app).get('/tiles/construction_sites.json').expect(200);
    expect(tj.body.tiles[0]).toMatch(/\/tiles\/construction_sites\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(tj.body.vector_layers[0].fields.video_online).toBe('Boolean');
    for (const bad of [
      '/tiles/aq_stations/23/0/0.mvt',
      '/tiles/aq_stations/2/4/0.mvt',
      '/tiles/aq_stations/2/-1/0.mvt',
      '/tiles/aq_stations/a/0/0.mvt',
      '/tiles/aq_stations/1/0/99999999999.mvt',
    ]) {
      const res = await request(app).get(bad);
      expect([400, 404]).toContain(res.status);
      expect(res.body.error.code).toBeTruthy();
    }
    await request(app).get('/tiles/nope/1/0/0.mvt').expect(404);
  });
});
