import type { z } from 'zod';
import { badRequest } from './errors.ts';

/** Parse request input with a zod schema; a failure is a 400 listing each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'query'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ field: i.path.join('.') || what, message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw badRequest('INVALID_PARAMETER', { zh: `参数无效：${summary}`, en: `Invalid parameter: ${summary}` }, fields);
}
