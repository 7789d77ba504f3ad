/**
 * The enforcement ledger over HTTP.
 *   GET  /api/cases[.geojson|.csv|.xlsx]   filters: status, street, rule, article, unit, overdue, readyForReview, layer, featureId
 *   GET  /api/cases/summary                per street office and unit, 预警 (units with overdue cases)
 *   POST /api/cases                        {rule, layer, featureId} | {rule?, lng, lat, title} → 201; 409 CASE_ALREADY_OPEN {caseId}
 *   POST /api/cases/bulk                   {rule, street?} → cases for every new finding
 *   POST /api/cases/sync                   re-check every case against the rules now
 *   GET  /api/cases/{id}                   with transitions, comments, attachments, detected, detectedOutcome
 *   PATCH /api/cases/{id}                  {unit?, assignee?, deadline?}
 *   POST /api/cases/{id}/transitions       {to, note?, override?} → 200; 409 INVALID_TRANSITION {allowed}
 *   POST /api/cases/{id}/comments          {body}
 *   POST /api/cases/{id}/attachments       multipart `file` (photo or PDF ≤ 10 MB)
 *   GET  /api/cases/{id}/attachments/{aid} the file
 */
import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { principalOf } from '../auth/auth.middleware.ts';
import type { CaseAccessOptions } from './cases.access.ts';
import { attachmentParams, bulkBody, caseIdParam, caseListQuery, commentBody, createCaseBody, patchCaseBody, transitionBody } from './cases.contract.ts';
import { casesCsv, casesGeoJson, casesXlsx } from './cases.export.ts';
import * as cases from './cases.service.ts';
import { checkEvidence, MAX_EVIDENCE_BYTES } from './evidence-check.ts';
import { receiveEvidence } from './evidence-upload.ts';

const caseId = (req: Request) => parseInput(caseIdParam, req.params, 'id').id;
const today = () => new Date().toISOString().slice(0, 10);

export function casesRoutes(db: Db, access: CaseAccessOptions): Router {
  const r = Router();

  r.get('/api/cases', async (req, res) => {
    res.json(await cases.listCases(db, principalOf(req), parseInput(caseListQuery, req.query), access));
  });
  r.get('/api/cases.geojson', async (req, res) => {
    const { cases: list } = await cases.casesForExport(db, principalOf(req), parseInput(caseListQuery, req.query), access);
    res.attachment(`cases-${today()}.geojson`).type('application/geo+json; charset=utf-8').send(casesGeoJson(list));
  });
  r.get('/api/cases.csv', async (req, res) => {
    const { cases: list, streetsDemo } = await cases.casesForExport(db, principalOf(req), parseInput(caseListQuery, req.query), access);
    res.attachment(`cases-${today()}.csv`).type('text/csv; charset=utf-8').send(casesCsv(list, streetsDemo));
  });
  r.get('/api/cases.xlsx', async (req, res) => {
    const { cases: list, transitions, streetsDemo } = await cases.casesForExport(db, principalOf(req), parseInput(caseListQuery, req.query), access);
    res
      .attachment(`cases-${today()}.xlsx`)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await casesXlsx(list, transitions, streetsDemo));
  });
  r.get('/api/cases/summary', async (req, res) => {
    res.json(await cases.summary(db, principalOf(req), access));
  });

  r.post('/api/cases', async (req, res) => {
    res.status(201).json({ case: await cases.createCase(db, principalOf(req), parseInput(createCaseBody, req.body, 'body')) });
  });
  r.post('/api/cases/bulk', async (req, res) => {
    const body = parseInput(bulkBody, req.body, 'body');
    res.status(201).json(await cases.bulkOpen(db, principalOf(req), body));
  });
  r.post('/api/cases/sync', async (req, res) => {
    res.json(await cases.syncNow(db, principalOf(req)));
  });

  r.get('/api/cases/:id', async (req, res) => {
    res.json({ case: await cases.getCase(db, principalOf(req), caseId(req), access) });
  });
  r.patch('/api/cases/:id', async (req, res) => {
    const id = caseId(req);
    res.json({ case: await cases.patchCase(db, principalOf(req), id, parseInput(patchCaseBody, req.body, 'body')) });
  });
  r.post('/api/cases/:id/transitions', async (req, res) => {
    const id = caseId(req);
    res.json({ case: await cases.transition(db, principalOf(req), id, parseInput(transitionBody, req.body, 'body')) });
  });
  r.post('/api/cases/:id/comments', async (req, res) => {
    const id = caseId(req);
    const { body } = parseInput(commentBody, req.body, 'body');
    res.status(201).json({ case: await cases.addComment(db, principalOf(req), id, body) });
  });
  r.post('/api/cases/:id/attachments', async (req, res) => {
    const id = caseId(req);
    // refuse before reading the body when the case is not the writer's
    await cases.assertWritable(db, principalOf(req), id);
    const file = await receiveEvidence(req, MAX_EVIDENCE_BYTES);
    const check = await checkEvidence(file.data);
    if (!check.ok)
      throw inputError(check.code, { zh: `附件不符合要求（仅限照片或 PDF）：${check.reason}`, en: `Evidence refused (photos or PDF only): ${check.reason}` });
    const { ok: _ok, ...meta } = check;
    res.status(201).json({ case: await cases.addAttachment(db, principalOf(req), id, { filename: file.filename || 'evidence', data: file.data, ...meta }) });
  });
  r.get('/api/cases/:id/attachments/:aid', async (req, res) => {
    const { id, aid } = parseInput(attachmentParams, req.params, 'id');
    const a = await cases.attachment(db, principalOf(req), id, aid, access);
    // stored files are shown, never run: a sandbox CSP on top of nosniff
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'");
    res.attachment(a.filename).type(a.mime).send(Buffer.from(a.data));
  });
  return r;
}
