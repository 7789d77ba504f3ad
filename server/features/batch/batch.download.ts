/**
 * The screening as it leaves the server, written chunk by chunk while the rows are screened (the
 * route hands these generators to server/http/stream.ts' sendStream, which asks for the next piece
 * only when the socket took the last): JSON (the contract's document, `results` then `rejected`,
 * the spooled rejections after the results), XLSX through exceljs' streaming WorkbookWriter
 * (Chinese headers, the input's own columns kept, a sheet of results and one of rejected rows) and
 * GeoJSON (one point per screened row, flat properties for desktop GIS).
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { DISTANCE_LAYER_IDS } from '../check/distance.service.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { streetHeader } from '../layers/layer-catalogue.service.ts';
import { articleZh } from '../../lib/articles.ts';
import { featureCollectionChunks } from '../../lib/feature-collection.ts';
import { loadExcelJS } from '../../lib/lazy-packages.ts';
import type { ScreenedRow, ScreeningPlan } from './batch.service.ts';
import type { RejectedSpool } from './batch.spool.ts';

const layerTitle = (id: string) => findLayer(id)?.title.zh ?? id;

const cell = (v: unknown): ExcelJS.CellValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
};

export const RESULT_SHEET = '筛查结果';
export const REJECTED_SHEET = '未通过行';

/** Text pieces of about this size go to the socket. */
const PIECE = 64 * 1024;

/** `{"input", "warnings", "nearM", "results": […], "rejected": […]}`, one chunk of results at a time. */
export async function* screeningJson(plan: ScreeningPlan, chunks: AsyncIterable<ScreenedRow[]>, spool: RejectedSpool): AsyncGenerator<string> {
  yield `{"input":${JSON.stringify(plan.input)},"warnings":${JSON.stringify(plan.warnings)},"nearM":${JSON.stringify(plan.nearM)},"results":[`;
  let sep = '';
  for await (const rows of chunks) {
    let text = '';
    for (const { columns: _columns, ...rest } of rows) {
      text += sep + JSON.stringify(rest);
      sep = ',';
    }
    if (text) yield text;
  }
  yield '],"rejected":[';
  sep = '';
  let text = '';
  for await (const { input: _input, ...rest } of spool.replay()) {
    text += sep + JSON.stringify(rest);
    sep = ',';
    if (text.length > PIECE) {
      yield text;
      text = '';
    }
  }
  yield `${text}]}`;
}

export function screeningXlsx(
  plan: ScreeningPlan,
  chunks: AsyncIterable<ScreenedRow[]>,
  spool: RejectedSpool,
  streetsDemo: boolean,
): AsyncGenerator<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  let stopped = false;
  /**
   * exceljs' worksheet writer does not wait for its zip stream; the rows it writes queue there. So
   * before each chunk the writer waits until the output stream has drained (the socket took what
   * came before), which holds the queue to about one chunk of rows.
   */
  const paced = async () => {
    while (out.writableNeedDrain && !stopped) await once(out, 'drain');
  };

  async function write() {
    const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = '平城区大气污染防治空间管理';
    wb.created = new Date();
    const inputCols = plan.columns;
    const ws = wb.addWorksheet(RESULT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    const distCols = DISTANCE_LAYER_IDS.map((l) => `距${layerTitle(l)}边界（米）`);
    const header = [
      '行号',
      ...inputCols,
      '经度（WGS84）',
      '纬度（WGS84）',
      streetHeader('街道办事处', streetsDemo),
      '所在区域',
      '适用要求（条款）',
      ...distCols,
      `临近边界（${plan.nearM} 米内）`,
      '提示',
    ];
    ws.columns = header.map(() => ({ width: 16 }));
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.commit();
    for await (const rows of chunks) {
      if (stopped) return;
      for (const r of rows)
        ws.addRow([
          r.row,
          ...inputCols.map((c) => cell(r.columns[c])),
          r.point.lng,
          r.point.lat,
          r.street?.name ?? '',
          r.zones
            .filter((z) => z.layer !== 'streets')
            .map((z) => `${layerTitle(z.layer)}：${z.name}`)
            .join('；'),
          r.rules.map((x) => `${articleZh(x.article)} ${String((x as { zh?: unknown }).zh ?? x.id)}`).join('\n'),
          ...DISTANCE_LAYER_IDS.map((l) => r.distances[l] ?? null),
          r.near.map(layerTitle).join('、'),
          r.warnings.map((w) => w.zh).join('\n'),
        ]).commit();
      await paced();
    }
    ws.commit();

    const rejCols = plan.rejectedColumns;
    const rj = wb.addWorksheet(REJECTED_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    rj.columns = [0, 1, 2, ...rejCols].map(() => ({ width: 18 }));
    const rh = rj.addRow(['行号', '代码', '原因', ...rejCols]);
    rh.font = { bold: true };
    rh.commit();
    let n = 0;
    for await (const r of spool.replay()) {
      if (stopped) return;
      rj.addRow([r.row, r.code, r.reasonZh, ...rejCols.map((c) => cell(r.input[c]))]).commit();
      if (++n % 2000 === 0) await paced();
    }
    rj.commit();
    await wb.commit();
  }

  return (async function* () {
    const writing = write().catch((err: unknown) => {
      out.destroy(err as Error);
    });
    try {
      for await (const b of out) yield b as Buffer;
      await writing;
    } finally {
      stopped = true;
      out.destroy();
      await writing;
    }
  })();
}

/** A FeatureCollection of the screened points, one chunk at a time. */
export function screeningGeojson(chunks: AsyncIterable<ScreenedRow[]>): AsyncGenerator<string> {
  return featureCollectionChunks(screenedFeatures(chunks));
}

/** Each screened point as GeoJSON Feature text, the verdict in flat properties. */
async function* screenedFeatures(chunks: AsyncIterable<ScreenedRow[]>): AsyncGenerator<string> {
  for await (const rows of chunks) {
    for (const r of rows) {
      const feature = {
        type: 'Feature' as const,
        id: r.row,
        geometry: { type: 'Point' as const, coordinates: [r.point.lng, r.point.lat] },
        properties: {
          ...r.columns,
          row: r.row,
          ...(r.id !== undefined ? { id: r.id } : {}),
          ...(r.name !== undefined ? { name: r.name } : {}),
          street: r.street?.name ?? null,
          zones: r.zones.map((z) => `${z.layer}:${z.id}`).join(','),
          rules: r.rules.map((x) => x.id).join(','),
          ...Object.fromEntries(DISTANCE_LAYER_IDS.map((l) => [`dist_${l}`, r.distances[l] ?? null])),
          near: r.near.join(','),
          warnings: r.warnings.map((w) => w.code).join(','),
        },
      };
      yield JSON.stringify(feature);
    }
  }
}
