import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { PROJECTED } from '../../lib/crs.ts';
import { parseAsOf } from '../rules/as-of.ts';
import { checkQuery } from './check.contract.ts';
import { checkResponseJson } from './check.json.ts';
import { checkPointWithDistances, type CheckInput } from './check.service.ts';

/** The checked point from a query (`lng`/`lat`, or `x`/`y` for a projected `crs`, and `asOf`); also the reports' input. */
export function checkInputFrom(query: unknown): CheckInput {
  const q = parseInput(checkQuery, query);
  const projected = PROJECTED.has(q.crs);
  const [a, b] = projected ? [q.x, q.y] : [q.lng, q.lat];
  if (a === undefined || b === undefined) {
    throw inputError(
      'MISSING_COORDINATES',
      projected
        ? { zh: `${q.crs} 需要 x（东坐标）和 y（北坐标）`, en: `${q.crs} needs x (easting) and y (northing)` }
        : { zh: '需要 lng（经度）和 lat（纬度）', en: 'lng and lat are required' },
    );
  }
  return { crs: q.crs, a, b, asOf: parseAsOf(q.asOf) };
}

export function checkRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/check', async (req, res) => {
    // the bytes res.json would send (check.json.ts), with its Content-Type; send adds the ETag
    res.set('Content-Type', 'application/json; charset=utf-8').send(checkResponseJson(await checkPointWithDistances(db, checkInputFrom(req.query))));
  });
  return r;
}
