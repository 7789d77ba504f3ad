/**
 * Violations of the plan's rules, computed from the live tables on every request: there is no
 * cache to go stale, so an edited or newly imported feature shows up (or drops out) at once.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { DomainError, inputError, notFound } from '../../lib/errors.ts';
import type { Bbox } from '../../lib/bbox.ts';
import { findLayer, LAYERS } from '../layers/catalogue/index.ts';
import { getFeature } from '../layers/feature-read.service.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import { formatAsOf, inForceAt, nowAsOf, type AsOf } from './as-of.ts';
import { RULES, UNITS, findRule, unitsOf, type Rule } from './catalogue/index.ts';
import type { FeatureViolationsResponse, Outcome, RuleWarning, Violation, ViolationsResponse } from './rules.contract.ts';
import * as repo from './violations.repo.ts';
import { articleZh } from '../../lib/articles.ts';
import { featureCollectionText } from '../../lib/feature-collection.ts';

export interface ViolationQuery {
  rule?: string;
  layer?: string;
  /** Street office: division code or feature id. */
  street?: string;
  /** Zone feature id (a feature of a zone layer). */
  zone?: string;
  bbox?: Bbox;
  /** Only this outcome; undefined = both. */
  outcome?: Outcome;
  /** Only rules naming this lead or responsible unit (exact name, as the plan writes it). */
  unit?: string;
  /** When to evaluate; undefined = now (Asia/Shanghai). */
  asOf?: AsOf;
}

/** Layers whose features may be named by `zone=`. */
const ZONE_LAYER_IDS = LAYERS.filter((l) => l.group === 'zones').map((l) => l.id);

const cut = (s: string) => s.slice(0, 64);

function selectRules(q: ViolationQuery): Rule[] {
  if (q.rule !== undefined && !findRule(q.rule))
    throw inputError('UNKNOWN_RULE', { zh: `没有此规则：${cut(q.rule)}`, en: `Unknown rule: ${cut(q.rule)}` }, { known: RULES.map((r) => r.id) });
  if (q.layer !== undefined && !findLayer(q.layer))
    throw inputError('UNKNOWN_LAYER', { zh: `没有此图层：${cut(q.layer)}`, en: `Unknown layer: ${cut(q.layer)}` });
  if (q.unit !== undefined && !UNITS.includes(q.unit))
    throw inputError('UNKNOWN_UNIT', { zh: `规则中没有此单位：${cut(q.unit)}`, en: `No rule names the unit ${cut(q.unit)}` }, { known: UNITS });
  return RULES.filter(
    (r) =>
      (q.rule === undefined || r.id === q.rule) && (q.layer === undefined || r.siteLayer === q.layer) && (q.unit === undefined || unitsOf(r).includes(q.unit)),
  );
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
      throw inputError('INVALID_ZONE', { zh: 'zone 应为区域要素编号（整数）', en: 'zone must be a zone feature id (an integer)' });
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
    outcome: row.verdict === true ? 'violation' : 'unverified',
    evidence: row.evidence,
  };
}

/**
 * One query per rule in force at `asOf`, all in flight together (the pg pool runs them in parallel;
 * PGlite queues them); rows of other outcomes than `outcome` are dropped. Rules not in force give none.
 */
async function evaluate(
  db: Queryable,
  rules: readonly Rule[],
  filter: repo.ViolationFilter,
  opts: { geometry?: boolean; outcome?: Outcome | undefined; asOf: AsOf },
) {
  const live = rules.filter((r) => inForceAt(r.inForce, opts.asOf));
  const rows = await Promise.all(live.map((rule) => repo.findViolations(db, rule, filter, { geometry: opts.geometry ?? false })));
  const keep = (row: repo.ViolationRow) => opts.outcome === undefined || (row.verdict === true) === (opts.outcome === 'violation');
  return live.map((rule, i) => ({ rule, rows: rows[i]!.filter(keep) }));
}

