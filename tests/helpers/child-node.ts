/**
 * How tests run a TypeScript entry point (the server, the admin and backup CLIs, the import child)
 * in a child node process: `node <childNodeArgs(entry)>`, the entry's bundle made by this run's
 * global setup (child-bundles.ts says why a bundle, not tsx).
 *
 * These children live seconds, and V8's defaults are made for long-lived ones: it compiles all of
 * PGlite's WebAssembly (postgres and PostGIS, tens of MB) up front at every open, and recompiles the
 * hot functions with its optimising compiler (TurboFan) on background threads. A child killed a few
 * seconds later never earns that back. `--wasm-lazy-compilation` compiles a function on its first
 * call, `--liftoff-only` keeps the baseline code: the same program, ~0.6 s less CPU per embedded
 * start (server/admin.ts `reset` on an embedded data dir: 3.4 → 2.8 CPU-s), and less over the
 * whole life of a busy child too (tests/reliability/batch-memory.test.ts, 100 000 rows through the
 * server on both databases: 41.5 → 34.8 CPU-s for the file). Production and the benchmarks keep
 * V8's defaults (bench/server-process.ts): a server that runs for days wants the optimised code.
 */
import { inject } from 'vitest';
import { type ChildEntry, childBundle } from './child-bundles.ts';

/** V8's options for short-lived children. */
const SHORT_LIVED = ['--wasm-lazy-compilation', '--liftoff-only'];

/** node's arguments that run `entry` (a path from the project root) as a test child; source maps so that its stack traces name our files. */
export const childNodeArgs = (entry: ChildEntry): string[] => [...SHORT_LIVED, '--enable-source-maps', childBundle(inject('childBundles'), entry)];

/** The sources through tsx (which maps stack traces itself), as `npm start` runs them (tests/api/startup.test.ts). */
export const CHILD_TS_ARGS = [...SHORT_LIVED, '--import', 'tsx'];
