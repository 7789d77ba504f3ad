/**
 * The edit history: recording (always inside the caller's write transaction), and reading it back
 * per feature, per event and as the admins' audit log.
 */
import type { Queryable } from '../../db/db.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import { featureEtag } from '../../lib/feature-etag.ts';
import * as repo from './history.repo.ts';

/** The feature as it is now (for a before-image, a merge, or a 412 answer). */
export const snapshotTx = repo.snapshot;

export interface SingleChange {
  kind: Exclude<repo.EventKind, 'import' | 'undo'>;
  actor: Actor;
  layerId: string;
  featureId: number;
  versionBefore: number | null;
  versionAfter: number;
  before: repo.SnapshotFeature | null;
  /** true: the feature exists at versionAfter (snapshot it); false: it was deleted. */
  exists: boolean;
  summary?: Record<string, unknown>;
}

/** One event with its one feature change; returns the event id. */
export async function recordChangeTx(tx: Queryable, c: SingleChange): Promise<number> {
  const eventId = await repo.insertEvent(tx, {
    kind: c.kind,
    layerId: c.layerId,
    userId: c.actor.userId,
    username: c.actor.username,
    featureCount: 1,
    ...(c.summary ? { summary: c.summary } : {}),
  });
  await repo.insertChange(tx, {
    eventId,
    layerId: c.layerId,
    featureId: c.featureId,
    versionBefore: c.versionBefore,
    versionAfter: c.versionAfter,
    before: c.before,
    after: c.exists ? 'row' : null,
  });
  return eventId;
}

/**
 * Records an import as one event, from inside the import's transaction:
 *   const rec = await startImportRecordTx(tx, { actor, layerId, summary: { mode, filename } });
 *   if (replace) await rec.replacingLayer();   // BEFORE deleting: snapshots what goes
 *   …insert the batches…
 *   await rec.created(ids);                      // the created ids, once (or per batch): one statement each
 *   await rec.finish({ imported, replaced });   // once, at the end
 * Undo (POST /api/history/events/{id}/undo) then removes what it added and brings back what it replaced.
 */
export async function startImportRecordTx(tx: Queryable, opts: { actor: Actor; layerId: string; summary?: Record<string, unknown> }) {
  const eventId = await repo.insertEvent(tx, {
    kind: 'import',
    layerId: opts.layerId,
    userId: opts.actor.userId,
    username: opts.actor.username,
    featureCount: 0,
    ...(opts.summary ? { summary: opts.summary } : {}),
  });
  let changes = 0;
  return {
    eventId,
    async replacingLayer() {
      changes += await repo.insertLayerDeletion(tx, eventId, opts.layerId);
    },
    /** `table`: where the new rows are read from (an import's staging table before its swap: bulk-partition.repo.ts). */
    async created(ids: readonly number[], table = 'features') {
      if (ids.length > 0) changes += await repo.insertCreated(tx, eventId, opts.layerId, ids, table);
    },
    async finish(summary: Record<string, unknown> = {}) {
      await repo.finishEvent(tx, eventId, changes, summary);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Where a feature stands: live at `version`, or deleted with `version` its tombstone. */
export async function featureStateTx(db: Queryable, layerId: string, id: number) {
  const s = await repo.featureState(db, layerId, id);
  if (s.live !== null) return { version: s.live, deleted: false, etag: featureEtag(layerId, id, s.live) };
  if (s.recorded !== null) return { version: s.recorded, deleted: true, etag: featureEtag(layerId, id, s.recorded) };
  return undefined;
}

export const versionContentTx = repo.versionContent;

const userRef = (r: { user_id: number | null; username: string }) => ({ id: r.user_id, username: r.username });

export const changeView = (r: repo.ChangeRow) => ({
  eventId: r.event_id,
  kind: r.kind,
  at: r.at.toISOString(),
  user: userRef(r),
  layer: r.layer_id,
  featureId: r.feature_id,
  action: r.before === null ? 'create' : r.after === null ? 'delete' : 'update',
  versionBefore: r.version_before,
  versionAfter: r.version_after,
  before: r.before,
  after: r.after,
  undoes: r.undoes,
  undoneBy: r.undone_by,
});

export async function featureHistory(db: Queryable, layerId: string, id: number, opts: { limit: number; belowVersion?: number | undefined }) {
  const state = await featureStateTx(db, layerId, id);
  if (!state) throw notFound({ zh: `要素 ${layerId}/${id}`, en: `feature ${layerId}/${id}` });
  const rows = await repo.featureChanges(db, layerId, id, opts.limit, opts.belowVersion);
  const last = rows.at(-1);
  return {
    layer: layerId,
    featureId: id,
    state,
    entries: rows.map(changeView),
    nextBelowVersion: rows.length === opts.limit && last ? last.version_after : null,
  };
}

export const eventView = (e: repo.EventRow) => ({
  id: e.id,
  kind: e.kind,
  layer: e.layer_id,
  at: e.at.toISOString(),
  user: userRef(e),
  featureCount: e.feature_count,
  summary: e.summary,
  undoes: e.undoes,
  undoneBy: e.undone_by,
});

export async function listEvents(db: Queryable, filter: repo.EventFilter, opts: { limit: number; beforeId?: number | undefined }) {
  const rows = await repo.listEvents(db, filter, opts.limit, opts.beforeId);
  const last = rows.at(-1);
  return { events: rows.map(eventView), nextBeforeId: rows.length === opts.limit && last ? last.id : null };
}

const EVENT_CHANGES_MAX = 1000;

export async function eventDetails(db: Queryable, id: number) {
  const e = await repo.getEvent(db, id);
  if (!e) throw notFound({ zh: `编辑记录 ${id}`, en: `history event ${id}` });
  const changes = await repo.eventChangeList(db, id, EVENT_CHANGES_MAX + 1);
  return {
    event: eventView(e),
    changes: changes.slice(0, EVENT_CHANGES_MAX).map((c) => ({
      featureId: c.feature_id,
      action: !c.had_before ? 'create' : !c.has_after ? 'delete' : 'update',
      versionBefore: c.version_before,
      versionAfter: c.version_after,
    })),
    changesTruncated: changes.length > EVENT_CHANGES_MAX,
  };
}

/** Every change of the filtered events, oldest first, streamed page by page. */
export async function* exportChanges(db: Queryable, filter: repo.EventFilter, pageSize = 1000) {
  let key: [number, number, number] = [0, 0, 0];
  for (;;) {
    const rows = await repo.exportPage(db, filter, key, pageSize);
    for (const r of rows) yield changeView(r);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    key = [last.event_id, last.feature_id, last.version_after];
  }
}

/** The layer an event belongs to, or undefined when there is no such event. */
export async function eventLayerIfAny(db: Queryable, id: number): Promise<string | undefined> {
  return (await repo.getEvent(db, id))?.layer_id;
}

/** The layer an event belongs to (for permission checks before an undo). */
export async function eventLayer(db: Queryable, id: number): Promise<string> {
  const e = await repo.getEvent(db, id);
  if (!e) throw notFound({ zh: `编辑记录 ${id}`, en: `history event ${id}` });
  return e.layer_id;
}
