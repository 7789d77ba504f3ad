/**
 * The one writer of GeoJSON FeatureCollection text: layer reads and exports, OGC item pages, batch
 * screening downloads, and the violations, coverage-gap and case downloads. Features arrive as
 * GeoJSON Feature text (rows carry their geometry as text from PostGIS, so nothing is parsed again).
 */

/** `"key":value,` for each member, to stand before "features". */
const membersText = (members: Record<string, unknown>) =>
  Object.entries(members)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');

/** After this many characters a chunk is handed on, so memory stays flat however many features come. */
const CHUNK_CHARS = 64 * 1024;

/**
 * A FeatureCollection in text chunks of ~64 KB. `members` stand before "features"; `after` gives
 * those that can only be known once every feature was written (OGC's numberReturned), from the count.
 */
export async function* featureCollectionChunks(
  features: AsyncIterable<string> | Iterable<string>,
  members: Record<string, unknown> = {},
  after?: (count: number) => Record<string, unknown>,
): AsyncGenerator<string> {
  yield `{"type":"FeatureCollection",${membersText(members)}"features":[\n`;
  let count = 0;
  let chunk = '';
  for await (const feature of features) {
    chunk += (count++ ? ',\n' : '') + feature;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  const tail = after ? `,${membersText(after(count)).slice(0, -1)}` : '';
  yield `${chunk}\n]${tail}}\n`;
}

/** A FeatureCollection of features already in memory, as one string. */
export function featureCollectionText(features: readonly string[], members: Record<string, unknown> = {}): string {
  return `{"type":"FeatureCollection",${membersText(members)}"features":[\n${features.join(',\n')}\n]}\n`;
}
