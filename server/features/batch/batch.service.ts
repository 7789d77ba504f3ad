/**
 * Batch screening: every row gets the site check's own verdict (checkPoints, the function behind
 * GET /api/check, so zones and restrictions can never disagree with it), then the signed boundary
 * distances of the whole batch in one SQL statement, and per-row warnings: the check's own (outside
 * the district, swapped lng/lat, clean-heating gap), axes swapped for the file, duplicate
 * coordinates, and the importer's datum check (GCJ-02/BD-09 read as WGS84) on the rows it concerns.
 * Nothing is written.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { DomainError } from '../../lib/errors.ts';
import { CRS_IDS, type CrsId } from '../../lib/crs.ts';
import { checkPoints, type CheckInput, type CheckVerdict } from '../check/check.service.ts';
import { nearLayers, zoneDistances, type Distances } from '../check/distance.service.ts';
import { convert } from '../io/crs-detect.ts';
import { checkDatumShift } from '../io/datum-check.ts';
import type { Geometry } from '../io/geometry.ts';
import type { ImportWarning } from '../io/io.types.ts';
import { LIMITS } from '../io/limits.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import type { BatchResponse, BatchResult } from './batch.contract.ts';
import type { BatchInput, InputRejected, InputRow } from './batch.input.ts';
import { featureCounts, withoutJit } from './batch.repo.ts';

export interface ScreenedRow extends BatchResult {
  /** The row's own columns (for the downloads; not in the JSON answer). */
  columns: Record<string, unknown>;
}

export interface Screening extends Omit<BatchResponse, 'results' | 'rejected'> {
  results: ScreenedRow[];
  rejected: InputRejected[];
}

/** Points per SQL statement (zones, then distances): 10 000 answer in well under a second each. */
const CHUNK = 10_000;

const POINT_LAYER_IDS = LAYERS.filter((l) => l.geometryType === 'Point').map((l) => l.id);

/** The input the single-site check gets for this row: the row's own CRS when it has one, else WGS84. */
function checkInputOf(input: BatchInput, r: InputRow): CheckInput | undefined {
  const crs = r.crs ?? input.crs;
  const id = crs.id as CrsId;
  if (!input.swap && (CRS_IDS as readonly string[]).includes(id)) return { crs: id, a: r.a, b: r.b };
  const w = convert(crs, input.swap, [r.a, r.b]);
  return w ? { crs: 'wgs84', a: w[0], b: w[1] } : undefined;
}

const key = (lng: number, lat: number) => `${lng.toFixed(7)},${lat.toFixed(7)}`;

export async function screen(db: Db, input: BatchInput, nearM: number): Promise<Screening> {
  // one connection, JIT off: compiling these statements costs more than running them; a read, so READ ONLY
  return db.transaction(
    async (tx) => {
      await withoutJit(tx);
      return screenTx(db, tx, input, nearM);
    },
    { readOnly: true },
  );
}

async function screenTx(db: Db, tx: Queryable, input: BatchInput, nearM: number): Promise<Screening> {
  const rejected: InputRejected[] = [...input.rejected];
  const ok: { r: InputRow; verdict: CheckVerdict }[] = [];
  const distances: Distances[] = [];
  for (let start = 0; start < input.rows.length; start += CHUNK) {
    const rows = input.rows.slice(start, start + CHUNK);
    const asked: { r: InputRow; ci: CheckInput }[] = [];
    for (const r of rows) {
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
    // the site check itself, for all rows of the chunk in one statement
    const verdicts = await checkPoints(
      db,
      asked.map((x) => x.ci),
      tx,
    );
    const chunkOk: { r: InputRow; verdict: CheckVerdict }[] = [];
    verdicts.forEach((v, k) => {
      const r = asked[k]!.r;
      if (v instanceof DomainError) rejected.push({ row: r.row, code: v.code, reason: v.text.en, reasonZh: v.text.zh, input: r.input });
      else chunkOk.push({ r, verdict: v });
    });
    distances.push(
      ...(await zoneDistances(
        db,
        chunkOk.map((c) => ({ ...c.verdict.point, zones: c.verdict.zones })),
        tx,
      )),
    );
    ok.push(...chunkOk);
  }

  // duplicates: the same WGS84 position (to 1e-7°, ≈ 1 cm) on more than one row
  const byPos = new Map<string, number[]>();
  for (const c of ok) {
    const k = key(c.verdict.point.lng, c.verdict.point.lat);
    byPos.set(k, [...(byPos.get(k) ?? []), c.r.row]);
  }

  const datum = await datumWarning(
    tx,
    input,
    ok.map((c) => c.r),
  );
  const swapped: ImportWarning | undefined = input.swap
    ? {
        code: 'AXES_SWAPPED',
        zh: '文件的坐标顺序为 纬度/北坐标 在前，已按交换后的坐标核查',
        en: 'The file lists latitude/northing first: the row was checked with the axes swapped',
      }
    : undefined;

  const results: ScreenedRow[] = ok.map((c, i) => {
    const { r, verdict } = c;
    const d = distances[i]!;
    const warnings: ImportWarning[] = verdict.warnings.map((w) => ({ ...w }));
    if (swapped) warnings.push(swapped);
    if (datum && !r.crs) warnings.push(datum);
    const same = (byPos.get(key(verdict.point.lng, verdict.point.lat)) ?? []).filter((x) => x !== r.row);
    if (same.length > 0)
      warnings.push({
        code: 'DUPLICATE_COORDINATES',
        zh: `与第 ${same.slice(0, 10).join('、')} 行坐标相同`,
        en: `Same coordinates as row${same.length > 1 ? 's' : ''} ${same.slice(0, 10).join(', ')}`,
        rows: same,
      });
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
      near: nearLayers(d, nearM),
      street: street ? { id: street.id, name: street.name } : null,
      warnings,
      columns: r.input,
    };
  });
  results.sort((a, b) => a.row - b.row);
  rejected.sort((a, b) => a.row - b.row);
  return {
    results,
    rejected,
    input: { format: input.format, crs: input.crs.id, swapXY: input.swap, rows: input.rows.length + input.rejected.length },
    warnings: [...input.notes, ...(datum ? [datum] : [])],
    nearM,
  };
}

/**
 * The importer's datum check on the list: read as given, do the sites sit ≈ 600 m off the sites the
 * database already holds, and on them when read as GCJ-02/BD-09 (or the other way round)? Compared
 * with the best-filled site layer, on rows the check accepted. It concerns every row read in that
 * CRS, i.e. all of them.
 */
async function datumWarning(db: Queryable, input: BatchInput, rows: readonly InputRow[]): Promise<ImportWarning | undefined> {
  // the rows read in the request's CRS (a row with its own crs was placed by its own source)
  const own = rows.filter((r) => !r.crs);
  if (input.crs.projected || own.length < 3) return undefined;
  const [reference] = await featureCounts(db, POINT_LAYER_IDS);
  if (!reference) return undefined;
  const sample: Geometry[] = own.slice(0, LIMITS.gcjSample).map((r) => ({ type: 'Point', coordinates: [r.a, r.b] }));
  const { warning } = await checkDatumShift(db, reference.layer_id, input.crs, input.swap, sample);
  return warning;
}
