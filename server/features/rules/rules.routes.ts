import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { parseBbox } from '../../lib/bbox.ts';
import { parseAsOf } from './as-of.ts';
import { asOfQuery, violationsListQuery, violationsQuery } from './rules.contract.ts';
import {
  featureViolations,
  invalidFeatureId,
  ruleCatalogue,
  violationCounts,
  violationsGeoJson,
  violationsJson,
  violationsPage,
  type ViolationQuery,
} from './violations.service.ts';

/** `offset` without `limit`. */
const DEFAULT_LIMIT = 1000;

function parseViolationQuery(query: unknown): ViolationQuery {
  const { bbox, asOf, ...others } = parseInput(violationsQuery, query);
  const rest = { ...others, asOf: parseAsOf(asOf) };
  if (bbox === undefined) return rest;
  const parsed = parseBbox(bbox);
  if (!parsed.ok) throw inputError('INVALID_BBOX', { zh: `bbox 无效：${parsed.reason}`, en: `Invalid bbox: ${parsed.reason}` });
  return { ...rest, bbox: parsed.bbox };
}

const today = () => new Date().toISOString().slice(0, 10);

/** `heavy`: the same database within the heavy connection budget (db/budget.ts), for the scans. */
export function rulesRoutes(db: Db, heavy: Db = db): Router {
  const r = Router();

  r.get('/api/rules', (_req, res) => {
    res.json(ruleCatalogue());
  });

  r.get('/api/violations', async (req, res) => {
    const { limit, offset, countsOnly, ...rest } = parseInput(violationsListQuery, req.query);
    const q = parseViolationQuery(rest);
    if (countsOnly === 'true') {
      if (limit !== undefined || offset !== undefined)
        throw inputError('INVALID_PARAMETER', {
          zh: 'countsOnly=true 只返回计数，不能与 limit、offset 同用',
          en: 'countsOnly=true answers counts only: it takes no limit or offset',
        });
      return void res.json(await violationCounts(heavy, q));
    }
    if (limit === undefined && offset === undefined) {
      // the whole list, as always, streamed
      return void (await sendStream(res, violationsJson(heavy, q), { contentType: 'application/json; charset=utf-8' }));
    }
    const page = { limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 };
    const nextHref = (o: number) => {
      const p = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
      p.set('offset', String(o));
      p.set('limit', String(page.limit));
      return `${req.protocol}://${req.get('host') ?? 'localhost'}/api/violations?${p.toString()}`;
    };
    res.json(await violationsPage(heavy, q, page, nextHref));
  });

  r.get('/api/violations.geojson', async (req, res) => {
    const body = await violationsGeoJson(heavy, parseViolationQuery(req.query));
    res.attachment(`violations-${today()}.geojson`);
    res.type('application/geo+json; charset=utf-8').send(body);
  });

  r.get('/api/features/:layer/:id/violations', async (req, res) => {
    if (!/^\d{1,15}$/.test(req.params.id)) throw invalidFeatureId(req.params.id);
    const { asOf } = parseInput(asOfQuery, req.query);
    res.json(await featureViolations(db, req.params.layer, Number(req.params.id), parseAsOf(asOf)));
  });

  return r;
}
