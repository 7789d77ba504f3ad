/**
 * The only SQL runner of the rules feature: per-rule violation queries (built in violations.sql.ts)
 * and the look-ups that turn request filters into feature ids.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { queryWithLocalSettings } from '../../db/local-settings.ts';
import { zoneIndex } from '../check/zone-index.ts';
import type { Outcome } from './rules.contract.ts';
import type { Rule } from './rule.ts';
import {
  sitePointsQuery,
  violationQuery,
  warningTallyQuery,
  type ViolationFilter,
  type ViolationRow,
  type WarningTallyRow,
  type ZonePairs,
} from './violations.sql.ts';

export type { ViolationFilter, ViolationRow } from './violations.sql.ts';

/**
 * Settings for a rule's statement, local to its transaction. The planner cannot estimate the rules'
 * CASE-wrapped three-valued conditions, so on a whole layer it put the zone parts outside and
 * probed the site partition's index with a bitmap scan per part (re-reading most of its pages);
 * without bitmap scans it walks the parts (or the sites) with plain index probes, in parallel.
 * JIT: a whole layer's statement is priced past the optimisation threshold, and compiling it took
 * seconds for nothing the expressions gain. work_mem: the grouping's sort of a whole layer's
 * site–zone pairs (262 000 on 100 000 sites) spilled to disk at the default 4 MB.
 */
const SCAN_SETTINGS = ['SET LOCAL enable_bitmapscan = off', 'SET LOCAL jit = off', "SET LOCAL work_mem = '64MB'"];

/**
 * Runs a rule's statement, with SCAN_SETTINGS in its own read-only transaction where they pay: a
 * whole layer or a streamed range of it, on either database. A few named sites (one feature, a
 * write's warnings) run as they are: five statements instead of one would cost more than the plan
 * saves. On PGlite's one backend (no parallel plan, no JIT) the settings still pay for the ranges
 * a streamed scan reads: without bitmap scans a range of 20 000 of 100 000 sites walks its own
 * sites and probes the parts' index, 3.1–3.4 s of CPU instead of 5.1–5.4 s for the bitmap plan,
 * which puts the parts outside and re-reads the whole partition's candidates for every range. A
 * whole layer costs the same either way (13.1 and 13.6 s of CPU, nrmm.low_stage, 1 000 zones).
 */
async function scanQuery<R>(db: Queryable, sql: string, params: readonly unknown[], filter: ViolationFilter): Promise<R[]> {
  const wide = filter.featureId === undefined && filter.featureIds === undefined;
  return wide ? queryWithLocalSettings<R>(db, SCAN_SETTINGS, sql, params) : db.query<R>(sql, params);
}

/**
 * Where a spatial rule's site–zone pairs come from: `sql`, the join of the sites with the zone parts
 * in the statement itself; `zone-index`, the site check's zone index in this process (zone-index.ts,
 * inside-zone.ts: insideZoneSql's rule in JS) over the sites' points read by one statement, the
 * pairs then handed to the rule's statement. Both give the same rows
 * (tests/api/violations-pairs.test.ts, on both databases). `auto`: the zone index on PGlite (for
 * ZONE_INDEX_FROM_SITES sites or more), whose one backend spent most of the scan on the join
 * (nrmm.low_stage, 100 000 sites × 1 000 zones, same minutes: 9.9–11.8 s of CPU with the join,
 * 3.6–4.5 s with the index; docs/PERFORMANCE.md); the join on a server, where the index gained nothing at 100 000 sites (5.7–9.4 s against 6.5–8.9 s, loaded
 * machine) and has not been measured at a million.
 */
export type PairSource = 'auto' | 'sql' | 'zone-index';

/**
 * `auto` on PGlite asks the index only for this many sites or more (after the site-only filters):
 * for fewer the join is cheap, while the index's extra reads (the zones' rows and revisions, and a
 * rebuild after each zone write) cost more than they save. Tests with a few hundred sites spent
 * 5–13 s more CPU over three violation test files with the index for every scan.
 */
