/**
 * Violations of the plan's rules, computed from the live tables on every request: there is no
 * cache to go stale, so an edited or newly imported feature shows up (or drops out) at once.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import type { Bbox } from '../../lib/bbox.ts';
import { findLayer, LAYERS } from '../layers/catalogue/index.ts';
import { getFeature, requireLayer } from '../layers/layers.service.ts';
import { RULES, findRule, type Rule } from './catalogue/index.ts';
import type { FeatureViolationsResponse, Violation, ViolationsResponse } from './rules.contract.ts';
import * as repo from './violations.repo.ts';

export interface ViolationQuery {
  rule?: string;
  layer?: string;
  /** Street office: division code or feature id. */
  street?: string;
  /** Zone feature id (a feature of a zone layer). */
  zone?: string;
  bbox?: Bbox;
}

/** Layers whose features may be named by `zone=`. */
const ZONE_LAYER_IDS = LAYERS.filter((l) => l.group === 'zones').map((l) => l.id);

const cut = (s: string) => s.slice(0, 64);

function selectRules(q: ViolationQuery): Rule[] {
  if (q.rule !== undefined && !findRule(q.rule))
    throw badRequest('UNKNOWN_RULE', { zh: `没有此规则：${cut(q.rule)}`, en: `Unknown rule: ${cut(q.rule)}` }, { known: RULES.map((r) => r.id) });
  if (q.layer !== undefined && !findLayer(q.layer))
    throw badRequest('UNKNOWN_LAYER', { zh: `没有此图层：${cut(q.layer)}`, en: `Unknown layer: ${cut(q.layer)}` });
  return RULES.filter((r) => (q.rule === undefined || r.id === q.rule) && (q.layer === undefined || r.siteLayer === q.layer));
}

async function resolveFilter(db: Queryable, q: ViolationQuery): Promise<repo.ViolationFilter> {
  const filter: repo.ViolationFilter = {};
  if (q.bbox) filter.bbox = q.bbox;
  if (q.street !== undefined) {
    const street = await repo.findStreet(db, q.street);
    if (!street) throw notFound({ zh: `街道 ${cut(q.street)}`, en: `street office ${cut(q.street)}` });
    filter.streetId = street.id;
  }
  if (q.zone !== undefined) {
    if (!/^\d{1,15}$/.test(q.zone))
      throw badRequest('INVALID_ZONE', { zh: 'zone 应为区域要素编号（整数）', en: 'zone must be a zone feature id (an integer)' });
    const zone = await repo.findFeatureLayer(db, Number(q.zone), ZONE_LAYER_IDS);
    if (!zone) throw notFound({ zh: `区域要素 ${q.zone}`, en: `zone feature ${q.zone}` });
    filter.zone = { layerId: zone.layer_id, id: Number(q.zone) };
  }
  return filter;
}

function toViolation(rule: Rule, row: repo.ViolationRow): Violation {
  return {
    rule: rule.id,
    article: rule.article,
    layer: rule.siteLayer,
    featureId: row.feature_id,
    name: row.name,
    zoneIds: row.zone_ids,
    ...(row.street_code !== null ? { streetCode: row.street_code } : {}),
    ...(row.street_name !== null ? { streetName: row.street_name } : {}),
    lng: row.lng,
    lat: row.lat,
  };
}

/** One query per rule, all in flight together (the pg pool runs them in parallel; PGlite queues them). */
async function evaluate(db: Queryable, rules: readonly Rule[], filter: repo.ViolationFilter, geometry = false) {
  const rows = await Promise.all(rules.map((rule) => repo.findViolations(db, rule, filter, { geometry })));
  return rules.map((rule, i) => ({ rule, rows: rows[i]! }));
}

function countsOf(rules: readonly Rule[], violations: readonly Violation[]): ViolationsResponse['counts'] {
  const byRule: Record<string, number> = Object.fromEntries(rules.map((r) => [r.id, 0]));
  const byStreet: Record<string, number> = {};
  let noStreet = 0;
  for (const v of violations) {
    byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
    if (v.streetCode === undefined) noStreet++;
    else byStreet[v.streetCode] = (byStreet[v.streetCode] ?? 0) + 1;
  }
  return { total: violations.length, byRule, byStreet, noStreet };
}

export async function listViolations(db: Db, q: ViolationQuery): Promise<ViolationsResponse> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const violations = (await evaluate(db, rules, filter)).flatMap(({ rule, rows }) => rows.map((row) => toViolation(rule, row)));
  return { violations, counts: countsOf(rules, violations) };
}

