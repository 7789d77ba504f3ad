/**
 * Reading history (signed-in users), the audit log and its export (admins), and undo.
 *   GET  /api/features/{layer}/{fid}/history?limit=&belowVersion=
 *        → {layer, featureId, state: {version, deleted, etag}, entries: Change[], nextBelowVersion}
 *          newest first; ETag header = the feature's current state (what restore's If-Match needs)
 *   GET  /api/history/events/{id} → {event: Event, changes: [{featureId, action, versionBefore, versionAfter}], changesTruncated}
 *        (editors of the event's layer and admins; 403 to anyone else)
 *   POST /api/history/events/{id}/undo → 200 {event: Event (the undo), reverted}; 409 ALREADY_UNDONE | UNDO_CONFLICT
 *   GET  /api/admin/audit?user=&layer=&kind=&from=&to=&limit=&beforeId= → {events: Event[], nextBeforeId}
 *   GET  /api/admin/audit/export.ndjson | export.csv  (same filters) → one line per feature change
 * Change = {eventId, kind, at, user: {id, username}, layer, featureId, action: create|update|delete,
 *           versionBefore, versionAfter, before: Feature|null, after: Feature|null, undoes, undoneBy}
 * Event  = {id, kind, layer, at, user, featureCount, summary, undoes, undoneBy}
 */
import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { forbidden } from '../auth/auth.errors.ts';
import { assertCanWriteLayer, requireAdmin, requireUser, signedIn } from '../auth/auth.middleware.ts';
import { actorOf, canWriteLayer } from '../auth/auth.types.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import { auditQuery, toFilter } from './audit-query.ts';
import { auditExportQuery, eventParam, featureParams, historyQuery } from './history.contract.ts';
import { csvLines, ndjsonLines } from './history-export.ts';
import * as history from './history.service.ts';
import { undoEvent } from './undo.service.ts';

const stamp = () => new Date().toISOString().slice(0, 10);

export function historyRoutes(db: Db): Router {
  const r = Router();

  r.get('/api/features/:layer/:fid/history', requireUser, async (req, res) => {
    const p = parseInput(featureParams, req.params, 'path');
    const layer = requireLayer(p.layer);
    const q = parseInput(historyQuery, req.query);
    const out = await history.featureHistory(db, layer.id, p.fid, q);
    res.setHeader('ETag', out.state.etag);
    res.setHeader('Cache-Control', 'no-store');
    res.json(out);
  });

  // an event is read by those who may edit its layer (what undo needs), admins all: a viewer walking
  // the ids could otherwise rebuild most of the admins' audit, import file names included. To anyone
  // else a missing event and a foreign one look the same (403).
  r.get('/api/history/events/:id', requireUser, async (req, res) => {
    const { id } = parseInput(eventParam, req.params, 'id');
    const p = signedIn(req);
    if (p.role !== 'admin') {
      const layer = await history.eventLayerIfAny(db, id);
      if (layer === undefined || !canWriteLayer(p, layer))
        throw forbidden({ zh: '只能查看自己可编辑图层的编辑记录', en: 'history events are shown for layers you may edit' });
    }
    res.json(await history.eventDetails(db, id));
  });

  r.post('/api/history/events/:id/undo', requireUser, async (req, res) => {
    const { id } = parseInput(eventParam, req.params, 'id');
    const p = assertCanWriteLayer(req, await history.eventLayer(db, id));
    res.json(await undoEvent(db, id, actorOf(p)));
  });

  r.get('/api/admin/audit', requireAdmin, async (req, res) => {
    const q = parseInput(auditQuery, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await history.listEvents(db, toFilter(q), { limit: q.limit, beforeId: q.beforeId }));
  });

  r.get('/api/admin/audit/export.ndjson', requireAdmin, async (req, res) => {
    const filter = toFilter({ ...parseInput(auditExportQuery, req.query), limit: 1 });
    await sendStream(res, ndjsonLines(history.exportChanges(db, filter)), {
      contentType: 'application/x-ndjson; charset=utf-8',
      filename: `history-${stamp()}.ndjson`,
    });
  });

  r.get('/api/admin/audit/export.csv', requireAdmin, async (req, res) => {
    const filter = toFilter({ ...parseInput(auditExportQuery, req.query), limit: 1 });
    await sendStream(res, csvLines(history.exportChanges(db, filter)), {
      contentType: 'text/csv; charset=utf-8',
      filename: `history-${stamp()}.csv`,
    });
  });

  return r;
}
