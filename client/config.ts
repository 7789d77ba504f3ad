/**
 * The only reader of import.meta.env. Everything the client needs to know about where it runs is
 * decided here once; the rest of the code receives these values.
 */
import district from '../data/district.json';

export const CONFIG = {
  /** Base path of the server API (same origin: the server serves the built client). */
  apiBase: (import.meta.env.VITE_API_BASE as string | undefined) ?? '',
  /** Where the offline basemap geometry is served (data/basemap on the server). */
  basemapBase: '/data/basemap',
  /** Point layers with more points than this are clustered in a web worker. */
  workerClusterThreshold: 5000,
  /** Pingcheng District's approximate extent (WGS84, data/district.json): the default view. */
  districtBounds: district.extent as [number, number, number, number],
  /** The map may not be panned further than this (the district with a wide margin). */
  maxBounds: [112.7, 39.65, 113.9, 40.5] as [number, number, number, number],
  isDev: import.meta.env.DEV,
} as const;

/**
 * Hooks for the browser tests (window.__pcMap, window.__pcMapInstance): on in dev and in the build
 * the tests make with VITE_TEST_HOOKS=true (tests/helpers/client-build.ts). A production build sees
 * the constant false and drops the hooks' code (tests/api/static-assets.test.ts checks it); a
 * top-level constant, because the bundler folds it where an object's property stays a runtime test.
 */
export const TEST_HOOKS: boolean = import.meta.env.DEV || import.meta.env.VITE_TEST_HOOKS === 'true';
