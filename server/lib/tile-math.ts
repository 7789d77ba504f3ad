/** Web-Mercator tile arithmetic shared by the tile routes and their tests. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
export const MAX_ZOOM = 22;

/**
 * Simplification tolerance in degrees for zoom z: one tile unit (1/4096 of the tile) at the
 * equator. The encoder snaps every vertex to that grid anyway, so nothing finer survives; what
 * does survive below it is work: ST_AsMVTGeom has to repair the collapsed spikes of a polygon
 * simplified less. A quarter unit made the z11 tile holding the 50 000-vertex zone take 22 s
 * in ST_AsMVTGeom; one unit, 0.7 s (docs/PERFORMANCE.md).
 */
export function simplifyTolerance(z: number): number {
  return 360 / 2 ** z / TILE_EXTENT;
}

/**
 * Point layers are thinned below this zoom: the tile is cut into a grid of CLUSTER_CELL-unit cells
 * and each occupied cell becomes one feature (the point with the lowest id, carrying `point_count`
 * when the cell holds more than one point). From this zoom on, every point is sent as it is.
 */
export const CLUSTER_MAX_ZOOM = 13;
/**
 * Cell size in tile units (4096 per tile): 256 units ≈ 32 screen pixels on a 512-px tile, close to
 * the browser clusters' 30–40 px radius. At 8 px (64 units) a z12 view of 100 000 sites held ~30 000
 * marks, each with a count label, and MapLibre took ~20 s to place the labels before the map
 * settled (docs/PERFORMANCE.md, browser case).
 */
export const CLUSTER_CELL = 256;
/** Cells per tile side; CLUSTER_CELL divides TILE_EXTENT, so cell grids of neighbouring tiles line up. */
export const CLUSTER_CELLS = TILE_EXTENT / CLUSTER_CELL;
/** The most features a thinned tile can hold: every cell of the tile and its buffer occupied. */
export const MAX_CLUSTERED_FEATURES = (CLUSTER_CELLS + 2 * Math.ceil(TILE_BUFFER / CLUSTER_CELL)) ** 2;

export function clustersAt(z: number): boolean {
  return z <= CLUSTER_MAX_ZOOM;
}

/** The XYZ tile (Web Mercator) holding a WGS84 position at zoom z, as [z, x, y]. */
export function tileAt(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}
