/**
 * A violation rule is data: which layer it inspects, which zones (if any) it applies in, an
 * attribute condition, when it is in force and which units answer for it. The condition is a small
 * typed tree compiled to parameterised SQL by condition.compiler.ts; nothing here is SQL text, so a
 * rule can never carry an injection.
 */
import type { Bilingual } from '../../lib/errors.ts';

/**
 * One attribute test, decided in three values because inspectors' records are patchy: true, false,
 * or unknown when the attribute is unrecorded — absent, null, of the wrong type (a number stored as
 * text), or the enumeration value `unknown` (e.g. emission stage 不明). A rule whose condition comes
 * out unknown gives the outcome 待核查 (unverified), never 违规: unknown is not guilty.
 *  - `eq` / `ne` / `in`: the value is (not) equal to / one of the values.
 *  - `gte` / `lt`: numeric comparison.
 *  - `isTrue` / `notTrue`: recorded as true / recorded as false.
 *  - `missing`: absent, null, or blank text (e.g. an NRMM machine without a registration code): the
 *    absence is the fact, so this test is never unknown.
 * `ifUnrecorded` decides an unrecorded value on purpose instead of leaving it unknown (an unrecorded
 * exemption is no exemption: `{ attr: 'exempt_use', op: 'notTrue', ifUnrecorded: true }`).
 * `of: 'zone'` reads the attribute from the zone the site lies in (e.g. the zone's `min_stage`).
 */
type TestOptions = { of?: 'site' | 'zone'; ifUnrecorded?: boolean };
export type AttributeTest = TestOptions &
  (
    | { attr: string; op: 'eq' | 'ne'; value: string | number | boolean }
    | { attr: string; op: 'in'; value: readonly string[] }
    | { attr: string; op: 'gte' | 'lt'; value: number }
    | { attr: string; op: 'isTrue' | 'notTrue' | 'missing' }
  );

export type Condition = { all: readonly Condition[] } | { any: readonly Condition[] } | AttributeTest;

/**
 * When a rule is in force, in Asia/Shanghai local time. All parts must hold; absent parts always do.
 *  - `from`: first day (a deadline "2023年10月底前" makes the rule bite from 2023-11-01).
 *  - `months`: inclusive month range each year ([5, 9] = 5月—9月).
 *  - `hours`: daily window [start, end) in whole hours ([10, 17] = 10时—17时).
 */
export interface InForce {
  from?: string;
  months?: readonly [number, number];
  hours?: readonly [number, number];
  /** The plan's words for the window or deadline. */
  text: Bilingual;
}

/** The plan names a lead unit (牵头单位) and a responsible unit (责任单位) for every task. */
export interface Units {
  lead: readonly string[];
  /** 配合单位, where the plan names one. */
  support?: readonly string[];
  responsible: readonly string[];
}

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
  /** How "in a zone" is decided: insideZoneSql (server/lib/inside-zone.sql.ts), covered or within 1 mm of the boundary. Null when not spatial. */
  predicate: 'covers' | null;
  /** True for a feature that violates the rule (given the spatial part holds); unknown → 待核查. */
  condition: Condition;
  /**
   * Not flagged where `condition` holds and the site lies outside every feature of `layers` (反对
   * "一刀切": a household boiler where clean heating has not arrived yet needs a replacement plan,
   * it is not a violation). Unknown `condition` there → 待核查.
   */
  exemptOutside?: { condition: Condition; layers: readonly string[] };
  /** Absent: always in force. */
  inForce?: InForce;
  units: Units;
}

/** Declares a rule and derives `predicate` from whether it has zone layers. */
export function defineRule(rule: Omit<Rule, 'predicate'>): Rule {
  return { ...rule, predicate: rule.zoneLayers.length > 0 ? 'covers' : null };
}

/** Every attribute a condition reads, per side, in first-use order (the evidence keys). */
export function attributesOf(c: Condition, out = { site: [] as string[], zone: [] as string[] }) {
  if ('all' in c || 'any' in c) for (const x of 'all' in c ? c.all : c.any) attributesOf(x, out);
  else {
    const side = c.of === 'zone' ? out.zone : out.site;
    if (!side.includes(c.attr)) side.push(c.attr);
  }
  return out;
}

/** The JSON type a recorded value must have for `test` to decide it (anything else is unrecorded). */
export function recordedType(test: AttributeTest): 'boolean' | 'number' | 'string' {
  if (test.op === 'isTrue' || test.op === 'notTrue') return 'boolean';
  if (test.op === 'gte' || test.op === 'lt') return 'number';
  if (test.op !== 'eq' && test.op !== 'ne') return 'string';
  return typeof test.value === 'number' ? 'number' : typeof test.value === 'boolean' ? 'boolean' : 'string';
}
