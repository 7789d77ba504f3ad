/**
 * The moment rules are evaluated at, in Asia/Shanghai local time (UTC+8 all year: China has no
 * daylight saving), and whether a rule's dates and windows hold then. `asOf` is
 * `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`; a date alone stands for the whole day, so a daily time window
 * (art. 13: 10时—17时) counts as in force on any day its months include.
 */
import { inputError } from '../../lib/errors.ts';
import type { InForce } from './rule.ts';

export interface AsOf {
  /** YYYY-MM-DD, local. */
  date: string;
  /** Minutes after local midnight; undefined = the whole day. */
  minutes?: number;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The last minute nowAsOf answered for (every check without asOf asks, a few thousand a second). */
let lastNow: { minute: number; asOf: Readonly<AsOf> } | undefined;

/** Now, in Shanghai, to the minute (frozen: callers within one minute share it). */
export function nowAsOf(now = Date.now()): Readonly<AsOf> {
  const minute = Math.floor((now + SHANGHAI_OFFSET_MS) / 60_000);
  if (lastNow?.minute !== minute) {
    const iso = new Date(minute * 60_000).toISOString();
    lastNow = { minute, asOf: Object.freeze({ date: iso.slice(0, 10), minutes: Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16)) }) };
  }
  return lastNow.asOf;
}

/** Parses `asOf` from a request; undefined = now. Coded 400 for anything else. */
export function parseAsOf(raw: string | undefined): AsOf {
  if (raw === undefined) return nowAsOf();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(raw);
  const day = m && new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  const valid =
    m &&
    day &&
    !Number.isNaN(day.getTime()) &&
    day.toISOString().startsWith(`${m[1]}-${m[2]}-${m[3]}`) &&
    (m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60));
  if (!m || !valid)
    throw inputError('INVALID_AS_OF', {
      zh: `asOf 应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm（北京时间）：${raw.slice(0, 32)}`,
      en: `asOf must be YYYY-MM-DD or YYYY-MM-DDTHH:mm (Asia/Shanghai): ${raw.slice(0, 32)}`,
    });
  return { date: `${m[1]}-${m[2]}-${m[3]}`, ...(m[4] !== undefined ? { minutes: Number(m[4]) * 60 + Number(m[5]) } : {}) };
}

export function formatAsOf(t: AsOf): string {
  if (t.minutes === undefined) return t.date;
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0');
  const mm = String(t.minutes % 60).padStart(2, '0');
  return `${t.date}T${hh}:${mm}`;
}

/** Whether a rule with these dates bites at `t` (no dates: always). */
export function inForceAt(when: Pick<InForce, 'from' | 'months' | 'hours'> | undefined, t: AsOf): boolean {
  if (!when) return true;
  if (when.from !== undefined && t.date < when.from) return false;
  if (when.months) {
    const month = Number(t.date.slice(5, 7));
    if (month < when.months[0] || month > when.months[1]) return false;
  }
  if (when.hours && t.minutes !== undefined) {
    if (t.minutes < when.hours[0] * 60 || t.minutes >= when.hours[1] * 60) return false;
  }
  return true;
}
