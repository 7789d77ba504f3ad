/**
 * Requests and responses of the writes (OGC API – Features Part 4 and restore): edit.routes.ts
 * validates the restore body with these; a feature's attributes are checked per layer by the
 * layer's own schema (layers/validate-feature), so the body here is GeoJSON in general.
 */
import { z } from 'zod';
import { geojson, noContent, type ApiGroup } from '../../http/endpoint.ts';
import { ogcFeatureSchema } from '../ogc/ogc.contract.ts';

/** POST /api/features/{layer}/{fid}/restore */
export const restoreBody = z.object({ version: z.number().int().min(1).max(1e9) }).strict();

/** A GeoJSON Feature to create or replace: 2D positions in WGS84 inside the district's surroundings. */
const featureBody = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  /** `name` and the layer's attributes (GET /api/layers lists them). */
  properties: z.record(z.string(), z.unknown()),
});

const featureParams = z.object({ id: z.string().max(64), fid: z.string().regex(/^\d{1,15}$/) });
/** If-Match: the ETag a GET of the feature gave ("{layer}.{fid}.v{version}"); 428 without, 412 when stale. */
const ifMatch = z.object({ 'if-match': z.string().meta({ description: 'The ETag of the version the change is based on.' }) });
const written = (description: string) => ({ description, content: geojson(ogcFeatureSchema), headers: { ETag: 'The new version’s tag.' } });

export const editApi: ApiGroup = {
  tag: 'edit',
  description: 'OGC API – Features Part 4 writes on the collections of /ogc, and restoring an earlier version (editors of the layer and admins).',
  endpoints: [
    {
      method: 'post',
      path: '/ogc/collections/:id/items',
      summary: 'Create a feature',
      access: 'user',
      body: { content: { 'application/geo+json': featureBody, 'application/json': featureBody } },
      responses: { 201: { ...written('The feature as GET returns it.'), headers: { ETag: 'Its tag.', Location: 'Its URL.' } } },
    },
    {
      method: 'put',
      path: '/ogc/collections/:id/items/:fid',
      summary: 'Replace a feature (If-Match required)',
      access: 'user',
      params: featureParams,
      headers: ifMatch,
      body: { content: { 'application/geo+json': featureBody, 'application/json': featureBody } },
      responses: { 200: written('The feature as GET returns it.') },
    },
    {
      method: 'patch',
      path: '/ogc/collections/:id/items/:fid',
      summary: 'Change a feature with a JSON Merge Patch (If-Match required)',
      access: 'user',
      params: featureParams,
      headers: ifMatch,
      body: { content: { 'application/merge-patch+json': z.record(z.string(), z.unknown()) } },
      responses: { 200: written('The feature as GET returns it.') },
    },
    {
      method: 'delete',
      path: '/ogc/collections/:id/items/:fid',
      summary: 'Delete a feature (If-Match required)',
      access: 'user',
      params: featureParams,
      headers: ifMatch,
      responses: { 204: { ...noContent, headers: { ETag: 'The deletion’s tag (what a restore needs).' } } },
    },
    {
      method: 'post',
      path: '/api/features/:layer/:fid/restore',
      summary: 'Make an earlier version the next one (also brings a deleted feature back; If-Match required)',
      access: 'user',
      params: z.object({ layer: z.string().max(64), fid: z.string().regex(/^\d{1,15}$/) }),
      headers: ifMatch,
      body: { content: { 'application/json': restoreBody } },
      responses: { 200: written('The restored feature.') },
    },
  ],
};
