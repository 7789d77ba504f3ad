import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.ts';

describe('mergePatch (RFC 7396)', () => {
  it('merges objects, removes keys patched with null, replaces arrays whole', () => {
    const target = { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { a: 1, b: 2, c: { d: 1 } } };
    const patch = { geometry: { coordinates: [3, 4] }, properties: { b: null, c: { e: 2 }, f: 'x' } };
    expect(mergePatch(target, patch)).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3, 4] },
      properties: { a: 1, c: { d: 1, e: 2 }, f: 'x' },
    });
  });
  it('follows the RFC appendix examples that matter here', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'foo' }, null)).toBeNull();
    expect(mergePatch(['a', 'b'], { a: 'b', c: null })).toEqual({ a: 'b' });
  });
  it('does not change its inputs', () => {
    const target = { p: { a: 1 } };
    mergePatch(target, { p: { a: null } });
    expect(target).toEqual({ p: { a: 1 } });
  });
});
