import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHS } from '../paths.ts';
import { sourceFiles } from '../../tests/helpers/imports.ts';
import { insideDistrictExtent } from './crs.ts';
import { DISTRICT_BBOX, DISTRICT_BBOX_WIDE } from './district.ts';

describe('district extent', () => {
  it('is written down once (data/district.json), not copied into code', () => {
    const copies = ['client', 'server', 'seeds', 'bench']
      .flatMap((dir) => sourceFiles(join(PATHS.root, dir)))
      .filter((f) => /113\.201\b|113\.397\b|39\.981\b|40\.175\b/.test(readFileSync(f, 'utf8')) && !f.includes('/seeds/geography.ts'));
    expect(copies).toEqual([]);
  });

  it('widens by the margin for warnings, so every corner of the extent counts as inside', () => {
    const [w, s, e, n] = DISTRICT_BBOX;
    expect(DISTRICT_BBOX_WIDE[0]).toBeLessThan(w);
    expect(DISTRICT_BBOX_WIDE[3]).toBeGreaterThan(n);
    const corners: [number, number][] = [
      [w, s],
      [w, n],
      [e, s],
      [e, n],
    ];
    for (const corner of corners) expect(insideDistrictExtent(corner)).toBe(true);
    expect(insideDistrictExtent([DISTRICT_BBOX_WIDE[2] + 0.001, n])).toBe(false);
  });
});
