/** Response shape of the search (the service returns it, API tests parse with it, the client imports the types). */
import { z } from 'zod';

/** A site or zone whose name, permit, registration or licence number matched; its representative point in WGS84. */
export const searchHitSchema = z.object({ layer: z.string(), id: z.string(), name: z.string(), code: z.string().nullable(), lng: z.number(), lat: z.number() });

/** GET /api/search?q= */
export const searchResponseSchema = z.object({ results: z.array(searchHitSchema) });

export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchResponse = z.infer<typeof searchResponseSchema>;
