import { describe, expect, it } from 'vitest';
import { createTurns } from './turns.ts';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('turns', () => {
  it('runs one piece of work at a time, in the order they arrived', async () => {
    const take = createTurns();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) =>
      take(async () => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running--;
        return name;
      });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map(job));
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
  });

  it('lets the event loop run between two turns (a direct hand-on would start the next turn first)', async () => {
    const take = createTurns();
    const log: string[] = [];
    const first = take(async () => {
      setImmediate(() => log.push('event loop'));
      log.push('first');
    });
    const second = take(async () => {
      log.push('second');
    });
    await Promise.all([first, second]);
    expect(log).toEqual(['first', 'event loop', 'second']);
  });

  it('hands on after a failure and passes the error to its caller', async () => {
    const take = createTurns();
    const failed = take(async () => {
      throw new Error('boom');
    });
    const next = take(async () => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });
});
