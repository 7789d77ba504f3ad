import { describe, expect, it } from 'vitest';
import { latestOnly } from './latestOnly.ts';

describe('latest-only lazy loads', () => {
  it('keeps a load current until a newer start or a stop', () => {
    const loads = latestOnly();
    const first = loads.start();
    expect(first()).toBe(true);
    const second = loads.start();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
    loads.stop();
    expect(second()).toBe(false);
  });

  it('voids a load that resolves after a stop, and lets a start after it through', async () => {
    const loads = latestOnly();
    const made: string[] = [];
    const load = (name: string, arrives: Promise<void>) => {
      const isLatest = loads.start();
      return arrives.then(() => {
        if (isLatest()) made.push(name);
      });
    };
    let release = () => {};
    const arrives = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = load('cancelled', arrives);
    loads.stop();
    await load('after the stop', Promise.resolve());
    release();
    await slow;
    expect(made).toEqual(['after the stop']);
  });

  it('keeps separate series apart', () => {
    const a = latestOnly();
    const b = latestOnly();
    const fromA = a.start();
    b.start();
    b.stop();
    expect(fromA()).toBe(true);
  });
});
