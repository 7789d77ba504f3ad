import { describe, expect, it } from 'vitest';
import { zhCN as zh } from '../i18n/zh-CN.ts';
import { OVERLAY_LOOK, overlayLegend } from './legend.ts';

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
