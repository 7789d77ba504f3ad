import { fileURLToPath } from 'node:url';

/** Project-relative locations, independent of the working directory the server is started from. */
const root = fileURLToPath(new URL('..', import.meta.url));
export const PATHS = {
  root,
  clientDist: `${root}dist/client`,
  data: `${root}data`,
  demoSeeds: `${root}seeds/demo`,
} as const;
