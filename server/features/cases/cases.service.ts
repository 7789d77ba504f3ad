/**
 * The enforcement ledger: opening cases (from a violation, in bulk, or at a map point), moving
 * them through the workflow, and keeping them honest against the rules.
 *
 * Sync with the rules runs (a) for the one site whenever a case is read or about to be closed, via
 * the rules service's "violations of one feature", and (b) for every case on each list, summary
 * and export request and on POST /api/cases/sync, via one evaluation of all rules. A sync records
 * whether the rule still lists the site (`detected`, with the rule's outcome), and sends a closed
 * case whose violation has come back to `found` with a transition note saying so.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { DomainError, inputError, notFound } from '../../lib/errors.ts';
import { forbidden } from '../auth/auth.errors.ts';
import type { Principal } from '../auth/auth.types.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { streetsAreDemo } from '../layers/layer-catalogue.service.ts';
import { findRule } from '../rules/catalogue/index.ts';
import type { Violation } from '../rules/rules.contract.ts';
import { featureViolations, listViolations } from '../rules/violations.service.ts';
import { inScope, readScope, scopeOf, writeScope, type CaseAccessOptions, type Scope } from './cases.access.ts';
import type { CaseDetail, CaseList, CaseListQuery, CaseSummary, CaseView, CreateCaseBody, TransitionBody } from './cases.contract.ts';
import * as repo from './cases.repo.ts';
import { addDays, allowedNext, deadlineDays, isAllowed, isOpen, isOverdue, localDay, needsNote, type Status } from './cases.workflow.ts';

type Outcome = 'violation' | 'unverified';

const cut = (s: string) => s.slice(0, 64);
const today = () => localDay(new Date());
const actorOf = (p: Principal): repo.Actor => ({ userId: p.userId, username: p.username });
const SYSTEM: repo.Actor = { userId: null, username: '系统', system: true };

const caseNotFound = (id: number) => notFound({ zh: `案件 ${id}`, en: `case ${id}` });
const alreadyOpen = (caseId: number) =>
  new DomainError(
    'CASE_ALREADY_OPEN',
    { zh: `该规则在此点位已有未办结案件 ${caseId}`, en: `An open case for this rule and site exists: ${caseId}` },
    { caseId },
  );
const outsideScope = () => forbidden({ zh: '该位置不在本账号负责的街道范围内', en: 'the place is outside the street offices of this account' });

/** PostgreSQL's unique_violation: the one-open-case index refused a second open case. */
const isUniqueViolation = (err: unknown) => (err as { code?: unknown }).code === '23505';

