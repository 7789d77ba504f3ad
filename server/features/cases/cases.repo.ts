/**
 * The only SQL of the enforcement ledger. Times come back as ISO-8601 UTC text and deadlines as
 * YYYY-MM-DD, the same on both databases whatever the session's time zone.
 */
import type { Queryable } from '../../db/db.ts';
import { streetAtSql } from '../../lib/inside-zone.sql.ts';
import type { Scope } from './cases.access.ts';
import type { Status } from './cases.workflow.ts';

const OPEN = `('found', 'assigned', 'rectifying', 'rectified')`;
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface CaseRow {
  id: number;
  rule_id: string | null;
  article: string | null;
  layer_id: string | null;
  feature_id: string | null;
  title: string;
  lng: number;
  lat: number;
  street_code: string | null;
  street_name: string | null;
  unit: string;
  assignee: string;
  deadline: string;
  status: Status;
  detected: boolean | null;
  detected_outcome: 'violation' | 'unverified' | null;
  created_by_name: string;
  created_at: string;
  updated_by_name: string;
  updated_at: string;
}

const CASE_COLUMNS = `
  c.id, c.rule_id, c.article, c.layer_id, c.feature_id::text AS feature_id, c.title,
  ST_X(ST_PointOnSurface(c.geom)) AS lng, ST_Y(ST_PointOnSurface(c.geom)) AS lat,
  c.street_code, c.street_name, c.unit, c.assignee, to_char(c.deadline, 'YYYY-MM-DD') AS deadline,
  c.status, c.detected, c.detected_outcome, c.created_by_name, ${iso('c.created_at')} AS created_at,
  c.updated_by_name, ${iso('c.updated_at')} AS updated_at`;

export interface Actor {
  userId: number | null;
  username: string;
  /** The rules sync, not a person. */
  system?: boolean;
}

export interface NewCaseFields {
  ruleId: string | null;
  article: string | null;
  unit: string;
  assignee: string;
  deadline: string;
}

/**
 * Opens a case on a site, copying its geometry and attributes. Undefined when an open case for
 * that rule and site exists (the partial unique index decides, so concurrent requests cannot both
 * insert) or when the site does not exist.
 */
export async function insertSiteCase(db: Queryable, c: NewCaseFields & { layerId: string; featureId: number }, actor: Actor): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO cases (rule_id, article, layer_id, feature_id, title, geom, snapshot, street_code, street_name,
                        unit, assignee, deadline, created_by, created_by_name, updated_by, updated_by_name)
     SELECT $1::text, $2::text, f.layer_id, f.id, COALESCE(NULLIF(left(f.name, 300), ''), f.layer_id || ' ' || f.id), f.geom,
            jsonb_build_object('name', f.name) || f.properties, st.code, st.name,
            $5::text, $6::text, $7::date, $8::bigint, $9::text, $8::bigint, $9::text
       FROM features f
       ${streetAtSql('ST_PointOnSurface(f.geom)')}
      WHERE f.layer_id = $3 AND f.id = $4::bigint
     ON CONFLICT (rule_id, layer_id, feature_id)
       WHERE status IN ${OPEN} AND rule_id IS NOT NULL AND feature_id IS NOT NULL
       DO NOTHING
     RETURNING id`,
    [c.ruleId, c.article, c.layerId, c.featureId, c.unit, c.assignee, c.deadline, actor.userId, actor.username],
  );
  return row?.id;
}

/** Opens a case at a map point (a complaint, a patrol finding) without a site record. */
export async function insertPointCase(db: Queryable, c: NewCaseFields & { lng: number; lat: number; title: string }, actor: Actor): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326) AS g)
     INSERT INTO cases (rule_id, article, title, geom, street_code, street_name,
                        unit, assignee, deadline, created_by, created_by_name, updated_by, updated_by_name)
     SELECT $1::text, $2::text, $5::text, p.g, st.code, st.name, $6::text, $7::text, $8::date, $9::bigint, $10::text, $9::bigint, $10::text
       FROM p ${streetAtSql('p.g')}
     RETURNING id`,
    [c.ruleId, c.article, c.lng, c.lat, c.title, c.unit, c.assignee, c.deadline, actor.userId, actor.username],
  );
  return row!.id;
}

