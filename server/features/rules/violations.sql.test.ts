import { describe, expect, it } from 'vitest';
import { insideZoneSql } from '../../lib/inside-zone.sql.ts';
import { RULES } from './catalogue/index.ts';
import { violationQuery } from './violations.sql.ts';

const placeholders = (sql: string) => [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));

describe('violationQuery', () => {
  const filter = {
    bbox: [113.1, 39.9, 113.5, 40.3] as [number, number, number, number],
    streetId: 77,
    zone: { layerId: 'coal_ban_zones', id: 99 },
    featureId: 5,
  };

  it.each(RULES.map((r) => [r.id, r] as const))('%s: every placeholder has a value and every value a placeholder', (_id, rule) => {
    for (const f of [{}, filter]) {
      const q = violationQuery(rule, f);
      const used = new Set(placeholders(q.sql));
      expect([...used].sort((a, b) => a - b)).toEqual(q.params.map((_, i) => i + 1));
    }
  });

  it('keeps filter values out of the SQL text', () => {
    const q = violationQuery(RULES[0]!, filter);
    expect(q.sql).not.toMatch(/113\.1|39\.9|\b77\b|\b99\b|coal_ban_zones/);
    expect(q.params).toEqual(expect.arrayContaining([113.1, 39.9, 77, 'coal_ban_zones', 99, 5]));
  });

  it('joins zones only for spatial rules, and adds geometry columns only when asked', () => {
    const spatial = violationQuery(RULES.find((r) => r.id === 'coal_ban.sales_point')!);
    expect(spatial.sql).toContain(insideZoneSql('z.geom', 's.geom'));
    expect(spatial.sql).not.toContain('ST_AsGeoJSON');
    const plain = violationQuery(RULES.find((r) => r.id === 'site.video')!, {}, { geometry: true });
    expect(plain.sql).not.toContain('JOIN features z');
    expect(plain.sql).toContain('ST_AsGeoJSON(s.geom, 9) AS geometry');
  });
});
