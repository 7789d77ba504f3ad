/**
 * One config for the client build (Vite) and the test runner (Vitest projects).
 *  - build: client/ → dist/client, served by the Express server in production.
 *  - dev:   `npm run dev` proxies the API to the server on :8080.
 *  - test:  project "server" (unit, API and reliability tests on both databases) and "e2e" (Chromium),
 *           on one pool of two workers.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = 'http://127.0.0.1:8080';
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
    // Two workers (Vitest's default on 2 cores is one), shared by both projects: they are one group
    // (the same groupOrder), so a worker that finishes its files takes the next one of either project
    // instead of waiting for the slowest file of the other. The browser files come first (project
    // names sort), then the server files, larger first; the small ones fill the end.
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
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Two browser files at a time. Each file has its own app on a loopback port and its own browser
          // contexts; a worker keeps one Chromium and one PGlite across its files, a schema per file
          // (tests/e2e/harness.ts).
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
