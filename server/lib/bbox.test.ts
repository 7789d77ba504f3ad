import { describe, expect, it } from 'vitest';
import { bboxParts, parseBbox } from './bbox.ts';

describe('parseBbox', () => {
  it('parses four finite numbers in order', () => {
    expect(parseBbox('113.2,39.9,113.4,40.2')).toEqual({ ok: true, bbox: [113.2, 39.9, 113.4, 40.2] });
  });
  it.each(['', '1,2,3', '1,2,3,4,5', 'a,b,c,d', '1,,3,4', 'Infinity,0,1,1', '1e309,0,1,1', '113,41,114,40', '0,-91,1,1', '-181,0,1,1', '181,0,170,1'])(
    'rejects %j with a reason',
    (text) => {
      const r = parseBbox(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
    },
  );
  it('takes west > east as a box across the antimeridian and splits it in two', () => {
    const r = parseBbox('170,0,-170,10');
    expect(r).toEqual({ ok: true, bbox: [170, 0, -170, 10] });
    if (r.ok)
      expect(bboxParts(r.bbox)).toEqual([
        [170, 0, 180, 10],
        [-180, 0, -170, 10],
      ]);
    expect(bboxParts([113, 40, 114, 41])).toEqual([[113, 40, 114, 41]]);
  });
});