/** The street office a point lies in (for scope checks before a manual case is written). */
export async function streetAt(db: Queryable, lng: number, lat: number): Promise<string | null> {
  const [row] = await db.query<{ code: string | null }>(
    `SELECT st.code FROM (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g) p ${streetAtSql('p.g')}`,
    [lng, lat],
  );
  return row?.code ?? null;
}

export async function openCaseFor(db: Queryable, ruleId: string, layerId: string, featureId: number): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(`SELECT id FROM cases WHERE rule_id = $1 AND layer_id = $2 AND feature_id = $3::bigint AND status IN ${OPEN}`, [
    ruleId,
    layerId,
    featureId,
  ]);
  return row?.id;
}

export async function getCase(db: Queryable, id: number): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1`, [id]);
  return row;
}

export async function caseGeometry(db: Queryable, id: number): Promise<{ geometry: string; snapshot: Record<string, unknown> | null }> {
  const [row] = await db.query<{ geometry: string; snapshot: Record<string, unknown> | null }>(
    'SELECT ST_AsGeoJSON(geom, 9) AS geometry, snapshot FROM cases WHERE id = $1',
    [id],
  );
  return row!;
}

/** Locks the case row for a status change; undefined when there is no such case. */
export async function lockCase(tx: Queryable, id: number): Promise<{ status: Status; street_code: string | null } | undefined> {
  const [row] = await tx.query<{ status: Status; street_code: string | null }>('SELECT status, street_code FROM cases WHERE id = $1 FOR UPDATE', [id]);
  return row;
}

export interface CaseFields {
  unit?: string | undefined;
  assignee?: string | undefined;
  deadline?: string | undefined;
}

export async function updateCase(tx: Queryable, id: number, f: CaseFields & { status?: Status }, actor: Actor): Promise<void> {
  await tx.query(
    `UPDATE cases SET status = COALESCE($2, status), unit = COALESCE($3, unit), assignee = COALESCE($4, assignee),
            deadline = COALESCE($5::date, deadline), updated_by = $6, updated_by_name = $7, updated_at = clock_timestamp()
      WHERE id = $1`,
    [id, f.status ?? null, f.unit ?? null, f.assignee ?? null, f.deadline ?? null, actor.userId, actor.username],
  );
}

export async function insertTransition(
  tx: Queryable,
  t: { caseId: number; from: Status | null; to: Status; note: string; override: boolean },
  actor: Actor,
): Promise<void> {
  await tx.query(
    `INSERT INTO case_transitions (case_id, from_status, to_status, note, override, by_system, user_id, username)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [t.caseId, t.from, t.to, t.note, t.override, actor.system === true, actor.userId, actor.username],
  );
}

export interface TransitionRow {
  id: number;
  from_status: Status | null;
  to_status: Status;
  note: string;
  override: boolean;
  username: string;
  system: boolean;
  at: string;
}

export function transitions(db: Queryable, caseIds: readonly number[]) {
  return db.query<TransitionRow & { case_id: number }>(
    `SELECT id, case_id, from_status, to_status, note, override, username, by_system AS system, ${iso('at')} AS at
       FROM case_transitions WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, id`,
    [caseIds],
  );
}

