/** Response shapes of the coverage feature (API tests parse responses with these; the client imports the types). */
import { z } from 'zod';
import { geojson, json, noQuery, type ApiGroup } from '../../http/endpoint.ts';

const m2 = z.number().nonnegative();
/** Null where there is no built-up land to cover. */
const pct = z.number().min(0).max(100).nullable();

/** GET /api/coverage */
export const coverageResponseSchema = z.object({
  /** The plan's target for the built-up area (art. 6), in %. */
  target: z.literal(100),
  /** True when no gap is left (overlay noise aside). */
  targetMet: z.boolean(),
  /** How areas are measured, for the UI's footnote. */
  areaCrs: z.literal('EPSG:4547'),
  builtUpAreaM2: m2,
  coveredM2: m2,
  gapM2: m2,
  /** Overlay slivers (under 1 m² or under 0.5 m wide) left out of the gap: shown so nothing is hidden. */
  gapNoiseM2: z.number(),
  coveragePct: pct,
  /** Clean heating outside the built-up area (rural extension), not part of the target. */
  cleanHeatingOutsideM2: m2,
  byStreet: z.array(z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), builtUpM2: m2, coveredM2: m2, gapM2: m2, coveragePct: pct })),
  /** Built-up land still on loose coal: one entry per gap piece (street by street), largest first. */
  uncovered: z.array(
    z.object({ id: z.string(), streetCode: z.string().nullable(), streetName: z.string().nullable(), gapM2: m2, lng: z.number(), lat: z.number() }),
  ),
  /**
   * Household and village-collective coal boilers in use outside every clean-heating area: art. 6
   * (反对“一刀切”) asks for a loose-coal replacement plan there (散煤替代方案, clean coal), so they are
   * listed here and not as violations of coal_ban.boiler.
   */
  replacementPlanSites: z.array(
    z.object({
      featureId: z.string(),
      name: z.string(),
      use: z.enum(['household', 'village']),
      streetCode: z.string().nullable(),
      streetName: z.string().nullable(),
      inCoalBanZone: z.boolean(),
      inBuiltUpArea: z.boolean(),
      lng: z.number(),
      lat: z.number(),
    }),
  ),
});

/** Properties of each feature of GET /api/coverage/gaps.geojson (same pieces, same ids as `uncovered`). */
export const gapFeaturePropertiesSchema = z.object({
  id: z.string(),
  area_m2: m2,
  street_code: z.string().nullable(),
  street_name: z.string().nullable(),
});

export type CoverageResponse = z.infer<typeof coverageResponseSchema>;
export type GapFeatureProperties = z.infer<typeof gapFeaturePropertiesSchema>;

export const coverageApi: ApiGroup = {
  tag: 'coverage',
  description: 'Clean-heating coverage of the built-up area against the plan’s 100 % target.',
  endpoints: [
    {
      method: 'get',
      path: '/api/coverage',
      summary: 'Coverage (m² in EPSG:4547) overall and per street office, gaps, replacement-plan sites',
      query: noQuery,
      responses: { 200: { description: 'The coverage.', content: json(coverageResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/coverage/gaps.geojson',
      summary: 'The gap polygons with their areas (download)',
      query: noQuery,
      responses: { 200: { description: 'clean-heating-gaps-{date}.geojson', content: geojson() } },
    },
  ],
};
