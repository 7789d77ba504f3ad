/**
 * Dense point layers are thinned at low zoom (one feature per grid cell with `point_count`) and sent
 * in full from CLUSTER_MAX_ZOOM + 1. Checked against counts made independently: tile arithmetic in
 * JS over the points the test wrote, and a plain ST_Intersects count in SQL.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { createTileRenderer } from '../../server/features/tiles/tiles.service.ts';
import { CLUSTER_CELL, CLUSTER_MAX_ZOOM, MAX_CLUSTERED_FEATURES, TILE_BUFFER, TILE_EXTENT } from '../../server/lib/tile-math.ts';
import { mulberry32 } from '../../seeds/lib/prng.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const LAYER = 'gas_stations';
const Z = 11;

/** Global tile coordinates (fractional) of a WGS84 position at zoom z. */
function globalTile(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [((lng + 180) / 360) * n, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n];
}
/** WGS84 position of a point given in tile units (0–4096) of tile (z, x, y), rounded as stored. */
function atTileUnits(z: number, x: number, y: number, fx: number, fy: number): [number, number] {
  const n = 2 ** z;
  const lng = ((x + fx / TILE_EXTENT) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + fy / TILE_EXTENT)) / n))) * 180) / Math.PI;
  return [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

const [gx, gy] = globalTile(113.29, 40.08, Z);
const T = { z: Z, x: Math.floor(gx), y: Math.floor(gy) };

// 3 000 points packed into an 8 × 8-cell block, 300 spread over the tile, 200 in tiles further east
const r = mulberry32(11);
const POINTS: [number, number][] = [
  ...Array.from({ length: 3000 }, () => atTileUnits(T.z, T.x, T.y, 1030 + r() * 500, 2050 + r() * 500)),
  ...Array.from({ length: 300 }, () => atTileUnits(T.z, T.x, T.y, 100 + r() * 3896, 100 + r() * 3896)),
  ...Array.from({ length: 200 }, () => atTileUnits(T.z, T.x, T.y, 4400 + r() * 3000, 100 + r() * 3896)),
];

/** Positions in tile units of tile t, for the points inside it including its buffer. */
function pointsIn(t: { z: number; x: number; y: number }) {
  return POINTS.map(([lng, lat]) => {
    const [px, py] = globalTile(lng, lat, t.z);
    return [(px - t.x) * TILE_EXTENT, (py - t.y) * TILE_EXTENT] as [number, number];
  }).filter(([fx, fy]) => fx >= -TILE_BUFFER && fx <= TILE_EXTENT + TILE_BUFFER && fy >= -TILE_BUFFER && fy <= TILE_EXTENT + TILE_BUFFER);
}

function decode(buf: Buffer | Uint8Array) {
  if (buf.byteLength === 0) return [];
  const l = new VectorTile(new PbfReader(buf) as never).layers[LAYER];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => {
    const f = l.feature(i);
    const [[p]] = f.loadGeometry() as unknown as [[{ x: number; y: number }]];
    return { id: Number(f.id), type: f.type, props: f.properties, x: p.x, y: p.y };
  }).sort((a, b) => a.id - b.id);
}

onEachDatabase(({ db, kind }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    const layer = findLayer(LAYER)!;
    const features = POINTS.map(([lng, lat], i) => {
      const v = validateFeature(layer, { type: 'Feature', properties: { name: `站${i}` }, geometry: { type: 'Point', coordinates: [lng, lat] } });
      if (!v.valid) throw new Error(v.reason);
      return v.feature;
    });
    await writeFeatures(db(), LAYER, features);
  }, 120_000);

  const tile = async (t: { z: number; x: number; y: number }) => {
    const res = await request(app)
      .get(`/tiles/${LAYER}/${t.z}/${t.x}/${t.y}.mvt`)
      .buffer(true)
      .parse((res, cb) => {
        const c: Buffer[] = [];
        res.on('data', (d: Buffer) => c.push(d));
        res.on('end', () => cb(null, Buffer.concat(c)));
      })
      .expect(200);
    return decode(res.body as Buffer);
  };

  it('sends a dense low-zoom tile as at most one feature per grid cell', async () => {
    const inTile = pointsIn(T);
    expect(inTile.length).toBe(3300);
    const cells = new Set(inTile.map(([fx, fy]) => `${Math.floor(fx / CLUSTER_CELL)}/${Math.floor(fy / CLUSTER_CELL)}`));
    const features = await tile(T);
    expect(features.length).toBe(cells.size);
    expect(features.length).toBeLessThanOrEqual(MAX_CLUSTERED_FEATURES);
    expect(features.length).toBeLessThan(inTile.length / 5);
    // the dense block (fx 1030–1530, fy 2050–2550) spans a few cells a side: one feature each, at most
    const side = (lo: number, hi: number) => Math.floor(hi / CLUSTER_CELL) - Math.floor(lo / CLUSTER_CELL) + 1;
    const inBlock = features.filter((f) => f.x >= 1024 && f.x <= 1536 && f.y >= 2048 && f.y <= 2560);
    expect(inBlock.length).toBeLessThanOrEqual(side(1024, 1536) * side(2048, 2560));
  });

  it('makes the point counts add up to the points in the tile, by tile arithmetic and by SQL', async () => {
    const features = await tile(T);
    const total = features.reduce((s, f) => s + (typeof f.props.point_count === 'number' ? f.props.point_count : 1), 0);
    expect(total).toBe(pointsIn(T).length);
    const [row] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM features
        WHERE layer_id = $1 AND ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope($2, $3, $4, margin => $5::float8))`,
      [LAYER, T.z, T.x, T.y, TILE_BUFFER / TILE_EXTENT],
    );
    expect(total).toBe(row!.n);
    // clusters carry only their count; a lone point keeps its attributes
    for (const f of features) {
      if (typeof f.props.point_count === 'number') {
        expect(f.props.point_count).toBeGreaterThan(1);
        expect(f.props.name).toBeUndefined();
      } else expect(f.props.name).toMatch(/^站\d+$/);
    }
    expect(features.some((f) => Number(f.props.point_count) > 40)).toBe(true);
  });

  it('sends every point with its attributes above the thinning zoom', async () => {
    const z = CLUSTER_MAX_ZOOM + 2;
    const [px, py] = globalTile(...POINTS[0]!, z);
    const t = { z, x: Math.floor(px), y: Math.floor(py) };
    const expected = pointsIn(t);
    expect(expected.length).toBeGreaterThan(10);
    const features = await tile(t);
    expect(features.length).toBe(expected.length);
    for (const f of features) {
      expect(f.props.point_count).toBeUndefined();
      expect(f.props.name).toMatch(/^站\d+$/);
    }
    // positions match the tile arithmetic to the rounding of the encoding
    const positions = expected.map(([fx, fy]) => `${Math.round(fx)}/${Math.round(fy)}`).sort();
    expect(features.map((f) => `${f.x}/${f.y}`).sort()).toEqual(positions);
  });

  if (kind === 'pg')
    it('thins identically with ST_AsMVT and with the JS fallback', async () => {
      const renderer = createTileRenderer(db());
      for (const z of [9, 11, 12, 13, 14]) {
        const [px, py] = globalTile(...POINTS[0]!, z);
        const a = decode(await renderer.render(LAYER, z, Math.floor(px), Math.floor(py), 'postgis'));
        const b = decode(await renderer.render(LAYER, z, Math.floor(px), Math.floor(py), 'js'));
        expect(a.length).toBeGreaterThan(0);
        expect(b).toEqual(a);
      }
    });
});
