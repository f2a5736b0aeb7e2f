// What every popup of the conversation screen (menus, the emoji picker) does alike: it opens beside
// its anchor (above it when there is no room below, kept inside the window), and it closes when the
// person clicks elsewhere, scrolls what is under it, resizes the window, or presses Escape while
// the focus is outside it (it was opened with the mouse).
import { type CSSProperties, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';

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

/**
 * The popup's place beside `anchor`, measured once it is laid out: hidden until then (a hidden
 * element cannot take the focus, so focus it once `placed`).
 */
export function usePlacement(
  popupRef: RefObject<HTMLElement | null>,
  anchor: HTMLElement,
  align: 'start' | 'end',
): { style: CSSProperties; placed: boolean } {
  const [style, setStyle] = useState<CSSProperties>({ top: 0, left: 0, visibility: 'hidden' });
  useLayoutEffect(() => {
    const popup = popupRef.current!;
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    setStyle(
      placeBeside(anchor.getBoundingClientRect(), popup.offsetWidth, popup.offsetHeight, align, viewport),
    );
  }, [popupRef, anchor, align]);
  return { style, placed: style.visibility !== 'hidden' };
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
