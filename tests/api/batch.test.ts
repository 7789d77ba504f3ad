/**
 * Batch screening (POST /api/check/batch) on the demo data: every row's verdict equals the
 * single-site check (GET /api/check) for the same input, distances agree with a brute-force PostGIS
 * geography computation, malformed rows are rejected with their row numbers, and the XLSX and
 * GeoJSON downloads read back.
 */
import { booleanPointInPolygon, point } from '@turf/turf';
import ExcelJS from 'exceljs';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BATCH_MAX_ROWS, batchResponseSchema, type BatchResponse } from '../../server/features/batch/batch.contract.ts';
import { REJECTED_SHEET, RESULT_SHEET } from '../../server/features/batch/batch.download.ts';
import { DISTANCE_LAYER_IDS } from '../../server/features/check/distance.service.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { fromWgs84 } from '../../server/lib/crs.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { gcjCsv, gkPoints, truthRows, type TruthRow } from '../fixtures/batch/sites.ts';
import { uploadFile } from '../fixtures/io/helpers.ts';

const checkResponse = z
  .object({
    point: z.object({ lng: z.number(), lat: z.number() }),
    zones: z.array(z.object({ layer: z.string(), id: z.string(), name: z.string() })),
    rules: z.array(z.object({ id: z.string() }).catchall(z.unknown())),
    distances: z.record(z.string(), z.number()),
    warnings: z.array(z.object({ code: z.string() }).catchall(z.unknown())),
  })
  .passthrough();

