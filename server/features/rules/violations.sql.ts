/**
 * Builds the one SQL statement that finds the violations of one rule. Dynamic only where it must
 * be: the compiled attribute condition and the optional filters; everything else is fixed text.
 *
 * Shape of the statement:
 *   hit     — sites of the rule's layer whose condition is not false (true = 违规, unknown = 待核查:
 *             the verdict column) and, for a spatial rule, lie in a
 *             zone: a join of the site partition with the zones' parts (zone_parts, migration 005:
 *             ST_Subdivide'd to ≤ 256 vertices, kept current by triggers) on insideZoneSql
 *             (server/lib/inside-zone.sql.ts: covered or within 1 mm of the boundary), answered from
 *             the parts' GiST index; a site in two parts of one zone counts that zone once. A
 *             polygon site is placed by a point on its surface, as the statistics place it.
 *             A site in two zones is one violation listing both zone ids; with a condition on the
 *             zone's own attributes (`of: 'zone'`), the zones where it is false do not count and the
 *             verdict is the worst over the rest (true before unknown). Such a rule first drops
 *             the sites its condition clears whatever the zone says (the condition with every zone
 *             test unknown is false), before the spatial join. The zone's attributes are read from
 *             the parts' copy of them (migration 012), so the join is sites × parts only.
 *             Or the pairs are given (violationQuery's `pairs`): decided in the process by the
 *             zone index for the sites of sitePointsQuery (violations.repo.ts, PairSource), the
 *             statement reads them instead of joining, and does the rest as above.
 *             A rule with `exemptOutside` adds "and not (exempt condition and outside those layers)".
 *   outer   — one representative point per site (the point itself; a point on the surface of a
 *             polygon site) and the street office whose polygon holds that point (insideZoneSql).
 *             Where street polygons overlap or a point lies on a shared edge, the office with the
 *             lowest code wins, so every site counts for exactly one street (the stats feature
 *             uses the same rule).
 */
import { bboxParts, type Bbox } from '../../lib/bbox.ts';
import { insideZoneSql, streetAtSql } from '../../lib/inside-zone.sql.ts';
import { findLayer, type Layer } from '../layers/catalogue/index.ts';
import { compileCondition, type ZoneSide } from './condition.compiler.ts';
import { attributesOf, type Rule } from './rule.ts';
import { SqlParams } from './sql-params.ts';

export interface ViolationFilter {
  bbox?: Bbox;
  /** Only this street office (resolved street feature id). */
  streetId?: number;
  /** Only sites whose representative point lies in this zone feature. */
  zone?: { layerId: string; id: number };
  /** Only this site feature. */
  featureId?: number;
  /** Only sites with id > idAfter and ≤ idUpTo (a range of a streamed scan). */
  idAfter?: number;
  idUpTo?: number;
  /** Only these site features (the ones a write just saved). */
  featureIds?: readonly number[];
}

export interface ViolationRow {
  feature_id: string;
  name: string;
  zone_ids: string[];
  street_code: string | null;
  street_name: string | null;
  lng: number;
  lat: number;
  /** true = violation, null = unknown (unverified). */
  verdict: boolean | null;
  /** The attribute values the condition read: site attributes by key, zone attributes as `zone.<key>`. */
  evidence: Record<string, unknown>;
  /** Only with `geometry: true`: GeoJSON geometry text and the feature's properties as JSON text. */
  geometry?: string;
  props?: string;
}

/**
 * The rule's condition on the site `s` (and, with zone attributes, the row `zoneAlias` holding the
 * zone's properties: one of its parts, which carry a copy (migration 012), or its feature), with its
 * exemption outside given layers. The same condition with every zone test unknown (`sitePrefilter`)
 * needs only the site's row, and is false only where every zone would make it false: it drops those
 * sites before the spatial join (e.g. 国四 machines for nrmm.low_stage). It binds its parameters
 * when called, so a statement that does not filter its sites (they come already filtered) has none
 * left unused.
 */
