import { describe, expect, it } from 'vitest';
import { GeoJsonScanner, type ScanItem } from './geojson-scan.ts';

const KEEP = new Set(['type', 'crs', 'geometry', 'properties']);

/** Feeds `text` in pieces of `size` characters and collects everything. */
function scan(text: string, size = text.length): ScanItem[] {
  const s = new GeoJsonScanner(KEEP);
  const out: ScanItem[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  s.end();
  return out;
}

const tricky = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
  note: { features: [1, 2, 3], text: '] } , { "features": [' },
  features: [
    { type: 'Feature', properties: { name: 'a "quoted" \\ name }{][', features: [] }, geometry: { type: 'Point', coordinates: [1, 2] } },
    { type: 'Feature', properties: { name: '\\', tail: '\\\\"' }, geometry: null },
    { type: 'Feature', properties: { name: '平城区 \u2028 😀' }, geometry: { type: 'Point', coordinates: [3, 4] } },
  ],
  bbox: [0, 0, 1, 1],
};

describe('GeoJsonScanner', () => {
  it('finds each feature and the kept top-level members, whatever the strings contain', () => {
    const text = JSON.stringify(tricky, null, 2);
    const items = scan(text);
    expect(items.filter((x) => 'feature' in x).map((x) => (x as { feature: unknown }).feature)).toEqual(tricky.features);
    expect(items.filter((x) => 'member' in x)).toEqual([
      { member: 'type', value: 'FeatureCollection' },
      { member: 'crs', value: tricky.crs },
    ]);
  });

  it('gives the same answer for every chunk boundary', () => {
    const text = `\uFEFF${JSON.stringify(tricky)}`;
    const whole = scan(text);
    for (const size of [1, 2, 3, 7, 13, 64]) expect(scan(text, size), `chunks of ${size}`).toEqual(whole);
  });

  it('reads a top-level Feature as members and an empty collection as nothing', () => {
    const f = { type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [1, 2] } };
    expect(scan(JSON.stringify(f))).toEqual([
      { member: 'type', value: 'Feature' },
      { member: 'properties', value: { a: 1 } },
      { member: 'geometry', value: f.geometry },
    ]);
    expect(scan('{"type":"FeatureCollection","features":[]}')).toEqual([{ member: 'type', value: 'FeatureCollection' }]);
  });

  it('holds about one feature of text, not the collection', () => {
    const s = new GeoJsonScanner(KEEP);
    const feature = JSON.stringify(tricky.features[0]);
    let max = 0;
    s.push('{"type":"FeatureCollection","features":[');
    for (let i = 0; i < 2000; i++) {
      s.push(`${i ? ',' : ''}${feature}`.slice(0, 50));
      s.push(`${i ? ',' : ''}${feature}`.slice(50));
      max = Math.max(max, s.held);
    }
    s.push(']}');
    s.end();
    expect(max).toBeLessThan(feature.length * 2);
  });

  it('refuses what is not one JSON object', () => {
    expect(() => scan('[1,2]')).toThrow(/not a JSON object/);
    expect(() => scan('{"features":[{"a":1}')).toThrow(/unexpected end/);
    expect(() => scan('{"features":[{"a":}]}')).toThrow();
    expect(() => scan('')).toThrow(/empty/);
  });
});
