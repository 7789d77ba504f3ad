/**
 * Reading coordinates as people type or paste them: decimal numbers, degrees-minutes-seconds
 * (113°18′12.6″E) and "lng, lat" pairs pasted into one box. Pure; expected failures are null.
 */
const DMS =
  /^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[°度d]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′’分m]\s*)?(?:(\d{1,2}(?:\.\d+)?)\s*(?:["″”]|''|′′|秒|s)?\s*)?([NSEWnsew北南东西])?\s*$/;

export function parseCoordinate(text: string): number | null {
  const t = text.trim().replace(/，/g, ',').replace(/\s+/g, ' ');
  if (t === '') return null;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return Number(t);
  const m = DMS.exec(t);
  if (!m) return null;
  const deg = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  const sec = m[3] ? Number(m[3]) : 0;
  if (min >= 60 || sec >= 60) return null;
  const sign = deg < 0 || /[SWsw南西]/.test(m[4] ?? '') ? -1 : 1;
  return sign * (Math.abs(deg) + min / 60 + sec / 3600);
}

/** "113.30, 40.09", "113.30 40.09", "113.30，40.09" → [113.30, 40.09]; anything else → null. */
export function parsePair(text: string): [number, number] | null {
  const parts = text
    .trim()
    .replace(/[，;；]/g, ',')
    .split(/\s*,\s*|\s+(?=[-+]?\d)/)
    .filter(Boolean);
  if (parts.length !== 2) return null;
  const a = parseCoordinate(parts[0]!);
  const b = parseCoordinate(parts[1]!);
  return a === null || b === null ? null : [a, b];
}
