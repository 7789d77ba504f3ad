/** Timing with warm-up and repetitions; medians and p95 of milliseconds. */
export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

/** The median (the mean of the middle two for an even count) and the 95th percentile by nearest rank. */
export function summarise(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
  const mid = (s.length - 1) / 2;
  return { median: (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2, p95: at(0.95), runs: s.length };
}

export interface TimeOptions {
  /** measured runs, at most (default 5) */
  reps?: number;
  /** unmeasured runs first (default 1) */
  warmup?: number;
  /**
   * Stop measuring once the measured runs have taken this long, but never before `minReps` runs:
   * a case whose single run takes tens of seconds at a million sites gets fewer runs, and the
   * whole suite stays inside its 15-minute budget. The table prints each side's run count.
   */
  budgetMs?: number;
  /** default 3 */
  minReps?: number;
}

/** Runs fn `warmup` times unmeasured, then up to `reps` times measured (see budgetMs). */
export async function time(fn: () => Promise<unknown>, opts: TimeOptions = {}): Promise<Timing> {
  const { reps = 5, warmup = 1, budgetMs = Infinity, minReps = 3 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < reps && (samples.length < minReps || spent < budgetMs)) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    spent += samples.at(-1)!;
  }
  return summarise(samples);
}

export interface Row {
  case: string;
  ours: Timing;
  /** absent when this run has no floor to compare with (e.g. ogr2ogr on an embedded run) */
  floor?: Timing;
  floorName: string;
  /**
   * The ratio when it is not ours ÷ floor of the medians, e.g. requests/s ÷ requests/s for a load
   * case (higher is better there); ratioNote says what it divides.
   */
  ratio?: number;
  ratioNote?: string;
  /** e.g. "≤ 1.2×" or "≤ floor + 2 ms" */
  target: string;
  /** absent when the target cannot be judged in this run */
  met?: boolean;
  note?: string;
}

export const ratio = (r: Row): number | undefined => r.ratio ?? (r.floor ? r.ours.median / r.floor.median : undefined);

export function table(rows: Row[]): string {
  const fmt = (t: Timing | undefined) => (t ? `${t.median.toFixed(1)} / ${t.p95.toFixed(1)} (${t.runs})` : '—');
  const lines = [
    '| case | ours p50 / p95 ms (runs) | floor | floor p50 / p95 ms (runs) | ratio | target | met | note |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const x = ratio(r);
      const met = r.met === undefined ? '—' : r.met ? 'yes' : '**no**';
      return `| ${r.case} | ${fmt(r.ours)} | ${r.floorName} | ${fmt(r.floor)} | ${x === undefined ? '—' : `${x.toFixed(2)}×${r.ratioNote ? ` (${r.ratioNote})` : ''}`} | ${r.target} | ${met} | ${r.note ?? ''} |`;
    }),
  ];
  return lines.join('\n');
}
