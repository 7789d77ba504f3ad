import { describe, expect, it } from 'vitest';
import { tileAt } from './tile-math.ts';

describe('tileAt', () => {
  it('finds the XYZ tile of a position, as the OSM tile grid numbers them', () => {
    expect(tileAt(0, 0, 0)).toEqual([0, 0, 0]);
    expect(tileAt(0.1, -0.1, 1)).toEqual([1, 1, 1]);
    expect(tileAt(-179.9, 85, 2)).toEqual([2, 0, 0]);
    expect(tileAt(116.3975, 39.9087, 10)).toEqual([10, 843, 388]); // Tiananmen, on osm.org's tile 10/843/388
    expect(tileAt(113.3, 40.09, 12)).toEqual([12, 3337, 1549]); // Pingcheng's old city
  });
});
