import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { touchingGroupLabels } from './geometry.ts';

const box = (x0: number, y0: number, x1: number, y1: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

describe('one label per group of touching pieces (coverage gaps split by street boundaries)', () => {
  // a hole split by a street boundary at x = 113.31 into a larger west piece and a smaller east piece,
  // and a separate small hole further east
  const west = { id: 'w', geometry: box(113.3, 40.08, 113.31, 40.09), size: 800 };
  const east = { id: 'e', geometry: box(113.31, 40.08, 113.315, 40.09), size: 400 };
  const apart = { id: 'a', geometry: box(113.35, 40.08, 113.352, 40.082), size: 50 };
  const labels = touchingGroupLabels([apart, east, west]);

  it('labels the touching pieces once, with their summed size, and the separate piece on its own', () => {
    expect(labels.map((l) => l.members.map((m) => m.id).sort())).toEqual([['e', 'w'], ['a']]);
    expect(labels.map((l) => l.size)).toEqual([1200, 50]);
  });

  it('places each label inside the group’s largest piece', () => {
    expect(booleanPointInPolygon(labels[0]!.at, west.geometry)).toBe(true);
    expect(booleanPointInPolygon(labels[1]!.at, apart.geometry)).toBe(true);
  });

  it('keeps pieces whose boxes overlap but whose shapes do not touch apart', () => {
    const l: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const inCorner = { geometry: box(2, 2, 2.5, 2.5), size: 1 };
    expect(touchingGroupLabels([{ geometry: l, size: 5 }, inCorner])).toHaveLength(2);
  });
});
