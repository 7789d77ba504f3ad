import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../api/types.ts';
import { attributeRows, formatValue, type Words } from './format.ts';

const zh: Words = { lang: 'zh', yes: '是', no: '否', empty: '—', number: (v) => v.toLocaleString('zh-CN') };
const stage: AttributeDef = {
  key: 'emission_stage',
  type: 'enum',
  label: { zh: '排放阶段', en: 'Emission stage' },
  options: [
    { value: 'II', label: { zh: '国二', en: 'China II' } },
    { value: 'III', label: { zh: '国三', en: 'China III' } },
  ],
};

describe('attribute values in words', () => {
  it('names enumeration values in the chosen language', () => {
    expect(formatValue(stage, 'II', zh)).toBe('国二');
    expect(formatValue(stage, 'III', { ...zh, lang: 'en' })).toBe('China III');
  });

  it('shows an unknown enumeration value as it is rather than hiding it', () => {
    expect(formatValue(stage, 'V', zh)).toBe('V');
  });

  it('says yes or no for booleans and keeps units on numbers', () => {
    expect(formatValue({ key: 'v', type: 'boolean', label: { zh: '', en: '' } }, false, zh)).toBe('否');
    expect(formatValue({ key: 'n', type: 'number', label: { zh: '', en: '' }, unit: 't' }, 5200, zh)).toBe('5,200 t');
    expect(formatValue({ key: 'n', type: 'number', label: { zh: '', en: '' } }, null, zh)).toBe('—');
  });

  it('lists catalogue attributes in order, then properties the catalogue does not know', () => {
    const rows = attributeRows([stage], { name: 'x', is_demo: true, emission_stage: 'II', extra: 1 }, zh);
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['排放阶段', '国二'],
      ['extra', '1'],
    ]);
  });
});
