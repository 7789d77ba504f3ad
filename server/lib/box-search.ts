/**
 * A box query over a flatbush tree that allocates nothing per call: the site check runs several per
 * point (the layer's zones near the point, a zone's edges near it, the edges a ray crosses), and
 * flatbush's `search` makes two arrays (and the caller a closure) each time, which at ten thousand
 * points a batch was much of the in-process check's cost and its garbage.
 *
 * Each BoxSearch owns its stack and its result buffer (grown as needed), so searches nested in one
 * another's loops each use their own. It walks flatbush's packed tree through its typed fields
 * (`_boxes`, `_indices`, `_levelBounds`; see boundary-distance.ts's nearestBoundary for the layout),
 * and finds the items `search` finds: boxes intersecting or touching the query, in no set order.
 */
import type Flatbush from 'flatbush';

/**
 * Where the children of the node whose entries start at `node` end (indices into `_boxes`, 4 per
 * entry): at most nodeSize entries on, and never past the end of the node's level. Shared with
 * boundary-distance.ts's best-first search, which walks the same layout.
 */
export function childrenEnd(node: number, nodeSize4: number, levelBounds: ArrayLike<number>): number {
  const end = node + nodeSize4;
  for (let l = 0; l < levelBounds.length; l++) {
    const bound = levelBounds[l]!;
    if (bound > node) return Math.min(bound, end);
  }
  return end;
}

export class BoxSearch {
  /** Item indices found by the last run: found[0] … found[count − 1]. */
  found = new Uint32Array(64);
  count = 0;
  private stack = new Uint32Array(64);

  /** The items of `tree` whose box meets [minX, maxX] × [minY, maxY]; their number (see found). */
  run(tree: Flatbush, minX: number, minY: number, maxX: number, maxY: number): number {
    const boxes = tree._boxes;
    const indices = tree._indices;
    const levelBounds = tree._levelBounds;
    const leaves4 = tree.numItems * 4;
    const nodeSize4 = tree.nodeSize * 4;
    let stack = this.stack;
    let found = this.found;
    let depth = 0;
    let count = 0;
    // the root's box is the run of one entry at the end of the boxes
    stack[depth++] = boxes.length - 4;
    while (depth > 0) {
      const node = stack[--depth]!;
      const end = childrenEnd(node, nodeSize4, levelBounds);
      const leaf = node < leaves4;
      for (let pos = node; pos < end; pos += 4) {
        if (maxX < boxes[pos]! || maxY < boxes[pos + 1]! || minX > boxes[pos + 2]! || minY > boxes[pos + 3]!) continue;
        if (leaf) {
          if (count === found.length) {
            const grown = new Uint32Array(found.length * 2);
            grown.set(found);
            found = this.found = grown;
          }
          found[count++] = indices[pos >> 2]!;
        } else {
          if (depth === stack.length) {
            const grown = new Uint32Array(stack.length * 2);
            grown.set(stack);
            stack = this.stack = grown;
          }
          stack[depth++] = indices[pos >> 2]!;
        }
      }
    }
    this.count = count;
    return count;
  }
}
