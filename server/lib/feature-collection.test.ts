import { describe, expect, it } from 'vitest';
import { featureCollectionChunks, featureCollectionText } from './feature-collection.ts';

const feature = (i: number) => ({
  type: 'Feature',
  id: i,
  geometry: { type: 'Point', coordinates: [113 + i / 1e5, 40] },
  properties: { name: `点${i}`.repeat(20) },
});

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

describe('featureCollectionChunks', () => {
  it.each([0, 1, 3000])('writes %i features as one valid FeatureCollection, members before and after them', async (n) => {
    const features = Array.from({ length: n }, (_, i) => feature(i));
    const chunks = await collect(
      featureCollectionChunks(
        features.map((f) => JSON.stringify(f)),
        { name: 'x', numberMatched: 9 },
        (count) => ({ numberReturned: count }),
      ),
    );
    const parsed = JSON.parse(chunks.join(''));
    expect(parsed).toEqual({ type: 'FeatureCollection', name: 'x', numberMatched: 9, features, numberReturned: n });
    // a large collection is handed on in bounded chunks, never as one string
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    if (n === 3000) expect(chunks.length).toBeGreaterThan(3);
  });

  it('reads features from an async source', async () => {
    async function* source() {
      yield JSON.stringify(feature(1));
      yield JSON.stringify(feature(2));
    }
    expect(JSON.parse((await collect(featureCollectionChunks(source()))).join(''))).toEqual({ type: 'FeatureCollection', features: [feature(1), feature(2)] });
  });
});

describe('featureCollectionText', () => {
  it('writes the same text as the streamer for features in memory', async () => {
    const texts = [feature(1), feature(2)].map((f) => JSON.stringify(f));
    const members = { name: 'y', area_crs: 'EPSG:4547' };
    expect(featureCollectionText(texts, members)).toBe((await collect(featureCollectionChunks(texts, members))).join(''));
    expect(JSON.parse(featureCollectionText([], members))).toEqual({ type: 'FeatureCollection', ...members, features: [] });
  });
});
