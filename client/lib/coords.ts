/**
 * Reading coordinates as people type or paste them: decimal numbers, degrees-minutes-seconds
 * (113°18′12.6″E), hemisphere-marked decimals (40.1N, 北纬40.1) and pairs pasted into one box, in
 * either order when the text or the numbers tell which is which. Pure; expected failures are null.
 */
const DMS =
  /^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[°度d]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′’分m]\s*)?(?:(\d{1,2}(?:\.\d+)?)\s*(?:["″”]|''|′′|秒|s)?\s*)?([NSEWnsew北南东西])?\s*$/;

/** A hemisphere word or letter before the number: N40.1, 北纬40.1, 东经 113.3. */
const PREFIX = /^(北纬|南纬|东经|西经|[NSEWnsew北南东西])\s*(?=[\d.])/;
/** A decimal number with a hemisphere letter after it: 40.1N, 113.3 E, 40.1北. */
const DECIMAL_HEMI = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([NSEWnsew北南东西])$/;

export function parseCoordinate(text: string): number | null {
  const t = text.trim().replace(/，/g, ',').replace(/\s+/g, ' ');
  if (t === '') return null;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return Number(t);
  const prefix = PREFIX.exec(t);
  if (prefix) {
    const v = parseCoordinate(t.slice(prefix[0].length));
    return v === null || v < 0 ? null : /[SWsw南西]/.test(prefix[1]!) ? -v : v;
  }
  const hemi = DECIMAL_HEMI.exec(t);
  if (hemi) return (/[SWsw南西]/.test(hemi[2]!) ? -1 : 1) * Math.abs(Number(hemi[1]));
  const m = DMS.exec(t);
  if (!m) return null;
  const deg = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  const sec = m[3] ? Number(m[3]) : 0;
  if (min >= 60 || sec >= 60) return null;
  const sign = deg < 0 || /[SWsw南西]/.test(m[4] ?? '') ? -1 : 1;
  return sign * (Math.abs(deg) + min / 60 + sec / 3600);
}

/** Which axis a written coordinate names by its hemisphere (N/S/北纬… latitude, E/W/东经… longitude), if it does. */
function axisOf(text: string): 'lat' | 'lng' | null {
  const t = text.trim();
  // a lower-case s at the end is the seconds mark of 12.6s, not south
  if (/^(北纬|南纬|[NSns北南])/.test(t) || /[NS北南]$|[\d.°′″'"]\s*n$/.test(t)) return 'lat';
  if (/^(东经|西经|[EWew东西])/.test(t) || /[EWew东西]$/.test(t)) return 'lng';
  return null;
}

/**
 * A pasted pair → [lng, lat] (or [x, y]): "113.30, 40.09", "113.30 40.09", "113.30，40.09"; latitude
 * first when the text says so ("40.1N, 113.3E", "北纬40.1 东经113.3") or when the numbers leave no
 * doubt (the first fits a latitude, the second only a longitude: "40.09, 113.30"). Anything else → null.
 */
export function parsePair(text: string): [number, number] | null {
  const parts = text
    .trim()
    .replace(/[，;；]/g, ',')
    .split(/\s*,\s*|\s+(?=[-+]?\d|北纬|南纬|东经|西经|[NSEW]\s*\d)/)
    .filter(Boolean);
  if (parts.length !== 2) return null;
  const a = parseCoordinate(parts[0]!);
  const b = parseCoordinate(parts[1]!);
  if (a === null || b === null) return null;
  const [axisA, axisB] = [axisOf(parts[0]!), axisOf(parts[1]!)];
  if (axisA === 'lat' || axisB === 'lng') return axisA === 'lng' || axisB === 'lat' ? null : [b, a];
  if (axisA === null && axisB === null && Math.abs(a) <= 90 && Math.abs(b) > 90 && Math.abs(b) <= 180) return [b, a];
  return [a, b];
}
