/**
 * Runs once per test run (per project): provides the migrated embedded database's dump every test
 * file starts from (tests/helpers/pglite-template.ts). For the PostGIS server (TEST_DATABASE_URL)
 * it makes sure the extension lives in `public`, so per-file test schemas can share it. For the e2e
 * project it builds the client with its test hooks if it is stale, at the same time as the dump.
 * `npm run test:prepare` (tests/helpers/prepare.ts) does both ahead of a run. For the server
 * project it bundles the entry points its tests start as child processes (child-bundles.ts; a
 * third of a second, so every run bundles the sources as they are), removed when the run ends.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildChildBundles } from './child-bundles.ts';
import { ensureClientBuiltAsync } from './client-build.ts';
import { pgliteTemplate } from './pglite-template.ts';

export default async function setup(project: TestProject) {
  if (process.env.CI && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI must set TEST_DATABASE_URL: the suite runs on both databases there, never on one silently.');
  }
  if (process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public');
    await client.end();
  }
  // the browser files run two at a time: their client (with its test hooks) is built once, before they start
  const [template, , children] = await Promise.all([
    pgliteTemplate(),
    project.name === 'e2e' ? ensureClientBuiltAsync('test') : undefined,
    project.name === 'server' ? buildChildBundles() : undefined,
  ]);
  project.provide('pgliteTemplate', template);
  project.provide('childBundles', children?.dir ?? '');
  return children?.remove;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The directory of the child entry points' bundles (server project; child-node.ts). */
    childBundles: string;
  }
}