/** Counts by rule, street office and outcome, added to item by item or group by group. */
class Tally {
  readonly counts: ViolationsResponse['counts'];
  constructor(rules: readonly Rule[]) {
    this.counts = { total: 0, byRule: Object.fromEntries(rules.map((r) => [r.id, 0])), byStreet: {}, noStreet: 0, byOutcome: { violation: 0, unverified: 0 } };
  }
  add(rule: string, outcome: Outcome, streetCode: string | null | undefined, n = 1) {
    const c = this.counts;
    c.total += n;
    c.byRule[rule] = (c.byRule[rule] ?? 0) + n;
    c.byOutcome[outcome] += n;
    if (streetCode == null) c.noStreet += n;
    else c.byStreet[streetCode] = (c.byStreet[streetCode] ?? 0) + n;
  }
}

function countsOf(rules: readonly Rule[], violations: readonly Violation[]): ViolationsResponse['counts'] {
  const tally = new Tally(rules);
  for (const v of violations) tally.add(v.rule, v.outcome, v.streetCode);
  return tally.counts;
}

export async function listViolations(db: Db, q: ViolationQuery): Promise<ViolationsResponse> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const asOf = q.asOf ?? nowAsOf();
  const violations = (await evaluate(db, rules, filter, { outcome: q.outcome, asOf })).flatMap(({ rule, rows }) => rows.map((row) => toViolation(rule, row)));
  return {
    violations,
    counts: countsOf(rules, violations),
    asOf: formatAsOf(asOf),
    notInForce: rules.filter((r) => !inForceAt(r.inForce, asOf)).map((r) => r.id),
  };
}

/** A streamed scan runs each rule's query over ranges of this many sites. */
const RANGE_SITES = 20_000;

/**
 * The rule's rows range by range (sites in id order), the next range's query already running while
 * the caller writes this one's; rows of other outcomes than `outcome` are dropped.
 */
async function* ruleRowsInRanges(db: Queryable, rule: Rule, filter: repo.ViolationFilter, outcome: Outcome | undefined): AsyncGenerator<repo.ViolationRow[]> {
  const ends = await repo.siteRangeEnds(db, rule.siteLayer, RANGE_SITES);
  const ranges = [...ends.map((end, i) => ({ ...(i > 0 ? { idAfter: ends[i - 1]! } : {}), idUpTo: end })), ends.length ? { idAfter: ends.at(-1)! } : {}];
  const run = (i: number) => {
    const p = repo.findViolations(db, rule, { ...filter, ...ranges[i]! });
    p.catch(() => undefined); // awaited below; a consumer that stops early must not leave it unhandled
    return p;
  };
  let next = run(0);
  for (let i = 0; i < ranges.length; i++) {
    const rows = await next;
    if (i + 1 < ranges.length) next = run(i + 1);
    yield outcome === undefined ? rows : rows.filter((row) => (row.verdict === true) === (outcome === 'violation'));
  }
}

/**
 * GET /api/violations without `limit`: the same document as listViolations, streamed. Items go out
 * as the ranges are scanned (never the whole list in memory); the counts, which follow the list
 * in the document, are added up on the way.
 */
export async function* violationsJson(db: Db, q: ViolationQuery): AsyncGenerator<string> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const asOf = q.asOf ?? nowAsOf();
  const tally = new Tally(rules);
  yield '{"violations":[';
  let chunk = '';
  for (const rule of rules.filter((r) => inForceAt(r.inForce, asOf))) {
    for await (const rows of ruleRowsInRanges(db, rule, filter, q.outcome)) {
      for (const row of rows) {
        const v = toViolation(rule, row);
        chunk += (tally.counts.total ? ',' : '') + JSON.stringify(v);
        tally.add(v.rule, v.outcome, v.streetCode);
      }
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
  }
  const notInForce = rules.filter((r) => !inForceAt(r.inForce, asOf)).map((r) => r.id);
  yield `${chunk}],"counts":${JSON.stringify(tally.counts)},"asOf":${JSON.stringify(formatAsOf(asOf))},"notInForce":${JSON.stringify(notInForce)}}`;
}

