/**
 * Demo features as the generator builds them, validated against the layer catalogue the moment they
 * are made (a typo in an attribute fails the generator, not the seed), and their GeoJSON text.
 */
import type { Geometry, Point } from 'geojson';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { finishGeometry, type Areal } from './geo.ts';

export interface DemoFeature {
  layer: string;
  name: string;
  /** The layer's attributes (not `name` / `is_demo`, which are columns), in catalogue order. */
  attributes: Record<string, unknown>;
  geometry: Geometry;
  /** Rule ids this feature is planted to break; empty for a clean feature. */
  planted: readonly string[];
  /** Rule ids this feature is planted to leave undecided (a deciding attribute unrecorded: 待核查). */
  unverified: readonly string[];
}

export type Attributes = Record<string, string | number | boolean | null | undefined>;

/**
 * Builds one feature: checks its attributes with the layer's strict zod schema, orders them as the
 * catalogue lists them (stable diffs), drops `undefined` (keeps `null`: "recorded as unknown"), and
 * rounds / orients the geometry.
 */
export function demoFeature(
  layerId: string,
  name: string,
  attributes: Attributes,
  geometry: Areal | Point,
  planted: readonly string[] = [],
  unverified: readonly string[] = [],
): DemoFeature {
  const layer = findLayer(layerId);
  if (!layer) throw new Error(`demo feature ${name}: unknown layer ${layerId}`);
  const wantsPolygon = layer.geometryType === 'Polygon';
  if (wantsPolygon !== (geometry.type !== 'Point')) throw new Error(`demo feature ${layerId}/${name}: ${geometry.type} on a ${layer.geometryType} layer`);
  const defined = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
  const parsed = layer.schema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`demo feature ${layerId}/${name}: attribute ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const ordered = Object.fromEntries(layer.attributes.filter((a) => a.key in defined).map((a) => [a.key, defined[a.key]]));
  return { layer: layerId, name: illustrativeName(layerId, name), attributes: ordered, geometry: finishGeometry(geometry), planted, unverified };
}

/**
 * Every demo feature says 示意 in its name, so wherever it is listed (violations, search, exports,
 * reports) it cannot pass for a real site: 甲 → 甲（示意）, 甲（已拆除） → 甲（已拆除·示意）. Street offices
 * keep their official names and NBS codes (their boundaries are illustrative; is_demo marks them).
 */
export function illustrativeName(layerId: string, name: string): string {
  if (layerId === 'streets' || name.includes('示意')) return name;
  return name.endsWith('）') ? `${name.slice(0, -1)}·示意）` : `${name}（示意）`;
}

/** A GeoJSON Feature object: name and is_demo first, then the attributes. */
export function toGeoJson(f: Pick<DemoFeature, 'name' | 'attributes' | 'geometry'>) {
  return { type: 'Feature' as const, properties: { name: f.name, is_demo: true, ...f.attributes }, geometry: f.geometry };
}

/**
 * A FeatureCollection as text with one feature per line, so a change to one feature is a one-line
 * diff. `note` is a foreign member (allowed by RFC 7946) that says what the file is.
 */
export function featureCollectionText(features: readonly object[], note: string): string {
  const lines = features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","note":${JSON.stringify(note)},"features":[\n${lines.join(',\n')}\n]}\n`;
}

/** Throws when two features of one layer share a name: the planted manifest keys on names. */
export function assertUniqueNames(features: readonly DemoFeature[]): void {
  const seen = new Set<string>();
  for (const f of features) {
    const key = `${f.layer}/${f.name}`;
    if (seen.has(key)) throw new Error(`duplicate demo feature name ${key}`);
    seen.add(key);
  }
}
