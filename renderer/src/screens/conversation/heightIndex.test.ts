import { describe, expect, it } from 'vitest';
import { anchorAt, bottomScrollTop, covers, HeightIndex, scrollTopFor, visibleRange } from './heightIndex';

const range = (count: number, from = 0) => Array.from({ length: count }, (_, index) => from + index);

describe('HeightIndex', () => {
  it('keeps prefix sums of the heights', () => {
    const index = new HeightIndex([1, 2, 3, 4], (key) => key * 10);
    expect(index.offsetOf(0)).toBe(0);
    expect(index.offsetOf(1)).toBe(10);
    expect(index.offsetOf(3)).toBe(60);
    expect(index.totalHeight).toBe(100);
    expect(index.offsetOf(99)).toBe(100);
    expect(index.offsetOf(-5)).toBe(0);
  });

  it('finds the row at an offset by binary search', () => {
    const index = new HeightIndex([1, 2, 3, 4], (key) => key * 10);
    expect(index.indexAt(-20)).toBe(0);
    expect(index.indexAt(0)).toBe(0);
    expect(index.indexAt(9.9)).toBe(0);
    expect(index.indexAt(10)).toBe(1);
    expect(index.indexAt(29)).toBe(1);
    expect(index.indexAt(30)).toBe(2);
    expect(index.indexAt(99)).toBe(3);
    expect(index.indexAt(1_000)).toBe(3);
    expect(new HeightIndex([], () => 10).indexAt(0)).toBe(-1);
  });

  it('updates the sums after a measured height, from that row on', () => {
    const index = new HeightIndex(range(5), () => 20);
    expect(index.totalHeight).toBe(100);
    expect(index.setHeight(2, 50)).toBe(true);
    expect(index.setHeight(2, 50.2)).toBe(false);
    expect(index.setHeight(7, 50)).toBe(false);
    expect(index.offsetOf(2)).toBe(40);
    expect(index.offsetOf(3)).toBe(90);
    expect(index.totalHeight).toBe(130);
    expect(index.indexAt(89)).toBe(2);
    expect(index.indexAt(90)).toBe(3);
  });

  it('answers quickly for 100,000 rows', () => {
    const index = new HeightIndex(range(100_000), (key) => 40 + (key % 7) * 10);
    let expected = 0;
    for (let row = 0; row < 50_000; row += 1) expected += 40 + (row % 7) * 10;
    expect(index.offsetOf(50_000)).toBe(expected);
    expect(index.indexAt(expected)).toBe(50_000);
    expect(index.indexAt(expected - 1)).toBe(49_999);
    index.setHeight(99_999, 500);
    expect(index.indexAt(index.totalHeight - 1)).toBe(99_999);
  });

  it('finds a key again after rows were added in front or behind', () => {
    const before = range(10, 100);
    const index = new HeightIndex([...range(5, 50), ...before], () => 10);
    expect(index.findKey(103, 3, before.length)).toBe(8);
    const appended = new HeightIndex([...before, 200, 201], () => 10);
    expect(appended.findKey(103, 3, before.length)).toBe(3);
    const shuffled = new HeightIndex([105, 103, 100], () => 10);
    expect(shuffled.findKey(103, 3, before.length)).toBe(1);
    expect(shuffled.findKey(999, 0, 3)).toBe(-1);
  });
});

describe('HeightIndex from a previous index', () => {
  it('keeps the heights of the rows that stay when rows are added at either end', () => {
    const first = new HeightIndex(range(4, 10), () => 20);
    first.setHeight(1, 35);
    const asked: number[] = [];
    const heightOf = (key: number) => {
      asked.push(key);
      return 50;
    };
    const prepended = new HeightIndex([7, 8, 9, ...range(4, 10)], heightOf, first);
    expect(asked).toEqual([7, 8, 9]);
    expect([...range(7)].map((row) => prepended.heightAt(row))).toEqual([50, 50, 50, 20, 35, 20, 20]);
    expect(prepended.totalHeight).toBe(245);
    expect(prepended.indexAt(150)).toBe(3);

    asked.length = 0;
    const appended = new HeightIndex([...range(4, 10), 14], heightOf, first);
    expect(asked).toEqual([14]);
    expect(appended.offsetOf(2)).toBe(55);
    expect(appended.totalHeight).toBe(145);
  });

  it('asks for every height when the rows changed otherwise', () => {
    const first = new HeightIndex(range(4, 10), () => 20);
    const asked: number[] = [];
    const heightOf = (key: number) => {
      asked.push(key);
      return 30;
    };
    expect(new HeightIndex([10, 12, 13], heightOf, first).totalHeight).toBe(90);
    expect(new HeightIndex([11, 10, 12, 13, 14], heightOf, first).totalHeight).toBe(150);
    expect(new HeightIndex(range(4, 10), heightOf, new HeightIndex([], () => 20)).totalHeight).toBe(120);
    expect(asked).toEqual([10, 12, 13, 11, 10, 12, 13, 14, 10, 11, 12, 13]);
  });
});

