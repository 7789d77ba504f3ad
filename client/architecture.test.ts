/**
 * The client's import arrows (client/README.md), checked on every test run:
 * components → hooks → (api | map), map → layers; only map/ imports maplibre-gl at run time;
 * lib/ and layers/ stay pure; server code only as types; nothing imports tests/.
 * Type-only imports (`import type`) cross freely: they vanish from the bundle.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, sourceFiles as files } from '../tests/helpers/imports.ts';

const ROOT = dirname(fileURLToPath(import.meta.url));
const edges = importEdges(ROOT);

const area = (path: string) => path.split('/')[0]!;
const runtime = edges.filter((e) => !e.typeOnly);

describe('client import rules', () => {
  it('finds the imports it checks', () => {
    expect(runtime.length).toBeGreaterThan(50);
  });

  it('lets only map/ import maplibre-gl', () => {
    expect(runtime.filter((e) => e.to.startsWith('maplibre-gl') && area(e.from) !== 'map')).toEqual([]);
  });

  it('keeps components away from api/ and map/ (they go through hooks/)', () => {
    expect(runtime.filter((e) => area(e.from) === 'components' && ['api', 'map'].includes(area(e.to)))).toEqual([]);
  });

  it('keeps lib/ and layers/ pure: no React, no fetch modules, no map', () => {
    const impure = runtime.filter(
      (e) => ['lib', 'layers'].includes(area(e.from)) && (/^react/.test(e.to) || ['api', 'map', 'hooks', 'components'].includes(area(e.to))),
    );
    expect(impure).toEqual([]);
  });

  it('lets map/ use layers/ and lib/ but not React, hooks or components', () => {
    expect(runtime.filter((e) => area(e.from) === 'map' && (/^react/.test(e.to) || ['hooks', 'components', 'api'].includes(area(e.to))))).toEqual([]);
  });

  it('imports server code only as types, and never tests/', () => {
    expect(runtime.filter((e) => e.to.startsWith('../server') || e.to.startsWith('../tests'))).toEqual([]);
    expect(edges.filter((e) => e.to.startsWith('../tests'))).toEqual([]);
  });

  it('reads import.meta.env only in config.ts', () => {
    const readers = files(ROOT)
      .filter((f) => readFileSync(f, 'utf8').includes('import.meta.env'))
      .map((f) => relative(ROOT, f));
    expect(readers).toEqual(['config.ts']);
  });
});
