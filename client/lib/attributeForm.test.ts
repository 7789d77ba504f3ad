import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../api/types.ts';
import { changedFields, fromFormValues, toFormValues } from './attributeForm.ts';

const defs: AttributeDef[] = [
  { key: 'code', type: 'text', label: { zh: '编号', en: 'Code' }, required: true },
  { key: 'area', type: 'number', label: { zh: '面积', en: 'Area' }, min: 0 },
  { key: 'count', type: 'integer', label: { zh: '台数', en: 'Count' } },
  { key: 'ok', type: 'boolean', label: { zh: '达标', en: 'OK' } },
  { key: 'since', type: 'date', label: { zh: '日期', en: 'Since' } },
  { key: 'kind', type: 'enum', label: { zh: '类型', en: 'Kind' }, options: [{ value: 'a', label: { zh: '甲', en: 'A' } }] },
];

describe('the attribute form', () => {
  it('round-trips properties through form values', () => {
    const props = { name: '一号区', code: 'Z1', area: 12.5, count: 3, ok: false, since: '2023-05-01', kind: 'a', is_demo: true };
    const v = toFormValues(defs, props);
    expect(v).toEqual({ name: '一号区', code: 'Z1', area: '12.5', count: '3', ok: 'false', since: '2023-05-01', kind: 'a' });
    const back = fromFormValues(defs, v);
    expect(back).toEqual({ ok: true, properties: { name: '一号区', code: 'Z1', area: 12.5, count: 3, ok: false, since: '2023-05-01', kind: 'a' } });
  });

  it('leaves empty optional fields out and reports each bad field', () => {
    expect(fromFormValues(defs, { name: '', code: 'Z', area: '', count: '', ok: '', since: '', kind: '' })).toEqual({ ok: true, properties: { code: 'Z' } });
    const bad = fromFormValues(defs, { code: ' ', area: '-1', count: '1.5', ok: '', since: '2023-13-45', kind: 'b' });
    expect(bad).toEqual({ ok: false, problems: { code: 'required', area: 'min', count: 'integer', since: 'date', kind: 'enum' } });
    expect(fromFormValues(defs, { code: 'x', area: 'abc' })).toEqual({ ok: false, problems: { area: 'number' } });
  });

  it('names the fields two versions differ in, geometry included', () => {
    const g1 = { type: 'Point', coordinates: [1, 2] };
    const a = { geometry: g1, properties: { name: 'A', code: '1', is_demo: true } };
    const b = { geometry: { type: 'Point', coordinates: [1, 3] }, properties: { name: 'A', code: '2', note: 'x', is_demo: false } };
    expect(changedFields(a, b)).toEqual(['code', 'note', 'geometry']);
    expect(changedFields(a, a)).toEqual([]);
    expect(changedFields(null, b)).toEqual([]);
  });
});