function ruleCondition(rule: Rule, layer: Layer, p: SqlParams, sitePoint: string, zoneAlias: string) {
  const spatial = rule.zoneLayers.length > 0;
  const attrs = attributesOf(rule.condition);
  if (rule.exemptOutside) attributesOf(rule.exemptOutside.condition, attrs);
  const zoneSide: ZoneSide | undefined = spatial ? { layers: rule.zoneLayers.map((id) => findLayer(id)!), alias: zoneAlias } : undefined;
  let condition = compileCondition(rule.condition, layer, 's', p, zoneSide);
  if (rule.exemptOutside) {
    const exempt = compileCondition(rule.exemptOutside.condition, layer, 's', p);
    const outside = `NOT EXISTS (SELECT 1 FROM zone_parts g WHERE g.layer_id = ANY(${p.bind(rule.exemptOutside.layers, 'text[]')}) AND ${insideZoneSql('g.geom', sitePoint)})`;
    condition = `(${condition} AND NOT (${exempt} AND ${outside}))`;
  }
  const zoneAttrs = spatial && attrs.zone.length > 0;
  const sitePrefilter = () => (zoneAttrs ? compileCondition(rule.condition, layer, 's', p, 'unknown') : undefined);
  return { attrs, condition, zoneAttrs, sitePrefilter };
}

/**
 * Site–zone pairs decided in the process (violations.repo.ts: the zone index of the site check,
 * server/lib/inside-zone.ts, the JS twin of insideZoneSql): pair k is site siteIds[k] in zone
 * zoneIds[k], for the sites sitePointsQuery returned (its filters already applied).
 */
export interface ZonePairs {
  siteIds: readonly (number | string)[];
  zoneIds: readonly number[];
}

/** The filters on the site's own row (id, range, bbox, and the condition with every zone test unknown). */
function siteFilterSql(p: SqlParams, siteLayer: string, filter: ViolationFilter, sitePrefilter: string | undefined) {
  const filters = [`s.layer_id = ${siteLayer}`];
  if (filter.featureId !== undefined) filters.push(`s.id = ${p.bind(filter.featureId, 'bigint')}`);
  if (filter.idAfter !== undefined) filters.push(`s.id > ${p.bind(filter.idAfter, 'bigint')}`);
  if (filter.idUpTo !== undefined) filters.push(`s.id <= ${p.bind(filter.idUpTo, 'bigint')}`);
  if (filter.featureIds !== undefined) filters.push(`s.id = ANY(${p.bind(filter.featureIds, 'bigint[]')})`);
  if (filter.bbox) {
    // one envelope, or two for a box across the antimeridian (lib/bbox.ts)
    const boxes = bboxParts(filter.bbox).map((box) => {
      const [a, b, c, d] = box.map((v) => p.bind(v, 'float8'));
      return `ST_Intersects(s.geom, ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326))`;
    });
    filters.push(`(${boxes.join(' OR ')})`);
  }
  if (sitePrefilter) filters.push(`(${sitePrefilter}) IS NOT FALSE`);
  return filters;
}

const siteLayerOf = (rule: Rule) => {
  const layer = findLayer(rule.siteLayer);
  if (!layer) throw new Error(`rule ${rule.id}: unknown site layer ${rule.siteLayer}`);
  return layer;
};

const sitePointOf = (layer: Layer) => (layer.geometryType === 'Point' ? 's.geom' : 'ST_PointOnSurface(s.geom)');

/**
 * The sites a spatial rule's scan joins with the zones (the same filters as violationQuery's), each
 * with the point that decides its zones, as exact doubles: what the zone index needs to find the
 * pairs in the process. Columns `ids` (text[]), `xs`, `ys` (float8[]): one row of three arrays,
 * which both drivers hand over faster than a row per site.
 */
