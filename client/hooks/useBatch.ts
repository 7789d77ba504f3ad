/**
 * The batch screening panel's state: the file read into a table in the browser, the column mapping
 * (guessed, remembered per purpose), where the coordinates came from, the screening by the API,
 * the rows on the map, the chosen row, and the downloads (the same rows, sent again with a format).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { screenPoints, screeningFile, type BatchResponse, type BatchResult } from '../api/batch.ts';
import { checkReportUrl } from '../api/check.ts';
import { ApiError } from '../api/http.ts';
import type { CrsId } from '../api/types.ts';
import {
  crsFromText,
  guessCrsFromNumbers,
  guessMapping,
  missingRoles,
  samplePairs,
  toBatchPoints,
  type BatchPointOut,
  type ColumnMapping,
} from '../lib/columnMapping.ts';
import { isProjected } from '../lib/crs.ts';
import { readTable, TableError, type ReadTable } from '../lib/readTable.ts';
import type { MapController } from '../map/index.ts';
import { clearBatchResults, showBatchResults, type BatchVerdict } from '../map/batchResults.ts';
import { useRememberedMapping } from './useColumnMapping.ts';

export { BATCH_COLORS, type BatchVerdict } from '../map/batchResults.ts';

export type BatchPhase = 'pick' | 'reading' | 'mapping' | 'running' | 'done';
export type BatchError = { kind: 'file'; reason: TableError['reason']; detail: string } | { kind: 'api'; error: ApiError };

export function verdictOf(r: BatchResult): BatchVerdict {
  return r.rules.length > 0 ? 'restricted' : r.near.length > 0 ? 'near' : 'clear';
}

/** The CRS suggested for a file: a system named in the coordinate headers, else what the numbers fit. */
function suggestCrs(table: ReadTable, m: ColumnMapping): CrsId {
  const named = crsFromText(`${m.x ?? ''} ${m.y ?? ''}`);
  return named ?? guessCrsFromNumbers(samplePairs(table, m)) ?? 'wgs84';
}

export function useBatch(map: MapController | null) {
  const { recall, remember } = useRememberedMapping('batch');
  const [phase, setPhase] = useState<BatchPhase>('pick');
  const [file, setFile] = useState<File | null>(null);
  const [table, setTable] = useState<ReadTable | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [crs, setCrs] = useState<CrsId>('wgs84');
  const [suggested, setSuggested] = useState<CrsId>('wgs84');
  const [near, setNear] = useState(50);
  const [result, setResult] = useState<BatchResponse | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<BatchError | null>(null);
  const [downloading, setDownloading] = useState<'xlsx' | 'geojson' | null>(null);
  const sent = useRef<{ points: BatchPointOut[]; crs: CrsId; near: number } | null>(null);
  const request = useRef<AbortController | null>(null);
  const fitNext = useRef(false);

  const reset = useCallback(() => {
    request.current?.abort();
    setPhase('pick');
    setFile(null);
    setTable(null);
    setResult(null);
    setSelected(null);
    setError(null);
    sent.current = null;
  }, []);

  const pickFile = useCallback(
    async (f: File) => {
      reset();
      setFile(f);
      setPhase('reading');
      try {
        const t = await readTable(f);
        const m = guessMapping(t.headers, recall());
        setTable(t);
        setMapping(m);
        const s = suggestCrs(t, m);
        setSuggested(s);
        setCrs(s);
        setPhase('mapping');
      } catch (err) {
        setError(
          err instanceof TableError
            ? { kind: 'file', reason: err.reason, detail: err.message }
            : { kind: 'file', reason: 'unreadable', detail: (err as Error).message },
        );
        setPhase('pick');
      }
    },
    [reset, recall],
  );

  const changeMapping = useCallback(
    (m: ColumnMapping) => {
      setMapping(m);
      if (table) {
        const s = suggestCrs(table, m);
        setSuggested(s);
        // a projected guess follows the columns; the user's choice between lng/lat sources stands
        setCrs((c) => (isProjected(s) || isProjected(c) ? s : c));
      }
    },
    [table],
  );

  const missing = table ? missingRoles(table, mapping) : [];

  const run = useCallback(async () => {
    if (!table || missingRoles(table, mapping).length > 0) return;
    request.current?.abort();
    const ac = new AbortController();
    request.current = ac;
    const points = toBatchPoints(table, mapping, crs);
    sent.current = { points, crs, near };
    remember(mapping);
    setPhase('running');
    setError(null);
    setSelected(null);
    try {
      const r = await screenPoints(points, { crs, near }, ac.signal);
      if (ac.signal.aborted) return;
      fitNext.current = true;
      setResult(r);
      setPhase('done');
    } catch (err) {
      if (ac.signal.aborted) return;
      setError({ kind: 'api', error: err instanceof ApiError ? err : new ApiError(0, 'CLIENT', { zh: String(err), en: String(err) }) });
      setPhase('mapping');
    }
  }, [table, mapping, crs, near, remember]);

  // the rows on the map (framed once per screening); cleared when the panel is reset or unmounted
  useEffect(() => {
    if (!map) return;
    if (!result) {
      clearBatchResults(map);
      return;
    }
    const marks = result.results.map((r) => ({ row: r.row, lng: r.point.lng, lat: r.point.lat, verdict: verdictOf(r) }));
    showBatchResults(map, marks, selected, { fit: fitNext.current });
    fitNext.current = false;
  }, [map, result, selected]);
  useEffect(() => () => void (map && clearBatchResults(map)), [map]);

  const select = useCallback(
    (row: number | null) => {
      setSelected(row);
      const r = row === null ? undefined : result?.results.find((x) => x.row === row);
      if (r && map) map.flyTo(r.point, Math.max(map.view().zoom, 15));
    },
    [map, result],
  );

  const download = useCallback(async (format: 'xlsx' | 'geojson') => {
    const s = sent.current;
    if (!s) return;
    setDownloading(format);
    try {
      const { blob, filename } = await screeningFile(s.points, { crs: s.crs, near: s.near }, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError({ kind: 'api', error: err instanceof ApiError ? err : new ApiError(0, 'CLIENT', { zh: String(err), en: String(err) }) });
    } finally {
      setDownloading(null);
    }
  }, []);

  /** The 点位核查报告 of a row, for its coordinates as the list gave them. */
  const reportUrl = useCallback((r: BatchResult): string => {
    const p = sent.current?.points[r.row - 1];
    const rowCrs = (p?.crs as CrsId | undefined) ?? sent.current?.crs ?? 'wgs84';
    const a = Number(isProjected(rowCrs) ? p?.x : p?.lng);
    const b = Number(isProjected(rowCrs) ? p?.y : p?.lat);
    return Number.isFinite(a) && Number.isFinite(b) ? checkReportUrl({ crs: rowCrs, a, b }) : checkReportUrl({ crs: 'wgs84', a: r.point.lng, b: r.point.lat });
  }, []);

  return {
    phase,
    file,
    table,
    mapping,
    setMapping: changeMapping,
    missing,
    crs,
    setCrs,
    suggested,
    near,
    setNear,
    result,
    selected,
    select,
    error,
    pickFile,
    run,
    reset,
    download,
    downloading,
    reportUrl,
  };
}

export type BatchState = ReturnType<typeof useBatch>;
