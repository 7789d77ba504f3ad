/**
 * "Inside a zone" is one answer whichever path asks (server/lib/inside-zone.sql.ts): the site check,
 * the violation list, the export with `violations=only` and the statistics all say inside for a
 * site on a zone's vertex or edge (a hole's edge included) and outside for a site at least 1 cm
 * outside every edge. The zones: a 2 000-vertex polygon (cut into parts by ST_Subdivide for the
 * scan), a 5 km square with a hole (long east–west edges, where a geodesic or projected edge
 * strays centimetres from the stored straight line) and a multipolygon with slanted edges.
 *
 * Expected answers come from turf (point in polygon) and this file's own distance to the edges,
 * measured in local metres (the metres per degree taken from turf's great-circle distance), never
 * from the code under test. No test point lies in the ambiguous band between 1 mm and 1 cm.
 */
import { booleanPointInPolygon, distance } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { blob, rng } from '../../bench/synthetic.ts';
import { insideZoneSql } from '../../server/lib/inside-zone.sql.ts';
import { getBuffer } from '../fixtures/io/helpers.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

type Pt = [number, number];
const RULE = 'coal_ban.sales_point';

/** Metres per degree of longitude and latitude at `p`, from turf's great-circle distance. */
function scale([lng, lat]: Pt): Pt {
  const d = 1e-4;
  return [distance([lng, lat], [lng + d, lat], { units: 'meters' }) / d, distance([lng, lat], [lng, lat + d], { units: 'meters' }) / d];
}

/** Distance in metres from p to the segment a–b, in the local metric at p. */
function segmentDistance(p: Pt, a: Position, b: Position): number {
  const [kx, ky] = scale(p);
  const ax = (a[0]! - p[0]) * kx,
    ay = (a[1]! - p[1]) * ky;
  const bx = (b[0]! - p[0]) * kx,
    by = (b[1]! - p[1]) * ky;
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

const rings = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
const edges = (g: Polygon | MultiPolygon) => rings(g).flatMap((ring) => ring.slice(1).map((b, i) => [ring[i]!, b] as const));
const boundaryDistance = (p: Pt, g: Polygon | MultiPolygon) => Math.min(...edges(g).map(([a, b]) => segmentDistance(p, a, b)));

/** The independent answer: inside (covered, or on the boundary to a micrometre), outside (≥ 1 cm), or neither. */
function truth(p: Pt, g: Polygon | MultiPolygon): 'inside' | 'outside' | 'ambiguous' {
  const d = boundaryDistance(p, g);
  if (booleanPointInPolygon(p, g) || d < 1e-6) return 'inside';
  return d >= 0.01 ? 'outside' : 'ambiguous';
}

/** `p` moved `metres` along the unit direction (dx, dy) given in local metres. */
function offset(p: Pt, [dx, dy]: Pt, metres: number): Pt {
  const [kx, ky] = scale(p);
  return [p[0] + (dx * metres) / kx, p[1] + (dy * metres) / ky];
}

/** Edge midpoints, points 1/3 along, and points 2 cm to either side of each midpoint. */
function edgeProbes(ring: Position[], every = 1): { on: Pt[]; beside: Pt[] } {
  const on: Pt[] = [];
  const beside: Pt[] = [];
  for (let i = 0; i + 1 < ring.length; i += every) {
    const a = ring[i] as Pt,
      b = ring[i + 1] as Pt;
    const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    on.push(a, mid, [a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3]);
    const [kx, ky] = scale(mid);
    const ex = (b[0] - a[0]) * kx,
      ey = (b[1] - a[1]) * ky;
    const len = Math.hypot(ex, ey);
    beside.push(offset(mid, [ey / len, -ex / len], 0.02), offset(mid, [-ey / len, ex / len], 0.02));
  }
  return { on, beside };
}

const square = (sw: Pt, widthM: number, heightM: number): Position[] => {
  const [kx, ky] = scale(sw);
  const [w, h] = [widthM / kx, heightM / ky];
  return [sw, [sw[0] + w, sw[1]], [sw[0] + w, sw[1] + h], [sw[0], sw[1] + h], sw];
};

// 1. a 2 000-vertex zone (ST_Subdivide cuts it into parts of ≤ 256 vertices)
const BIG: Polygon = { type: 'Polygon', coordinates: [blob(rng(14), [113.26, 40.1], 0.02, 2000)] };
// 2. a 5 km × 3 km zone with a 1 km hole; its north edge bends 0.4 m away from a geodesic
const OUTER = square([113.3, 40.05], 5000, 3000);
const HOLE = square([113.33, 40.06], 1000, 1000).reverse();
const HOLED: Polygon = { type: 'Polygon', coordinates: [OUTER, HOLE] };
// 3. a multipolygon of two slanted shapes with unround coordinates
const MULTI: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [113.3712345, 40.1301234],
        [113.3912731, 40.1253317],
        [113.3954402, 40.1451111],
        [113.3777777, 40.1512345],
        [113.3712345, 40.1301234],
      ],
    ],
    [
      [
        [113.4012345, 40.1301234],
        [113.4213579, 40.1322222],
        [113.410101, 40.1498765],
        [113.4012345, 40.1301234],
      ],
    ],
  ],
};
const ZONES = [
  { name: '示意 2000 点区', geometry: BIG },
  { name: '示意 带洞区', geometry: HOLED },
  { name: '示意 多面区', geometry: MULTI },
];

