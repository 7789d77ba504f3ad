import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { search } from './search.service.ts';

const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(100),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export function searchRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/search', async (req, res) => {
    const q = parseInput(searchQuery, req.query);
    res.json(await search(db, q.q, q.limit));
  });
  return r;
}
