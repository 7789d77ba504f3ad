/**
 * Loads the illustrative demo dataset (seeds/demo/<layer>.geojson) into an empty database, in one
 * transaction: a half-seeded database is never left behind. Every feature is validated exactly as
 * an import would be, and marked is_demo.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import { totalFeatureCount } from '../layers/feature-read.service.ts';
import { validateFeature } from '../layers/feature-validation.ts';
import { insertFeaturesTx, type NewFeature } from '../layers/feature-write.service.ts';

export async function loadDemoFeatures(dir: string): Promise<Map<string, NewFeature[]>> {
  const out = new Map<string, NewFeature[]>();
  for (const layer of LAYERS) {
    const text = await readFile(join(dir, `${layer.id}.geojson`), 'utf8');
    const fc = JSON.parse(text) as { features: unknown[] };
    out.set(
      layer.id,
      fc.features.map((f, i) => {
        const v = validateFeature(layer, f, { isDemo: true });
        if (!v.valid) throw new Error(`demo data ${layer.id}.geojson feature ${i}: ${v.reason}`);
        return v.feature;
      }),
    );
  }
  return out;
}

/** Seeds only when the database has no features at all; returns the number inserted. */
export async function seedDemoIfEmpty(db: Db, dir: string): Promise<number> {
  if ((await totalFeatureCount(db)) > 0) return 0;
  return seedDemo(db, dir);
}

export async function seedDemo(db: Db, dir: string): Promise<number> {
  const byLayer = await loadDemoFeatures(dir);
  return db.transaction(async (tx) => {
    let n = 0;
    for (const [layerId, features] of byLayer) n += (await insertFeaturesTx(tx, layerId, features)).length;
    return n;
  });
}
