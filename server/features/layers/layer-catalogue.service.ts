/**
 * The layer catalogue: the allow-list gate every layer id passes, and the catalogue joined with what
 * the database holds (counts, revision, extent) for GET /api/layers and the clients of that list.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { notFound } from '../../lib/errors.ts';
import { findLayer, LAYERS, type Layer } from './catalogue/index.ts';
import * as repo from './features.repo.ts';
import type { LayersResponse } from './layers.contract.ts';

/** The allow-list gate: every route that takes a layer id passes through here first. */
export function requireLayer(id: string): Layer {
  const layer = findLayer(id);
  if (!layer) throw notFound({ zh: `图层 ${id.slice(0, 64)}`, en: `layer ${id.slice(0, 64)}` });
  return layer;
}

export async function listLayers(db: Db): Promise<LayersResponse> {
  const stats = new Map((await repo.layerStats(db)).map((s) => [s.layer_id, s]));
  const layers = LAYERS.map(({ schema: _schema, ...layer }) => {
    const s = stats.get(layer.id);
    return {
      ...layer,
      featureCount: s?.feature_count ?? 0,
      demoCount: s?.demo_count ?? 0,
      revision: s?.revision ?? 0,
      extent: extentOf(s),
    };
  });
  return { demo: layers.some((l) => l.demoCount > 0), layers };
}

/**
 * The street offices keep their official names and codes (violations, cases and reports key on
 * them), so a street name says nothing of demo boundaries: human-facing output that lists street
 * names adds this note, or the suffix on a street column's header, while `streets` holds demo data.
 */
export const STREETS_DEMO_NOTE = '街道边界为示意数据，所属街道办事处仅供参考。';
export const STREETS_DEMO_SUFFIX = '（示意边界）';

/** Whether the street offices' boundaries are demo data (any demo feature in `streets`). */
export const streetsAreDemo = (db: Queryable): Promise<boolean> => repo.layerHasDemo(db, 'streets');

/** A street column's header, marked while the boundaries are demo data. */
export const streetHeader = (header: string, demo: boolean): string => (demo ? `${header}${STREETS_DEMO_SUFFIX}` : header);

/** [minLng, minLat, maxLng, maxLat] of a layer's features, or null for an empty layer. */
export type Extent = [number, number, number, number];

function extentOf(s: repo.LayerStatsRow | undefined): Extent | null {
  if (!s || s.xmin === null || s.ymin === null || s.xmax === null || s.ymax === null) return null;
  return [s.xmin, s.ymin, s.xmax, s.ymax];
}
