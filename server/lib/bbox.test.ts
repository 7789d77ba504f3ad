import { describe, expect, it } from 'vitest';
import { parseBbox } from './bbox.ts';

describe('parseBbox', () => {
  it('parses four finite numbers in order', () => {
    expect(parseBbox('113.2,39.9,113.4,40.2')).toEqual({ ok: true, bbox: [113.2, 39.9, 113.4, 40.2] });
  });
  it.each(['', '1,2,3', '1,2,3,4,5', 'a,b,c,d', '1,,3,4', 'Infinity,0,1,1', '1e309,0,1,1', '113,40,112,41', '0,-91,1,1', '-181,0,1,1'])(
    'rejects %j with a reason',
    (text) => {
      const r = parseBbox(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
    },
  );
});