/**
 * The violating features as GeoJSON, one Feature per site however many rules it breaks: its own
 * attributes plus `layer`, `rules`, `articles`, `zone_ids`, `street_code`, `street_name`.
 */
export async function violationsGeoJson(db: Db, q: ViolationQuery): Promise<string> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const byFeature = new Map<string, { id: string; geometry: string; props: Record<string, unknown>; rules: string[]; articles: string[] }>();
  for (const { rule, rows } of await evaluate(db, rules, filter, true)) {
    for (const row of rows) {
      let f = byFeature.get(row.feature_id);
      if (!f) {
        f = {
          id: row.feature_id,
          geometry: row.geometry!,
          props: {
            ...(JSON.parse(row.props!) as Record<string, unknown>),
            layer: rule.siteLayer,
            zone_ids: [] as string[],
            street_code: row.street_code,
            street_name: row.street_name,
          },
          rules: [],
          articles: [],
        };
        byFeature.set(row.feature_id, f);
      }
      f.rules.push(rule.id);
      if (!f.articles.includes(rule.article)) f.articles.push(rule.article);
      const zones = f.props.zone_ids as string[];
      for (const z of row.zone_ids) if (!zones.includes(z)) zones.push(z);
    }
  }
  const features = [...byFeature.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((f) => `{"type":"Feature","id":${f.id},"geometry":${f.geometry},"properties":${JSON.stringify({ ...f.props, rules: f.rules, articles: f.articles })}}`);
  return `{"type":"FeatureCollection","name":"violations","features":[\n${features.join(',\n')}\n]}\n`;
}

/**
 * Ids of the features of one layer that break at least one rule (or the one rule `rule`), in id
 * order: the export's "violations only" filter. A layer no rule applies to (zones, streets,
 * stations) is a 400, not an empty file: "no violations" would wrongly read as "all compliant".
 */
export async function violatingFeatureIds(db: Db, layerId: string, q: { rule?: string; bbox?: Bbox } = {}): Promise<number[]> {
  const layer = requireLayer(layerId);
  const forLayer = RULES.filter((r) => r.siteLayer === layer.id);
  if (!forLayer.length)
    throw badRequest(
      'NO_RULES_FOR_LAYER',
      { zh: `图层 ${layer.id} 没有适用的规则，无法只导出违规要素`, en: `No rule applies to layer ${layer.id}: it has no violations to export` },
      { layersWithRules: [...new Set(RULES.map((r) => r.siteLayer))] },
    );
  if (q.rule !== undefined && !forLayer.some((r) => r.id === q.rule))
    throw badRequest(
      'RULE_NOT_FOR_LAYER',
      { zh: `规则 ${cut(q.rule)} 不适用于图层 ${layer.id}`, en: `Rule ${cut(q.rule)} does not apply to layer ${layer.id}` },
      { rules: forLayer.map((r) => r.id) },
    );
  const rules = selectRules({ layer: layer.id, ...(q.rule !== undefined ? { rule: q.rule } : {}) });
  const ids = new Set<number>();
  for (const { rows } of await evaluate(db, rules, q.bbox ? { bbox: q.bbox } : {})) for (const row of rows) ids.add(Number(row.feature_id));
  return [...ids].sort((a, b) => a - b);
}

/** The rules one feature breaks right now. */
export async function featureViolations(db: Db, layerId: string, id: number): Promise<FeatureViolationsResponse> {
  const layer = requireLayer(layerId);
  const feature = await getFeature(db, layer.id, id);
  if (!feature) throw notFound({ zh: `${layer.id} 要素 ${id}`, en: `${layer.id} feature ${id}` });
  const rules = RULES.filter((r) => r.siteLayer === layer.id);
  const rows = await evaluate(db, rules, { featureId: id });
  return {
    layer: layer.id,
    featureId: String(id),
    name: (JSON.parse(feature.props) as { name: string }).name,
    violations: rows.flatMap(({ rule, rows }) => rows.map((row) => toViolation(rule, row))),
  };
}

/** The catalogue as the API shows it. */
export function ruleCatalogue() {
  return { rules: RULES.map((r) => ({ ...r, zoneLayers: [...r.zoneLayers] })) };
}

export function invalidFeatureId(raw: string) {
  return new AppError(400, 'INVALID_ID', { zh: `要素编号无效：${cut(raw)}`, en: `Invalid feature id: ${cut(raw)}` });
}
