/** Timing with warm-up and repetitions; medians and p95 of milliseconds. */
export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

export function summarise(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
  return { median: at(0.5), p95: at(0.95), runs: s.length };
}

/** Runs fn `warmup` times unmeasured, then `reps` times measured. */
export async function time(fn: () => Promise<unknown>, reps = 5, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarise(samples);
}

export interface Row {
  case: string;
  ours: Timing;
  floor: Timing;
  floorName: string;
  /** e.g. "≤ 1.2×" or "≤ floor + 2 ms" */
  target: string;
  met: boolean;
  note?: string;
}

export const ratio = (r: Row) => r.ours.median / r.floor.median;

export function table(rows: Row[]): string {
  const fmt = (t: Timing) => `${t.median.toFixed(1)} / ${t.p95.toFixed(1)}`;
  const lines = [
    '| case | ours p50 / p95 ms | floor | floor p50 / p95 ms | ratio | target | met | note |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.case} | ${fmt(r.ours)} | ${r.floorName} | ${fmt(r.floor)} | ${ratio(r).toFixed(2)}× | ${r.target} | ${r.met ? 'yes' : '**no**'} | ${r.note ?? ''} |`),
  ];
  return lines.join('\n');
}
