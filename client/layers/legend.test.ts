import { describe, expect, it } from 'vitest';
import { zhCN as zh } from '../i18n/zh-CN.ts';
import { legendFor, OVERLAY_LOOK, overlayLegend } from './legend.ts';
import type { LayerStyle, Variant } from './types.ts';

describe('the legend of the analysis overlays', () => {
  it('has a 违规 and a 待核查 ring line while the violation rings are drawn, in the rings’ own colours', () => {
    const lines = overlayLegend({ violations: true, gaps: false });
    expect(lines.map((l) => l.key)).toEqual(['violation', 'unverified']);
    expect(lines[0]!.swatch).toEqual({ kind: 'ring', color: OVERLAY_LOOK.violation.color, fillOpacity: OVERLAY_LOOK.violation.fillOpacity });
    expect(lines[1]!.swatch).toEqual({ kind: 'ring', color: OVERLAY_LOOK.unverified.color, fillOpacity: OVERLAY_LOOK.unverified.fillOpacity });
    // 待核查 is never drawn in the red of a violation
    expect(OVERLAY_LOOK.unverified.color).not.toBe(OVERLAY_LOOK.violation.color);
    expect(zh['legend.violation']).toContain('违规');
    expect(zh['legend.unverified']).toContain('待核查');
  });

  it('has a hatched line for the coverage gaps while they are drawn, and nothing for overlays that are off', () => {
    expect(overlayLegend({ violations: false, gaps: true })).toEqual([{ key: 'gaps', swatch: { kind: 'hatch', color: OVERLAY_LOOK.gaps.color } }]);
    expect(overlayLegend({ violations: false, gaps: false })).toEqual([]);
    expect(overlayLegend({ violations: true, gaps: true }).map((l) => l.key)).toEqual(['violation', 'unverified', 'gaps']);
  });
});

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
