/**
 * One config for the client build (Vite) and the test runner (Vitest projects).
 *  - build: client/ → dist/client, served by the Express server in production.
 *  - dev:   `npm run dev` proxies the API to the server on :8080.
 *  - test:  project "server" (unit + API tests on both databases, two workers), "server-serial"
 *           (crash tests, alone), "e2e" (Chromium). `--project 'server*'` runs both server projects.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = 'http://127.0.0.1:8080';
/** Test files that must not share the machine with other tests (vitest project server-serial). */
const SERIAL = ['tests/reliability/crash-consistency.test.ts'];
// client/api/*.ts are source modules under the same /api prefix: serve those, proxy the rest.
const toServer = {
  target: api,
  bypass: (req: { url?: string }) => (/^\/api\/[^?]*\.tsx?(\?|$)/.test(req.url ?? '') ? req.url : undefined),
};

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react()],
  // manifest: which chunks the entry loads up front (bench/first-page.test.ts sums them against the budget)
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, manifest: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': toServer, '/ogc': api, '/data': api, '/tiles': api } },
  test: {
    root: '.',
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Two workers (Vitest's default on 2 cores is one). Projects run group by group (groupOrder):
    // the server tests two at a time, then the crash test alone, then the browser tests alone.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: [
            'server/**/*.test.ts',
            'seeds/**/*.test.ts',
            'client/**/*.test.ts',
            'tests/api/**/*.test.ts',
            'tests/reliability/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: [...SERIAL],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A worker runs many files: it keeps one migrated PGlite and gives each file a schema on it
          // (tests/helpers/db.ts) instead of loading a copy per file.
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Tests that kill a server mid-write: alone on the machine, after the parallel ones.
          name: 'server-serial',
          include: [...SERIAL],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // one worker for all browser files: one PGlite (a schema per file) and one Chromium (tests/e2e/harness.ts)
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
