import { describe, expect, it } from 'vitest';
import { styleFor, legendFor } from '../layers/index.ts';
import { buildLayers, CLUSTER_BOX_IMAGE, darken, scaleOpacity } from './specs.ts';

describe('map layer specifications', () => {
  it('scales plain and expression opacities, keeping zoom curves at the top level', () => {
    expect(scaleOpacity(0.8, 0.5)).toBe(0.4);
    expect(scaleOpacity(['get', 'o'], 0.5)).toEqual(['*', ['get', 'o'], 0.5]);
    expect(scaleOpacity(['interpolate', ['linear'], ['zoom'], 10, 0.2, 16, 0.1], 0.5)).toEqual(['interpolate', ['linear'], ['zoom'], 10, 0.1, 16, 0.05]);
    expect(scaleOpacity(['step', ['zoom'], 0.2, 12, 0.4], 0.5)).toEqual(['step', ['zoom'], 0.1, 12, 0.2]);
  });

  it('builds fill, outline, highlight and label parts for a zone layer, in the layer colour', () => {
    const built = buildLayers('coal_ban_zones', styleFor({ id: 'coal_ban_zones', geometryType: 'Polygon' }), '#d7301f');
    expect(built.map((b) => b.spec.id)).toEqual([
      'lyr:coal_ban_zones:fill',
      'lyr:coal_ban_zones:line',
      'lyr:coal_ban_zones:hover',
      'lyr:coal_ban_zones:checked-casing',
      'lyr:coal_ban_zones:checked',
      'lyr:coal_ban_zones:selected',
      'lyr:coal_ban_zones:label',
    ]);
    expect(JSON.stringify(built[0]!.spec)).toContain('#d7301f');
  });

  it('gives point layers clusters with counts and a legend entry for each variant', () => {
    const style = styleFor({ id: 'construction_sites', geometryType: 'Point' });
    const ids = buildLayers('construction_sites', style, '#8c510a').map((b) => b.spec.id);
    expect(ids).toContain('lyr:construction_sites:cluster');
    expect(ids).toContain('lyr:construction_sites:cluster-count');
    const legend = legendFor(style, '#8c510a');
    expect(legend.map((e) => e.swatch.kind)).toEqual(['point', 'point', 'cluster']);
    expect(legend[1]!.swatch).toMatchObject({ hollow: true });
  });

  it('puts each cluster bubble into the label collision index, as large as the bubble, so names give way to it', () => {
    const built = buildLayers('construction_sites', styleFor({ id: 'construction_sites', geometryType: 'Point' }), '#8c510a');
    const spec = (id: string) => built.find((b) => b.spec.id === id)!.spec as { layout?: Record<string, unknown>; paint?: Record<string, unknown> };
    const count = spec('lyr:construction_sites:cluster-count').layout!;
    expect(count['icon-image']).toBe(CLUSTER_BOX_IMAGE);
    expect(count['icon-ignore-placement']).toBeUndefined();
    expect(count['text-ignore-placement']).toBeUndefined();
    // padding = the bubble's radius + its stroke, step for step
    const radius = spec('lyr:construction_sites:cluster').paint!['circle-radius'] as unknown[];
    const padding = count['icon-padding'] as unknown[];
    expect(padding.slice(0, 2)).toEqual(radius.slice(0, 2));
    expect(padding.slice(2)).toEqual(radius.slice(2).map((v, i) => (i % 2 === 0 ? (v as number) + 2.5 : v)));
  });

  it('lets zone names move beside their point (variable anchor) instead of vanishing under a bubble', () => {
    const built = buildLayers('streets', styleFor({ id: 'streets', geometryType: 'Polygon' }), '#666666');
    const label = built.find((b) => b.spec.id === 'lyr:streets:label')!.spec as { layout: Record<string, unknown> };
    expect(label.layout['text-variable-anchor']).toEqual(['center', 'top', 'bottom', 'left', 'right']);
  });

  it('falls back to a plain style for a layer it does not know', () => {
    expect(styleFor({ id: 'new_layer', geometryType: 'Point' }).look.kind).toBe('point');
  });

  it('darkens colours for label text', () => {
    expect(darken('#ffffff', 0.5)).toBe('#808080');
  });
});
