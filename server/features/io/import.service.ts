/**
 * Import: uploaded file → report, and (unless a dry run) one transaction that writes every accepted
 * feature or nothing.
 *
 *  1. detect the format and open it (formats/*)            4. validate each feature: geometry type,
 *  2. resolve the CRS: crs= > file's declaration > content     sane extent, attribute schema, then
 *  3. sample it: axis order, extent share (crs-detect.ts)      PostGIS validity per batch (repair opt-in)
 *                                                           5. compare with the layer (datum-check.ts)
 * Accepted features are spooled to a scratch file, so the write transaction is short (PGlite has a
 * single connection) and memory stays flat for 100 MB inputs.
 *
 * Policy for rejected features (documented in the API): a real import writes the accepted ones and
 * reports the rest; `strict=true` writes nothing when anything is rejected. `replace` never empties a
 * layer for a file with nothing to import.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from '../../db/db.ts';
import { DomainError, inputError } from '../../lib/errors.ts';
import type { Actor } from '../auth/auth.types.ts';
import { startImportRecordTx } from '../history/history.service.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { validateFeature } from '../layers/feature-validation.ts';
import { bumpRevisionTx, deleteLayerFeaturesTx, insertFeatureStreamTx, writeLayerTx, type NewFeature } from '../layers/feature-write.service.ts';
import { chooseCrs, convert, type CrsChoice, type SwapParam } from './crs-detect.ts';
import { parseCrsText, resolveCrs, type Crs, type CrsRequest } from './crs-resolve.ts';
import { checkDatumShift, type DatumCheck } from './datum-check.ts';
import { readHead } from './encoding.ts';
import { bboxInsideDistrict, bboxInsideSane, insideSane, SANE_EXTENT_TEXT } from '../../lib/extent.ts';
import { fieldMapper, type ChosenColumns } from './fields.ts';
import type { CrsDeclaration, OpenedSource, SourceFile } from './formats/format.ts';
import { detectFormat } from './formats/index.ts';
import { bboxOf, firstPosition, mapPositions, normaliseGeometry, rewind, vertexCount, type Geometry, type Pos } from './geometry.ts';
import { invalidGeometries, sridDefinition, type GeometryVerdict } from './import.repo.ts';
import type { ImportProgress, ImportReport, PreviewFeature } from './io.contract.ts';
import type { ImportWarning, RawFeature, RejectCode, Rejection } from './io.types.ts';
import { LIMITS } from './limits.ts';
import { isZip, listZip } from './zip.ts';
import { ruleWarningsAfterWrite } from '../rules/violations.service.ts';
import { findCrsColumn, ROW_CRS_VALUES, rowCrs } from './row-crs.ts';
import type { Crs as RowCrs } from './crs-resolve.ts';

export interface ImportOptions {
  mode: 'append' | 'replace';
  dryRun: boolean;
  /** Overrides whatever the file says (wgs84, gcj02, EPSG:4547, …). */
  crs?: string;
  /** Let PostGIS ST_MakeValid repair invalid polygons instead of rejecting them. */
  repair: boolean;
  swapXY: SwapParam;
  /** Write nothing when any feature is rejected. */
  strict: boolean;
  /** XLSX: the worksheet, by name or 1-based number (default the first). */
  sheet?: string;
  /**
   * The column naming each row's CRS (row-crs.ts); without it a column headed 坐标系/CRS is used
   * when there is one. Rows with a blank cell take the file's CRS.
   */
  crsColumn?: string;
  /** The column mapping the user confirmed: the name column, (CSV) the two coordinate columns, attribute key → column. */
  columns?: ImportColumns;
  /** Who imports: the write is recorded as one history event (undoable as a whole). null = not recorded (test tooling only). */
  actor: Actor | null;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportColumns {
  name?: string;
  x?: string;
  y?: string;
  attributes?: Record<string, string>;
}

/** The attribute keys of a mapping must be the layer's: a typo would otherwise drop a column silently. */
function checkMappedAttributes(layer: Layer, cols: ImportColumns | undefined): void {
  const unknown = Object.keys(cols?.attributes ?? {}).filter((k) => !layer.attributes.some((a) => a.key === k));
  if (unknown.length > 0)
    throw inputError(
      'INVALID_PARAMETER',
      {
        zh: `参数 columns 无效：图层「${layer.title.zh}」没有属性 ${unknown.join('、').slice(0, 200)}`,
        en: `Invalid parameter columns: layer ${layer.id} has no attribute ${unknown.join(', ').slice(0, 200)}`,
      },
      { unknownAttributes: unknown, attributes: layer.attributes.map((a) => a.key) },
    );
}

