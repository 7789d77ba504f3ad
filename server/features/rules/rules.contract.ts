/**
 * Requests and responses of the rules feature, as zod schemas: the routes validate with them, the
 * API tests parse every response with them, and the client imports the inferred types with `import type`.
 */
import { z } from 'zod';
import { geojson, json, type ApiGroup } from '../../http/endpoint.ts';

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** `of: 'zone'` reads the zone's attribute; `ifUnrecorded` decides an unrecorded value (else unknown → 待核查). */
const testOptions = { attr: z.string(), of: z.enum(['site', 'zone']).optional(), ifUnrecorded: z.boolean().optional() };
const attributeTest = z.union([
  z.object({ ...testOptions, op: z.enum(['eq', 'ne']), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ ...testOptions, op: z.literal('in'), value: z.array(z.string()) }),
  z.object({ ...testOptions, op: z.enum(['gte', 'lt']), value: z.number() }),
  z.object({ ...testOptions, op: z.enum(['isTrue', 'notTrue', 'missing']) }),
]);
type ConditionJson = z.infer<typeof attributeTest> | { all: ConditionJson[] } | { any: ConditionJson[] };
// named: the API definition refers to the recursive schema by this id instead of unfolding it
export const conditionSchema: z.ZodType<ConditionJson> = z
  .lazy(() => z.union([z.object({ all: z.array(conditionSchema) }), z.object({ any: z.array(conditionSchema) }), attributeTest]))
  .meta({ id: 'RuleCondition' });

/** GET /api/rules */
export const rulesResponseSchema = z.object({
  rules: z.array(
    z.object({
      id: z.string(),
      article: z.string(),
      title: bilingual,
      explanation: bilingual,
      siteLayer: z.string(),
      zoneLayers: z.array(z.string()),
      predicate: z.literal('covers').nullable(),
      condition: conditionSchema,
      /** Not flagged where this holds outside every feature of `layers` (e.g. household boilers in a clean-heating gap). */
      exemptOutside: z.object({ condition: conditionSchema, layers: z.array(z.string()) }).optional(),
      /** When the rule bites (Asia/Shanghai): first day, month range, daily hour window [start, end). Absent: always. */
      inForce: z
        .object({
          from: z.string().optional(),
          months: z.tuple([z.number().int(), z.number().int()]).optional(),
          hours: z.tuple([z.number().int(), z.number().int()]).optional(),
          text: bilingual,
        })
        .optional(),
      /** 牵头单位 and 责任单位 as the plan names them. */
      units: z.object({ lead: z.array(z.string()), support: z.array(z.string()).optional(), responsible: z.array(z.string()) }),
    }),
  ),
});

export const OUTCOMES = ['violation', 'unverified'] as const;
/** 违规 (the recorded attributes break the rule) or 待核查 (an attribute that decides it is unrecorded). */
export const outcomeSchema = z.enum(OUTCOMES);

/** GET /api/violations[.geojson] */
export const violationsQuery = z
  .object({
    rule: z.string().min(1).max(100).optional(),
    layer: z.string().min(1).max(100).optional(),
    street: z.string().trim().min(1).max(100).optional(),
    zone: z.string().trim().min(1).max(100).optional(),
    bbox: z.string().max(200).optional(),
    outcome: outcomeSchema.optional(),
    unit: z.string().trim().min(1).max(100).optional(),
    asOf: z.string().max(40).optional(),
  })
  .strict();
/** Largest page of GET /api/violations (as OGC items); without `limit` the whole list is streamed. */
export const VIOLATIONS_MAX_LIMIT = 10_000;

/** GET /api/violations: `limit`/`offset` page the list (with a `next` link); `countsOnly=true` answers the counts without items. */
export const violationsListQuery = violationsQuery
  .extend({
    limit: z.coerce.number().int().min(1).max(VIOLATIONS_MAX_LIMIT).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
    countsOnly: z.enum(['true', 'false']).optional(),
  })
  .strict();
/** GET /api/features/{layer}/{id}/violations: the moment (Asia/Shanghai), default now. */
export const asOfQuery = z.object({ asOf: z.string().max(40).optional() }).strict();

