/** Pages of a long list (the attribute table): which rows a page shows, the page kept in range. */
export interface PageWindow {
  /** The page shown, 0-based, within [0, pages - 1]. */
  page: number;
  /** At least 1 (an empty list has one empty page). */
  pages: number;
  /** Rows [from, to) of the list. */
  from: number;
  to: number;
}

export function pageWindow(total: number, page: number, size: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, Math.trunc(page)), pages - 1);
  return { page: p, pages, from: p * size, to: Math.min(total, (p + 1) * size) };
}