/** The mapped name and attribute columns no row of the file has. */
function mappedColumnsAbsent(cols: ImportColumns | undefined, seen: ReadonlySet<string>): string[] {
  return [cols?.name, ...Object.values(cols?.attributes ?? {})].filter((h): h is string => h !== undefined && !seen.has(h));
}

export interface UploadedFile {
  path: string;
  filename: string;
  size: number;
  /** Scratch directory owned by the caller (removed after the request). */
  workDir: string;
}

interface Candidate {
  index: number;
  line?: number;
  feature: NewFeature;
  rejected?: { code: RejectCode; reason: string };
}

const ALLOWED: Record<Layer['geometryType'], readonly string[]> = { Point: ['Point'], Polygon: ['Polygon', 'MultiPolygon'] };

async function givenCrs(db: Db, override: string | undefined, declared: CrsDeclaration | undefined, warnings: ImportWarning[]) {
  const lookup = (srid: number) => sridDefinition(db, srid);
  if (override !== undefined) {
    const req = parseCrsText(override);
    if (!req) throw inputError('INVALID_PARAMETER', { zh: `参数 crs 无效：${override.slice(0, 60)}`, en: `Invalid parameter crs: ${override.slice(0, 60)}` });
    return { crs: await resolveCrs(req, lookup), source: 'override' as const };
  }
  if (!declared) return undefined;
  const req: CrsRequest | undefined = declared.source === 'prj' ? { kind: 'wkt', wkt: declared.text } : parseCrsText(declared.text);
  let crs: Crs | undefined;
  try {
    crs = req ? await resolveCrs(req, lookup) : undefined;
  } catch (err) {
    if ((err as DomainError).code !== 'UNKNOWN_CRS') throw err; // e.g. Beijing 1954: never guess past it
  }
  if (crs) return { crs, source: declared.source };
  warnings.push({
    code: 'CRS_DECLARATION_UNKNOWN',
    zh: `文件声明的坐标系无法识别（${declared.text.slice(0, 80)}），改按坐标数值判断`,
    en: `The file's CRS declaration is not recognised (${declared.text.slice(0, 80)}); inferring from the coordinates`,
  });
  return undefined;
}

/** Positions to judge the file's CRS by, and the CRS column when the file has one. */
async function samplePositions(source: OpenedSource, crsColumn: string | undefined): Promise<{ sample: Pos[]; column?: string }> {
  const out: Pos[] = [];
  let column: string | undefined;
  let looked = 0;
  for await (const raw of source.features()) {
    if (looked++ < LIMITS.crsSample) column ??= findCrsColumn(Object.keys(raw.properties), crsColumn);
    // rows that name their own CRS say nothing about the others'
    if (column !== undefined && rowCrs(raw.properties[column])) continue;
    if (!raw.geometry) continue;
    const n = normaliseGeometry(raw.geometry);
    const p = n.ok ? firstPosition(n.geometry) : undefined;
    if (p) out.push(p);
    if (out.length >= LIMITS.crsSample && looked >= LIMITS.crsSample) break;
  }
  if (crsColumn !== undefined && column === undefined)
    throw inputError(
      'CRS_COLUMN_NOT_FOUND',
      { zh: `文件中没有坐标系列「${crsColumn.slice(0, 60)}」（或该列为空）`, en: `The file has no CRS column "${crsColumn.slice(0, 60)}" (or it is empty)` },
      { crsColumn },
    );
  return { sample: out, ...(column !== undefined ? { column } : {}) };
}

/** PostGIS' verdicts for a batch; a batch PostGIS cannot even parse is retried one by one. */
async function verdicts(db: Db, geoms: readonly unknown[], repair: boolean): Promise<GeometryVerdict[]> {
  try {
    return await invalidGeometries(db, geoms, repair);
  } catch {
    const out: GeometryVerdict[] = [];
    for (let i = 0; i < geoms.length; i++) {
      try {
        for (const v of await invalidGeometries(db, [geoms[i]], repair)) out.push({ ...v, i: i + 1 });
      } catch (err) {
        out.push({ i: i + 1, reason: (err as Error).message, repaired: null });
      }
    }
    return out;
  }
}

