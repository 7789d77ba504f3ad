import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { listLayers } from '../layers/layers.service.ts';
import { basemaps } from './basemaps.service.ts';

/** `GET /api/config`: what the UI needs to know about this deployment at start-up. */
export function basemapsRoutes(db: Db, opts: { tiandituKey?: string | undefined; basemapUrl?: string | undefined }): Router {
  const r = Router();
  r.get('/api/config', async (_req, res) => {
    const { demo } = await listLayers(db);
    res.json({ basemaps: basemaps(opts), demo, database: db.kind });
  });
  return r;
}
