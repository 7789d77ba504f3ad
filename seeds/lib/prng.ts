/**
 * A tiny seeded PRNG so the demo data is byte-for-byte reproducible. mulberry32 (Tommy Ettinger,
 * public domain): 32-bit state, period 2^32, plenty for placing a few hundred illustrative points.
 * Math.random is never used in seeds/.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [min, max). */
export const between = (rng: Rng, min: number, max: number): number => min + (max - min) * rng();

/** A uniform integer in [min, max]. */
export const intBetween = (rng: Rng, min: number, max: number): number => Math.floor(between(rng, min, max + 1));

/** One element, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)]!;
}

/** True with probability p. */
export const chance = (rng: Rng, p: number): boolean => rng() < p;
