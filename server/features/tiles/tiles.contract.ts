/**
 * Requests and responses of the vector tiles (tiles.routes.ts builds the TileJSON with these types;
 * the OpenAPI document is generated from them).
 */
import { z } from 'zod';
import { binary, json, type ApiGroup } from '../../http/endpoint.ts';

const tileNumber = z.string().regex(/^\d{1,8}$/);
/** /tiles/{layer}/{z}/{x}/{y}.mvt (checked by requireTileAddress: z ≤ MAX_ZOOM, x/y < 2^z). */
export const tileParams = z.object({ layer: z.string().max(64), z: tileNumber, x: tileNumber, y: tileNumber });

/** GET /tiles/{layer}.json: TileJSON 3.0.0 of one layer, with the layer's revision. */
export const tileJsonSchema = z.object({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  tiles: z.array(z.string()),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  vector_layers: z.array(
    z.object({
      id: z.string(),
      /** Attribute key → String, Number or Boolean. */
      fields: z.record(z.string(), z.enum(['String', 'Number', 'Boolean'])),
      minzoom: z.number().int(),
      maxzoom: z.number().int(),
    }),
  ),
  /** Bumped by every write to the layer; the tiles' ETag carries it. */
  revision: z.number().int(),
});

export const tilesApi: ApiGroup = {
  tag: 'tiles',
  description: 'Mapbox vector tiles of each layer, cached per layer revision.',
  endpoints: [
    {
      method: 'get',
      path: '/tiles/:layer/:z/:x/:y.mvt',
      summary: 'A vector tile of a layer (ETag, 304 when unchanged)',
      params: tileParams,
      responses: {
        200: { description: 'The tile.', content: { 'application/vnd.mapbox-vector-tile': binary } },
        304: { description: 'Not modified.' },
      },
    },
    {
      method: 'get',
      path: '/tiles/:layer.json',
      summary: 'TileJSON of a layer',
      params: z.object({ layer: z.string().max(64) }),
      responses: { 200: { description: 'TileJSON 3.0.0.', content: json(tileJsonSchema) } },
    },
  ],
};

export type TileJson = z.infer<typeof tileJsonSchema>;
