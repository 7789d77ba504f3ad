/**
 * Checks every request passes once, at the edge, before any route sees it:
 *  - text: no NUL and no lone UTF-16 surrogate in the path, the query string or a JSON body
 *    (PostgreSQL cannot store NUL in text or jsonb, and a lone surrogate is not valid UTF-8; both
 *    used to reach the database and come back as a 500);
 *  - JSON bodies nested at most MAX_JSON_DEPTH levels (a GeoJSON MultiPolygon feature is 6; a body
 *    nested 20 000 deep overflowed the stack of the recursive code that reads it).
 * The same text rule checks imported files feature by feature (validateFeature in server/features/layers/feature-validation.ts).
 */
import type { RequestHandler } from 'express';
import { inputError } from '../lib/errors.ts';
import { textProblem } from '../lib/text.ts';

export const MAX_JSON_DEPTH = 64;

const invalidText = (where: { zh: string; en: string }, problem: string) =>
  inputError('INVALID_TEXT', { zh: `${where.zh}含有无法保存的字符（NUL 或孤立的 UTF-16 代理项）`, en: `${where.en} ${problem}` }, { field: where.en });

const shown = (s: string) => s.replace(/[\0\uD800-\uDFFF]/g, '?').slice(0, 64);

/** Path and query string: every key and value (the query parser is 'simple': strings or arrays of them). */
export const queryTextGuard: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    path = req.path; // malformed escapes: the router answers them
  }
  const inPath = textProblem(path);
  if (inPath) throw invalidText({ zh: '请求路径', en: 'path' }, inPath);
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    const keyProblem = textProblem(key);
    if (keyProblem) throw invalidText({ zh: '查询参数名', en: 'query parameter name' }, keyProblem);
    for (const v of Array.isArray(value) ? value : [value]) {
      const problem = typeof v === 'string' ? textProblem(v) : undefined;
      if (problem) throw invalidText({ zh: `查询参数 ${shown(key)} `, en: `query parameter ${shown(key)}` }, problem);
    }
  }
  next();
};

/**
 * The parsed JSON body, walked without recursion: too deep → 400 JSON_TOO_DEEP; a key or string
 * that cannot be stored → 400 INVALID_TEXT naming where it is (e.g. properties.name).
 */
export function jsonBodyProblem(body: unknown): { code: 'JSON_TOO_DEEP' } | { code: 'INVALID_TEXT'; where: string; problem: string } | undefined {
  // the path (e.g. properties.name) is spelt out only for the answer: a body of a million positions
  // should not build a million strings
  interface Visit {
    value: unknown;
    depth: number;
    parent?: Visit;
    key?: string | number;
  }
  const pathOf = (v: Visit): string => {
    const keys: (string | number)[] = [];
    for (let at: Visit | undefined = v; at?.key !== undefined; at = at.parent) keys.unshift(typeof at.key === 'string' ? shown(at.key) : at.key);
    return keys.join('.') || 'body';
  };
  const stack: Visit[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { code: 'INVALID_TEXT', where: pathOf(visit), problem };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { code: 'JSON_TOO_DEEP' };
    if (Array.isArray(value)) {
      // positions are most of an edit's body: numbers, and arrays of only numbers, need no visit
      const leaf = (v: unknown) => typeof v === 'number' || (Array.isArray(v) && depth + 1 < MAX_JSON_DEPTH && v.every((x) => typeof x === 'number'));
      value.forEach((v, i) => {
        if (!leaf(v)) stack.push({ value: v, depth: depth + 1, parent: visit, key: i });
      });
    } else
      for (const [k, v] of Object.entries(value)) {
        const problem = textProblem(k);
        if (problem) return { code: 'INVALID_TEXT', where: `a key in ${pathOf(visit)}`, problem };
        stack.push({ value: v, depth: depth + 1, parent: visit, key: k });
      }
  }
  return undefined;
}

export const jsonBodyGuard: RequestHandler = (req, _res, next) => {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Buffer.isBuffer(req.body)) return next();
  const p = jsonBodyProblem(req.body);
  if (p?.code === 'JSON_TOO_DEEP')
    throw inputError('JSON_TOO_DEEP', { zh: `JSON 请求体嵌套超过 ${MAX_JSON_DEPTH} 层`, en: `JSON body nested deeper than ${MAX_JSON_DEPTH} levels` });
  if (p) throw invalidText({ zh: `请求体 ${p.where} `, en: p.where }, p.problem);
  next();
};
