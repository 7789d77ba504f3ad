/**
 * Builds the one SQL statement that finds the violations of one rule. Dynamic only where it must
 * be: the compiled attribute condition and the optional filters; everything else is fixed text.
 *
 * Shape of the statement:
 *   hit     — sites of the rule's layer that meet the condition and, for a spatial rule, lie in a
 *             zone: a join of the site partition with the zones' parts (zone_parts, migration 005:
 *             ST_Subdivide'd to ≤ 256 vertices, kept current by triggers) on ST_Covers (boundary
 *             counts as inside), answered from the parts' GiST index; a site covered by two parts
 *             of one zone counts that zone once.
 *             A site in two zones is one violation listing both zone ids.
 *   outer   — one representative point per site (the point itself; a point on the surface of a
 *             polygon site) and the street office whose polygon covers that point. Where street
 *             polygons overlap or a point lies on a shared edge, the office with the lowest code
 *             wins, so every site counts for exactly one street (the stats feature uses the same rule).
 */
import { bboxParts, type Bbox } from '../../lib/bbox.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { compileCondition } from './condition.compiler.ts';
import type { Rule } from './rule.ts';
import { SqlParams } from './sql-params.ts';

export interface ViolationFilter {
  bbox?: Bbox;
  /** Only this street office (resolved street feature id). */
  streetId?: number;
  /** Only sites whose representative point lies in this zone feature. */
  zone?: { layerId: string; id: number };
  /** Only this site feature. */
  featureId?: number;
}

export interface ViolationRow {
  feature_id: string;
  name: string;
  zone_ids: string[];
  street_code: string | null;
  street_name: string | null;
  lng: number;
  lat: number;
  /** Only with `geometry: true`: GeoJSON geometry text and the feature's properties as JSON text. */
  geometry?: string;
  props?: string;
}

export function violationQuery(rule: Rule, filter: ViolationFilter = {}, opts: { geometry?: boolean } = {}) {
  const layer = findLayer(rule.siteLayer);
  if (!layer) throw new Error(`rule ${rule.id}: unknown site layer ${rule.siteLayer}`);
  const p = new SqlParams();
  const siteLayer = p.bind(layer.id, 'text');

  const spatial = rule.zoneLayers.length > 0;
  const zoneJoin = spatial && `JOIN zone_parts z ON z.layer_id = ANY(${p.bind(rule.zoneLayers, 'text[]')}) AND ST_Covers(z.geom, s.geom)`;
  const condition = compileCondition(rule.condition, layer, 's', p);

  const hitFilters: string[] = [];
  if (filter.featureId !== undefined) hitFilters.push(`s.id = ${p.bind(filter.featureId, 'bigint')}`);
  if (filter.bbox) {
    // one envelope, or two for a box across the antimeridian (lib/bbox.ts)
    const boxes = bboxParts(filter.bbox).map((box) => {
      const [a, b, c, d] = box.map((v) => p.bind(v, 'float8'));
      return `ST_Intersects(s.geom, ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326))`;
    });
    hitFilters.push(`(${boxes.join(' OR ')})`);
  }
  const outerFilters: string[] = [];
  if (filter.streetId !== undefined) outerFilters.push(`st.id = ${p.bind(filter.streetId, 'bigint')}`);
  if (filter.zone) {
    const [layerId, id] = [p.bind(filter.zone.layerId, 'text'), p.bind(filter.zone.id, 'bigint')];
    outerFilters.push(`EXISTS (SELECT 1 FROM zone_parts zf WHERE zf.layer_id = ${layerId} AND zf.feature_id = ${id} AND ST_Covers(zf.geom, pt.p))`);
  }

  const hit = [
    `  SELECT s.id, ${spatial ? 'array_agg(DISTINCT z.feature_id ORDER BY z.feature_id)::text[]' : 'ARRAY[]::text[]'} AS zone_ids`,
    '    FROM features s',
    spatial && `    ${zoneJoin}`,
    `   WHERE s.layer_id = ${siteLayer}`,
    `     AND ${condition}`,
    ...hitFilters.map((f) => `     AND ${f}`),
    spatial && '   GROUP BY s.id',
  ];
  const columns = [
    's.id::text AS feature_id, s.name, hit.zone_ids',
    'st.code AS street_code, st.name AS street_name',
    'ST_X(pt.p) AS lng, ST_Y(pt.p) AS lat',
    opts.geometry && 'ST_AsGeoJSON(s.geom, 9) AS geometry',
    opts.geometry && `(jsonb_build_object('name', s.name, 'is_demo', s.is_demo) || s.properties)::text AS props`,
  ];
  const sql = [
    `-- violations of rule ${rule.id} (art. ${rule.article}): ${rule.title.en}`,
    'WITH hit AS (',
    ...hit,
    ')',
    `SELECT ${columns.filter(Boolean).join(',\n       ')}`,
    '  FROM hit',
    `  JOIN features s ON s.layer_id = ${siteLayer} AND s.id = hit.id`,
    '  CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.geom) AS p) pt',
    '  LEFT JOIN LATERAL (',
    "    SELECT x.id, x.name, x.properties ->> 'code' AS code",
    '      FROM features x',
    "     WHERE x.layer_id = 'streets' AND ST_Covers(x.geom, pt.p)",
    "     ORDER BY x.properties ->> 'code', x.id",
    '     LIMIT 1',
    '  ) st ON true',
    ...outerFilters.map((f, i) => `${i === 0 ? ' WHERE' : '   AND'} ${f}`),
    ' ORDER BY s.id',
  ]
    .filter((line) => typeof line === 'string')
    .join('\n');
  return { sql, params: p.values };
}
