/**
 * Seeded placement of demo sites. A site that plants a spatial case must be unambiguously inside
 * (or outside) its zones, so every constraint carries a margin from the zone's edge: rounding, a
 * different point-in-polygon implementation or a GCJ-02 slip of a few metres never flips a case.
 * (The one deliberate boundary case is placed on an exact vertex instead.)
 */
import * as turf from '@turf/turf';
import { between, type Rng } from './prng.ts';
import { covers, distanceToEdgeM, offset, roundPosition, type Areal, type LonLat } from './geo.ts';

export interface Where {
  /** Must lie in every one of these, at least `marginM` from their edges. */
  inside?: readonly Areal[];
  /** Must lie outside every one of these, at least `marginM` from their edges. */
  outside?: readonly Areal[];
  /** Metres from any edge named above; default 150. */
  marginM?: number;
}

const MAX_TRIES = 5000;

export function satisfies(p: LonLat, where: Where): boolean {
  const margin = where.marginM ?? 150;
  const clear = (g: Areal) => distanceToEdgeM(g, p) >= margin;
  return (where.inside ?? []).every((g) => covers(g, p) && clear(g)) && (where.outside ?? []).every((g) => !covers(g, p) && clear(g));
}

function sampleUntil(candidate: () => LonLat, where: Where, what: string): LonLat {
  for (let i = 0; i < MAX_TRIES; i++) {
    const p = roundPosition(candidate());
    if (satisfies(p, where)) return p;
  }
  throw new Error(`could not place ${what} after ${MAX_TRIES} tries: constraints too tight`);
}

/** A uniform point in the bounding box of `region` that meets `where` (region itself always required). */
export function placeIn(rng: Rng, region: Areal, where: Where = {}, what = 'a site'): LonLat {
  const [w, s, e, n] = turf.bbox(region);
  const all: Where = { ...where, inside: [region, ...(where.inside ?? [])] };
  return sampleUntil(() => [between(rng, w, e), between(rng, s, n)], all, what);
}

/** A point within `radiusM` of `anchor` (uniform over the disc) that meets `where`. */
export function placeNear(rng: Rng, anchor: LonLat, radiusM: number, where: Where = {}, what = 'a site'): LonLat {
  return sampleUntil(
    () => {
      const r = radiusM * Math.sqrt(rng());
      const a = 2 * Math.PI * rng();
      return offset(anchor, r * Math.cos(a), r * Math.sin(a));
    },
    where,
    what,
  );
}
