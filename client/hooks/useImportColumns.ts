/**
 * The import dialog's column-mapping step: a CSV or GeoJSON is read in the browser for its headers,
 * the mapping guessed from them and from what the user confirmed last time for this layer. The dry
 * run waits until the file has been looked at (`tableOf`), so it runs once, with the mapping.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportOptions } from '../api/import.ts';
import { guessMapping, type ColumnMapping } from '../lib/columnMapping.ts';
import { readTable, tableFormatOf, type ReadTable } from '../lib/readTable.ts';
import { useRememberedMapping } from './useColumnMapping.ts';

/** Files read in the browser for the mapping (larger ones go without it: the server guesses). */
const MAPPING_MAX_BYTES = 20 * 1024 * 1024;

/** What the server takes of a mapping: the name, and the coordinate columns of a CSV (both or neither). */
export function serverColumns(table: ReadTable | null, m: ColumnMapping): ImportOptions['columns'] {
  if (!table) return undefined;
  const out: NonNullable<ImportOptions['columns']> = {};
  if (m.name !== undefined) out.name = m.name;
  if (table.format === 'csv' && m.x !== undefined && m.y !== undefined) Object.assign(out, { x: m.x, y: m.y });
  return out;
}

export function useImportColumns(file: File | null, layerId: string) {
  const [table, setTable] = useState<ReadTable | null>(null);
  const [columns, setColumns] = useState<ColumnMapping>({});
  /** The file whose columns have been looked at (read, or not readable here). */
  const [tableOf, setTableOf] = useState<File | null>(null);
  const { recall, remember } = useRememberedMapping(`import:${layerId}`);
  const recallRef = useRef(recall);
  recallRef.current = recall;

  useEffect(() => {
    setTable(null);
    const format = file && tableFormatOf(file.name);
    if (!file || !format || format === 'xlsx' || file.size > MAPPING_MAX_BYTES) return setTableOf(file);
    let live = true;
    const done = (t: ReadTable | null) => {
      if (!live) return;
      setTable(t);
      if (t) setColumns(guessMapping(t.headers, recallRef.current()));
      setTableOf(file);
    };
    // unreadable here: the server's dry run says why
    readTable(file).then(done, () => done(null));
    return () => {
      live = false;
    };
  }, [file]);

  // another layer: its remembered mapping
  const tableRef = useRef(table);
  tableRef.current = table;
  useEffect(() => {
    if (tableRef.current) setColumns(guessMapping(tableRef.current.headers, recall()));
  }, [recall]);

  return { table, columns, setColumns, tableOf, remember };
}
