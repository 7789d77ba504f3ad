import { describe, expect, it } from 'vitest';
import { findLayer } from './catalogue/index.ts';
import { validateFeature } from './feature-validation.ts';

const sites = findLayer('construction_sites')!;
const zones = findLayer('coal_ban_zones')!;
const site = (props: Record<string, unknown>, geometry: unknown = { type: 'Point', coordinates: [113.3, 40.09] }) => ({
  type: 'Feature',
  properties: { name: '工地', site_type: 'building', status: 'active', ...props },
  geometry,
});

describe('validateFeature', () => {
  it('accepts a valid feature, separating name from attributes and dropping nulls', () => {
    const v = validateFeature(sites, site({ above_scale: true, video: null }));
    expect(v).toEqual({
      valid: true,
      feature: {
        name: '工地',
        properties: { site_type: 'building', status: 'active', above_scale: true },
        geometry: { type: 'Point', coordinates: [113.3, 40.09] },
        isDemo: false,
      },
    });
  });

  it.each([
    ['not a feature', { type: 'Point', coordinates: [1, 2] }, /not a GeoJSON Feature/],
    ['null geometry', { ...site({}), geometry: null }, /empty/],
    [
      'polygon in a point layer',
      site(
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      ),
      /not allowed/,
    ],
    ['latitude beyond 90', site({}, { type: 'Point', coordinates: [40.09, 113.3] }), /swapped/],
    ['NaN coordinate', site({}, { type: 'Point', coordinates: [Number.NaN, 40] }), /geometry/],
    ['string coordinate', site({}, { type: 'Point', coordinates: ['113', 40] }), /geometry/],
    ['unknown attribute', site({ hoarding_typo: true }), /attribute/],
    ['wrong attribute type', site({ above_scale: 'yes' }), /above_scale/],
    ['enum outside its options', site({ status: 'burning' }), /status/],
    ['required attribute missing', { ...site({}), properties: { name: 'x', status: 'active' } }, /site_type/],
    ['required attribute blank', site({ site_type: ' ' }), /site_type/],
  ])('rejects %s with a reason', (_name, input, reason) => {
    const v = validateFeature(sites, input);
    expect(v.valid).toBe(false);
    if (!v.valid) expect(v.reason).toMatch(reason);
  });

  it('names every required attribute a coal-ban zone lacks (划定文号, 生效日期), absent, null or blank', () => {
    const zone = (props: Record<string, unknown>) => ({
      type: 'Feature',
      properties: { name: '禁煤区', ...props },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113.2, 40],
            [113.21, 40],
            [113.21, 40.01],
            [113.2, 40],
          ],
        ],
      },
    });
    expect(validateFeature(zones, zone({}))).toMatchObject({ valid: false, missing: ['decree', 'effective_date'] });
    expect(validateFeature(zones, zone({ decree: '', effective_date: null }))).toMatchObject({ valid: false, missing: ['decree', 'effective_date'] });
    expect(validateFeature(zones, zone({ decree: '示意', effective_date: ' ' }))).toMatchObject({ valid: false, missing: ['effective_date'] });
    expect(validateFeature(zones, zone({ decree: '示意', effective_date: '2020-10-15' })).valid).toBe(true);
  });

  it('rejects an unclosed ring but accepts polygons with holes and multipolygons', () => {
    // unit squares placed in the district (edits and imports refuse anything outside it)
    const at = (ring: number[][]) => ring.map(([x, y]) => [113.2 + x! / 100, 40 + y! / 100]);
    const open = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          at([
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ]),
        ],
      },
    };
    expect(validateFeature(zones, open)).toMatchObject({ valid: false, reason: expect.stringMatching(/not closed/) });
    const multi = {
      type: 'Feature',
      properties: { name: 'z', decree: '示意', effective_date: '2020-10-15' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            at([
              [0, 0],
              [2, 0],
              [2, 2],
              [0, 2],
              [0, 0],
            ]),
            at([
              [0.5, 0.5],
              [0.5, 1],
              [1, 1],
              [0.5, 0.5],
            ]),
          ],
        ],
      },
    };
    expect(validateFeature(zones, multi).valid).toBe(true);
  });

  it('refuses what cannot be stored: Z/M values, places outside the district, NUL and lone surrogates in text', () => {
    const point = (coordinates: number[], props: Record<string, unknown> = {}) => ({
      type: 'Feature',
      properties: { site_type: 'building', status: 'active', ...props },
      geometry: { type: 'Point', coordinates },
    });
    expect(validateFeature(sites, point([113.3, 40.1])).valid).toBe(true);
    expect(validateFeature(sites, point([113.3, 40.1, 5]))).toMatchObject({ valid: false, reason: expect.stringMatching(/2D/) });
    for (const c of [
      [0, 0],
      [113.3, 5e-324],
      [5e-324, 40.1],
      [-113.3, 40.1],
    ])
      expect(validateFeature(sites, point(c))).toMatchObject({ valid: false, reason: expect.stringMatching(/outside the district/) });
    expect(validateFeature(sites, point([113.3, 40.1], { name: 'a\u0000' }))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^attribute name: .*NUL/),
    });
    expect(validateFeature(sites, point([113.3, 40.1], { permit_no: '\udfff' }))).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^attribute permit_no: .*surrogate/),
    });
    expect(validateFeature(sites, point([113.3, 40.1], { name: '𠮷' })).valid).toBe(true);
  });
});
