import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { NEAR_DEFAULT_M } from '../check/distance.service.ts';
import { localDate } from '../io/download.ts';
import { receiveUpload } from '../io/upload.ts';
import { LIMITS } from '../io/limits.ts';
import { streetsAreDemo } from '../layers/layer-catalogue.service.ts';
import { batchBodySchema, batchQuerySchema } from './batch.contract.ts';
import { screeningGeojson, screeningXlsx } from './batch.download.ts';
import { invalidBody, readBatchFile, readJsonPoints } from './batch.input.ts';
import { screen } from './batch.service.ts';

/**
 * POST /api/check/batch — a read although a POST (the list is the request): open to whoever may
 * read the layers (see READ_POSTS in auth.middleware.ts). Multipart `file` or JSON `{"points"}`.
 */
export function batchRoutes(db: Db, opts: { maxBytes?: number } = {}): Router {
  const r = Router();
  r.post('/api/check/batch', async (req, res) => {
    const q = parseInput(batchQuerySchema, req.query);
    const nearM = q.near ?? NEAR_DEFAULT_M;
    let screening: Awaited<ReturnType<typeof screen>>;
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      const upload = await receiveUpload(req, opts.maxBytes ?? LIMITS.maxUploadBytes);
      try {
        screening = await screen(db, await readBatchFile(upload, q.crs), nearM);
      } finally {
        await upload.cleanup();
      }
    } else {
      if (!req.is('application/json')) throw invalidBody();
      const body = parseInput(batchBodySchema, req.body, 'body');
      screening = await screen(db, readJsonPoints(body.points, q.crs), nearM);
    }
    const name = `batch-check-${localDate()}`;
    if (q.format === 'xlsx') {
      res.attachment(`${name}.xlsx`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return void res.send(await screeningXlsx(screening, await streetsAreDemo(db)));
    }
    if (q.format === 'geojson') {
      res.attachment(`${name}.geojson`);
      res.type('application/geo+json');
      return void res.send(JSON.stringify(screeningGeojson(screening)));
    }
    res.json({
      ...screening,
      results: screening.results.map(({ columns: _columns, ...rest }) => rest),
      rejected: screening.rejected.map(({ input: _input, ...rest }) => rest),
    });
  });
  return r;
}
