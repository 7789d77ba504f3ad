/**
 * Batch screening: every row gets the site check's own verdict and signed boundary distances
 * (checkPointsWithDistances, the function behind GET /api/check for many points, so zones and
 * restrictions can never disagree with it), and per-row warnings: the check's own (outside
 * the district, swapped lng/lat, clean-heating gap), axes swapped for the file, duplicate
 * coordinates, and the importer's datum check (GCJ-02/BD-09 read as WGS84) on the rows it concerns.
 * Nothing is written.
 *
 * Two passes over the input, neither holding it: planScreening counts the rows (the limit is a 413
 * before anything is sent), finds duplicate positions (batch.duplicates.ts) and runs the datum check;
 * screenChunks then screens CHUNK rows at a time as the response writer asks for them.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { DomainError } from '../../lib/errors.ts';
import { CRS_IDS, PROJECTED, toWgs84, type CrsId } from '../../lib/crs.ts';
import { type CheckInput, type CheckVerdict, checkPointsWithDistances } from '../check/check.service.ts';
import { type Distances, nearLayers } from '../check/distance.service.ts';
import { convert } from '../io/crs-detect.ts';
import { checkDatumShift } from '../io/datum-check.ts';
import type { Geometry } from '../io/geometry.ts';
import type { ImportWarning } from '../io/io.types.ts';
import { LIMITS } from '../io/limits.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import type { BatchResponse, BatchResult } from './batch.contract.ts';
import { DuplicatePositions } from './batch.duplicates.ts';
import { type BatchInput, type InputRejected, type InputRow, isRejected } from './batch.input.ts';
import { featureCounts } from './batch.repo.ts';
import type { RejectedSpool } from './batch.spool.ts';

export interface ScreenedRow extends BatchResult {
  /** The row's own columns (for the downloads; not in the JSON answer). */
  columns: Record<string, unknown>;
}

/** Input columns a download keeps (a wider file keeps its first ones). */
const MAX_COLUMNS = 200;

/**
 * What the first pass over the input learnt, before anything is screened or sent: the row count
 * (past the limit: 413 before any output), the duplicate positions, the datum check, the columns.
 */
export interface ScreeningPlan extends Omit<BatchResponse, 'results' | 'rejected'> {
  source: BatchInput;
  duplicates: DuplicatePositions;
  datum: ImportWarning | undefined;
  /** Input columns of the readable rows / of the rejected rows, in order of first appearance. */
  columns: string[];
  rejectedColumns: string[];
}

/**
 * Points per chunk: read, checked and measured (in-process zone index) and written before the next
 * is read. 2 000 rows hold a few megabytes; each chunk is its own short read-only
 * transaction, so nothing is held in the database while the client reads.
 */
const CHUNK = 2_000;

const POINT_LAYER_IDS = LAYERS.filter((l) => l.geometryType === 'Point').map((l) => l.id);

/** The input the single-site check gets for this row: the row's own CRS when it has one, else WGS84. */
function checkInputOf(input: BatchInput, r: InputRow): CheckInput | undefined {
  const crs = r.crs ?? input.crs;
  const id = crs.id as CrsId;
  if (!input.swap && (CRS_IDS as readonly string[]).includes(id)) return { crs: id, a: r.a, b: r.b };
  const w = convert(crs, input.swap, [r.a, r.b]);
  return w ? { crs: 'wgs84', a: w[0], b: w[1] } : undefined;
}

const addColumns = (seen: Set<string>, row: Record<string, unknown>) => {
  for (const k of Object.keys(row)) if (seen.size < MAX_COLUMNS) seen.add(k);
};

/** The first pass: counts and checks the whole input without screening it. */
export async function planScreening(db: Db, source: BatchInput, nearM: number): Promise<ScreeningPlan> {
  const duplicates = new DuplicatePositions();
  const columns = new Set<string>();
  const rejectedColumns = new Set<string>();
  const datumSample: InputRow[] = [];
  let rows = 0;
  for await (const item of source.items()) {
    rows++;
    if (isRejected(item)) {
      addColumns(rejectedColumns, item.input);
      continue;
    }
    addColumns(columns, item.input);
    const ci = checkInputOf(source, item);
    if (!ci || (!PROJECTED.has(ci.crs) && (Math.abs(ci.a) > 180 || Math.abs(ci.b) > 90))) continue;
    const [lng, lat] = toWgs84(ci.crs, ci.a, ci.b);
    duplicates.add(item.row, lng, lat);
    // the rows read in the request's CRS (a row with its own crs was placed by its own source)
    if (!item.crs && datumSample.length < LIMITS.gcjSample) datumSample.push(item);
  }
  duplicates.finish();
  const datum = await datumWarning(db, source, datumSample);
  return {
    source,
    duplicates,
    datum,
    columns: [...columns],
    rejectedColumns: [...rejectedColumns],
    input: { format: source.format, crs: source.crs.id, swapXY: source.swap, rows },
    warnings: [...source.notes, ...(datum ? [datum] : [])],
    nearM,
  };
}