const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }) });

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let rows: TruthRow[];
  let zones: { layer: string; id: string; geom: Feature<Polygon | MultiPolygon> }[];

  beforeAll(async () => {
    app = testApp(db());
    await seedDemo(db(), PATHS.demoSeeds);
    const zr = await db().query<{ layer_id: string; id: string; g: string }>(
      'SELECT layer_id, id::text AS id, ST_AsGeoJSON(geom) AS g FROM features WHERE layer_id = ANY($1::text[])',
      [DISTANCE_LAYER_IDS],
    );
    zones = zr.map((z) => ({ layer: z.layer_id, id: z.id, geom: { type: 'Feature', properties: {}, geometry: JSON.parse(z.g) } }));
    // zone vertices: exactly on a boundary
    const vertices = zones.flatMap((z) => {
      const g = z.geom.geometry;
      const ring = g.type === 'Polygon' ? g.coordinates[0]! : g.coordinates[0]![0]!;
      return ring.slice(0, 2).map((p) => [p[0]!, p[1]!] as [number, number]);
    });
    rows = truthRows(1000, vertices);
  }, 120_000);

  /**
   * Brute force over every polygon: PostGIS geography distance to the boundary the check decides
   * against (edges straight in lng/lat, densified to 0.001° before geography reads them as
   * geodesics), sign by turf (boundary = inside). Returns the polygon that gave each value too.
   * Each boundary is densified once (not once per point), and the points run inside the boundaries:
   * PostGIS keeps its distance tree of a geography that repeats from one call to the next, so a
   * boundary is indexed once for all the points, not rebuilt per pair (the same distances, ~5× less work).
   */
  async function expectedDistances(wgs: readonly [number, number][]): Promise<Record<string, { m: number; id: string }>[]> {
    const got = await db().query<{ i: number; layer_id: string; id: string; m: number }>(
      `WITH b AS MATERIALIZED (
              SELECT layer_id, id, ST_Segmentize(ST_Boundary(geom), 0.001)::geography AS g FROM features WHERE layer_id = ANY($3::text[])),
            p AS MATERIALIZED (
              SELECT i, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography AS g FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, i))
       SELECT p.i::int AS i, b.layer_id, b.id::text AS id, ST_Distance(b.g, p.g) AS m
         FROM b CROSS JOIN p`,
      [wgs.map((p) => p[0]), wgs.map((p) => p[1]), DISTANCE_LAYER_IDS],
    );
    const out: Record<string, { m: number; id: string }>[] = wgs.map(() => ({}));
    for (const g of got) {
      const z = zones.find((x) => x.layer === g.layer_id && x.id === g.id)!;
      const covers = booleanPointInPolygon(point([...wgs[g.i - 1]!]), z.geom, { ignoreBoundary: false });
      const cur = out[g.i - 1]![g.layer_id];
      const signed = covers ? -g.m : g.m;
      // inside any polygon of the layer: the deepest; else the nearest
      if (!cur || (signed <= 0 && (cur.m > 0 || signed < cur.m)) || (signed > 0 && cur.m > 0 && signed < cur.m))
        out[g.i - 1]![g.layer_id] = { m: signed, id: g.id };
    }
    return out;
  }

  /**
   * PostGIS measures a point–edge distance on the spheroid to the foot it finds on the sphere: at
   * kilometres and an oblique edge that overshoots by metres (8 576.5 m for a true 8 574.0 m). Where
   * ours differs from it, the referee is PostGIS' spheroidal point–point distance to the same boundary
   * densified to 0.00002° (≈ 2 m) around the nearest point.
   */
  async function denseDistance(lng: number, lat: number, id: string): Promise<number> {
    const [r] = await db().query<{ m: number }>(
      `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
            b AS (SELECT ST_Boundary(geom) AS b FROM features WHERE id = $3::bigint)
       SELECT min(ST_Distance((d).geom::geography, p.g::geography)) AS m
         FROM p, b, LATERAL ST_DumpPoints(ST_Segmentize(ST_Intersection(b.b, ST_Expand(ST_ClosestPoint(b.b, p.g), 0.01)), 0.00002)) AS d`,
      [lng, lat, id],
    );
    return r!.m;
  }

  async function compareWithSingleChecks(
    body: BatchResponse,
    sent: Map<number, [number, number]>,
    query: (p: [number, number]) => Record<string, string | number>,
  ) {
    const mismatches: string[] = [];
    const server = app.listen(0);
    try {
      for (let k = 0; k < body.results.length; k += 8)
        await Promise.all(
          body.results.slice(k, k + 8).map(async (r) => {
            const res = await request(server)
              .get('/api/check')
              .query(query(sent.get(r.row)!));
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            const single = checkResponse.parse(res.body);
            const same =
              JSON.stringify(single.zones) === JSON.stringify(r.zones) &&
              JSON.stringify(single.rules) === JSON.stringify(r.rules) &&
              JSON.stringify(single.distances) === JSON.stringify(r.distances) &&
              JSON.stringify(single.point) === JSON.stringify(r.point) &&
              single.warnings.every((w) => r.warnings.some((x) => x.code === w.code));
            if (!same)
              mismatches.push(`row ${r.row}: batch ${JSON.stringify([r.zones, r.distances])} single ${JSON.stringify([single.zones, single.distances])}`);
          }),
        );
    } finally {
      server.close();
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  }

  function expectRowsAccountedFor(body: BatchResponse, codes: Record<string, string>) {
    const all = [...body.results.map((r) => r.row), ...body.rejected.map((r) => r.row)].sort((a, b) => a - b);
    expect(all).toEqual(rows.map((r) => r.row));
    expect(body.results.map((r) => r.row)).toEqual(rows.filter((r) => !r.bad).map((r) => r.row)); // input order
    for (const rj of body.rejected) {
      const truth = rows[rj.row - 1]!;
      expect(truth.bad, `row ${rj.row}`).toBeDefined();
      expect(rj.code, `row ${rj.row}: ${rj.reason}`).toBe(codes[truth.bad!.code]);
    }
  }

  describe('a 1 000-row GBK CSV in GCJ-02', () => {
    let body: BatchResponse;
    let sent: Map<number, [number, number]>;
    beforeAll(async () => {
      const f = gcjCsv(rows);
      sent = f.sent;
      const res = await uploadFile(request(app).post('/api/check/batch?crs=gcj02'), 'sites.csv', f.csv);
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      body = batchResponseSchema.parse(res.body);
    }, 120_000);

    it('accounts for every row, in input order, malformed ones rejected with their row number', () => {
      expectRowsAccountedFor(body, { MALFORMED_GEOMETRY: 'MALFORMED_GEOMETRY', INVALID_COORDINATES: 'INVALID_COORDINATES' });
      expect(body.input).toMatchObject({ format: 'csv', crs: 'gcj02', swapXY: false, rows: 1000 });
      expect(body.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['ENCODING_GUESSED', 'ROWS_SKIPPED']));
      expect(body.results[0]).toMatchObject({ id: 'S1', name: '项目1' });
    });

    it('gives every row the verdict of the single-site check', async () => {
      await compareWithSingleChecks(body, sent, ([lng, lat]) => ({ lng, lat, crs: 'gcj02' }));
    }, 300_000);

    it('measures signed distances that agree with PostGIS geography within 0.5 m', async () => {
      const wgs = body.results.map((r) => [r.point.lng, r.point.lat] as [number, number]);
      const want = await expectedDistances(wgs);
      const off: string[] = [];
      let refereed = 0;
      for (const [i, r] of body.results.entries()) {
        expect(Object.keys(r.distances).sort()).toEqual(Object.keys(want[i]!).sort());
        for (const [layer, w] of Object.entries(want[i]!)) {
          const ours = r.distances[layer]!;
          if (Math.abs(ours - w.m) <= 0.5) continue;
          // PostGIS' edge distance is never short of the truth: ours may only be below it
          const dense = Math.sign(w.m) * (await denseDistance(r.point.lng, r.point.lat, w.id));
          refereed++;
          if (Math.abs(ours) > Math.abs(w.m) || Math.abs(ours - dense) > 0.5) off.push(`row ${r.row} ${layer}: ${ours} vs ${w.m} (dense ${dense})`);
        }
      }
      expect(off.slice(0, 5)).toEqual([]);
      expect(refereed).toBeLessThan(body.results.length); // most agree with the edge distance directly
      // inside ⇔ negative (or 0 on the boundary), and the zones agree
      for (const r of body.results)
        for (const [layer, m] of Object.entries(r.distances)) expect(m <= 0, `row ${r.row} ${layer}`).toBe(r.zones.some((z) => z.layer === layer) || m === 0);
      expect(body.results.some((r) => Object.values(r.distances).some((m) => m < -1))).toBe(true);
      expect(body.results.some((r) => Object.values(r.distances).some((m) => Math.abs(m) < 0.01))).toBe(true); // the vertices
    });

    it('flags rows near a boundary and duplicates, and names the street office', () => {
      for (const r of body.results)
        expect(r.near.sort()).toEqual(
          Object.keys(r.distances)
            .filter((l) => Math.abs(r.distances[l]!) <= 50)
            .sort(),
        );
      const dup = body.results.find((r) => r.row === 500)!;
      expect(dup.warnings.find((w) => w.code === 'DUPLICATE_COORDINATES')).toMatchObject({ rows: [10] });
      expect(body.results.find((r) => r.row === 10)!.warnings.find((w) => w.code === 'DUPLICATE_COORDINATES')).toMatchObject({ rows: [500] });
      const inStreet = body.results.filter((r) => r.street);
      expect(inStreet.length).toBeGreaterThan(100);
      for (const r of inStreet) expect(r.zones).toContainEqual({ layer: 'streets', ...r.street! });
    });
  });

  describe('the same 1 000 rows as JSON in EPSG:4547', () => {
    let body: BatchResponse;
    let sent: Map<number, [number, number]>;
    beforeAll(async () => {
      const g = gkPoints(rows);
      sent = g.sent;
      const res = await request(app).post('/api/check/batch?crs=epsg4547&near=100').send({ points: g.points });
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      body = batchResponseSchema.parse(res.body);
    }, 120_000);

    it('accounts for every row and rejects the malformed ones', () => {
      expectRowsAccountedFor(body, { MALFORMED_GEOMETRY: 'MISSING_COORDINATES', INVALID_COORDINATES: 'INVALID_COORDINATES' });
      expect(body.nearM).toBe(100);
    });

    it('gives every row the verdict of the single-site check', async () => {
      await compareWithSingleChecks(body, sent, ([x, y]) => ({ x, y, crs: 'epsg4547' }));
    }, 300_000);
  });

  it('reads each JSON point in its own crs when it names one (a 坐标系 column), the request crs otherwise', async () => {
    const truth = rows.filter((r) => !r.bad).slice(0, 30);
    const crsOf = ['gcj02', 'bd09', 'epsg4547', 'wgs84', undefined] as const;
    const points = truth.map((r, i) => {
      const crs = crsOf[i % crsOf.length];
      const [a, b] = fromWgs84(crs ?? 'gcj02', ...r.wgs!);
      const at = crs === 'epsg4547' ? { x: a, y: b } : { lng: a, lat: b };
      return { name: `点${i + 1}`, ...at, ...(crs ? { crs } : {}) };
    });
    points.push({ name: '坏', lng: 113.3, lat: 40.1, crs: 'epsg3857' } as never);
    const res = await request(app).post('/api/check/batch?crs=gcj02').send({ points });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const body = batchResponseSchema.parse(res.body);
    expect(body.rejected).toEqual([expect.objectContaining({ row: truth.length + 1, code: 'INVALID_POINT' })]);
    expect(body.results.map((r) => r.row)).toEqual(truth.map((_, i) => i + 1));
    // each row against the single-site check in that row's crs
    const sent = new Map(points.slice(0, truth.length).map((p, i) => [i + 1, p] as const));
    const server = app.listen(0);
    try {
      for (const r of body.results) {
        const p = sent.get(r.row) as { lng?: number; lat?: number; x?: number; y?: number; crs?: string };
        const crs = p.crs ?? 'gcj02';
        const q = crs === 'epsg4547' ? { x: p.x!, y: p.y!, crs } : { lng: p.lng!, lat: p.lat!, crs };
        const single = checkResponse.parse((await request(server).get('/api/check').query(q).expect(200)).body);
        expect({ row: r.row, zones: r.zones, point: r.point }).toEqual({ row: r.row, zones: single.zones, point: single.point });
        // the WGS84 truth within a metre whatever the row's source
        const [lng, lat] = truth[r.row - 1]!.wgs!;
        expect(Math.abs(r.point.lng - lng) * 85_000 + Math.abs(r.point.lat - lat) * 111_000).toBeLessThan(1);
      }
    } finally {
      server.close();
    }
  }, 120_000);

  it('downloads the screening as XLSX with Chinese headers, the input columns, and a sheet of rejected rows', async () => {
    const small = rows.slice(0, 200);
    const f = gcjCsv(small);
    const res = await uploadFile(request(app).post('/api/check/batch?crs=gcj02&format=xlsx'), 'sites.csv', f.csv)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?batch-check-\d{4}-\d{2}-\d{2}\.xlsx"?/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet(RESULT_SHEET)!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['行号', '编号', '项目名称', '地址', '街道办事处（示意边界）', '所在区域', '距禁煤区边界（米）']));
    expect(ws.rowCount - 1).toBe(small.filter((r) => !r.bad).length);
    const json = batchResponseSchema.parse((await uploadFile(request(app).post('/api/check/batch?crs=gcj02'), 'sites.csv', f.csv)).body);
    const col = (name: string) => header.indexOf(name) + 1;
    json.results.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(col('行号')).value).toBe(r.row);
      expect(row.getCell(col('编号')).value).toBe(`S${r.row}`);
      expect(row.getCell(col('地址')).value).toBe('大同市, 平城区');
      expect(row.getCell(col('距禁煤区边界（米）')).value).toBe(r.distances.coal_ban_zones ?? null);
    });
    const rj = wb.getWorksheet(REJECTED_SHEET)!;
    expect((rj.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['行号', '代码', '原因']);
    expect(rj.rowCount - 1).toBe(small.filter((r) => r.bad).length);
    expect(rj.getRow(2).getCell(1).value).toBe(97);
  });

  it('reads an XLSX upload through the same column guessing and answers the same verdicts', async () => {
    const small = rows.slice(0, 120);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '名称', '东坐标', '北坐标']);
    const { sent } = gkPoints(small);
    for (const r of small) {
      if (r.bad) ws.addRow([r.row, `坏行${r.row}`, 'x', '']);
      else ws.addRow([r.row, `点${r.row}`, ...sent.get(r.row)!]);
    }
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await uploadFile(request(app).post('/api/check/batch?crs=epsg4547'), 'sites.xlsx', xlsx);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const body = batchResponseSchema.parse(res.body);
    expect(body.input.format).toBe('xlsx');
    expect(body.results.length).toBe(small.filter((r) => !r.bad).length);
    expect(body.rejected.map((r) => r.row)).toEqual(small.filter((r) => r.bad).map((r) => r.row));
    const viaJson = batchResponseSchema.parse(
      (
        await request(app)
          .post('/api/check/batch?crs=epsg4547')
          .send({ points: gkPoints(small).points })
      ).body,
    );
    expect(body.results.map((r) => [r.row, r.zones, r.distances])).toEqual(viaJson.results.map((r) => [r.row, r.zones, r.distances]));
  });

  it('downloads GeoJSON points with the verdict as flat properties', async () => {
    const res = await request(app)
      .post('/api/check/batch?format=geojson')
      .send({
        points: [
          { id: 'a', lng: 113.3, lat: 40.09 },
          { lng: 113.25, lat: 40.05 },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = JSON.parse(res.text) as { features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(fc.features.map((f) => f.properties.row)).toEqual([1, 2]);
    expect(fc.features[0]!.geometry.coordinates).toEqual([113.3, 40.09]);
    expect(typeof fc.features[0]!.properties.dist_coal_ban_zones).toBe('number');
  });

  it('warns on every row when a WGS84 list sits where GCJ-02 coordinates of known sites would', async () => {
    const [ref] = await db().query<{ layer_id: string }>(
      "SELECT layer_id FROM features WHERE GeometryType(geom) = 'POINT' GROUP BY layer_id ORDER BY count(*) DESC, layer_id LIMIT 1",
    );
    const sites = await db().query<{ x: number; y: number }>('SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM features WHERE layer_id = $1 ORDER BY id LIMIT 20', [
      ref!.layer_id,
    ]);
    const points = sites.map((s) => {
      const [lng, lat] = fromWgs84('gcj02', s.x, s.y);
      return { lng, lat };
    });
    const body = batchResponseSchema.parse((await request(app).post('/api/check/batch').send({ points }).expect(200)).body);
    expect(body.results.length).toBe(20);
    for (const r of body.results) expect(r.warnings.map((w) => w.code)).toContain('DATUM_SHIFT_SUSPECTED');
    expect(body.warnings.find((w) => w.code === 'DATUM_SHIFT_SUSPECTED')).toMatchObject({ suggestCrs: 'gcj02' });
    // read as GCJ-02 they are the known sites again: no warning
    const fixed = batchResponseSchema.parse((await request(app).post('/api/check/batch?crs=gcj02').send({ points }).expect(200)).body);
    for (const r of fixed.results) expect(r.warnings.map((w) => w.code)).not.toContain('DATUM_SHIFT_SUSPECTED');
  });

  it('is a read: anonymous callers may screen when reads are public, not when they are not', async () => {
    const open = testApp(db(), {}, { actAs: 'anonymous' });
    await request(open)
      .post('/api/check/batch')
      .send({ points: [{ lng: 113.3, lat: 40.09 }] })
      .expect(200);
    const closed = testApp(db(), { READ_REQUIRES_LOGIN: true }, { actAs: 'anonymous' });
    const res = await request(closed)
      .post('/api/check/batch')
      .send({ points: [{ lng: 113.3, lat: 40.09 }] });
    expect(res.status).toBe(401);
  });

  describe('bad requests get a coded 4xx', () => {
    it.each([
      ['no body', undefined, 400, 'INVALID_PARAMETER'],
      ['points not an array', { points: 3 }, 400, 'INVALID_PARAMETER'],
      ['unknown crs', { points: [] }, 400, 'INVALID_PARAMETER', '?crs=epsg3857'],
      ['bad near', { points: [] }, 400, 'INVALID_PARAMETER', '?near=-1'],
    ] as const)('%s', async (_name, body, status, code, qs?: string) => {
      const res = await request(app)
        .post(`/api/check/batch${qs ?? ''}`)
        .send(body ?? {});
      expect(res.status).toBe(status);
      expect(errorResponse.parse(res.body).error.code).toBe(code);
    });
    it('past the row limit: a coded 413 before anything is screened, for JSON and for a file', async () => {
      const points = Array.from({ length: BATCH_MAX_ROWS + 1 }, () => ({ lng: 113.3, lat: 40.1 }));
      const json = await request(app).post('/api/check/batch').send({ points });
      expect(json.status).toBe(413);
      expect(errorResponse.parse(json.body).error.code).toBe('BATCH_TOO_LARGE');
      const csv = Buffer.from(`经度,纬度\n${'113.3,40.1\n'.repeat(BATCH_MAX_ROWS + 1)}`);
      const file = await uploadFile(request(app).post('/api/check/batch'), 'big.csv', csv);
      expect(file.status).toBe(413);
      expect(errorResponse.parse(file.body).error.code).toBe('BATCH_TOO_LARGE');
    });
    it('a file with no coordinate columns', async () => {
      const res = await uploadFile(request(app).post('/api/check/batch'), 'x.csv', Buffer.from('名称,地址\n甲,乙\n'));
      expect(res.status).toBe(422);
      expect(errorResponse.parse(res.body).error.code).toBe('NO_COORDINATE_COLUMNS');
    });
  });
});
