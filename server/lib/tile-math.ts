/** Web-Mercator tile arithmetic shared by the tile routes and their tests. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
export const MAX_ZOOM = 22;

export function isValidTile(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y)) return false;
  if (z < 0 || z > MAX_ZOOM) return false;
  const n = 2 ** z;
  return x >= 0 && x < n && y >= 0 && y < n;
}

/**
 * Simplification tolerance in degrees for zoom z: a quarter of a tile-pixel (at extent 4096) at
 * the equator. Under a pixel the change is invisible; over it, polygons lose shape.
 */
export function simplifyTolerance(z: number): number {
  return 360 / 2 ** z / TILE_EXTENT / 4;
}
