/**
 * Validation of incoming GeoJSON features, the gate every write passes (the demo seed, imports,
 * edits). Expected failures are values, not throws; a caller that must refuse throws
 * `invalidFeature(layer, validation)`.
 */
import { z } from 'zod';
import { DomainError } from '../../lib/errors.ts';
import { bboxInsideSane, SANE_EXTENT_TEXT } from '../../lib/extent.ts';
import { textProblem } from '../../lib/text.ts';
import type { AttributeDef } from './catalogue/attributes.ts';
import type { Layer } from './catalogue/index.ts';
import type { NewFeature } from './features.repo.ts';

const position = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number().finite());
const ring = z.array(position).min(4);
const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
type Geometry = z.infer<typeof geometrySchema>;

const ALLOWED_TYPES: Record<Layer['geometryType'], readonly Geometry['type'][]> = {
  Point: ['Point'],
  Polygon: ['Polygon', 'MultiPolygon'],
};

/** `missing`: the layer's required attributes the feature lacks (absent, null or blank), keys in catalogue order. */
export type Validation = { valid: true; feature: NewFeature } | { valid: false; reason: string; missing?: string[] };

/**
 * The first position that cannot be stored (not 2-D, outside WGS84) as its reason, else undefined;
 * `box` grows to the positions' extent. Visits the rings in order without copying them (an import
 * validates a million points).
 */
function positionProblem(g: Geometry, box: number[]): string | undefined {
  if (g.type === 'Point') return positionAt(g.coordinates, box);
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const p of ring) {
        const problem = positionAt(p, box);
        if (problem) return problem;
      }
  return undefined;
}

function positionAt(p: readonly number[], box: number[]): string | undefined {
  if (p.length !== 2) return `position with ${p.length} values: only 2D (longitude, latitude) is stored, not Z or M`;
  const lng = p[0]!;
  const lat = p[1]!;
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return `coordinate (${lng}, ${lat}) outside WGS84 range; axes swapped or projected?`;
  if (lng < box[0]!) box[0] = lng;
  if (lat < box[1]!) box[1] = lat;
  if (lng > box[2]!) box[2] = lng;
  if (lat > box[3]!) box[3] = lat;
  return undefined;
}

/**
 * Checks one GeoJSON feature against the layer: geometry type, 2D positions inside the district's
 * sane extent (lib/extent.ts), closed rings, the attribute schema, and text PostgreSQL can store.
 * Edits and imports both pass here, so they refuse the same things (an import converts, rewinds and
 * drops Z/M first). Topological validity (self-intersection) is PostGIS' job at insert time.
 */
export function validateFeature(layer: Layer, input: unknown, opts: { isDemo?: boolean } = {}): Validation {
  const f = input as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') return { valid: false, reason: 'not a GeoJSON Feature' };
  if (f.geometry == null) return { valid: false, reason: 'geometry is empty (null)' };
  const g = geometrySchema.safeParse(f.geometry);
  if (!g.success) return { valid: false, reason: `unsupported or malformed geometry: ${g.error.issues[0]?.message ?? ''}` };
  if (!ALLOWED_TYPES[layer.geometryType].includes(g.data.type))
    return { valid: false, reason: `geometry type ${g.data.type} not allowed in ${layer.id} (expects ${layer.geometryType})` };
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const positionError = positionProblem(g.data, box);
  if (positionError) return { valid: false, reason: positionError };
  if (!bboxInsideSane(box as [number, number, number, number]))
    return { valid: false, reason: `outside the district's area (${SANE_EXTENT_TEXT}): extent ${box.map((v) => String(v).slice(0, 12)).join(', ')}` };
  if (g.data.type !== 'Point') {
    const rings = g.data.type === 'Polygon' ? g.data.coordinates : g.data.coordinates.flat();
    for (const r of rings) {
      const a = r[0]!;
      const b = r[r.length - 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) return { valid: false, reason: 'polygon ring is not closed' };
    }
  }
  // a rest copy, not a spread and `delete`: deleting turns the copy into a slow dictionary object,
  // which the schema then reads about half as fast (an import validates a million of them)
  const { name, is_demo: _isDemo, ...raw } = (f.properties ?? {}) as Record<string, unknown>;
  // required attributes first, all of them at once, so one answer names every field to fill in
  const missing: AttributeDef[] = [];
  for (const a of layer.attributes) if (a.required && blank(raw[a.key])) missing.push(a);
  if (missing.length > 0)
    return {
      valid: false,
      reason: `required attribute(s) missing: ${missing.map((a) => `${a.key} (${a.label.zh} / ${a.label.en})`).join(', ')}`,
      missing: missing.map((a) => a.key),
    };
  const props = layer.schema.safeParse(raw);
  if (!props.success) {
    const issue = props.error.issues[0];
    return { valid: false, reason: `attribute ${issue?.path.join('.') || '?'}: ${issue?.message ?? 'invalid'}` };
  }
  const feature = {
    name: name == null ? '' : String(name),
    properties: dropNulls(props.data as Record<string, unknown>),
    geometry: g.data,
    isDemo: opts.isDemo ?? false,
  };
  const nameProblem = textProblem(feature.name);
  if (nameProblem) return { valid: false, reason: `attribute name: ${nameProblem}` };
  for (const key of Object.keys(feature.properties)) {
    const value = feature.properties[key];
    const problem = typeof value === 'string' ? textProblem(value) : undefined;
    if (problem) return { valid: false, reason: `attribute ${key}: ${problem}` };
  }
  return { valid: true, feature };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The object without its null and undefined values; the object itself when it has none (the usual case). */
function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(o)) if (o[key] == null) return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  return o;
}

/** The error a refused edit answers with: 422 REQUIRED_ATTRIBUTES_MISSING naming the fields, else 400 INVALID_FEATURE. */
export function invalidFeature(layer: Layer, v: { reason: string; missing?: string[] }) {
  if (v.missing) return requiredMissing(layer, v.missing);
  return new DomainError('INVALID_FEATURE', { zh: `要素无效：${v.reason}`, en: `Invalid feature: ${v.reason}` });
}

function requiredMissing(layer: Layer, missing: readonly string[]) {
  const defs = missing.map((key) => layer.attributes.find((a) => a.key === key)!);
  return new DomainError(
    'REQUIRED_ATTRIBUTES_MISSING',
    {
      zh: `${layer.title.zh}缺少必填属性：${defs.map((d) => d.label.zh).join('、')}`,
      en: `${layer.title.en}: required attribute(s) missing: ${defs.map((d) => `${d.label.en} (${d.key})`).join(', ')}`,
    },
    { layer: layer.id, missing: [...missing] },
  );
}
