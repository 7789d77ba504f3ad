import { describe, expect, it } from 'vitest';
import { legendFor } from './legend.ts';
import type { LayerStyle, Variant } from './types.ts';

const bilingual = (s: string) => ({ zh: s, en: s });
// two variants that look alike (both hollow) and differ only in the values they select
const variants: Variant[] = [
  { field: 'status', values: ['closed'], label: bilingual('closed'), look: 'hollow' },
  { field: 'status', values: ['finished', 'removed'], label: bilingual('finished'), look: 'hollow' },
];

describe('legend entries', () => {
  it('keys every entry uniquely, also variants that look the same', () => {
    const point: LayerStyle = { look: { kind: 'point', radius: 5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15, variants }, defaultVisible: true };
    const polygon: LayerStyle = { look: { kind: 'polygon', fillOpacity: 0.2, outline: { width: 1 }, variants }, defaultVisible: true };
    const pointKeys = legendFor(point, '#123456').map((e) => e.key);
    expect(pointKeys).toEqual(['base', 'status=closed', 'status=finished|removed', 'cluster']);
    const polygonKeys = legendFor(polygon, '#123456').map((e) => e.key);
    expect(polygonKeys).toEqual(['base', 'status=closed', 'status=finished|removed']);
  });
});