/** Counts per rule in force, from a GROUP BY per rule: no row leaves the database. */
async function countRules(db: Queryable, rules: readonly Rule[], filter: repo.ViolationFilter, outcome: Outcome | undefined, asOf: AsOf) {
  const live = rules.filter((r) => inForceAt(r.inForce, asOf));
  const groups = await Promise.all(live.map((rule) => repo.countViolations(db, rule, filter, outcome)));
  const tally = new Tally(rules);
  const perRule = live.map((rule, i) => {
    let n = 0;
    for (const g of groups[i]!) {
      tally.add(rule.id, g.verdict === true ? 'violation' : 'unverified', g.street_code, Number(g.n));
      n += Number(g.n);
    }
    return { rule, n };
  });
  return { counts: tally.counts, perRule, notInForce: rules.filter((r) => !inForceAt(r.inForce, asOf)).map((r) => r.id) };
}

/** GET /api/violations?countsOnly=true: the counts, asOf and notInForce of the full answer, without its items. */
export async function violationCounts(db: Db, q: ViolationQuery): Promise<Omit<ViolationsResponse, 'violations'>> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const asOf = q.asOf ?? nowAsOf();
  const { counts, notInForce } = await countRules(db, rules, filter, q.outcome, asOf);
  return { counts, asOf: formatAsOf(asOf), notInForce };
}

/**
 * GET /api/violations?limit=&offset=: items offset … offset + limit − 1 of the full list (rules in
 * catalogue order, then feature id), with the counts of the whole list and, when more follow, `next`.
 */
export async function violationsPage(
  db: Db,
  q: ViolationQuery,
  page: { limit: number; offset: number },
  nextHref: (offset: number) => string,
): Promise<ViolationsResponse> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const asOf = q.asOf ?? nowAsOf();
  const { counts, perRule, notInForce } = await countRules(db, rules, filter, q.outcome, asOf);
  const violations: Violation[] = [];
  let skip = page.offset;
  for (const { rule, n } of perRule) {
    if (violations.length === page.limit) break;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const rows = await repo.pageViolations(db, rule, filter, q.outcome, page.limit - violations.length, skip);
    skip = 0;
    for (const row of rows) violations.push(toViolation(rule, row));
  }
  return {
    violations,
    counts,
    asOf: formatAsOf(asOf),
    notInForce,
    ...(page.offset + page.limit < counts.total ? { next: nextHref(page.offset + page.limit) } : {}),
  };
}

/**
 * The violating features as GeoJSON, one Feature per site however many rules it breaks: its own
 * attributes plus `layer`, `rules`, `articles`, `zone_ids`, `street_code`, `street_name`, and
 * `outcomes` (rule id → violation | unverified) with `outcome`: violation when any rule is broken.
 */
export async function violationsGeoJson(db: Db, q: ViolationQuery): Promise<string> {
  const rules = selectRules(q);
  const filter = await resolveFilter(db, q);
  const byFeature = new Map<
    string,
    { id: string; geometry: string; props: Record<string, unknown>; rules: string[]; articles: string[]; outcomes: Record<string, Outcome> }
  >();
  for (const { rule, rows } of await evaluate(db, rules, filter, { geometry: true, outcome: q.outcome, asOf: q.asOf ?? nowAsOf() })) {
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
          outcomes: {},
        };
        byFeature.set(row.feature_id, f);
      }
      f.rules.push(rule.id);
      f.outcomes[rule.id] = row.verdict === true ? 'violation' : 'unverified';
      if (!f.articles.includes(rule.article)) f.articles.push(rule.article);
      const zones = f.props.zone_ids as string[];
      for (const z of row.zone_ids) if (!zones.includes(z)) zones.push(z);
    }
  }
  const features = [...byFeature.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map(
      (f) =>
        `{"type":"Feature","id":${f.id},"geometry":${f.geometry},"properties":${JSON.stringify({ ...f.props, rules: f.rules, articles: f.articles, outcomes: f.outcomes, outcome: Object.values(f.outcomes).includes('violation') ? 'violation' : 'unverified' })}}`,
    );
  return featureCollectionText(features, { name: 'violations' });
}

