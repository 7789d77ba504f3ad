import { describe, expect, it } from 'vitest';
import { areaM2, bufferAround, featuresIn, lineLengthM, rowsToCsv, rowsToGeoJson } from './spatial.ts';

// Independent references: the haversine distance and the area of a latitude/longitude box on a sphere.
const R = 6371008.8; // turf's mean earth radius
const rad = (d: number) => (d * Math.PI) / 180;
function haversine(a: [number, number], b: [number, number]): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
const boxArea = (w: number, s: number, e: number, n: number, r = 6378137) => r * r * rad(e - w) * (Math.sin(rad(n)) - Math.sin(rad(s)));

const point = (id: number, lng: number, lat: number): GeoJSON.Feature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { name: `p${id}` },
});

describe('measuring', () => {
  it('measures a line as the sum of its great-circle legs', () => {
    const coords: [number, number][] = [
      [113.28, 40.07],
      [113.31, 40.08],
      [113.33, 40.1],
    ];
    const want = haversine(coords[0]!, coords[1]!) + haversine(coords[1]!, coords[2]!);
    expect(lineLengthM({ type: 'LineString', coordinates: coords })).toBeCloseTo(want, 1);
  });

  it('measures the area of a 1 km box in Pingcheng like the sphere formula does (to 0.5 %)', () => {
    const [w, s, e, n] = [113.3, 40.08, 113.3118, 40.089];
    const got = areaM2({
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    });
    expect(Math.abs(got - boxArea(w, s, e, n)) / boxArea(w, s, e, n)).toBeLessThan(0.005);
  });
});

describe('selecting inside an area', () => {
  it('takes exactly the points within 500 m of a centre (away from the 64-gon edge)', () => {
    const centre = { lng: 113.3, lat: 40.09 };
    const ring = bufferAround(centre, 500);
    for (const [lng, lat] of ring.coordinates[0]!) expect(haversine([centre.lng, centre.lat], [lng!, lat!])).toBeCloseTo(500, -1);
    // a grid of points every ~40 m; those within 495 m must be in, those beyond 505 m out
    const pts: GeoJSON.Feature[] = [];
    let id = 0;
    for (let dx = -0.008; dx <= 0.008; dx += 0.0005) for (let dy = -0.006; dy <= 0.006; dy += 0.0004) pts.push(point(id++, centre.lng + dx, centre.lat + dy));
    const inside = new Set(featuresIn(ring, pts).map((f) => f.id));
    let checked = 0;
    for (const p of pts) {
      const d = haversine([centre.lng, centre.lat], (p.geometry as GeoJSON.Point).coordinates as [number, number]);
      if (d < 495) expect(inside.has(p.id), `${d} m`).toBe(true);
      if (d > 505) expect(inside.has(p.id), `${d} m`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
    expect(inside.size).toBeGreaterThan(50);
  });

  it('takes polygons that touch the area, not those apart from it', () => {
    const sq = (x: number, y: number, d: number): GeoJSON.Feature => ({
      type: 'Feature',
      id: x,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      },
      properties: {},
    });
    const area: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(featuresIn(area, [sq(0.5, 0.5, 1), sq(2, 2, 1), sq(0.2, 0.2, 0.1)]).map((f) => f.id)).toEqual([0.5, 0.2]);
  });
});

describe('downloads of a selection', () => {
  const rows = [
    { layer: 'boilers', feature: { ...point(7, 113.3, 40.09), properties: { name: '=HYPERLINK("x")', capacity: 2 } } },
    { layer: 'boilers', feature: { ...point(8, 113.31, 40.1), properties: { name: '锅炉, 二号', capacity: null } } },
  ];
  it('writes CSV with a BOM, quoted commas and formula cells neutralised', () => {
    const csv = rowsToCsv(rows, [
      { key: 'name', label: '名称' },
      { key: 'capacity', label: '容量' },
    ]);
    expect(csv.startsWith('\ufefflayer,id,名称,容量,lng,lat\r\n')).toBe(true);
    expect(csv).toContain(`boilers,7,"'=HYPERLINK(""x"")",2,113.3,40.09`);
    expect(csv).toContain('boilers,8,"锅炉, 二号",,113.31,40.1');
  });
  it('writes GeoJSON that keeps ids and names the layer', () => {
    const fc = JSON.parse(rowsToGeoJson(rows)) as GeoJSON.FeatureCollection;
    expect(fc.features.map((f) => [f.id, f.properties?.layer])).toEqual([
      [7, 'boilers'],
      [8, 'boilers'],
    ]);
  });
});
