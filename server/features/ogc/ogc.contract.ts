/**
 * Requests and responses of OGC API – Features (ogc.routes.ts validates with them, ogc.service.ts
 * builds the documents, API tests parse with them, the OpenAPI document is generated from them).
 * Items are streamed as text; their head is this schema, their features GeoJSON.
 */
import { z } from 'zod';
import { geojson, json, type ApiGroup } from '../../http/endpoint.ts';
import { parseBbox } from '../../lib/bbox.ts';
import { CRS84, OGC_CRS_URIS } from '../../lib/ogc-crs.ts';

export { CRS84 };
/** Largest page of items. */
export const OGC_MAX_LIMIT = 10000;

/** A non-negative integer in a query string (digits only: no sign, hex, exponent or blanks). */
const integerParam = (min: number, max: number, def: number, description: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `expects an integer ${min}–${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expects an integer ${min}–${max}`).max(max, `expects an integer ${min}–${max}`))
    .default(def)
    .meta({ description, type: 'integer', minimum: min, maximum: max, default: def, param: { style: 'form', explode: false } });

const limitParam = integerParam(1, OGC_MAX_LIMIT, 10, `Features per page (1–${OGC_MAX_LIMIT}).`);
const offsetParam = integerParam(0, 1_000_000_000, 0, 'Features to skip (the next/prev links carry it).');
const formatParam = z.enum(['json', 'geojson']).optional().meta({ description: 'Output format (GeoJSON either way).' });
const bboxMeta = (description: string) => ({
  description,
  type: 'array',
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  param: { style: 'form', explode: false },
});

/**
 * A CRS parameter, documented with the URIs offered. Taken as text: the route answers an unknown
 * one with `400 UNSUPPORTED_CRS` and the list (lib/ogc-crs.ts), not as a generic bad parameter.
 */
const crsParam = (what: string) =>
  z
    .string()
    .optional()
    .meta({
      description: `${what}, as an OGC CRS URI; coordinates in that CRS's axis order (CRS84 lon/lat; EPSG:4326 and 4490 lat/lon; EPSG:4547 and 4526 northing/easting). Default CRS84.`,
      type: 'string',
      format: 'uri',
      enum: [...OGC_CRS_URIS],
    });

/**
 * The query parameters of GET /ogc/collections/{id}/items that are not properties (every other
 * parameter is an equality filter on a property of the collection). The route parses them with
 * this schema and the API definition lists them from it, so a parameter added here is documented.
 * `bbox`, the CRS and the filter are text here; the route reads them against the layer and the CRS.
 */
export const ogcItemsQuery = z
  .object({
    limit: limitParam,
    offset: offsetParam,
    bbox: z.string().optional().meta(bboxMeta('minX,minY,maxX,maxY in bbox-crs (axis order of that CRS); in CRS84 west > east crosses the antimeridian.')),
    'bbox-crs': crsParam('CRS of bbox'),
    crs: crsParam('CRS of the returned geometries (also on a single item); echoed in the Content-Crs header'),
    filter: z.string().optional().meta({
      description: 'A CQL2 filter over the queryables: comparison, LIKE, IN, BETWEEN, IS NULL, AND/OR/NOT, S_INTERSECTS and the other spatial functions.',
    }),
    'filter-lang': z
      .string()
      .optional()
      .meta({ description: 'Encoding of filter (default cql2-text).', type: 'string', enum: ['cql2-text', 'cql2-json'] }),
    'filter-crs': crsParam('CRS of the geometry literals in filter'),
    sortby: z.string().optional().meta({
      description: 'Order of the features: comma-separated queryables, each with a leading - for descending (+ or nothing: ascending); ties by id.',
    }),
    properties: z.string().optional().meta({ description: 'Only these properties (comma-separated: name, is_demo, attributes); the geometry always comes.' }),
    f: formatParam,
  })
  .strict();
/** Query parameters of /ogc/collections/{id}/items that are never property filters. */
export const OGC_ITEMS_RESERVED: ReadonlySet<string> = new Set(Object.keys(ogcItemsQuery.shape));

