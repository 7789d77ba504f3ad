/**
 * The API definition's own endpoints: the OpenAPI 3.0 document of the whole API (the OGC landing
 * page links it as `service-desc`) and a readable page of it (`service-doc`).
 */
import { z } from 'zod';
import { anyJson, noQuery, type ApiGroup } from '../../http/endpoint.ts';

export const API_DEFINITION_PATH = '/ogc/api';
export const API_PAGE_PATH = '/ogc/api.html';
/** The media type OGC API – Features Part 1 names for an OpenAPI 3.0 definition. */
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

export const apiDefinitionQuery = z.object({ f: z.enum(['json']).optional() }).strict();

export const openapiApi: ApiGroup = {
  tag: 'openapi',
  description: 'This API definition.',
  endpoints: [
    {
      method: 'get',
      path: API_DEFINITION_PATH,
      summary: 'The OpenAPI 3.0 definition of the whole API (this document)',
      query: apiDefinitionQuery,
      responses: { 200: { description: 'OpenAPI 3.0 JSON.', content: { [OPENAPI_TYPE]: anyJson } } },
    },
    {
      method: 'get',
      path: API_PAGE_PATH,
      summary: 'The API definition as a page to read (works offline)',
      query: noQuery,
      responses: { 200: { description: 'HTML.', content: { 'text/html': { type: 'string' } } } },
    },
  ],
};