export function comments(db: Queryable, caseId: number) {
  return db.query<{ id: number; body: string; username: string; at: string }>(
    `SELECT id, body, username, ${iso('at')} AS at FROM case_comments WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}

export async function insertComment(db: Queryable, caseId: number, body: string, actor: Actor): Promise<void> {
  await db.query('INSERT INTO case_comments (case_id, body, user_id, username) VALUES ($1, $2, $3, $4)', [caseId, body, actor.userId, actor.username]);
}

export interface AttachmentRow {
  id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  lng: number | null;
  lat: number | null;
  username: string;
  at: string;
}

export function attachments(db: Queryable, caseId: number) {
  return db.query<AttachmentRow>(
    `SELECT id, filename, mime, size, sha256, lng, lat, username, ${iso('at')} AS at FROM case_attachments WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}

export async function insertAttachment(
  db: Queryable,
  a: { caseId: number; filename: string; mime: string; sha256: string; data: Uint8Array; lng: number | null; lat: number | null },
  actor: Actor,
): Promise<void> {
  await db.query(
    `INSERT INTO case_attachments (case_id, filename, mime, size, sha256, data, lng, lat, user_id, username)
     VALUES ($1, $2, $3, $4, $5, $6::bytea, $7, $8, $9, $10)`,
    [a.caseId, a.filename, a.mime, a.data.byteLength, a.sha256, a.data, a.lng, a.lat, actor.userId, actor.username],
  );
}

export async function attachmentData(db: Queryable, caseId: number, id: number) {
  const [row] = await db.query<{ filename: string; mime: string; data: Uint8Array }>(
    'SELECT filename, mime, data FROM case_attachments WHERE case_id = $1 AND id = $2',
    [caseId, id],
  );
  return row;
}

export async function touchCase(db: Queryable, id: number, actor: Actor): Promise<void> {
  await db.query('UPDATE cases SET updated_by = $2, updated_by_name = $3, updated_at = clock_timestamp() WHERE id = $1', [id, actor.userId, actor.username]);
}

/** Records the rules' verdict; true when it changed. */
export async function setDetected(db: Queryable, id: number, detected: boolean, outcome: 'violation' | 'unverified' | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE cases SET detected = $2, detected_outcome = $3, detected_at = clock_timestamp()
      WHERE id = $1 AND (detected IS DISTINCT FROM $2 OR detected_outcome IS DISTINCT FROM $3) RETURNING id`,
    [id, detected, outcome],
  );
  return rows.length > 0;
}

/** Site cases (rule and site known) the sync looks at: every one not dismissed. */
export function siteCases(db: Queryable, ids?: readonly number[]) {
  return db.query<{
    id: number;
    rule_id: string;
    layer_id: string;
    feature_id: string;
    status: Status;
    detected: boolean | null;
    detected_outcome: string | null;
  }>(
    `SELECT id, rule_id, layer_id, feature_id::text AS feature_id, status, detected, detected_outcome FROM cases
      WHERE rule_id IS NOT NULL AND feature_id IS NOT NULL AND status <> 'dismissed' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))
      ORDER BY id`,
    [ids ?? null],
  );
}

// ---------------------------------------------------------------------------------------------
// Lists, counts, exports

export interface CaseFilter {
  statuses?: readonly Status[];
  street?: string;
  rule?: string;
  article?: string;
  unit?: string;
  overdue?: boolean;
  readyForReview?: boolean;
  layer?: string;
  featureId?: number;
}

const OVERDUE = (today: string) => `(c.status IN ('found', 'assigned', 'rectifying') AND c.deadline < ${today}::date)`;
const READY = `(c.status IN ${OPEN} AND c.detected = false)`;

/** WHERE clause and params for a filter within a scope; `today` is the Pingcheng date. */
function where(f: CaseFilter, scope: Scope, today: string) {
  const params: unknown[] = [];
  const $ = (v: unknown) => `$${params.push(v)}`;
  // bound only when used: PostgreSQL refuses a parameter it cannot type
  let todayRef: string | undefined;
  const todayParam = () => (todayRef ??= `${$(today)}::text`);
  const conds: string[] = [];
  if (scope !== null) conds.push(`c.street_code = ANY(${$(scope)}::text[])`);
  if (f.statuses) conds.push(`c.status = ANY(${$(f.statuses)}::text[])`);
  if (f.street !== undefined) conds.push(`c.street_code = ${$(f.street)}`);
  if (f.rule !== undefined) conds.push(`c.rule_id = ${$(f.rule)}`);
  if (f.article !== undefined) conds.push(`c.article = ${$(f.article)}`);
  if (f.unit !== undefined) conds.push(`c.unit = ${$(f.unit)}`);
  if (f.layer !== undefined) conds.push(`c.layer_id = ${$(f.layer)}`);
  if (f.featureId !== undefined) conds.push(`c.feature_id = ${$(f.featureId)}::bigint`);
  if (f.overdue !== undefined) conds.push(`${f.overdue ? '' : 'NOT '}${OVERDUE(todayParam())}`);
  if (f.readyForReview !== undefined) conds.push(`${f.readyForReview ? '' : 'NOT '}${READY}`);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, today: todayParam };
}

export function listCases(db: Queryable, f: CaseFilter, scope: Scope, today: string, opts: { geometry?: boolean } = {}) {
  const w = where(f, scope, today);
  return db.query<CaseRow & { geometry?: string }>(
    `SELECT ${CASE_COLUMNS}${opts.geometry ? ', ST_AsGeoJSON(c.geom, 9) AS geometry' : ''} FROM cases c ${w.sql} ORDER BY c.id DESC`,
    w.params,
  );
}

export interface CountRow {
  key: string | null;
  name: string | null;
  open: number;
  overdue: number;
  rectified_this_month: number;
}

/** Open, overdue and rectified-this-month counts grouped by street office or by unit. */
export function countsBy(db: Queryable, by: 'street' | 'unit', scope: Scope, today: string) {
  const w = where({}, scope, today);
  const key = by === 'street' ? 'c.street_code' : 'c.unit';
  const name = by === 'street' ? 'max(c.street_name)' : 'NULL::text';
  const t = w.today();
  return db.query<CountRow>(
    `SELECT ${key} AS key, ${name} AS name,
            count(*) FILTER (WHERE c.status IN ${OPEN})::int AS open,
            count(*) FILTER (WHERE ${OVERDUE(t)})::int AS overdue,
            count(*) FILTER (WHERE c.status IN ('rectified', 'closed') AND EXISTS (
              SELECT 1 FROM case_transitions t WHERE t.case_id = c.id AND t.to_status = 'rectified'
                 AND to_char(t.at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM') = left(${t}, 7)))::int AS rectified_this_month
       FROM cases c ${w.sql}
      GROUP BY ${key}
      ORDER BY ${key} NULLS LAST`,
    w.params,
  );
}

/** Units with overdue cases: the count, the oldest deadline and its case, the streets involved. */
export function overdueUnits(db: Queryable, scope: Scope, today: string) {
  const w = where({ overdue: true }, scope, today);
  return db.query<{ unit: string; overdue: number; oldest_case_id: number; oldest_deadline: string; street_names: string[] }>(
    `SELECT c.unit, count(*)::int AS overdue,
            (array_agg(c.id ORDER BY c.deadline, c.id))[1] AS oldest_case_id,
            to_char(min(c.deadline), 'YYYY-MM-DD') AS oldest_deadline,
            COALESCE(array_agg(DISTINCT c.street_name) FILTER (WHERE c.street_name IS NOT NULL), '{}') AS street_names
       FROM cases c ${w.sql}
      GROUP BY c.unit
      ORDER BY count(*) DESC, min(c.deadline), c.unit`,
    w.params,
  );
}

export interface LedgerMonthRow {
  opened: number;
  rectified: number;
  closed: number;
  dismissed: number;
  open_at_end: number;
  overdue_at_end: number;
  /** JSON object: status → cases in it when the month ended. */
  by_status: string;
}

/**
 * The ledger over the Pingcheng dates [from, to): transitions within it (opened = the creation step,
 * rectified, closed, dismissed), and each case's status at its end (its last transition before `to`)
 * with the overdue ones (still found/assigned/rectifying, deadline before `to`). Local midnight is
 * UTC+8 (China keeps no daylight saving). `street` narrows to one street office.
 */
export async function ledgerMonth(db: Queryable, from: string, to: string, street: string | null): Promise<LedgerMonthRow> {
  const [row] = await db.query<LedgerMonthRow>(
    `WITH w AS (SELECT ($1::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC' AS t0,
                       ($2::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC' AS t1),
          c AS (SELECT c.id, c.deadline,
                       (SELECT t.to_status FROM case_transitions t
                         WHERE t.case_id = c.id AND t.at < w.t1 ORDER BY t.at DESC, t.id DESC LIMIT 1) AS status_end
                  FROM cases c, w
                 WHERE $3::text IS NULL OR c.street_code = $3::text),
          ev AS (SELECT t.from_status, t.to_status
                   FROM case_transitions t JOIN c ON c.id = t.case_id, w
                  WHERE t.at >= w.t0 AND t.at < w.t1)
     SELECT (SELECT count(*) FROM ev WHERE from_status IS NULL)::int AS opened,
            (SELECT count(*) FROM ev WHERE to_status = 'rectified')::int AS rectified,
            (SELECT count(*) FROM ev WHERE to_status = 'closed')::int AS closed,
            (SELECT count(*) FROM ev WHERE to_status = 'dismissed')::int AS dismissed,
            (SELECT count(*) FROM c WHERE status_end IN ${OPEN})::int AS open_at_end,
            (SELECT count(*) FROM c WHERE status_end IN ('found', 'assigned', 'rectifying') AND deadline < $2::date)::int AS overdue_at_end,
            (SELECT COALESCE(json_object_agg(status_end, n), '{}'::json)::text
               FROM (SELECT status_end, count(*)::int AS n FROM c WHERE status_end IS NOT NULL GROUP BY status_end) s) AS by_status`,
    [from, to, street],
  );
  return row!;
}
