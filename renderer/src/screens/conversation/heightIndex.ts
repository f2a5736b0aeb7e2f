// The geometry of a virtual list: each row's height (measured, or estimated until it is), their
// prefix sums (the top of every row), and the searches a scroll position needs: which row is at a
// given offset (binary search over the prefix sums), and where a remembered row went after rows
// were added above it. Pure, so that it is tested without a browser; a list of 100,000 rows costs
// one Float64Array pass when its rows change and O(log n) per lookup. Rows added at either end
// take the other rows' heights from the previous index, so that only the new rows are asked for
// theirs: loading a page of older messages costs the page, not the whole list again.

export class HeightIndex<Key> {
  readonly keys: readonly Key[];
  private readonly heights: Float64Array;
  /** prefix[i] is the top of row i (the sum of the heights before it); prefix[n] is the total. */
  private readonly prefix: Float64Array;
  /** prefix[0..validUpTo] are up to date; a changed height invalidates the sums after it. */
  private validUpTo = 0;

  /**
   * `previous`, when given, must have taken its heights from the same source: when its keys are
   * all of `keys` at the start or the end, in order, its heights are kept for them.
   */
  constructor(
    keys: readonly Key[],
    heightOf: (key: Key, index: number) => number,
    previous?: HeightIndex<Key>,
  ) {
    this.keys = keys;
    this.heights = new Float64Array(keys.length);
    this.prefix = new Float64Array(keys.length + 1);
    const kept = previous ? keptAt(previous.keys, keys) : -1;
    const keptEnd = kept >= 0 ? kept + previous!.length : -1;
    if (kept >= 0) this.heights.set(previous!.heights, kept);
    for (let index = 0; index < keys.length; index += 1) {
      if (index >= kept && index < keptEnd) continue;
      this.heights[index] = heightOf(keys[index]!, index);
    }
    for (let index = 0; index < keys.length; index += 1) {
      this.prefix[index + 1] = this.prefix[index]! + this.heights[index]!;
    }
    this.validUpTo = keys.length;
  }

  get length(): number {
    return this.keys.length;
  }

  heightAt(index: number): number {
    return this.heights[index] ?? 0;
  }

  /** Records a measured height; true when it differs from what the index held. */
  setHeight(index: number, height: number): boolean {
    if (index < 0 || index >= this.keys.length) return false;
    if (Math.abs(this.heights[index]! - height) < 0.5) return false;
    this.heights[index] = height;
    this.validUpTo = Math.min(this.validUpTo, index);
    return true;
  }

  private ensure(upTo: number): void {
    if (upTo <= this.validUpTo) return;
    for (let index = this.validUpTo; index < upTo; index += 1) {
      this.prefix[index + 1] = this.prefix[index]! + this.heights[index]!;
    }
    this.validUpTo = upTo;
  }

  /** The top of row `index`; offsetOf(length) is the total height. */
  offsetOf(index: number): number {
    const clamped = Math.max(0, Math.min(index, this.keys.length));
    this.ensure(clamped);
    return this.prefix[clamped]!;
  }

  get totalHeight(): number {
    return this.offsetOf(this.keys.length);
  }

  /** The row that covers `offset` (clamped to the first and last rows); -1 when there are none. */
  indexAt(offset: number): number {
    const count = this.keys.length;
    if (count === 0) return -1;
    this.ensure(count);
    if (offset <= 0) return 0;
    if (offset >= this.prefix[count]!) return count - 1;
    // The last row whose top is at or above the offset.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.prefix[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /**
   * Where `key` is now. Rows are mostly added at the ends, so the places a row moves to then are
   * tried first (the same index, or shifted by the count added in front); else a linear search.
   */
  findKey(key: Key, hint: number, previousLength: number): number {
    const shifted = hint + (this.keys.length - previousLength);
    if (this.keys[shifted] === key) return shifted;
    if (this.keys[hint] === key) return hint;
    return this.keys.indexOf(key);
  }
}

/** Where `previous` sits in `keys` when rows were only added in front of it or after it; else -1. */
function keptAt<Key>(previous: readonly Key[], keys: readonly Key[]): number {
  if (previous.length === 0 || previous.length > keys.length) return -1;
  const matches = (at: number): boolean => {
    for (let index = 0; index < previous.length; index += 1) {
      if (keys[at + index] !== previous[index]) return false;
    }
    return true;
  };
  const front = keys.length - previous.length;
  if (matches(front)) return front;
  return front > 0 && matches(0) ? 0 : -1;
}

/** A scroll position remembered as a row and how far into it the viewport's top is. */
export interface ScrollAnchor<Key> {
  readonly key: Key;
  readonly index: number;
  /** The length of the list when the anchor was taken, to find the row again after a prepend. */
  readonly length: number;
  readonly offset: number;
}

export function anchorAt<Key>(index: HeightIndex<Key>, scrollTop: number): ScrollAnchor<Key> | null {
  const row = index.indexAt(scrollTop);
  if (row < 0) return null;
  return { key: index.keys[row]!, index: row, length: index.length, offset: scrollTop - index.offsetOf(row) };
}

/**
 * The scrollTop that shows the anchored row where it was. A row that is gone (deleted) leaves its
 * place: the row now at its index takes over.
 */
export function scrollTopFor<Key>(index: HeightIndex<Key>, anchor: ScrollAnchor<Key> | null): number {
  if (!anchor || index.length === 0) return 0;
  let row = index.findKey(anchor.key, anchor.index, anchor.length);
  if (row < 0) row = Math.min(anchor.index, index.length - 1);
  return Math.max(0, index.offsetOf(row) + anchor.offset);
}

export interface RowRange {
  /** The first row to render. */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
}

/** The rows in view plus `overscan` pixels above and below. */
export function visibleRange<Key>(
  index: HeightIndex<Key>,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): RowRange {
  if (index.length === 0) return { start: 0, end: 0 };
  const start = index.indexAt(scrollTop - overscan);
  const last = index.indexAt(scrollTop + viewportHeight + overscan);
  return { start, end: last + 1 };
}

/**
 * Whether the rows rendered still reach `margin` pixels beyond the viewport on both sides (or the
 * list's ends there): when they do, a height measured since needs no new render.
 */
export function covers<Key>(
  index: HeightIndex<Key>,
  rendered: RowRange,
  scrollTop: number,
  viewportHeight: number,
  margin: number,
): boolean {
  const wanted = visibleRange(index, scrollTop, viewportHeight, margin);
  return rendered.start <= wanted.start && rendered.end >= wanted.end;
}

/** The scrollTop of the bottom: the last row's end at the viewport's bottom. */
export function bottomScrollTop<Key>(index: HeightIndex<Key>, viewportHeight: number): number {
  return Math.max(0, index.totalHeight - viewportHeight);
}
