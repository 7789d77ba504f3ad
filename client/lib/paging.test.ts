import { describe, expect, it } from 'vitest';
import { pageWindow } from './paging.ts';

describe('pageWindow', () => {
  it('splits a list into pages whose rows cover every row once', () => {
    const total = 1234;
    const size = 100;
    const { pages } = pageWindow(total, 0, size);
    expect(pages).toBe(13);
    const seen: number[] = [];
    for (let p = 0; p < pages; p++) {
      const w = pageWindow(total, p, size);
      for (let i = w.from; i < w.to; i++) seen.push(i);
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(pageWindow(total, 12, size)).toEqual({ page: 12, pages: 13, from: 1200, to: 1234 });
  });

  it('keeps the page in range when the list shrinks (a filter) or the page is out of bounds', () => {
    expect(pageWindow(30, 7, 100)).toEqual({ page: 0, pages: 1, from: 0, to: 30 });
    expect(pageWindow(250, -3, 100)).toEqual({ page: 0, pages: 3, from: 0, to: 100 });
    expect(pageWindow(250, 99, 100)).toEqual({ page: 2, pages: 3, from: 200, to: 250 });
  });

  it('has one empty page for an empty list', () => {
    expect(pageWindow(0, 0, 100)).toEqual({ page: 0, pages: 1, from: 0, to: 0 });
  });
});
