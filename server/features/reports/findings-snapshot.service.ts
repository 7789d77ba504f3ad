/**
 * Monthly findings (问题线索) counts for the 月报's month-to-month comparison. The rules are
 * evaluated against the features as they are now — `asOf` decides only which dated rules and
 * seasons are in force, not which version of a site or zone is read — so last month's findings
 * cannot be recomputed from today's data. They are kept instead (migration 011): one snapshot per
 * month of the counts by rule/article, street office and outcome, never replaced once recorded.
 *  - month_end: an explicit run (an admin's POST, from a scheduler at month end or just after);
 *  - report: a report for a month that has ended and has no snapshot records the data as read at
 *    that moment (later than the month's end: the report says so).
 * The month still running is counted live and not stored.
 */
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { nowAsOf } from '../rules/as-of.ts';
import { findRule } from '../rules/catalogue/index.ts';
import { listViolations } from '../rules/violations.service.ts';
import { type FindingsCountRow, findingsSnapshot, insertFindingsSnapshot } from './reports.repo.ts';

export interface FindingsMonth {
  month: string;
  /** live: counted now (the month is not over); otherwise how the stored snapshot was taken. */
  basis: 'live' | 'month_end' | 'report';
  /** When the data was read, Pingcheng time (YYYY-MM-DDTHH:mm). */
  takenAt: string;
  rows: FindingsCountRow[];
}

const monthOf = (now: number) => nowAsOf(now).date.slice(0, 7);
const localMinute = (now: number) => {
  const a = nowAsOf(now);
  const m = a.minutes ?? 0;
  return `${a.date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Today's findings, district-wide, as snapshot rows. */
async function countNow(db: Db): Promise<FindingsCountRow[]> {
  const { violations } = await listViolations(db, {});
  const counts = new Map<string, FindingsCountRow>();
  for (const v of violations) {
    const street = v.streetCode ?? '';
    const key = `${v.rule}\u0000${street}\u0000${v.outcome}`;
    const row = counts.get(key) ?? { rule: v.rule, article: findRule(v.rule)?.article ?? '?', street, outcome: v.outcome, n: 0 };
    row.n++;
    counts.set(key, row);
  }
  return [...counts.values()];
}

/** Records `month` from today's data unless it has a snapshot; answers what is stored. */
export async function takeFindingsSnapshot(
  db: Db,
  month: string,
  trigger: 'month_end' | 'report',
  now = Date.now(),
): Promise<FindingsMonth & { created: boolean }> {
  const rows = await countNow(db);
  const created = await db.transaction((tx) => insertFindingsSnapshot(tx, month, { trigger, takenAt: new Date(now) }, rows));
  const stored = (await findingsSnapshot(db, month))!;
  return { month, basis: stored.trigger, takenAt: stored.takenAt, rows: stored.rows, created };
}

/**
 * POST /api/reports/findings-snapshots: the month-end run, for the month running now or the one
 * that has just ended (a scheduler runs it on the last evening or just after midnight); any
 * other month would record today's data under a month it does not describe.
 */
export async function monthEndSnapshot(db: Db, month: string | undefined, now = Date.now()) {
  const current = monthOf(now);
  const wanted = month ?? current;
  if (wanted !== current && wanted !== previousMonth(current))
    throw inputError('SNAPSHOT_MONTH', {
      zh: `只能为本月（${current}）或上月（${previousMonth(current)}）记录问题线索快照`,
      en: `A findings snapshot can be taken for this month (${current}) or the last (${previousMonth(current)}) only`,
    });
  return takeFindingsSnapshot(db, wanted, 'month_end', now);
}

/** The findings the report of `month` shows: the stored snapshot, a new one for an ended month, or live. */
export async function findingsOfMonth(db: Db, month: string, now = Date.now()): Promise<FindingsMonth> {
  const stored = await findingsSnapshot(db, month);
  if (stored) return { month, basis: stored.trigger, takenAt: stored.takenAt, rows: stored.rows };
  if (month < monthOf(now)) return takeFindingsSnapshot(db, month, 'report', now);
  return { month, basis: 'live', takenAt: localMinute(now), rows: await countNow(db) };
}

/** The previous month's findings if they were recorded (never made up from today's data). */
export async function recordedFindings(db: Db, month: string): Promise<FindingsMonth | undefined> {
  const stored = await findingsSnapshot(db, month);
  return stored && { month, basis: stored.trigger, takenAt: stored.takenAt, rows: stored.rows };
}
