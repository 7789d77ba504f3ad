/**
 * The import dialog's column-mapping step: a CSV or GeoJSON is read in the browser for its headers,
 * the mapping guessed from them and from what the user confirmed last time for this layer — the
 * name and coordinate columns, and which column holds which of the layer's attributes (guessed from
 * the catalogue's keys and labels). The dry run waits until the file has been looked at (`tableOf`),
 * so it runs once, with the mapping.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportOptions } from '../api/import.ts';
import { guessAttributes, guessMapping, type AttributeMapping, type ColumnMapping, type MappableAttribute, type Role } from '../lib/columnMapping.ts';
import { readTable, tableFormatOf, type ReadTable } from '../lib/readTable.ts';
import { useRememberedAttributes, useRememberedMapping } from './useColumnMapping.ts';

/** Files read in the browser for the mapping (larger ones go without it: the server guesses). */
const MAPPING_MAX_BYTES = 20 * 1024 * 1024;

/** The roles the import dialog offers: the name, and a CSV's two coordinate columns (a GeoJSON's come from its geometry). */
export function importRoles(table: ReadTable): Role[] {
  return table.format === 'csv' ? ['name', 'x', 'y'] : ['name'];
}

/** What the server takes of a mapping: the name, the coordinate columns of a CSV (both or neither), the attribute columns. */
export function serverColumns(table: ReadTable | null, m: ColumnMapping, attributes: AttributeMapping = {}): ImportOptions['columns'] {
  if (!table) return undefined;
  const out: NonNullable<ImportOptions['columns']> = {};
  if (m.name !== undefined) out.name = m.name;
  if (table.format === 'csv' && m.x !== undefined && m.y !== undefined) Object.assign(out, { x: m.x, y: m.y });
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  return out;
}

/** The headers the shown roles use (the attributes may take the others). */
const roleHeaders = (table: ReadTable, m: ColumnMapping) => new Set(importRoles(table).flatMap((r) => (m[r] === undefined ? [] : [m[r]])));

export function useImportColumns(file: File | null, layerId: string, attributeDefs: readonly MappableAttribute[]) {
  const [table, setTable] = useState<ReadTable | null>(null);
  const [columns, setColumnsState] = useState<ColumnMapping>({});
  const [attributes, setAttributesState] = useState<AttributeMapping>({});
  /** The file whose columns have been looked at (read, or not readable here). */
  const [tableOf, setTableOf] = useState<File | null>(null);
  const roles = useRememberedMapping(`import:${layerId}`);
  const attrs = useRememberedAttributes(layerId);
  const latest = useRef({ recall: roles.recall, recallAttributes: attrs.recall, attributeDefs });
  latest.current = { recall: roles.recall, recallAttributes: attrs.recall, attributeDefs };

  /** The whole guess for a table: roles first, the layer's attributes from the columns they left. */
  const guess = (t: ReadTable) => {
    const { recall, recallAttributes, attributeDefs: defs } = latest.current;
    const m = guessMapping(t.headers, recall());
    setColumnsState(m);
    setAttributesState(guessAttributes(t.headers, defs, roleHeaders(t, m), recallAttributes()));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: guess reads the latest recall and attributes through a ref
  useEffect(() => {
    setTable(null);
    const format = file && tableFormatOf(file.name);
    if (!file || !format || format === 'xlsx' || file.size > MAPPING_MAX_BYTES) return setTableOf(file);
    let live = true;
    const done = (t: ReadTable | null) => {
      if (!live) return;
      setTable(t);
      if (t) guess(t);
      setTableOf(file);
    };
    // unreadable here: the server's dry run says why
    readTable(file).then(done, () => done(null));
    return () => {
      live = false;
    };
  }, [file]);

  // another layer: its remembered mapping and its attributes
  const tableRef = useRef(table);
  tableRef.current = table;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new layer (its recall and attributes) guesses again; guess reads them through a ref
  useEffect(() => {
    if (tableRef.current) guess(tableRef.current);
  }, [roles.recall, attrs.recall, attributeDefs]);

  /** A role takes its column away from an attribute that held it. */
  const setColumns = (m: ColumnMapping) => {
    setColumnsState(m);
    if (!table) return;
    const used = roleHeaders(table, m);
    setAttributesState((a) => Object.fromEntries(Object.entries(a).filter(([, h]) => !used.has(h))));
  };

  const { remember: rememberRoles } = roles;
  const { remember: rememberAttributes } = attrs;
  const remember = useCallback(() => {
    rememberRoles(columns);
    rememberAttributes(attributes);
  }, [rememberRoles, rememberAttributes, columns, attributes]);

  return { table, columns, setColumns, attributes, setAttributes: setAttributesState, tableOf, remember };
}
