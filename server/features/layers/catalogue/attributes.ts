/**
 * Attribute definitions: one declaration per field drives validation (zod), the inspector's labels,
 * enumerations rendered in words, and later the edit form. Keys are snake_case and stable: they are
 * the GeoJSON property names of imports and exports.
 */
import { z } from 'zod';
import type { Bilingual } from '../../../lib/errors.ts';

interface Base {
  key: string;
  label: Bilingual;
  required?: boolean;
  /** Why the field matters, in the plan's terms (shown as help). */
  help?: Bilingual;
}
export type AttributeDef =
  | (Base & { type: 'text' })
  | (Base & { type: 'number'; min?: number; unit?: string })
  | (Base & { type: 'integer'; min?: number; unit?: string })
  | (Base & { type: 'boolean' })
  | (Base & { type: 'date' })
  | (Base & { type: 'enum'; options: { value: string; label: Bilingual }[] });

type Opts = { required?: boolean; help?: Bilingual };
const label = (zh: string, en: string): Bilingual => ({ zh, en });

export const text = (key: string, zh: string, en: string, o: Opts = {}): AttributeDef => ({ key, type: 'text', label: label(zh, en), ...o });
export const bool = (key: string, zh: string, en: string, o: Opts = {}): AttributeDef => ({ key, type: 'boolean', label: label(zh, en), ...o });
export const date = (key: string, zh: string, en: string, o: Opts = {}): AttributeDef => ({ key, type: 'date', label: label(zh, en), ...o });
export const num = (key: string, zh: string, en: string, o: Opts & { min?: number; unit?: string } = {}): AttributeDef => ({
  key,
  type: 'number',
  label: label(zh, en),
  ...o,
});
export const int = (key: string, zh: string, en: string, o: Opts & { min?: number; unit?: string } = {}): AttributeDef => ({
  key,
  type: 'integer',
  label: label(zh, en),
  ...o,
});
export const oneOf = (key: string, zh: string, en: string, options: [string, string, string][], o: Opts = {}): AttributeDef => ({
  key,
  type: 'enum',
  label: label(zh, en),
  options: options.map(([value, vzh, ven]) => ({ value, label: label(vzh, ven) })),
  ...o,
});

function fieldSchema(def: AttributeDef): z.ZodType {
  switch (def.type) {
    case 'text':
      return z.string().max(2000);
    case 'number':
      return z
        .number()
        .finite()
        .min(def.min ?? -Number.MAX_VALUE);
    case 'integer':
      return z
        .number()
        .int()
        .min(def.min ?? Number.MIN_SAFE_INTEGER);
    case 'boolean':
      return z.boolean();
    case 'date':
      return z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
        .refine((s) => {
          const d = new Date(`${s}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
        }, 'not a calendar date');
    case 'enum':
      return z.enum(def.options.map((o) => o.value) as [string, ...string[]]);
  }
}

/** A strict object schema: unknown keys are rejected so typos in imports surface instead of vanishing. */
export function propertiesSchema(defs: readonly AttributeDef[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const def of defs) {
    const field = fieldSchema(def);
    shape[def.key] = def.required ? field : field.nullable().optional();
  }
  return z.object(shape).strict();
}
