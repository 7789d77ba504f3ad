/**
 * Writes: OGC API – Features Part 4 (Create, Replace, Update, Delete) on the collections of /ogc,
 * plus restore of an earlier version. Every route: signed in (the app's access gate), allowed to
 * edit the layer (editor of it, or admin), If-Match on every change of an existing feature.
 *
 *   POST   /ogc/collections/{id}/items        body: GeoJSON Feature
 *          → 201, Location, ETag, body: the feature as GET returns it, plus `warnings`: the rules
 *            the saved feature breaks (违规) or cannot be decided for (待核查) — the write stands
 *   PUT    /ogc/collections/{id}/items/{fid}  body: GeoJSON Feature (replaces geometry + properties)
 *   PATCH  /ogc/collections/{id}/items/{fid}  body: JSON Merge Patch of the Feature
 *                                             (e.g. {"properties": {"status": "finished", "note": null}})
 *          → 200, ETag, body: the feature with `warnings`
 *   DELETE /ogc/collections/{id}/items/{fid}  → 204, ETag of the deletion (what a restore needs)
 *   POST   /api/features/{layer}/{fid}/restore  body: {"version": n} → 200, ETag, body: the feature with `warnings`
 * Missing If-Match → 428; stale → 412 {error: {details: {currentVersion, etag, deleted, current}}}.
 * Invalid attributes → 400 INVALID_FEATURE; required attributes absent or blank (a coal-ban zone's 划定文号/生效日期)
 * → 422 REQUIRED_ATTRIBUTES_MISSING with `details.missing` (keys); invalid geometry → 400 INVALID_GEOMETRY (with PostGIS' reason).
 */
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/db.ts';
import { notFound } from '../../lib/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { parseIfMatch } from '../../lib/feature-etag.ts';
import { assertCanWriteLayer } from '../auth/auth.middleware.ts';
import { actorOf } from '../auth/auth.types.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import { restoreBody } from './edit.contract.ts';
import { notJson } from './edit.errors.ts';
import * as edit from './edit.service.ts';

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/merge-patch+json'];

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

function featureId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw notFound({ zh: `要素 ${raw.slice(0, 32)}`, en: `feature ${raw.slice(0, 32)}` });
  return Number(raw);
}

/** Layer (404 if unknown) and the caller's right to edit it (401/403). */
function target(req: Request, layerParam: string) {
  const layer = requireLayer(layerParam);
  const actor = actorOf(assertCanWriteLayer(req, layer.id));
  return { layer, actor };
}

function jsonBody(req: Request): unknown {
  if (!req.is(JSON_TYPES)) throw notJson();
  return req.body;
}

/** The feature as GET shows it, plus `warnings` (a GeoJSON foreign member): the rules it breaks now. */
function send(res: Response, r: edit.WriteResult, status = 200) {
  res.setHeader('ETag', r.etag);
  res.setHeader('Cache-Control', 'no-store');
  if (r.text === null) res.status(204).end();
  else
    res
      .status(status)
      .type('application/geo+json')
      .send(JSON.stringify({ ...(JSON.parse(r.text) as object), warnings: r.warnings ?? [] }));
}

export function editRoutes(db: Db): Router {
  const r = Router();

  r.post('/ogc/collections/:id/items', async (req, res) => {
    const { layer, actor } = target(req, req.params.id);
    const out = await edit.createFeature(db, layer, actor, jsonBody(req));
    res.setHeader('Location', `${baseUrl(req)}/ogc/collections/${layer.id}/items/${out.id}`);
    send(res, out, 201);
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    r[method === 'PUT' ? 'put' : 'patch']('/ogc/collections/:id/items/:fid', async (req, res) => {
      const { layer, actor } = target(req, req.params.id);
      const id = featureId(req.params.fid);
      send(res, await edit.updateFeature(db, layer, actor, id, parseIfMatch(req.headers['if-match'], layer.id, id), { method, body: jsonBody(req) }));
    });
  }

  r.delete('/ogc/collections/:id/items/:fid', async (req, res) => {
    const { layer, actor } = target(req, req.params.id);
    const id = featureId(req.params.fid);
    send(res, await edit.deleteFeature(db, layer, actor, id, parseIfMatch(req.headers['if-match'], layer.id, id)));
  });

  r.post('/api/features/:layer/:fid/restore', async (req, res) => {
    const { layer, actor } = target(req, req.params.layer);
    const id = featureId(req.params.fid);
    const { version } = parseInput(restoreBody, jsonBody(req), 'body');
    send(res, await edit.restoreVersion(db, layer, actor, id, version, parseIfMatch(req.headers['if-match'], layer.id, id)));
  });

  return r;
}
