/**
 * What every in-process cache and index asks before it answers: the current revision of each layer
 * (layers.revision, bumped in the same transaction as every write to the layer's features). With
 * several app processes on one PostGIS server, an edit through one process changes the revision the
 * other reads on its very next request, so nothing in memory outlives a write made elsewhere.
 *
 * Strictly fresh: the answer a request gets comes from a query that started after the request asked,
 * so it sees every write committed before the request arrived (READ COMMITTED takes a new snapshot
 * per statement). Cheap: the query is one tiny row set, and requests share it — while one query is in
 * flight, every request that arrives joins the one next query, started the moment the current one
 * ends. So at most one query runs and one waits, whatever the load.
 *
 * The embedded database (PGlite: one connection, in this process only) needs no query at all while
 * nothing has run on its connection since the last one: no other process can write to it, so the
 * last answer is still what a query would say (Db.readKeepable). The query runs on the app's own
 * thread there (110–210 µs), and under a stream of checks nothing else runs between them.
 */
import type { Db, KeepableDb, Queryable } from '../../db/db.ts';
import { allRevisions, allRevisionsKeepable } from './features.repo.ts';

export type Revisions = ReadonlyMap<string, number>;

export interface LayerRevisions {
  /** Every layer's revision as of a moment after this call. */
  current(): Promise<Revisions>;
}

const trackers = new WeakMap<Db, LayerRevisions>();

/** The one revision tracker of a database (every cache over `db` shares its queries). */
export function layerRevisions(db: Db): LayerRevisions {
  let tracker = trackers.get(db);
  if (!tracker) {
    tracker = db.readKeepable ? keptWhileUnchanged(db as KeepableDb) : coalesced(() => readRevisions(db));
    trackers.set(db, tracker);
  }
  return tracker;
}

/** The revisions read through `q` itself, e.g. inside a caller's transaction (no sharing). */
export async function readRevisions(q: Queryable): Promise<Revisions> {
  return revisionsOf(await allRevisions(q));
}

const revisionsOf = (rows: readonly { id: string; revision: number }[]): Revisions => new Map(rows.map((r) => [r.id, Number(r.revision)]));

/**
 * The embedded database's tracker: the last answer while nothing else has started on the
 * connection since its read did (so a read now would see the same rows), otherwise a new read,
 * shared as on a server. Any statement ends the hold, a read as much as a write: the driver cannot
 * tell a write from a read that calls a writing function. Between anonymous checks nothing runs; a
 * signed-in request looks its user up first, so its check reads the revisions again, as before.
 */
function keptWhileUnchanged(db: KeepableDb): LayerRevisions {
  let last: { revisions: Promise<Revisions>; unchanged(): boolean } | undefined;
  const reads = coalesced(async () => {
    const read = await allRevisionsKeepable(db);
    const revisions = revisionsOf(read.rows);
    last = { revisions: Promise.resolve(revisions), unchanged: read.unchanged };
    return revisions;
  });
  return { current: () => (last?.unchanged() ? last.revisions : reads.current()) };
}

/** `read` run for many callers at once, never answering a caller with a read that began before it asked. */
function coalesced(read: () => Promise<Revisions>): LayerRevisions {
  let running: Promise<Revisions> | undefined;
  let next: Promise<Revisions> | undefined;
  const start = (): Promise<Revisions> => {
    const p = read();
    running = p;
    const done = () => {
      if (running === p) running = undefined;
    };
    p.then(done, done);
    return p;
  };
  return {
    current() {
      if (next) return next; // not started yet: it will begin after this call
      if (!running) return start();
      // the running read may predate a write this caller has seen: wait for the next one
      if (!next) {
        const settle = () => {
          next = undefined;
          return start();
        };
        next = running.then(settle, settle);
      }
      return next;
    },
  };
}

/** A cache key: the revisions of the given layers (missing layers as 0). */
export function revisionKey(revisions: Revisions, layerIds: readonly string[]): string {
  return layerIds.map((id) => `${id}:${revisions.get(id) ?? 0}`).join(',');
}

/**
 * `compute` cached under the revisions of the layers it reads: the next call after a write to any
 * of them (through any process) computes again; calls at the same revisions share one computation,
 * even while it runs. `compute` reads its layers after the revisions were read, so what is kept is
 * never older than its key. A failed computation is not kept.
 */
export function revisionCached<T>(db: Db, layerIds: readonly string[], compute: () => Promise<T>): () => Promise<T> {
  const revisions = layerRevisions(db);
  let kept: { key: string; value: Promise<T> } | undefined;
  return async () => {
    const key = revisionKey(await revisions.current(), layerIds);
    if (kept?.key === key) return kept.value;
    const entry = { key, value: compute() };
    kept = entry;
    entry.value.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return entry.value;
  };
}
