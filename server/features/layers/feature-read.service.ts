/**
 * Reading a layer's features: counts, pages, single features, and their rows as GeoJSON text (the
 * collection's envelope is written by server/lib/feature-collection.ts).
 */
import type { Queryable } from '../../db/db.ts';
import { featureCollectionChunks } from '../../lib/feature-collection.ts';
import * as repo from './features.repo.ts';

export type { FeatureQuery, FeatureRow } from './features.repo.ts';

export const featureToJson = (row: repo.FeatureRow): string => `{"type":"Feature","id":${row.id},"geometry":${row.geometry},"properties":${row.props}}`;

/** Feature rows as GeoJSON Feature text, one at a time. */
export async function* featureTexts(rows: AsyncIterable<repo.FeatureRow> | Iterable<repo.FeatureRow>): AsyncGenerator<string> {
  for await (const row of rows) yield featureToJson(row);
}

/** Feature rows as a GeoJSON FeatureCollection in text chunks (the GeoJSON export); `members` go before "features". */
export const rowsAsFeatureCollection = (rows: AsyncIterable<repo.FeatureRow>, members: Record<string, unknown> = {}) =>
  featureCollectionChunks(featureTexts(rows), members);

/** A layer's features (as the query selects them) as a GeoJSON FeatureCollection in text chunks. */
export const layerFeatureCollection = (db: Queryable, q: repo.FeatureQuery) => rowsAsFeatureCollection(repo.streamFeatures(db, q));

export const countFeatures = repo.countFeatures;
export const getFeature = repo.getFeature;
export const streamFeatures = repo.streamFeatures;
export const totalFeatureCount = repo.totalFeatureCount;
export const pageFeatures = repo.pageFeatures;
