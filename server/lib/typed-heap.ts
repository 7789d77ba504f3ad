/**
 * A binary min-heap of (item, key) pairs in typed arrays, for the best-first searches of the
 * boundary distances (boundary-distance.ts over the zones' boxes, boundary-runs.ts over one zone's
 * runs): items are positions (uint32), keys squared or plain distances (float64). It allocates
 * nothing per search: each search owns one heap, empties it at its start and grows it when a search
 * needs more. A search nested in another's loop (a zone's runs inside the layer's boxes) uses its
 * own heap.
 */
export class TypedMinHeap {
  /** Entries 0 … size − 1 in heap order: the least key at 0. */
  private items = new Uint32Array(256);
  private keys = new Float64Array(256);
  size = 0;

  /** Empties the heap and puts one entry in it. */
  reset(item: number, key: number): void {
    this.items[0] = item;
    this.keys[0] = key;
    this.size = 1;
  }

  /** The least key (size > 0). */
  topKey(): number {
    return this.keys[0]!;
  }

  /** Takes out the entry with the least key and answers its item (size > 0): the last entry sifts down from the top. */
  pop(): number {
    const items = this.items;
    const keys = this.keys;
    const top = items[0]!;
    const size = --this.size;
    if (size > 0) {
      const item = items[size]!;
      const key = keys[size]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        items[i] = items[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      items[i] = item;
      keys[i] = key;
    }
    return top;
  }

  /** Adds an entry: it sifts up from the bottom. */
  push(item: number, key: number): void {
    if (this.size === this.items.length) this.grow();
    const items = this.items;
    const keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      items[i] = items[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  private grow(): void {
    const items = new Uint32Array(this.items.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    items.set(this.items);
    keys.set(this.keys);
    this.items = items;
    this.keys = keys;
  }
}
