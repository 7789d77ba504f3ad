/**
 * POST /api/check/batch: request and response shapes (the routes validate with them, API tests
 * parse responses with them, the client imports the types).
 */
import { z } from 'zod';
import { binary, geojson, json, type ApiGroup } from '../../http/endpoint.ts';
import { CRS_IDS } from '../../lib/crs.ts';

/**
 * Rows one request may screen (past it: 413 BATCH_TOO_LARGE, found by the first pass before anything
 * is sent; a larger list is split by the caller). 100 000: the size the issue asks to stream. Memory
 * no longer grows with the rows (read, screened and written 2 000 at a time), so what the limit
 * bounds is the time one request holds a heavy-response slot (minutes at this size) and the first
 * pass's 12 bytes a row for duplicate positions.
 */
export const BATCH_MAX_ROWS = 100_000;

export const batchQuerySchema = z
  .object({
    crs: z.enum(CRS_IDS).optional(),
    /** "Near a boundary" within this many metres (default 50). */
    near: z.coerce.number().min(0).max(100_000).optional(),
    format: z.enum(['json', 'xlsx', 'geojson']).default('json'),
  })
  .strict();

const label = z.union([z.string().max(500), z.number()]).transform(String);
const num = z.number().finite();

/**
 * JSON input: one point per row, lng/lat (geographic crs) or x/y (projected crs). A point's own
 * `crs` (the same ids as `?crs=`) overrides the request's: a list whose rows came from different
 * sources (a 坐标系 column).
 */
export const batchPointSchema = z
  .object({
    id: label.optional(),
    name: label.optional(),
    lng: num.optional(),
    lat: num.optional(),
    x: num.optional(),
    y: num.optional(),
    crs: z.enum(CRS_IDS).optional(),
  })
  .catchall(z.unknown());

export const batchBodySchema = z.object({ points: z.array(z.unknown()).max(BATCH_MAX_ROWS) });

const warning = z.object({ code: z.string(), zh: z.string(), en: z.string() }).catchall(z.unknown());

export const batchResultSchema = z.object({
  /** 1-based data row in input order. */
  row: z.number().int().positive(),
  id: z.string().optional(),
  name: z.string().optional(),
  /** WGS84 */
  point: z.object({ lng: z.number(), lat: z.number() }),
  /** Exactly as GET /api/check gives them for the same point. */
  zones: z.array(z.object({ layer: z.string(), id: z.string(), name: z.string() })),
  rules: z.array(z.object({ id: z.string(), article: z.string(), layer: z.string() }).catchall(z.unknown())),
  /** Zone layer → signed metres to its nearest boundary (negative inside). */
  distances: z.record(z.string(), z.number()),
  /** Zone layers whose boundary lies within the `near` threshold. */
  near: z.array(z.string()),
  /** The street office the point lies in, if any. */
  street: z.object({ id: z.string(), name: z.string() }).nullable(),
  warnings: z.array(warning),
});

export const batchRejectedSchema = z.object({ row: z.number().int().positive(), code: z.string(), reason: z.string() });

export const batchResponseSchema = z.object({
  results: z.array(batchResultSchema),
  rejected: z.array(batchRejectedSchema),
  /** How the input was read: format, CRS and axis order. */
  input: z.object({ format: z.string(), crs: z.string(), swapXY: z.boolean(), rows: z.number().int() }),
  /** File-level notes (title rows skipped, encoding guessed, CRS guessed…). */
  warnings: z.array(warning),
  nearM: z.number(),
});

export const batchApi: ApiGroup = {
  tag: 'batch',
  description: 'Screening a list of sites against the zones (a read, although a POST).',
  endpoints: [
    {
      method: 'post',
      path: '/api/check/batch',
      summary: 'Screen a site list: each row gets the site check’s verdict, distances, nearby boundaries and warnings',
      description:
        'A multipart `file` (XLSX, CSV UTF-8/GBK, GeoJSON, KML, zipped Shapefile) or JSON `{"points": [{id?, name?, lng, lat} | {id?, name?, x, y}]}`.',
      query: batchQuerySchema,
      body: {
        content: {
          'application/json': batchBodySchema,
          'multipart/form-data': { type: 'object', properties: { file: binary }, required: ['file'] },
        },
      },
      responses: {
        200: {
          description: 'The screening (format=json), or a download (xlsx, geojson).',
          content: {
            ...json(batchResponseSchema),
            ...geojson(),
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': binary,
          },
        },
      },
    },
  ],
};

export type BatchResult = z.infer<typeof batchResultSchema>;
export type BatchRejected = z.infer<typeof batchRejectedSchema>;
export type BatchResponse = z.infer<typeof batchResponseSchema>;
