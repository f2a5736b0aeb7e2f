// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { createRef } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualList, type VirtualListHandle } from './VirtualList';

// happy-dom does no layout: the scroller reports a 600 px viewport and a scroll height computed
// from what the list rendered (its spacers plus 50 px per row).
const viewport = 600;
const rowHeight = 50;

function contentHeight(scroller: HTMLElement): number {
  const content = scroller.firstElementChild as HTMLElement;
  const rows = content.children.length;
  return parseFloat(content.style.paddingTop) + parseFloat(content.style.paddingBottom) + rows * rowHeight;
}

const saved = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight'),
};

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-list') ? viewport : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-list') ? contentHeight(this) : 0;
    },
  });
});

afterAll(() => {
  if (saved.clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved.clientHeight);
  if (saved.scrollHeight) Object.defineProperty(Element.prototype, 'scrollHeight', saved.scrollHeight);
});

afterEach(cleanup);

const keysFrom = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);
const estimate = () => rowHeight;

function renderList(keys: readonly number[], onNearTop = vi.fn(), handle = createRef<VirtualListHandle>()) {
  const heightCache = new Map<number, number>();
  const element = (rows: readonly number[]) => (
    <VirtualList
      keys={rows}
      heightCache={heightCache}
      estimateHeight={estimate}
      renderRow={(key) => <span>message {key}</span>}
      onNearTop={onNearTop}
      listLabel="Messages"
      handle={handle}
      overscan={200}
      nearTop={300}
    />
  );
  const result = render(element(keys));
  const scroller = result.container.querySelector<HTMLElement>('.virtual-list')!;
  const rendered = () =>
    Array.from(scroller.querySelectorAll<HTMLElement>('[data-key]')).map((row) => Number(row.dataset.key));
  return {
    ...result,
    scroller,
    rendered,
    rerenderWith: (rows: readonly number[]) => result.rerender(element(rows)),
  };
}

function scrollTo(scroller: HTMLElement, top: number): void {
  scroller.scrollTop = top;
  fireEvent.scroll(scroller);
}

