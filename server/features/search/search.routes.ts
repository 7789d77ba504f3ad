import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { searchQuery } from './search.contract.ts';
import { search } from './search.service.ts';

export function searchRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/search', async (req, res) => {
    const q = parseInput(searchQuery, req.query);
    res.json(await search(db, q.q, q.limit));
  });
  return r;
}
