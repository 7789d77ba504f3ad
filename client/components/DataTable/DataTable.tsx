/**
 * The result blocks the analysis, the audit log, the attribute table and the upload's column
 * mapping share: a table of rows under one header row, and the actions under a result (show it on
 * the map, download it).
 */
import type { ReactNode } from 'react';
import './DataTable.css';

interface TableProps {
  /** Column headers, in order. */
  head: readonly ReactNode[];
  testId?: string;
  className?: string;
  /** Scrolls sideways inside its own box (default) instead of the panel's. */
  wrap?: boolean;
  /** The table's title, read out with it (a <caption>). */
  caption?: { text: ReactNode; className?: string };
  /** The body rows. */
  children: ReactNode;
}

export function DataTable({ head, testId, className = 'analysis-table', wrap = true, caption, children }: TableProps) {
  const table = (
    <table className={className} data-testid={testId}>
      {caption && <caption className={caption.className}>{caption.text}</caption>}
      <thead>
        <tr>
          {head.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for a table's life
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}

export interface Download {
  href: string;
  label: string;
  testId?: string;
  /** A quiet (secondary) button. */
  quiet?: boolean;
  /** The file name to save as (for blob: links). */
  filename?: string;
}

interface ActionsProps {
  /** "Show on the map": a checkbox with the map mark's swatch before its label. */
  showOnMap?: { checked: boolean; onChange: (on: boolean) => void; label: string; swatch: string; testId: string };
  downloads: readonly Download[];
  className?: string;
  /** Buttons before the downloads (a form's submit). */
  children?: ReactNode;
}

export function ResultActions({ showOnMap, downloads, className = 'analysis__actions', children }: ActionsProps) {
  return (
    <div className={className}>
      {showOnMap && (
        <label className="check-option">
          <input type="checkbox" checked={showOnMap.checked} onChange={(e) => showOnMap.onChange(e.target.checked)} data-testid={showOnMap.testId} />
          <span className={showOnMap.swatch} aria-hidden="true" />
          {showOnMap.label}
        </label>
      )}
      {children}
      {downloads.map((d) => (
        <a key={d.href} className={d.quiet ? 'button button--quiet' : 'button'} href={d.href} download={d.filename ?? true} data-testid={d.testId}>
          {d.label}
        </a>
      ))}
    </div>
  );
}
