/**
 * The import dialog's state: target layer, file, options, the dry run (re-run when the file, the
 * layer, the CRS override or "repair" change), upload and processing progress, the preview on the
 * map, and the confirmed import. Cancelling aborts the request and clears the preview.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/http.ts';
import { fetchIoFormats, importFile, type ImportOptions, type ImportReport, type IoFormats, type ServerProgress } from '../api/import.ts';
import type { LayerInfo } from '../api/types.ts';
import type { MapController } from '../map/index.ts';
import { clearImportPreview, showImportPreview } from '../map/importPreview.ts';
import { announceWrite } from './writeFeedback.ts';
import { serverColumns, useImportColumns } from './useImportColumns.ts';

export type ImportPhase = 'pick' | 'checking' | 'ready' | 'importing' | 'done';

export interface ImportProgressState {
  upload: { loaded: number; total?: number } | null;
  processing: { phase: ServerProgress['phase']; done: number; total?: number } | null;
}

export type ImportErrorState = { kind: 'auth'; status: number } | { kind: 'api'; error: ApiError } | { kind: 'file'; reason: 'type' | 'size'; limit?: number };

export const IMPORT_EXTENSIONS = ['.geojson', '.json', '.csv', '.xlsx', '.zip', '.kml', '.kmz'] as const;
const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

const NO_PROGRESS: ImportProgressState = { upload: null, processing: null };

function toError(err: unknown): ImportErrorState {
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return { kind: 'auth', status: err.status };
  if (err instanceof ApiError) return { kind: 'api', error: err };
  return { kind: 'api', error: new ApiError(0, 'CLIENT', { zh: String(err), en: String(err) }) };
}

export interface UseImportOptions {
  initialLayer: string;
  /** The catalogue: the chosen layer's attributes are offered in the column mapping. */
  layers: readonly LayerInfo[];
  /** Room the dialog takes on the right of the map (px), so the preview is fitted beside it. */
  rightPx: number;
  onImported: (layerId: string, report: ImportReport) => void;
}

