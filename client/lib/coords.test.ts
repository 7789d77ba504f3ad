import { describe, expect, it } from 'vitest';
import { parseCoordinate, parsePair } from './coords.ts';

describe('reading typed coordinates', () => {
  it('reads decimal degrees and metres', () => {
    expect(parseCoordinate(' 113.3035 ')).toBe(113.3035);
    expect(parseCoordinate('4437912.5')).toBe(4437912.5);
    expect(parseCoordinate('-0.5')).toBe(-0.5);
  });

  it('reads degrees, minutes and seconds with Latin or Chinese marks', () => {
    expect(parseCoordinate('113°18′12.6″E')).toBeCloseTo(113.3035, 6);
    expect(parseCoordinate('40度5分6秒北')).toBeCloseTo(40.085, 6);
    expect(parseCoordinate('113° 18\' 12.6" W')).toBeCloseTo(-113.3035, 6);
  });

  it('rejects what is not a coordinate', () => {
    for (const bad of ['', 'abc', '113.3.5', '0x10', '40°75′', '1e309']) expect(parseCoordinate(bad)).toBeNull();
  });

  it('splits a pasted pair', () => {
    expect(parsePair('113.30, 40.09')).toEqual([113.3, 40.09]);
    expect(parsePair('113.30，40.09')).toEqual([113.3, 40.09]);
    expect(parsePair('113.30 40.09')).toEqual([113.3, 40.09]);
    expect(parsePair('113.30')).toBeNull();
  });
});
