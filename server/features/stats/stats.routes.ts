import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { zoneStatistics } from './stats.service.ts';

const noQuery = z.object({}).strict();

export function statsRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/stats', async (req, res) => {
    parseInput(noQuery, req.query);
    res.json(await zoneStatistics(db));
  });
  return r;
}