class Checker {
  readonly mapper;
  readonly unknownColumns = new Map<string, number>();
  /** Of the columns the user mapped, those some row has. */
  readonly mappedSeen = new Set<string>();
  private readonly mapped: string[];
  readonly datumSample: Geometry[] = [];
  /** Rows converted by their own CRS cell, per CRS label. */
  readonly perRowCrs = new Map<string, number>();
  outsideDistrict = 0;

  constructor(
    readonly layer: Layer,
    readonly choice: CrsChoice,
    readonly crsColumn: string | undefined,
    readonly swapParam: SwapParam,
    chosen: ChosenColumns = {},
  ) {
    this.mapper = fieldMapper(layer, chosen);
    this.mapped = [chosen.name, ...Object.values(chosen.attributes ?? {})].filter((h): h is string => h !== undefined);
  }

  /** The row's own CRS (from the CRS column) and axis order, or the file's; an error for a cell naming no known system. */
  private rowChoice(raw: RawFeature): { crs: RowCrs; swap: boolean; own: boolean } | { error: string } {
    const cell = this.crsColumn === undefined ? undefined : raw.properties[this.crsColumn];
    if (cell === undefined || cell === null || String(cell).trim() === '') return { crs: this.choice.crs, swap: this.choice.swap, own: false };
    const crs = rowCrs(cell);
    if (!crs) return { error: `CRS "${String(cell).slice(0, 40)}" in column ${this.crsColumn} is not one of ${ROW_CRS_VALUES}` };
    if (this.swapParam !== 'auto') return { crs, swap: this.swapParam === 'true', own: true };
    // axis order judged row by row: the file-level guess was made without these rows
    const p = raw.geometry && normaliseGeometry(raw.geometry);
    const first = p?.ok ? firstPosition(p.geometry) : undefined;
    const straight = first && convert(crs, false, first);
    const swapped = first && convert(crs, true, first);
    return { crs, swap: !(straight && insideSane(straight)) && !!swapped && insideSane(swapped), own: true };
  }

  /** JS-side checks of one raw feature, in the order a user fixes them: geometry, place, attributes. */
  check(raw: RawFeature, index: number): Candidate {
    const { layer } = this;
    const base = { index, ...(raw.line ? { line: raw.line } : {}) };
    const empty: NewFeature = { name: '', properties: {}, geometry: null, isDemo: false };
    const row = this.rowChoice(raw);
    const { [this.crsColumn ?? '']: _crsCell, ...props } = raw.properties;
    for (const h of this.mapped) if (h in raw.properties) this.mappedSeen.add(h);
    const mapped = this.mapper(this.crsColumn === undefined ? raw.properties : props);
    for (const col of mapped.unknown) this.unknownColumns.set(col, (this.unknownColumns.get(col) ?? 0) + 1);
    const { name, ...attrs } = mapped.properties;
    const shown = { ...empty, name: name == null ? '' : String(name), properties: attrs };
    const reject = (code: RejectCode, reason: string, geometry: unknown = null): Candidate => ({
      ...base,
      feature: { ...shown, geometry },
      rejected: { code, reason },
    });
    if (raw.error) return reject('MALFORMED_GEOMETRY', raw.error);
    if ('error' in row) return reject('UNKNOWN_CRS', row.error);
    if (!raw.geometry) return reject('NO_GEOMETRY', 'the feature has no geometry');
    const n = normaliseGeometry(raw.geometry);
    if (!n.ok) return reject(n.code, n.reason);
    if (!firstPosition(n.geometry)) return reject('NO_GEOMETRY', `the ${n.geometry.type} is empty`);
    if (vertexCount(n.geometry, LIMITS.maxVerticesPerFeature) > LIMITS.maxVerticesPerFeature)
      return reject('INVALID_GEOMETRY', `more than ${LIMITS.maxVerticesPerFeature} vertices in one feature`);
    if (!ALLOWED[layer.geometryType].includes(n.geometry.type))
      return reject('GEOMETRY_TYPE', `geometry type ${n.geometry.type} not allowed in ${layer.id} (expects ${layer.geometryType})`);
    let convertible = true;
    const g = rewind(
      mapPositions(n.geometry, (p) => {
        const converted = convert(row.crs, row.swap, p);
        if (converted) return converted;
        convertible = false;
        return [0, 0];
      }),
    );
    if (!convertible) return reject('MALFORMED_GEOMETRY', `coordinates cannot be converted from ${row.crs.label}`);
    const bbox = bboxOf(g);
    if (!bboxInsideSane(bbox)) {
      const p = firstPosition(n.geometry)!;
      const other = convert(row.crs, !row.swap, p);
      const hint = other && insideSane(other) ? '; it falls inside with the axes swapped (swapXY)' : `; is the CRS (${row.crs.id}) right?`;
      return reject('OUTSIDE_EXTENT', `outside the district's area (${SANE_EXTENT_TEXT}) at ${bbox[0].toFixed(5)}, ${bbox[1].toFixed(5)}${hint}`, g);
    }
    const v = validateFeature(layer, { type: 'Feature', geometry: g, properties: mapped.properties });
    if (!v.valid) return reject(v.missing ? 'REQUIRED_MISSING' : v.reason.startsWith('attribute') ? 'ATTRIBUTES' : 'INVALID_GEOMETRY', v.reason, g);
    if (!bboxInsideDistrict(bbox)) this.outsideDistrict++;
    if (row.own) this.perRowCrs.set(row.crs.label, (this.perRowCrs.get(row.crs.label) ?? 0) + 1);
    else if (this.datumSample.length < LIMITS.gcjSample) this.datumSample.push(n.geometry);
    return { ...base, feature: v.feature };
  }
}

