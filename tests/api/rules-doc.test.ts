/**
 * docs/RULES.md and the rule catalogue must agree: one table row per rule, with the rule's article
 * and site layer, and every test file it names must exist. A rule added without a row, or a row
 * left behind after a rule is removed, fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import { PATHS } from '../../server/paths.ts';

const ROOT = PATHS.root;
const doc = readFileSync(join(ROOT, 'docs', 'RULES.md'), 'utf8');

interface Row {
  article: string;
  id: string;
  layer: string;
  tests: string[];
}

/** Rows of the table whose second cell is a rule id in backticks. */
function rows(): Row[] {
  return doc
    .split('\n')
    .filter((line) => /^\|\s*[\d, ]+\s*\|\s*`[a-z_.]+`\s*\|/.test(line))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return { article: cells[0]!, id: cells[1]!.replaceAll('`', ''), layer: cells[2]!, tests: cells[6]!.split(',').map((t) => t.trim()) };
    });
}

it('has exactly one row per rule, in catalogue order', () => {
  expect(rows().map((r) => r.id)).toEqual(RULES.map((r) => r.id));
});

it('gives each rule its article and site layer as the catalogue does', () => {
  for (const row of rows()) {
    const rule = RULES.find((r) => r.id === row.id)!;
    expect({ id: row.id, article: row.article, layer: row.layer }).toEqual({ id: rule.id, article: rule.article, layer: rule.siteLayer });
  }
});

it('names test files that exist', () => {
  for (const row of rows()) {
    expect(row.tests.length, row.id).toBeGreaterThan(0);
    for (const t of row.tests) expect(existsSync(join(ROOT, t.includes('/') ? t : join('tests', 'api', t))), `${row.id}: ${t}`).toBe(true);
  }
});

it('says which articles are out of scope', () => {
  expect(doc).toMatch(/## Articles out of scope, and why/);
  for (const article of ['1', '2', '3', '5', '8', '14', '16']) expect(doc, article).toMatch(new RegExp(`^\\| ${article} \\|`, 'm'));
});
