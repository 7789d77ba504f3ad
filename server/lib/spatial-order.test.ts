import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spatialOrder } from './spatial-order.ts';

/** Length of the path through the points in the given order. */
const pathLength = (xs: number[], ys: number[], order: ArrayLike<number>) => {
  let d = 0;
  for (let j = 1; j < order.length; j++) d += Math.hypot(xs[order[j]!]! - xs[order[j - 1]!]!, ys[order[j]!]! - ys[order[j - 1]!]!);
  return d;
};

describe('spatialOrder', () => {
  it('is a permutation of the positions, however the points lie', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })), { maxLength: 200 }),
        (pts) => {
          const order = spatialOrder(
            pts.map((p) => p[0]),
            pts.map((p) => p[1]),
          );
          expect([...order].sort((a, b) => a - b)).toEqual(pts.map((_, k) => k));
        },
      ),
    );
  });

  it('visits neighbours one after another: a far shorter path than the input order of scattered points', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const xs = Array.from({ length: 5000 }, () => 113.2 + random() * 0.3);
    const ys = Array.from({ length: 5000 }, () => 39.95 + random() * 0.25);
    const order = spatialOrder(xs, ys);
    // random order: ≈ n × 0.5 of the box's side; along the curve: ≈ √n × the side
    expect(pathLength(xs, ys, order)).toBeLessThan(
      pathLength(
        xs,
        ys,
        xs.map((_, k) => k),
      ) / 20,
    );
  });

  it('is the same path for the same points however they are listed', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const xs = Array.from({ length: 1000 }, () => 113.2 + random() * 0.3);
    const ys = Array.from({ length: 1000 }, () => 39.95 + random() * 0.25);
    const first = [...spatialOrder(xs, ys)];
    // the same points listed backwards: the same path, each position read from the other end
    const again = spatialOrder([...xs].reverse(), [...ys].reverse());
    expect([...again]).toEqual(first.map((k) => xs.length - 1 - k));
  });

  it('keeps the input order when a coordinate is not finite, and for one or two points', () => {
    expect([...spatialOrder([3, Number.NaN, 1], [0, 0, 0])]).toEqual([0, 1, 2]);
    expect([...spatialOrder([5, 1], [5, 1])]).toEqual([0, 1]);
  });
});
