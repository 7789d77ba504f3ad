import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/catalogue/index.ts';
import { dbfFieldNames, fieldMapper } from './fields.ts';

const sites = findLayer('construction_sites')!;

describe('fieldMapper', () => {
  const map = fieldMapper(sites);

  it('maps keys, Chinese and English labels, and 10-character DBF names onto attribute keys', () => {
    const r = map({
      名称: '甲',
      工地类型: '房屋建筑',
      Status: 'Active',
      stockpile_: 'T',
      '视频监控(是/否)': '是',
      开工日期: '2023年5月8日',
      OBJECTID: 7,
      备注: 'x',
    });
    expect(r.properties).toEqual({ name: '甲', site_type: 'building', status: 'active', stockpile_covered: true, video: true, start_date: '2023-05-08' });
    expect(r.unknown).toEqual(['备注']); // OBJECTID is bookkeeping: ignored without a warning
  });

  it('leaves values that do not fit for the schema to reject, and treats blanks as absent', () => {
    expect(map({ status: 'demolished', above_scale: 'maybe', developer: '  ', permit_no: 123 }).properties).toEqual({
      status: 'demolished',
      above_scale: 'maybe',
      permit_no: '123',
    });
  });

  it('gives every layer unique DBF names of at most 10 characters', async () => {
    const { LAYERS } = await import('../layers/catalogue/index.ts');
    for (const layer of LAYERS) {
      const names = [...dbfFieldNames(layer).values()];
      expect(
        names.every((n) => n.length <= 10 && /^[a-z0-9_]+$/.test(n)),
        layer.id,
      ).toBe(true);
      expect(new Set(names.map((n) => n.toLowerCase())).size, layer.id).toBe(names.length);
    }
  });
});
