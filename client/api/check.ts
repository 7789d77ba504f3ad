/** The site check (`/api/check`): which zones cover a point and what the plan says applies there. */
import { isProjected } from '../lib/crs.ts';
import { getJson } from './http.ts';
import type { CheckResult, CrsId } from './types.ts';

export type CheckQuery = { crs: CrsId; a: number; b: number };

/** The 点位核查报告 (PDF) of the same point: a plain link, opened by the browser. */
export function checkReportUrl({ crs, a, b }: CheckQuery): string {
  const q = new URLSearchParams(isProjected(crs) ? { crs, x: String(a), y: String(b) } : { crs, lng: String(a), lat: String(b) });
  return `/api/reports/check.pdf?${q.toString()}`;
}

export function checkSite({ crs, a, b }: CheckQuery, signal?: AbortSignal): Promise<CheckResult> {
  return getJson<CheckResult>('/api/check', isProjected(crs) ? { crs, x: a, y: b } : { crs, lng: a, lat: b }, signal);
}
