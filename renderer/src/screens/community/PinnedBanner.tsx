// A room's pinned messages, above its timeline: the newest pin's text, which one of how many, a
// button to step through them, and a click that brings the message into view (loading older pages
// of the history when it is further back than what is loaded).
import { type RefObject, useState } from 'react';
import type { MessageView } from '../../../../shared/contract/views';
import { loadOlderMessages } from '../../store/actions';
import type { MessageList } from '../../store/messageList';
import { getState, useAppStore } from '../../store/store';
import { ChevronRightIcon, PinIcon } from '../conversation/icons';
import type { VirtualListHandle } from '../conversation/VirtualList';

/** How many older pages a click on a pin may load looking for it (50 messages each). */
const searchPages = 20;
/** The newest messages are looked through one by one: ours get their server ID after they are listed. */
const recentScan = 200;

/** Server ID → message ID for one version of a list's IDs (a new version comes with each change). */
const serverIndexes = new WeakMap<readonly number[], Map<number, number>>();

function findByServerId(list: MessageList | undefined, serverId: number): MessageView | undefined {
  if (!list) return undefined;
  let index = serverIndexes.get(list.ids);
  if (!index) {
    index = new Map();
    for (const id of list.ids) {
      const known = list.byId.get(id)?.serverId;
      if (known !== undefined) index.set(known, id);
    }
    serverIndexes.set(list.ids, index);
  }
  const id = index.get(serverId);
  if (id !== undefined) return list.byId.get(id);
  for (let row = list.ids.length - 1; row >= Math.max(0, list.ids.length - recentScan); row -= 1) {
    const message = list.byId.get(list.ids[row]!);
    if (message?.serverId === serverId) return message;
  }
  return undefined;
}

function pinnedText(message: MessageView | undefined): string {
  if (!message) return 'A message from earlier in the room';
  if (message.unsent || message.body === null) return 'This message was deleted';
  return message.body.replace(/\s+/gu, ' ').trim() || 'A message without text';
}

export function PinnedBanner({
  conversationId,
  pinnedServerIds,
  listHandle,
}: {
  conversationId: string;
  /** Newest pin first. */
  pinnedServerIds: readonly number[];
  listHandle: RefObject<VirtualListHandle | null>;
}) {
  const [position, setPosition] = useState(0);
  const [searching, setSearching] = useState(false);
  const [missing, setMissing] = useState(false);
  const current = pinnedServerIds[Math.min(position, pinnedServerIds.length - 1)]!;
  // Selected as its text: the banner re-renders when that message changes or arrives, not per message.
  const text = useAppStore((state) => pinnedText(findByServerId(state.messages[conversationId], current)));
  const count = pinnedServerIds.length;

  const show = async (): Promise<void> => {
    setMissing(false);
    setSearching(true);
    try {
      for (let page = 0; page <= searchPages; page += 1) {
        const message = findByServerId(getState().messages[conversationId], current);
        if (message) {
          // The list renders the rows it scrolled to on the next frame; the bubble then takes focus.
          if (listHandle.current?.scrollToKey(message.id)) {
            requestAnimationFrame(() =>
              document
                .querySelector<HTMLElement>(`.virtual-list__row[data-key="${message.id}"] .message__bubble`)
                ?.focus(),
            );
          }
          return;
        }
        const list = getState().messages[conversationId];
        if (!list || list.complete) break;
        await loadOlderMessages(conversationId);
      }
      setMissing(true);
    } finally {
      setSearching(false);
    }
  };

  return (
    <div className="pinned-banner" role="region" aria-label="Pinned messages">
      <PinIcon />
      <button
        type="button"
        className="pinned-banner__message"
        disabled={searching}
        onClick={() => void show()}
      >
        <span className="pinned-banner__label">
          {count === 1 ? 'Pinned message' : `Pinned message ${position + 1} of ${count}`}
        </span>
        <span className="pinned-banner__text" dir="auto">
          {missing ? 'Not in the history on this device' : searching ? 'Looking for it…' : text}
        </span>
      </button>
      {count > 1 && (
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Next pinned message"
          title="Next pinned message"
          onClick={() => {
            setMissing(false);
            setPosition((position + 1) % count);
          }}
        >
          <ChevronRightIcon size={16} />
        </button>
      )}
    </div>
  );
}