const ZONE_INDEX_FROM_SITES = 5000;

/** Makes a rule's scan statement (from violationQuery): with the pairs when they were decided in the process, else with the spatial join. */
type ScanStatement = (pairs?: ZonePairs) => { sql: string; params: readonly unknown[] };

/** Whether the scan of `rule` under `filter` on `db` reads its pairs from the zone index (see PairSource). */
function pairsInProcess(db: Queryable, rule: Rule, filter: ViolationFilter, source: PairSource): db is Db {
  if (source === 'sql' || rule.zoneLayers.length === 0 || !('transaction' in db)) return false;
  // a few named sites (one feature, a write's warnings): the statement's own join is cheap there
  if (filter.featureId !== undefined || filter.featureIds !== undefined) return false;
  return source === 'zone-index' || (db as Db).kind === 'pglite';
}

/**
 * The rule's statement (`build` makes it, from violationQuery) with its site–zone pairs from the
 * zone index: the zones' rows and revisions, the sites' points and the statement are read in one
 * read-only snapshot (REPEATABLE READ; PGlite's one connection is the transaction's anyway), so
 * the zones' shapes (the index is rebuilt when their rows moved: zoneIndex `rows`) and their
 * attributes (read by the statement) are of one state of the database.
 */
async function queryWithZoneIndex<R>(db: Db, rule: Rule, filter: ViolationFilter, minSites: number, build: ScanStatement): Promise<R[]> {
  return db.transaction(
    async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      for (const setting of SCAN_SETTINGS) await tx.query(setting);
      const points = sitePointsQuery(rule, filter);
      const [sites] = await tx.query<{ ids: string[]; xs: number[]; ys: number[] }>(points.sql, points.params);
      const { ids, xs, ys } = sites!;
      if (ids.length < minSites) {
        const q = build();
        return tx.query<R>(q.sql, q.params);
      }
      const index = await zoneIndex(db, tx, rule.zoneLayers, { rows: true });
      const siteIds: string[] = [];
      const zoneIds: number[] = [];
      for (const z of index.covering(xs, ys)) {
        siteIds.push(ids[z.i - 1]!);
        zoneIds.push(z.id);
      }
      const q = build({ siteIds, zoneIds });
      return tx.query<R>(q.sql, q.params);
    },
    { readOnly: true },
  );
}

/** The rule's statement built by `build` (from violationQuery), run with its pairs from where `source` says. */
function runScan<R>(db: Queryable, rule: Rule, filter: ViolationFilter, source: PairSource, build: ScanStatement): Promise<R[]> {
  if (pairsInProcess(db, rule, filter, source)) return queryWithZoneIndex<R>(db, rule, filter, source === 'auto' ? ZONE_INDEX_FROM_SITES : 0, build);
  const q = build();
  return scanQuery<R>(db, q.sql, q.params, filter);
}

export function findViolations(db: Queryable, rule: Rule, filter: ViolationFilter, opts: { geometry?: boolean; pairs?: PairSource } = {}) {
  return runScan<ViolationRow>(db, rule, filter, opts.pairs ?? 'auto', (pairs) =>
    violationQuery(rule, filter, { geometry: opts.geometry ?? false, ...(pairs ? { pairs } : {}) }),
  );
}

/** 违规 is a true verdict, 待核查 an unknown one (fixed SQL text, no parameter). */
const outcomeWhere = (outcome: Outcome | undefined) => (outcome === undefined ? '' : ` WHERE v.verdict IS ${outcome === 'violation' ? 'TRUE' : 'NULL'}`);

