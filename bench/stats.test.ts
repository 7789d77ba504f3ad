import { describe, expect, it } from 'vitest';
import { summarise, table, time } from './stats.ts';

/** fn that takes `ms` of wall time per call, counting its calls */
function sleeper(ms: number) {
  const calls = { n: 0 };
  const fn = () =>
    new Promise<void>((r) => {
      calls.n++;
      setTimeout(r, ms);
    });
  return { fn, calls };
}

describe('time', () => {
  it('warms up, then measures every repetition when there is no budget', async () => {
    const { fn, calls } = sleeper(1);
    const t = await time(fn, { reps: 5, warmup: 2 });
    expect(calls.n).toBe(7);
    expect(t.runs).toBe(5);
  });

  it('stops once the budget is spent, but not before the minimum number of runs', async () => {
    const { fn, calls } = sleeper(30);
    const t = await time(fn, { reps: 5, warmup: 0, budgetMs: 1, minReps: 3 });
    expect(t.runs).toBe(3);
    expect(calls.n).toBe(3);
    expect(t.median).toBeGreaterThanOrEqual(25);
  });

  it('uses the whole repetition count when the budget allows it', async () => {
    const { fn } = sleeper(1);
    expect((await time(fn, { reps: 5, warmup: 0, budgetMs: 60_000 })).runs).toBe(5);
  });
});

describe('summarise', () => {
  it('gives the median (the mean of the middle two for an even count) and the 95th percentile by nearest rank', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    expect(summarise(samples)).toEqual({ median: 10.5, p95: 19, runs: 20 });
    expect(summarise([3, 1, 2])).toEqual({ median: 2, p95: 3, runs: 3 });
    expect(summarise([10, 30])).toMatchObject({ median: 20, p95: 30 });
  });
});

describe('table', () => {
  const t = (median: number) => ({ median, p95: median, runs: 3 });
  it('prints the ratio and whether the target was met', () => {
    const [, , row] = table([{ case: 'scan', ours: t(12), floor: t(10), floorName: 'raw SQL', target: '≤ 1.1×', met: false }]).split('\n');
    expect(row).toBe('| scan | 12.0 / 12.0 (3) | raw SQL | 10.0 / 10.0 (3) | 1.20× | ≤ 1.1× | **no** |  |');
  });

  it('prints dashes, not a ratio of 1 or a "yes", for a row with no floor in this run', () => {
    const [, , row] = table([{ case: 'import', ours: t(5), floorName: 'ogr2ogr (needs DATABASE_URL)', target: '≤ 1.5×' }]).split('\n');
    expect(row).toBe('| import | 5.0 / 5.0 (3) | ogr2ogr (needs DATABASE_URL) | — | — | ≤ 1.5× | — |  |');
  });

  it("prints a load case's own ratio (requests/s ÷ requests/s), not the ratio of its latencies", () => {
    const row = {
      case: 'tiles',
      ours: t(40),
      floor: t(20),
      floorName: 'static',
      ratio: 0.9,
      ratioNote: 'requests/s ÷ requests/s',
      target: '≥ 0.8×',
      met: true,
    };
    expect(table([row]).split('\n')[2]).toBe('| tiles | 40.0 / 40.0 (3) | static | 20.0 / 20.0 (3) | 0.90× (requests/s ÷ requests/s) | ≥ 0.8× | yes |  |');
  });
});
