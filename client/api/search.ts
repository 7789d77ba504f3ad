/** Site search by name, permit, registration or licence number (`/api/search`). */
import { getJson } from './http.ts';
import type { SearchHit } from './types.ts';

export async function searchSites(q: string, signal?: AbortSignal, limit = 12): Promise<SearchHit[]> {
  const body = await getJson<{ results: SearchHit[] }>('/api/search', { q, limit }, signal);
  return body.results;
}
