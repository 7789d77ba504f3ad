/** Response shape of GET /api/stats (API tests parse responses with it; the client imports the type). */
import { z } from 'zod';
import { json, noQuery, type ApiGroup } from '../../http/endpoint.ts';

const m2 = z.number().nonnegative();
/** Site layer id → number of sites; every site layer present, zeros included. */
const counts = z.record(z.string(), z.number().int().nonnegative());

export const statsResponseSchema = z.object({
  /** How areas are measured, for the UI's footnote. */
  areaCrs: z.literal('EPSG:4547'),
  /** Each zone layer: features and the area of their union. */
  zoneLayers: z.array(z.object({ layer: z.string(), featureCount: z.number().int(), areaM2: m2 })),
  /**
   * For each ordered pair of zone layers with features: the ground of `layer` that also lies in
   * `within`, and its share of `layer` (e.g. 62 % of the built-up area is coal-ban zone).
   */
  overlaps: z.array(z.object({ layer: z.string(), within: z.string(), areaM2: m2, sharePct: z.number().min(0).max(100).nullable() })),
  siteTotals: counts,
  /** Sites lying in any zone of each zone layer (boundary included). */
  sitesByZoneLayer: z.array(z.object({ zoneLayer: z.string(), counts })),
  /** Sites per street office (every street listed), and sites no street covers. */
  sitesByStreet: z.array(z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), counts })),
  sitesOutsideStreets: counts,
});

export type StatsResponse = z.infer<typeof statsResponseSchema>;

export const statsApi: ApiGroup = {
  tag: 'stats',
  description: 'Zone areas, overlaps and site counts.',
  endpoints: [
    {
      method: 'get',
      path: '/api/stats',
      summary: 'Zone areas, overlaps, site counts per zone layer and street office',
      query: noQuery,
      responses: { 200: { description: 'The statistics.', content: json(statsResponseSchema) } },
    },
  ],
};
