/**
 * Response shape of the layer catalogue, GET /api/layers (listLayers returns it, API tests parse
 * with it, the client imports the types). The definitions themselves live in catalogue/*.layer.ts.
 */
import { z } from 'zod';
import { geojson, json, type ApiGroup } from '../../http/endpoint.ts';

/** GET /api/layers/{id}/features: west,south,east,north in WGS84. */
export const bboxQuery = z.object({ bbox: z.string().max(200).optional() }).strict();

const bilingual = z.object({ zh: z.string(), en: z.string() });
const base = { key: z.string(), label: bilingual, required: z.boolean().optional(), help: bilingual.optional() };
const measured = { ...base, min: z.number().optional(), unit: z.string().optional() };

/** One attribute of a layer: its key, labels and type (enumerations with their words). */
export const attributeDefSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text') }),
  z.object({ ...measured, type: z.literal('number') }),
  z.object({ ...measured, type: z.literal('integer') }),
  z.object({ ...base, type: z.literal('boolean') }),
  z.object({ ...base, type: z.literal('date') }),
  z.object({ ...base, type: z.literal('enum'), options: z.array(z.object({ value: z.string(), label: bilingual })) }),
]);

/** [minLng, minLat, maxLng, maxLat] of a layer's features. */
export const extentSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const layerInfoSchema = z.object({
  id: z.string(),
  group: z.enum(['zones', 'sites', 'reference']),
  geometryType: z.enum(['Point', 'Polygon']),
  /** One of the five layers the plan regulates directly. */
  regulated: z.boolean(),
  title: bilingual,
  /** Plan articles this layer serves. */
  articles: z.array(z.string()).readonly(),
  attributes: z.array(attributeDefSchema).readonly(),
  /** For polygon layers: what applies to a point inside (site check). */
  restrictions: z.array(z.object({ id: z.string(), article: z.string(), zh: z.string(), en: z.string() })).readonly(),
  /** Display colour (map style, legend and exports share it). */
  color: z.string(),
  featureCount: z.number().int().nonnegative(),
  demoCount: z.number().int().nonnegative(),
  revision: z.number().int().nonnegative(),
  /** Null for an empty layer. */
  extent: extentSchema.nullable(),
});

/** GET /api/layers */
export const layersResponseSchema = z.object({ demo: z.boolean(), layers: z.array(layerInfoSchema) });

export const layersApi: ApiGroup = {
  tag: 'layers',
  description: 'The layer catalogue and whole layers as GeoJSON for the map.',
  endpoints: [
    {
      method: 'get',
      path: '/api/layers',
      summary: 'The layer catalogue: titles, attributes, restrictions, colours, counts, extents',
      responses: { 200: { description: 'The catalogue.', content: json(layersResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/layers/:id/features',
      summary: 'A layer (or a bbox of it) as a GeoJSON FeatureCollection, streamed',
      query: bboxQuery,
      responses: { 200: { description: 'RFC 7946 GeoJSON.', content: geojson() } },
    },
  ],
};

export type LayerInfo = z.infer<typeof layerInfoSchema>;
export type LayersResponse = z.infer<typeof layersResponseSchema>;