/** The rule's violations counted by street office and verdict, without shipping rows. */
export function countViolations(db: Queryable, rule: Rule, filter: ViolationFilter, outcome: Outcome | undefined, source: PairSource = 'auto') {
  return runScan<{ street_code: string | null; verdict: boolean | null; n: number }>(db, rule, filter, source, (pairs) => {
    const q = violationQuery(rule, filter, pairs ? { pairs } : {});
    return {
      sql: `SELECT v.street_code, v.verdict, count(*)::int AS n FROM (${q.sql}) v${outcomeWhere(outcome)} GROUP BY v.street_code, v.verdict`,
      params: q.params,
    };
  });
}

/** One page of the rule's violations (in feature id order). */
export function pageViolations(
  db: Queryable,
  rule: Rule,
  filter: ViolationFilter,
  outcome: Outcome | undefined,
  limit: number,
  offset: number,
  source: PairSource = 'auto',
) {
  return runScan<ViolationRow>(db, rule, filter, source, (pairs) => {
    const q = violationQuery(rule, filter, pairs ? { pairs } : {});
    const n = q.params.length;
    return {
      sql: `SELECT v.* FROM (${q.sql}) v${outcomeWhere(outcome)} ORDER BY v.feature_id::bigint LIMIT $${n + 1} OFFSET $${n + 2}`,
      params: [...q.params, limit, offset],
    };
  });
}

/**
 * Ids cutting a layer's sites into ranges of `every` sites (each id ends a range; the last range is
 * open): a streamed scan runs the rule's query range by range, holding one range's rows at a time.
 */
export async function siteRangeEnds(db: Queryable, layerId: string, every: number): Promise<number[]> {
  const rows = await db.query<{ id: number | string }>(
    'SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM features WHERE layer_id = $1) t WHERE rn % $2 = 0 ORDER BY id',
    [layerId, every],
  );
  return rows.map((r) => Number(r.id));
}

export interface StreetRow {
  id: number;
  code: string | null;
  name: string;
}

/**
 * A street office by its division code or its feature id. Both look like digits, so the code is
 * tried first (it is what people type); an id only matches when no street has that code.
 */
export async function findStreet(db: Queryable, ref: string): Promise<StreetRow | undefined> {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : null;
  const [row] = await db.query<StreetRow>(
    `SELECT id, properties ->> 'code' AS code, name
       FROM features
      WHERE layer_id = 'streets' AND (properties ->> 'code' = $1::text OR id = $2::bigint)
      ORDER BY (properties ->> 'code' = $1::text) DESC NULLS LAST, id
      LIMIT 1`,
    [ref, id],
  );
  return row;
}

/** A feature of one of `layerIds` by id: which layer it is in, or undefined. */
export async function findFeatureLayer(db: Queryable, id: number, layerIds: readonly string[]) {
  const [row] = await db.query<{ layer_id: string; name: string }>('SELECT layer_id, name FROM features WHERE layer_id = ANY($1::text[]) AND id = $2::bigint', [
    layerIds,
    id,
  ]);
  return row;
}

/**
 * Ids from which a write's warning query runs without JIT. An import's slice of 25 000 ids is priced
 * far past jit_above_cost while the new rows have no statistics yet, and compiling it cost up to 3 s
 * of backend CPU (EXPLAIN ANALYZE of one slice of 100 000 imported sites: JIT 3.1 s of 9.4 s); the
 * import's warnings took 8.8 s of backend CPU without it, 11.1-14.8 s with it. An edit's few ids
 * are priced under the threshold, so they keep their one statement instead of a transaction's four.
 */
const WARNINGS_WITHOUT_JIT_FROM = 1000;

/** Per rule and outcome, the count and the first `sample` ids of the written sites the rules flag (rules of one layer sharing their zone layers). */
export function tallyWarnings(db: Queryable, rules: readonly Rule[], featureIds: readonly number[], sample: number) {
  const q = warningTallyQuery(rules, featureIds, sample);
  if (featureIds.length < WARNINGS_WITHOUT_JIT_FROM) return db.query<WarningTallyRow>(q.sql, q.params);
  return queryWithLocalSettings<WarningTallyRow>(db, ['SET LOCAL jit = off'], q.sql, q.params);
}
