/**
 * Requests and responses of history, audit and undo, and of the Part 4 conflict answer: the routes
 * validate with these (the audit filters live in audit-query.ts), API tests parse responses with
 * them, the client imports the types.
 */
import { z } from 'zod';
import { json, type ApiGroup } from '../../http/endpoint.ts';
import { ruleWarningSchema } from '../rules/rules.contract.ts';
import { auditQuery } from './audit-query.ts';

/** /api/features/{layer}/{fid}/history */
export const featureParams = z.object({
  layer: z.string(),
  fid: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
});
/** GET /api/features/{layer}/{fid}/history */
export const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    belowVersion: z.coerce.number().int().min(1).optional(),
  })
  .strict();
/** `{id}` of a history event. */
export const eventParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
/** GET /api/admin/audit/export.{ndjson,csv}: the audit filters without paging. */
export const auditExportQuery = auditQuery.omit({ limit: true, beforeId: true });

/** A feature as history keeps it: GeoJSON with full-precision coordinates; name and is_demo in properties. */
export const historyFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  properties: z.record(z.string(), z.unknown()),
});

const kind = z.enum(['create', 'update', 'delete', 'restore', 'import', 'undo']);
const userRef = z.object({ id: z.number().int().nullable(), username: z.string() }).strict();

/** One feature change (history entries, export lines). */
export const changeSchema = z
  .object({
    eventId: z.number().int(),
    /** What the user did (an import or undo touches many features). */
    kind,
    at: z.string().datetime(),
    /** id null: the account was deleted since; the name stays. */
    user: userRef,
    layer: z.string(),
    featureId: z.number().int(),
    /** What happened to this feature. */
    action: z.enum(['create', 'update', 'delete']),
    versionBefore: z.number().int().nullable(),
    /** For a delete: the deletion's own version (the tombstone). */
    versionAfter: z.number().int(),
    before: historyFeatureSchema.nullable(),
    after: historyFeatureSchema.nullable(),
    undoes: z.number().int().nullable(),
    undoneBy: z.number().int().nullable(),
  })
  .strict();

/** GET /api/features/{layer}/{fid}/history (newest first). */
export const featureHistorySchema = z
  .object({
    layer: z.string(),
    featureId: z.number().int(),
    /** etag: what If-Match of a restore must carry (also the response's ETag header). */
    state: z.object({ version: z.number().int(), deleted: z.boolean(), etag: z.string() }).strict(),
    entries: z.array(changeSchema),
    /** Pass as ?belowVersion= for the next page; null at the end. */
    nextBelowVersion: z.number().int().nullable(),
  })
  .strict();

export const eventSchema = z
  .object({
    id: z.number().int(),
    kind,
    layer: z.string(),
    at: z.string().datetime(),
    user: userRef,
    featureCount: z.number().int(),
    /** create/update: {method}; restore: {restoredVersion}; import: {mode, filename, format, imported, replaced}; undo: {undoneKind}. */
    summary: z.record(z.string(), z.unknown()),
    undoes: z.number().int().nullable(),
    undoneBy: z.number().int().nullable(),
  })
  .strict();

/** GET /api/admin/audit */
export const auditResponseSchema = z.object({ events: z.array(eventSchema), nextBeforeId: z.number().int().nullable() }).strict();

/** GET /api/history/events/{id} */
export const eventDetailsSchema = z
  .object({
    event: eventSchema,
    changes: z.array(
      z
        .object({
          featureId: z.number().int(),
          action: z.enum(['create', 'update', 'delete']),
          versionBefore: z.number().int().nullable(),
          versionAfter: z.number().int(),
        })
        .strict(),
    ),
    changesTruncated: z.boolean(),
  })
  .strict();

/** POST /api/history/events/{id}/undo → 200 */
export const undoResponseSchema = z
  .object({
    event: eventSchema,
    reverted: z.number().int(),
    /** The rules the features the undo put back break (or leave undecided) now. */
    warnings: z.array(ruleWarningSchema),
  })
  .strict();

/** `error.details` of a 412 from a write or restore: the version the editor did not know about. */
export const preconditionFailedDetailsSchema = z
  .object({
    currentVersion: z.number().int().nullable(),
    etag: z.string().nullable(),
    deleted: z.boolean(),
    current: historyFeatureSchema.nullable(),
  })
  .strict();

/** `error.details` of 409 UNDO_CONFLICT: features changed after the event (first 100). */
export const undoConflictDetailsSchema = z.object({
  features: z.array(z.object({ featureId: z.number().int(), expectedVersion: z.number().int(), currentVersion: z.number().int().nullable() }).strict()),
});

export const historyApi: ApiGroup = {
  tag: 'history',
  description: 'Every version of every feature, the audit log (admins) and undo.',
  endpoints: [
    {
      method: 'get',
      path: '/api/features/:layer/:fid/history',
      summary: 'Every version of a feature, newest first (ETag: its current state)',
      access: 'user',
      params: featureParams,
      query: historyQuery,
      responses: { 200: { description: 'The history.', content: json(featureHistorySchema) } },
    },
    {
      method: 'get',
      path: '/api/history/events/:id',
      summary: 'One edit or import with its feature changes (editors of its layer and admins)',
      access: 'user',
      params: eventParam,
      responses: { 200: { description: 'The event.', content: json(eventDetailsSchema) } },
    },
    {
      method: 'post',
      path: '/api/history/events/:id/undo',
      summary: 'Undo an edit or import as a whole (409 ALREADY_UNDONE, UNDO_CONFLICT)',
      access: 'user',
      params: eventParam,
      responses: { 200: { description: 'The undo event.', content: json(undoResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/admin/audit',
      summary: 'The audit log (dates are UTC+8 days)',
      access: 'admin',
      query: auditQuery,
      responses: { 200: { description: 'Events, newest first.', content: json(auditResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/admin/audit/export.ndjson',
      summary: 'The audit log, one line per feature change (NDJSON)',
      access: 'admin',
      query: auditExportQuery,
      responses: { 200: { description: 'history-{date}.ndjson', content: { 'application/x-ndjson': { type: 'string' } } } },
    },
    {
      method: 'get',
      path: '/api/admin/audit/export.csv',
      summary: 'The audit log, one line per feature change (CSV)',
      access: 'admin',
      query: auditExportQuery,
      responses: { 200: { description: 'history-{date}.csv', content: { 'text/csv': { type: 'string' } } } },
    },
  ],
};

export type Change = z.infer<typeof changeSchema>;
export type FeatureHistory = z.infer<typeof featureHistorySchema>;
export type HistoryEvent = z.infer<typeof eventSchema>;
export type AuditResponse = z.infer<typeof auditResponseSchema>;
export type EventDetails = z.infer<typeof eventDetailsSchema>;
export type PreconditionFailedDetails = z.infer<typeof preconditionFailedDetailsSchema>;
export type UndoResponse = z.infer<typeof undoResponseSchema>;
