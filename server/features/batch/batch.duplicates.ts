/**
 * Duplicate coordinates across a whole site list in bounded memory: each accepted row's WGS84
 * position quantised to 1e-7° (≈ 1 cm, the same positions the old string keys `lng.toFixed(7)`
 * matched) in three typed arrays — 12 bytes a row, 1.2 MB at the 100 000-row limit — sorted once;
 * only rows that share a position get an entry, all rows of a group pointing at one array. A warning
 * names at most DUPLICATE_ROWS_LISTED of the other rows and counts them all, so 100 000 rows at one
 * point cannot make the answer quadratic.
 */

/** Other rows a DUPLICATE_COORDINATES warning lists (its `count` is exact). */
export const DUPLICATE_ROWS_LISTED = 10;

export class DuplicatePositions {
  #rows = new Uint32Array(1024);
  #x = new Int32Array(1024);
  #y = new Int32Array(1024);
  #n = 0;
  #groups = new Map<number, Uint32Array>();

  /** A row's WGS84 position (rows are added in input order). */
  add(row: number, lng: number, lat: number): void {
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) return;
    if (this.#n === this.#rows.length) {
      const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.#rows = grow(this.#rows, (n) => new Uint32Array(n));
      this.#x = grow(this.#x, (n) => new Int32Array(n));
      this.#y = grow(this.#y, (n) => new Int32Array(n));
    }
    this.#rows[this.#n] = row;
    this.#x[this.#n] = Math.round(lng * 1e7);
    this.#y[this.#n] = Math.round(lat * 1e7);
    this.#n++;
  }

  /** Groups the rows added so far by position. */
  finish(): void {
    const x = this.#x;
    const y = this.#y;
    const order = new Uint32Array(this.#n).map((_, i) => i);
    order.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]! || a - b);
    for (let s = 0; s < order.length; ) {
      let e = s + 1;
      while (e < order.length && x[order[e]!] === x[order[s]!] && y[order[e]!] === y[order[s]!]) e++;
      if (e - s > 1) {
        const group = Uint32Array.from(order.subarray(s, e), (i) => this.#rows[i]!);
        for (const row of group) this.#groups.set(row, group);
      }
      s = e;
    }
    // the positions are no longer needed
    this.#rows = new Uint32Array(0);
    this.#x = new Int32Array(0);
    this.#y = new Int32Array(0);
  }

  /** The other rows at this row's position: the first few, and how many there are. */
  others(row: number): { rows: number[]; count: number } | undefined {
    const group = this.#groups.get(row);
    if (!group) return undefined;
    const rows: number[] = [];
    for (const r of group) if (r !== row && rows.length < DUPLICATE_ROWS_LISTED) rows.push(r);
    return { rows, count: group.length - 1 };
  }
}
