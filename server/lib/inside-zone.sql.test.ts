import { describe, expect, it } from 'vitest';
import { expandInsideZone, insideZoneSql } from './inside-zone.sql.ts';

describe('expandInsideZone', () => {
  it('expands the placeholder, splitting at the comma outside parentheses', () => {
    const sql = 'SELECT 1 FROM a JOIN b ON {{inside a.geom, ST_PointOnSurface(b.geom)}} WHERE x';
    expect(expandInsideZone(sql)).toBe(`SELECT 1 FROM a JOIN b ON ${insideZoneSql('a.geom', 'ST_PointOnSurface(b.geom)')} WHERE x`);
  });

  it('refuses a placeholder without two arguments', () => {
    expect(() => expandInsideZone('{{inside a.geom}}')).toThrow(/two arguments/);
  });
});
