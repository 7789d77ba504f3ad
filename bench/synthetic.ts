/**
 * Synthetic scale data over Pingcheng: clustered site points (most activity sits in the built-up
 * city, some spreads over the rural south and east) and irregular zone polygons of ~500 vertices,
 * plus one 50 000-vertex zone the size of the city, the worst case for point-in-polygon work.
 * Deterministic for a given seed so benchmark runs compare like with like.
 */
// The same seeded generator as the demo data (seeds/lib/prng.ts): one implementation, one behaviour.
import { mulberry32, type Rng } from '../seeds/lib/prng.ts';
import { DISTRICT_BBOX } from '../server/lib/district.ts';

export type { Rng };
export const rng = mulberry32;

const [minLng, minLat, maxLng, maxLat] = DISTRICT_BBOX;
const EXTENT = { minLng, minLat, maxLng, maxLat };
/** Activity centres: old city, Yudong new district, the station area, and the southern edge. */
const CENTRES: [number, number, number][] = [
  [113.3, 40.09, 0.018],
  [113.35, 40.085, 0.02],
  [113.285, 40.115, 0.012],
  [113.3, 40.03, 0.025],
];

const gaussian = (r: Rng) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function sitePoint(r: Rng): [number, number] {
  if (r() < 0.25) return [round7(EXTENT.minLng + r() * (EXTENT.maxLng - EXTENT.minLng)), round7(EXTENT.minLat + r() * (EXTENT.maxLat - EXTENT.minLat))];
  const [lng, lat, sd] = CENTRES[Math.floor(r() * CENTRES.length)]!;
  const p: [number, number] = [lng + gaussian(r) * sd, lat + gaussian(r) * sd * 0.77];
  p[0] = round7(Math.min(EXTENT.maxLng, Math.max(EXTENT.minLng, p[0])));
  p[1] = round7(Math.min(EXTENT.maxLat, Math.max(EXTENT.minLat, p[1])));
  return p;
}

/**
 * A star-shaped ring (radius varies smoothly with angle, so it never self-intersects) closed and
 * counter-clockwise, as RFC 7946 asks for exterior rings. Each vertex jitters by about the spacing
 * between vertices, as a surveyed boundary does: a jitter fixed relative to the radius turned the
 * 50 000-vertex zone into a sawtooth of spikes 80 times longer than their spacing, which no real
 * boundary is, and ST_Subdivide cut it into 5 000 slivers (8.5 s) instead of 420 parts (1.2 s).
 */
export function blob(r: Rng, centre: [number, number], radiusDeg: number, vertices: number): [number, number][] {
  const harmonics = Array.from({ length: 4 }, (_, k) => ({ k: k + 2, a: (r() * 0.25) / (k + 1), phase: r() * Math.PI * 2 }));
  const jitter = 10 / vertices; // 0.02 of the radius at 500 vertices
  const ring: [number, number][] = [];
  for (let i = 0; i < vertices; i++) {
    const t = (i / vertices) * Math.PI * 2;
    const wobble = harmonics.reduce((s, h) => s + h.a * Math.sin(h.k * t + h.phase), 0) + (r() - 0.5) * jitter;
    const rad = radiusDeg * (1 + wobble);
    ring.push([round7(centre[0] + rad * Math.cos(t)), round7(centre[1] + rad * 0.77 * Math.sin(t))]);
  }
  ring.push(ring[0]!);
  return ring;
}

export interface ZoneSpec {
  name: string;
  ring: [number, number][];
}

export function* zones(r: Rng, count: number): Generator<ZoneSpec> {
  yield { name: '大型控制区（5万顶点）', ring: blob(r, [113.305, 40.085], 0.05, 50_000) };
  for (let i = 1; i < count; i++) {
    const c = sitePoint(r);
    yield { name: `合成控制区${i}`, ring: blob(r, c, 0.002 + r() * 0.008, 480 + Math.floor(r() * 40)) };
  }
}

const STAGES = ['I', 'II', 'III', 'III', 'IV', 'IV', 'IV', 'electric', 'unknown'] as const;
const TYPES = ['excavator', 'loader', 'bulldozer', 'roller', 'crane', 'forklift', 'paver', 'piling'] as const;

/** NRMM machine attributes with realistic shares of old stages, missing codes and smoke. */
export function machineProperties(r: Rng, i: number) {
  const registered = r() > 0.08;
  return {
    name: `机械${i}`,
    machine_type: TYPES[Math.floor(r() * TYPES.length)]!,
    emission_stage: STAGES[Math.floor(r() * STAGES.length)]!,
    ...(registered ? { reg_code: `JX140213${String(i).padStart(8, '0')}` } : {}),
    black_smoke: r() < 0.03,
    exempt_use: r() < 0.02,
  };
}
