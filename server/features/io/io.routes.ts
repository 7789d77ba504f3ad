/**
 * Import and export endpoints.
 *   POST /api/layers/{id}/import?mode=append|replace&dryRun=&crs=&repair=&swapXY=&strict=&columns=
 *        multipart field `file`. `columns` ({"name","x","y"} → header, JSON) is the dialog's column
 *        mapping: the name column, and the CSV coordinate columns instead of the guessed ones. JSON report by default; with `Accept: application/x-ndjson` the
 *        response streams progress lines `{"progress":{…}}` and ends with `{"result":{…}}` or
 *        `{"error":{…}}`, for the import dialog's progress bar.
 *        Editors of the layer and admins only (guarded in app.ts). A real import is one history
 *        event: the report's `historyEventId` undoes all of it (POST /api/history/events/{id}/undo).
 *   GET  /api/layers/{id}/export.{geojson|csv|kml|shp.zip}?bbox=&<attribute>=&violations=only&rule=
 *        `violations=only` keeps the features that break at least one rule (`rule=` narrows to one);
 *        the set comes from the rules feature, so it is the same as GET /api/violations?layer=.
 *        A layer no rule applies to answers 400 NO_RULES_FOR_LAYER. `labels=zh` (CSV and KML):
 *        Chinese headers and enumeration labels for reading (they import back too); keys are the default.
 *   GET  /api/io/formats   what the import dialog offers: formats, extensions, CRS choices, size limit
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { signedIn } from '../auth/auth.middleware.ts';
import { actorOf } from '../auth/auth.types.ts';
import { errorBody, knownError } from '../../http/error.middleware.ts';
import { AppError } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { requireLayer, streamFeatures } from '../layers/layers.service.ts';
import { localDate, sendDownload } from './download.ts';
import { parseExportQuery, splitLabelsQuery, splitViolationsQuery } from './export-query.ts';
import { violatingFeatureIds } from '../rules/violations.service.ts';
import { CRS_IDS } from '../../lib/crs.ts';
import { knownCrs } from './crs-resolve.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS } from './formats/index.ts';
import { importFile, type ImportOptions, type ImportProgress } from './import.service.ts';
import type { IoFormatsResponse } from './io.contract.ts';
import { LIMITS } from './limits.ts';
import { receiveUpload } from './upload.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const importQuery = z
  .object({
    mode: z.enum(['append', 'replace']).default('append'),
    dryRun: flag.default(false),
    crs: z.string().min(1).max(4000).optional(),
    repair: flag.default(false),
    swapXY: z.enum(['auto', 'true', 'false']).default('auto'),
    strict: flag.default(false),
    /** The column mapping, JSON: {"name"?, "x"?, "y"?} → header (x and y together). */
    columns: z
      .string()
      .max(2000)
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
          .object({ name: z.string().min(1).max(200).optional(), x: z.string().min(1).max(200).optional(), y: z.string().min(1).max(200).optional() })
          .strict()
          .refine((c) => (c.x === undefined) === (c.y === undefined), 'x and y go together'),
      )
      .optional(),
  })
  .strict();

const wantsNdjson = (req: Request) => /application\/x-ndjson/.test(req.headers.accept ?? '');

export function ioRoutes(db: Db, opts: { maxUploadBytes?: number } = {}): Router {
  const r = Router();
  const maxBytes = opts.maxUploadBytes ?? LIMITS.maxUploadBytes;

  r.get('/api/io/formats', (_req, res) => {
    const body: IoFormatsResponse = {
      import: IMPORT_FORMATS.map((f) => ({ id: f.id, title: f.title, extensions: f.extensions })),
      export: EXPORT_FORMATS.map((f) => ({ extension: f.extension, contentType: f.contentType })),
      crs: CRS_IDS.map((id) => ({ id, label: knownCrs(id).label })),
      maxUploadBytes: maxBytes,
    };
    res.json(body);
  });

  r.post('/api/layers/:id/import', async (req, res) => {
    const layer = requireLayer(req.params.id);
    const q = parseInput(importQuery, req.query);
    const upload = await receiveUpload(req, maxBytes);
    try {
      // the route is guarded (editor of the layer or admin, see app.ts), so there is always a user here
      const options: ImportOptions = { ...q, actor: actorOf(signedIn(req)) };
      if (!wantsNdjson(req)) {
        res.json(await importFile(db, layer, upload, options));
        return;
      }
      res.status(200).type('application/x-ndjson').setHeader('Cache-Control', 'no-store');
      const line = (o: unknown) => res.write(`${JSON.stringify(o)}\n`);
      line({ progress: { phase: 'upload', done: upload.size, total: upload.size } });
      let last = 0;
      options.onProgress = (p: ImportProgress) => {
        if (Date.now() - last < 200 && p.done !== p.total) return;
        last = Date.now();
        line({ progress: p });
      };
      try {
        res.end(`${JSON.stringify({ result: await importFile(db, layer, upload, options) })}\n`);
      } catch (err) {
        const known = knownError(err);
        if (!known) req.log?.error({ err }, 'import failed');
        const answer = known ?? new AppError(500, 'INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' });
        res.end(`${JSON.stringify({ ...errorBody(answer), status: answer.status })}\n`);
      }
    } finally {
      await upload.cleanup();
    }
  });

  for (const format of EXPORT_FORMATS) {
    r.get(`/api/layers/:id/export.${format.extension}`, async (req, res) => {
      const layer = requireLayer(req.params.id);
      const { labels, rest: query } = splitLabelsQuery(req.query, format.humanLabels === true);
      const { violations, rest } = splitViolationsQuery(query);
      const q = parseExportQuery(layer, rest);
      if (violations) q.ids = await violatingFeatureIds(db, layer.id, { ...violations, ...(q.bbox ? { bbox: q.bbox } : {}) });
      await sendDownload(
        res,
        format.write(layer, () => streamFeatures(db, q), { labels }),
        {
          contentType: format.contentType,
          filename: `${layer.id}-${localDate()}.${format.extension}`,
        },
      );
    });
  }
  return r;
}
