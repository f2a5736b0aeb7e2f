// Where the keyboard focus goes when a narrow window swaps its halves (narrowLayout.ts): the half
// that held the focus is hidden with it, which would leave the focus on nothing. Opening a
// conversation or a screen from the list puts it on the pane's way back; going back puts it on the
// row of the conversation that was open, else on the list's tab. A focus the new half took itself
// (a field that focuses when shown) is left where it is.
import { type RefObject, useEffect, useRef } from 'react';
import { useAppStore } from '../store/store';

/** The breakpoint of sidebar.css, where the sidebar and the pane stop being side by side. */
const narrowQuery = '(max-width: 50rem)';

function isShown(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element !== document.body && element.getClientRects().length > 0;
}

export function useNarrowFocus(half: 'list' | 'pane', back: RefObject<HTMLButtonElement | null>): void {
  const selected = useAppStore((state) => state.selectedConversationId);
  const cameFrom = useRef<string | null>(null);
  const shown = useRef(half);
  useEffect(() => {
    if (selected !== null) cameFrom.current = selected;
  }, [selected]);
  useEffect(() => {
    if (shown.current === half) return;
    shown.current = half;
    if (!window.matchMedia?.(narrowQuery).matches || isShown(document.activeElement)) return;
    if (half === 'pane') {
      back.current?.focus();
      return;
    }
    const id = cameFrom.current;
    const row = id ? document.querySelector(`[data-conversation-id="${CSS.escape(id)}"]`) : null;
    const tab = document.querySelector('.sidebar [aria-pressed="true"]');
    (isShown(row) ? row : isShown(tab) ? tab : null)?.focus();
  }, [half, back]);
}
