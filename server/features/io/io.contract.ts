/**
 * Response shape of GET /api/io/formats (the route builds it, API tests parse with it, the client
 * imports the type). The import report is still declared as a TypeScript interface
 * (ImportReport in import.service.ts), which the client imports as a type.
 */
import { z } from 'zod';
import { CRS_IDS } from '../../lib/crs.ts';

/** GET /api/io/formats: what the import dialog offers. */
export const ioFormatsResponseSchema = z.object({
  import: z.array(z.object({ id: z.string(), title: z.string(), extensions: z.array(z.string()).readonly() })),
  export: z.array(z.object({ extension: z.string(), contentType: z.string() })),
  crs: z.array(z.object({ id: z.enum(CRS_IDS), label: z.string() })),
  /** The upload limit in bytes. */
  maxUploadBytes: z.number().int().positive(),
});

export type IoFormatsResponse = z.infer<typeof ioFormatsResponseSchema>;