/**
 * Ids of the features of one layer that break at least one rule (or the one rule `rule`), in id
 * order: the export's "violations only" filter — outcome 违规 only unless `outcome` says otherwise
 * (`all`: 待核查 too). A layer no rule applies to (zones, streets,
 * stations) is a 400, not an empty file: "no violations" would wrongly read as "all compliant".
 */
export async function violatingFeatureIds(
  db: Db,
  layerId: string,
  q: { rule?: string; bbox?: Bbox; outcome?: Outcome | 'all'; asOf?: AsOf } = {},
): Promise<number[]> {
  const layer = requireLayer(layerId);
  const forLayer = RULES.filter((r) => r.siteLayer === layer.id);
  if (!forLayer.length)
    throw inputError(
      'NO_RULES_FOR_LAYER',
      { zh: `图层 ${layer.id} 没有适用的规则，无法只导出有问题线索的要素`, en: `No rule applies to layer ${layer.id}: it has no violations to export` },
      { layersWithRules: [...new Set(RULES.map((r) => r.siteLayer))] },
    );
  if (q.rule !== undefined && !forLayer.some((r) => r.id === q.rule))
    throw inputError(
      'RULE_NOT_FOR_LAYER',
      { zh: `规则 ${cut(q.rule)} 不适用于图层 ${layer.id}`, en: `Rule ${cut(q.rule)} does not apply to layer ${layer.id}` },
      { rules: forLayer.map((r) => r.id) },
    );
  const rules = selectRules({ layer: layer.id, ...(q.rule !== undefined ? { rule: q.rule } : {}) });
  const ids = new Set<number>();
  const outcome = q.outcome === 'all' ? undefined : (q.outcome ?? 'violation');
  for (const { rows } of await evaluate(db, rules, q.bbox ? { bbox: q.bbox } : {}, { outcome, asOf: q.asOf ?? nowAsOf() }))
    for (const row of rows) ids.add(Number(row.feature_id));
  return [...ids].sort((a, b) => a - b);
}

/** The rules one feature breaks (or may break: 待核查) at `asOf`. */
export async function featureViolations(db: Db, layerId: string, id: number, asOf: AsOf = nowAsOf()): Promise<FeatureViolationsResponse> {
  const layer = requireLayer(layerId);
  const feature = await getFeature(db, layer.id, id);
  if (!feature) throw notFound({ zh: `${layer.id} 要素 ${id}`, en: `${layer.id} feature ${id}` });
  const rules = RULES.filter((r) => r.siteLayer === layer.id);
  const rows = await evaluate(db, rules, { featureId: id }, { asOf });
  return {
    layer: layer.id,
    featureId: String(id),
    name: (JSON.parse(feature.props) as { name: string }).name,
    violations: rows.flatMap(({ rule, rows }) => rows.map((row) => toViolation(rule, row))),
    asOf: formatAsOf(asOf),
    rules: rows.filter((r) => r.rows.length > 0).map(({ rule }) => ({ id: rule.id, article: rule.article, title: rule.title, explanation: rule.explanation })),
  };
}

const WARNING_IDS_SHOWN = 100;
/** Ids per warning query: an import of 100 000 sites asks four queries at once. */
const TALLY_SLICE = 25_000;
const OUTCOME_ORDER: readonly Outcome[] = ['violation', 'unverified'];

/**
 * The rule warnings for features a write has just committed. The write stands whatever happens
 * here: when the rules cannot be evaluated at this moment (a full disk, a lost connection) the
 * answer carries no warnings instead of an error for a write that succeeded (the client would
 * retry it and write twice); /api/violations lists the findings once the database answers again.
 */
