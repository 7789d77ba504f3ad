/**
 * How a feature's contract describes its HTTP endpoints: method, Express path, the zod schemas the
 * route validates its parameters and body with, and the answers. The OpenAPI document
 * (features/openapi) is generated from these lists, and a test holds them equal to the router.
 */
import { z } from 'zod';

/** A JSON Schema object, for content that zod does not describe (files, tiles, PDFs). */
export type JsonSchema = { [key: string]: unknown };
export type Content = Record<string, z.ZodType | JsonSchema>;

export interface Reply {
  description: string;
  content?: Content;
  headers?: Record<string, string>;
}

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The Express path (`:name` parameters), exactly as the router registers it. */
  path: string;
  summary: string;
  description?: string;
  /** Path parameters; those left out are documented as plain text. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads (If-Match, Accept). */
  headers?: z.ZodObject;
  body?: { description?: string; content: Content };
  /** Success answers by status; every endpoint also answers the coded error below. */
  responses: Record<number, Reply>;
  /** Who may call it beyond the deployment's read setting: a signed-in user, or an admin. */
  access?: 'user' | 'admin';
}

/** The endpoints of one capability, under one tag. */
export interface ApiGroup {
  tag: string;
  description: string;
  endpoints: readonly Endpoint[];
}

/** Every error the API reports on purpose (server/http/error.middleware.ts). */
export const errorResponseSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), messageZh: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

/** For endpoints without parameters: anything sent is a mistake worth reporting. */
export const noQuery = z.object({}).strict();

export const binary: JsonSchema = { type: 'string', format: 'binary' };

export const json = (schema: z.ZodType | JsonSchema): Content => ({ 'application/json': schema });
export const geojson = (schema: z.ZodType | JsonSchema = anyJson): Content => ({ 'application/geo+json': schema });
/** Any JSON object (a GeoJSON document, a style) whose shape another standard defines. */
export const anyJson: JsonSchema = { type: 'object', additionalProperties: true };
export const noContent: Reply = { description: 'Done (no body).' };
