import { describe, expect, it } from 'vitest';
import { guard, parseCoordinate } from './csv.ts';

describe('parseCoordinate', () => {
  it.each([
    ['113.331245', 113.331245],
    ['-0.5', -0.5],
    ['4439993.963', 4439993.963],
    ['113°19′52.482″', 113 + 19 / 60 + 52.482 / 3600],
    ['40°05\'32.3448"', 40 + 5 / 60 + 32.3448 / 3600],
    ['113度19分52.482秒', 113 + 19 / 60 + 52.482 / 3600],
    ['113°19′', 113 + 19 / 60],
    ['40°5′32″N', 40 + 5 / 60 + 32 / 3600],
  ])('%s', (text, want) => expect(parseCoordinate(text)).toBeCloseTo(want, 10));

  it('is NaN for what is not a coordinate', () => {
    expect(parseCoordinate('abc')).toBeNaN();
    expect(parseCoordinate('113,3')).toBeNaN();
  });
});

describe('guard (CSV formula injection)', () => {
  it('prefixes text that a spreadsheet would evaluate, and nothing else', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', '\rx'].map(guard)).toEqual(["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx"]);
    expect([-1, 5, true, '平城', 'a=b', null].map(guard)).toEqual([-1, 5, true, '平城', 'a=b', '']);
  });
});
