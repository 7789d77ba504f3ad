import type { Db } from '../../db/db.ts';
import type { SearchResponse } from './search.contract.ts';
import { searchFeatures } from './search.repo.ts';

/** `%`, `_` and `\` in the user's text are literal characters, not wildcards. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function search(db: Db, q: string, limit: number): Promise<SearchResponse> {
  const rows = await searchFeatures(db, likePattern(q.trim()), limit);
  return {
    results: rows.map((r) => ({ layer: r.layer_id, id: String(r.id), name: r.name, code: r.code, lng: r.lng, lat: r.lat })),
  };
}
