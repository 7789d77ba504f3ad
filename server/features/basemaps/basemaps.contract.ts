/**
 * Requests and responses of the deployment's configuration and the basemaps this server serves
 * (basemaps.routes.ts validates with them, the service returns these types, the client imports them).
 */
import { z } from 'zod';
import { anyJson, binary, json, type ApiGroup } from '../../http/endpoint.ts';
import { TIANDITU_LAYERS } from './tianditu.ts';

const bilingual = z.object({ zh: z.string(), en: z.string() });
const basemapId = z.enum(['offline', 'file', 'tianditu-vec', 'tianditu-img', 'custom']);

export const basemapSchema = z.object({
  id: basemapId,
  title: bilingual,
  kind: z.enum(['offline', 'raster', 'style']),
  /** XYZ raster tile templates of the base layer (site-relative paths start with "/"). */
  tiles: z.array(z.string()).optional(),
  /** XYZ raster templates of a transparent label layer drawn above the data (Tianditu cva/cia). */
  labelTiles: z.array(z.string()).optional(),
  /** A MapLibre style URL (kind 'style'). */
  url: z.string().optional(),
  /** Deepest zoom the tiles exist for; the map overzooms past it. */
  maxzoom: z.number().int().optional(),
  attribution: z.string().optional(),
});

/** A basemap this deployment does not offer, and why. */
export const unavailableBasemapSchema = z.object({
  id: basemapId,
  title: bilingual,
  /** Configuration keys to set on the server. */
  missing: z.array(z.string()),
  /** Set when configured but unusable (e.g. the file cannot be read). */
  problem: bilingual.optional(),
});

/** GET /api/config */
export const configResponseSchema = z.object({
  basemaps: z.array(basemapSchema),
  unavailable: z.array(unavailableBasemapSchema),
  /** Whether illustrative demo data is loaded. */
  demo: z.boolean(),
  database: z.enum(['pglite', 'pg']),
});

const tileNumber = z.string().regex(/^\d{1,8}$/);
/** /basemap/file/{z}/{x}/{y} (checked by requireTileAddress: z ≤ the tile maximum, x/y < 2^z). */
export const fileTileParams = z.object({ z: tileNumber, x: tileNumber, y: tileNumber });
/** /basemap/tianditu/{layer}/{z}/{x}/{y}, z ≤ 18. */
export const tiandituTileParams = fileTileParams.extend({ layer: z.enum(TIANDITU_LAYERS) });

const tile = { 'image/png': binary, 'image/jpeg': binary, 'image/webp': binary, 'application/vnd.mapbox-vector-tile': binary };

export const basemapsApi: ApiGroup = {
  tag: 'basemaps',
  description: 'The deployment’s configuration and the basemaps this server serves itself.',
  endpoints: [
    {
      method: 'get',
      path: '/api/config',
      summary: 'Basemaps on offer, the ones this deployment lacks (with the keys they need), demo data, database kind',
      responses: { 200: { description: 'The configuration.', content: json(configResponseSchema) } },
    },
    {
      method: 'get',
      path: '/basemap/file.pmtiles',
      summary: 'The BASEMAP_FILE archive itself (PMTiles v3), with Range, ETag and Last-Modified',
      responses: {
        200: { description: 'The archive.', content: { 'application/vnd.pmtiles': binary } },
        206: { description: 'The requested byte range.', content: { 'application/vnd.pmtiles': binary } },
      },
    },
    {
      method: 'get',
      path: '/basemap/file/style.json',
      summary: 'The MapLibre style of a vector BASEMAP_FILE, its sources pointed at this server',
      responses: { 200: { description: 'A MapLibre style.', content: json(anyJson) } },
    },
    {
      method: 'get',
      path: '/basemap/file/:z/:x/:y',
      summary: 'A tile of BASEMAP_FILE (ETag, 304)',
      params: fileTileParams,
      responses: {
        200: { description: 'The tile.', content: tile },
        204: { description: 'The file has no tile here.' },
        304: { description: 'Not modified.' },
      },
    },
    {
      method: 'get',
      path: '/basemap/tianditu/:layer/:z/:x/:y',
      summary: 'A Tianditu (天地图) tile through the key-holding, disk-cached proxy (X-Cache: HIT or MISS)',
      params: tiandituTileParams,
      responses: { 200: { description: 'The tile.', content: tile } },
    },
  ],
};

export type Basemap = z.infer<typeof basemapSchema>;
export type UnavailableBasemap = z.infer<typeof unavailableBasemapSchema>;
export type ConfigResponse = z.infer<typeof configResponseSchema>;
