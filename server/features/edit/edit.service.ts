/**
 * Single-feature writes (OGC API – Features Part 4 and restore). Each runs in one transaction:
 * read the current state → check the caller's If-Match → validate (layer schema, geometry type,
 * PostGIS validity) → write guarded by the version → record history → bump the layer revision.
 * Any failure rolls all of it back.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { inputError, notFound } from '../../lib/errors.ts';
import { featureEtag, type IfMatch } from '../../lib/feature-etag.ts';
import type { Actor } from '../auth/auth.types.ts';
import * as history from '../history/history.service.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { featureToJson, getFeature } from '../layers/feature-read.service.ts';
import { invalidFeature, validateFeature } from '../layers/feature-validation.ts';
import { bumpRevisionTx, insertFeaturesTx, writeLayerTx, type NewFeature } from '../layers/feature-write.service.ts';
import type { RuleWarning } from '../rules/rules.contract.ts';
import { ruleWarningsAfterWrite } from '../rules/violations.service.ts';
import { invalidGeometry, preconditionFailed, preconditionRequired } from './edit.errors.ts';
import * as repo from './edit.repo.ts';
import { mergePatch } from './merge-patch.ts';

export interface WriteResult {
  id: number;
  version: number;
  etag: string;
  /** The feature as GET /ogc/…/items/{fid} shows it (GeoJSON text), or null after a delete. */
  text: string | null;
  /** The rules the saved feature breaks or cannot be decided for (absent after a delete). */
  warnings?: RuleWarning[];
}

/** After the commit: what the saved feature means under the plan's rules (the write stands either way). */
async function withWarnings(db: Db, layer: Layer, write: Promise<WriteResult>): Promise<WriteResult> {
  const r = await write;
  return { ...r, warnings: await ruleWarningsAfterWrite(db, layer.id, [r.id]) };
}

const featureNotFound = (layer: Layer, id: number) => notFound({ zh: `要素 ${layer.id}/${id}`, en: `feature ${layer.id}/${id}` });

/** The versions If-Match allows; `*` is refused too: it would overwrite whatever is there. */
function allowedVersions(ifMatch: IfMatch): number[] {
  if (ifMatch.kind !== 'versions') throw preconditionRequired();
  return ifMatch.versions;
}

/** 412 with the state the caller did not know about. */
async function stale(tx: Queryable, layer: Layer, id: number): Promise<never> {
  const state = await history.featureStateTx(tx, layer.id, id);
  const current = await history.snapshotTx(tx, layer.id, id);
  throw preconditionFailed({
    currentVersion: state?.version ?? null,
    etag: state?.etag ?? null,
    deleted: state?.deleted ?? false,
    current: current?.feature ?? null,
  });
}

async function validated(tx: Queryable, layer: Layer, input: unknown, opts: { isDemo?: boolean } = {}): Promise<NewFeature> {
  const v = validateFeature(layer, input, opts);
  if (!v.valid) throw invalidFeature(layer, v);
  const problem = await repo.geometryProblem(tx, v.feature.geometry);
  if (problem) throw invalidGeometry(problem);
  return v.feature;
}

async function result(tx: Queryable, layer: Layer, id: number): Promise<WriteResult> {
  const row = await getFeature(tx, layer.id, id);
  if (!row) throw new Error(`feature ${layer.id}/${id} vanished inside its own write`);
  return { id, version: row.version, etag: featureEtag(layer.id, id, row.version), text: featureToJson(row) };
}

export function createFeature(db: Db, layer: Layer, actor: Actor, input: unknown): Promise<WriteResult> {
  return withWarnings(
    db,
    layer,
    writeLayerTx(db, layer.id, async (tx) => {
      const feature = await validated(tx, layer, input);
      const [id] = await repo.guarded(() => insertFeaturesTx(tx, layer.id, [feature]));
      await history.recordChangeTx(tx, {
        kind: 'create',
        actor,
        layerId: layer.id,
        featureId: id!,
        versionBefore: null,
        versionAfter: 1,
        before: null,
        exists: true,
      });
      return result(tx, layer, id!);
    }),
  );
}

/**
 * PUT (replace) and PATCH (merge patch) share one path: the new content is computed from the
 * current one, which is exactly the version the guarded UPDATE will overwrite.
 */
