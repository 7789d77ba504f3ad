import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { badRequest } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { parseBbox } from '../../lib/bbox.ts';
import { parseAsOf } from './as-of.ts';
import { asOfQuery, violationsQuery } from './rules.contract.ts';
import { featureViolations, invalidFeatureId, listViolations, ruleCatalogue, violationsGeoJson, type ViolationQuery } from './violations.service.ts';

function parseViolationQuery(query: unknown): ViolationQuery {
  const { bbox, asOf, ...others } = parseInput(violationsQuery, query);
  const rest = { ...others, asOf: parseAsOf(asOf) };
  if (bbox === undefined) return rest;
  const parsed = parseBbox(bbox);
  if (!parsed.ok) throw badRequest('INVALID_BBOX', { zh: `bbox 无效：${parsed.reason}`, en: `Invalid bbox: ${parsed.reason}` });
  return { ...rest, bbox: parsed.bbox };
}

const today = () => new Date().toISOString().slice(0, 10);

export function rulesRoutes(db: Db): Router {
  const r = Router();

  r.get('/api/rules', (_req, res) => {
    res.json(ruleCatalogue());
  });

  r.get('/api/violations', async (req, res) => {
    res.json(await listViolations(db, parseViolationQuery(req.query)));
  });

  r.get('/api/violations.geojson', async (req, res) => {
    const body = await violationsGeoJson(db, parseViolationQuery(req.query));
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
