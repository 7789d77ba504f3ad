/**
 * The site check's in-process zone index (server/features/check/zone-index.ts, issue 18):
 *  - a property test: random star-shaped polygons with holes and two-part multipolygons, at random
 *    doubles around Pingcheng; their vertices, edge midpoints (a rounding off the edge: the
 *    millimetre tolerance decides), points 0.5 mm and 2 cm to either side of an edge, and random
 *    points — every answer equals PostGIS's (coveringZones in check.repo.ts: ST_Covers plus the
 *    1 mm tolerance, insideZoneSql), on both databases;
 *  - never stale: an edit, a geometry change, undo, restore and imports are each visible to the
 *    very next /api/check, after the index was warm.
 */
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { coveringZonesInProcess } from '../../server/features/check/zone-index.ts';
import { A_PER_DEG, E2 } from '../../server/lib/inside-zone.sql.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { squarePolygon } from '../fixtures/square.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

type Ring = [number, number][];
type Poly = Ring[];

/** Metres per degree at a latitude (the same WGS84 formula as the rule), to place points at metre offsets. */
const perDegree = (lat: number) => {
  const phi = (lat * Math.PI) / 180;
  const w = 1 - E2 * Math.sin(phi) ** 2;
  return [(A_PER_DEG * Math.cos(phi)) / Math.sqrt(w), (A_PER_DEG * (1 - E2)) / w ** 1.5] as const;
};

/** A star-shaped ring around (cx, cy): n vertices at jittered angles and radii in [0.6 r, r], counter-clockwise. */
const starRing = (cx: number, cy: number, r: number, radii: number[], jitter: number[]): Ring => {
  const n = radii.length;
  const ring: Ring = radii.map((k, i) => {
    const a = ((i + jitter[i]!) * 2 * Math.PI) / n;
    return [cx + r * k * Math.cos(a), cy + r * k * Math.sin(a)];
  });
  return [...ring, ring[0]!];
};

