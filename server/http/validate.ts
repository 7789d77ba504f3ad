import type { z } from 'zod';
import { inputError } from '../lib/errors.ts';

/** Parse request input with a zod schema; a failure is a 400 listing each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'query'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ field: i.path.join('.') || what, message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw inputError('INVALID_PARAMETER', { zh: `参数无效：${summary}`, en: `Invalid parameter: ${summary}` }, fields);
}

/** `:z/:x/:y` path parameters of a web-mercator tile, or a 400 INVALID_TILE. */
export function requireTileAddress(params: Record<string, string | undefined>, maxZoom: number): [number, number, number] {
  const [z, x, y] = [params.z, params.x, params.y].map((v) => (v !== undefined && /^\d{1,8}$/.test(v) ? Number(v) : Number.NaN)) as [number, number, number];
  const n = 2 ** z;
  if (!(z >= 0 && z <= maxZoom && x >= 0 && x < n && y >= 0 && y < n))
    throw inputError('INVALID_TILE', { zh: `瓦片坐标无效（z 0–${maxZoom}，x/y 0–2^z-1）`, en: `Invalid tile address (z 0–${maxZoom}, x/y 0–2^z-1)` });
  return [z, x, y];
}
