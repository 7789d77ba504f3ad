/**
 * Export filters, the same as the OGC items endpoint offers: `bbox` and equality on `name` or any
 * attribute of the layer (`?status=active&above_scale=true`), and a CQL2 `filter=` (with `filter-lang`,
 * `filter-crs`). Keys are checked against the layer's attributes; values are parsed in the
 * attribute's type and passed as SQL parameters.
 * `violations=only` (with optional `rule=<ruleId>`, `outcome=`, `asOf=`) is split off first by splitViolationsQuery.
 */
import type { Request } from 'express';
import { inputError } from '../../lib/errors.ts';
import { parseBbox, type Bbox } from '../../lib/bbox.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import type { FeatureQuery } from '../layers/feature-read.service.ts';
import { parseLayerFilter } from '../layers/layer-filter.ts';
import type { LabelMode } from './labels.ts';
import { parseFilterValue, type PropertyFilter } from '../layers/property-filter.ts';
import { parseAsOf, type AsOf } from '../rules/as-of.ts';

const invalid = (param: string, reason: string) =>
  inputError('INVALID_PARAMETER', { zh: `参数 ${param} 无效：${reason}`, en: `Invalid parameter ${param}: ${reason}` });

export function parseExportQuery(layer: Layer, query: Request['query']): FeatureQuery {
  const filters: PropertyFilter[] = [];
  let bbox: Bbox | undefined;
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') throw invalid(key.slice(0, 64), 'must be given once, as plain text');
    if (FILTER_KEYS.has(key)) continue;
    if (key === 'bbox') {
      const parsed = parseBbox(raw);
      if (!parsed.ok) throw inputError('INVALID_BBOX', { zh: `bbox 无效：${parsed.reason}`, en: `Invalid bbox: ${parsed.reason}` });
      bbox = parsed.bbox;
      continue;
    }
    const def = key === 'name' ? ({ key: 'name', type: 'name' } as const) : layer.attributes.find((a) => a.key === key);
    if (!def) throw invalid(key.slice(0, 64), `unknown parameter; filters: bbox, name, ${layer.attributes.map((a) => a.key).join(', ')}`);
    const value = parseFilterValue(def, raw);
    if (typeof value === 'object') throw invalid(key, value.reason);
    filters.push({ def, value });
  }
  const text = (k: string) => query[k] as string | undefined;
  const cql = parseLayerFilter(layer, text('filter'), text('filter-lang'), text('filter-crs'));
  return { layerId: layer.id, filters, ...(bbox ? { bbox } : {}), ...(cql ? { cql } : {}) };
}

const FILTER_KEYS = new Set(['filter', 'filter-lang', 'filter-crs']);

/**
 * Takes `violations`, `rule`, `outcome` and `asOf` out of an export query. `violations` must be
 * `only`; the others are only meaningful with it. Returns the rest for parseExportQuery.
 */
export function splitViolationsQuery(query: Request['query']): { violations?: ViolationsExport; rest: Request['query'] } {
  const { violations, rule, outcome, asOf, ...rest } = query;
  if (violations === undefined) {
    for (const [k, v] of Object.entries({ rule, outcome, asOf })) if (v !== undefined) throw invalid(k, 'only with violations=only');
    return { rest };
  }
  if (violations !== 'only') throw invalid('violations', 'the only value is "only"');
  const out: ViolationsExport = {};
  if (asOf !== undefined) {
    if (typeof asOf !== 'string') throw invalid('asOf', 'YYYY-MM-DD or YYYY-MM-DDTHH:mm, given once');
    out.asOf = parseAsOf(asOf);
  }
  if (outcome !== undefined) {
    if (outcome !== 'violation' && outcome !== 'unverified' && outcome !== 'all') throw invalid('outcome', 'violation (default), unverified or all');
    out.outcome = outcome;
  }
  if (rule === undefined) return { violations: out, rest };
  if (typeof rule !== 'string' || !rule || rule.length > 100) throw invalid('rule', 'a rule id, given once');
  return { violations: { ...out, rule }, rest };
}

/** `violations=only` keeps outcome 违规 unless `outcome=` says otherwise (`all`: 待核查 too). */
export interface ViolationsExport {
  rule?: string;
  /** When to evaluate the rules (Asia/Shanghai); absent = now. */
  asOf?: AsOf;
  outcome?: 'violation' | 'unverified' | 'all';
}

/**
 * Takes `labels` out of an export query: `zh` for Chinese headers and enumeration labels, `keys`
 * (the default) for machine keys. `supported` is false for formats that cannot write labels.
 */
export function splitLabelsQuery(query: Request['query'], supported: boolean): { labels: LabelMode; rest: Request['query'] } {
  const { labels, ...rest } = query;
  if (labels === undefined || labels === 'keys') return { labels: 'keys', rest };
  if (labels !== 'zh') throw invalid('labels', 'the values are "zh" and "keys"');
  if (!supported) throw invalid('labels', 'labels=zh is offered for CSV and KML only: GeoJSON and Shapefile keep machine keys');
  return { labels, rest };
}
