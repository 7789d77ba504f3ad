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

  it('reads hemisphere-marked decimals, letters or Chinese words, before or after the number', () => {
    expect(parseCoordinate('40.1N')).toBe(40.1);
    expect(parseCoordinate('113.3 E')).toBe(113.3);
    expect(parseCoordinate('33.9S')).toBe(-33.9);
    expect(parseCoordinate('北纬40.1')).toBe(40.1);
    expect(parseCoordinate('东经 113.3')).toBe(113.3);
    expect(parseCoordinate('W70.5')).toBe(-70.5);
    expect(parseCoordinate('40.1Q')).toBeNull();
  });

  it('puts a latitude-first pair the right way round when the text or the numbers say so, and only then', () => {
    expect(parsePair('40.1N, 113.3E')).toEqual([113.3, 40.1]);
    expect(parsePair('40.1N 113.3E')).toEqual([113.3, 40.1]);
    expect(parsePair('北纬40.0851，东经113.3035')).toEqual([113.3035, 40.0851]);
    expect(parsePair('113.3E, 40.1N')).toEqual([113.3, 40.1]);
    expect(parsePair('40°5′6″N, 113°18′12.6″E')).toEqual([expect.closeTo(113.3035, 6), expect.closeTo(40.085, 6)]);
    expect(parsePair('40.09, 113.30')).toEqual([113.3, 40.09]); // 113.3 cannot be a latitude
    expect(parsePair('60.5, 70.2')).toEqual([60.5, 70.2]); // ambiguous: kept as typed
    expect(parsePair('543210.5, 4437800')).toEqual([543210.5, 4437800]); // metres are never swapped
    expect(parsePair('40.1N, 50.2S')).toBeNull(); // two latitudes
  });
});
