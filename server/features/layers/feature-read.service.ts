/**
 * Reading a layer's features: counts, pages, single features, and the one GeoJSON FeatureCollection
 * streamer (layer reads and the GeoJSON export).
 */
import type { Queryable } from '../../db/db.ts';
import * as repo from './features.repo.ts';

export type { FeatureQuery, FeatureRow } from './features.repo.ts';

export const featureToJson = (row: repo.FeatureRow): string => `{"type":"Feature","id":${row.id},"geometry":${row.geometry},"properties":${row.props}}`;

/** A layer's features (as the query selects them) as a GeoJSON FeatureCollection in text chunks. */
export const featureCollectionText = (db: Queryable, q: repo.FeatureQuery, extraMembers: Record<string, unknown> = {}) =>
  featureCollectionChunks(repo.streamFeatures(db, q), extraMembers);

/**
 * The one GeoJSON FeatureCollection streamer (layer reads and the GeoJSON export): rows in text
 * chunks of ~64 KB, so memory stays flat however large the layer; `extraMembers` go before "features".
 */
export async function* featureCollectionChunks(rows: AsyncIterable<repo.FeatureRow>, extraMembers: Record<string, unknown> = {}): AsyncGenerator<string> {
  const extra = Object.entries(extraMembers)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  yield `{"type":"FeatureCollection",${extra}"features":[\n`;
  let first = true;
  let chunk = '';
  for await (const row of rows) {
    chunk += (first ? '' : ',\n') + featureToJson(row);
    first = false;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

export const countFeatures = repo.countFeatures;
export const getFeature = repo.getFeature;
export const streamFeatures = repo.streamFeatures;
export const totalFeatureCount = repo.totalFeatureCount;
export const pageFeatures = repo.pageFeatures;
