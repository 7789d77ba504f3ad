/**
 * Import and export endpoints.
 *   POST /api/layers/{id}/import?mode=append|replace&dryRun=&crs=&repair=&swapXY=&strict=&sheet=&crsColumn=&columns=
 *        multipart field `file` (GeoJSON, CSV, XLSX, zipped Shapefile, KML/KMZ). `sheet`: the XLSX
 *        worksheet by name or 1-based number (default the first). `crsColumn`: the column naming
 *        each row's CRS (wgs84/GPS, gcj02/高德, bd09/百度, 4547…; blank cells take the file's CRS).
 *        `columns` ({"name","x","y"} → header, "attributes": {key → header}, JSON) is the dialog's column
 *        mapping: the name column, the CSV coordinate columns and the attribute columns instead of the
 *        guessed ones. JSON report by default; with `Accept: application/x-ndjson` the
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
import type { Db } from '../../db/db.ts';
import { signedIn } from '../auth/auth.middleware.ts';
import { actorOf } from '../auth/auth.types.ts';
import { errorBody, knownError } from '../../http/error.middleware.ts';
import { internalError } from '../../http/errors.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { streamFeatures } from '../layers/feature-read.service.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import { localDate } from './download.ts';
import { parseExportQuery, splitLabelsQuery, splitViolationsQuery } from './export-query.ts';
import { violatingFeatureIds } from '../rules/violations.service.ts';
import { CRS_IDS } from '../../lib/crs.ts';
import { knownCrs } from './crs-resolve.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS } from './formats/index.ts';
import { importFile, type ImportOptions } from './import.service.ts';
import { type ImportProgress, importQuery, type IoFormatsResponse } from './io.contract.ts';
import { LIMITS } from './limits.ts';
import { receiveUpload } from './upload.ts';

const wantsNdjson = (req: Request) => /application\/x-ndjson/.test(req.headers.accept ?? '');

export function ioRoutes(db: Db, opts: { maxUploadBytes?: number; heavy?: Db } = {}): Router {
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
        const answer = known ?? internalError();
        res.end(`${JSON.stringify({ ...errorBody(answer), status: answer.status })}\n`);
      }
    } finally {
      await upload.cleanup();
    }
  });

  // exports read within the heavy connection budget (server/db/budget.ts): a crowd of downloads leaves the check its connections
  const heavy = opts.heavy ?? db;
  for (const format of EXPORT_FORMATS) {
    r.get(`/api/layers/:id/export.${format.extension}`, async (req, res) => {
      const layer = requireLayer(req.params.id);
      const { labels, rest: query } = splitLabelsQuery(req.query, format.humanLabels === true);
      const { violations, rest } = splitViolationsQuery(query);
      const q = parseExportQuery(layer, rest);
      if (violations) q.ids = await violatingFeatureIds(heavy, layer.id, { ...violations, ...(q.bbox ? { bbox: q.bbox } : {}) });
      await sendStream(
        res,
        format.write(layer, () => streamFeatures(heavy, q), { labels }),
        {
          contentType: format.contentType,
          filename: `${layer.id}-${localDate()}.${format.extension}`,
        },
      );
    });
  }
  return r;
}
