import { describe, expect, it } from 'vitest';
import { formatArea, formatPct } from './area.ts';

const num = (v: number, d?: number) => new Intl.NumberFormat('en', d === undefined ? {} : { maximumFractionDigits: d }).format(v);

describe('formatArea', () => {
  it('keeps square metres below 0.1 km² and rounds them', () => {
    expect(formatArea(0.4, num)).toBe('0 m²');
    expect(formatArea(12_345.6, num)).toBe('12,346 m²');
    expect(formatArea(99_999, num)).toBe('99,999 m²');
  });
  it('switches to km² with two decimals from 0.1 km²', () => {
    expect(formatArea(100_000, num)).toBe('0.1 km²');
    expect(formatArea(3_456_789, num)).toBe('3.46 km²');
  });
});

describe('formatPct', () => {
  it('rounds to one decimal and shows a dash for no value', () => {
    expect(formatPct(87.349, num)).toBe('87.3 %');
    expect(formatPct(100, num)).toBe('100 %');
    expect(formatPct(null, num)).toBe('—');
  });
});
