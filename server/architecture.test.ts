/**
 * The server's layering, checked on every test run (README "Architecture in ten lines"):
 * routes → service → repo → db. Routes hold no SQL, only repos and db/ send queries, services and
 * repos know nothing of HTTP (they raise domain errors; server/http decides the status), a feature
 * never reaches into another feature's repo, and only db/ opens a database driver (server/backup.ts
 * included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, sourceFiles } from '../tests/helpers/imports.ts';

const ROOT = dirname(fileURLToPath(import.meta.url));
const edges = importEdges(ROOT);
const sources = sourceFiles(ROOT).map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

/** SQL statements written as text (keywords in capitals, as every query here is written). */
const SQL_TEXT = /\b(SELECT\s|INSERT\s+INTO\b|DELETE\s+FROM\b|UPDATE\s+[a-z_]+\s+SET\b|ST_[A-Z][A-Za-z]+\()/;
/** A call that sends SQL: db.query(…), tx.query<R>(…), copyFrom(…); `req.query` is not a call. */
const QUERY_CALL = /\.(query|copyFrom)\s*(<[^>()]*>)?\s*\(/;

const isRepo = (p: string) => p.endsWith('.repo.ts');
const inDb = (p: string) => p.startsWith('db/');
/** SQL builders a repo composes (rules' violation query). */
const isSqlBuilder = (p: string) => p.endsWith('.sql.ts');
const feature = (p: string) => /^features\/([^/]+)\//.exec(p)?.[1];

describe('server layering', () => {
  it('finds the files and imports it checks', () => {
    expect(sources.filter((s) => s.path.endsWith('.routes.ts')).length).toBeGreaterThan(10);
    expect(sources.filter((s) => isRepo(s.path)).length).toBeGreaterThan(10);
    expect(edges.length).toBeGreaterThan(200);
  });

  it('keeps SQL text in repos, SQL builders and db/ only (routes and services hold none)', () => {
    const offenders = sources.filter((s) => !isRepo(s.path) && !inDb(s.path) && !isSqlBuilder(s.path) && SQL_TEXT.test(s.text)).map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it('lets only repos and db/ send queries', () => {
    const offenders = sources
      .filter((s) => !isRepo(s.path) && !inDb(s.path))
      .flatMap((s) => s.text.split('\n').flatMap((line, i) => (QUERY_CALL.test(line) ? [`${s.path}:${i + 1}`] : [])));
    expect(offenders).toEqual([]);
  });

  it('keeps routes away from repos and db/ at run time', () => {
    const offenders = edges.filter((e) => e.from.endsWith('.routes.ts') && !e.typeOnly && (isRepo(e.to) || inDb(e.to)));
    expect(offenders).toEqual([]);
  });

  it('keeps HTTP out of services, repos, SQL builders, db/ and lib/: they raise status-free domain errors', () => {
    const domain = (p: string) => /\.(service|repo|sql)\.ts$/.test(p) || inDb(p) || p.startsWith('lib/');
    const offenders = edges.filter((e) => domain(e.from) && (e.to === 'express' || e.to.startsWith('http/')));
    expect(offenders).toEqual([]);
    expect(edges.filter((e) => e.from.endsWith('.service.ts')).length).toBeGreaterThan(20);
  });

  it('decides HTTP statuses only at the edge: no status-carrying error outside server/http', () => {
    const offenders = sources.filter((s) => !s.path.startsWith('http/') && /\bAppError\b|\bstatus:\s*4\d\d\b/.test(s.text)).map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it("never lets a feature import another feature's repo", () => {
    const offenders = edges.filter((e) => isRepo(e.to) && feature(e.from) !== feature(e.to));
    expect(offenders).toEqual([]);
  });

  it('opens database drivers only in db/ (server/backup.ts goes through it too)', () => {
    const drivers = /^(pg|pg-[a-z-]+|@electric-sql\/.*)$/;
    const offenders = edges.filter((e) => drivers.test(e.to) && !e.typeOnly && !inDb(e.from));
    expect(offenders).toEqual([]);
    expect(edges.some((e) => e.from === 'backup.ts' && e.to.startsWith('db/'))).toBe(true);
  });

  it('gives every feature with routes a *.contract.ts (its requests, responses and endpoint list)', () => {
    const withRoutes = new Set(sources.filter((s) => s.path.endsWith('.routes.ts')).map((s) => feature(s.path)));
    const withContract = new Set(sources.filter((s) => s.path.endsWith('.contract.ts')).map((s) => feature(s.path)));
    const missing = [...withRoutes].filter((f) => f && !withContract.has(f)).sort();
    expect(withRoutes.size).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('reads its sources from the server tree', () => {
    expect(sources.some((s) => s.path === join('features', 'layers', 'layers.routes.ts'))).toBe(true);
  });
});

describe('file names outside client/', () => {
  it('are lower-case, words joined by - (or _ for layer and rule ids), roles and kinds as dotted suffixes (README "Code conventions")', () => {
    const code = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? code(join(dir, e.name)) : /\.(ts|sql)$/.test(e.name) ? [relative(join(ROOT, '..'), join(dir, e.name))] : [],
      );
    const files = ['server', 'seeds', 'bench', 'tests'].flatMap((d) => code(join(ROOT, '..', d)));
    expect(files.length).toBeGreaterThan(300);
    expect(files.filter((f) => !/^[a-z0-9]+([-_][a-z0-9]+)*(\.[a-z0-9]+)*$/.test(f.split('/').at(-1)!))).toEqual([]);
    // `_` only where the name is an id written so elsewhere: a layer (its catalogue, style and seed
    // files), a rule group, or SQL (migrations and query files, named like the tables they touch)
    const snakeAllowed = (f: string) => f.endsWith('.sql') || /\.(layer|rules)\.ts$/.test(f) || f.startsWith('seeds/layers/');
    expect(files.filter((f) => f.split('/').at(-1)!.includes('_') && !snakeAllowed(f))).toEqual([]);
  });
});