interface Probe {
  p: Pt;
  /** index into ZONES, or -1 for outside every zone */
  zone: number;
  what: string;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  const add = (p: Pt, what: string) => {
    const answers = ZONES.map((z) => truth(p, z.geometry));
    if (answers.includes('ambiguous')) return false; // never test the band between 1 mm and 1 cm
    out.push({ p, zone: answers.indexOf('inside'), what });
    return true;
  };
  for (const [zi, z] of ZONES.entries()) {
    for (const ring of rings(z.geometry)) {
      const { on, beside } = edgeProbes(ring, z.geometry === BIG ? 20 : 1);
      for (const p of on) expect(add(p, `on an edge of zone ${zi}`)).toBe(true);
      for (const p of beside) add(p, `2 cm beside an edge of zone ${zi}`);
    }
  }
  // 1 cm north of the middle of the holed zone's long north edge: outside (a geodesic edge would take it in)
  const north: Pt = [(OUTER[2]![0]! + OUTER[3]![0]!) / 2, OUTER[2]![1]!];
  add(offset(north, [0, 1], 0.01), '1 cm north of the 5 km edge');
  add(offset(north, [0, -1], 0.01), '1 cm south of the 5 km edge');
  return out;
}

const PROBES = probes();

it('has probes inside and outside every zone, from vertices, edges and holes', () => {
  for (let zi = 0; zi < ZONES.length; zi++) {
    expect(PROBES.filter((x) => x.zone === zi).length).toBeGreaterThan(20);
    expect(PROBES.filter((x) => x.zone === -1 && x.what.endsWith(`zone ${zi}`)).length).toBeGreaterThanOrEqual(7);
  }
  // the hole: 2 cm inside the hole is outside the zone; its edges are inside
  const hole = { type: 'Polygon', coordinates: [HOLE] } as Polygon;
  const inHole = PROBES.filter((x) => booleanPointInPolygon(x.p, hole, { ignoreBoundary: true }));
  expect(inHole.some((x) => x.zone === -1)).toBe(true);
  expect(PROBES.filter((x) => x.zone === 1 && boundaryDistance(x.p, hole) < 1e-6).length).toBeGreaterThanOrEqual(12);
  expect(PROBES.find((x) => x.what === '1 cm north of the 5 km edge')?.zone).toBe(-1);
  expect(PROBES.find((x) => x.what === '1 cm south of the 5 km edge')?.zone).toBe(1);
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  const zoneIds: string[] = [];
  const siteIds: string[] = [];
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  const expectedIn = (zi: number) => sorted(PROBES.flatMap((x, i) => (x.zone === zi ? [siteIds[i]!] : [])));
  const expectedAll = () => sorted(PROBES.flatMap((x, i) => (x.zone >= 0 ? [siteIds[i]!] : [])));

  beforeAll(async () => {
    app = testApp(db());
    for (const z of ZONES)
      zoneIds.push(
        String(await insertFixture(db(), 'coal_ban_zones', { type: 'Feature', properties: { name: z.name, ...TEST_DESIGNATION }, geometry: z.geometry })),
      );
    for (const [i, x] of PROBES.entries())
      siteIds.push(
        String(
          await insertFixture(db(), 'coal_sales_points', {
            type: 'Feature',
            properties: { name: `示意 探点${i}`, status: 'operating' },
            geometry: { type: 'Point', coordinates: x.p },
          }),
        ),
      );
  }, 120_000);

  it('GET /api/violations (and ?zone=): a site on a vertex or edge is inside, 1 cm outside is outside', async () => {
    const res = await request(app).get('/api/violations').query({ rule: RULE }).expect(200);
    const got = res.body.violations as { featureId: string; zoneIds: string[] }[];
    for (const [zi, id] of zoneIds.entries())
      expect(sorted(got.filter((v) => v.zoneIds.includes(id)).map((v) => v.featureId)), ZONES[zi]!.name).toEqual(expectedIn(zi));
    expect(sorted(got.map((v) => v.featureId))).toEqual(expectedAll());
    // ?zone= places each site by the same test
    for (const [zi, id] of zoneIds.entries()) {
      const byZone = await request(app).get('/api/violations').query({ rule: RULE, zone: id }).expect(200);
      expect(sorted((byZone.body.violations as { featureId: string }[]).map((v) => v.featureId)), ZONES[zi]!.name).toEqual(expectedIn(zi));
    }
  });

  it('GET /api/layers/…/export.csv?violations=only holds the same sites', async () => {
    const res = await getBuffer(app, `/api/layers/coal_sales_points/export.csv?violations=only&rule=${RULE}`).expect(200);
    const rows = parse((res.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as { id: string }[];
    expect(sorted(rows.map((r) => r.id))).toEqual(expectedAll());
  });

  // one request per probe, in turn (PGlite has one connection): minutes on a loaded machine, so a wider
  // timeout than the suite's 60 s (a safety net, not a speed assertion)
  it('GET /api/check answers every probe the same way', { timeout: 240_000 }, async () => {
    const wrong: string[] = [];
    for (const [i, x] of PROBES.entries()) {
      const res = await request(app)
        .get('/api/check')
        .query({ lng: String(x.p[0]), lat: String(x.p[1]) })
        .expect(200);
      const got = (res.body.zones as { layer: string; id: string }[]).filter((z) => z.layer === 'coal_ban_zones').map((z) => z.id);
      const want = x.zone >= 0 ? [zoneIds[x.zone]!] : [];
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`probe ${i} (${x.what}) ${x.p.join(',')}: ${JSON.stringify(got)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the tolerance is measured in metres: 0.5 mm (geodesic) off an edge is inside, 1 cm is outside', async () => {
    // a small triangle; its slanted 20 m edge is probed square to it, off its middle, on both sides.
    // PostGIS geography (WGS84 spheroid) measures the distance to the edge independently. The band
    // between 1 mm and 1 cm is left alone, as everywhere in this file.
    const a: Pt = [113.3501234, 40.0801234];
    const b = offset(offset(a, [1, 0], 12), [0, 1], 16);
    const tri: Polygon = { type: 'Polygon', coordinates: [[a, b, offset(a, [0, 1], 16), a]] };
    const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const zone = 'ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326)';
    const point = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)';
    for (const side of [1, -1])
      for (const mm of [0.5, 10]) {
        const p = offset(mid, [(side * 16) / 20, (-side * 12) / 20], mm / 1000);
        const [row] = await db().query<{ inside: boolean; geodesic_mm: number }>(
          `SELECT ${insideZoneSql(zone, point)} AS inside, ST_Distance(ST_Boundary(${zone})::geography, ${point}::geography) * 1000 AS geodesic_mm`,
          [p[0], p[1], JSON.stringify(tri)],
        );
        const what = `${side > 0 ? 'outside' : 'inside'} side, ${mm} mm`;
        expect(booleanPointInPolygon(p, tri), what).toBe(side < 0);
        expect(Math.abs(row!.geodesic_mm - mm), what).toBeLessThan(0.05);
        expect(row!.inside, what).toBe(side < 0 || mm < 1);
      }
  });

  it('GET /api/stats counts the same sites in the zone layer', async () => {
    const res = await request(app).get('/api/stats').expect(200);
    const row = (res.body.sitesByZoneLayer as { zoneLayer: string; counts: Record<string, number> }[]).find((r) => r.zoneLayer === 'coal_ban_zones');
    expect(Number(row?.counts.coal_sales_points)).toBe(expectedAll().length);
  });
});
