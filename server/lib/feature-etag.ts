/**
 * Entity tags of features: `"{layer}.{fid}.v{version}"`. One version number names one content
 * (deletions included: see migration 004), so a strong tag is exact. Shared by the OGC item read,
 * the Part 4 writes, restore and the history endpoint.
 */
export const featureEtag = (layerId: string, fid: number, version: number) => `"${layerId}.${fid}.v${version}"`;

export type IfMatch = { kind: 'missing' } | { kind: 'any' } | { kind: 'versions'; versions: number[] };

/**
 * Reads If-Match for one feature. Tags of other features or unknown shapes simply never match.
 * Weak tags (W/"…") are accepted as their strong twin: some proxies weaken ETags when they
 * compress, and our tags change with every content change anyway.
 */
export function parseIfMatch(header: string | undefined, layerId: string, fid: number): IfMatch {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  if (header.trim() === '*') return { kind: 'any' };
  const versions: number[] = [];
  const prefix = `${layerId}.${fid}.v`;
  for (const m of header.matchAll(/(?:W\/)?"([^"]*)"/g)) {
    const tag = m[1]!;
    if (tag.startsWith(prefix) && /^\d{1,9}$/.test(tag.slice(prefix.length))) versions.push(Number(tag.slice(prefix.length)));
  }
  return { kind: 'versions', versions };
}
