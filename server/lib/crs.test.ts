import { describe, expect, it } from 'vitest';
import { fromWgs84, insideDistrictExtent, toWgs84 } from './crs.ts';

const CITY_WALL: [number, number] = [113.3, 40.09];

describe('crs', () => {
  it('projects to EPSG:4547 with easting near the 114°E meridian and northing near 4.44e6 m', () => {
    const [x, y] = fromWgs84('epsg4547', ...CITY_WALL);
    // 0.7° west of the central meridian at 40°N ≈ 59.7 km west of the 500 km false easting
    expect(x).toBeGreaterThan(438_000);
    expect(x).toBeLessThan(442_000);
    expect(y).toBeGreaterThan(4_435_000);
    expect(y).toBeLessThan(4_445_000);
    const [lng, lat] = toWgs84('epsg4547', x, y);
    expect(lng).toBeCloseTo(CITY_WALL[0], 9);
    expect(lat).toBeCloseTo(CITY_WALL[1], 9);
  });

  it('EPSG:4526 differs from 4547 only by the zone number in the easting', () => {
    const [x47, y47] = fromWgs84('epsg4547', ...CITY_WALL);
    const [x26, y26] = fromWgs84('epsg4526', ...CITY_WALL);
    expect(x26 - x47).toBeCloseTo(38_000_000, 3);
    expect(y26).toBeCloseTo(y47, 6);
  });

  it('GCJ-02 near Datong is offset ~+0.007° lon, ~+0.0012° lat, and reverses to ~1e-6°', () => {
    const [gLng, gLat] = fromWgs84('gcj02', ...CITY_WALL);
    expect(gLng - CITY_WALL[0]).toBeGreaterThan(0.006);
    expect(gLng - CITY_WALL[0]).toBeLessThan(0.008);
    expect(gLat - CITY_WALL[1]).toBeGreaterThan(0.0008);
    expect(gLat - CITY_WALL[1]).toBeLessThan(0.0017);
    const [lng, lat] = toWgs84('gcj02', gLng, gLat);
    expect(Math.abs(lng - CITY_WALL[0])).toBeLessThan(2e-6);
    expect(Math.abs(lat - CITY_WALL[1])).toBeLessThan(2e-6);
  });

  it('BD-09 round-trips and CGCS2000 is taken as WGS84', () => {
    const [bLng, bLat] = fromWgs84('bd09', ...CITY_WALL);
    expect(bLng - CITY_WALL[0]).toBeGreaterThan(0.01);
    const [lng, lat] = toWgs84('bd09', bLng, bLat);
    expect(Math.abs(lng - CITY_WALL[0])).toBeLessThan(1e-5);
    expect(Math.abs(lat - CITY_WALL[1])).toBeLessThan(1e-5);
    expect(toWgs84('cgcs2000', ...CITY_WALL)).toEqual(CITY_WALL);
  });

  it('knows the district extent', () => {
    expect(insideDistrictExtent(CITY_WALL)).toBe(true);
    expect(insideDistrictExtent([40.09, 113.3])).toBe(false);
  });
});
