/**
 * The case workflow as data: which status may follow which, what each step demands, the default
 * deadline per rule, and what "open" and "overdue" mean. Pure: no database, no HTTP.
 *
 *   found 发现 → assigned 交办 → rectifying 整改中 → rectified 已整改 → closed 复核销号
 *   found | assigned | rectifying → dismissed 不予立案/误报 (a reason is required)
 *   rectifying → assigned (handed to someone else), rectified → rectifying (review found it not done)
 *   closed | dismissed → found (reopen)
 */
export const STATUSES = ['found', 'assigned', 'rectifying', 'rectified', 'closed', 'dismissed'] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = ['found', 'assigned', 'rectifying', 'rectified'];
export const isOpen = (s: Status) => OPEN_STATUSES.includes(s);

export const STATUS_LABELS: Record<Status, { zh: string; en: string }> = {
  found: { zh: '发现', en: 'Found' },
  assigned: { zh: '交办', en: 'Assigned' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  rectified: { zh: '已整改', en: 'Rectified' },
  closed: { zh: '复核销号', en: 'Closed after review' },
  dismissed: { zh: '不予立案/误报', en: 'Dismissed' },
};

const NEXT: Record<Status, readonly Status[]> = {
  found: ['assigned', 'dismissed'],
  assigned: ['rectifying', 'rectified', 'dismissed'],
  rectifying: ['rectified', 'assigned', 'dismissed'],
  rectified: ['closed', 'rectifying'],
  closed: ['found'],
  dismissed: ['found'],
};

/** The statuses a case in `from` may move to (who may do it is decided elsewhere). */
export const allowedNext = (from: Status): readonly Status[] => NEXT[from];

export const isAllowed = (from: Status, to: Status) => NEXT[from].includes(to);

/** Steps that need a note: dismissing (the reason) and reopening (why). */
export const needsNote = (to: Status, from: Status) => to === 'dismissed' || (to === 'found' && !isOpen(from));

/**
 * Days from opening to the default deadline, per rule family. Quick fixes (a record, wet work on a
 * site) get a week; equipment and covering works a month. Editable on every case.
 */
const DEADLINE_DAYS: ReadonlyArray<[prefix: string, days: number]> = [
  ['site.', 7],
  ['nrmm.', 10],
  ['coal_ban.', 15],
  ['gas_station.', 30],
  ['truck_unit.', 30],
  ['ash_yard.', 30],
];
export const DEFAULT_DEADLINE_DAYS = 15;

export function deadlineDays(ruleId: string | null): number {
  if (ruleId === null) return DEFAULT_DEADLINE_DAYS;
  return DEADLINE_DAYS.find(([prefix]) => ruleId.startsWith(prefix))?.[1] ?? DEFAULT_DEADLINE_DAYS;
}

/** The calendar day in Pingcheng (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 逾期: past its deadline (a Pingcheng day) and not yet rectified — derived, never stored. */
export function isOverdue(status: Status, deadline: string, today: string): boolean {
  return (status === 'found' || status === 'assigned' || status === 'rectifying') && deadline < today;
}
