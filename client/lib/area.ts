/** Areas for people: square metres while small, square kilometres from 0.1 km² up. */
export function formatArea(m2: number, num: (value: number, digits?: number) => string): string {
  if (Math.abs(m2) < 100_000) return `${num(Math.round(m2), 0)} m²`;
  return `${num(m2 / 1e6, 2)} km²`;
}

/** A percentage with one decimal, or a dash when there is nothing to measure. */
export function formatPct(pct: number | null, num: (value: number, digits?: number) => string): string {
  return pct === null ? '—' : `${num(Math.round(pct * 10) / 10, 1)} %`;
}
