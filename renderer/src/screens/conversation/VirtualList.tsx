// A list that renders only the rows in view plus an overscan, for conversations of 100,000
// messages. Row heights are estimated, then measured (ResizeObserver) and cached per key by the
// caller, so a row is measured once per width. The scroll position is kept as an anchor (a row and
// how far into it the viewport starts), not as a pixel offset: when older rows are prepended or rows
// above are measured taller, scrollTop is moved by the height added, before the browser paints.
// At the bottom, the list stays pinned there as rows arrive. Geometry lives in heightIndex.ts.
import {
  type HTMLAttributes,
  type ReactNode,
  type Ref,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  anchorAt,
  bottomScrollTop,
  covers,
  HeightIndex,
  type RowRange,
  type ScrollAnchor,
  scrollTopFor,
  visibleRange,
} from './heightIndex';

export interface VirtualListHandle {
  /** Scrolls to the newest row and stays there as rows arrive. */
  scrollToBottom(): void;
  /** Brings a row into view, a third down the viewport; false when no row has that key. */
  scrollToKey(key: string | number): boolean;
}

export interface VirtualListProps<Key extends string | number> extends Omit<
  HTMLAttributes<HTMLDivElement>,
  'children' | 'onScroll'
> {
  readonly keys: readonly Key[];
  /** Measured heights by key, kept by the caller so that they outlive the component. */
  readonly heightCache: Map<Key, number>;
  /** A guess for a row not measured yet; keep it stable (useCallback). */
  readonly estimateHeight: (key: Key) => number;
  readonly renderRow: (key: Key, index: number) => ReactNode;
  /** Pixels rendered above and below the viewport. */
  readonly overscan?: number;
  /** How close to the top (px) counts as "near the top". */
  readonly nearTop?: number;
  readonly onNearTop?: () => void;
  /**
   * The newest rows are not loaded (a window of older history): the list never pins itself to the
   * bottom, and asks for newer rows with onNearBottom instead.
   */
  readonly detached?: boolean;
  readonly onNearBottom?: () => void;
  readonly onPinnedChange?: (pinned: boolean) => void;
  readonly handle?: Ref<VirtualListHandle>;
  /** The accessible name of the list of rows. */
  readonly listLabel: string;
}

/** Within this distance of the bottom the list counts as at the bottom (fractional pixels, zoom). */
const pinTolerance = 4;

