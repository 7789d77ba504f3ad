/**
 * Request and response of the site check (the route validates with the query, the service returns
 * the response, API tests parse with it, the client imports the types).
 */
import { z } from 'zod';
import { json, type ApiGroup } from '../../http/endpoint.ts';
import { CRS_IDS } from '../../lib/crs.ts';

// Coordinates arrive as text; only plain decimal numbers are accepted (no hex, no 1e309, no blanks).
const coordinate = z
  .string()
  .max(40)
  .regex(/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?\s*$/, 'must be a decimal number')
  .transform(Number)
  .refine(Number.isFinite, 'must be finite');

/** GET /api/check (and the check report): lng/lat, or x/y for a projected crs; asOf in Asia/Shanghai. */
export const checkQuery = z
  .object({
    crs: z.enum(CRS_IDS).default('wgs84'),
    lng: coordinate.optional(),
    lat: coordinate.optional(),
    x: coordinate.optional(),
    y: coordinate.optional(),
    asOf: z.string().max(40).optional(),
  })
  .strict();

const bilingualNote = { code: z.string(), zh: z.string(), en: z.string() };

/** A zone covering the point (boundary counts as inside). */
export const checkZoneSchema = z.object({ layer: z.string(), id: z.string(), name: z.string() });

/** A restriction of the plan that applies at the point, with the zones it comes from. */
export const checkRuleSchema = z.object({
  id: z.string(),
  article: z.string(),
  layer: z.string(),
  zoneIds: z.array(z.string()),
  zh: z.string(),
  en: z.string(),
  /** False for a restriction limited in time (art. 13's window) that is not in force at `asOf`. */
  inForce: z.boolean(),
});

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A rule the plan limits in time (deadline, season, daily hours) and whether it is in force at the checked moment. */
export const checkWindowSchema = z.object({ rule: z.string(), article: z.string(), title: bilingual, text: bilingual, inForce: z.boolean() });

/** OUTSIDE_DISTRICT, LIKELY_SWAPPED, CLEAN_HEATING_GAP. */
export const checkWarningSchema = z.object(bilingualNote);

/** GET /api/check */
export const checkResponseSchema = z.object({
  /** The point in WGS84. */
  point: z.object({ lng: z.number(), lat: z.number() }),
  /** The input as given: lng/lat for geographic systems, x/y for Gauss–Krüger. */
  input: z.object({ crs: z.enum(CRS_IDS), lng: z.number().optional(), lat: z.number().optional(), x: z.number().optional(), y: z.number().optional() }),
  zones: z.array(checkZoneSchema),
  rules: z.array(checkRuleSchema),
  warnings: z.array(checkWarningSchema),
  /** The moment checked, Asia/Shanghai (YYYY-MM-DDTHH:mm). */
  asOf: z.string(),
  windows: z.array(checkWindowSchema),
  /** Zone layer (those with restrictions) → signed metres to its nearest boundary: negative inside, positive outside. */
  distances: z.record(z.string(), z.number()),
});

export const checkApi: ApiGroup = {
  tag: 'check',
  description: 'Site check: the zones holding a point and what the plan demands there.',
  endpoints: [
    {
      method: 'get',
      path: '/api/check',
      summary: 'Zones holding a point, the restrictions there with articles, time windows, warnings and boundary distances',
      query: checkQuery,
      responses: { 200: { description: 'The verdict.', content: json(checkResponseSchema) } },
    },
  ],
};

export type CheckZone = z.infer<typeof checkZoneSchema>;
export type CheckRule = z.infer<typeof checkRuleSchema>;
export type CheckWarning = z.infer<typeof checkWarningSchema>;
export type CheckWindow = z.infer<typeof checkWindowSchema>;
export type CheckResponse = z.infer<typeof checkResponseSchema>;
