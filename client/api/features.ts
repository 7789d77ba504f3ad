/**
 * Single-feature reads and writes: OGC API – Features Part 4 on /ogc/collections/{layer}/items and
 * restore of an earlier version (server/features/edit/edit.routes.ts). Every change of an existing
 * feature carries the ETag the user saw (If-Match); a 412 arrives as ApiError PRECONDITION_FAILED
 * whose `details` hold the current version (PreconditionFailedDetails).
 */
import type { PreconditionFailedDetails } from '../../server/features/history/history.contract.ts';
import type { RuleWarning } from '../../server/features/rules/rules.contract.ts';
import { ApiError, getJsonWithEtag, write } from './http.ts';
import type { Feature } from './types.ts';

export type { PreconditionFailedDetails };

export interface Versioned {
  feature: Feature;
  etag: string;
  /** After a write: the rules the saved feature breaks or cannot be decided for (the save went through). */
  warnings?: RuleWarning[];
}

const itemsPath = (layer: string) => `/ogc/collections/${encodeURIComponent(layer)}/items`;

/** New content of a feature: geometry plus the attributes (`name` included). */
export interface FeatureInput {
  geometry: GeoJSON.Geometry;
  properties: Record<string, unknown>;
}

const body = (f: FeatureInput) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties });

async function versioned(res: Response): Promise<Versioned> {
  const etag = res.headers.get('etag');
  if (!etag) throw new ApiError(res.status, 'NO_ETAG', { zh: '服务器未返回版本标签', en: 'The server sent no version tag' });
  const { warnings, ...feature } = (await res.json()) as Feature & { warnings?: RuleWarning[] };
  return { feature: feature as Feature, etag, ...(warnings ? { warnings } : {}) };
}

export async function fetchFeatureVersioned(layer: string, id: number, signal?: AbortSignal): Promise<Versioned> {
  const { data, etag } = await getJsonWithEtag<Feature>(`${itemsPath(layer)}/${id}`, {}, signal);
  if (!etag) throw new ApiError(200, 'NO_ETAG', { zh: '服务器未返回版本标签', en: 'The server sent no version tag' });
  return { feature: data, etag };
}

export async function createFeature(layer: string, f: FeatureInput): Promise<Versioned> {
  return versioned(await write('POST', itemsPath(layer), body(f)));
}

export async function replaceFeature(layer: string, id: number, f: FeatureInput, ifMatch: string): Promise<Versioned> {
  return versioned(await write('PUT', `${itemsPath(layer)}/${id}`, body(f), { ifMatch }));
}

/** Returns the ETag of the deletion (what a later restore needs). */
export async function deleteFeature(layer: string, id: number, ifMatch: string): Promise<string | null> {
  const res = await write('DELETE', `${itemsPath(layer)}/${id}`, undefined, { ifMatch });
  return res.headers.get('etag');
}

export async function restoreVersion(layer: string, id: number, version: number, ifMatch: string): Promise<Versioned> {
  return versioned(await write('POST', `/api/features/${encodeURIComponent(layer)}/${id}/restore`, { version }, { ifMatch }));
}

/** The other person's version from a 412, if that is what the error is. */
export function conflictOf(err: unknown): PreconditionFailedDetails | null {
  if (!(err instanceof ApiError) || err.status !== 412) return null;
  const d = err.details as Partial<PreconditionFailedDetails> | undefined;
  return { currentVersion: d?.currentVersion ?? null, etag: d?.etag ?? null, deleted: d?.deleted ?? false, current: d?.current ?? null };
}