export function VirtualList<Key extends string | number>({
  keys,
  heightCache,
  estimateHeight,
  renderRow,
  overscan = 800,
  nearTop = 600,
  onNearTop,
  onPinnedChange,
  detached = false,
  onNearBottom,
  handle,
  listLabel,
  className,
  ...rest
}: VirtualListProps<Key>) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  // The index of the last commit and where its heights came from: a new one keeps its heights for
  // the rows that stay, when they came from the same cache and estimate.
  const committedRef = useRef<{
    index: HeightIndex<Key>;
    heightCache: Map<Key, number>;
    estimateHeight: (key: Key) => number;
  } | null>(null);
  const index = useMemo(() => {
    const committed = committedRef.current;
    const previous =
      committed?.heightCache === heightCache && committed.estimateHeight === estimateHeight
        ? committed.index
        : undefined;
    return new HeightIndex(keys, (key) => heightCache.get(key) ?? estimateHeight(key), previous);
  }, [keys, heightCache, estimateHeight]);
  // The index, position and callbacks as of the last commit, for the observers and the handlers.
  const indexRef = useRef(index);
  const pinnedRef = useRef(true);
  const anchorRef = useRef<ScrollAnchor<Key> | null>(null);
  const renderedRef = useRef<RowRange>({ start: 0, end: 0 });
  const observerRef = useRef<ResizeObserver | null>(null);
  const callbacksRef = useRef({ onNearTop, onPinnedChange, onNearBottom });
  const detachedRef = useRef(detached);
  const overscanRef = useRef(overscan);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [, setRenderCount] = useState(0);
  const rerender = useCallback(() => setRenderCount((count) => count + 1), []);

  useLayoutEffect(() => {
    callbacksRef.current = { onNearTop, onPinnedChange, onNearBottom };
    detachedRef.current = detached;
    overscanRef.current = overscan;
  });

  const setPinned = useCallback((wanted: boolean) => {
    // Below a detached list's last row there is newer history still to load, not the newest.
    const pinned = wanted && !detachedRef.current;
    if (pinnedRef.current === pinned) return;
    pinnedRef.current = pinned;
    callbacksRef.current.onPinnedChange?.(pinned);
  }, []);

  /** Puts the anchored row back where it was (or the bottom in view), e.g. after heights changed. */
  const restore = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const current = indexRef.current;
    const target = pinnedRef.current
      ? scroller.scrollHeight - scroller.clientHeight
      : scrollTopFor(current, anchorRef.current);
    if (Math.abs(scroller.scrollTop - target) > 1) scroller.scrollTop = target;
    if (!pinnedRef.current) anchorRef.current = anchorAt(current, scroller.scrollTop);
  }, []);

  const observer = useCallback((): ResizeObserver | null => {
    if (observerRef.current || typeof ResizeObserver === 'undefined') return observerRef.current;
    observerRef.current = new ResizeObserver((entries) => {
      const scroller = scrollerRef.current;
      const current = indexRef.current;
      let changed = false;
      let resized = false;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        if (target === scroller) {
          setViewportHeight(scroller.clientHeight);
          changed = true;
          resized = true;
          continue;
        }
        const row = Number(target.dataset.index);
        const key = current.keys[row];
        // A row whose element moved to another key since: it is measured again under that key.
        if (key === undefined || String(key) !== target.dataset.key) continue;
        const height = entry.borderBoxSize[0]?.blockSize ?? target.getBoundingClientRect().height;
        if (current.setHeight(row, height)) {
          heightCache.set(key, height);
          changed = true;
        }
      }
      if (!changed) return;
      restore();
      // Rows just mounted are measured at their real heights in the frame they appear, nearly every
      // frame of a fast scroll. The view was put back in place above; a new render (and the layout
      // and paint it brings) is needed only when the rows rendered no longer cover the viewport and
      // half the overscan: the spacers around them do not change, only rows inside them were measured.
      if (
        resized ||
        !scroller ||
        !covers(
          current,
          renderedRef.current,
          scroller.scrollTop,
          scroller.clientHeight,
          overscanRef.current / 2,
        )
      ) {
        rerender();
      }
    });
    return observerRef.current;
  }, [heightCache, restore, rerender]);

  const measure = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element) return;
      const resizeObserver = observer();
      resizeObserver?.observe(element);
      return () => resizeObserver?.unobserve(element);
    },
    [observer],
  );

  useLayoutEffect(() => {
    const scroller = scrollerRef.current!;
    setViewportHeight(scroller.clientHeight);
    observer()?.observe(scroller);
    return () => {
      observerRef.current?.disconnect();
      observerRef.current = null;
    };
  }, [observer]);

  // New rows (appended, prepended, removed): keep the view where it was, or at the bottom.
  useLayoutEffect(() => {
    indexRef.current = index;
    committedRef.current = { index, heightCache, estimateHeight };
    restore();
    const scroller = scrollerRef.current!;
    if (index.length > 0 && scroller.scrollTop < nearTop) {
      // Outside the commit: loading changes the store, which re-renders this list.
      queueMicrotask(() => callbacksRef.current.onNearTop?.());
    }
    // Checked again when it runs: a jump to a row (scrollToKey) in the same commit moves the view.
    const nearBottom = (): boolean =>
      scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < nearTop;
    if (index.length > 0 && detachedRef.current && nearBottom()) {
      queueMicrotask(() => {
        if (nearBottom()) callbacksRef.current.onNearBottom?.();
      });
    }
  }, [index, heightCache, estimateHeight, restore, nearTop]);

  useImperativeHandle(
    handle,
    () => ({
      scrollToBottom() {
        setPinned(true);
        restore();
        rerender();
      },
      scrollToKey(key) {
        const current = indexRef.current;
        const row = current.keys.indexOf(key as Key);
        if (row < 0) return false;
        const viewport = scrollerRef.current?.clientHeight ?? 0;
        setPinned(false);
        anchorRef.current = {
          key: key as Key,
          index: row,
          length: current.length,
          offset: -Math.round(viewport / 3),
        };
        restore();
        rerender();
        return true;
      },
    }),
    [restore, rerender, setPinned],
  );

  const onScroll = (): void => {
    const scroller = scrollerRef.current!;
    const current = indexRef.current;
    const { scrollTop, scrollHeight, clientHeight } = scroller;
    setPinned(scrollHeight - scrollTop - clientHeight <= pinTolerance);
    anchorRef.current = anchorAt(current, scrollTop);
    const next = visibleRange(current, scrollTop, clientHeight, overscan);
    if (next.start !== renderedRef.current.start || next.end !== renderedRef.current.end) rerender();
    if (scrollTop < nearTop) callbacksRef.current.onNearTop?.();
    if (detachedRef.current && scrollHeight - scrollTop - clientHeight < nearTop) {
      callbacksRef.current.onNearBottom?.();
    }
  };

  // Where this render expects the viewport: the bottom, or the anchored row.
  const top = pinnedRef.current
    ? bottomScrollTop(index, viewportHeight)
    : scrollTopFor(index, anchorRef.current);
  const range = visibleRange(index, top, viewportHeight, overscan);
  useLayoutEffect(() => {
    renderedRef.current = range;
  });

  const rows: ReactNode[] = [];
  for (let row = range.start; row < range.end; row += 1) {
    const key = keys[row]!;
    rows.push(
      <div
        key={key}
        ref={measure}
        className="virtual-list__row"
        role="listitem"
        aria-setsize={keys.length}
        aria-posinset={row + 1}
        data-index={row}
        data-key={key}
      >
        {renderRow(key, row)}
      </div>,
    );
  }

  return (
    <div ref={scrollerRef} className={`virtual-list ${className ?? ''}`} onScroll={onScroll} {...rest}>
      <div
        className="virtual-list__content"
        role="list"
        aria-label={listLabel}
        style={{
          paddingTop: index.offsetOf(range.start),
          paddingBottom: index.totalHeight - index.offsetOf(range.end),
        }}
      >
        {rows}
      </div>
    </div>
  );
}
