import type { z } from 'zod';
import type { Bilingual } from '../../../lib/errors.ts';
import { propertiesSchema, type AttributeDef } from './attributes.ts';

export type LayerGroup = 'zones' | 'sites' | 'reference';
export type GeometryKind = 'Point' | 'Polygon';

/**
 * What the plan says applies inside a zone of this layer. Shown by the site check with the article,
 * so an inspector can cite it.
 */
export interface Restriction {
  id: string;
  article: string;
  zh: string;
  en: string;
  /** When the restriction applies (Asia/Shanghai), for those the plan limits in time; absent = always. */
  window?: { months?: readonly [number, number]; hours?: readonly [number, number] };
}

export interface LayerDefinition {
  id: string;
  group: LayerGroup;
  geometryType: GeometryKind;
  /** One of the five layers the plan regulates directly. */
  regulated: boolean;
  title: Bilingual;
  /** Plan articles this layer serves. */
  articles: string[];
  attributes: readonly AttributeDef[];
  /** For polygon layers: what applies to a point inside (site check). */
  restrictions: readonly Restriction[];
  /** Display colour (map style and legend share it). */
  color: string;
}

export interface Layer extends LayerDefinition {
  schema: z.ZodObject;
}

/** Keeps the literal id (`LayerId` in index.ts is the union of the catalogue's ids). */
export function defineLayer<const Id extends string>(def: LayerDefinition & { id: Id }): Layer & { id: Id } {
  return { ...def, schema: propertiesSchema(def.attributes) };
}
