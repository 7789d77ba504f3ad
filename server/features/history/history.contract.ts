/**
 * Response shapes of history, audit and undo, and of the Part 4 conflict answer. API tests parse
 * responses with these; the client imports the types.
 */
import { z } from 'zod';
import { ruleWarningSchema } from '../rules/rules.contract.ts';

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

export type Change = z.infer<typeof changeSchema>;
export type FeatureHistory = z.infer<typeof featureHistorySchema>;
export type HistoryEvent = z.infer<typeof eventSchema>;
export type AuditResponse = z.infer<typeof auditResponseSchema>;
export type EventDetails = z.infer<typeof eventDetailsSchema>;
export type PreconditionFailedDetails = z.infer<typeof preconditionFailedDetailsSchema>;
export type UndoResponse = z.infer<typeof undoResponseSchema>;