const starArb = fc.integer({ min: 5, max: 24 }).chain((n) =>
  fc.record({
    radii: fc.array(fc.double({ min: 0.6, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    jitter: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);

/**
 * A polygon: the shell holds the disk of radius 0.32 r about its centre (angle gaps ≤ 2.01 rad), and
 * up to two holes of radius ≤ 0.1 r sit 0.15 r either side of it, so every ring is simple and apart.
 */
const polygonArb = (cx: number, cy: number, r: number) =>
  fc
    .record({ shell: starArb, holes: fc.array(starArb, { maxLength: 2 }) })
    .map(
      ({ shell, holes }): Poly => [
        starRing(cx, cy, r, shell.radii, shell.jitter),
        ...holes.map((h, j) => starRing(cx + (j === 0 ? 0.15 : -0.15) * r, cy, 0.1 * r, h.radii, h.jitter).reverse()),
      ],
    );

/** One zone: a polygon, or a multipolygon of two polygons 3 r apart. */
const zoneArb = fc
  .record({
    cx: fc.double({ min: 113.2, max: 113.5, noNaN: true }),
    cy: fc.double({ min: 39.95, max: 40.2, noNaN: true }),
    r: fc.double({ min: 0.0005, max: 0.03, noNaN: true }),
    multi: fc.boolean(),
  })
  .chain(({ cx, cy, r, multi }) =>
    multi ? fc.tuple(polygonArb(cx, cy, r), polygonArb(cx + 3 * r, cy, r)).map((parts): Poly[] => parts) : polygonArb(cx, cy, r).map((p): Poly[] => [p]),
  );

/** The points to ask about: vertices, edge midpoints, 0.5 mm and 2 cm off each edge both ways, and random points near the zones. */
function probePoints(zones: Poly[][], random: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const parts of zones)
    for (const rings of parts)
      for (const ring of rings)
        for (let i = 0; i + 1 < ring.length; i++) {
          const [ax, ay] = ring[i]!;
          const [bx, by] = ring[i + 1]!;
          const mx = (ax + bx) / 2;
          const my = (ay + by) / 2;
          out.push([ax, ay], [mx, my]);
          const [kx, ky] = perDegree(my);
          const len = Math.hypot((bx - ax) * kx, (by - ay) * ky);
          const [nx, ny] = [(-(by - ay) * ky) / len, ((bx - ax) * kx) / len]; // unit normal in metres
          for (const d of [0.0005, -0.0005, 0.02, -0.02]) out.push([mx + (nx * d) / kx, my + (ny * d) / ky]);
        }
  const xs = out.map((p) => p[0]);
  const ys = out.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const [u, v] of random) out.push([x0 + u * (x1 - x0), y0 + v * (y1 - y0)]);
  return out;
}

const feature = (name: string, parts: Poly[]) => ({
  type: 'Feature' as const,
  properties: { name, ...TEST_DESIGNATION },
  geometry: parts.length === 1 ? { type: 'Polygon' as const, coordinates: parts[0]! } : { type: 'MultiPolygon' as const, coordinates: parts },
});

const LAYER = 'coal_ban_zones';

onEachDatabase(({ kind, db }) => {
  it(`answers as PostGIS (ST_Covers + 1 mm) for vertices, edge midpoints, 0.5 mm / 2 cm offsets and random points (${kind})`, async () => {
    let asked = 0;
    let inside = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(zoneArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 50, maxLength: 50 }),
        async (zones, random) => {
          await db().query('DELETE FROM features WHERE layer_id = $1', [LAYER]);
          await db().query('UPDATE layers SET revision = revision + 1 WHERE id = $1', [LAYER]);
          for (const [k, parts] of zones.entries()) await insertFixture(db(), LAYER, feature(`随机区${k}`, parts));
          const points = probePoints(zones, random);
          const lngs = points.map((p) => p[0]);
          const lats = points.map((p) => p[1]);
          const ours = await coveringZonesInProcess(db(), db(), lngs, lats, [LAYER]);
          const postgis = await coveringZones(db(), lngs, lats, [LAYER]);
          const row = (z: { i: number; layer_id: string; id: number; name: string }) => `${z.i} ${z.layer_id} ${Number(z.id)} ${z.name}`;
          expect(ours.map(row)).toEqual(postgis.map(row));
          asked += points.length;
          inside += postgis.length;
        },
      ),
      { numRuns: kind === 'pg' ? 40 : 15 },
    );
    // the cases are not all on one side
    expect(inside).toBeGreaterThan(asked / 5);
    expect(inside).toBeLessThan((asked * 4) / 5);
    await db().query('DELETE FROM features WHERE layer_id = $1', [LAYER]);
    await db().query('UPDATE layers SET revision = revision + 1 WHERE id = $1', [LAYER]);
  }, 600_000);

  describe('never stale', () => {
    let app: ReturnType<typeof testApp>;
    let editor: TestUser;
    const P = { lng: 113.401, lat: 40.151 };
    const ITEMS = `/ogc/collections/${LAYER}/items`;
    const square = squarePolygon;
    const AROUND_P = square(113.4, 40.15, 0.002);
    const ELSEWHERE = square(113.45, 40.15, 0.002);
    const zonesAtP = async () =>
      ((await request(app).get(`/api/check?lng=${P.lng}&lat=${P.lat}`).expect(200)).body.zones as { layer: string; name: string }[])
        .filter((z) => z.layer === LAYER)
        .map((z) => z.name);
    const lastEvent = async (id: number) =>
      (await request(app).get(`/api/features/${LAYER}/${id}/history`).set('Authorization', editor.bearer).expect(200)).body.entries[0].eventId as number;
    const upload = (mode: string, name: string, geometry: unknown) =>
      request(app)
        .post(`/api/layers/${LAYER}/import?mode=${mode}`)
        .set('Authorization', editor.bearer)
        .attach(
          'file',
          Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name, ...TEST_DESIGNATION }, geometry }] })),
          'z.geojson',
        )
        .expect(200);

    beforeAll(async () => {
      app = testApp(db());
      editor = await makeUser(db(), `idx-editor-${kind}`, 'editor', [LAYER]);
    });

    it(`edit, geometry change, undo, restore and imports are each in the very next check (${kind})`, async () => {
      expect(await zonesAtP()).toEqual([]); // warm: the index now holds the layer
      const created = await request(app)
        .post(ITEMS)
        .set('Authorization', editor.bearer)
        .send({ type: 'Feature', properties: { name: '索引测试区', ...TEST_DESIGNATION }, geometry: AROUND_P })
        .expect(201);
      const id = Number(created.body.id);
      expect(await zonesAtP()).toEqual(['索引测试区']);

      await request(app)
        .put(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', created.headers.etag!)
        .send({ type: 'Feature', properties: { name: '索引测试区', ...TEST_DESIGNATION }, geometry: ELSEWHERE })
        .expect(200);
      expect(await zonesAtP()).toEqual([]);

      await request(app)
        .post(`/api/history/events/${await lastEvent(id)}/undo`)
        .set('Authorization', editor.bearer)
        .expect(200);
      expect(await zonesAtP()).toEqual(['索引测试区']);

      const current = await request(app).get(`${ITEMS}/${id}`).expect(200);
      await request(app)
        .post(`/api/features/${LAYER}/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', current.headers.etag!)
        .send({ version: 2 })
        .expect(200);
      expect(await zonesAtP()).toEqual([]);

      await upload('append', '导入区', AROUND_P);
      expect(await zonesAtP()).toEqual(['导入区']);
      await upload('replace', '替换区', ELSEWHERE);
      expect(await zonesAtP()).toEqual([]);
    });
  });
});