/**
 * The second pass: the results chunk by chunk in input order; rejected rows go to `rejected` (also
 * in input order). Nothing is read ahead: the next chunk is read when the caller asks for it.
 */
export async function* screenChunks(db: Db, plan: ScreeningPlan, rejected: RejectedSpool): AsyncGenerator<ScreenedRow[]> {
  let chunk: (InputRow | InputRejected)[] = [];
  for await (const item of plan.source.items()) {
    chunk.push(item);
    if (chunk.length < CHUNK) continue;
    yield await screenChunk(db, plan, chunk, rejected);
    chunk = [];
  }
  if (chunk.length > 0) yield await screenChunk(db, plan, chunk, rejected);
}

async function screenChunk(db: Db, plan: ScreeningPlan, items: readonly (InputRow | InputRejected)[], spool: RejectedSpool): Promise<ScreenedRow[]> {
  const input = plan.source;
  const rejected: InputRejected[] = [];
  const asked: { r: InputRow; ci: CheckInput }[] = [];
  for (const r of items) {
    if (isRejected(r)) {
      rejected.push(r);
      continue;
    }
    const ci = checkInputOf(input, r);
    if (ci) asked.push({ r, ci });
    else
      rejected.push({
        row: r.row,
        code: 'INVALID_COORDINATES',
        reason: 'the coordinates cannot be converted to WGS84',
        reasonZh: '坐标无法转换为 WGS84',
        input: r.input,
      });
  }
  // one read-only transaction: verdicts and distances from one state of the zone layers (one zone
  // index, one revision read). Its statements are the layer revisions and, when a layer changed, that
  // layer's zone rows (cost ~1 200 at 1 000 zones, far under jit_above_cost), so JIT never starts
  // and needs no switching off.
  const { verdicts, distances } = await db.transaction(
    (tx) =>
      checkPointsWithDistances(
        db,
        asked.map((x) => x.ci),
        tx,
      ),
    { readOnly: true },
  );
  const ok: { r: InputRow; verdict: CheckVerdict; distances: Distances }[] = [];
  verdicts.forEach((v, k) => {
    const r = asked[k]!.r;
    if (v instanceof DomainError) rejected.push({ row: r.row, code: v.code, reason: v.text.en, reasonZh: v.text.zh, input: r.input });
    else ok.push({ r, verdict: v, distances: distances[k]! });
  });
  rejected.sort((a, b) => a.row - b.row);
  await spool.add(rejected);

  const swapped: ImportWarning | undefined = input.swap
    ? {
        code: 'AXES_SWAPPED',
        zh: '文件的坐标顺序为 纬度/北坐标 在前，已按交换后的坐标核查',
        en: 'The file lists latitude/northing first: the row was checked with the axes swapped',
      }
    : undefined;
  return ok.map((c) => {
    const { r, verdict, distances: d } = c;
    const warnings: ImportWarning[] = verdict.warnings.map((w) => ({ ...w }));
    if (swapped) warnings.push(swapped);
    if (plan.datum && !r.crs) warnings.push(plan.datum);
    const same = plan.duplicates.others(r.row);
    if (same) {
      const more = same.count > same.rows.length ? ` …（共 ${same.count} 行）` : '';
      const moreEn = same.count > same.rows.length ? ` … (${same.count} rows)` : '';
      warnings.push({
        code: 'DUPLICATE_COORDINATES',
        zh: `与第 ${same.rows.join('、')} 行坐标相同${more}`,
        en: `Same coordinates as row${same.count > 1 ? 's' : ''} ${same.rows.join(', ')}${moreEn}`,
        rows: same.rows,
        count: same.count,
      });
    }
    const street = verdict.zones.find((z) => z.layer === 'streets');
    return {
      ...verdict,
      row: r.row,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.name !== undefined ? { name: r.name } : {}),
      point: verdict.point,
      zones: verdict.zones,
      rules: verdict.rules,
      distances: d,
      near: nearLayers(d, plan.nearM),
      street: street ? { id: street.id, name: street.name } : null,
      warnings,
      columns: r.input,
    };
  });
}

/**
 * The importer's datum check on the list: read as given, do the sites sit ≈ 600 m off the sites the
 * database already holds, and on them when read as GCJ-02/BD-09 (or the other way round)? Compared
 * with the best-filled site layer, on rows the check accepted. It concerns every row read in that
 * CRS, i.e. all of them.
 */
async function datumWarning(db: Queryable, input: BatchInput, own: readonly InputRow[]): Promise<ImportWarning | undefined> {
  if (input.crs.projected || own.length < 3) return undefined;
  const [reference] = await featureCounts(db, POINT_LAYER_IDS);
  if (!reference) return undefined;
  const sample: Geometry[] = own.slice(0, LIMITS.gcjSample).map((r) => ({ type: 'Point', coordinates: [r.a, r.b] }));
  const { warning } = await checkDatumShift(db, reference.layer_id, input.crs, input.swap, sample);
  return warning;
}