/** Paging and a CRS84 bbox: the parameters of a collection that offers no other CRS (the cases). */
export const ogcCrs84PagingQuery = z
  .object({
    limit: limitParam,
    offset: offsetParam,
    bbox: z
      .string()
      .transform((text, ctx) => {
        const parsed = parseBbox(text);
        if (parsed.ok) return parsed.bbox;
        ctx.addIssue({ code: 'custom', message: parsed.reason });
        return z.NEVER;
      })
      .optional()
      .meta(bboxMeta('west,south,east,north in WGS84 longitude/latitude; west > east crosses the antimeridian.')),
    'bbox-crs': z
      .string()
      .refine((v) => v === CRS84, `only ${CRS84} is supported`)
      .optional()
      .meta({ description: 'The CRS of bbox.', type: 'string', format: 'uri', enum: [CRS84] }),
    f: formatParam,
  })
  .strict();

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

const collectionId = z.string().max(64).meta({ description: 'A layer id (GET /api/layers), or `cases` for those who may read the ledger.' });

export const ogcApi: ApiGroup = {
  tag: 'ogc',
  description: 'OGC API – Features Part 1 (core, GeoJSON), Part 2 (CRS by reference) and Part 3 (queryables, CQL2 filters): the layers as collections.',
  endpoints: [
    {
      method: 'get',
      path: '/ogc',
      summary: 'Landing page',
      responses: { 200: { description: 'Links to the API definition, conformance and collections.', content: json(landingPageSchema) } },
    },
    {
      method: 'get',
      path: '/ogc/conformance',
      summary: 'Conformance classes',
      responses: { 200: { description: 'The classes this API conforms to.', content: json(conformanceSchema) } },
    },
    {
      method: 'get',
      path: '/ogc/collections',
      summary: 'The collections',
      responses: { 200: { description: 'Every collection the caller may read.', content: json(collectionsSchema) } },
    },
    {
      method: 'get',
      path: '/ogc/collections/:id',
      summary: 'A collection',
      params: z.object({ id: collectionId }),
      responses: { 200: { description: 'The collection.', content: json(collectionSchema) } },
    },
    {
      method: 'get',
      path: '/ogc/collections/:id/items',
      summary: 'Features of a collection, a page at a time',
      description:
        'Any query parameter not listed here is an equality filter on a property of the collection (`?status=operating`; GET /api/layers lists them).',
      params: z.object({ id: collectionId }),
      query: ogcItemsQuery,
      responses: { 200: { description: 'A GeoJSON FeatureCollection with numberMatched, numberReturned and next/prev links.', content: geojson(itemsSchema) } },
    },
    {
      method: 'get',
      path: '/ogc/collections/:id/queryables',
      summary: "What filter= may name (Part 3): a JSON Schema of the layer's properties, types and enumerations",
      params: z.object({ id: collectionId }),
      responses: { 200: { description: 'The queryables.', content: { 'application/schema+json': queryablesSchema } } },
    },
    {
      method: 'get',
      path: '/ogc/collections/:id/items/:fid',
      summary: 'A feature (ETag: "{layer}.{fid}.v{version}", what Part 4 writes expect in If-Match)',
      params: z.object({ id: collectionId, fid: z.string().regex(/^\d{1,15}$/) }),
      query: ogcItemsQuery.pick({ crs: true, f: true }),
      responses: { 200: { description: 'The feature with its links.', content: geojson(ogcFeatureSchema.extend({ links: z.array(ogcLinkSchema) })) } },
    },
  ],
};

export type OgcLink = z.infer<typeof ogcLinkSchema>;
export type LandingPage = z.infer<typeof landingPageSchema>;
export type Collection = z.infer<typeof collectionSchema>;
export type Collections = z.infer<typeof collectionsSchema>;
/** The items document without its features (the service writes those as text from the database). */
export type ItemsHead = Omit<z.infer<typeof itemsSchema>, 'features'>;
