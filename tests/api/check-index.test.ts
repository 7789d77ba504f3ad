/**
 * The site check's in-process zone index (server/features/check/zone-index.ts, issue 18):
 *  - a property test: random star-shaped polygons with holes and two-part multipolygons, at random
 *    doubles around Pingcheng; their vertices, edge midpoints (a rounding off the edge: the
 *    millimetre tolerance decides), points 0.5 mm and 2 cm to either side of an edge, and random
 *    points — every answer equals PostGIS's (coveringZones in check.repo.ts: ST_Covers plus the
 *    1 mm tolerance, insideZoneSql), on both databases;
 *  - never stale: an edit, a geometry change, undo, restore, imports and writes sent as plain SQL
 *    are each visible to the very next /api/check, after the index was warm. On a server every
 *    check reads the layers' revisions again (another process may have written); the embedded
 *    database keeps the last read while nothing else has run on its connection (Db.readKeepable),
 *    and the test shows that it does keep it, so the answers above come from that path.
 */
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { coveringZonesInProcess } from '../../server/features/check/zone-index.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { perDegree, type Poly, zoneArb, replaceZones } from '../fixtures/random-zones.ts';
import { squarePolygon } from '../fixtures/square.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

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

const LAYER = 'coal_ban_zones';

onEachDatabase(({ kind, db }) => {
  it(`answers as PostGIS (ST_Covers + 1 mm) for vertices, edge midpoints, 0.5 mm / 2 cm offsets and random points (${kind})`, async () => {
    let asked = 0;
    let inside = 0;
    // the layer is emptied again however this ends, so a failure here does not spill into the next test
    onTestFinished(() => replaceZones(db(), LAYER));
    await fc.assert(
      fc.asyncProperty(
        fc.array(zoneArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 50, maxLength: 50 }),
        async (zones, random) => {
          await replaceZones(db(), LAYER, zones);
          const points = probePoints(zones, random);
          const lngs = points.map((p) => p[0]);
          const lats = points.map((p) => p[1]);
          const ours = await coveringZonesInProcess(db(), db(), lngs, lats, [LAYER]);
          const postgis = await coveringZones(db(), lngs, lats, [LAYER]);
          const row = (z: { i: number; layer_id: string; id: number; name: string }) => `${z.i} ${z.layer_id} ${Number(z.id)} ${z.name}`;
          expect(ours.map(row)).toEqual(postgis.map(row));
          asked += points.length;
          // points inside some zone (a point in two overlapping zones is one case, not two)
          inside += new Set(postgis.map((z) => z.i)).size;
        },
      ),
      { numRuns: kind === 'pg' ? 40 : 15 },
    );
    // the cases are not all on one side
    expect(inside).toBeGreaterThan(asked / 5);
    expect(inside).toBeLessThan((asked * 4) / 5);
  }, 600_000);

  describe('never stale', () => {
    let app: ReturnType<typeof testApp>;
    let editor: TestUser;
    const P = { lng: 113.401, lat: 40.151 };
    const ITEMS = `/ogc/collections/${LAYER}/items`;
    const square = squarePolygon;
    const AROUND_P = square(113.4, 40.15, 0.002);
    const ELSEWHERE = square(113.45, 40.15, 0.002);
    /** The check at P: the names of the test layer's zones holding it and its signed distance to the layer's nearest boundary. */
    const atP = async () => {
      const body = (await request(app).get(`/api/check?lng=${P.lng}&lat=${P.lat}`).expect(200)).body as {
        zones: { layer: string; name: string }[];
        distances: Record<string, number>;
      };
      return { zones: body.zones.filter((z) => z.layer === LAYER).map((z) => z.name), d: body.distances[LAYER] };
    };
    // P is AROUND_P's centre: 0.001° of longitude in from its west and east edges (its nearest),
    // and ELSEWHERE's west edge lies 0.049° of longitude east of it (metres within 0.5 m)
    const [kx] = perDegree(P.lat);
    const INSIDE = expect.closeTo(-0.001 * kx, 0);
    const FAR = expect.closeTo(0.049 * kx, 0);
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

    /** Reads of the layers' revisions the app made (kept reads on the embedded database, prepared queries on a server). */
    let revisionReads = 0;
    /** The same, by the Db method the app read them with. */
    const readsBy = { query: 0, readKeepable: 0, queryPrepared: 0 };
    const REVISIONS = /^SELECT id, revision FROM layers$/;
    const counts = (by: keyof typeof readsBy, sql: string) => {
      if (!REVISIONS.test(sql)) return;
      revisionReads++;
      readsBy[by]++;
    };
    /** The test's database as the app sees it, counting the app's reads of the revisions. */
    const counted = (d: Db): Db => ({
      ...d,
      query: (sql, params) => {
        counts('query', sql);
        return d.query(sql, params);
      },
      ...(d.readKeepable
        ? {
            readKeepable: (sql, params) => {
              counts('readKeepable', sql);
              return d.readKeepable!(sql, params);
            },
          }
        : {}),
      ...(d.queryPrepared
        ? {
            queryPrepared: (name, sql, params) => {
              counts('queryPrepared', sql);
              return d.queryPrepared!(name, sql, params);
            },
          }
        : {}),
    });
    /**
     * Checks at P with nothing in between until the index holds its layers (the first check after
     * a write rebuilds the layer, and that read ends the embedded database's hold): then one more
     * reads the revisions again on a server and not at all on the embedded database.
     */
    const revisionsKeptWhileNothingRuns = async () => {
      await atP();
      await atP();
      const before = revisionReads;
      await atP();
      expect(revisionReads - before).toBe(kind === 'pglite' ? 0 : 1);
    };

    beforeAll(async () => {
      expect(db().readKeepable === undefined).toBe(kind === 'pg'); // the server path reads for every check
      // anonymous checks: a signed-in request looks its user up, a statement that ends the hold
      app = testApp(counted(db()), {}, { actAs: 'anonymous' });
      editor = await makeUser(db(), `idx-editor-${kind}`, 'editor', [LAYER]);
    });

    it(`edit, geometry change, undo, restore and imports are each in the very next check (${kind})`, async () => {
      expect(await atP()).toEqual({ zones: [], d: undefined }); // warm: the index now holds the (empty) layer
      await revisionsKeptWhileNothingRuns();
      const created = await request(app)
        .post(ITEMS)
        .set('Authorization', editor.bearer)
        .send({ type: 'Feature', properties: { name: '索引测试区', ...TEST_DESIGNATION }, geometry: AROUND_P })
        .expect(201);
      const id = Number(created.body.id);
      expect(await atP()).toEqual({ zones: ['索引测试区'], d: INSIDE });
      await revisionsKeptWhileNothingRuns();

      await request(app)
        .put(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', created.headers.etag!)
        .send({ type: 'Feature', properties: { name: '索引测试区', ...TEST_DESIGNATION }, geometry: ELSEWHERE })
        .expect(200);
      expect(await atP()).toEqual({ zones: [], d: FAR });
      await revisionsKeptWhileNothingRuns();

      await request(app)
        .post(`/api/history/events/${await lastEvent(id)}/undo`)
        .set('Authorization', editor.bearer)
        .expect(200);
      expect(await atP()).toEqual({ zones: ['索引测试区'], d: INSIDE });
      await revisionsKeptWhileNothingRuns();

      const current = await request(app).get(`${ITEMS}/${id}`).expect(200);
      await request(app)
        .post(`/api/features/${LAYER}/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', current.headers.etag!)
        .send({ version: 2 })
        .expect(200);
      expect(await atP()).toEqual({ zones: [], d: FAR });
      await revisionsKeptWhileNothingRuns();

      await upload('append', '导入区', AROUND_P);
      expect(await atP()).toEqual({ zones: ['导入区'], d: INSIDE });
      await revisionsKeptWhileNothingRuns();
      await upload('replace', '替换区', ELSEWHERE);
      expect(await atP()).toEqual({ zones: [], d: FAR });
      await revisionsKeptWhileNothingRuns();

      // writes sent as plain SQL, outside the app, one statement at a time: the zone moved back around
      // P, then its layer's revision bumped (every write path bumps it; the index files layers by it)
      const [replaced] = await db().query<{ id: number }>(`SELECT id FROM features WHERE layer_id = $1`, [LAYER]);
      await db().query(`UPDATE features SET geom = ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) WHERE id = $2`, [JSON.stringify(AROUND_P), replaced!.id]);
      await db().query(`UPDATE layers SET revision = revision + 1 WHERE id = $1`, [LAYER]);
      expect(await atP()).toEqual({ zones: ['替换区'], d: INSIDE });
      await revisionsKeptWhileNothingRuns();
      // and a bump alone, with nothing else changed: the very next check reads the revisions again
      await db().query(`UPDATE layers SET revision = revision + 1 WHERE id = $1`, [LAYER]);
      const before = revisionReads;
      expect(await atP()).toEqual({ zones: ['替换区'], d: INSIDE });
      expect(revisionReads).toBeGreaterThan(before);
      // each database's own path: kept reads embedded, a prepared statement on a server
      expect(readsBy).toEqual(
        kind === 'pglite' ? { query: 0, readKeepable: revisionReads, queryPrepared: 0 } : { query: 0, readKeepable: 0, queryPrepared: revisionReads },
      );
    });
  });
});
