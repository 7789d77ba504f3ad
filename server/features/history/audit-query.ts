/**
 * The audit filter of the query string: ?user=&layer=&kind=&from=&to=. Dates without a time are
 * days in China Standard Time (UTC+8), the bureau's day; `to` includes its whole day. Full ISO
 * timestamps (with an offset) are taken as given.
 */
import { z } from 'zod';
import { findLayer } from '../layers/catalogue/index.ts';
import type { EventFilter, EventKind } from './history.repo.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: [EventKind, ...EventKind[]] = ['create', 'update', 'delete', 'restore', 'import', 'undo'];

/** Earliest and latest instants a filter may name: the history starts long after the first, and PostgreSQL reads both. */
const EARLIEST = Date.parse('1900-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T00:00:00Z');

/** A calendar day that exists (2023-02-30 does not: Date would roll it over to March). */
const realDay = (v: string) => {
  const t = Date.parse(`${v}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === v;
};

function validInstant(v: string): boolean {
  if (DAY.test(v)) return realDay(v) && Date.parse(`${v}T00:00:00Z`) >= EARLIEST && Date.parse(`${v}T00:00:00Z`) <= LATEST;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || !realDay(v.slice(0, 10))) return false;
  const t = Date.parse(v);
  return Number.isFinite(t) && t >= EARLIEST && t <= LATEST;
}

const instant = z.string().max(40).refine(validInstant, 'expected a real date YYYY-MM-DD (1900–9999) or an ISO 8601 timestamp');

export const auditQuery = z
  .object({
    user: z.string().min(1).max(64).optional(),
    layer: z
      .string()
      .max(64)
      .refine((id) => !!findLayer(id), 'unknown layer')
      .optional(),
    kind: z.enum(KINDS).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    beforeId: z.coerce.number().int().positive().optional(),
  })
  .strict();

const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

export function toFilter(q: z.infer<typeof auditQuery>): EventFilter {
  const from = q.from === undefined ? undefined : DAY.test(q.from) ? startOfDay(q.from) : new Date(q.from);
  const to = q.to === undefined ? undefined : DAY.test(q.to) ? new Date(startOfDay(q.to).getTime() + 86_400_000) : new Date(q.to);
  return {
    user: q.user,
    layer: q.layer,
    kind: q.kind,
    from: from?.toISOString(),
    to: to?.toISOString(),
  };
}