describe('scroll anchoring', () => {
  it('keeps the visible row in place when older rows are prepended', () => {
    const first = new HeightIndex(range(50, 1_000), () => 40);
    const scrollTop = 10 * 40 + 15; // 15 px into row 10
    const anchor = anchorAt(first, scrollTop);
    expect(anchor).toMatchObject({ key: 1_010, index: 10, offset: 15 });
    // An older page of 30 rows, 60 px each, arrives in front.
    const second = new HeightIndex([...range(30, 500), ...range(50, 1_000)], (key) =>
      key < 1_000 ? 60 : 40,
    );
    expect(scrollTopFor(second, anchor)).toBe(scrollTop + 30 * 60);
  });

  it('keeps the row in place when rows above it are measured taller', () => {
    const index = new HeightIndex(range(20), () => 40);
    const anchor = anchorAt(index, 200);
    index.setHeight(1, 100);
    expect(scrollTopFor(index, anchor)).toBe(260);
  });

  it('falls back to the same index when the anchored row was removed', () => {
    const index = new HeightIndex(range(20), () => 40);
    const anchor = anchorAt(index, 205);
    const removed = new HeightIndex(
      range(20).filter((key) => key !== 5),
      () => 40,
    );
    expect(scrollTopFor(removed, anchor)).toBe(205);
    expect(scrollTopFor(new HeightIndex([], () => 40), anchor)).toBe(0);
    expect(scrollTopFor(index, null)).toBe(0);
  });
});

describe('visibleRange', () => {
  it('covers the viewport and the overscan', () => {
    const index = new HeightIndex(range(1_000), () => 50);
    expect(visibleRange(index, 5_000, 500, 100)).toEqual({ start: 98, end: 113 });
    expect(visibleRange(index, 0, 500, 100)).toEqual({ start: 0, end: 13 });
    expect(visibleRange(index, bottomScrollTop(index, 500), 500, 100)).toEqual({ start: 988, end: 1_000 });
    expect(visibleRange(new HeightIndex([], () => 50), 0, 500, 100)).toEqual({ start: 0, end: 0 });
  });

  it('puts the bottom at the end of the last row, or at 0 when everything fits', () => {
    expect(bottomScrollTop(new HeightIndex(range(100), () => 50), 600)).toBe(4_400);
    expect(bottomScrollTop(new HeightIndex(range(3), () => 50), 600)).toBe(0);
  });
});

describe('covers', () => {
  it('holds while the rows rendered reach the margin beyond the viewport on both sides', () => {
    const index = new HeightIndex(range(1_000), () => 50);
    // Rendered for scrollTop 10,000 with 200 px of overscan: rows 196–215.
    const rendered = visibleRange(index, 10_000, 600, 200);
    expect(covers(index, rendered, 10_000, 600, 100)).toBe(true);
    expect(covers(index, rendered, 10_090, 600, 100)).toBe(true);
    // Scrolled on by more than the margin's slack, or the rows measured shorter: rows are missing.
    expect(covers(index, rendered, 10_200, 600, 100)).toBe(false);
    for (let row = rendered.start; row < rendered.end; row += 1) index.setHeight(row, 30);
    expect(covers(index, rendered, 10_000, 600, 100)).toBe(false);
  });

  it('holds at the ends of the list, where there is nothing more to render', () => {
    const index = new HeightIndex(range(10), () => 50);
    expect(covers(index, { start: 0, end: 10 }, 0, 600, 300)).toBe(true);
    expect(covers(index, { start: 1, end: 10 }, 0, 600, 300)).toBe(false);
  });
});
