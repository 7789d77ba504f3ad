/**
 * Response shapes of the OGC API – Features documents (ogc.service.ts builds them, API tests parse
 * with them). Items are streamed as text; their head is this schema, their features GeoJSON.
 */
import { z } from 'zod';

export const ogcLinkSchema = z.object({ href: z.string().url(), rel: z.string(), type: z.string().optional(), title: z.string().optional() });

/** GET /ogc */
export const landingPageSchema = z.object({ title: z.string(), description: z.string(), links: z.array(ogcLinkSchema) });

/** GET /ogc/conformance */
export const conformanceSchema = z.object({ conformsTo: z.array(z.string()) });

/** GET /ogc/collections/{id} */
export const collectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  extent: z.object({ spatial: z.object({ bbox: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])), crs: z.string() }) }),
  links: z.array(ogcLinkSchema),
});

/** GET /ogc/collections */
export const collectionsSchema = z.object({ links: z.array(ogcLinkSchema), collections: z.array(collectionSchema) });

export const ogcFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  properties: z.record(z.string(), z.unknown()),
});

/** GET /ogc/collections/{id}/items */
export const itemsSchema = z.object({
  type: z.literal('FeatureCollection'),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(ogcLinkSchema),
  features: z.array(ogcFeatureSchema),
});

export type OgcLink = z.infer<typeof ogcLinkSchema>;
export type LandingPage = z.infer<typeof landingPageSchema>;
export type Collection = z.infer<typeof collectionSchema>;
export type Collections = z.infer<typeof collectionsSchema>;
/** The items document without its features (the service writes those as text from the database). */
export type ItemsHead = Omit<z.infer<typeof itemsSchema>, 'features'>;
