// The people blocked from writing: each with an Unblock button (their messages are accepted again).
import { useMemo, useState } from 'react';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import type { ConversationView } from '../../../../shared/contract/views';
import { unblockContact } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';

function nameOf(conversation: ConversationView): string {
  return conversation.displayName?.trim() || abbreviateSessionId(conversation.id);
}

export function BlockedContacts() {
  const conversations = useAppStore((state) => state.conversations);
  const [unblocking, setUnblocking] = useState<ReadonlySet<string>>(new Set());
  const blocked = useMemo(
    () =>
      Object.values(conversations)
        .filter((conversation) => conversation.state === 'blocked')
        .sort((left, right) => nameOf(left).localeCompare(nameOf(right))),
    [conversations],
  );

  if (blocked.length === 0) {
    return <p className="page-muted">No one is blocked.</p>;
  }

  const unblock = async (conversationId: string): Promise<void> => {
    setUnblocking((current) => new Set(current).add(conversationId));
    await unblockContact(conversationId);
    setUnblocking((current) => {
      const next = new Set(current);
      next.delete(conversationId);
      return next;
    });
  };

  return (
    <ul className="page-list">
      {blocked.map((conversation) => {
        const name = nameOf(conversation);
        const busy = unblocking.has(conversation.id);
        return (
          <li key={conversation.id}>
            <Avatar sessionId={conversation.id} displayName={conversation.displayName} size="small" />
            <span className="blocked__who">
              <span className="blocked__name">{name}</span>
              {conversation.displayName && (
                <span className="blocked__id mono">{abbreviateSessionId(conversation.id)}</span>
              )}
            </span>
            <button
              type="button"
              className="button button--secondary"
              aria-label={`Unblock ${name}`}
              disabled={busy}
              onClick={() => void unblock(conversation.id)}
            >
              {busy ? 'Unblocking…' : 'Unblock'}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
