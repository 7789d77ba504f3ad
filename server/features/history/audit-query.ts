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

const instant = z
  .string()
  .max(40)
  .refine((v) => DAY.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), 'expected YYYY-MM-DD or an ISO 8601 timestamp');

export const auditQuery = z
  .object({
    user: z.string().min(1).max(64).optional(),
    layer: z.string().max(64).refine((id) => !!findLayer(id), 'unknown layer').optional(),
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
