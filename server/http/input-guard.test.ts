import { describe, expect, it } from 'vitest';
import { textProblem } from '../lib/text.ts';
import { jsonBodyProblem, MAX_JSON_DEPTH } from './input-guard.ts';

describe('textProblem', () => {
  it('passes any well-formed text, surrogate pairs included', () => {
    for (const s of ['', '平城区', '𠮷野家', 'a\u0001b', '\uFFFD', 'emoji 😀']) expect(textProblem(s)).toBeUndefined();
  });
  it('names NUL and each kind of lone surrogate', () => {
    expect(textProblem('a\u0000')).toMatch(/NUL/);
    expect(textProblem('\ud800')).toMatch(/surrogate \(U\+D800\)/);
    expect(textProblem('x\udc00y')).toMatch(/surrogate \(U\+DC00\)/);
    expect(textProblem('\udc00\ud800')).toMatch(/surrogate/); // a pair in the wrong order is two lone halves
  });
});

describe('jsonBodyProblem', () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };
  it('allows MAX_JSON_DEPTH levels and refuses one more, without recursion even at 100 000', () => {
    expect(jsonBodyProblem(nest(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonBodyProblem(nest(MAX_JSON_DEPTH + 1))).toEqual({ code: 'JSON_TOO_DEEP' });
    expect(jsonBodyProblem(nest(100_000))).toEqual({ code: 'JSON_TOO_DEEP' });
  });
  it('says where bad text is, in values and in keys', () => {
    expect(jsonBodyProblem({ properties: { name: 'ok', note: ['x', 'b\u0000'] } })).toMatchObject({ code: 'INVALID_TEXT', where: 'properties.note.1' });
    expect(jsonBodyProblem({ properties: { 'k\ud800': 1 } })).toMatchObject({ code: 'INVALID_TEXT', where: 'a key in properties' });
    expect(jsonBodyProblem({ type: 'Feature', geometry: { type: 'Point', coordinates: [113.3, 40.1] }, properties: { name: '工地' } })).toBeUndefined();
  });
});
