/**
 * Response shapes of the rules feature, as zod schemas: the API tests parse every response with
 * them, and the client imports the inferred types with `import type`.
 */
import { z } from 'zod';

const bilingual = z.object({ zh: z.string(), en: z.string() });

const attributeTest = z.union([
  z.object({ attr: z.string(), op: z.enum(['eq', 'ne']), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ attr: z.string(), op: z.literal('in'), value: z.array(z.string()) }),
  z.object({ attr: z.string(), op: z.enum(['gte', 'lt']), value: z.number() }),
  z.object({ attr: z.string(), op: z.enum(['isTrue', 'notTrue', 'missing']) }),
]);
type ConditionJson = z.infer<typeof attributeTest> | { all: ConditionJson[] } | { any: ConditionJson[] };
export const conditionSchema: z.ZodType<ConditionJson> = z.lazy(() =>
  z.union([z.object({ all: z.array(conditionSchema) }), z.object({ any: z.array(conditionSchema) }), attributeTest]),
);

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
    }),
  ),
});

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
  }),
});

/** GET /api/features/{layer}/{id}/violations */
export const featureViolationsResponseSchema = z.object({
  layer: z.string(),
  featureId: z.string(),
  name: z.string(),
  violations: z.array(violationSchema),
});

export type RulesResponse = z.infer<typeof rulesResponseSchema>;
export type Violation = z.infer<typeof violationSchema>;
export type ViolationsResponse = z.infer<typeof violationsResponseSchema>;
export type FeatureViolationsResponse = z.infer<typeof featureViolationsResponseSchema>;
