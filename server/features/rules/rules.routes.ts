import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { badRequest } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { parseBbox } from '../../lib/bbox.ts';
import { parseAsOf } from './as-of.ts';
import { outcomeSchema } from './rules.contract.ts';
import { featureViolations, invalidFeatureId, listViolations, ruleCatalogue, violationsGeoJson, type ViolationQuery } from './violations.service.ts';

const violationsQuery = z
  .object({
    rule: z.string().min(1).max(100).optional(),
    layer: z.string().min(1).max(100).optional(),
    street: z.string().trim().min(1).max(100).optional(),
    zone: z.string().trim().min(1).max(100).optional(),
    bbox: z.string().max(200).optional(),
    outcome: outcomeSchema.optional(),
    unit: z.string().trim().min(1).max(100).optional(),
    asOf: z.string().max(40).optional(),
  })
  .strict();

function parseViolationQuery(query: unknown): ViolationQuery {
  const { bbox, asOf, ...others } = parseInput(violationsQuery, query);
  const rest = { ...others, asOf: parseAsOf(asOf) };
  if (bbox === undefined) return rest;
  const parsed = parseBbox(bbox);
  if (!parsed.ok) throw badRequest('INVALID_BBOX', { zh: `bbox 无效：${parsed.reason}`, en: `Invalid bbox: ${parsed.reason}` });
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
    res.json(await listViolations(heavy, parseViolationQuery(req.query)));
  });

  r.get('/api/violations.geojson', async (req, res) => {
    const body = await violationsGeoJson(heavy, parseViolationQuery(req.query));
    res.attachment(`violations-${today()}.geojson`);
    res.type('application/geo+json; charset=utf-8').send(body);
  });

  r.get('/api/features/:layer/:id/violations', async (req, res) => {
    if (!/^\d{1,15}$/.test(req.params.id)) throw invalidFeatureId(req.params.id);
    const { asOf } = parseInput(z.object({ asOf: z.string().max(40).optional() }).strict(), req.query);
    res.json(await featureViolations(db, req.params.layer, Number(req.params.id), parseAsOf(asOf)));
  });

  return r;
}