/** Metres beyond which a file's points are "new to the area": nothing in the layer to compare them with. */
const NEW_TO_AREA_M = 3000;

/** No reference to tell WGS84 from GCJ-02/BD-09 by: too few features in the layer or the file, or none of the layer's near the file's points. */
function unchecked(check: DatumCheck): boolean {
  if (check.skipped) return !check.skipped.startsWith('projected');
  const medians = Object.values(check.medianM ?? {});
  return medians.length > 0 && medians.every((m) => m > NEW_TO_AREA_M);
}

const DATUM_UNCHECKED: ImportWarning = {
  code: 'DATUM_UNCHECKED',
  zh: '图层中没有可比对的已有要素（或它们都不在这些点位附近），无法判断坐标是否来自高德/腾讯（GCJ-02）或百度（BD-09）地图：在大同两者与 WGS84 分别相差约 600 米和 1.4 公里。请确认坐标来源：GPS/天地图 → WGS84，高德/腾讯 → gcj02，百度 → bd09',
  en: 'Nothing in the layer near these points to compare with, so whether the coordinates come from AMap/Tencent (GCJ-02) or Baidu (BD-09) cannot be told: those differ from WGS84 by about 600 m and 1.4 km in Datong. Say where they came from: GPS/Tianditu → wgs84, AMap/Tencent → gcj02, Baidu → bd09',
  choices: ['wgs84', 'gcj02', 'bd09'],
};