export function sitePointsQuery(rule: Rule, filter: ViolationFilter = {}) {
  const layer = siteLayerOf(rule);
  const p = new SqlParams();
  const sitePoint = sitePointOf(layer);
  const zoneAttrs = attributesOf(rule.condition).zone.length > 0;
  const sitePrefilter = zoneAttrs ? compileCondition(rule.condition, layer, 's', p, 'unknown') : undefined;
  const sql = [
    `-- sites of rule ${rule.id} for the zone index`,
    "SELECT coalesce(array_agg(s.id::text), '{}') AS ids, coalesce(array_agg(ST_X(pt.p)), '{}') AS xs, coalesce(array_agg(ST_Y(pt.p)), '{}') AS ys",
    '  FROM features s',
    `  CROSS JOIN LATERAL (SELECT ${sitePoint} AS p) pt`,
    ` WHERE ${siteFilterSql(p, p.bind(layer.id, 'text'), filter, sitePrefilter).join('\n   AND ')}`,
  ].join('\n');
  return { sql, params: p.values };
}

/**
 * The violations of one rule. `pairs` (a spatial rule only): the site–zone pairs, decided in the
 * process for the sites of sitePointsQuery with the same filter, take the place of the spatial join;
 * everything else — the condition per pair, the verdict, the evidence, the street office and the
 * point — is the same statement, so both ways give the same rows.
 */
export function violationQuery(rule: Rule, filter: ViolationFilter = {}, opts: { geometry?: boolean; pairs?: ZonePairs } = {}) {
  const layer = siteLayerOf(rule);
  const p = new SqlParams();
  const siteLayer = p.bind(layer.id, 'text');

  const spatial = rule.zoneLayers.length > 0;
  if (opts.pairs && !spatial) throw new Error(`rule ${rule.id} has no zones to pair its sites with`);
  const sitePoint = sitePointOf(layer);
  const zoneLayers = spatial && p.bind(rule.zoneLayers, 'text[]');
  const { attrs, condition, zoneAttrs, sitePrefilter } = ruleCondition(rule, layer, p, sitePoint, 'z');
  // a zone attribute's value from the zone that decided (a true verdict first, then the lowest id)
  const zoneEvidence = zoneAttrs
    ? `jsonb_build_object(${attrs.zone.map((k, i) => `${p.bind(`zone.${k}`, 'text')}, (array_agg(pair.zone_${i} ORDER BY pair.verdict IS TRUE DESC, pair.zone_id))[1]`).join(', ')})`
    : `'{}'::jsonb`;
  const zoneValues = zoneAttrs ? attrs.zone.map((k, i) => `, z.properties -> ${p.key(k)} AS zone_${i}`).join('') : '';
  const siteEvidence = attrs.site.length
    ? `jsonb_build_object(${attrs.site.map((k) => `${p.key(k)}, s.properties -> ${p.key(k)}`).join(', ')})`
    : `'{}'::jsonb`;

  // the pairs: from the zone parts by insideZoneSql, or given (their sites already filtered)
  const pairSource = () =>
    opts.pairs
      ? [
          `        FROM unnest(${p.bind(opts.pairs.siteIds, 'bigint[]')}, ${p.bind(opts.pairs.zoneIds, 'bigint[]')}) AS given(site_id, zone_id)`,
          `        JOIN features s ON s.layer_id = ${siteLayer} AND s.id = given.site_id`,
          // each zone's properties read once: in its feature's row they are out of line (TOAST, the
          // polygon makes the row long), and reading them per pair cost 2.9 M buffer hits for 440 000
          // pairs (9 of 15 s on PGlite); `|| '{}'` keeps a detoasted copy in the hash table
          `        JOIN (SELECT zf.id, zf.properties || '{}'::jsonb AS properties FROM features zf WHERE zf.layer_id = ANY(${zoneLayers}) OFFSET 0) z ON z.id = given.zone_id`,
        ]
      : [
          '        FROM features s',
          `        JOIN zone_parts z ON z.layer_id = ANY(${zoneLayers}) AND ${insideZoneSql('z.geom', sitePoint)}`,
          `       WHERE ${siteFilterSql(p, siteLayer, filter, sitePrefilter()).join('\n         AND ')}`,
        ];
  const outerFilters: string[] = [];
  if (filter.streetId !== undefined) outerFilters.push(`st.id = ${p.bind(filter.streetId, 'bigint')}`);
  if (filter.zone) {
    const [layerId, id] = [p.bind(filter.zone.layerId, 'text'), p.bind(filter.zone.id, 'bigint')];
    outerFilters.push(`EXISTS (SELECT 1 FROM zone_parts zf WHERE zf.layer_id = ${layerId} AND zf.feature_id = ${id} AND ${insideZoneSql('zf.geom', 'pt.p')})`);
  }

  // One row per site–zone pair with the condition evaluated once (the pair's verdict), then one row
  // per site. The fence (OFFSET 0) keeps the planner from substituting the condition into the
  // aggregates and the filter: it is a dozen jsonb look-ups, and on 100 000 sites it was evaluated
  // three times for each of 440 000 pairs. A zero OFFSET still allows a parallel plan. The
  // statement's settings (violations.repo.ts) keep the grouping's sort in memory and the plan off
  // bitmap scans.
  const hit = spatial
    ? [
        `  SELECT pair.id, array_agg(DISTINCT pair.zone_id ORDER BY pair.zone_id)::text[] AS zone_ids, bool_or(pair.verdict) AS verdict, ${zoneEvidence} AS zone_evidence`,
        '    FROM (',
        `      SELECT s.id, ${opts.pairs ? 'z.id' : 'z.feature_id'} AS zone_id, ${condition} AS verdict${zoneValues}`,
        ...pairSource(),
        '      OFFSET 0',
        '    ) pair',
        '   WHERE pair.verdict IS NOT FALSE',
        '   GROUP BY pair.id',
      ]
    : [
        `  SELECT s.id, ARRAY[]::text[] AS zone_ids, ${condition} AS verdict, '{}'::jsonb AS zone_evidence`,
        '    FROM features s',
        `   WHERE ${siteFilterSql(p, siteLayer, filter, sitePrefilter()).join('\n     AND ')}`,
        `     AND (${condition}) IS NOT FALSE`,
      ];
  const columns = [
    's.id::text AS feature_id, s.name, hit.zone_ids',
    'st.code AS street_code, st.name AS street_name',
    'ST_X(pt.p) AS lng, ST_Y(pt.p) AS lat',
    `hit.verdict, ${siteEvidence} || hit.zone_evidence AS evidence`,
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
    `  ${streetAtSql('pt.p')}`,
    ...outerFilters.map((f, i) => `${i === 0 ? ' WHERE' : '   AND'} ${f}`),
    ' ORDER BY s.id',
  ]
    .filter((line) => typeof line === 'string')
    .join('\n');
  return { sql, params: p.values };
}

