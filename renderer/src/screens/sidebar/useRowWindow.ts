// Which rows of a list of equal rows are in view: the sidebar's lists may hold 10,000 message
// requests after a flood, and only the rows on screen (plus a margin) are rendered. Every row has the
// same height (the CSS fixes it), so there is nothing to measure — unlike the timeline's VirtualList,
// whose rows of any height are measured and anchored to the newest message.
import { type RefObject, useCallback, useLayoutEffect, useState } from 'react';

export interface RowWindow {
  readonly first: number;
  /** One past the last row to render. */
  readonly end: number;
  readonly totalHeight: number;
  /** Scrolls just enough to show row `index`. */
  readonly reveal: (index: number) => void;
}

/** Rows rendered above and below the viewport, so that a quick scroll meets rows already there. */
const marginRows = 8;
/** Until the scroller is laid out (and in tests without layout), assume a tall window. */
const assumedViewportHeight = 1_000;

export function useRowWindow(
  scrollerRef: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: assumedViewportHeight });

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const read = (): void =>
      setView({ top: scroller.scrollTop, height: scroller.clientHeight || assumedViewportHeight });
    read();
    scroller.addEventListener('scroll', read, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(read);
    observer?.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', read);
      observer?.disconnect();
    };
  }, [scrollerRef]);

  const reveal = useCallback(
    (index: number) => {
      const scroller = scrollerRef.current;
      if (!scroller) return;
      const top = index * rowHeight;
      const height = scroller.clientHeight || assumedViewportHeight;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top + rowHeight > scroller.scrollTop + height) scroller.scrollTop = top + rowHeight - height;
    },
    [scrollerRef, rowHeight],
  );

  const first = Math.max(0, Math.floor(view.top / rowHeight) - marginRows);
  const end = Math.min(rowCount, Math.ceil((view.top + view.height) / rowHeight) + marginRows);
  return { first, end, totalHeight: rowCount * rowHeight, reveal };
}
