/** Response shape of the site check (the service returns it, API tests parse with it, the client imports the types). */
import { z } from 'zod';
import { CRS_IDS } from '../../lib/crs.ts';

const bilingualNote = { code: z.string(), zh: z.string(), en: z.string() };

/** A zone covering the point (boundary counts as inside). */
export const checkZoneSchema = z.object({ layer: z.string(), id: z.string(), name: z.string() });

/** A restriction of the plan that applies at the point, with the zones it comes from. */
export const checkRuleSchema = z.object({ id: z.string(), article: z.string(), layer: z.string(), zoneIds: z.array(z.string()), zh: z.string(), en: z.string() });

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
});

export type CheckZone = z.infer<typeof checkZoneSchema>;
export type CheckRule = z.infer<typeof checkRuleSchema>;
export type CheckWarning = z.infer<typeof checkWarningSchema>;
export type CheckResponse = z.infer<typeof checkResponseSchema>;
