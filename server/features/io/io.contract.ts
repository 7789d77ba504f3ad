/**
 * Requests and responses of import, export and the formats list (the routes validate the import
 * query with these, API tests parse with them, the client imports the types). The import report and
 * its progress lines are declared as TypeScript interfaces (ImportReport, ImportProgress below: the
 * import service returns them); the report's schema documents it in the OpenAPI document. Export
 * queries are parsed by export-query.ts, whose property filters depend on the layer.
 */
import { z } from 'zod';
import { anyJson, binary, json, type ApiGroup } from '../../http/endpoint.ts';
import { CRS_IDS } from '../../lib/crs.ts';
import type { CrsSource } from './crs-detect.ts';
import type { DatumCheck } from './datum-check.ts';
import { EXPORT_FORMATS } from './formats/index.ts';
import type { Geometry } from './geometry.ts';
import type { ImportWarning, RejectCode, Rejection } from './io.types.ts';

export type { ImportWarning };

/** "true" or "false", false when absent. */
const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** POST /api/layers/{id}/import */
export const importQuery = z
  .object({
    mode: z.enum(['append', 'replace']).default('append'),
    dryRun: flag,
    /** A CRS id of GET /api/io/formats, EPSG:n, or WKT; absent: detected. */
    crs: z.string().min(1).max(4000).optional(),
    repair: flag,
    swapXY: z.enum(['auto', 'true', 'false']).default('auto'),
    strict: flag,
    /** XLSX: the worksheet by name or 1-based number (default the first). */
    sheet: z.string().min(1).max(100).optional(),
    /** A column naming each row's CRS (坐标系/CRS is found without it). */
    crsColumn: z.string().min(1).max(100).optional(),
    /** The column mapping, JSON: {"name"?, "x"?, "y"?} → header (x and y together), "attributes"?: {attribute key → header}. */
    columns: z
      .string()
      .max(8000)
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'columns must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(
        z
          .object({
            name: z.string().min(1).max(200).optional(),
            x: z.string().min(1).max(200).optional(),
            y: z.string().min(1).max(200).optional(),
            /** Attribute key → the header of the column that holds it; the layer's keys are checked by the service. */
            attributes: z.record(z.string().min(1).max(100), z.string().min(1).max(200)).optional(),
          })
          .strict()
          .refine((c) => (c.x === undefined) === (c.y === undefined), 'x and y go together')
          .refine((c) => {
            const headers = [c.name, ...Object.values(c.attributes ?? {})].filter((h) => h !== undefined);
            return new Set(headers).size === headers.length;
          }, 'a column maps to one attribute'),
      )
      .optional()
      .meta({
        description:
          'The column mapping as JSON: {"name","x","y"} → header (x and y together), "attributes": {attribute key → header} (a column maps to one attribute)',
        type: 'string',
      }),
  })
  .strict();

/** The fixed parameters of GET /api/layers/{id}/export.{ext}; any other is an equality filter on an attribute. */
const exportQuery = z.object({
  bbox: z.string().max(200).optional().meta({ description: 'west,south,east,north in WGS84' }),
  violations: z.literal('only').optional().meta({ description: 'Only the features breaking a rule' }),
  rule: z.string().max(100).optional().meta({ description: 'With violations=only: one rule' }),
  outcome: z.enum(['violation', 'unverified', 'all']).optional().meta({ description: 'With violations=only: 违规 (default), 待核查, or both' }),
  asOf: z.string().max(40).optional().meta({ description: 'With violations=only: the moment (Asia/Shanghai)' }),
  labels: z.enum(['keys', 'zh']).optional().meta({ description: 'CSV and KML: zh = Chinese headers and enumeration words' }),
});