function toView(r: repo.CaseRow, day: string): CaseView {
  return {
    id: r.id,
    rule: r.rule_id,
    article: r.article,
    layer: r.layer_id,
    featureId: r.feature_id,
    title: r.title,
    lng: r.lng,
    lat: r.lat,
    streetCode: r.street_code,
    streetName: r.street_name,
    unit: r.unit,
    assignee: r.assignee,
    deadline: r.deadline,
    status: r.status,
    overdue: isOverdue(r.status, r.deadline, day),
    detected: r.detected,
    detectedOutcome: r.detected === true ? r.detected_outcome : null,
    readyForReview: isOpen(r.status) && r.detected === false,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    updatedBy: r.updated_by_name,
    updatedAt: r.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Sync with the rules

/** Whether the rule lists the site now (either outcome); a deleted site is no longer listed. */
async function detectOne(db: Db, ruleId: string, layerId: string, featureId: number): Promise<{ detected: boolean; outcome: Outcome | null }> {
  let violations: Violation[];
  try {
    violations = (await featureViolations(db, layerId, featureId)).violations;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return { detected: false, outcome: null };
    throw err;
  }
  const v = violations.find((x) => x.rule === ruleId);
  return v ? { detected: true, outcome: v.outcome } : { detected: false, outcome: null };
}

/** A closed case whose violation came back goes back to `found` — unless another open case already tracks it. */
async function reopenIfBack(db: Db, id: number): Promise<boolean> {
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.lockCase(tx, id);
      if (row?.status !== 'closed') return false;
      const c = (await repo.getCase(tx, id))!;
      if (await repo.openCaseFor(tx, c.rule_id!, c.layer_id!, Number(c.feature_id))) return false;
      await repo.updateCase(tx, id, { status: 'found' }, SYSTEM);
      await repo.insertTransition(
        tx,
        {
          caseId: id,
          from: 'closed',
          to: 'found',
          note: '复核销号后规则再次发现该问题线索，案件退回“发现” / The rule flags the site again after closure: back to found',
          override: false,
        },
        SYSTEM,
      );
      return true;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

async function applyVerdict(
  db: Db,
  c: { id: number; status: Status; detected: boolean | null; detected_outcome: string | null },
  verdict: { detected: boolean; outcome: Outcome | null },
) {
  // most syncs change nothing: write only a changed verdict
  const same = c.detected === verdict.detected && c.detected_outcome === verdict.outcome;
  const changed = !same && (await repo.setDetected(db, c.id, verdict.detected, verdict.outcome));
  const reopened = c.status === 'closed' && verdict.detected ? await reopenIfBack(db, c.id) : false;
  return { changed, reopened };
}

async function syncOne(db: Db, id: number): Promise<void> {
  const [c] = await repo.siteCases(db, [id]);
  if (!c) return;
  await applyVerdict(db, c, await detectOne(db, c.rule_id, c.layer_id, Number(c.feature_id)));
}

/** Every site case against one evaluation of all rules. */
export async function syncAll(db: Db): Promise<{ checked: number; changed: number; reopened: number[] }> {
  const cases = await repo.siteCases(db);
  if (!cases.length) return { checked: 0, changed: 0, reopened: [] };
  const listed = new Map<string, Outcome>();
  for (const v of (await listViolations(db, {})).violations) listed.set(`${v.rule}|${v.layer}|${v.featureId}`, v.outcome);
  let changed = 0;
  const reopened: number[] = [];
  for (const c of cases) {
    const outcome = listed.get(`${c.rule_id}|${c.layer_id}|${c.feature_id}`);
    const r = await applyVerdict(db, c, { detected: outcome !== undefined, outcome: outcome ?? null });
    if (r.changed) changed++;
    if (r.reopened) reopened.push(c.id);
  }
  return { checked: cases.length, changed, reopened };
}

/** POST /api/cases/sync: an admin's action (it reaches every street); lists and reads sync anyway. */
export async function syncNow(db: Db, p: Principal | undefined) {
  writeScope(p);
  if (p!.role !== 'admin') throw forbidden({ zh: '全部案件同步需要管理员权限', en: 'syncing every case needs an admin' });
  return syncAll(db);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** What this user may do next with a case: nothing for readers and outside their scope. */
function allowedFor(p: Principal | undefined, c: { status: Status; street_code: string | null; detected: boolean | null }): Status[] {
  if (!p || p.role === 'viewer' || !inScope(scopeOf(p), c.street_code)) return [];
  // closing a case the rule still flags is an admin's override
  return allowedNext(c.status).filter((s) => !(s === 'closed' && c.detected === true && p.role !== 'admin'));
}

async function detail(db: Queryable, p: Principal | undefined, id: number): Promise<CaseDetail> {
  const row = await repo.getCase(db, id);
  if (!row) throw caseNotFound(id);
  const [geo, transitions, comments, attachments] = await Promise.all([
    repo.caseGeometry(db, id),
    repo.transitions(db, [id]),
    repo.comments(db, id),
    repo.attachments(db, id),
  ]);
  return {
    ...toView(row, today()),
    geometry: JSON.parse(geo.geometry) as CaseDetail['geometry'],
    snapshot: geo.snapshot,
    allowed: allowedFor(p, row),
    transitions: transitions.map((t) => ({
      id: t.id,
      from: t.from_status,
      to: t.to_status,
      note: t.note,
      override: t.override,
      by: t.username,
      system: t.system,
      at: t.at,
    })),
    comments: comments.map((c) => ({ id: c.id, body: c.body, by: c.username, at: c.at })),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      lng: a.lng,
      lat: a.lat,
      by: a.username,
      at: a.at,
      href: `/api/cases/${id}/attachments/${a.id}`,
    })),
  };
}

/** The case row if it exists and lies in scope; otherwise 404 (a case outside one's streets does not exist for one). */
async function caseInScope(db: Queryable, id: number, scope: Scope): Promise<repo.CaseRow> {
  const row = await repo.getCase(db, id);
  if (!row || !inScope(scope, row.street_code)) throw caseNotFound(id);
  return row;
}

export async function getCase(db: Db, p: Principal | undefined, id: number, opts: CaseAccessOptions): Promise<CaseDetail> {
  await caseInScope(db, id, readScope(p, opts));
  await syncOne(db, id);
  return detail(db, p, id);
}

function toFilter(q: CaseListQuery): repo.CaseFilter {
  return {
    ...(q.status ? { statuses: q.status } : {}),
    ...(q.street !== undefined ? { street: q.street } : {}),
    ...(q.rule !== undefined ? { rule: q.rule } : {}),
    ...(q.article !== undefined ? { article: q.article } : {}),
    ...(q.unit !== undefined ? { unit: q.unit } : {}),
    ...(q.layer !== undefined ? { layer: q.layer } : {}),
    ...(q.featureId !== undefined ? { featureId: Number(q.featureId) } : {}),
    ...(q.overdue !== undefined ? { overdue: q.overdue === 'true' } : {}),
    ...(q.readyForReview !== undefined ? { readyForReview: q.readyForReview === 'true' } : {}),
  };
}

export async function listCases(db: Db, p: Principal | undefined, q: CaseListQuery, opts: CaseAccessOptions): Promise<CaseList> {
  const scope = readScope(p, opts);
  await syncAll(db);
  const day = today();
  const cases = (await repo.listCases(db, toFilter(q), scope, day)).map((r) => toView(r, day));
  const byStatus: Record<string, number> = {};
  for (const c of cases) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  return {
    cases,
    counts: {
      total: cases.length,
      byStatus,
      overdue: cases.filter((c) => c.overdue).length,
      readyForReview: cases.filter((c) => c.readyForReview).length,
    },
  };
}

/** Cases with their geometry and transitions, for the exports and the OGC collection. */
export async function casesForExport(db: Db, p: Principal | undefined, q: CaseListQuery, opts: CaseAccessOptions) {
  const scope = readScope(p, opts);
  await syncAll(db);
  const day = today();
  const rows = await repo.listCases(db, toFilter(q), scope, day, { geometry: true });
  const transitions = await repo.transitions(
    db,
    rows.map((r) => r.id),
  );
  const streetsDemo = await streetsAreDemo(db);
  return { cases: rows.map((r) => ({ ...toView(r, day), geometry: r.geometry! })), transitions, streetsDemo };
}

const ranked = <T extends { open: number; overdue: number }>(rows: T[]) =>
  [...rows].sort((a, b) => b.overdue - a.overdue || b.open - a.open).map((r, i) => ({ ...r, rank: i + 1 }));

export async function summary(db: Db, p: Principal | undefined, opts: CaseAccessOptions): Promise<CaseSummary> {
  const scope = readScope(p, opts);
  await syncAll(db);
  const day = today();
  const [streets, units, warnings] = await Promise.all([
    repo.countsBy(db, 'street', scope, day),
    repo.countsBy(db, 'unit', scope, day),
    repo.overdueUnits(db, scope, day),
  ]);
  const counts = (r: repo.CountRow) => ({ open: r.open, overdue: r.overdue, rectifiedThisMonth: r.rectified_this_month });
  return {
    streets: ranked(streets.map((r) => ({ code: r.key, name: r.name, ...counts(r) }))),
    units: units.map((r) => ({ unit: r.key ?? '', ...counts(r) })),
    warnings: warnings.map((w) => ({
      unit: w.unit,
      overdue: w.overdue,
      oldestCaseId: w.oldest_case_id,
      oldestDeadline: w.oldest_deadline,
      streetNames: w.street_names,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Opening

function requireRule(id: string) {
  const rule = findRule(id);
  if (!rule) throw inputError('UNKNOWN_RULE', { zh: `没有此规则：${cut(id)}`, en: `Unknown rule: ${cut(id)}` });
  return rule;
}

function defaultFields(ruleId: string | null, body: { unit?: string | undefined; assignee?: string | undefined; deadline?: string | undefined }) {
  return {
    unit: body.unit ?? '',
    assignee: body.assignee ?? '',
    deadline: body.deadline ?? addDays(today(), deadlineDays(ruleId)),
  };
}

/** Inserts a site case with its first transition; the open case's id when one already exists. */
async function openSiteCase(
  db: Db,
  actor: repo.Actor,
  v: { rule: string; article: string; layer: string; featureId: number; outcome: Outcome },
  fields: ReturnType<typeof defaultFields>,
): Promise<{ created: number } | { existing: number }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = await db.transaction(async (tx) => {
      const id = await repo.insertSiteCase(tx, { ruleId: v.rule, article: v.article, layerId: v.layer, featureId: v.featureId, ...fields }, actor);
      if (id === undefined) {
        const existing = await repo.openCaseFor(tx, v.rule, v.layer, v.featureId);
        return existing === undefined ? undefined : { existing };
      }
      await repo.insertTransition(tx, { caseId: id, from: null, to: 'found', note: '', override: false }, actor);
      await repo.setDetected(tx, id, true, v.outcome);
      return { created: id };
    });
    // undefined: the open case was closed between our insert and our look-up; try again
    if (got) return got;
  }
  throw new DomainError('BUSY', { zh: '案件正在被同时修改，请重试', en: 'The case is being changed concurrently; try again' });
}

export async function createCase(db: Db, p: Principal | undefined, body: CreateCaseBody): Promise<CaseDetail> {
  const scope = writeScope(p);
  const actor = actorOf(p!);
  if ('layer' in body) {
    const rule = requireRule(body.rule);
    if (!findLayer(body.layer)) throw inputError('UNKNOWN_LAYER', { zh: `没有此图层：${cut(body.layer)}`, en: `Unknown layer: ${cut(body.layer)}` });
    if (rule.siteLayer !== body.layer)
      throw inputError('RULE_NOT_FOR_LAYER', { zh: `规则 ${rule.id} 不适用于图层 ${body.layer}`, en: `Rule ${rule.id} does not apply to layer ${body.layer}` });
    const featureId = Number(body.featureId);
    const v = (await featureViolations(db, body.layer, featureId)).violations.find((x) => x.rule === rule.id);
    if (!v)
      throw new DomainError('NOT_DETECTED', {
        zh: '该点位目前未被此规则列为问题线索，不能据此立案（可在地图上按位置手动立案）',
        en: 'The rule does not list this site now; open a case at a map point instead',
      });
    if (!inScope(scope, v.streetCode ?? null)) throw outsideScope();
    const got = await openSiteCase(
      db,
      actor,
      { rule: rule.id, article: rule.article, layer: body.layer, featureId, outcome: v.outcome },
      defaultFields(rule.id, body),
    );
    if ('existing' in got) throw alreadyOpen(got.existing);
    return detail(db, p, got.created);
  }
  const rule = body.rule === undefined ? undefined : requireRule(body.rule);
  if (!inScope(scope, await repo.streetAt(db, body.lng, body.lat))) throw outsideScope();
  const id = await db.transaction(async (tx) => {
    const id = await repo.insertPointCase(
      tx,
      { ruleId: rule?.id ?? null, article: rule?.article ?? null, lng: body.lng, lat: body.lat, title: body.title, ...defaultFields(rule?.id ?? null, body) },
      actor,
    );
    await repo.insertTransition(tx, { caseId: id, from: null, to: 'found', note: '', override: false }, actor);
    return id;
  });
  return detail(db, p, id);
}

/** Opens a case for every violation of `rule` (in street `street`) that has no open case. */
export async function bulkOpen(db: Db, p: Principal | undefined, q: { rule: string; street?: string | undefined }) {
  const scope = writeScope(p);
  const rule = requireRule(q.rule);
  if (q.street !== undefined && scope !== null && !scope.includes(q.street)) throw outsideScope();
  const { violations } = await listViolations(db, { rule: rule.id, ...(q.street !== undefined ? { street: q.street } : {}) });
  const created: number[] = [];
  const already: number[] = [];
  for (const v of violations) {
    if (!inScope(scope, v.streetCode ?? null)) continue;
    const got = await openSiteCase(
      db,
      actorOf(p!),
      { rule: rule.id, article: rule.article, layer: v.layer, featureId: Number(v.featureId), outcome: v.outcome },
      defaultFields(rule.id, {}),
    );
    if ('created' in got) created.push(got.created);
    else already.push(got.existing);
  }
  return { created, alreadyOpen: already };
}

// ---------------------------------------------------------------------------------------------
// Changing

export async function transition(db: Db, p: Principal | undefined, id: number, body: TransitionBody): Promise<CaseDetail> {
  const scope = writeScope(p);
  const before = await caseInScope(db, id, scope);
  // closing needs the rules' word on the site as it is now
  if (body.to === 'closed') await syncOne(db, id);
  const note = body.note ?? '';
  const admin = p!.role === 'admin';
  try {
    await db.transaction(async (tx) => {
      const locked = await repo.lockCase(tx, id);
      if (!locked || !inScope(scope, locked.street_code)) throw caseNotFound(id);
      const c = (await repo.getCase(tx, id))!;
      const from = locked.status;
      if (!isAllowed(from, body.to))
        throw new DomainError(
          'INVALID_TRANSITION',
          { zh: `案件状态“${from}”不能转为“${body.to}”`, en: `A case in status ${from} cannot move to ${body.to}` },
          { from, to: body.to, allowed: allowedFor(p, c) },
        );
      if (needsNote(body.to, from) && !note)
        throw inputError('NOTE_REQUIRED', {
          zh: body.to === 'dismissed' ? '不予立案/误报须填写理由' : '重新打开须说明理由',
          en: 'A reason is required for this step',
        });
      let override = false;
      if (body.to === 'closed' && c.detected === true) {
        if (!body.override)
          throw new DomainError(
            'STILL_DETECTED',
            {
              zh: '规则仍将该点位列为问题线索，不能复核销号（管理员可说明理由后强制销号）',
              en: 'The rule still flags the site; only an admin override with a reason can close it',
            },
            { from, to: body.to, allowed: allowedFor(p, c) },
          );
        if (!admin) throw forbidden({ zh: '强制销号需要管理员权限', en: 'an override needs an admin' });
        if (!note) throw inputError('NOTE_REQUIRED', { zh: '强制销号须填写理由', en: 'An override needs a reason' });
        override = true;
      }
      if (body.to === 'found' && c.rule_id !== null && c.feature_id !== null) {
        const open = await repo.openCaseFor(tx, c.rule_id, c.layer_id!, Number(c.feature_id));
        if (open !== undefined) throw alreadyOpen(open);
      }
      await repo.updateCase(tx, id, { status: body.to, unit: body.unit, assignee: body.assignee, deadline: body.deadline }, actorOf(p!));
      await repo.insertTransition(tx, { caseId: id, from, to: body.to, note, override }, actorOf(p!));
    });
  } catch (err) {
    if (isUniqueViolation(err) && before.rule_id !== null) {
      const open = await repo.openCaseFor(db, before.rule_id, before.layer_id!, Number(before.feature_id));
      if (open !== undefined) throw alreadyOpen(open);
    }
    throw err;
  }
  return detail(db, p, id);
}

export async function patchCase(db: Db, p: Principal | undefined, id: number, fields: repo.CaseFields): Promise<CaseDetail> {
  const scope = writeScope(p);
  await caseInScope(db, id, scope);
  await repo.updateCase(db, id, fields, actorOf(p!));
  return detail(db, p, id);
}

export async function addComment(db: Db, p: Principal | undefined, id: number, body: string): Promise<CaseDetail> {
  const scope = writeScope(p);
  await caseInScope(db, id, scope);
  await db.transaction(async (tx) => {
    await repo.insertComment(tx, id, body, actorOf(p!));
    await repo.touchCase(tx, id, actorOf(p!));
  });
  return detail(db, p, id);
}

/** Checks the writer may change case `id` (404 outside scope); for the evidence upload before reading the body. */
export async function assertWritable(db: Db, p: Principal | undefined, id: number): Promise<void> {
  await caseInScope(db, id, writeScope(p));
}

export async function addAttachment(
  db: Db,
  p: Principal | undefined,
  id: number,
  file: { filename: string; mime: string; sha256: string; data: Uint8Array; lng: number | null; lat: number | null },
): Promise<CaseDetail> {
  const scope = writeScope(p);
  await caseInScope(db, id, scope);
  await db.transaction(async (tx) => {
    await repo.insertAttachment(tx, { caseId: id, ...file }, actorOf(p!));
    await repo.touchCase(tx, id, actorOf(p!));
  });
  return detail(db, p, id);
}

export async function attachment(db: Db, p: Principal | undefined, id: number, attachmentId: number, opts: CaseAccessOptions) {
  await caseInScope(db, id, readScope(p, opts));
  const a = await repo.attachmentData(db, id, attachmentId);
  if (!a) throw notFound({ zh: `附件 ${attachmentId}`, en: `attachment ${attachmentId}` });
  return a;
}

export interface LedgerMonth {
  /** Steps within the month. */
  opened: number;
  rectified: number;
  closed: number;
  dismissed: number;
  /** When the month ended: open cases, overdue ones, and every case by its status then. */
  openAtEnd: number;
  overdueAtEnd: number;
  byStatus: Partial<Record<Status, number>>;
}

/**
 * The ledger's progress in month `YYYY-MM` (Pingcheng time), district-wide or for one street office:
 * for the 月报, which every reader of reports may see (counts only, no case names).
 */
export async function ledgerMonth(db: Queryable, month: string, street?: string): Promise<LedgerMonth> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = (yy: number, mm: number) => `${yy + Math.floor((mm - 1) / 12)}-${String(((mm - 1) % 12) + 1).padStart(2, '0')}-01`;
  const r = await repo.ledgerMonth(db, first(y, m), first(y, m + 1), street ?? null);
  return {
    opened: r.opened,
    rectified: r.rectified,
    closed: r.closed,
    dismissed: r.dismissed,
    openAtEnd: r.open_at_end,
    overdueAtEnd: r.overdue_at_end,
    byStatus: JSON.parse(r.by_status) as Partial<Record<Status, number>>,
  };
}