export async function ruleWarningsAfterWrite(db: Queryable, layerId: string, ids: readonly number[]): Promise<RuleWarning[]> {
  try {
    return await ruleWarnings(db, layerId, ids);
  } catch {
    return [];
  }
}

/**
 * What a write tells its author about the features it just saved: each rule of their layer they
 * break (违规) or cannot be decided for (待核查), now, with how many and the first 100 ids. The same
 * verdicts as /api/violations, narrowed to these ids, from one pass per set of zone layers
 * (violations.sql.ts, warningTallyQuery): an import of 100 000 sites pays one spatial join, not one
 * whole-layer scan per rule. A layer no rule inspects (zones, reference layers) gives none.
 */
export async function ruleWarnings(
  db: Queryable,
  layerId: string,
  ids: readonly number[],
  asOf: AsOf = nowAsOf(),
  slice = TALLY_SLICE,
): Promise<RuleWarning[]> {
  const live = RULES.filter((r) => r.siteLayer === layerId && inForceAt(r.inForce, asOf));
  if (ids.length === 0 || live.length === 0) return [];
  const groups = new Map<string, Rule[]>();
  for (const rule of live) {
    const key = rule.zoneLayers.join(',');
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  // a large write's ids in slices of consecutive ids, queried together: the pg pool runs them on
  // several backends (one query is one serial plan), PGlite queues them; every id of a slice is
  // below the next slice's, so the samples of the slices in order are the sample of the whole
  const sorted = [...ids].sort((a, b) => a - b);
  const slices: number[][] = [];
  for (let i = 0; i < sorted.length; i += slice) slices.push(sorted.slice(i, i + slice));
  const tallies = new Map<string, { n: number; ids: string[] }>();
  const asked = [...groups.values()].flatMap((g) => slices.map((slice) => ({ g, slice })));
  for (const [group, rows] of await Promise.all(asked.map(async ({ g, slice }) => [g, await repo.tallyWarnings(db, g, slice, WARNING_IDS_SHOWN)] as const)))
    for (const row of rows) {
      const key = `${group[row.rule]!.id} ${row.verdict === true ? 'violation' : 'unverified'}`;
      const t = tallies.get(key) ?? { n: 0, ids: [] };
      tallies.set(key, { n: t.n + row.n, ids: [...t.ids, ...row.ids].slice(0, WARNING_IDS_SHOWN) });
    }
  const out: RuleWarning[] = [];
  for (const rule of live)
    for (const outcome of OUTCOME_ORDER) {
      const hits = tallies.get(`${rule.id} ${outcome}`);
      if (!hits) continue;
      const one = hits.n === 1;
      const art = `${articleZh(rule.article)}「${rule.title.zh}」`;
      out.push({
        code: outcome === 'violation' ? 'RULE_VIOLATION' : 'RULE_UNVERIFIED',
        rule: rule.id,
        article: rule.article,
        outcome,
        title: rule.title,
        zh:
          outcome === 'violation'
            ? `${art}：${one ? '保存的要素' : `保存的 ${hits.n} 个要素`}构成问题线索`
            : `${art}：${one ? '保存的要素' : `保存的 ${hits.n} 个要素`}缺少判定所需的记录，待核查`,
        en:
          outcome === 'violation'
            ? `Art. ${rule.article} "${rule.title.en}": ${one ? 'the saved feature is' : `${hits.n} saved features are`} flagged as a possible breach`
            : `Art. ${rule.article} "${rule.title.en}": ${one ? 'the saved feature lacks' : `${hits.n} saved features lack`} the record that decides it (to be verified)`,
        layer: layerId,
        featureIds: hits.ids,
        count: hits.n,
      });
    }
  return out;
}

/** The catalogue as the API shows it. */
export function ruleCatalogue() {
  return { rules: RULES };
}

export function invalidFeatureId(raw: string) {
  return new DomainError('INVALID_ID', { zh: `要素编号无效：${cut(raw)}`, en: `Invalid feature id: ${cut(raw)}` });
}
