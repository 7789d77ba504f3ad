/** The coordinate systems the site check accepts (server/lib/crs.ts), and which are projected. */
import type { CrsId } from '../api/types.ts';

export const CRS_LIST: readonly CrsId[] = ['wgs84', 'cgcs2000', 'epsg4547', 'epsg4526', 'gcj02', 'bd09'];

/** Projected systems take x = easting, y = northing (metres); the others lng/lat (degrees). */
export const PROJECTED_CRS: readonly CrsId[] = ['epsg4547', 'epsg4526'];

export const isProjected = (crs: CrsId) => PROJECTED_CRS.includes(crs);
