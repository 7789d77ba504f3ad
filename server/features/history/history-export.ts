/**
 * History export, one line per feature change with the full before/after features:
 *  - NDJSON (JSON lines): exact, for scripts and archives;
 *  - CSV (UTF-8 with BOM, for Excel/WPS on zh-CN): before/after as GeoJSON text in a cell.
 */
import { stringify } from 'csv-stringify/sync';
import type { changeView } from './history.service.ts';

type Change = ReturnType<typeof changeView>;

export async function* ndjsonLines(changes: AsyncIterable<Change>): AsyncGenerator<string> {
  let chunk = '';
  for await (const c of changes) {
    chunk += `${JSON.stringify(c)}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

const CSV_COLUMNS = [
  'event_id',
  'at',
  'username',
  'kind',
  'layer',
  'feature_id',
  'action',
  'version_before',
  'version_after',
  'undoes',
  'undone_by',
  'before',
  'after',
];

/** OWASP CSV injection: text a spreadsheet would run as a formula gets a leading apostrophe. */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The header goes out with the first rows, not before them: until the first page has been read,
 * nothing is sent, so a failing query is still an error answer rather than a file cut after its header.
 */
export async function* csvLines(changes: AsyncIterable<Change>): AsyncGenerator<string> {
  let head = `\uFEFF${stringify([CSV_COLUMNS])}`;
  let rows: unknown[][] = [];
  for await (const c of changes) {
    rows.push([
      c.eventId,
      c.at,
      cell(c.user.username),
      c.kind,
      c.layer,
      c.featureId,
      c.action,
      c.versionBefore ?? '',
      c.versionAfter,
      c.undoes ?? '',
      c.undoneBy ?? '',
      c.before ? JSON.stringify(c.before) : '',
      c.after ? JSON.stringify(c.after) : '',
    ]);
    if (rows.length >= 500) {
      yield head + stringify(rows);
      [head, rows] = ['', []];
    }
  }
  yield head + (rows.length > 0 ? stringify(rows) : '');
}