export const violationSchema = z.object({
  rule: z.string(),
  article: z.string(),
  layer: z.string(),
  featureId: z.string(),
  name: z.string(),
  /** Zones (feature ids) the site lies in; empty for rules that are not spatial. */
  zoneIds: z.array(z.string()),
  /** The street office covering the site; absent when no street polygon covers it. */
  streetCode: z.string().optional(),
  streetName: z.string().optional(),
  /** The site's point (a point on the surface for polygon sites): where the map zooms to. */
  lng: z.number(),
  lat: z.number(),
  outcome: outcomeSchema,
  /** The attribute values that decided the outcome (null = not recorded); zone attributes as `zone.<key>`. */
  evidence: z.record(z.string(), z.unknown()),
});

/** GET /api/violations */
export const violationsResponseSchema = z.object({
  violations: z.array(violationSchema),
  counts: z.object({
    total: z.number().int(),
    /** Every rule that was evaluated (after the rule/layer filters), zeros included. */
    byRule: z.record(z.string(), z.number().int()),
    /** Street code → violations there. */
    byStreet: z.record(z.string(), z.number().int()),
    /** Violations at sites no street polygon covers. */
    noStreet: z.number().int(),
    /** Outcome → items; sums to total. */
    byOutcome: z.object({ violation: z.number().int(), unverified: z.number().int() }),
  }),
  /** The moment evaluated, Asia/Shanghai: YYYY-MM-DD (the whole day) or YYYY-MM-DDTHH:mm. */
  asOf: z.string(),
  /** Rules evaluated but not in force at asOf (their dates or window): listed with 0 in byRule. */
  notInForce: z.array(z.string()),
  /** With `limit`: the URL of the next page, absent on the last one. */
  next: z.string().optional(),
});

/** GET /api/features/{layer}/{id}/violations */
export const featureViolationsResponseSchema = z.object({
  layer: z.string(),
  featureId: z.string(),
  name: z.string(),
  violations: z.array(violationSchema),
  asOf: z.string().optional(),
  /** The rules behind those items, for the inspector: article, title and explanation in both languages. */
  rules: z.array(z.object({ id: z.string(), article: z.string(), title: bilingual, explanation: bilingual })).optional(),
});

/**
 * `warnings` of a write's response (create, edit, restore, import, undo): the rules the saved
 * features break (违规) or cannot be decided for (待核查), one item per rule and outcome. The write
 * went through; this is feedback, not a refusal.
 */
export const ruleWarningSchema = z.object({
  code: z.enum(['RULE_VIOLATION', 'RULE_UNVERIFIED']),
  rule: z.string(),
  article: z.string(),
  outcome: outcomeSchema,
  title: bilingual,
  zh: z.string(),
  en: z.string(),
  layer: z.string(),
  /** The saved features concerned (at most 100 listed) and how many there are. */
  featureIds: z.array(z.string()),
  count: z.number().int().positive(),
});

export type RulesResponse = z.infer<typeof rulesResponseSchema>;
export type RuleWarning = z.infer<typeof ruleWarningSchema>;
export type Violation = z.infer<typeof violationSchema>;
export type ViolationsResponse = z.infer<typeof violationsResponseSchema>;
export type FeatureViolationsResponse = z.infer<typeof featureViolationsResponseSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;

export const rulesApi: ApiGroup = {
  tag: 'rules',
  description: 'The plan’s enforcement rules and the possible breaches they find (违规 / 待核查).',
  endpoints: [
    {
      method: 'get',
      path: '/api/rules',
      summary: 'The rules: article, title, explanation, layers, condition, time windows, units',
      responses: { 200: { description: 'The rules.', content: json(rulesResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/violations',
      summary:
        'Point-in-zone and attribute checks at asOf, with counts by rule, street office and outcome (limit/offset page it; countsOnly=true gives the counts alone)',
      query: violationsListQuery,
      responses: { 200: { description: 'The findings.', content: json(violationsResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/violations.geojson',
      summary: 'The findings as GeoJSON (download)',
      query: violationsQuery,
      responses: { 200: { description: 'violations-{date}.geojson', content: geojson() } },
    },
    {
      method: 'get',
      path: '/api/features/:layer/:id/violations',
      summary: 'The findings of one feature',
      params: z.object({ layer: z.string().max(100), id: z.string().regex(/^\d{1,15}$/) }),
      query: asOfQuery,
      responses: { 200: { description: 'Its findings.', content: json(featureViolationsResponseSchema) } },
    },
  ],
};
