/**
 * A violation rule is data: which layer it inspects, which zones (if any) it applies in, and an
 * attribute condition. The condition is a small typed tree compiled to parameterised SQL by
 * condition.compiler.ts; nothing here is SQL text, so a rule can never carry an injection.
 */
import type { Bilingual } from '../../http/errors.ts';

/**
 * One attribute test. Missing data is decided on purpose, because inspectors' records are patchy:
 *  - `eq` / `in`: the value is present and equal (one of); a missing value never matches.
 *  - `ne`: anything but the value, a missing value included.
 *  - `gte` / `lt`: numeric comparison; a missing or non-numeric value never matches.
 *  - `isTrue`: recorded as true.
 *  - `notTrue`: false, null or never recorded — an unrecorded measure counts as not in place.
 *  - `missing`: absent, null, or blank text (e.g. an NRMM machine without a registration code).
 */
export type AttributeTest =
  | { attr: string; op: 'eq' | 'ne'; value: string | number | boolean }
  | { attr: string; op: 'in'; value: readonly string[] }
  | { attr: string; op: 'gte' | 'lt'; value: number }
  | { attr: string; op: 'isTrue' | 'notTrue' | 'missing' };

export type Condition = { all: readonly Condition[] } | { any: readonly Condition[] } | AttributeTest;

export interface Rule {
  /** Stable id, `topic.case`; the demo manifest and the UI key on it. */
  id: string;
  /** Article number(s) of the 2023 plan, as printed there ("6", "4, 6"). */
  article: string;
  title: Bilingual;
  /** What the plan requires and what the app checks, shown to the inspector. */
  explanation: Bilingual;
  /** The layer whose features can be in violation (catalogue id). */
  siteLayer: string;
  /** The site must lie in a feature of one of these layers; empty = the rule is not spatial. */
  zoneLayers: readonly string[];
  /** How "in a zone" is decided: ST_Covers, so a site on a zone's boundary is inside. Null when not spatial. */
  predicate: 'covers' | null;
  /** True for a feature that violates the rule (given the spatial part holds). */
  condition: Condition;
}

/** Declares a rule and derives `predicate` from whether it has zone layers. */
export function defineRule(rule: Omit<Rule, 'predicate'>): Rule {
  return { ...rule, predicate: rule.zoneLayers.length > 0 ? 'covers' : null };
}
