/** Request and response of the search (the route validates with the query, the service returns the response, the client imports the types). */
import { z } from 'zod';
import { json, type ApiGroup } from '../../http/endpoint.ts';

/** GET /api/search */
export const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(100),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** A site or zone whose name, permit, registration or licence number matched; its representative point in WGS84. */
export const searchHitSchema = z.object({ layer: z.string(), id: z.string(), name: z.string(), code: z.string().nullable(), lng: z.number(), lat: z.number() });

/** GET /api/search?q= */
export const searchResponseSchema = z.object({ results: z.array(searchHitSchema) });

export const searchApi: ApiGroup = {
  tag: 'search',
  description: 'Sites and zones by name, permit, registration or licence number.',
  endpoints: [
    {
      method: 'get',
      path: '/api/search',
      summary: 'Search sites and zones',
      query: searchQuery,
      responses: { 200: { description: 'The hits.', content: json(searchResponseSchema) } },
    },
  ],
};

export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchResponse = z.infer<typeof searchResponseSchema>;