export function updateFeature(
  db: Db,
  layer: Layer,
  actor: Actor,
  id: number,
  ifMatch: IfMatch,
  change: { method: 'PUT' | 'PATCH'; body: unknown },
): Promise<WriteResult> {
  const allowed = allowedVersions(ifMatch);
  return withWarnings(
    db,
    layer,
    writeLayerTx(db, layer.id, async (tx) => {
      const current = await history.snapshotTx(tx, layer.id, id);
      if (!current) throw featureNotFound(layer, id);
      if (!allowed.includes(current.version)) return stale(tx, layer, id);
      const next = change.method === 'PUT' ? change.body : mergePatch(current.feature, change.body);
      const feature = await validated(tx, layer, next);
      const version = await repo.updateFeature(tx, layer.id, id, current.version, feature);
      if (version === undefined) return stale(tx, layer, id);
      await history.recordChangeTx(tx, {
        kind: 'update',
        actor,
        layerId: layer.id,
        featureId: id,
        versionBefore: current.version,
        versionAfter: version,
        before: current.feature,
        exists: true,
        summary: { method: change.method },
      });
      await bumpRevisionTx(tx, layer.id);
      return result(tx, layer, id);
    }),
  );
}

export function deleteFeature(db: Db, layer: Layer, actor: Actor, id: number, ifMatch: IfMatch): Promise<WriteResult> {
  const allowed = allowedVersions(ifMatch);
  return writeLayerTx(db, layer.id, async (tx) => {
    const current = await history.snapshotTx(tx, layer.id, id);
    if (!current) throw featureNotFound(layer, id);
    if (!allowed.includes(current.version)) return stale(tx, layer, id);
    if (!(await repo.deleteFeature(tx, layer.id, id, current.version))) return stale(tx, layer, id);
    // the deletion is a version of its own (the tombstone), so a restore must name it in If-Match
    const tombstone = current.version + 1;
    await history.recordChangeTx(tx, {
      kind: 'delete',
      actor,
      layerId: layer.id,
      featureId: id,
      versionBefore: current.version,
      versionAfter: tombstone,
      before: current.feature,
      exists: false,
    });
    await bumpRevisionTx(tx, layer.id);
    return { id, version: tombstone, etag: featureEtag(layer.id, id, tombstone), text: null };
  });
}

/**
 * Makes the content of an earlier `version` the feature's next version — also for a deleted
 * feature, which comes back under its old id. If-Match names the current state (for a deleted
 * feature, its tombstone version as the history endpoint reports it).
 */
export function restoreVersion(db: Db, layer: Layer, actor: Actor, id: number, version: number, ifMatch: IfMatch): Promise<WriteResult> {
  const allowed = allowedVersions(ifMatch);
  return withWarnings(
    db,
    layer,
    writeLayerTx(db, layer.id, async (tx) => {
      const state = await history.featureStateTx(tx, layer.id, id);
      if (!state) throw featureNotFound(layer, id);
      if (!allowed.includes(state.version)) return stale(tx, layer, id);
      const old = await history.versionContentTx(tx, layer.id, id, version);
      if (!old.feature) {
        if (old.tombstone)
          throw inputError('VERSION_IS_DELETION', {
            zh: `版本 ${version} 是删除记录，没有内容可恢复`,
            en: `Version ${version} is a deletion; it has no content to restore`,
          });
        throw notFound({ zh: `要素 ${layer.id}/${id} 的版本 ${version}`, en: `version ${version} of feature ${layer.id}/${id}` });
      }
      // validated against today's schema: a restore must not bring back attributes the layer no longer accepts
      const feature = await validated(tx, layer, old.feature, { isDemo: old.feature.properties.is_demo === true });
      const before = state.deleted ? null : ((await history.snapshotTx(tx, layer.id, id))?.feature ?? null);
      let next: number;
      if (state.deleted) {
        next = state.version + 1;
        try {
          await repo.insertWithId(tx, layer.id, id, next, feature);
        } catch (err) {
          // someone restored it first; the failed INSERT ended the transaction, so no details to add
          if (err instanceof repo.StaleWrite) throw preconditionFailed({ currentVersion: null, etag: null, deleted: false, current: null });
          throw err;
        }
      } else {
        const v = await repo.updateFeature(tx, layer.id, id, state.version, feature, { setDemo: true });
        if (v === undefined) return stale(tx, layer, id);
        next = v;
      }
      await history.recordChangeTx(tx, {
        kind: 'restore',
        actor,
        layerId: layer.id,
        featureId: id,
        versionBefore: state.version,
        versionAfter: next,
        before,
        exists: true,
        summary: { restoredVersion: version },
      });
      await bumpRevisionTx(tx, layer.id);
      return result(tx, layer, id);
    }),
  );
}