/** POST /api/layers/{id}/import → the per-feature report. */
const importReportSchema = z
  .object({
    layer: z.string(),
    format: z.string(),
    crs: z.object({ id: z.string(), label: z.string(), source: z.string() }),
    mode: z.enum(['append', 'replace']),
    dryRun: z.boolean(),
    total: z.number().int(),
    imported: z.number().int(),
    rejectedCount: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), code: z.string(), reason: z.string() }).catchall(z.unknown())),
    warnings: z.array(z.object({ code: z.string() }).catchall(z.unknown())),
    historyEventId: z.number().int().optional(),
  })
  .catchall(z.unknown());

/** GET /api/io/formats: what the import dialog offers. */
export const ioFormatsResponseSchema = z.object({
  import: z.array(z.object({ id: z.string(), title: z.string(), extensions: z.array(z.string()).readonly() })),
  export: z.array(z.object({ extension: z.string(), contentType: z.string() })),
  crs: z.array(z.object({ id: z.enum(CRS_IDS), label: z.string() })),
  /** The upload limit in bytes. */
  maxUploadBytes: z.number().int().positive(),
});

export const ioApi: ApiGroup = {
  tag: 'io',
  description: 'Import and export of layers in GeoJSON, CSV, KML/KMZ and Shapefile.',
  endpoints: [
    {
      method: 'get',
      path: '/api/io/formats',
      summary: 'Import formats, CRS choices and the upload limit',
      responses: { 200: { description: 'What the import dialog offers.', content: json(ioFormatsResponseSchema) } },
    },
    {
      method: 'post',
      path: '/api/layers/:id/import',
      summary: 'Import a file into a layer (editors of the layer and admins); one transaction',
      description:
        'Multipart field `file`. With `Accept: application/x-ndjson` the answer streams `{"progress"}` lines and ends with `{"result"}` or `{"error"}`.',
      access: 'user',
      query: importQuery,
      body: { content: { 'multipart/form-data': { type: 'object', properties: { file: binary }, required: ['file'] } } },
      responses: { 200: { description: 'The import report.', content: { ...json(importReportSchema), 'application/x-ndjson': { type: 'string' } } } },
    },
    ...EXPORT_FORMATS.map(({ extension, contentType }) => ({
      method: 'get' as const,
      path: `/api/layers/:id/export.${extension}`,
      summary: `Download a layer as .${extension} (${contentType.split(';')[0]})`,
      description: 'Any other query parameter is an equality filter on an attribute of the layer (`?status=operating`).',
      query: exportQuery,
      responses: {
        200: { description: `{id}-{date}.${extension}, streamed.`, content: { [contentType.split(';')[0]!]: extension === 'geojson' ? anyJson : binary } },
      },
    })),
  ],
};

export type IoFormatsResponse = z.infer<typeof ioFormatsResponseSchema>;

export interface ImportProgress {
  phase: 'validate' | 'write';
  /** Features read and checked so far, or written so far. */
  done: number;
  total?: number;
}

export interface PreviewFeature {
  type: 'Feature';
  id: number;
  geometry: Geometry;
  properties: Record<string, unknown>;
  rejected?: { code: RejectCode; reason: string };
}

export interface ImportReport {
  layer: string;
  format: string;
  encoding?: string;
  crs: { id: string; label: string; source: CrsSource };
  swapXY: boolean;
  mode: 'append' | 'replace';
  dryRun: boolean;
  /** Features in the file. */
  total: number;
  /** Written (or, in a dry run, that would be written). */
  imported: number;
  rejectedCount: number;
  rejected: Rejection[];
  rejectedTruncated?: boolean;
  /** Polygons fixed by ST_MakeValid (repair=true). */
  repaired: number;
  warnings: ImportWarning[];
  datumCheck: DatumCheck;
  /** Features removed by replace mode. */
  replaced?: number;
  /** The layer's revision this write committed (a later write's revision is higher). */
  revision?: number;
  /** The history event of the write: POST /api/history/events/{id}/undo takes the whole import back. */
  historyEventId?: number;
  preview?: { type: 'FeatureCollection'; features: PreviewFeature[] };
  previewTruncated?: boolean;
  elapsedMs: number;
}
