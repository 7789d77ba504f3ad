/**
 * The client's import arrows (client/README.md), checked on every test run:
 * components → hooks → (api | map), map → layers; only map/ imports maplibre-gl at run time;
 * lib/ and layers/ stay pure; server code only as types; nothing imports tests/.
 * Type-only imports (`import type`) cross freely: they vanish from the bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
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

  it('names files as client/README.md says: components PascalCase, classes after their class, the rest camelCase', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : /\.(tsx?|css)$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const named = walk(ROOT).map((f) => relative(ROOT, f));
    const stem = (path: string) => basename(path).split('.')[0]!;
    const pascal = /^[A-Z][A-Za-z0-9]*$/;
    const camel = /^[a-z][A-Za-z0-9]*$/;
    const wrong = named.filter((path) => {
      const name = stem(path);
      if (area(path) === 'components') return !pascal.test(name);
      if (area(path) === 'layers') return !/^[a-z][a-z0-9_]*$/.test(name); // layer ids, snake_case
      if (area(path) === 'i18n' && /^[a-z]{2}(-[A-Z]{2})?$/.test(name)) return false; // locales by their tag: zh-CN, en
      if (pascal.test(name)) return !readFileSync(join(ROOT, path), 'utf8').includes(`class ${name} `);
      return !camel.test(name);
    });
    expect(named.length).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('reads import.meta.env only in config.ts', () => {
    const readers = files(ROOT)
      .filter((f) => readFileSync(f, 'utf8').includes('import.meta.env'))
      .map((f) => relative(ROOT, f));
    expect(readers).toEqual(['config.ts']);
  });
});
