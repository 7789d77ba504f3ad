import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { NEAR_DEFAULT_M } from '../check/distance.service.ts';
import { localDate } from '../io/download.ts';
import { receiveUpload } from '../io/upload.ts';
import { LIMITS } from '../io/limits.ts';
import { streetsAreDemo } from '../layers/layer-catalogue.service.ts';
import { BATCH_MAX_ROWS, batchBodySchema, batchQuerySchema } from './batch.contract.ts';
import { screeningGeojson, screeningJson, screeningXlsx } from './batch.download.ts';
import { type BatchInput, invalidBody, readBatchFile, readJsonPoints, tooMany } from './batch.input.ts';
import { planScreening, screenChunks } from './batch.service.ts';
import { RejectedSpool } from './batch.spool.ts';

/**
 * POST /api/check/batch — a read although a POST (the list is the request): open to whoever may
 * read the layers (see READ_POSTS in auth.middleware.ts). Multipart `file` or JSON `{"points"}`.
 * The answer streams (sendStream: backpressure, the heavy-response cap, the write timeout) while
 * the rows are screened; the row limit is checked by a first pass before anything is sent.
 */
export function batchRoutes(db: Db, opts: { maxBytes?: number } = {}): Router {
  const r = Router();
  r.post('/api/check/batch', async (req, res) => {
    const q = parseInput(batchQuerySchema, req.query);
    const nearM = q.near ?? NEAR_DEFAULT_M;
    const answer = async (source: BatchInput, workDir?: string) => {
      const plan = await planScreening(db, source, nearM);
      const spool = new RejectedSpool(workDir);
      try {
        const chunks = screenChunks(db, plan, spool);
        const name = `batch-check-${localDate()}`;
        if (q.format === 'xlsx')
          await sendStream(res, screeningXlsx(plan, chunks, spool, await streetsAreDemo(db)), {
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            filename: `${name}.xlsx`,
          });
        else if (q.format === 'geojson') await sendStream(res, screeningGeojson(chunks), { contentType: 'application/geo+json', filename: `${name}.geojson` });
        else await sendStream(res, screeningJson(plan, chunks, spool), { contentType: 'application/json; charset=utf-8' });
      } finally {
        await spool.cleanup();
      }
    };
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      const upload = await receiveUpload(req, opts.maxBytes ?? LIMITS.maxUploadBytes);
      try {
        await answer(await readBatchFile(upload, q.crs), upload.workDir);
      } finally {
        await upload.cleanup();
      }
    } else {
      if (!req.is('application/json')) throw invalidBody();
      // the limit as a coded 413, not the schema's 400
      const points = (req.body as { points?: unknown } | undefined)?.points;
      if (Array.isArray(points) && points.length > BATCH_MAX_ROWS) throw tooMany();
      const body = parseInput(batchBodySchema, req.body, 'body');
      await answer(readJsonPoints(body.points, q.crs));
    }
  });
  return r;
}
