/**
 * Undo of a whole event — one edit, a restore, an import of thousands of features, or an undo
 * (which makes it a redo). The undo is itself an event, so it is audited and can be undone.
 * Refused (409) when the event was undone already, or when any feature it touched changed since:
 * undo never overwrites later work; the answer lists the features in the way.
 */
import type { Db } from '../../db/db.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import { bumpRevisionTx, writeLayerTx } from '../layers/feature-write.service.ts';
import * as repo from './history.repo.ts';
import { eventView } from './history.service.ts';
import { ruleWarningsAfterWrite } from '../rules/violations.service.ts';
import * as undo from './undo.repo.ts';

const CONFLICTS_SHOWN = 100;

const undoConflict = (details: unknown) =>
  new DomainError(
    'UNDO_CONFLICT',
    { zh: '部分要素在此之后又被修改，不能撤销（不会覆盖后来的修改）', en: 'Some features changed after this event; undo would overwrite later work' },
    details,
  );

const eventNotFound = (eventId: number) => notFound({ zh: `编辑记录 ${eventId}`, en: `history event ${eventId}` });

export async function undoEvent(db: Db, eventId: number, actor: Actor) {
  // an event's layer never changes: read it first to take that layer's write lock
  const layerId = (await repo.getEvent(db, eventId))?.layer_id;
  if (layerId === undefined) throw eventNotFound(eventId);
  const done = await writeLayerTx(db, layerId, async (tx) => {
    // the row lock makes two undo clicks of the same event queue up; the second sees undone_by
    const event = await repo.getEvent(tx, eventId, { lock: true });
    if (!event) throw eventNotFound(eventId);
    if (event.undone_by !== null)
      throw new DomainError(
        'ALREADY_UNDONE',
        { zh: `该记录已被撤销（记录 ${event.undone_by}）`, en: `This event was undone already (by event ${event.undone_by})` },
        { undoneBy: event.undone_by },
      );
    const blocking = await undo.conflicts(tx, eventId, event.layer_id, CONFLICTS_SHOWN);
    if (blocking.length > 0)
      throw undoConflict({
        features: blocking.map((c) => ({ featureId: c.feature_id, expectedVersion: c.expected_version, currentVersion: c.current_version })),
      });

    const undoId = await repo.insertEvent(tx, {
      kind: 'undo',
      layerId: event.layer_id,
      userId: actor.userId,
      username: actor.username,
      featureCount: 0,
      summary: { undoneKind: event.kind },
      undoes: eventId,
    });
    const steps = [
      await undo.removeCreated(tx, eventId, undoId, event.layer_id),
      await undo.revertUpdated(tx, eventId, undoId, event.layer_id),
      await undo.recreateDeleted(tx, eventId, undoId, event.layer_id),
    ];
    const written = steps.reduce((n, s) => n + s.written, 0);
    const recorded = steps.reduce((n, s) => n + s.recorded, 0);
    // the conflict check and the writes see the same rows unless someone wrote in between (pg):
    // then the counts differ and the whole undo rolls back
    if (written !== event.feature_count || recorded !== event.feature_count)
      throw undoConflict({ features: [], expected: event.feature_count, written, recorded });
    await repo.finishEvent(tx, undoId, written, {});
    await undo.markUndone(tx, eventId, undoId);
    await bumpRevisionTx(tx, event.layer_id);
    const undone = await repo.getEvent(tx, undoId);
    return { event: eventView(undone!), reverted: written };
  });
  // what the undo put back (e.g. the sites an undone deletion restores) may break rules again
  return { ...done, warnings: await ruleWarningsAfterWrite(db, layerId, await repo.featuresLeftByEvent(db, done.event.id)) };
}
