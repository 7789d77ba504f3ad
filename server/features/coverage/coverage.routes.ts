import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { noQuery } from '../../http/endpoint.ts';
import { parseInput } from '../../http/validate.ts';
import { coverage, gapsGeoJson } from './coverage.service.ts';

const today = () => new Date().toISOString().slice(0, 10);

export function coverageRoutes(db: Db): Router {
  const r = Router();

  r.get('/api/coverage', async (req, res) => {
    parseInput(noQuery, req.query);
    res.json(await coverage(db));
  });

  r.get('/api/coverage/gaps.geojson', async (req, res) => {
    parseInput(noQuery, req.query);
    const body = await gapsGeoJson(db);
    res.attachment(`clean-heating-gaps-${today()}.geojson`);
    res.type('application/geo+json; charset=utf-8').send(body);
  });

  return r;
}
