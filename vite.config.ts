/**
 * One config for the client build (Vite) and the test runner (Vitest projects).
 *  - build: client/ → dist/client, served by the Express server in production.
 *  - dev:   `npm run dev` proxies the API to the server on :8080.
 *  - test:  project "server" (unit + API tests on both databases), project "e2e" (Chromium).
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
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': toServer, '/ogc': api, '/data': api, '/tiles': api } },
  test: {
    root: '.',
    globalSetup: ['tests/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'seeds/**/*.test.ts', 'client/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/reliability/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
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
        },
      },
    ],
  },
});
