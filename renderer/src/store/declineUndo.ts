// Declining message requests with a few seconds to take it back (#17 item 7), as polished
// messengers do rather than asking first: the requests leave the list at once, a notice offers
// Undo, and the engine is told only when the time runs out, the notice is closed, or the window
// goes (pagehide). Until then nothing is deleted, so a decline that never reached the engine (the
// window killed, the connection lost) leaves the requests where they were: nothing is lost, and
// they can be declined again. Kept in the UI, not the engine: the engine's decline stays one call,
// and what waits is only the person's chance to change their mind.
import type { ConversationView } from '../../../shared/contract/views';
import { dismissNotice, notify, openConversation } from './actions';
import { applyConversationChanges } from './conversationChanges';
import { declineNow, requestsText } from './requestActions';
import { getState } from './store';

/** How long Undo is offered. */
export const undoDeclineMs = 6_000;

interface PendingDecline {
  /** The requests as they were, kept up to date by the engine's events meanwhile. */
  readonly views: Map<string, ConversationView>;
  readonly all: boolean;
  /** The conversation open when declined, opened again by Undo. */
  readonly opened: string | null;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly noticeId: number;
}

const pending = new Map<number, PendingDecline>();
let declineCounter = 0;

/** Declines `conversationIds` (every request with `all`) once Undo is no longer offered. */
export function declineWithUndo(conversationIds: readonly string[], options: { all?: boolean } = {}): void {
  const state = getState();
  const views = conversationIds.flatMap((id) => {
    const view = state.conversations[id];
    return view ? [view] : [];
  });
  if (views.length === 0) return;
  const opened = views.some((view) => view.id === state.selectedConversationId)
    ? state.selectedConversationId
    : null;
  applyConversationChanges(
    [],
    views.map((view) => view.id),
  );
  declineCounter += 1;
  const key = declineCounter;
  const noticeId = notify(`Declined ${requestsText(views.length)}.`, 'info', {
    durationMs: null,
    action: { label: 'Undo', run: () => undoDecline(key) },
    onClose: () => void carryOut(key),
  });
  const timer = setTimeout(() => void carryOut(key), undoDeclineMs);
  pending.set(key, {
    views: new Map(views.map((view) => [view.id, view])),
    all: options.all ?? false,
    opened,
    timer,
    noticeId,
  });
  if (pending.size === 1) window.addEventListener('pagehide', declinePendingNow);
}

/**
 * What of `updated` (an engine event) may be shown: a request waiting to be declined stays out of
 * the list (a new message from its sender must not bring it back), its newer view kept for Undo.
 */
export function withoutPendingDeclines(updated: readonly ConversationView[]): ConversationView[] {
  if (pending.size === 0) return [...updated];
  return updated.filter((view) => {
    for (const decline of pending.values()) {
      if (decline.views.has(view.id)) {
        decline.views.set(view.id, view);
        return false;
      }
    }
    return true;
  });
}

/** Declines are still waiting for their time to run out. */
export function declinesPending(): number {
  return pending.size;
}

/** Carries out every decline still waiting (the window goes). */
export function declinePendingNow(): void {
  for (const key of [...pending.keys()]) void carryOut(key);
}

function take(key: number): PendingDecline | undefined {
  const decline = pending.get(key);
  if (!decline) return undefined;
  pending.delete(key);
  clearTimeout(decline.timer);
  dismissNotice(decline.noticeId);
  if (pending.size === 0) window.removeEventListener('pagehide', declinePendingNow);
  return decline;
}

function undoDecline(key: number): void {
  const decline = take(key);
  if (decline) restore(decline);
}

async function carryOut(key: number): Promise<void> {
  const decline = take(key);
  if (!decline) return;
  const ids = [...decline.views.keys()];
  // The engine's event takes them away for good; a failure puts them back (and says why).
  if (!(await declineNow(ids, decline.all))) restore(decline);
}

/** The requests come back as the engine last described them. */
function restore(decline: PendingDecline): void {
  const current = getState().conversations;
  applyConversationChanges(
    [...decline.views.values()].filter((view) => current[view.id] === undefined),
    [],
  );
  if (decline.opened !== null && getState().selectedConversationId === null) {
    void openConversation(decline.opened);
  }
}
