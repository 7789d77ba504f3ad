/**
 * Response shapes of the OGC API – Features documents (ogc.service.ts builds them, API tests parse
 * with them). Items are streamed as text; their head is this schema, their features GeoJSON.
 */
import { z } from 'zod';
import { OGC_CRS_URIS } from '../../lib/ogc-crs.ts';

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
  /** Part 2: the CRS the items can be had in (`crs=`), and the one they are stored in. */
  crs: z.array(z.string()),
  storageCrs: z.string(),
  extent: z.object({ spatial: z.object({ bbox: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])), crs: z.string() }) }),
  links: z.array(ogcLinkSchema),
});

/** GET /ogc/collections/{id}/queryables (Part 3): a JSON Schema of what `filter=` may name. */
export const queryablesSchema = z.object({
  $schema: z.string(),
  $id: z.string().url(),
  type: z.literal('object'),
  title: z.string(),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())),
  additionalProperties: z.literal(false),
});

const crsParam = (what: string) =>
  z
    .enum(OGC_CRS_URIS)
    .optional()
    .describe(
      `${what}, as an OGC CRS URI; coordinates in that CRS's axis order (CRS84 lon/lat; EPSG:4326 and 4490 lat/lon; EPSG:4547 and 4526 northing/easting). Default CRS84.`,
    );

/**
 * GET /ogc/collections/{id}/items query parameters (and /items/{fid}: `crs` only). Any other key
 * is an equality filter on `name` or an attribute of the layer (`?status=operating`).
 */
export const itemsQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional()
      .describe('Page size, 1–10 000 (default 10).'),
    offset: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional()
      .describe('Features to skip (default 0).'),
    bbox: z.string().optional().describe('minX,minY,maxX,maxY in bbox-crs (axis order of that CRS); in CRS84 west > east crosses the antimeridian.'),
    'bbox-crs': crsParam('CRS of bbox'),
    crs: crsParam('CRS of the returned geometries (also on a single item); echoed in the Content-Crs header'),
    filter: z
      .string()
      .max(8000)
      .optional()
      .describe('A CQL2 filter over the queryables: comparison, LIKE, IN, BETWEEN, IS NULL, AND/OR/NOT, S_INTERSECTS and the other spatial functions.'),
    'filter-lang': z.enum(['cql2-text', 'cql2-json']).optional().describe('Encoding of filter (default cql2-text).'),
    'filter-crs': crsParam('CRS of the geometry literals in filter'),
    sortby: z
      .string()
      .optional()
      .describe('Order of the features: comma-separated queryables, each with a leading - for descending (+ or nothing: ascending); ties by id.'),
    properties: z.string().optional().describe('Only these properties (comma-separated: name, is_demo, attributes); the geometry always comes.'),
    f: z.enum(['json', 'geojson']).optional(),
  })
  .catchall(z.string().describe('Equality filter on name or an attribute'));

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
