import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { noQuery } from '../../http/endpoint.ts';
import { parseInput } from '../../http/validate.ts';
import { zoneStatistics } from './stats.service.ts';

export function statsRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/stats', async (req, res) => {
    parseInput(noQuery, req.query);
    res.json(await zoneStatistics(db));
  });
  return r;
}
