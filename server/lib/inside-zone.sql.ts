/**
 * "This site lies in this zone": the one definition every path uses — the site check
 * (/api/check), the violation scan (/api/violations and exports with `violations=only`), the
 * street office a site is counted under, and the statistics. Write it nowhere else — except its
 * in-process twin, inside-zone.ts (the site check's zone index), which tests/api/check-index.test.ts
 * holds equal to this on random polygons: change both together.
 *
 * Inside = the zone covers the site (ST_Covers: edges and vertices included) OR the site lies
 * within BOUNDARY_TOLERANCE_M (1 mm) of the zone's boundary. The tolerance absorbs floating-point
 * noise: a point digitised onto an edge is rarely exactly on it in binary, and the zone parts
 * the scan joins (zone_parts, ST_Subdivide) cut edges at rounded coordinates, so without it an
 * edge midpoint could be inside for one path and outside for another.
 *
 * The metre test measures the distance to the zone's edges as stored — straight lines in
 * longitude/latitude — in the local metric at the site: both geometries are scaled by the metres
 * per degree of longitude and of latitude of the WGS84 ellipsoid at the site's latitude (an
 * affine map, so edges stay the same straight lines), then compared in plain metres. At this
 * scale that is the geodesic (PostGIS geography) distance to the nearest point of the edge. Not
 * a geography or EPSG:4547 distance of the whole edge: those bend a long edge (a geodesic, or a
 * projected chord) by centimetres to metres away from the stored line, more than the tolerance.
 *
 * Fast path first: two bounding-box tests with a margin in degrees (ZONE_MARGIN_DEG, more than
 * 1 mm in every direction at any latitude below 80°) let the planner use the GiST index of
 * whichever side it probes (zone_parts or the site partition); ST_Covers (prepared, cached
 * across consecutive sites) decides almost every pair; only an uncovered site within the margin
 * of a zone pays for the distance computation.
 *
 * `site` must be a point expression (callers pass ST_PointOnSurface for polygon sites); both
 * arguments are SQL expressions in EPSG:4326 and are repeated in the output, so pass column
 * references or cheap expressions.
 */

/** A site this close to a zone's boundary (metres) is inside the zone. */
export const BOUNDARY_TOLERANCE_M = 0.001;

/** Index margin in degrees: ≥ 1 mm in longitude up to latitude 83°, 11 mm in latitude. */
export const ZONE_MARGIN_DEG = 1e-7;

/** WGS84: semi-major axis in metres per degree (a·π/180) and first eccentricity squared. */
export const A_PER_DEG = (6378137 * Math.PI) / 180;
export const E2 = 0.00669437999014;

/** SQL: true when the point `site` lies in the polygon `zone`, boundary inclusive to the millimetre. */
export function insideZoneSql(zone: string, site: string): string {
  const phi = `radians(ST_Y(${site}))`;
  const w = `(1 - ${E2} * sin(${phi}) ^ 2)`;
  const kx = `${A_PER_DEG} * cos(${phi}) / sqrt(${w})`;
  const ky = `${A_PER_DEG * (1 - E2)} / ${w} ^ 1.5`;
  const metres = (g: string) => `ST_Scale(${g}, ${kx}, ${ky})`;
  return [
    `(${zone} && ST_Expand(${site}, ${ZONE_MARGIN_DEG}) AND ST_Expand(${zone}, ${ZONE_MARGIN_DEG}) && ${site}`,
    `AND (ST_Covers(${zone}, ${site})`,
    `  OR ST_DWithin(${zone}, ${site}, ${ZONE_MARGIN_DEG}) AND ST_DWithin(${metres(zone)}, ${metres(site)}, ${BOUNDARY_TOLERANCE_M})))`,
  ].join(' ');
}

/**
 * SQL: `LEFT JOIN LATERAL (…) st ON true`, the street office holding the point `site` as `st`
 * (id, name, code): by insideZoneSql, and where street polygons overlap or the point lies on a
 * shared edge, the office with the lowest code, so every site counts for exactly one street.
 */
export function streetAtSql(site: string): string {
  return [
    'LEFT JOIN LATERAL (',
    "    SELECT x.id, x.name, x.properties ->> 'code' AS code",
    '      FROM features x',
    `     WHERE x.layer_id = 'streets' AND ${insideZoneSql('x.geom', site)}`,
    "     ORDER BY x.properties ->> 'code', x.id",
    '     LIMIT 1',
    '  ) st ON true',
  ].join('\n');
}

/**
 * Expands `{{inside ZONE, SITE}}` in a SQL file into insideZoneSql(ZONE, SITE), for the queries
 * kept as .sql files. The arguments are split at the last top-level comma.
 */
export function expandInsideZone(sql: string): string {
  return sql.replace(/\{\{inside (.+?)\}\}/g, (_, args: string) => {
    let depth = 0;
    let cut = -1;
    for (let i = 0; i < args.length; i++) {
      const c = args[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ',' && depth === 0) cut = i;
    }
    if (cut < 0) throw new Error(`{{inside …}} needs two arguments: ${args}`);
    return insideZoneSql(args.slice(0, cut).trim(), args.slice(cut + 1).trim());
  });
}
