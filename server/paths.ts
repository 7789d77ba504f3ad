import { fileURLToPath } from 'node:url';

/** Project-relative locations, independent of the working directory the server is started from. */
const root = fileURLToPath(new URL('..', import.meta.url));
export const PATHS = {
  root,
  clientDist: `${root}dist/client`,
  /** The same client built with the browser tests' hooks (tests/helpers/client-build.ts); never served in production. */
  clientDistTest: `${root}dist/client-test`,
  data: `${root}data`,
  demoSeeds: `${root}seeds/demo`,
} as const;