export async function importFile(db: Db, layer: Layer, upload: UploadedFile, opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const cols = opts.columns;
  checkMappedAttributes(layer, cols);
  const head = await readHead(upload.path, 4096);
  const file: SourceFile = {
    ...upload,
    head,
    ...(isZip(head) ? { zipEntries: await listZip(upload.path) } : {}),
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(cols?.x !== undefined && cols.y !== undefined ? { columns: { x: cols.x, y: cols.y } } : {}),
  };
  const format = detectFormat(file);
  const source = await format.open(file);
  const warnings: ImportWarning[] = [...source.notes];

  const given = await givenCrs(db, opts.crs, source.declaredCrs, warnings);
  const { sample, column } = await samplePositions(source, opts.crsColumn);
  const choice = chooseCrs(sample, given, opts.swapXY);
  warnings.push(...choice.warnings);
  const checker = new Checker(layer, choice, column, opts.swapXY, {
    ...(cols?.name !== undefined ? { name: cols.name } : {}),
    ...(cols?.attributes ? { attributes: cols.attributes } : {}),
  });

  const rejected: Rejection[] = [];
  let rejectedCount = 0;
  const preview: PreviewFeature[] = [];
  let previewTruncated = false;
  let total = 0;
  let accepted = 0;
  let repaired = 0;
  const spoolPath = join(upload.workDir, 'accepted.ndjson');
  const spool: FileHandle | undefined = opts.dryRun ? undefined : await open(spoolPath, 'w');

  const addPreview = (c: Candidate) => {
    if (!opts.dryRun || !c.feature.geometry) return;
    if (preview.length >= LIMITS.previewMax) {
      previewTruncated = true;
      return;
    }
    preview.push({
      type: 'Feature',
      id: c.index,
      geometry: c.feature.geometry as Geometry,
      properties: { name: c.feature.name, ...c.feature.properties },
      ...(c.rejected ? { rejected: c.rejected } : {}),
    });
  };

  let batch: Candidate[] = [];
  const flush = async () => {
    const pending = batch.filter((c) => !c.rejected);
    if (layer.geometryType === 'Polygon' && pending.length > 0) {
      for (const v of await verdicts(
        db,
        pending.map((c) => c.feature.geometry),
        opts.repair,
      )) {
        const c = pending[v.i - 1]!;
        const fixed = v.repaired ? (JSON.parse(v.repaired) as { coordinates: unknown[] }) : undefined;
        if (opts.repair && fixed && fixed.coordinates.length > 0) {
          c.feature.geometry = fixed;
          repaired++;
        } else
          c.rejected = {
            code: 'INVALID_GEOMETRY',
            reason: opts.repair ? `${v.reason}; repair left no polygon` : `${v.reason} (repair=true lets PostGIS ST_MakeValid fix it)`,
          };
      }
    }
    let lines = '';
    for (const c of batch) {
      addPreview(c);
      if (c.rejected) {
        rejectedCount++;
        if (rejected.length < LIMITS.rejectedListMax) rejected.push({ index: c.index, ...c.rejected, ...(c.line ? { line: c.line } : {}) });
        continue;
      }
      accepted++;
      if (spool) lines += `${JSON.stringify(c.feature)}\n`;
    }
    if (spool && lines) await spool.write(lines);
    batch = [];
    opts.onProgress?.({ phase: 'validate', done: total });
  };

  try {
    for await (const raw of source.features()) {
      batch.push(checker.check(raw, total++));
      if (batch.length >= LIMITS.batchSize) await flush();
    }
    await flush();
  } finally {
    await spool?.close();
  }
  rejected.sort((a, b) => a.index - b.index);
  const absent = total > 0 ? mappedColumnsAbsent(cols, checker.mappedSeen) : [];
  if (absent.length > 0)
    throw inputError(
      'MAPPED_COLUMN_MISSING',
      { zh: `文件中没有所选的列：${absent.join('、').slice(0, 200)}`, en: `The chosen columns are not in the file: ${absent.join(', ').slice(0, 200)}` },
      { columns: absent },
    );

  if (checker.unknownColumns.size > 0) {
    const cols = [...checker.unknownColumns.keys()];
    warnings.push({
      code: 'UNKNOWN_FIELDS',
      zh: `以下列不是图层属性，已忽略：${cols.join('、')}`,
      en: `Columns that are not attributes of the layer were ignored: ${cols.join(', ')}`,
      fields: cols,
      attributes: ['name', ...layer.attributes.map((a) => a.key)],
    });
  }
  if (checker.outsideDistrict > 0)
    warnings.push({
      code: 'OUTSIDE_DISTRICT',
      zh: `${checker.outsideDistrict} 个要素位于平城区范围之外（但在周边合理范围内），已接受`,
      en: `${checker.outsideDistrict} feature(s) lie outside Pingcheng's extent (but within the surrounding area) and were accepted`,
      count: checker.outsideDistrict,
    });
  if (total === 0) warnings.push({ code: 'NO_FEATURES', zh: '文件中没有要素', en: 'The file holds no features' });
  if (checker.perRowCrs.size > 0) {
    const counts = [...checker.perRowCrs];
    warnings.push({
      code: 'CRS_PER_ROW',
      zh: `按「${column}」列逐行换算坐标：${counts.map(([label, n]) => `${label} ${n} 行`).join('，')}；该列为空的行按 ${choice.crs.label}`,
      en: `Coordinates converted row by row from column "${column}": ${counts.map(([label, n]) => `${label} ${n} row(s)`).join(', ')}; rows with a blank cell as ${choice.crs.label}`,
      column,
      rows: Object.fromEntries(counts),
    });
  }
  const datum = await checkDatumShift(db, layer.id, choice.crs, choice.swap, checker.datumSample);
  if (datum.warning) warnings.push(datum.warning);
  else if (choice.source === 'content' && checker.datumSample.length > 0 && unchecked(datum.check)) warnings.push(DATUM_UNCHECKED);

  const report: ImportReport = {
    layer: layer.id,
    format: source.format,
    ...(source.encoding ? { encoding: source.encoding } : {}),
    crs: { id: choice.crs.id, label: choice.crs.label, source: choice.source },
    swapXY: choice.swap,
    mode: opts.mode,
    dryRun: opts.dryRun,
    total,
    imported: accepted,
    rejectedCount,
    rejected,
    ...(rejectedCount > rejected.length ? { rejectedTruncated: true } : {}),
    repaired,
    warnings,
    datumCheck: datum.check,
    elapsedMs: 0,
  };
  const done = () => ({ ...report, elapsedMs: Math.round(performance.now() - started) });

  if (opts.dryRun) return { ...done(), preview: { type: 'FeatureCollection', features: preview }, ...(previewTruncated ? { previewTruncated } : {}) };
  if (opts.strict && rejectedCount > 0)
    throw new DomainError(
      'IMPORT_REJECTED',
      {
        zh: `有 ${rejectedCount} 个要素未通过校验，严格模式下未导入任何要素`,
        en: `${rejectedCount} feature(s) failed validation; strict mode imported nothing`,
      },
      { ...done(), imported: 0 },
    );
  if (accepted === 0) {
    if (opts.mode === 'replace')
      throw new DomainError(
        'NOTHING_TO_IMPORT',
        { zh: '没有可导入的要素，图层保持不变', en: 'No feature can be imported; the layer was left unchanged' },
        { ...done(), imported: 0 },
      );
    return done();
  }

  // room for the rows, their WAL, indexes and history: about four times the spool (embedded database)
  db.checkSpace?.(4 * (await stat(spoolPath)).size);
  const { replaced, historyEventId, revision, createdIds } = await writeLayerTx(db, layer.id, async (tx) => {
    const record = opts.actor
      ? await startImportRecordTx(tx, { actor: opts.actor, layerId: layer.id, summary: { mode: opts.mode, filename: upload.filename, format: source.format } })
      : undefined;
    if (opts.mode === 'replace') await record?.replacingLayer(); // before the delete: history keeps what goes
    const removed = opts.mode === 'replace' ? await deleteLayerFeaturesTx(tx, layer.id) : 0;
    // the spool read back in batches, each parsed while the database ingests the one before
    let spooled = 0;
    async function* batches() {
      let chunk: NewFeature[] = [];
      for await (const line of createInterface({ input: createReadStream(spoolPath), crlfDelay: Infinity })) {
        if (!line) continue;
        chunk.push(JSON.parse(line) as NewFeature);
        if (chunk.length >= LIMITS.batchSize) {
          spooled += chunk.length;
          yield chunk;
          chunk = [];
        }
      }
      spooled += chunk.length;
      yield chunk;
    }
    // every id of the import at once (not spread into a push: past ~120 000 arguments that overflows the stack)
    // one statement per batch (LIMITS.batchSize): the progress moves, and a kill in the middle of the write is testable
    const createdIds = await insertFeatureStreamTx(
      tx,
      layer.id,
      batches(),
      (done) => opts.onProgress?.({ phase: 'write', done, total: accepted }),
      LIMITS.batchSize,
      // the snapshots of every created feature in one statement from the written rows, not one per
      // batch; before a bulk write's swap (its lock on all layers is held from there to the commit)
      async (ids, table) => {
        if (spooled !== accepted) throw new Error(`import spool held ${spooled} features, expected ${accepted}`);
        await record?.created(ids, table);
      },
    );
    const written = createdIds.length;
    opts.onProgress?.({ phase: 'write', done: written, total: accepted });
    await record?.finish({ imported: written, replaced: removed });
    const revision = await bumpRevisionTx(tx, layer.id);
    return { replaced: removed, historyEventId: record?.eventId, revision, createdIds };
  });
  // feedback on what was written: the rules the new features break (RULE_VIOLATION) or leave undecided (RULE_UNVERIFIED)
  warnings.push(...(await ruleWarningsAfterWrite(db, layer.id, createdIds)));
  return {
    ...done(),
    ...(opts.mode === 'replace' ? { replaced } : {}),
    // the revision this import committed (read afterwards, a later write's could be seen instead)
    revision,
    ...(historyEventId === undefined ? {} : { historyEventId }),
  };
}