export function useImport(map: MapController | null, opts: UseImportOptions) {
  const [layerId, setLayerId] = useState(opts.initialLayer);
  const [file, setFileState] = useState<File | null>(null);
  const [crs, setCrs] = useState('');
  const [mode, setMode] = useState<'append' | 'replace'>('append');
  const [repair, setRepair] = useState(false);
  const [phase, setPhase] = useState<ImportPhase>('pick');
  const [progress, setProgress] = useState<ImportProgressState>(NO_PROGRESS);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ImportErrorState | null>(null);
  const [formats, setFormats] = useState<IoFormats | null>(null);
  const attributeDefs = useMemo(() => opts.layers.find((l) => l.id === layerId)?.attributes ?? [], [opts.layers, layerId]);
  const mapping = useImportColumns(file, layerId, attributeDefs);
  const { table, columns, attributes, tableOf } = mapping;
  const columnsKey = JSON.stringify(serverColumns(table, columns, attributes) ?? null);
  const request = useRef<AbortController | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  useEffect(() => {
    const ac = new AbortController();
    fetchIoFormats(ac.signal).then(setFormats, () => {
      /* the dialog works with the built-in list */
    });
    return () => ac.abort();
  }, []);

  // both only touch the request ref and the progress state: the same functions for the hook's life
  const abort = useCallback(() => {
    request.current?.abort();
    request.current = null;
  }, []);

  const callbacks = useMemo(
    () => ({
      onUpload: (loaded: number, total: number | undefined) => setProgress((p) => ({ ...p, upload: { loaded, ...(total !== undefined ? { total } : {}) } })),
      onProgress: (p: ServerProgress) =>
        setProgress((s) =>
          p.phase === 'upload'
            ? { ...s, upload: { loaded: p.done, total: p.done } }
            : {
                upload: s.upload && { loaded: s.upload.total ?? s.upload.loaded, total: s.upload.total ?? s.upload.loaded },
                processing: { phase: p.phase, done: p.done, ...(p.total !== undefined ? { total: p.total } : {}) },
              },
        ),
    }),
    [],
  );

  // The dry run: whenever what it depends on changes.
  useEffect(() => {
    if (!file || tableOf !== file) return;
    abort();
    const ac = new AbortController();
    request.current = ac;
    setPhase('checking');
    setProgress(NO_PROGRESS);
    setError(null);
    // the previous report stays on screen (dimmed) until the new one arrives
    setResult(null);
    const cols = JSON.parse(columnsKey) as ImportOptions['columns'] | null;
    importFile(layerId, file, { mode: 'append', dryRun: true, repair, ...(crs ? { crs } : {}), ...(cols ? { columns: cols } : {}) }, callbacks, ac.signal).then(
      (r) => {
        if (ac.signal.aborted) return;
        setReport(r);
        setPhase('ready');
      },
      (err: unknown) => {
        if (ac.signal.aborted) return;
        setError(toError(err));
        setReport(null);
        setPhase('pick');
      },
    );
    return () => ac.abort();
  }, [file, tableOf, layerId, crs, repair, columnsKey, abort, callbacks]);

  // The preview follows the dry run's answer.
  useEffect(() => {
    if (!map) return;
    if (report?.preview && phase !== 'done') showImportPreview(map, report.preview.features, { fit: true, rightPx: optsRef.current.rightPx });
    else clearImportPreview(map);
  }, [map, report, phase]);
  // …and goes when the dialog does.
  useEffect(
    () => () => {
      request.current?.abort();
      if (map) clearImportPreview(map);
    },
    [map],
  );

  const setFile = useCallback(
    (f: File | null) => {
      setResult(null);
      if (!f) {
        setFileState(null);
        setReport(null);
        setPhase('pick');
        return;
      }
      const name = f.name.toLowerCase();
      if (!IMPORT_EXTENSIONS.some((ext) => name.endsWith(ext))) {
        setError({ kind: 'file', reason: 'type' });
        return;
      }
      const limit = formats?.maxUploadBytes ?? DEFAULT_MAX_BYTES;
      if (f.size > limit) {
        setError({ kind: 'file', reason: 'size', limit });
        return;
      }
      setCrs('');
      setReport(null);
      setFileState(f);
    },
    [formats],
  );

  const confirm = useCallback(() => {
    if (!file || !report || phase !== 'ready') return;
    abort();
    const ac = new AbortController();
    request.current = ac;
    setPhase('importing');
    setProgress(NO_PROGRESS);
    setError(null);
    importFile(
      layerId,
      file,
      { mode, dryRun: false, repair, ...(crs ? { crs } : {}), ...(table ? { columns: serverColumns(table, columns, attributes) ?? {} } : {}) },
      {
        ...callbacks,
        // the dry run told us how many features there are: the validate phase gets a total
        onProgress: (p) => callbacks.onProgress(p.phase === 'validate' ? { ...p, total: report.total } : p),
      },
      ac.signal,
    ).then(
      (r) => {
        if (ac.signal.aborted) return;
        setResult(r);
        setPhase('done');
        if (table) mapping.remember();
        optsRef.current.onImported(layerId, r);
        announceWrite('import', layerId, r.warnings);
      },
      (err: unknown) => {
        if (ac.signal.aborted) return;
        setError(toError(err));
        setPhase('ready');
      },
    );
  }, [file, report, phase, layerId, mode, repair, crs, table, columns, attributes, mapping.remember, abort, callbacks]);

  /** Back to an empty dialog (a new file); the preview goes. */
  const reset = useCallback(() => {
    abort();
    setFileState(null);
    setReport(null);
    setResult(null);
    setError(null);
    setCrs('');
    setProgress(NO_PROGRESS);
    setPhase('pick');
  }, [abort]);

  return {
    layerId,
    setLayerId,
    file,
    setFile,
    crs,
    setCrs,
    mode,
    setMode,
    repair,
    setRepair,
    table,
    columns,
    setColumns: mapping.setColumns,
    attributes,
    setAttributes: mapping.setAttributes,
    phase,
    progress,
    report,
    result,
    error,
    formats,
    confirm,
    reset,
  };
}

export type ImportState = ReturnType<typeof useImport>;