/** One line of a warning tally: rule (index into the rules given), verdict (true = 违规, null = 待核查), how many, the first ids. */
export interface WarningTallyRow {
  rule: number;
  verdict: boolean | null;
  n: number;
  ids: string[];
}

/**
 * What the warnings after a write report, for the rules of one site layer that share their zone
 * layers, in one pass over the written sites: each site is joined with the zones' parts once (the
 * zones it lies in), then every rule's condition is read once per site, or once per zone for a rule
 * on the zone's attributes. violationQuery joins once per rule, reads the condition once per
 * site–part pair, and adds the street office and a point per finding, which a warning does not
 * show. Per rule and outcome: the count and the first `sample` ids in id order, with the scan's
 * verdicts (a true condition in any of the site's zones = 违规, else an unknown one = 待核查).
 */
export function warningTallyQuery(rules: readonly Rule[], featureIds: readonly number[], sample: number) {
  const first = rules[0];
  if (!first) throw new Error('warningTallyQuery: no rules');
  const layer = findLayer(first.siteLayer);
  if (!layer) throw new Error(`rule ${first.id}: unknown site layer ${first.siteLayer}`);
  const sampleSize = Math.max(1, Math.trunc(sample)); // spliced in: a number from our code, not a request
  const zoneKey = first.zoneLayers.join(',');
  for (const r of rules)
    if (r.siteLayer !== first.siteLayer || r.zoneLayers.join(',') !== zoneKey)
      throw new Error(`warningTallyQuery: rule ${r.id} has other layers than ${first.id}`);
  const p = new SqlParams();
  const siteLayer = p.bind(layer.id, 'text');
  const spatial = first.zoneLayers.length > 0;
  const sitePoint = layer.geometryType === 'Point' ? 's.geom' : 'ST_PointOnSurface(s.geom)';
  const zoneLayers = spatial && p.bind(first.zoneLayers, 'text[]');
  // a zone rule's condition is read once per zone, from the zone's feature `zf`
  const conds = rules.map((r) => ruleCondition(r, layer, p, sitePoint, 'zf'));
  // a site no rule can flag, whatever its zone, is dropped before the spatial join
  const keep = conds.map((c) => `(${c.sitePrefilter() ?? c.condition}) IS NOT FALSE`).join(' OR ');
  const sites = `SELECT s.id, s.geom FROM features s WHERE s.layer_id = ${siteLayer} AND s.id = ANY(${p.bind(featureIds, 'bigint[]')}) AND (${keep})`;
  const outcome = (c: string, agg = (x: string) => x) => `CASE WHEN ${agg(`(${c}) IS TRUE`)} THEN 1 WHEN ${agg(`(${c}) IS NULL`)} THEN 2 END`;
  const zoneRules = conds.flatMap((c, i) => (c.zoneAttrs ? [i] : []));
  const columns = conds.map((c, i) => `${c.zoneAttrs ? `zr.o${i}` : outcome(c.condition)} AS o${i}`);
  const sql = [
    `-- rule warnings of ${rules.map((r) => r.id).join(', ')} for written sites`,
    'WITH zoned AS (',
    spatial
      ? [
          // the sites behind a fence, each probing the parts' index once, however many: unlike the
          // scan's (violationQuery), the fence comes after the conditions have dropped the sites no
          // rule can flag. On 100 000 imported sites (53 877 kept) the parts-outer plan cost 18.4 s
          // of CPU and this one 12.5 s (serial, no JIT, a loaded machine); the three rule queries 23 s.
          `  SELECT s.id, array_agg(DISTINCT z.feature_id) AS zone_ids`,
          `    FROM (${sites} OFFSET 0) s`,
          `    JOIN zone_parts z ON z.layer_id = ANY(${zoneLayers}) AND ${insideZoneSql('z.geom', sitePoint)}`,
          '   GROUP BY s.id',
        ].join('\n')
      : `  ${sites.replace('SELECT s.id, s.geom', 'SELECT s.id, ARRAY[]::bigint[] AS zone_ids')}`,
    '), verdicts AS (',
    `  SELECT h.id, ${columns.join(',\n         ')}`,
    '    FROM zoned h',
    `    JOIN features s ON s.layer_id = ${siteLayer} AND s.id = h.id`,
    zoneRules.length > 0 &&
      [
        `    CROSS JOIN LATERAL (SELECT ${zoneRules.map((i) => `${outcome(conds[i]!.condition, (x) => `bool_or(${x})`)} AS o${i}`).join(', ')}`,
        `      FROM features zf WHERE zf.layer_id = ANY(${zoneLayers}) AND zf.id = ANY(h.zone_ids)) zr`,
      ].join('\n'),
    ')',
    `SELECT r.rule, CASE WHEN r.o = 1 THEN true END AS verdict, count(*)::int AS n, (array_agg(v.id::text ORDER BY v.id))[1:${sampleSize}] AS ids`,
    '  FROM verdicts v',
    `  CROSS JOIN LATERAL (VALUES ${conds.map((_, i) => `(${i}, v.o${i})`).join(', ')}) r(rule, o)`,
    ' WHERE r.o IS NOT NULL',
    ' GROUP BY r.rule, r.o',
  ]
    .filter((line) => typeof line === 'string')
    .join('\n');
  return { sql, params: p.values };
}
