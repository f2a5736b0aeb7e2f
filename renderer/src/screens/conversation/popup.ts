// What every popup of the conversation screen (menus, the emoji picker) does alike: it opens beside
// its anchor (above it when there is no room below, kept inside the window), and it closes when the
// person clicks elsewhere, scrolls what is under it, resizes the window, or presses Escape while
// the focus is outside it (it was opened with the mouse).
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';

const margin = 8;
const gap = 4;

/** Where a popup of `width` × `height` goes beside `anchor`, lined up with its start or end edge. */
export function placeBeside(
  anchor: DOMRect,
  width: number,
  height: number,
  align: 'start' | 'end',
  viewport: { readonly width: number; readonly height: number },
): { top: number; left: number } {
  let top = anchor.bottom + gap;
  if (top + height > viewport.height - margin && anchor.top - gap - height >= margin) {
    top = anchor.top - gap - height;
  }
  top = Math.max(margin, Math.min(top, viewport.height - height - margin));
  let left = align === 'end' ? anchor.right - width : anchor.left;
  left = Math.max(margin, Math.min(left, viewport.width - width - margin));
  return { top, left };
}

/** Calls `onDismiss` on a click elsewhere, a scroll under the popup, a resize, or Escape outside it. */
export function useDismissal(
  popupRef: RefObject<HTMLElement | null>,
  anchor: HTMLElement,
  onDismiss: () => void,
): void {
  const dismissRef = useRef(onDismiss);
  useLayoutEffect(() => {
    dismissRef.current = onDismiss;
  });
  useEffect(() => {
    const popup = popupRef.current!;
    const outside = (target: EventTarget | null): boolean =>
      !(target instanceof Node) || (!popup.contains(target) && !anchor.contains(target));
    const onPointerDown = (event: PointerEvent): void => {
      if (outside(event.target)) dismissRef.current();
    };
    const onScroll = (event: Event): void => {
      if (!(event.target instanceof Node) || !popup.contains(event.target)) dismissRef.current();
    };
    const onResize = (): void => dismissRef.current();
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !popup.contains(event.target as Node)) dismissRef.current();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [popupRef, anchor]);
}