describe('VirtualList', () => {
  it('renders only the rows at the bottom of 100,000', () => {
    const { rendered, scroller, getByRole } = renderList(keysFrom(0, 100_000));
    const rows = rendered();
    expect(rows.length).toBeLessThan(30);
    expect(rows.at(-1)).toBe(99_999);
    expect(scroller.scrollTop).toBe(100_000 * rowHeight - viewport);
    const list = getByRole('list', { name: 'Messages' });
    expect(list.firstElementChild?.getAttribute('aria-setsize')).toBe('100000');
  });

  it('renders the rows in view after a scroll, and asks for older rows near the top', () => {
    const onNearTop = vi.fn();
    const { rendered, scroller } = renderList(keysFrom(0, 100_000), onNearTop);
    act(() => scrollTo(scroller, 50_000 * rowHeight));
    expect(rendered()[0]).toBe(50_000 - 200 / rowHeight);
    expect(rendered()).toContain(50_000 + viewport / rowHeight - 1);
    expect(onNearTop).not.toHaveBeenCalled();
    act(() => scrollTo(scroller, 100));
    expect(rendered()[0]).toBe(0);
    expect(onNearTop).toHaveBeenCalled();
  });

  it('keeps the visible row in place when older rows are prepended', () => {
    const { scroller, rendered, rerenderWith } = renderList(keysFrom(1_000, 200));
    act(() => scrollTo(scroller, 40 * rowHeight + 10));
    const firstVisible = 1_040;
    act(() => rerenderWith(keysFrom(900, 300)));
    expect(scroller.scrollTop).toBe(140 * rowHeight + 10);
    expect(rendered()).toContain(firstVisible);
  });

  it('stays at the bottom as new rows arrive, but not when scrolled up', () => {
    const handle = createRef<VirtualListHandle>();
    const { scroller, rendered, rerenderWith } = renderList(keysFrom(0, 100), vi.fn(), handle);
    act(() => rerenderWith(keysFrom(0, 101)));
    expect(scroller.scrollTop).toBe(101 * rowHeight - viewport);
    expect(rendered().at(-1)).toBe(100);
    act(() => scrollTo(scroller, 1_000));
    act(() => rerenderWith(keysFrom(0, 102)));
    expect(scroller.scrollTop).toBe(1_000);
    act(() => handle.current!.scrollToBottom());
    expect(scroller.scrollTop).toBe(102 * rowHeight - viewport);
    expect(rendered().at(-1)).toBe(101);
  });

  it('detached from the newest rows, never pins itself to the bottom and asks for newer rows there', () => {
    const handle = createRef<VirtualListHandle>();
    const onNearBottom = vi.fn();
    const heightCache = new Map<number, number>();
    const element = (rows: readonly number[]) => (
      <VirtualList
        keys={rows}
        heightCache={heightCache}
        estimateHeight={estimate}
        renderRow={(key) => <span>message {key}</span>}
        listLabel="Messages"
        handle={handle}
        detached
        onNearBottom={onNearBottom}
        overscan={200}
        nearTop={300}
      />
    );
    const { container, rerender } = render(element(keysFrom(0, 100)));
    const scroller = container.querySelector<HTMLElement>('.virtual-list')!;
    act(() => handle.current!.scrollToKey(50));
    expect(scroller.scrollTop).toBe(50 * rowHeight - viewport / 3);
    onNearBottom.mockClear();
    const bottom = 100 * rowHeight - viewport;
    act(() => scrollTo(scroller, bottom));
    expect(onNearBottom).toHaveBeenCalled();
    // A newer page comes: the view stays where it was instead of following the new bottom.
    act(() => rerender(element(keysFrom(0, 150))));
    expect(scroller.scrollTop).toBe(bottom);
  });

  it('re-renders for a measured height only when its rows no longer cover the view', () => {
    // happy-dom lays nothing out: the rows' measurements are told to the list's observer by hand.
    const observers: { callback: ResizeObserverCallback; observed: Set<Element> }[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        readonly observed = new Set<Element>();
        constructor(readonly callback: ResizeObserverCallback) {
          observers.push(this);
        }
        observe(element: Element) {
          this.observed.add(element);
        }
        unobserve(element: Element) {
          this.observed.delete(element);
        }
        disconnect() {
          this.observed.clear();
        }
      },
    );
    try {
      const renderRow = vi.fn((key: number) => <span>message {key}</span>);
      const { container } = render(
        <VirtualList
          keys={keysFrom(0, 1_000)}
          heightCache={new Map()}
          estimateHeight={estimate}
          renderRow={renderRow}
          listLabel="Messages"
          overscan={200}
        />,
      );
      const observer = observers[0]!;
      const rows = () => Array.from(container.querySelectorAll<HTMLElement>('.virtual-list__row'));
      const measured = (row: HTMLElement, height: number) =>
        ({
          target: row,
          borderBoxSize: [{ blockSize: height, inlineSize: 600 }],
        }) as unknown as ResizeObserverEntry;
      expect(rows().every((row) => observer.observed.has(row))).toBe(true);
      // Scrolled up, where the view is kept by its anchored row (the mocked scroll height knows
      // nothing of measured heights, so the bottom would not move).
      act(() => scrollTo(container.querySelector<HTMLElement>('.virtual-list')!, 20_000));

      // A row a few pixels taller than its estimate: the rows still cover the view and the overscan.
      renderRow.mockClear();
      act(() => observer.callback([measured(rows().at(-1)!, rowHeight + 8)], observer as never));
      expect(renderRow).not.toHaveBeenCalled();

      // Every row far shorter: the rows rendered no longer fill the view, so more are rendered.
      const before = rows().length;
      act(() =>
        observer.callback(
          rows().map((row) => measured(row, 10)),
          observer as never,
        ),
      );
      expect(renderRow).toHaveBeenCalled();
      expect(rows().length).toBeGreaterThan(before);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
